/*
 * imp-moatless.c - importer for SWE-Search / moatless-tree-search
 * trajectories (real files in tests/fixtures/real/moatless/).
 *
 * Format: one JSON document, read whole with imp_slurp and parsed into one
 * cJSON tree (peak memory measured at 4.5 times the file size for a 14 MB
 * tree of 20,000 nodes), in one of four layouts:
 *  - tree, current: a search config object whose "root" is a node with
 *    nested "children"; nodes carry "action_steps" [{action, observation,
 *    completion}], "user_message", "assistant_message";
 *  - tree, December 2024: action_steps whose action holds only
 *    "thoughts", and the node's own "action" holding the arguments and
 *    "action_args_class" (the root may carry the first action);
 *  - tree, older (Nov-Dec 2024): the same with "action", "observation",
 *    "message" and "feedback" on the node instead of action_steps, and
 *    the thoughts named "scratch_pad" in the oldest files;
 *  - flat list (Node.persist(format="list")): [node, ...] with "parent_id";
 *  - legacy transitions (moatless-tools 0.0.x, original SWE-Search):
 *    {"transitions": [{id, name, previous_state_id, actions, properties,
 *    ...}], "initial_message", "info", ...}.
 * A bare node object (with "node_id") is read as the root of a tree.
 *
 * Mapping, tree layouts: one trace per file; one node per moatless node,
 * ext id = node_id. The root (role "root") has text = user_message (or
 * message), which is also the trace problem. Other nodes (role "action")
 * have text = for each action step, the action as imp_agent_text writes
 * it (imp-agent.h): the headline "Name main-arg" (Name = last dotted part
 * of action_args_class, minus "Args" or "Arguments"), the thoughts, the
 * arguments as key: value lines without nulls (in the December 2024
 * layout: one action, the node's, with every step's thoughts); when no
 * step has thoughts, assistant_message stands for them.
 * observation = the steps' observation.message and, for an edit,
 * observation.properties.diff, joined. reward.value -> reward (native
 * -100..100); reward.explanation (and reward.feedback) -> an annotation
 * by "moatless:value", no rating.
 * visits -> visits; value (the sum of backed-up rewards) -> signal
 * "value_sum"; q = value / visits when visits > 0. terminal from
 * "terminal" or any observation.terminal. Every other member, including
 * the heavy ones (completions with full prompts, file_context, step
 * completions and observation properties) -> node extra; "output" is
 * dropped when action_steps are present (it duplicates the last step).
 * Top-level members other than "root" -> trace extra.
 *
 * Mapping, legacy transitions: one node per transition, ext id = id,
 * parent = previous_state_id. The root's text is initial_message (the
 * problem); other texts are, for each action, imp_agent_text with the
 * state name as the action's name, the request's scratch_pad as the
 * thoughts and the rest of the request as the arguments (the state name
 * alone without actions). observation = response.output.message, or the
 * output as compact JSON, and output.diff.
 * properties.visits -> visits (a number, or the length of the list of
 * visits). A "Finished" or "Rejected" state is terminal. The rest of each
 * transition -> node extra (actions without request and output);
 * top-level members other than transitions and initial_message -> trace
 * extra.
 *
 * Trace ext id: metadata.instance_id, a string unique_id (an integer
 * unique_id is moatless' node-id counter, not an id), or info.instance_id;
 * else the file name stem (for the generic name trajectory.json, the name
 * of its directory).
 *
 * Limits: nested trees are walked with an explicit stack, but cJSON's
 * nesting limit (1000 levels) still bounds a nested tree to about 490
 * levels of nodes; deeper files fail to parse. Positions of semantic errors
 * are given as the node they concern (cJSON keeps no offsets). A bad node
 * is skipped with --skip-bad together with its subtree (counted once); in
 * the flat and transitions layouts, nodes cut off from the root by a bad
 * one are skipped and counted too. A bad root or a file with no root fails
 * the import.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "imp-formats.h"
#include "imp-json.h"
#include "imp-links.h"
#include "imp-text.h"
#include "imp-moatless.h"
#include "imp-agent.h"


/* One pending node of the explicit-stack walk. */
struct mt_frame {
	const cJSON	*node;
	char		*parent;	/* parent's ext id, NULL for the root */
	int		 child;		/* index among its siblings */
};

/* Checks the members of a tree node; returns a message (heap) or NULL. */
static char *
mt_node_check(const cJSON *n)
{
	static const struct {
		const char	*key;
		int		 type;
	} want[] = {
		{ "user_message", cJSON_String },
		{ "message", cJSON_String },
		{ "assistant_message", cJSON_String },
		{ "action_steps", cJSON_Array },
		{ "action", cJSON_Object },
		{ "observation", cJSON_Object },
		{ "reward", cJSON_Object },
		{ "visits", cJSON_Number },
		{ "value", cJSON_Number },
		{ "terminal", cJSON_True },
		{ "children", cJSON_Array },
	};
	const cJSON	*steps, *s, *r;
	const char	*bad;
	size_t		 i;
	int		 k;

	if (!cJSON_IsObject(n))
		return xstrdup("not an object");
	for (i = 0; i < sizeof want / sizeof want[0]; i++)
		if ((bad = imp_moatless_check(n, want[i].key,
		    want[i].type)) != NULL)
			return xasprintf("\"%s\" is not %s", want[i].key, bad);
	if ((r = cJSON_GetObjectItemCaseSensitive(n, "reward")) != NULL) {
		if ((bad = imp_moatless_check(r, "value",
		    cJSON_Number)) != NULL)
			return xasprintf("\"reward.value\" is not %s", bad);
		if ((bad = imp_moatless_check(r, "explanation",
		    cJSON_String)) != NULL)
			return xasprintf("\"reward.explanation\" is not %s",
			    bad);
		if ((bad = imp_moatless_check(r, "feedback",
		    cJSON_String)) != NULL)
			return xasprintf("\"reward.feedback\" is not %s", bad);
	}
	steps = cJSON_GetObjectItemCaseSensitive(n, "action_steps");
	k = 0;
	cJSON_ArrayForEach(s, steps) {
		if (!cJSON_IsObject(s))
			return xasprintf("action_steps[%d] is not an object",
			    k);
		if ((bad = imp_moatless_check(s, "action",
		    cJSON_Object)) != NULL ||
		    (bad = imp_moatless_check(s, "observation",
		    cJSON_Object)) != NULL)
			return xasprintf("action_steps[%d]: action or "
			    "observation is not an object", k);
		k++;
	}
	return NULL;
}

/*
 * The action name: last dotted part of action_args_class, minus "Args" or
 * "Arguments" (both spellings occur).
 */
static void
mt_action_name(struct cn_buf *b, const cJSON *action)
{
	const char	*cls, *p;
	size_t		 len;

	cls = imp_json_str(action, "action_args_class");
	if (cls == NULL)
		cls = imp_json_str(action, "name");
	if (cls == NULL) {
		buf_adds(b, "action");
		return;
	}
	if ((p = strrchr(cls, '.')) != NULL)
		cls = p + 1;
	len = strlen(cls);
	if (len > 9 && strcmp(cls + len - 9, "Arguments") == 0)
		len -= 9;
	else if (len > 4 && strcmp(cls + len - 4, "Args") == 0)
		len -= 4;
	buf_add(b, cls, len);
}

/* An action's thoughts; files before 2025 call them "scratch_pad". */
static const char *
mt_thoughts(const cJSON *action)
{
	const char	*t;

	if ((t = imp_json_str(action, "thoughts")) == NULL)
		t = imp_json_str(action, "scratch_pad");
	return t;
}

/* What of an action is neither its name nor its thoughts. */
static const char *const mt_not_args[] = { "thoughts", "scratch_pad",
    "action_args_class", NULL };

/* Whether an action object names its action (else it holds thoughts). */
static int
mt_action_named(const cJSON *action)
{
	return imp_json_str(action, "action_args_class") != NULL ||
	    imp_json_str(action, "name") != NULL;
}

/*
 * Appends one action to the text (imp_agent_text: headline, thoughts,
 * arguments); thoughts NULL means the action's own. 1 if action was one.
 */
static int
mt_action_text(struct cn_buf *b, const cJSON *action, const char *thoughts)
{
	struct cn_buf	 name;

	if (!cJSON_IsObject(action))
		return 0;
	if (thoughts == NULL)
		thoughts = mt_thoughts(action);
	buf_init(&name);
	mt_action_name(&name, action);
	imp_agent_text(b, name.s, thoughts, action, mt_not_args);
	buf_free(&name);
	return 1;
}

/* 1 if any step of the node (or its old-layout action) has thoughts. */
static int
mt_has_thoughts(const cJSON *n)
{
	const cJSON	*s;
	const char	*t;

	cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(n,
	    "action_steps")) {
		t = mt_thoughts(cJSON_GetObjectItemCaseSensitive(s, "action"));
		if (t != NULL && *t != '\0')
			return 1;
	}
	t = mt_thoughts(cJSON_GetObjectItemCaseSensitive(n, "action"));
	return t != NULL && *t != '\0';
}

/* What of an observation the node's observation and terminal flag hold. */
static const char *const mt_obs_used[] = { "message", "terminal", NULL };

/* The diff of an edit, which the observation shows under its message. */
static const char *
mt_obs_diff(const cJSON *o)
{
	return imp_json_str(cJSON_GetObjectItemCaseSensitive(o, "properties"),
	    "diff");
}

/*
 * Extra for an observation: all but what the node's observation and
 * terminal flag hold (message, terminal, properties.diff); NULL when
 * nothing is left.
 */
static cJSON *
mt_obs_extra(const cJSON *obs)
{
	static const char *const pdrop[] = { "diff", NULL };
	cJSON	*o, *p;

	o = imp_json_minus(obs, mt_obs_used, IMP_JSON_NO_NULL);
	if (o == NULL || mt_obs_diff(obs) == NULL)
		return o;
	p = imp_json_minus(cJSON_GetObjectItemCaseSensitive(obs,
	    "properties"), pdrop, IMP_JSON_NO_NULL);
	if (p != NULL)
		cJSON_ReplaceItemInObjectCaseSensitive(o, "properties", p);
	else
		cJSON_DeleteItemFromObjectCaseSensitive(o, "properties");
	if (o->child == NULL) {
		cJSON_Delete(o);
		o = NULL;
	}
	return o;
}

/*
 * Extra for an action step: the step without its action (rendered in the
 * text) and without what the observation shows; NULL when nothing is left.
 */
static cJSON *
mt_step_extra(const cJSON *step)
{
	static const char *const drop[] = { "action", "observation", NULL };
	cJSON	*d, *o;

	o = mt_obs_extra(cJSON_GetObjectItemCaseSensitive(step,
	    "observation"));
	d = imp_json_minus(step, drop, IMP_JSON_NO_NULL);
	if (o != NULL) {
		if (d == NULL && (d = cJSON_CreateObject()) == NULL)
			fatalx("out of memory building JSON");
		cJSON_AddItemToObject(d, "observation", o);
	}
	return d;
}

/*
 * Adds an observation object's message, its edit's diff and its terminal
 * flag to the node.
 */
static void
mt_observation(struct cn_buf *obs, int *terminal, const cJSON *o)
{
	if (!cJSON_IsObject(o))
		return;
	imp_text_join(obs, "\n\n", imp_json_str(o, "message"));
	imp_text_join(obs, "\n\n", mt_obs_diff(o));
	if (imp_json_bool(o, "terminal") == 1)
		*terminal = 1;
}

/* Adds reference to item v under key to ex, when v is not NULL. */
static void
mt_keep(cJSON *ex, const char *key, const cJSON *v)
{
	if (v != NULL && !cJSON_IsNull(v))
		cJSON_AddItemReferenceToObject(ex, key, (cJSON *)(uintptr_t)v);
}

/*
 * Builds and sends one tree node (already checked). id and parent are its
 * ext ids. Returns CN_OK, CN_BAD (skipped under skip-bad) or CN_FATAL.
 */
static int
mt_tree_node(struct imp_ctx *m, const cJSON *n, const char *id,
    const char *parent)
{
	static const char *const used[] = { "node_id", "parent_id",
	    "children", "action_steps", "reward", "visits", "value",
	    "terminal", "user_message", "message", "assistant_message",
	    "action", "observation", "output", NULL };
	static const char *const rused[] = { "value", "explanation",
	    "feedback", NULL };
	struct cn_node	 node;
	struct cn_signal sig;
	struct cn_buf	 text, obs, th;
	const cJSON	*steps, *s, *reward, *v, *umv, *amv, *nact;
	cJSON		*ex, *sx, *arr = NULL;
	char		*extra, *scause = NULL, *what;
	const char	*um, *am, *t0, *expl, *fb, *lead;
	int		 terminal = 0, rc, thoughts;
	double		 visits, value;

	buf_init(&text);
	buf_init(&obs);
	cn_node_init(&node);
	if ((ex = cJSON_CreateObject()) == NULL)
		fatalx("out of memory building JSON");
	imp_json_keep(&ex, n, used, IMP_JSON_NO_NULL);
	umv = cJSON_GetObjectItemCaseSensitive(n, "user_message");
	if (!cJSON_IsString(umv))
		umv = cJSON_GetObjectItemCaseSensitive(n, "message");
	um = cJSON_IsString(umv) ? umv->valuestring : NULL;
	amv = cJSON_GetObjectItemCaseSensitive(n, "assistant_message");
	am = cJSON_IsString(amv) && *amv->valuestring != '\0' ?
	    amv->valuestring : NULL;
	steps = cJSON_GetObjectItemCaseSensitive(n, "action_steps");
	thoughts = mt_has_thoughts(n);

	if (parent == NULL) {
		/* The root carries the problem. */
		if (um != NULL)
			buf_adds(&text, um);
	} else if (um != NULL)
		mt_keep(ex, umv->string, umv);
	lead = NULL;
	if (am != NULL) {
		/* Usually the first step's thoughts again: keep it once. */
		s = cJSON_GetArrayItem(steps, 0);
		t0 = mt_thoughts(cJSON_GetObjectItemCaseSensitive(s,
		    "action"));
		if (!thoughts && parent != NULL)
			lead = am;	/* the first action's thoughts */
		else if (t0 == NULL || strcmp(t0, am) != 0)
			mt_keep(ex, "assistant_message", amv);
	}
	if (cJSON_IsArray(steps)) {
		/*
		 * December 2024 layout: the steps' actions hold thoughts
		 * only, the node's action the class and arguments: one
		 * action with every step's thoughts.
		 */
		nact = cJSON_GetObjectItemCaseSensitive(n, "action");
		if (!mt_action_named(nact))
			nact = NULL;
		cJSON_ArrayForEach(s, steps)
			if (mt_action_named(cJSON_GetObjectItemCaseSensitive(s,
			    "action")))
				nact = NULL;
		buf_init(&th);
		cJSON_ArrayForEach(s, steps) {
			v = cJSON_GetObjectItemCaseSensitive(s, "action");
			t0 = mt_thoughts(v);
			if (nact != NULL && t0 != NULL && *t0 != '\0')
				imp_text_join(&th, "\n\n", t0);
			else if (nact == NULL && mt_action_text(&text, v,
			    lead))
				lead = NULL;
			mt_observation(&obs, &terminal,
			    cJSON_GetObjectItemCaseSensitive(s,
			    "observation"));
			if ((sx = mt_step_extra(s)) == NULL)
				continue;
			if (arr == NULL && (arr = cJSON_CreateArray()) == NULL)
				fatalx("out of memory building JSON");
			cJSON_AddItemToArray(arr, sx);
		}
		if (arr != NULL)
			cJSON_AddItemToObject(ex, "action_steps", arr);
		v = cJSON_GetObjectItemCaseSensitive(n, "action");
		if (nact != NULL && mt_action_text(&text, nact,
		    th.len > 0 ? th.s : lead))
			lead = NULL;
		else if (nact == NULL && cJSON_IsObject(v))
			mt_keep(ex, "action", v);
		buf_free(&th);
		/* Where the steps carry no observation, the node's. */
		v = cJSON_GetObjectItemCaseSensitive(n, "observation");
		if (obs.len == 0 && cJSON_IsObject(v)) {
			mt_observation(&obs, &terminal, v);
			if ((sx = mt_obs_extra(v)) != NULL)
				cJSON_AddItemToObject(ex, "observation", sx);
		} else if (v != NULL)
			mt_keep(ex, "observation", v);
		/* "output" repeats the last step's observation. */
	} else {
		/* Older layout: one action and observation on the node. */
		if (mt_action_text(&text,
		    cJSON_GetObjectItemCaseSensitive(n, "action"), lead))
			lead = NULL;
		v = cJSON_GetObjectItemCaseSensitive(n, "observation");
		if (!cJSON_IsObject(v))
			v = cJSON_GetObjectItemCaseSensitive(n, "output");
		if (cJSON_IsObject(v)) {
			mt_observation(&obs, &terminal, v);
			if ((sx = mt_obs_extra(v)) != NULL)
				cJSON_AddItemToObject(ex, v->string, sx);
		}
	}
	/* An assistant message without any action to go with. */
	imp_text_join(&text, "\n\n", lead);
	if (imp_json_bool(n, "terminal") == 1)
		terminal = 1;

	node.ext_id = id;
	node.parent_ext = parent;
	node.role = parent == NULL ? "root" : "action";
	node.text = text.len > 0 ? text.s : NULL;
	node.observation = obs.len > 0 ? obs.s : NULL;
	node.terminal = terminal;
	reward = cJSON_GetObjectItemCaseSensitive(n, "reward");
	node.sig[CN_SIG_REWARD] = imp_json_num(reward, "value");
	visits = imp_json_num(n, "visits");
	value = imp_json_num(n, "value");
	node.sig[CN_SIG_VISITS] = visits;
	if (cn_hasval(value)) {
		sig.name = "value_sum";
		sig.value = value;
		node.more = &sig;
		node.nmore = 1;
		if (cn_hasval(visits) && visits > 0)
			node.sig[CN_SIG_Q] = value / visits;
	}
	if ((sx = imp_json_minus(reward, rused, IMP_JSON_NO_NULL)) != NULL)
		cJSON_AddItemToObject(ex, "reward", sx);
	extra = ex->child != NULL ? imp_json_print(ex) : NULL;
	cJSON_Delete(ex);
	node.extra = extra;

	what = xasprintf("node %s", id);
	rc = imp_ctx_sink(m, m->sink->node(m->sink->arg, &node,
	    &scause), what, &scause);
	free(extra);
	buf_free(&text);
	buf_free(&obs);

	expl = imp_json_str(reward, "explanation");
	fb = imp_json_str(reward, "feedback");
	if (rc == 0 && ((expl != NULL && *expl != '\0') ||
	    (fb != NULL && *fb != '\0'))) {
		struct cn_annotation	a;
		struct cn_buf		note;

		buf_init(&note);
		if (expl != NULL)
			buf_adds(&note, expl);
		if (fb != NULL && *fb != '\0') {
			imp_text_join(&note, "\n\n", "Feedback: ");
			buf_adds(&note, fb);
		}
		memset(&a, 0, sizeof a);
		a.node_ext = id;
		a.author = "moatless:value";
		a.rating = CN_NORATING;
		a.note = note.s;
		scause = NULL;
		rc = imp_ctx_sink(m, m->sink->annotation(m->sink->arg,
		    &a, &scause), what, &scause);
		buf_free(&note);
		/* A rejected note does not cut the subtree off. */
		if (rc > 0)
			rc = 0;
	}
	free(what);
	return rc;
}

/* Pushes the children of n (in reverse, so they pop in order). */
static void
mt_push_children(struct mt_frame **st, size_t *n, size_t *cap,
    const cJSON *node, const char *id)
{
	const cJSON	*kids, *c;
	int		 k, nk;

	kids = cJSON_GetObjectItemCaseSensitive(node, "children");
	if (!cJSON_IsArray(kids))
		return;
	nk = cJSON_GetArraySize(kids);
	if ((size_t)nk > *cap - *n) {
		*cap = *n + (size_t)nk + 16;
		*st = xreallocarray(*st, *cap, sizeof **st);
	}
	/* cJSON lists are singly linked: fill the slots from the front. */
	k = 0;
	cJSON_ArrayForEach(c, kids) {
		struct mt_frame *f = &(*st)[*n + (size_t)(nk - 1 - k)];

		f->node = c;
		f->parent = xstrdup(id);
		f->child = k;
		k++;
	}
	*n += (size_t)nk;
}

/* Walks a nested tree from root with an explicit stack. */
static int
mt_tree(struct imp_ctx *m, const cJSON *root)
{
	struct mt_frame	*st = NULL, f;
	size_t		 n = 0, cap = 0;
	char		*id, *msg;
	int		 rc = 0, r;

	cap = 16;
	st = xreallocarray(NULL, cap, sizeof *st);
	st[n].node = root;
	st[n].parent = NULL;
	st[n].child = 0;
	n++;
	while (n > 0) {
		f = st[--n];
		m->rep->records++;
		msg = mt_node_check(f.node);
		id = NULL;
		if (msg == NULL && (id = imp_json_id(
		    cJSON_GetObjectItemCaseSensitive(f.node, "node_id"))) ==
		    NULL)
			msg = xstrdup("\"node_id\" is missing or not an "
			    "integer");
		if (msg != NULL) {
			char *where;

			if (f.parent == NULL)
				where = xasprintf("root: %s", msg);
			else
				where = xasprintf("child %d of node %s: %s",
				    f.child, f.parent, msg);
			free(msg);
			if (f.parent == NULL) {
				/* Without a root there is no trace. */
				if (m->cause != NULL)
					*m->cause = xasprintf("%s: %s",
					    m->name, where);
				free(where);
				rc = -1;
			} else
				rc = imp_ctx_bad(m, where);
			free(f.parent);
			if (rc < 0)
				break;
			continue;
		}
		r = mt_tree_node(m, f.node, id, f.parent);
		free(f.parent);
		if (r < 0) {
			free(id);
			rc = -1;
			break;
		}
		if (r == 0)
			mt_push_children(&st, &n, &cap, f.node, id);
		free(id);
	}
	while (n > 0)
		free(st[--n].parent);
	free(st);
	return rc;
}

/* The problem a tree or list states: its root's (user) message. */
static const char *
mt_problem(const cJSON *root)
{
	const char	*um = imp_json_str(root, "user_message");

	return um != NULL ? um : imp_json_str(root, "message");
}

/* The flat list layout: [node, ...] with parent_id. */
static const char *
mt_list_problem(const cJSON *doc, const struct mt_flat *f)
{
	return mt_problem(f->el[f->root]);
}

static int
mt_list_node(struct imp_ctx *m, const struct mt_flat *f, size_t i,
    const char *problem)
{
	return mt_tree_node(m, f->el[i], f->ids[i], f->pids[i]);
}

static const struct mt_flat_keys mt_list_keys = { "", "node", "node_id",
    "parent_id", mt_node_check, NULL, mt_list_problem, mt_list_node };

int
imp_moatless_read(FILE *in, const char *name, const struct imp_opts *opts,
    const struct imp_sink *sink, struct imp_report *rep, char **cause)
{
	static const char *const rskip[] = { "root", NULL };
	struct imp_ctx	 m;
	cJSON		*doc;
	const cJSON	*root, *trs;
	char		*buf;
	size_t		 len;
	int		 rc, r;

	if (cause != NULL)
		*cause = NULL;
	if (imp_slurp(in, name, IMP_MAX_DOC, &buf, &len, cause) != 0)
		return -1;
	doc = imp_json_parse(buf, len, name, 1, cause);
	free(buf);
	if (doc == NULL)
		return -1;
	imp_ctx_init(&m, name, opts, sink, rep, cause);
	root = cJSON_GetObjectItemCaseSensitive(doc, "root");
	trs = cJSON_GetObjectItemCaseSensitive(doc, "transitions");
	if (cJSON_IsArray(doc))
		rc = imp_moatless_flat(&m, doc, doc, &mt_list_keys);
	else if (cJSON_IsObject(root) || (cJSON_IsObject(doc) &&
	    cJSON_HasObjectItem(doc, "node_id"))) {
		const cJSON	*r0 = cJSON_IsObject(root) ? root : doc;

		r = imp_moatless_trace(&m, r0 == doc ? NULL : doc,
		    mt_problem(r0), rskip);
		rc = r == 0 ? mt_tree(&m, r0) : r < 0 ? -1 : 0;
	} else if (cJSON_IsArray(trs))
		rc = imp_moatless_flat(&m, doc, trs, &imp_moatless_legacy_keys);
	else {
		if (cause != NULL)
			*cause = xasprintf("%s: not a moatless trajectory: "
			    "expected a \"root\" node, \"transitions\" or a "
			    "list of nodes", name);
		rc = -1;
	}
	cJSON_Delete(doc);
	return rc;
}

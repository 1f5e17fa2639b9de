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
/* Slots of node_used, in its order. */
enum { NM_TYPE, NM_TRACE, NM_ID, NM_PARENT, NM_ROLE, NM_TEXT, NM_OBS,
    NM_TERMINAL, NM_CHOSEN, NM_SIGNALS, NM_LABELS, NM_CHILDREN, NM_N };

/* The slot of member name k, or -1: one strcmp, not one per name. */
static int
node_slot(const char *k)
{
	int	i;

	switch (k[0]) {
	case 'c':
		i = k[1] == 'h' && k[2] == 'o' ? NM_CHOSEN : NM_CHILDREN;
		break;
	case 'i':
		i = NM_ID;
		break;
	case 'l':
		i = NM_LABELS;
		break;
	case 'o':
		i = NM_OBS;
		break;
	case 'p':
		i = NM_PARENT;
		break;
	case 'r':
		i = NM_ROLE;
		break;
	case 's':
		i = NM_SIGNALS;
		break;
	case 't':
		if (k[1] == 'y')
			i = NM_TYPE;
		else if (k[1] == 'r')
			i = NM_TRACE;
		else
			i = k[1] == 'e' && k[2] == 'x' ? NM_TEXT : NM_TERMINAL;
		break;
	default:
		return -1;
	}
	return strcmp(k, node_used[i]) == 0 ? i : -1;
}

/*
 * Sorts the members of object o into m[] in one walk, the first of each
 * name as cJSON_GetObjectItemCaseSensitive would find it (a node is read
 * a dozen members at a time, which were a dozen walks). Returns whether
 * o has a member not in node_used (the node's extra).
 */
static int
node_members(const cJSON *o, const cJSON *m[NM_N])
{
	const cJSON	*v;
	int		 i, other = 0;

	memset(m, 0, NM_N * sizeof *m);
	for (v = o->child; v != NULL && v->string != NULL; v = v->next) {
		if ((i = node_slot(v->string)) < 0)
			other = 1;
		else if (m[i] == NULL)
			m[i] = v;
	}
	return other;
}

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
	const cJSON	*sigs, *s, *labels, *m[NM_N];
	const char	*why_s;
	char		 idbuf[32], pbuf[32], *why, *extra;
	size_t		 nmore = 0, j = 0;
	int		 k, rc, other;

	cn_node_init(&n);
	nc->id = NULL;
	other = node_members(o, m);
	k = imp_json_get_id(m[NM_ID], idbuf, &n.ext_id);
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
		for (k = NM_TYPE; k <= NM_PARENT; k++) {
			if (k != NM_ID && m[k] != NULL)
				return imp_canopy_bad(c,
				    imp_canopy_col(w, node_used[k]),
				    "member \"%s\" is not allowed in a "
				    "nested tree (nesting gives the trace and "
				    "the parent)", node_used[k]);
		}
		n.parent_ext = nc->parent;
	} else {
		k = imp_json_get_id(m[NM_PARENT], pbuf, &n.parent_ext);
		if (k < 0)
			return imp_canopy_bad(c, imp_canopy_col(w, "parent"),
			    "member \"parent\" must be a string, an integer "
			    "or null");
		if (k > 0 && *n.parent_ext == '\0')
			return imp_canopy_bad(c, imp_canopy_col(w, "parent"),
			    "member \"parent\" is empty");
	}
	why_s = NULL;
	if (imp_json_val_str(m[NM_ROLE], &n.role) < 0)
		why_s = "role";
	else if (imp_json_val_str(m[NM_TEXT], &n.text) < 0)
		why_s = "text";
	else if (imp_json_val_str(m[NM_OBS], &n.observation) < 0)
		why_s = "observation";
	if (why_s != NULL)
		return imp_canopy_bad(c, imp_canopy_col(w, why_s),
		    "member \"%s\" must be a string", why_s);
	if (imp_json_val_bool(m[NM_TERMINAL], &n.terminal) < 0)
		why_s = "terminal";
	else if (imp_json_val_bool(m[NM_CHOSEN], &n.chosen) < 0)
		why_s = "chosen";
	if (why_s != NULL)
		return imp_canopy_bad(c, imp_canopy_col(w, why_s),
		    "member \"%s\" must be true or false", why_s);
	if (n.role == NULL || *n.role == '\0')
		n.role = n.parent_ext == NULL ? "root" : "step";

	sigs = m[NM_SIGNALS];
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
		/* An empty slot holds "", which no signal name is. */
		if (j < CANOPY_SIGCACHE &&
		    strcmp(c->signame[j], s->string) == 0)
			k = c->sigidx[j];
		else {
			k = cn_sig_lookup(s->string);
			if (j < CANOPY_SIGCACHE &&
			    strlen(s->string) < sizeof c->signame[j]) {
				strcpy(c->signame[j], s->string);
				c->sigidx[j] = k;
			}
		}
		j++;
		if (k >= 0) {
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
	labels = m[NM_LABELS];
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
	extra = other ? imp_json_extra(o, node_used, 0) : NULL;
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
	/* Only nested children need their parent's id after it is sent. */
	if (nc->nested)
		nc->id = xstrdup(n.ext_id);
	return send_labels(c, w, labels, n.ext_id);
}

/*
 * imp-canopy.c - canopy's own format, canopy-jsonl v1 (docs/format.md):
 * one JSON object per line whose "type" is trace, node or score. A trace
 * record with a "root" member carries its whole tree nested in that one
 * line (the nested form).
 *
 * Limits: lines of any length (memory is a few times the longest line);
 * nested trees of any depth, walked with an explicit stack, never by
 * recursion; ids are synthesised from child-index paths only down to depth
 * CANOPY_PATH_MAX (deeper nodes must carry an "id", since path ids grow
 * with depth and a deep chain of them is quadratic in size). Any other
 * JSON value nests at most 1000 deep (cJSON's limit). Invalid UTF-8, NaN,
 * Infinity and numbers that overflow a double are rejected. Duplicate node
 * ids are left to the sink (the store rejects them with CN_BAD); a second
 * root in a trace is caught here.
 */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "imp-rec.h"
#include "imp-formats.h"

#define CANOPY_FORMAT	"canopy-jsonl"
/* Deepest node whose id may be synthesised from its child-index path. */
#define CANOPY_PATH_MAX	1000

/*
 * Record handlers return CN_OK; CN_BAD when they rejected (part of) the
 * record and the skip-bad policy let the import go on (rec_bad has
 * already counted it); or CN_FATAL to stop, the cause being set.
 */

/* A trace seen in this file. */
struct ctrace {
	char		*ext;
	long		 header_line;	/* its header's line, or 0 */
	int		 started;	/* sent with its format */
	char		*root;		/* its root's ext id, or NULL */
	long		 root_line;
};

/* A member of an object in the nested form: offsets into the line. */
struct member {
	size_t		 koff, klen;	/* the key, quotes included */
	size_t		 voff, vlen;	/* the value */
	long		 next;		/* next member, or -1 */
};

/* A node object in the nested form (index 0 is the trace header). */
struct nnode {
	long		 parent;	/* index, -1 for the header */
	int		 depth;		/* root = 0 */
	long		 index;		/* among its siblings */
	long		 first, last;	/* member list, -1 = none */
	size_t		 off;		/* where its '{' is */
	int		 haskids;	/* its "children" member was seen */
};

struct canopy {
	const char		*name;
	const struct imp_opts	*opts;
	const struct imp_sink	*sink;
	struct imp_report	*report;
	char			**cause;

	/* The current line. */
	const char		*line;
	size_t			 len;
	long			 lineno;
	int			 partial;	/* last line, no '\n' */

	/* Traces seen: ext -> struct ctrace (owned here, not by the map). */
	struct hmap		 traces;
	struct ctrace		*cur;		/* the sink's trace */

	/* Scratch for one node. */
	struct cn_signal	*more;
	size_t			 moremax;
	struct cn_buf		 tags;

	/* Nested form: the parse of one line. */
	struct nnode		*nodes;
	size_t			 nnodes, nodesmax;
	struct member		*mems;
	size_t			 nmems, memsmax;
};

/* Where the members of the record being handled sit, for columns. */
struct where {
	const struct canopy	*c;
	long			 node;	/* nested: node index; -1: flat */
};

static const char *const node_used[] = { "type", "trace", "id", "parent",
    "role", "text", "observation", "terminal", "chosen", "signals", "labels",
    "children", NULL };
static const char *const trace_used[] = { "type", "id", "problem",
    "ground_truth", "root", NULL };

/* ---- errors -------------------------------------------------------- */

/* Rejects the current record with "name:line:col: what" (skip-bad policy). */
static int __attribute__((format(printf, 3, 4)))
rec_bad(struct canopy *c, size_t col, const char *fmt, ...)
{
	va_list	 ap;
	char	*what, *msg;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	msg = xasprintf("%s:%ld:%zu: %s", c->name, c->lineno, col, what);
	free(what);
	return imp_bad(c->opts, c->report, msg, c->cause) == 0 ? CN_BAD :
	    CN_FATAL;
}

/* Stops the import with "name:line:col: what" (sink failures, I/O). */
static int
rec_fatal(struct canopy *c, size_t col, const char *what)
{
	if (c->cause != NULL)
		*c->cause = xasprintf("%s:%ld:%zu: %s", c->name, c->lineno, col,
		    what != NULL ? what : "import failed");
	return CN_FATAL;
}

/*
 * The column (1-based) of member key in the record, or 1 when it cannot
 * be found. Flat lines are searched for "key" followed by ':'.
 */
static size_t
col_of(const struct where *w, const char *key)
{
	const struct canopy	*c = w->c;
	const struct member	*m;
	const char		*p, *q, *end = c->line + c->len;
	size_t			 kl = strlen(key);
	long			 i;

	if (w->node >= 0) {
		for (i = c->nodes[w->node].first; i >= 0; i = m->next) {
			m = &c->mems[i];
			if (m->klen == kl + 2 &&
			    memcmp(c->line + m->koff + 1, key, kl) == 0)
				return m->koff + 1;
		}
		return c->nodes[w->node].off + 1;
	}
	for (p = c->line; p + kl + 2 <= end; p++) {
		if (*p != '"' || memcmp(p + 1, key, kl) != 0 ||
		    p[kl + 1] != '"')
			continue;
		if (p > c->line && p[-1] == '\\')
			continue;
		for (q = p + kl + 2; q < end && strchr(" \t\r\n", *q); q++)
			;
		if (q < end && *q == ':')
			return (size_t)(p - c->line) + 1;
	}
	return 1;
}

/* ---- the trace table ---------------------------------------------- */

static struct ctrace *
trace_lookup(struct canopy *c, const char *ext, int add)
{
	struct hmap_ent	*e;
	struct ctrace	*t;

	if (!add) {
		e = hmap_get(&c->traces, ext);
		return e != NULL ? e->ptr : NULL;
	}
	e = hmap_add(&c->traces, ext, NULL);
	if (e->ptr == NULL) {
		t = xcalloc(1, sizeof *t);
		t->ext = xstrdup(ext);
		e->ptr = t;
	}
	return e->ptr;
}

static void
trace_table_free(struct canopy *c)
{
	struct hmap_ent	*e;
	struct ctrace	*t;
	size_t		 i = 0;

	while ((e = hmap_next(&c->traces, &i)) != NULL) {
		t = e->ptr;
		free(t->ext);
		free(t->root);
		free(t);
	}
	hmap_free(&c->traces);
}

/*
 * Makes ext the sink's current trace. A trace met for the first time by a
 * node is started (format set); by a score it is only resumed, since the
 * score may name a trace of an earlier import.
 */
static int
trace_switch(struct canopy *c, const char *ext, int start,
    const struct where *w, struct ctrace **out)
{
	struct ctrace	*t;
	struct cn_trace	 tr;
	char		*why = NULL;
	int		 rc;

	t = trace_lookup(c, ext, 1);
	*out = t;
	if (c->cur == t && (t->started || !start))
		return CN_OK;
	memset(&tr, 0, sizeof tr);
	tr.ext_id = t->ext;
	if (start && !t->started) {
		tr.format = CANOPY_FORMAT;
		tr.source = c->name;
		t->started = 1;
	}
	rc = c->sink->trace(c->sink->arg, &tr, &why);
	if (rc == CN_OK) {
		c->cur = t;
		free(why);
		return CN_OK;
	}
	c->cur = NULL;
	if (rc == CN_BAD) {
		rc = rec_bad(c, col_of(w, "trace"), "trace \"%s\": %s", ext,
		    why != NULL ? why : "rejected");
		free(why);
		return rc;
	}
	rc = rec_fatal(c, col_of(w, "trace"), why);
	free(why);
	return rc;
}

/* ---- typed members ------------------------------------------------- */

/*
 * An id: a string, or an integer turned into its decimal string (in buf).
 * Returns 1 and sets *out, 0 if absent or null, -1 if of a wrong type.
 */
static int
get_id(const cJSON *v, char buf[32], const char **out)
{
	double	d;

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsString(v)) {
		*out = v->valuestring;
		return 1;
	}
	if (!cJSON_IsNumber(v))
		return -1;
	d = v->valuedouble;
	if (floor(d) != d || fabs(d) > 9007199254740992.0)
		return -1;
	snprintf(buf, 32, "%lld", (long long)d);
	*out = buf;
	return 1;
}

/* A string member: 1 and *out, 0 if absent or null, -1 if not a string. */
static int
get_str(const cJSON *o, const char *key, const char **out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v))
		return -1;
	*out = v->valuestring;
	return 1;
}

/* A boolean member: 1 or 0 in *out (0 when absent or null); -1 if wrong. */
static int
get_bool(const cJSON *o, const char *key, int *out)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsBool(v))
		return -1;
	*out = cJSON_IsTrue(v) ? 1 : 0;
	return 1;
}

static size_t	skip_ws(const struct canopy *, size_t);
static int	skip_value(const struct canopy *, size_t, size_t *);

/* Finds the first non-finite number (cJSON turns 1e999 into infinity). */
static const cJSON *
nonfinite(const cJSON *j)
{
	const cJSON	*bad;

	for (; j != NULL; j = j->next) {
		if (cJSON_IsNumber(j) && !isfinite(j->valuedouble))
			return j;
		if (j->child != NULL && (bad = nonfinite(j->child)) != NULL)
			return bad;
	}
	return NULL;
}

/*
 * Parses line[off, off+len) as exactly one JSON value. On error rejects the
 * record with the position of the problem.
 */
static int
parse_span(struct canopy *c, size_t off, size_t len, cJSON **out)
{
	const char	*s = c->line + off, *end = NULL, *p;
	const char	*lend = c->line + c->len;
	cJSON		*j;
	char		*what;
	size_t		 eoff, vend;
	int		 rc;

	*out = NULL;
	if (imp_json_check(s, len, &eoff, &what) != 0) {
		rc = rec_bad(c, off + eoff + 1, "%s", what);
		free(what);
		return rc;
	}
	j = cJSON_ParseWithLengthOpts(s, len, &end, 0);
	if (j == NULL) {
		eoff = end != NULL && end >= s ? (size_t)(end - s) : 0;
		/*
		 * cJSON points near, not at, the end of a cut-off value; an
		 * unclosed string or bracket says "truncated" for sure.
		 */
		if (eoff >= len || (off + len == c->len &&
		    skip_value(c, skip_ws(c, off), &vend) != 0)) {
			if (c->partial && off + len == c->len)
				return rec_bad(c, off + len + 1, "truncated "
				    "last line (the file ends inside a JSON "
				    "value, without a newline)");
			return rec_bad(c, off + len + 1,
			    "truncated JSON (unexpected end of input)");
		}
		/* cJSON stops inside a bad word: point at its start. */
		p = s + eoff;
		while (p > s && (isalnum((unsigned char)p[-1]) ||
		    p[-1] == '-' || p[-1] == '+' || p[-1] == '.'))
			p--;
		eoff = (size_t)(p - s);
		if ((lend - p >= 3 && strncmp(p, "NaN", 3) == 0) ||
		    (lend - p >= 8 && strncmp(p, "Infinity", 8) == 0) ||
		    (lend - p >= 9 && strncmp(p, "-Infinity", 9) == 0))
			return rec_bad(c, off + eoff + 1,
			    "NaN and Infinity are not JSON numbers");
		return rec_bad(c, off + eoff + 1, "invalid JSON");
	}
	for (p = end; p < s + len && strchr(" \t\r\n", *p) != NULL; p++)
		;
	if (p < s + len) {
		cJSON_Delete(j);
		return rec_bad(c, (size_t)(p - c->line) + 1,
		    "unexpected text after the JSON value");
	}
	if (nonfinite(j) != NULL) {
		cJSON_Delete(j);
		return rec_bad(c, off + 1,
		    "number out of range (not finite)");
	}
	*out = j;
	return CN_OK;
}

/* ---- node records --------------------------------------------------- */

/* What a node record gets from its context. */
struct nodectx {
	const char	*trace;		/* ext id of its trace */
	const char	*parent;	/* nested: parent's id, NULL = root */
	const char	*synth;		/* nested: id if none given */
	int		 nested;
	char		*id;		/* out: the id (caller frees) */
};

/* Checks the labels of a node (before any sink call). */
static int
check_labels(struct canopy *c, const struct where *w, const cJSON *labels)
{
	static const char *const known[] = { "author", "rating",
	    "first_error", "tags", "note", NULL };
	const cJSON	*l, *m, *t;
	size_t		 col, i;
	int		 k;

	if (labels == NULL || cJSON_IsNull(labels))
		return CN_OK;
	/* Only now: finding the column scans the line. */
	col = col_of(w, "labels");
	if (!cJSON_IsArray(labels))
		return rec_bad(c, col, "member \"labels\" must be an array");
	k = 0;
	cJSON_ArrayForEach(l, labels) {
		k++;
		if (!cJSON_IsObject(l))
			return rec_bad(c, col, "label %d must be an object", k);
		cJSON_ArrayForEach(m, l) {
			for (i = 0; known[i] != NULL; i++)
				if (strcmp(m->string, known[i]) == 0)
					break;
			if (known[i] == NULL)
				return rec_bad(c, col, "label %d: unknown "
				    "member \"%s\" (known: author, rating, "
				    "first_error, tags, note)", k, m->string);
		}
		m = cJSON_GetObjectItemCaseSensitive(l, "author");
		if (!cJSON_IsString(m) || *m->valuestring == '\0')
			return rec_bad(c, col, "label %d: \"author\" must be "
			    "a non-empty string", k);
		m = cJSON_GetObjectItemCaseSensitive(l, "rating");
		if (m != NULL && !cJSON_IsNull(m) && (!cJSON_IsNumber(m) ||
		    (m->valuedouble != -1 && m->valuedouble != 0 &&
		    m->valuedouble != 1)))
			return rec_bad(c, col, "label %d: \"rating\" must be "
			    "-1, 0, 1 or null", k);
		m = cJSON_GetObjectItemCaseSensitive(l, "first_error");
		if (m != NULL && !cJSON_IsNull(m) && !cJSON_IsBool(m))
			return rec_bad(c, col, "label %d: \"first_error\" "
			    "must be true or false", k);
		m = cJSON_GetObjectItemCaseSensitive(l, "note");
		if (m != NULL && !cJSON_IsNull(m) && !cJSON_IsString(m))
			return rec_bad(c, col, "label %d: \"note\" must be a "
			    "string", k);
		m = cJSON_GetObjectItemCaseSensitive(l, "tags");
		if (m == NULL || cJSON_IsNull(m))
			continue;
		if (!cJSON_IsArray(m))
			return rec_bad(c, col, "label %d: \"tags\" must be "
			    "an array of strings", k);
		cJSON_ArrayForEach(t, m) {
			if (!cJSON_IsString(t) || *t->valuestring == '\0')
				return rec_bad(c, col, "label %d: \"tags\" "
				    "must be an array of non-empty strings", k);
			if (strchr(t->valuestring, ',') != NULL)
				return rec_bad(c, col, "label %d: tag \"%s\" "
				    "contains a comma", k, t->valuestring);
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
		rc = c->sink->annotation(c->sink->arg, &a, &why);
		if (rc == CN_BAD)
			rc = rec_bad(c, col_of(w, "labels"), "label for node "
			    "\"%s\": %s", id, why != NULL ? why : "rejected");
		else if (rc != CN_OK)
			rc = rec_fatal(c, col_of(w, "labels"), why);
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
static int
do_node(struct canopy *c, const struct where *w, const cJSON *o,
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
	k = get_id(cJSON_GetObjectItemCaseSensitive(o, "id"), idbuf, &n.ext_id);
	if (k < 0)
		return rec_bad(c, col_of(w, "id"),
		    "member \"id\" must be a string or an integer");
	if (k == 0 && !nc->nested)
		return rec_bad(c, 1, "missing member \"id\"");
	if (k > 0 && *n.ext_id == '\0')
		return rec_bad(c, col_of(w, "id"), "member \"id\" is empty");
	if (k == 0)
		n.ext_id = nc->synth;
	if (n.ext_id == NULL)
		return rec_bad(c, w->node >= 0 ? c->nodes[w->node].off + 1 : 1,
		    "node at depth %d has no \"id\" (ids are synthesised only "
		    "down to depth %d)", c->nodes[w->node].depth,
		    CANOPY_PATH_MAX);
	if (nc->nested) {
		for (k = 0; k < 3; k++) {
			key = (const char *[]){ "type", "trace", "parent" }[k];
			if (cJSON_GetObjectItemCaseSensitive(o, key) != NULL)
				return rec_bad(c, col_of(w, key), "member "
				    "\"%s\" is not allowed in a nested tree "
				    "(nesting gives the trace and the parent)",
				    key);
		}
		n.parent_ext = nc->parent;
	} else {
		k = get_id(cJSON_GetObjectItemCaseSensitive(o, "parent"), pbuf,
		    &n.parent_ext);
		if (k < 0)
			return rec_bad(c, col_of(w, "parent"), "member "
			    "\"parent\" must be a string, an integer or null");
		if (k > 0 && *n.parent_ext == '\0')
			return rec_bad(c, col_of(w, "parent"),
			    "member \"parent\" is empty");
	}
	why_s = NULL;
	if (get_str(o, "role", &n.role) < 0)
		why_s = "role";
	else if (get_str(o, "text", &n.text) < 0)
		why_s = "text";
	else if (get_str(o, "observation", &n.observation) < 0)
		why_s = "observation";
	if (why_s != NULL)
		return rec_bad(c, col_of(w, why_s),
		    "member \"%s\" must be a string", why_s);
	if (get_bool(o, "terminal", &n.terminal) < 0)
		why_s = "terminal";
	else if (get_bool(o, "chosen", &n.chosen) < 0)
		why_s = "chosen";
	if (why_s != NULL)
		return rec_bad(c, col_of(w, why_s),
		    "member \"%s\" must be true or false", why_s);
	if (n.role == NULL || *n.role == '\0')
		n.role = n.parent_ext == NULL ? "root" : "step";

	sigs = cJSON_GetObjectItemCaseSensitive(o, "signals");
	if (sigs != NULL && !cJSON_IsNull(sigs) && !cJSON_IsObject(sigs))
		return rec_bad(c, col_of(w, "signals"),
		    "member \"signals\" must be an object");
	cJSON_ArrayForEach(s, sigs) {
		if (cJSON_IsNull(s))
			continue;
		if (!cJSON_IsNumber(s))
			return rec_bad(c, col_of(w, "signals"),
			    "signal \"%s\" must be a number", s->string);
		if (*s->string == '\0')
			return rec_bad(c, col_of(w, "signals"),
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
		if ((rc = trace_switch(c, nc->trace, 1, w, &t)) != CN_OK)
			return rc;
	} else
		t = c->cur;
	if (n.parent_ext == NULL && t->root != NULL)
		return rec_bad(c, col_of(w, nc->nested ? "id" : "parent") ,
		    "trace \"%s\" already has a root (node \"%s\", line %ld)",
		    t->ext, t->root, t->root_line);

	n.src_line = c->lineno;
	/* For messages about this node from a sink in another thread. */
	n.src_col = (int)col_of(w, "id");
	extra = imp_json_extra(o, node_used, 0);
	n.extra = extra;
	why = NULL;
	rc = c->sink->node(c->sink->arg, &n, &why);
	free(extra);
	if (rc == CN_BAD) {
		rc = rec_bad(c, col_of(w, "id"), "%s", why != NULL ? why :
		    "node rejected");
		free(why);
		return rc;
	}
	if (rc != CN_OK) {
		rc = rec_fatal(c, col_of(w, "id"), why);
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

/* ---- trace and score records --------------------------------------- */

/* Handles a trace header (flat, or the header of a nested trace). */
static int
do_trace(struct canopy *c, const struct where *w, const cJSON *o)
{
	struct cn_trace	 tr;
	struct ctrace	*t;
	char		 idbuf[32], *why, *extra;
	const char	*bad = NULL;
	int		 k, rc;

	memset(&tr, 0, sizeof tr);
	k = get_id(cJSON_GetObjectItemCaseSensitive(o, "id"), idbuf,
	    &tr.ext_id);
	if (k < 0)
		return rec_bad(c, col_of(w, "id"),
		    "member \"id\" must be a string or an integer");
	if (k == 0)
		return rec_bad(c, 1, "missing member \"id\"");
	if (*tr.ext_id == '\0')
		return rec_bad(c, col_of(w, "id"), "member \"id\" is empty");
	if (get_str(o, "problem", &tr.problem) < 0)
		bad = "problem";
	else if (get_str(o, "ground_truth", &tr.ground_truth) < 0)
		bad = "ground_truth";
	if (bad != NULL)
		return rec_bad(c, col_of(w, bad),
		    "member \"%s\" must be a string", bad);
	t = trace_lookup(c, tr.ext_id, 1);
	if (t->header_line != 0)
		return rec_bad(c, col_of(w, "id"), "duplicate trace \"%s\" "
		    "(first given on line %ld)", t->ext, t->header_line);
	tr.ext_id = t->ext;
	tr.format = CANOPY_FORMAT;
	tr.source = c->name;
	extra = imp_json_extra(o, trace_used, 0);
	tr.extra = extra;
	why = NULL;
	rc = c->sink->trace(c->sink->arg, &tr, &why);
	free(extra);
	if (rc == CN_OK) {
		t->header_line = c->lineno;
		t->started = 1;
		c->cur = t;
	} else {
		c->cur = NULL;
		if (rc == CN_BAD)
			rc = rec_bad(c, col_of(w, "id"), "trace \"%s\": %s",
			    t->ext, why != NULL ? why : "rejected");
		else
			rc = rec_fatal(c, col_of(w, "id"), why);
	}
	free(why);
	return rc;
}

static int
do_score(struct canopy *c, const struct where *w, const cJSON *o)
{
	static const char *const known[] = { "type", "trace", "node", "name",
	    "value", NULL };
	const cJSON	*m, *v;
	struct ctrace	*t;
	const char	*trace, *node, *name;
	char		 tbuf[32], nbuf[32], *why;
	size_t		 i;
	int		 k, rc;

	cJSON_ArrayForEach(m, o) {
		for (i = 0; known[i] != NULL; i++)
			if (strcmp(m->string, known[i]) == 0)
				break;
		if (known[i] == NULL)
			return rec_bad(c, col_of(w, m->string), "unknown "
			    "member \"%s\" in a score record", m->string);
	}
	k = get_id(cJSON_GetObjectItemCaseSensitive(o, "trace"), tbuf, &trace);
	if (k <= 0 || *trace == '\0')
		return rec_bad(c, k == 0 ? 1 : col_of(w, "trace"), k == 0 ?
		    "missing member \"trace\"" : "member \"trace\" must be a "
		    "non-empty string or an integer");
	k = get_id(cJSON_GetObjectItemCaseSensitive(o, "node"), nbuf, &node);
	if (k <= 0 || *node == '\0')
		return rec_bad(c, k == 0 ? 1 : col_of(w, "node"), k == 0 ?
		    "missing member \"node\"" : "member \"node\" must be a "
		    "non-empty string or an integer");
	k = get_str(o, "name", &name);
	if (k <= 0 || *name == '\0')
		return rec_bad(c, k == 0 ? 1 : col_of(w, "name"), k == 0 ?
		    "missing member \"name\"" :
		    "member \"name\" must be a non-empty string");
	v = cJSON_GetObjectItemCaseSensitive(o, "value");
	if (v == NULL)
		return rec_bad(c, 1, "missing member \"value\"");
	if (!cJSON_IsNumber(v))
		return rec_bad(c, col_of(w, "value"),
		    "member \"value\" must be a number");
	if ((rc = trace_switch(c, trace, 0, w, &t)) != CN_OK)
		return rc;
	why = NULL;
	rc = c->sink->score(c->sink->arg, node, name, v->valuedouble, &why);
	if (rc == CN_BAD)
		rc = rec_bad(c, col_of(w, "node"), "score \"%s\": %s", name,
		    why != NULL ? why : "rejected");
	else if (rc != CN_OK)
		rc = rec_fatal(c, col_of(w, "node"), why);
	free(why);
	return rc;
}

/* ---- the nested form ------------------------------------------------- */

/* Frame states of the structural parse. */
enum nstate {
	OBJ_START,	/* after '{': a key or '}' */
	OBJ_KEY,	/* after ',': a key */
	OBJ_NEXT,	/* after a member: ',' or '}' */
	ARR_START,	/* after '[' of children: '{' or ']' */
	ARR_ELEM,	/* after ',': '{' */
	ARR_NEXT	/* after a child: ',' or ']' */
};

struct nframe {
	long		 node;
	enum nstate	 state;
	long		 nchild;
};

static size_t
skip_ws(const struct canopy *c, size_t p)
{
	while (p < c->len && strchr(" \t\r\n", c->line[p]) != NULL &&
	    c->line[p] != '\0')
		p++;
	return p;
}

/* Skips a string starting at p (a '"'); returns the offset after it. */
static int
skip_string(const struct canopy *c, size_t p, size_t *end)
{
	for (p++; p < c->len; p++) {
		if (c->line[p] == '\\')
			p++;
		else if (c->line[p] == '"') {
			*end = p + 1;
			return 0;
		}
	}
	*end = c->len;
	return -1;
}

/*
 * Skips one value starting at p without recursion (strings, brackets).
 * The value is checked later by cJSON; this only finds where it ends.
 */
static int
skip_value(const struct canopy *c, size_t p, size_t *end)
{
	long	depth = 0;
	char	ch;

	if (p >= c->len) {
		*end = p;
		return -1;
	}
	ch = c->line[p];
	if (ch == '"')
		return skip_string(c, p, end);
	if (ch != '{' && ch != '[') {
		while (p < c->len && strchr(",}] \t\r\n", c->line[p]) == NULL)
			p++;
		*end = p;
		return 0;
	}
	for (; p < c->len; p++) {
		ch = c->line[p];
		if (ch == '"') {
			if (skip_string(c, p, &p) != 0)
				break;
			p--;
		} else if (ch == '{' || ch == '[')
			depth++;
		else if (ch == '}' || ch == ']') {
			if (--depth == 0) {
				*end = p + 1;
				return 0;
			}
		}
	}
	*end = c->len;
	return -1;
}

static long
nested_add_node(struct canopy *c, long parent, long index, size_t off)
{
	struct nnode	*n;

	if (c->nnodes == c->nodesmax) {
		c->nodesmax = c->nodesmax == 0 ? 64 : c->nodesmax * 2;
		c->nodes = xreallocarray(c->nodes, c->nodesmax,
		    sizeof *c->nodes);
	}
	n = &c->nodes[c->nnodes];
	n->parent = parent;
	n->depth = parent <= 0 ? 0 : c->nodes[parent].depth + 1;
	n->index = index;
	n->first = n->last = -1;
	n->off = off;
	n->haskids = 0;
	return (long)c->nnodes++;
}

static void
nested_add_member(struct canopy *c, long node, size_t koff, size_t klen,
    size_t voff, size_t vlen)
{
	struct member	*m;
	struct nnode	*n = &c->nodes[node];

	if (c->nmems == c->memsmax) {
		c->memsmax = c->memsmax == 0 ? 256 : c->memsmax * 2;
		c->mems = xreallocarray(c->mems, c->memsmax, sizeof *c->mems);
	}
	m = &c->mems[c->nmems];
	m->koff = koff;
	m->klen = klen;
	m->voff = voff;
	m->vlen = vlen;
	m->next = -1;
	if (n->last >= 0)
		c->mems[n->last].next = (long)c->nmems;
	else
		n->first = (long)c->nmems;
	n->last = (long)c->nmems++;
}

static int
key_is(const struct canopy *c, size_t koff, size_t klen, const char *key)
{
	size_t	kl = strlen(key);

	return klen == kl + 2 && memcmp(c->line + koff + 1, key, kl) == 0;
}

/*
 * The structural parse of a line: node 0 is the top-level object, its
 * "root" member starts node 1, each "children" element a further node,
 * in preorder. Returns CN_OK; or rejects the record (invalid JSON) with
 * *tree = 0; *tree says whether the line has a "root" member.
 */
static int
nested_scan(struct canopy *c, int *tree)
{
	struct nframe	*st = NULL;
	size_t		 nst = 0, stmax = 0, p, kend, vend, kstart;
	struct nframe	*f;
	long		 node, root = -1;
	const char	*what = NULL;
	char		 ch;
	int		 rc = CN_OK, special;

	c->nnodes = c->nmems = 0;
	*tree = 0;
	p = skip_ws(c, 0);
	if (p >= c->len || c->line[p] != '{')
		return rec_bad(c, p + 1, "expected a JSON object");
	stmax = 64;
	st = xreallocarray(NULL, stmax, sizeof *st);
	st[nst++] = (struct nframe){ nested_add_node(c, -1, 0, p),
	    OBJ_START, 0 };
	p++;
	while (nst > 0) {
		f = &st[nst - 1];
		p = skip_ws(c, p);
		if (p >= c->len) {
			what = "";
			break;
		}
		ch = c->line[p];
		switch (f->state) {
		case OBJ_NEXT:
		case OBJ_START:
			if (ch == '}') {
				nst--;
				p++;
				continue;
			}
			if (f->state == OBJ_NEXT) {
				if (ch != ',') {
					what = "expected ',' or '}'";
					break;
				}
				f->state = OBJ_KEY;
				p++;
				continue;
			}
			CN_FALLTHROUGH;
		case OBJ_KEY:
			if (ch != '"') {
				what = "expected a member name";
				break;
			}
			if (skip_string(c, p, &kend) != 0) {
				what = "";
				break;
			}
			vend = skip_ws(c, kend);
			if (vend >= c->len) {
				what = "";
				break;
			}
			if (c->line[vend] != ':') {
				p = vend;
				what = "expected ':' after a member name";
				break;
			}
			vend = skip_ws(c, vend + 1);
			special = key_is(c, p, kend - p,
			    f->node == 0 ? "root" : "children");
			f->state = OBJ_NEXT;
			if (special && f->node == 0) {
				if (root >= 0) {
					what = "duplicate member \"root\"";
					break;
				}
				if (vend >= c->len || c->line[vend] != '{') {
					p = vend;
					what = "member \"root\" must be a node "
					    "object";
					break;
				}
				*tree = 1;
				root = nested_add_node(c, 0, 0, vend);
				node = root;
				p = vend + 1;
				goto push_obj;
			}
			if (special) {
				if (vend >= c->len || c->line[vend] != '[') {
					p = vend;
					what = "member \"children\" must be an "
					    "array";
					break;
				}
				node = f->node;
				if (c->nodes[node].haskids) {
					what = "duplicate member \"children\"";
					break;
				}
				c->nodes[node].haskids = 1;
				if (nst == stmax) {
					stmax *= 2;
					st = xreallocarray(st, stmax,
					    sizeof *st);
				}
				st[nst++] = (struct nframe){ node, ARR_START,
				    0 };
				p = vend + 1;
				continue;
			}
			kstart = p;
			if (skip_value(c, vend, &p) != 0 || p == vend) {
				what = p == vend ? "expected a value" : "";
				break;
			}
			nested_add_member(c, f->node, kstart, kend - kstart,
			    vend, p - vend);
			continue;
		case ARR_NEXT:
		case ARR_START:
			if (ch == ']') {
				nst--;
				p++;
				continue;
			}
			if (f->state == ARR_NEXT) {
				if (ch != ',') {
					what = "expected ',' or ']'";
					break;
				}
				f->state = ARR_ELEM;
				p++;
				continue;
			}
			CN_FALLTHROUGH;
		case ARR_ELEM:
			if (ch != '{') {
				what = "each element of \"children\" must be "
				    "a node object";
				break;
			}
			f->state = ARR_NEXT;
			node = nested_add_node(c, f->node, f->nchild++, p);
			p++;
		push_obj:
			if (nst == stmax) {
				stmax *= 2;
				st = xreallocarray(st, stmax, sizeof *st);
			}
			st[nst++] = (struct nframe){ node, OBJ_START, 0 };
			continue;
		}
		break;
	}
	free(st);
	if (what == NULL) {
		p = skip_ws(c, p);
		if (p < c->len)
			what = "unexpected text after the JSON value";
	}
	if (what != NULL) {
		*tree = 0;
		if (*what == '\0' && c->partial)
			rc = rec_bad(c, c->len + 1, "truncated last line "
			    "(the file ends inside a JSON value, without a "
			    "newline)");
		else if (*what == '\0')
			rc = rec_bad(c, c->len + 1,
			    "truncated JSON (unexpected end of input)");
		else
			rc = rec_bad(c, p + 1, "invalid JSON (%s)", what);
	}
	return rc;
}

/* Builds the member object of nested node i (without "children"). */
static int
nested_object(struct canopy *c, long i, cJSON **out)
{
	const struct member	*m;
	cJSON			*o, *k, *v;
	long			 j;
	int			 rc;

	*out = NULL;
	if ((o = cJSON_CreateObject()) == NULL)
		fatalx("out of memory building JSON");
	for (j = c->nodes[i].first; j >= 0; j = m->next) {
		m = &c->mems[j];
		if ((rc = parse_span(c, m->koff, m->klen, &k)) != CN_OK) {
			cJSON_Delete(o);
			return rc;
		}
		if ((rc = parse_span(c, m->voff, m->vlen, &v)) != CN_OK) {
			cJSON_Delete(k);
			cJSON_Delete(o);
			return rc;
		}
		cJSON_AddItemToObject(o, k->valuestring, v);
		cJSON_Delete(k);
	}
	*out = o;
	return CN_OK;
}

/*
 * Sends a nested trace: its header, then its nodes in preorder. A node
 * that is rejected (skip_bad) takes its subtree with it. anc[d] holds the
 * id of the latest node at depth d: in preorder, a node's parent.
 */
static int
nested_run(struct canopy *c)
{
	struct where	 w = { c, 0 };
	struct nodectx	 nc;
	struct cn_buf	 path;
	struct nnode	*nd;
	cJSON		*o;
	char		**anc = NULL;
	size_t		*plen = NULL, i, nanc = 0, old;
	int		 rc, skip = -1, d;

	if ((rc = nested_object(c, 0, &o)) != CN_OK)
		return rc;
	rc = do_trace(c, &w, o);
	cJSON_Delete(o);
	if (rc != CN_OK)
		return rc;
	buf_init(&path);
	for (i = 1; i < c->nnodes; i++) {
		nd = &c->nodes[i];
		d = nd->depth;
		if (skip >= 0 && d > skip)
			continue;
		skip = -1;
		if ((size_t)d >= nanc) {
			old = nanc;
			nanc = nanc == 0 ? 64 : nanc * 2;
			anc = xreallocarray(anc, nanc, sizeof *anc);
			plen = xreallocarray(plen, nanc, sizeof *plen);
			memset(anc + old, 0, (nanc - old) * sizeof *anc);
		}
		/*
		 * The child-index path: the parent's, then ".index". Kept
		 * only down to CANOPY_PATH_MAX, so it stays small.
		 */
		if (d <= CANOPY_PATH_MAX) {
			path.len = d == 0 ? 0 : plen[d - 1];
			if (d == 0)
				buf_printf(&path, "%ld", nd->index);
			else
				buf_printf(&path, ".%ld", nd->index);
			plen[d] = path.len;
		}
		free(anc[d]);
		anc[d] = NULL;
		w.node = (long)i;
		if ((rc = nested_object(c, (long)i, &o)) == CN_OK) {
			memset(&nc, 0, sizeof nc);
			nc.trace = c->cur->ext;
			nc.parent = d == 0 ? NULL : anc[d - 1];
			nc.nested = 1;
			nc.synth = d <= CANOPY_PATH_MAX ? path.s : NULL;
			rc = do_node(c, &w, o, &nc);
			cJSON_Delete(o);
			if (rc == CN_OK)
				anc[d] = nc.id;
			else
				free(nc.id);
		}
		if (rc == CN_FATAL)
			break;
		if (rc == CN_BAD) {
			skip = d;
			rc = CN_OK;
		}
	}
	for (i = 0; i < nanc; i++)
		free(anc[i]);
	buf_free(&path);
	free(plen);
	free(anc);
	return rc;
}

/* ---- lines ---------------------------------------------------------- */

/*
 * The "type" of a nested-form line, read from the structural parse:
 * 1 trace, 0 another type (node, score: parsed flat), or the record is
 * rejected.
 */
static int
nested_type(struct canopy *c, int *is_trace)
{
	const struct member	*m;
	cJSON			*v;
	long			 j;
	int			 rc;

	*is_trace = 0;
	for (j = c->nodes[0].first; j >= 0; j = m->next) {
		m = &c->mems[j];
		if (!key_is(c, m->koff, m->klen, "type"))
			continue;
		if ((rc = parse_span(c, m->voff, m->vlen, &v)) != CN_OK)
			return rc;
		if (!cJSON_IsString(v))
			rc = rec_bad(c, m->koff + 1,
			    "member \"type\" must be a string");
		else if (strcmp(v->valuestring, "trace") == 0)
			*is_trace = 1;
		else if (strcmp(v->valuestring, "node") != 0 &&
		    strcmp(v->valuestring, "score") != 0)
			rc = rec_bad(c, m->koff + 1, "unknown type \"%s\" "
			    "(expected trace, node or score)", v->valuestring);
		cJSON_Delete(v);
		return rc;
	}
	return rec_bad(c, 1, "missing member \"type\"");
}

/* Handles one non-empty line. */
static int
do_line(struct canopy *c)
{
	struct where	 w = { c, -1 };
	struct nodectx	 nc;
	const cJSON	*type;
	cJSON		*o;
	char		 tbuf[32];
	size_t		 bad;
	int		 rc, tree, k;

	if (!imp_utf8_valid(c->line, c->len, &bad))
		return rec_bad(c, bad + 1, "invalid UTF-8 (byte 0x%02x)",
		    (unsigned char)c->line[bad]);
	/*
	 * cJSON nests at most 1000 deep, so a line that may hold a nested
	 * tree is first parsed structurally, without recursion.
	 */
	if (memmem(c->line, c->len, "\"root\"", 6) != NULL) {
		if ((rc = nested_scan(c, &tree)) != CN_OK)
			return rc;
		if (tree) {
			if ((rc = nested_type(c, &k)) != CN_OK)
				return rc;
			if (k)
				return nested_run(c);
		}
	}
	if ((rc = parse_span(c, 0, c->len, &o)) != CN_OK)
		return rc;
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return rec_bad(c, skip_ws(c, 0) + 1, "expected a JSON object");
	}
	type = cJSON_GetObjectItemCaseSensitive(o, "type");
	if (type == NULL)
		rc = rec_bad(c, 1, "missing member \"type\"");
	else if (!cJSON_IsString(type))
		rc = rec_bad(c, col_of(&w, "type"),
		    "member \"type\" must be a string");
	else if (strcmp(type->valuestring, "trace") == 0)
		rc = do_trace(c, &w, o);
	else if (strcmp(type->valuestring, "score") == 0)
		rc = do_score(c, &w, o);
	else if (strcmp(type->valuestring, "node") == 0) {
		memset(&nc, 0, sizeof nc);
		k = get_id(cJSON_GetObjectItemCaseSensitive(o, "trace"), tbuf,
		    &nc.trace);
		if (k == 0)
			rc = rec_bad(c, 1, "missing member \"trace\"");
		else if (k < 0 || *nc.trace == '\0')
			rc = rec_bad(c, col_of(&w, "trace"), "member \"trace\" "
			    "must be a non-empty string or an integer");
		else {
			rc = do_node(c, &w, o, &nc);
			free(nc.id);
		}
	} else
		rc = rec_bad(c, col_of(&w, "type"), "unknown type \"%s\" "
		    "(expected trace, node or score)", type->valuestring);
	cJSON_Delete(o);
	return rc;
}

/* One line for imp_rec_jsonl (raw: the nested form parses it here). */
static int
canopy_line(struct imp_jrec *jr, const cJSON *unused, void *arg,
    char **msg)
{
	struct canopy	*c = arg;
	int		 rc;

	(void)unused;
	c->line = jr->doc;
	c->len = jr->len;
	c->lineno = jr->line0;
	c->partial = jr->partial;
	c->cause = msg;
	rc = do_line(c);
	if (rc == CN_FATAL && *msg == NULL)
		*msg = xasprintf("%s:%ld: import failed", c->name, c->lineno);
	return rc;
}

int
imp_canopy_read(FILE *in, const char *name, const struct imp_opts *opts,
    const struct imp_sink *sink, struct imp_report *report, char **cause)
{
	struct canopy	c;
	int		rc;

	memset(&c, 0, sizeof c);
	c.name = name;
	c.opts = opts;
	c.sink = sink;
	c.report = report;
	buf_init(&c.tags);
	rc = imp_rec_jsonl_flags(in, name, IMP_REC_RAW, opts, report,
	    canopy_line, &c, cause);
	trace_table_free(&c);
	free(c.more);
	free(c.nodes);
	free(c.mems);
	buf_free(&c.tags);
	return rc;
}

/* Does text p[0..n) hold "type" : "trace|node|score"? */
static int
sniff_type_text(const char *p, size_t n)
{
	static const char *const types[] = { "trace", "node", "score", NULL };
	const char	*q, *end = p + n;
	size_t		 i, tl;

	while ((q = memmem(p, (size_t)(end - p), "\"type\"", 6)) != NULL) {
		p = q + 6;
		while (p < end && strchr(" \t", *p) != NULL && *p != '\0')
			p++;
		if (p >= end || *p != ':')
			continue;
		for (p++; p < end && strchr(" \t", *p) != NULL && *p != '\0';
		    p++)
			;
		for (i = 0; types[i] != NULL; i++) {
			tl = strlen(types[i]);
			if ((size_t)(end - p) >= tl + 2 && *p == '"' &&
			    memcmp(p + 1, types[i], tl) == 0 &&
			    p[tl + 1] == '"')
				return 1;
		}
	}
	return 0;
}

int
imp_canopy_sniff(const char *buf, size_t len, char **why)
{
	const char	*p = buf, *end = buf + len, *nl, *e = NULL;
	cJSON		*j;
	size_t		 n;
	int		 ok;

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end && strchr(" \t\r\n", *p) != NULL && *p != '\0')
		p++;
	if (p == end) {
		*why = xstrdup("no records");
		return 0;
	}
	if (*p != '{') {
		*why = xstrdup("the first record is not a JSON object");
		return 0;
	}
	nl = memchr(p, '\n', (size_t)(end - p));
	n = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
	j = cJSON_ParseWithLengthOpts(p, n, &e, 0);
	if (j == NULL) {
		/*
		 * Cut off by the sniff buffer or a bad first record: let the
		 * text decide, so the importer reports the error itself.
		 */
		if (sniff_type_text(p, n))
			return 1;
		*why = xstrdup(nl == NULL ? "the first line is not JSON "
		    "(or too long to tell)" : "the first line is not JSON");
		return 0;
	}
	ok = cJSON_IsObject(j) && cJSON_IsString(cJSON_GetObjectItem(j,
	    "type"));
	if (!ok) {
		*why = xstrdup("the first object has no \"type\"");
		cJSON_Delete(j);
		return 0;
	}
	ok = sniff_type_text(p, n);
	if (!ok)
		*why = xasprintf("the first record's \"type\" is \"%s\", not "
		    "trace, node or score",
		    cJSON_GetObjectItem(j, "type")->valuestring);
	cJSON_Delete(j);
	return ok;
}

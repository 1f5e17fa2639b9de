/*
 * imp-canopy.c - canopy's own format, canopy-jsonl v1 (docs/format.md):
 * one JSON object per line whose "type" is trace, node or score. A trace
 * record with a "root" member carries its whole tree nested in that one
 * line (the nested form).
 *
 * Limits: lines up to IMP_MAX_RECORD (memory is a few times the longest
 * line); nested trees of any depth, walked with an explicit stack
 * (imp-canopy-scan.c), never by recursion; ids are synthesised from
 * child-index paths only down to depth CANOPY_PATH_MAX (deeper nodes must
 * carry an "id", since path ids grow with depth and a deep chain of them
 * is quadratic in size). Any other JSON value nests at most IMP_MAX_DEPTH
 * deep. Invalid UTF-8, NaN, Infinity, numbers that overflow a double and
 * NUL characters in strings are rejected (imp_json_check). Duplicate node
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
#include "imp-canopy.h"
#include "imp-formats.h"

#define CANOPY_FORMAT	"canopy-jsonl"

/*
 * Record handlers return CN_OK; CN_BAD when they rejected (part of) the
 * record and the skip-bad policy let the import go on (imp_canopy_bad has
 * already counted it); or CN_FATAL to stop, the cause being set.
 */

static const char *const trace_used[] = { "type", "id", "problem",
    "ground_truth", "root", NULL };

/* ---- errors -------------------------------------------------------- */

/*
 * "name:line:col" of column col (1-based) of the record, which spans
 * lines when it was pretty-printed (imp_rec_jsonl), as heap text.
 */
static char *
rec_where(struct canopy *c, size_t col)
{
	const char	*p, *e, *nl;
	long		 line = c->lineno, lc;

	if (col < 1)
		col = 1;
	if (col - 1 > c->len)
		col = c->len + 1;
	p = c->line;
	e = c->line + col - 1;
	lc = (long)col + c->col0;
	while ((nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		line++;
		p = nl + 1;
		lc = (long)(e - p) + 1;
	}
	return xasprintf("%s:%ld:%ld", c->ctx.name, line, lc);
}

/* Rejects the current record with "name:line:col: what" (skip-bad policy). */
int
imp_canopy_bad(struct canopy *c, size_t col, const char *fmt, ...)
{
	va_list	 ap;
	char	*what, *msg, *where;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	where = rec_where(c, col);
	msg = xasprintf("%s: %s", where, what);
	free(where);
	free(what);
	return imp_bad(c->ctx.opts, c->ctx.rep, msg, c->ctx.cause) == 0 ?
	    CN_BAD : CN_FATAL;
}

/* Stops the import with "name:line:col: what" (sink failures, I/O). */
int
imp_canopy_fatal(struct canopy *c, size_t col, const char *what)
{
	char	*where;

	if (c->ctx.cause != NULL) {
		where = rec_where(c, col);
		*c->ctx.cause = xasprintf("%s: %s", where, what != NULL ? what :
		    "import failed");
		free(where);
	}
	return CN_FATAL;
}

/*
 * The column (1-based) of member key in the record, or 1 when it cannot
 * be found. Flat lines are searched for "key" followed by ':'.
 */
size_t
imp_canopy_col(const struct where *w, const char *key)
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

/*
 * The kind of record from its "type" member v (NULL when absent), or the
 * record is rejected; col is where v's key stands (0: look it up).
 */
int
imp_canopy_type(struct canopy *c, const struct where *w, const cJSON *v,
    size_t col, enum rec_kind *kind)
{
	static const char *const names[] = { "trace", "node", "score" };
	size_t			  i;

	if (v == NULL)
		return imp_canopy_bad(c, 1, "missing member \"type\"");
	for (i = 0; cJSON_IsString(v) && i < sizeof names / sizeof *names;
	    i++) {
		if (strcmp(v->valuestring, names[i]) == 0) {
			*kind = (enum rec_kind)i;
			return CN_OK;
		}
	}
	if (col == 0)
		col = imp_canopy_col(w, "type");
	if (!cJSON_IsString(v))
		return imp_canopy_bad(c, col,
		    "member \"type\" must be a string");
	return imp_canopy_bad(c, col, "unknown type \"%s\" (expected trace, "
	    "node or score)", v->valuestring);
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
int
imp_canopy_switch(struct canopy *c, const char *ext, int start,
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
		tr.source = c->ctx.name;
		t->started = 1;
	}
	rc = c->ctx.sink->trace(c->ctx.sink->arg, &tr, &why);
	if (rc == CN_OK) {
		c->cur = t;
		free(why);
		return CN_OK;
	}
	c->cur = NULL;
	if (rc == CN_BAD) {
		rc = imp_canopy_bad(c, imp_canopy_col(w, "trace"),
		    "trace \"%s\": %s", ext, why != NULL ? why : "rejected");
		free(why);
		return rc;
	}
	rc = imp_canopy_fatal(c, imp_canopy_col(w, "trace"), why);
	free(why);
	return rc;
}

/*
 * Parses line[off, off+len) as exactly one JSON value. On error rejects the
 * record with the position of the problem.
 */
int
imp_canopy_parse(struct canopy *c, size_t off, size_t len, cJSON **out)
{
	const char	*s = c->line + off, *end = NULL, *p;
	const char	*lend = c->line + c->len;
	cJSON		*j;
	char		*what;
	size_t		 eoff, vend;
	int		 rc;

	*out = NULL;
	if (imp_json_check(s, len, &eoff, &what) != 0) {
		rc = imp_canopy_bad(c, off + eoff + 1, "%s", what);
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
		    imp_canopy_scan_value(c, imp_canopy_scan_ws(c, off),
		    &vend) != 0)) {
			if (c->partial && off + len == c->len)
				return imp_canopy_bad(c, off + len + 1,
				    "truncated last line (the file ends "
				    "inside a JSON value, without a "
				    "newline)");
			return imp_canopy_bad(c, off + len + 1,
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
			return imp_canopy_bad(c, off + eoff + 1,
			    "NaN and Infinity are not JSON numbers");
		return imp_canopy_bad(c, off + eoff + 1, "invalid JSON");
	}
	for (p = end; p < s + len && strchr(" \t\r\n", *p) != NULL; p++)
		;
	if (p < s + len) {
		cJSON_Delete(j);
		return imp_canopy_bad(c, (size_t)(p - c->line) + 1,
		    "unexpected text after the JSON value");
	}
	*out = j;
	return CN_OK;
}

/* ---- trace and score records --------------------------------------- */

/* Handles a trace header (flat, or the header of a nested trace). */
int
imp_canopy_trace(struct canopy *c, const struct where *w, const cJSON *o)
{
	struct cn_trace	 tr;
	struct ctrace	*t;
	char		 idbuf[32], *why, *extra;
	const char	*bad = NULL;
	int		 k, rc;

	memset(&tr, 0, sizeof tr);
	k = imp_json_get_id(cJSON_GetObjectItemCaseSensitive(o, "id"), idbuf,
	    &tr.ext_id);
	if (k < 0)
		return imp_canopy_bad(c, imp_canopy_col(w, "id"),
		    "member \"id\" must be a string or an integer");
	if (k == 0)
		return imp_canopy_bad(c, 1, "missing member \"id\"");
	if (*tr.ext_id == '\0')
		return imp_canopy_bad(c, imp_canopy_col(w, "id"),
		    "member \"id\" is empty");
	if (imp_json_get_str(o, "problem", &tr.problem) < 0)
		bad = "problem";
	else if (imp_json_get_str(o, "ground_truth", &tr.ground_truth) < 0)
		bad = "ground_truth";
	if (bad != NULL)
		return imp_canopy_bad(c, imp_canopy_col(w, bad),
		    "member \"%s\" must be a string", bad);
	t = trace_lookup(c, tr.ext_id, 1);
	if (t->header_line != 0)
		return imp_canopy_bad(c, imp_canopy_col(w, "id"),
		    "duplicate trace \"%s\" (first given on line %ld)",
		    t->ext, t->header_line);
	tr.ext_id = t->ext;
	tr.format = CANOPY_FORMAT;
	tr.source = c->ctx.name;
	extra = imp_json_extra(o, trace_used, 0);
	tr.extra = extra;
	why = NULL;
	rc = c->ctx.sink->trace(c->ctx.sink->arg, &tr, &why);
	free(extra);
	if (rc == CN_OK) {
		t->header_line = c->lineno;
		t->started = 1;
		c->cur = t;
	} else {
		c->cur = NULL;
		if (rc == CN_BAD)
			rc = imp_canopy_bad(c, imp_canopy_col(w, "id"),
			    "trace \"%s\": %s", t->ext,
			    why != NULL ? why : "rejected");
		else
			rc = imp_canopy_fatal(c, imp_canopy_col(w, "id"), why);
	}
	free(why);
	return rc;
}

/* Member key of a score record, a non-empty string or an integer. */
static int
score_id(struct canopy *c, const struct where *w, const cJSON *o,
    const char *key, char buf[32], const char **out)
{
	int	k;

	k = imp_json_get_id(cJSON_GetObjectItemCaseSensitive(o, key), buf,
	    out);
	if (k == 0)
		return imp_canopy_bad(c, 1, "missing member \"%s\"", key);
	if (k < 0 || **out == '\0')
		return imp_canopy_bad(c, imp_canopy_col(w, key),
		    "member \"%s\" must be a non-empty string or an integer",
		    key);
	return CN_OK;
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
	int		 k, rc;

	cJSON_ArrayForEach(m, o) {
		if (!imp_json_listed(known, m->string))
			return imp_canopy_bad(c,
			    imp_canopy_col(w, m->string), "unknown member "
			    "\"%s\" in a score record", m->string);
	}
	if ((rc = score_id(c, w, o, "trace", tbuf, &trace)) != CN_OK ||
	    (rc = score_id(c, w, o, "node", nbuf, &node)) != CN_OK)
		return rc;
	k = imp_json_get_str(o, "name", &name);
	if (k <= 0 || *name == '\0')
		return imp_canopy_bad(c,
		    k == 0 ? 1 : imp_canopy_col(w, "name"), k == 0 ?
		    "missing member \"name\"" :
		    "member \"name\" must be a non-empty string");
	v = cJSON_GetObjectItemCaseSensitive(o, "value");
	if (v == NULL)
		return imp_canopy_bad(c, 1, "missing member \"value\"");
	if (!cJSON_IsNumber(v))
		return imp_canopy_bad(c, imp_canopy_col(w, "value"),
		    "member \"value\" must be a number");
	if ((rc = imp_canopy_switch(c, trace, 0, w, &t)) != CN_OK)
		return rc;
	why = NULL;
	rc = c->ctx.sink->score(c->ctx.sink->arg, node, name, v->valuedouble,
	    &why);
	if (rc == CN_BAD)
		rc = imp_canopy_bad(c, imp_canopy_col(w, "node"),
		    "score \"%s\": %s", name, why != NULL ? why : "rejected");
	else if (rc != CN_OK)
		rc = imp_canopy_fatal(c, imp_canopy_col(w, "node"), why);
	free(why);
	return rc;
}

/* ---- lines ---------------------------------------------------------- */

/* Handles one non-empty line. */
static int
do_line(struct canopy *c)
{
	struct where	 w = { c, -1 };
	struct nodectx	 nc;
	enum rec_kind	 kind = REC_NODE;
	cJSON		*o;
	char		 tbuf[32], *what;
	size_t		 bad, col;
	int		 rc, tree, k;

	if (!imp_utf8_valid(c->line, c->len, &bad))
		return imp_canopy_bad(c, bad + 1, "invalid UTF-8 (byte 0x%02x)",
		    (unsigned char)c->line[bad]);
	/*
	 * cJSON nests at most 1000 deep, so a line that may hold a nested
	 * tree is first parsed structurally, without recursion.
	 */
	if (memmem(c->line, c->len, "\"root\"", 6) != NULL) {
		if (imp_canopy_scan(c, &tree, &col, &what) != 0) {
			rc = imp_canopy_bad(c, col, "%s", what);
			free(what);
			return rc;
		}
		if (tree) {
			if ((rc = imp_canopy_nested_type(c, &k)) != CN_OK)
				return rc;
			if (k)
				return imp_canopy_nested_run(c);
		}
	}
	if ((rc = imp_canopy_parse(c, 0, c->len, &o)) != CN_OK)
		return rc;
	if (!cJSON_IsObject(o)) {
		cJSON_Delete(o);
		return imp_canopy_bad(c, imp_canopy_scan_ws(c, 0) + 1,
		    "expected a JSON object");
	}
	rc = imp_canopy_type(c, &w, cJSON_GetObjectItemCaseSensitive(o,
	    "type"), 0, &kind);
	if (rc == CN_OK && kind == REC_TRACE)
		rc = imp_canopy_trace(c, &w, o);
	else if (rc == CN_OK && kind == REC_SCORE)
		rc = do_score(c, &w, o);
	else if (rc == CN_OK) {
		memset(&nc, 0, sizeof nc);
		k = imp_json_get_id(cJSON_GetObjectItemCaseSensitive(o,
		    "trace"), tbuf, &nc.trace);
		if (k == 0)
			rc = imp_canopy_bad(c, 1, "missing member \"trace\"");
		else if (k < 0 || *nc.trace == '\0')
			rc = imp_canopy_bad(c, imp_canopy_col(&w, "trace"),
			    "member \"trace\" must be a non-empty string or "
			    "an integer");
		else
			rc = imp_canopy_node(c, &w, o, &nc);
	}
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
	c->col0 = jr->col0;
	c->partial = jr->partial;
	c->ctx.cause = msg;
	rc = do_line(c);
	return imp_jrec_status(jr, rc, NULL, msg);
}

static int
canopy_end(void *arg, int rc, char **cause)
{
	struct canopy	*c = arg;

	trace_table_free(c);
	free(c->more);
	free(c->nodes);
	free(c->mems);
	buf_free(&c->tags);
	return rc;
}

const struct imp_rec_kind imp_canopy_kind = {
	sizeof (struct canopy), IMP_REC_RAW, canopy_line, canopy_end
};

int
imp_canopy_sniff(const char *buf, size_t len, char **why)
{
	static const char *const types[] = { "trace", "node", "score", NULL };
	const char	*p = buf, *end = buf + len, *nl, *v, *q;
	size_t		 n, pos = 0;
	long		 off;
	int		 i, rc;

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
	/*
	 * Only the members before "type" must be whole: a record cut off
	 * by the sniff buffer, or bad after it, is this importer's to read
	 * (and to report).
	 */
	if ((off = imp_jscan_member(p, n, "type")) >= 0 && p[off] == '"') {
		v = p + off + 1;
		for (q = v; q < p + n && *q != '"'; q++)
			;
		for (i = 0; types[i] != NULL; i++)
			if ((size_t)(q - v) == strlen(types[i]) &&
			    memcmp(v, types[i], (size_t)(q - v)) == 0)
				return 1;
		*why = xasprintf("the first record's \"type\" is \"%.*s\", not "
		    "trace, node or score", (int)(q - v), v);
		return 0;
	}
	if (off >= 0 || (rc = imp_jscan_skip(p, n, &pos)) == IMP_JSCAN_OK) {
		*why = xstrdup("the first object has no \"type\"");
		return 0;
	}
	*why = xstrdup(rc == IMP_JSCAN_EOF && nl == NULL ? "the first line "
	    "is not JSON (or too long to tell)" : "the first line is not JSON");
	return 0;
}

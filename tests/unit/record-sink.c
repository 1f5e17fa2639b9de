/*
 * record-sink.c - see record-sink.h. Line formats, fields present only
 * when set, numbers with %g:
 *	trace <ext> [format=..] [problem=..] [truth=..] [extra=..]
 *	node <ext> parent=<ext|-> role=.. [text=..] [obs=..] [terminal]
 *	    [chosen] [<signal>=<v>...] [extra=..] line=<n>
 *	annotation <node_ext> author=.. [rating=..] [first_error]
 *	    [tags=..] [note=..]
 *	score <node_ext> <name>=<v>
 *	score_path t="<text>" > t="<text>"... <name>=<v>
 * Text values are quoted with \n, \t, \\ and \" escaped. A line is printed
 * from the same fields that record_sink_count() matches, so the two never
 * disagree.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "record-sink.h"

static void
rs_quote(struct cn_buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\n': buf_adds(b, "\\n"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '"': buf_adds(b, "\\\""); break;
		default: buf_addc(b, *s); break;
		}
	}
	buf_addc(b, '"');
}

/*
 * Makes room in v (n items of size, capacity *cap) for one more, doubling:
 * a deep chain of 50,000 nodes must not copy its records 50,000 times (a
 * sanitizer's realloc always copies). Returns the array.
 */
static void *
rs_grow(void *v, size_t n, size_t *cap, size_t size)
{
	if (n < *cap)
		return v;
	*cap = *cap == 0 ? 16 : *cap * 2;
	return xreallocarray(v, *cap, size);
}

/* Starts a record of kind for id in the current trace. */
static struct rs_record *
rs_begin(struct record_sink *rs, const char *kind, const char *id)
{
	struct rs_record	*r;

	rs->recs = rs_grow(rs->recs, rs->nrecs, &rs->caprecs,
	    sizeof *rs->recs);
	r = &rs->recs[rs->nrecs++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	r->id = xstrdup_or_null(id);
	r->trace = xstrdup_or_null(rs->cur);
	r->copy = (size_t)-1;
	return r;
}

/* Adds a field; value NULL is a flag, and quoted fields skip NULL. */
static void
rs_add(struct rs_record *r, const char *key, const char *value, int quoted)
{
	struct rs_field	*f;

	if (quoted && value == NULL)
		return;
	r->fields = xreallocarray(r->fields, r->nfields + 1,
	    sizeof *r->fields);
	f = &r->fields[r->nfields++];
	f->key = xstrdup(key);
	f->value = xstrdup_or_null(value);
	f->quoted = quoted;
}

/* Adds a number as the log prints it (%g). */
static void
rs_addg(struct rs_record *r, const char *key, double v)
{
	char	*s = xasprintf("%g", v);

	rs_add(r, key, s, 0);
	free(s);
}

/* Prints r as its log line and answers the call. */
static int
rs_end(struct record_sink *rs, struct rs_record *r, char **cause)
{
	struct cn_buf	 b;
	size_t		 i;

	buf_init(&b);
	buf_adds(&b, r->kind);
	if (r->id != NULL)
		buf_printf(&b, " %s", r->id);
	for (i = 0; i < r->nfields; i++) {
		buf_printf(&b, " %s", r->fields[i].key);
		if (r->fields[i].value == NULL)
			continue;
		buf_addc(&b, '=');
		if (r->fields[i].quoted)
			rs_quote(&b, r->fields[i].value);
		else
			buf_adds(&b, r->fields[i].value);
	}
	r->line = buf_take(&b);
	buf_adds(&rs->log, r->line);
	buf_addc(&rs->log, '\n');

	rs->calls++;
	if (rs->fail_at != 0 && rs->calls == rs->fail_at) {
		if (cause != NULL)
			*cause = xasprintf("recorded failure at call %d",
			    rs->calls);
		return rs->fail_rc;
	}
	if (cause != NULL)
		*cause = NULL;
	return CN_OK;
}

/* Keeps a copy of a trace that starts (not one that resumes). */
static void
rs_keep_trace(struct record_sink *rs, const struct cn_trace *t)
{
	free(rs->cur);
	rs->cur = xstrdup_or_null(t->ext_id);
	if (t->ext_id != NULL && record_sink_trace(rs, t->ext_id) != NULL) {
		rs->nresumes++;
		return;
	}
	rs->traces = rs_grow(rs->traces, rs->ntraces, &rs->captraces,
	    sizeof *rs->traces);
	cn_trace_copy(&rs->traces[rs->ntraces++], t);
}

static int
rs_trace(void *arg, const struct cn_trace *t, char **cause)
{
	struct record_sink	*rs = arg;
	struct rs_record	*r;
	int			 rc;

	r = rs_begin(rs, "trace", t->ext_id != NULL ? t->ext_id : "(null)");
	free(r->trace);
	r->trace = xstrdup_or_null(t->ext_id);
	rs_add(r, "format", t->format, 1);
	rs_add(r, "problem", t->problem, 1);
	rs_add(r, "truth", t->ground_truth, 1);
	rs_add(r, "extra", t->extra, 1);
	if ((rc = rs_end(rs, r, cause)) == CN_OK)
		rs_keep_trace(rs, t);
	return rc;
}

static void
rs_keep_node(struct record_sink *rs, const struct cn_node *n)
{
	struct rs_node	*c;

	rs->nodes = rs_grow(rs->nodes, rs->nnodes, &rs->capnodes,
	    sizeof *rs->nodes);
	c = &rs->nodes[rs->nnodes++];
	c->trace = xstrdup_or_null(rs->cur);
	cn_node_copy(&c->n, n);
}

static int
rs_node(void *arg, const struct cn_node *n, char **cause)
{
	struct record_sink	*rs = arg;
	struct rs_record	*r;
	char			*line;
	size_t			 i;
	int			 s, rc;

	r = rs_begin(rs, "node", n->ext_id != NULL ? n->ext_id : "(null)");
	rs_add(r, "parent", n->parent_ext != NULL ? n->parent_ext : "-", 0);
	rs_add(r, "role", n->role != NULL ? n->role : "(null)", 0);
	rs_add(r, "text", n->text, 1);
	rs_add(r, "obs", n->observation, 1);
	if (n->terminal)
		rs_add(r, "terminal", NULL, 0);
	if (n->chosen)
		rs_add(r, "chosen", NULL, 0);
	for (s = 0; s < CN_SIG_COUNT; s++)
		if (cn_hasval(n->sig[s]))
			rs_addg(r, cn_sig_names[s], n->sig[s]);
	for (i = 0; i < n->nmore; i++)
		rs_addg(r, n->more[i].name, n->more[i].value);
	rs_add(r, "extra", n->extra, 1);
	line = xasprintf("%lld", (long long)n->src_line);
	rs_add(r, "line", line, 0);
	free(line);
	if ((rc = rs_end(rs, r, cause)) == CN_OK) {
		r->copy = rs->nnodes;
		rs_keep_node(rs, n);
	}
	return rc;
}

static int
rs_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	struct record_sink	*rs = arg;
	struct rs_record	*r;
	struct rs_annotation	*c;
	char			*rating;
	int			 rc;

	r = rs_begin(rs, "annotation",
	    a->node_ext != NULL ? a->node_ext : "(null)");
	rs_add(r, "author", a->author != NULL ? a->author : "(null)", 0);
	if (a->rating != CN_NORATING) {
		rating = xasprintf("%d", a->rating);
		rs_add(r, "rating", rating, 0);
		free(rating);
	}
	if (a->first_error)
		rs_add(r, "first_error", NULL, 0);
	rs_add(r, "tags", a->tags, 1);
	rs_add(r, "note", a->note, 1);
	if ((rc = rs_end(rs, r, cause)) != CN_OK)
		return rc;
	rs->ann = rs_grow(rs->ann, rs->nann, &rs->capann,
	    sizeof *rs->ann);
	c = &rs->ann[rs->nann++];
	c->trace = xstrdup_or_null(rs->cur);
	cn_annotation_copy(&c->a, a);
	return CN_OK;
}

static int
rs_score(void *arg, const char *node_ext, const char *name, double v,
    char **cause)
{
	struct record_sink	*rs = arg;
	struct rs_record	*r;

	r = rs_begin(rs, "score", node_ext);
	r->value = v;
	rs_addg(r, name, v);
	return rs_end(rs, r, cause);
}

static int
rs_score_path(void *arg, const char *const *texts, size_t n,
    const char *name, double v, char **cause)
{
	struct record_sink	*rs = arg;
	struct rs_record	*r;
	size_t			 i;

	r = rs_begin(rs, "score_path", NULL);
	r->value = v;
	for (i = 0; i < n; i++) {
		/* A flag named ">" prints the separator of the path. */
		if (i > 0)
			rs_add(r, ">", NULL, 0);
		rs_add(r, "t", texts[i], 1);
	}
	rs_addg(r, name, v);
	return rs_end(rs, r, cause);
}

void
record_sink_init(struct record_sink *rs, struct imp_sink *sink)
{
	memset(rs, 0, sizeof *rs);
	buf_init(&rs->log);
	*sink = (struct imp_sink){ rs_trace, rs_node, rs_annotation, rs_score,
	    rs_score_path, rs };
}

void
record_sink_free(struct record_sink *rs)
{
	size_t	i, k;

	for (i = 0; i < rs->nrecs; i++) {
		for (k = 0; k < rs->recs[i].nfields; k++) {
			free(rs->recs[i].fields[k].key);
			free(rs->recs[i].fields[k].value);
		}
		free(rs->recs[i].fields);
		free(rs->recs[i].id);
		free(rs->recs[i].trace);
		free(rs->recs[i].line);
	}
	for (i = 0; i < rs->ntraces; i++)
		cn_trace_clear(&rs->traces[i]);
	for (i = 0; i < rs->nnodes; i++) {
		free(rs->nodes[i].trace);
		cn_node_clear(&rs->nodes[i].n);
	}
	for (i = 0; i < rs->nann; i++) {
		free(rs->ann[i].trace);
		cn_annotation_clear(&rs->ann[i].a);
	}
	free(rs->recs);
	free(rs->traces);
	free(rs->nodes);
	free(rs->ann);
	free(rs->cur);
	buf_free(&rs->log);
	memset(rs, 0, sizeof *rs);
}

const char *
record_sink_log(const struct record_sink *rs)
{
	return rs->log.s != NULL ? rs->log.s : "";
}

const char *
record_sink_field(const struct rs_record *rec, const char *key)
{
	size_t	i;

	for (i = 0; i < rec->nfields; i++)
		if (strcmp(rec->fields[i].key, key) == 0)
			return rec->fields[i].value;
	return NULL;
}

/* Whether have satisfies op ('=' equal, '^' prefix, '*' contains). */
static int
rs_test(const char *have, int op, const char *want)
{
	if (have == NULL)
		return 0;
	switch (op) {
	case '^':
		return strncmp(have, want, strlen(want)) == 0;
	case '*':
		return strstr(have, want) != NULL;
	default:
		return strcmp(have, want) == 0;
	}
}

/* Whether rec satisfies one spec (see record-sink.h). */
static int
rs_match(const struct rs_record *rec, const char *spec)
{
	const char	*eq = strchr(spec, '=');
	char		*key;
	size_t		 klen, i;
	int		 op = '=', ok = 0;

	if (eq == NULL) {
		for (i = 0; i < rec->nfields; i++)
			if (strcmp(rec->fields[i].key, spec) == 0)
				return 1;
		return 0;
	}
	klen = (size_t)(eq - spec);
	if (klen > 0 && (eq[-1] == '^' || eq[-1] == '*')) {
		op = eq[-1];
		klen--;
	}
	key = xstrndup(spec, klen);
	eq++;
	/* "id" and "trace" are the record's own; other keys are fields. */
	if (strcmp(key, "id") == 0)
		ok = rs_test(rec->id, op, eq);
	else if (strcmp(key, "trace") == 0)
		ok = rs_test(rec->trace, op, eq);
	else
		for (i = 0; i < rec->nfields && !ok; i++)
			if (strcmp(rec->fields[i].key, key) == 0)
				ok = rs_test(rec->fields[i].value, op, eq);
	free(key);
	return ok;
}

size_t
record_sink_vcount(const struct record_sink *rs, const char *kind,
    va_list ap)
{
	const char	*specs[32], *s;
	size_t		 nspecs = 0;

	while ((s = va_arg(ap, const char *)) != NULL) {
		if (nspecs == sizeof specs / sizeof specs[0])
			fatal("record_sink_count: too many specs");
		specs[nspecs++] = s;
	}
	return record_sink_count_specs(rs, kind, specs, nspecs);
}

size_t
record_sink_count_specs(const struct record_sink *rs, const char *kind,
    const char *const *specs, size_t nspecs)
{
	size_t	i, k, n = 0;

	for (i = 0; i < rs->nrecs; i++) {
		if (kind != NULL && strcmp(rs->recs[i].kind, kind) != 0)
			continue;
		for (k = 0; k < nspecs; k++)
			if (!rs_match(&rs->recs[i], specs[k]))
				break;
		n += k == nspecs;
	}
	return n;
}

size_t
record_sink_count(const struct record_sink *rs, const char *kind, ...)
{
	va_list	ap;
	size_t	n;

	va_start(ap, kind);
	n = record_sink_vcount(rs, kind, ap);
	va_end(ap);
	return n;
}

const struct rs_record *
record_sink_find(const struct record_sink *rs, const char *kind,
    const char *trace, const char *id)
{
	const struct rs_record	*r;
	size_t			 i;

	for (i = 0; i < rs->nrecs; i++) {
		r = &rs->recs[i];
		if (strcmp(r->kind, kind) == 0 && r->id != NULL &&
		    strcmp(r->id, id) == 0 && (trace == NULL ||
		    (r->trace != NULL && strcmp(r->trace, trace) == 0)))
			return r;
	}
	return NULL;
}

int
record_sink_fields_are(const struct rs_record *rec, ...)
{
	struct rs_record	 one;
	const char		*spec;
	va_list			 ap;
	size_t			 i = 0;
	int			 ok = 1;

	va_start(ap, rec);
	while (ok && (spec = va_arg(ap, const char *)) != NULL) {
		if (i == rec->nfields) {
			ok = 0;
			break;
		}
		/* Field i alone must satisfy spec i. */
		one = *rec;
		one.fields = &rec->fields[i++];
		one.nfields = 1;
		ok = rs_match(&one, spec);
	}
	va_end(ap);
	return ok && i == rec->nfields;
}

int
record_sink_has_line(const struct record_sink *rs, const char *lines)
{
	const char	*p, *e;
	size_t		 i, k, len;

	for (i = 0; i < rs->nrecs; i++) {
		for (p = lines, k = i; k < rs->nrecs; p = e + 1, k++) {
			e = strchr(p, '\n');
			len = e != NULL ? (size_t)(e - p) : strlen(p);
			if (strncmp(rs->recs[k].line, p, len) != 0 ||
			    rs->recs[k].line[len] != '\0')
				break;
			if (e == NULL)
				return 1;
		}
	}
	return 0;
}

const struct cn_node *
record_sink_node(const struct record_sink *rs, const char *trace,
    const char *ext)
{
	size_t	i;

	for (i = 0; i < rs->nnodes; i++)
		if (rs->nodes[i].n.ext_id != NULL &&
		    strcmp(rs->nodes[i].n.ext_id, ext) == 0 &&
		    (trace == NULL || (rs->nodes[i].trace != NULL &&
		    strcmp(rs->nodes[i].trace, trace) == 0)))
			return &rs->nodes[i].n;
	return NULL;
}

const struct cn_trace *
record_sink_trace(const struct record_sink *rs, const char *ext)
{
	size_t	i;

	for (i = 0; i < rs->ntraces; i++)
		if (rs->traces[i].ext_id != NULL &&
		    strcmp(rs->traces[i].ext_id, ext) == 0)
			return &rs->traces[i];
	return NULL;
}

double
record_sink_sig(const struct cn_node *n, const char *name)
{
	const struct cn_signal	*m;
	int			 s;

	if ((s = cn_sig_lookup(name)) >= 0 && cn_hasval(n->sig[s]))
		return n->sig[s];
	m = cn_node_more(n, name);
	return m != NULL ? m->value : CN_NOVAL;
}

/*
 * imp-rec.c - typed field access with positioned messages, sink calls
 * that turn a sink's refusal into a positioned message, and the
 * per-record skip/stop decision; see imp-rec.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "imp-rec.h"

/*
 * The sink's status rc, with *msg when it refused; takes the sink's cause
 * from *cp only here, after the call (arguments have no set order).
 */
static int
emit_result(int rc, char **cp, char **msg, const char *name, long line,
    const char *what, const char *id)
{
	char	*c = *cp;
	int	 n;

	if (id == NULL)
		id = "(null)";
	/* An id past the cap is quoted by its start only. */
	n = (int)strnlen(id, IMP_MAX_ID + 1);
	if (n > IMP_MAX_ID)
		n = 32;
	if (rc != CN_OK)
		*msg = xasprintf("%s:%ld: %s %.*s%s: %s", name, line, what, n,
		    id, n < (int)strlen(id) ? "..." : "",
		    c != NULL ? c : "rejected by the store");
	free(c);
	return rc;
}

int
imp_rec_trace(const struct imp_sink *s, const struct cn_trace *t,
    const char *name, long line, char **msg)
{
	char	*c = NULL;

	return emit_result(s->trace(s->arg, t, &c), &c, msg, name, line,
	    "trace", t->ext_id);
}

int
imp_rec_node(const struct imp_sink *s, const struct cn_node *n,
    const char *name, char **msg)
{
	char	*c = NULL;

	return emit_result(s->node(s->arg, n, &c), &c, msg, name,
	    (long)n->src_line, "node", n->ext_id);
}

int
imp_rec_send(const struct imp_sink *s, const char *ext, const char *parent,
    const char *text, int terminal, const char *extra,
    const struct cn_signal *more, size_t nmore, const char *name, long line,
    char **msg)
{
	struct cn_node	n;

	cn_node_init(&n);
	n.ext_id = ext;
	n.parent_ext = parent;
	n.role = parent == NULL ? "root" : "step";
	n.text = text;
	n.terminal = terminal;
	n.extra = extra;
	n.src_line = line;
	n.more = more;
	n.nmore = nmore;
	return imp_rec_node(s, &n, name, msg);
}

int
imp_rec_root(const struct imp_sink *s, const char *problem,
    const struct cn_signal *more, size_t nmore, const char *name, long line,
    char **msg)
{
	return imp_rec_send(s, "root", NULL, problem, 0, NULL, more, nmore,
	    name, line, msg);
}

int
imp_rec_step(const struct imp_sink *s, struct imp_jrec *jr, char *parent,
    size_t parentlen, int no, const char *text, int terminal,
    const struct cn_signal *more, size_t nmore, char **msg)
{
	char	ext[32];
	int	rc;

	snprintf(ext, sizeof ext, "%d", no);
	if ((rc = imp_rec_send(s, ext, parent, text, terminal, NULL, more,
	    nmore, jr->name, jr->line0, msg)) == CN_OK)
		snprintf(parent, parentlen, "%s", ext);
	return rc;
}

int
imp_rec_annotation(const struct imp_sink *s, const struct cn_annotation *a,
    const char *name, long line, char **msg)
{
	char	*c = NULL;

	return emit_result(s->annotation(s->arg, a, &c), &c, msg, name, line,
	    "annotation on", a->node_ext);
}

int
imp_rec_done(int rc, const struct imp_opts *o, struct imp_report *r,
    char *msg, char **cause)
{
	if (rc == CN_OK) {
		free(msg);
		return 0;
	}
	if (CN_NEVER(msg == NULL))
		msg = xstrdup("bad record (no message)");
	if (rc == CN_BAD)
		return imp_bad(o, r, msg, cause);
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return -1;
}

const char *
imp_rec_type(const cJSON *v)
{
	if (cJSON_IsNull(v))
		return "null";
	if (cJSON_IsBool(v))
		return "boolean";
	if (cJSON_IsNumber(v))
		return "number";
	if (cJSON_IsString(v))
		return "string";
	if (cJSON_IsArray(v))
		return "array";
	return "object";
}

/* How a wanted type reads in a message. */
static const char *
rec_want(int want)
{
	switch (want) {
	case cJSON_String:
		return "a string";
	case cJSON_Number:
		return "a number";
	case cJSON_Array:
		return "an array";
	case cJSON_Object:
		return "an object";
	case IMP_REC_BOOL:
		return "true or false";
	default:
		return "another type";
	}
}

char *
imp_rec_path(const char *at, const char *key)
{
	if (at == NULL || *at == '\0')
		return xstrdup(key);
	return xasprintf("%s.%s", at, key);
}

char *
imp_rec_index(const char *at, int i)
{
	return xasprintf("%s[%d]", at != NULL ? at : "", i);
}

const cJSON *
imp_rec_need(struct imp_jrec *jr, const cJSON *j, const char *key, int want,
    const char *what, char **msg)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(j, key);

	if (v == NULL)
		*msg = imp_jrec_at(jr, key, "missing \"%s\"", key);
	else if ((v->type & 0xff & want) == 0)
		*msg = imp_jrec_at(jr, key, "\"%s\" is not %s", key, what);
	else
		return v;
	return NULL;
}

int
imp_rec_fields(struct imp_jrec *jr, const cJSON *obj, const char *at,
    const struct imp_rec_field *f, char **msg)
{
	if (imp_rec_object(jr, obj, at, msg) != 0)
		return -1;
	for (; f->key != NULL; f++) {
		*f->out = imp_rec_get(jr, obj, at, f->key, f->want, f->required,
		    msg);
		if (*msg != NULL)
			return -1;
	}
	return 0;
}

int
imp_rec_object(struct imp_jrec *jr, const cJSON *v, const char *at,
    char **msg)
{
	if (cJSON_IsObject(v))
		return 0;
	*msg = imp_jrec_msg(jr, at, "expected an object, not %s",
	    imp_rec_type(v));
	return -1;
}

int
imp_rec_strings(struct imp_jrec *jr, const cJSON *arr, const char *at,
    char **msg)
{
	const cJSON	*s;
	char		*path;
	int		 i = 0;

	cJSON_ArrayForEach(s, arr) {
		if (!cJSON_IsString(s)) {
			path = imp_rec_index(at, i);
			*msg = imp_jrec_msg(jr, path, "expected a string, not "
			    "%s", imp_rec_type(s));
			free(path);
			return -1;
		}
		i++;
	}
	return i;
}

const cJSON *
imp_rec_get(struct imp_jrec *jr, const cJSON *obj, const char *at,
    const char *key, int want, int required, char **msg)
{
	const cJSON	*v;
	char		*path;

	*msg = NULL;
	v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (v != NULL && (v->type & 0xff & want) != 0)
		return v;
	if ((v == NULL || cJSON_IsNull(v)) && !required)
		return NULL;
	path = imp_rec_path(at, key);
	if (v == NULL)
		*msg = imp_jrec_msg(jr, path, "missing (%s is required)",
		    rec_want(want));
	else
		*msg = imp_jrec_msg(jr, path, "expected %s, not %s",
		    rec_want(want), imp_rec_type(v));
	free(path);
	return NULL;
}

int
imp_rec_jsonl(FILE *in, const char *name, const struct imp_opts *o,
    struct imp_report *r, imp_rec_fn fn, void *arg, char **cause)
{
	return imp_rec_jsonl_flags(in, name, 0, o, r, fn, arg, cause);
}

size_t
imp_rec_first(const char *buf, size_t len, size_t *span)
{
	const char	*nl;
	size_t		 p = 0, q, pos;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p = 3;
	while (p < len && strchr(" \t\r\n", buf[p]) != NULL && buf[p] != '\0')
		p++;
	if (p < len && buf[p] == '[') {
		for (q = p + 1; q < len && strchr(" \t\r\n", buf[q]) != NULL &&
		    buf[q] != '\0'; q++)
			;
		if (q < len && buf[q] == '{') {
			*span = len - q;
			return q;
		}
	}
	nl = memchr(buf + p, '\n', len - p);
	*span = nl != NULL ? (size_t)(nl - (buf + p)) : len - p;
	pos = 0;
	if (nl != NULL && p < len && buf[p] == '{' &&
	    imp_jscan_skip(buf + p, *span, &pos) == IMP_JSCAN_EOF)
		*span = len - p;
	return p;
}

int
imp_rec_sniff_line(const char *buf, size_t len, struct imp_jscan_key *keys,
    int max, const char **line, size_t *linelen, char **why)
{
	size_t		 p, span;
	int		 n, complete;

	p = imp_rec_first(buf, len, &span);
	if (line != NULL)
		*line = buf + p;
	if (linelen != NULL)
		*linelen = span;
	n = imp_jscan_keys(buf + p, span, keys, max, &complete);
	if (n < 0)
		*why = xstrdup("first line is not a JSON object");
	return n;
}

/* Whether keys[0..n) hold every "key=types" word of spec. */
static int
rec_sniff_all(const struct imp_jscan_key *keys, int n, const char *spec)
{
	char		 key[64], types[16];
	const char	*w = spec, *eq, *end;

	while (*w != '\0') {
		end = w + strcspn(w, " ");
		eq = memchr(w, '=', (size_t)(end - w));
		if (CN_NEVER(eq == NULL || eq - w >= (long)sizeof key ||
		    end - eq > (long)sizeof types))
			return 0;
		snprintf(key, sizeof key, "%.*s", (int)(eq - w), w);
		snprintf(types, sizeof types, "%.*s", (int)(end - eq - 1),
		    eq + 1);
		if (!imp_jscan_key_is(keys, n, key, *types != '\0' ? types :
		    NULL))
			return 0;
		w = end + strspn(end, " ");
	}
	return 1;
}

int
imp_rec_sniff_keys(const char *buf, size_t len, const char *const *alts,
    const char *what, char **why)
{
	struct imp_jscan_key	keys[32];
	int			n;

	if ((n = imp_rec_sniff_line(buf, len, keys, 32, NULL, NULL,
	    why)) < 0)
		return 0;
	for (; *alts != NULL; alts++)
		if (rec_sniff_all(keys, n, *alts))
			return 1;
	*why = xstrdup(what);
	return 0;
}

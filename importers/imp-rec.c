/*
 * imp-rec.c - typed field access with positioned messages, sink calls
 * that turn a sink's refusal into a positioned message, and the
 * per-record skip/stop decision; see imp-rec.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imp-rec.h"

static int
emit_result(int rc, char *c, char **msg, const char *name, long line,
    const char *what, const char *id)
{
	int	n;

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
	int	 rc;

	/* Call first: argument evaluation order is unspecified. */
	rc = s->trace(s->arg, t, &c);
	return emit_result(rc, c, msg, name, line, "trace", t->ext_id);
}

int
imp_rec_node(const struct imp_sink *s, const struct cn_node *n,
    const char *name, char **msg)
{
	char	*c = NULL;
	int	 rc;

	rc = s->node(s->arg, n, &c);
	return emit_result(rc, c, msg, name, (long)n->src_line, "node",
	    n->ext_id);
}

int
imp_rec_annotation(const struct imp_sink *s, const struct cn_annotation *a,
    const char *name, long line, char **msg)
{
	char	*c = NULL;
	int	 rc;

	rc = s->annotation(s->arg, a, &c);
	return emit_result(rc, c, msg, name, line, "annotation on",
	    a->node_ext);
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

int
imp_rec_jsonl_flags(FILE *in, const char *name, int flags,
    const struct imp_opts *o, struct imp_report *r, imp_rec_fn fn,
    void *arg, char **cause)
{
	struct imp_lines	 l;
	struct imp_jrec		 jr;
	cJSON			*j;
	char			*msg;
	size_t			 i;
	int			 rc, ret = -1;

	if (cause != NULL)
		*cause = NULL;
	imp_lines_init(&l, in);
	/* Messages name the file's lines, not the stream's. */
	if (o != NULL && o->first_line > 1)
		l.lineno = o->first_line - 1;
	while ((rc = imp_lines_next(&l)) == 1) {
		/* A byte order mark: blanks keep the columns right. */
		if (l.lineno == 1 && l.len >= 3 &&
		    memcmp(l.line, "\xef\xbb\xbf", 3) == 0)
			memset(l.line, ' ', 3);
		for (i = 0; i < l.len && strchr(" \t\r", l.line[i]) != NULL &&
		    l.line[i] != '\0'; i++)
			;
		if (i == l.len && !l.over)
			continue;
		r->records++;
		memset(&jr, 0, sizeof jr);
		jr.name = name;
		jr.doc = l.line;
		jr.len = l.len;
		jr.line0 = l.lineno;
		jr.partial = l.partial;
		msg = NULL;
		j = NULL;
		if (l.over) {
			msg = xasprintf("%s:%ld:1: record longer than %zu "
			    "bytes (the limit for one line)", name, l.lineno,
			    l.max);
			rc = CN_BAD;
		} else if ((flags & IMP_REC_RAW) != 0)
			rc = fn(&jr, NULL, arg, &msg);
		else if ((j = imp_json_parse(l.line, l.len, name, l.lineno,
		    &msg)) == NULL)
			rc = CN_BAD;
		else
			rc = fn(&jr, j, arg, &msg);
		cJSON_Delete(j);
		if (rc == CN_BAD && msg == NULL)
			continue;
		if (imp_rec_done(rc, o, r, msg, cause) != 0)
			goto out;
	}
	if (rc < 0) {
		if (cause != NULL)
			*cause = xasprintf("%s:%ld: read error", name,
			    l.lineno + 1);
		goto out;
	}
	ret = 0;
out:
	imp_lines_free(&l);
	return ret;
}

int
imp_rec_sniff_line(const char *buf, size_t len, struct imp_jscan_key *keys,
    int max, const char **line, size_t *linelen, char **why)
{
	const char	*nl;
	size_t		 p = 0;
	int		 n, complete;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p = 3;
	while (p < len && strchr(" \t\r\n", buf[p]) != NULL)
		p++;
	nl = memchr(buf + p, '\n', len - p);
	*line = buf + p;
	*linelen = nl != NULL ? (size_t)(nl - (buf + p)) : len - p;
	n = imp_jscan_keys(*line, *linelen, keys, max, &complete);
	if (n < 0)
		*why = xstrdup("first line is not a JSON object");
	return n;
}

/*
 * imp-jscan.c - a lexical walk over raw JSON text: skip a value, find a
 * field's offset, list the top-level keys of a possibly cut-off object.
 * Used for error positions and sniffing only; parsing is cJSON's job
 * (imp_json_parse), so this never builds values.
 */
#include "config.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "imp-jscan.h"

/* Deeper nesting than cJSON accepts is "not JSON" here too. */
#define JSCAN_MAX_DEPTH	IMP_MAX_DEPTH

/* Skips a string whose opening quote is at *p. */
static int
jscan_string(const char *b, size_t len, size_t *p)
{
	size_t	i = *p + 1;

	while (i < len) {
		if (b[i] == '\\') {
			i += 2;
			continue;
		}
		if (b[i] == '"') {
			*p = i + 1;
			return IMP_JSCAN_OK;
		}
		/* Raw control bytes: cJSON takes them, so this walk does. */
		i++;
	}
	return IMP_JSCAN_EOF;
}

static int
jscan_value(const char *b, size_t len, size_t *p, int depth)
{
	int	rc;
	char	close;

	imp_jscan_ws(b, len, p);
	if (*p >= len)
		return IMP_JSCAN_EOF;
	if (b[*p] == '"')
		return jscan_string(b, len, p);
	if (b[*p] == '{' || b[*p] == '[') {
		if (depth >= JSCAN_MAX_DEPTH)
			return IMP_JSCAN_BAD;
		close = b[*p] == '{' ? '}' : ']';
		(*p)++;
		imp_jscan_ws(b, len, p);
		if (*p < len && b[*p] == close) {
			(*p)++;
			return IMP_JSCAN_OK;
		}
		for (;;) {
			if (close == '}') {
				imp_jscan_ws(b, len, p);
				if (*p >= len)
					return IMP_JSCAN_EOF;
				if (b[*p] != '"')
					return IMP_JSCAN_BAD;
				if ((rc = jscan_string(b, len, p)) != 0)
					return rc;
				imp_jscan_ws(b, len, p);
				if (*p >= len)
					return IMP_JSCAN_EOF;
				if (b[(*p)++] != ':')
					return IMP_JSCAN_BAD;
			}
			if ((rc = jscan_value(b, len, p, depth + 1)) != 0)
				return rc;
			imp_jscan_ws(b, len, p);
			if (*p >= len)
				return IMP_JSCAN_EOF;
			if (b[*p] == ',') {
				(*p)++;
				continue;
			}
			if (b[*p] == close) {
				(*p)++;
				return IMP_JSCAN_OK;
			}
			return IMP_JSCAN_BAD;
		}
	}
	/* A number or a literal: its characters, then a delimiter. */
	rc = 0;
	while (*p < len && b[*p] != '\0' &&
	    strchr("+-.0123456789eEtrufalsn", b[*p]) != NULL) {
		(*p)++;
		rc++;
	}
	/* At the end of the text a scalar counts as complete. */
	return rc == 0 ? IMP_JSCAN_BAD : IMP_JSCAN_OK;
}

int
imp_jscan_skip(const char *buf, size_t len, size_t *pos)
{
	return jscan_value(buf, len, pos, 0);
}

/* Moves *p past the value at *p and the comma after it: 0, or -1. */
static int
jscan_next(const char *b, size_t len, size_t *p)
{
	if (jscan_value(b, len, p, 0) != IMP_JSCAN_OK)
		return -1;
	imp_jscan_ws(b, len, p);
	if (*p >= len || b[*p] != ',')
		return -1;
	(*p)++;
	return 0;
}

/*
 * Moves *p from the value at *p to the member named key (seg, seglen) of
 * that object or element idx of that array. *at gets the key's quote or
 * the element's start; *p ends on the member's value. Returns 0 or -1.
 */
static int
jscan_step(const char *b, size_t len, size_t *p, const char *seg,
    size_t seglen, long idx, size_t *at)
{
	size_t	k;
	long	i;

	imp_jscan_ws(b, len, p);
	if (*p >= len)
		return -1;
	if (idx >= 0) {
		if (b[*p] != '[')
			return -1;
		(*p)++;
		for (i = 0;; i++) {
			imp_jscan_ws(b, len, p);
			if (*p >= len || b[*p] == ']')
				return -1;
			if (i == idx) {
				*at = *p;
				return 0;
			}
			if (jscan_next(b, len, p) != 0)
				return -1;
		}
	}
	if (b[*p] != '{')
		return -1;
	(*p)++;
	for (;;) {
		imp_jscan_ws(b, len, p);
		if (*p >= len || b[*p] != '"')
			return -1;
		k = *p;
		if (jscan_string(b, len, p) != IMP_JSCAN_OK)
			return -1;
		imp_jscan_ws(b, len, p);
		if (*p >= len || b[*p] != ':')
			return -1;
		(*p)++;
		if (*p - k >= seglen + 2 && b[k + 1 + seglen] == '"' &&
		    memcmp(b + k + 1, seg, seglen) == 0) {
			*at = k;
			imp_jscan_ws(b, len, p);
			return 0;
		}
		if (jscan_next(b, len, p) != 0)
			return -1;
	}
}

/*
 * Walks path; *at = offset of the deepest existing part, *val = offset of
 * its value. Returns 1 if the whole path exists, else 0.
 */
static int
jscan_walk(const char *b, size_t len, const char *path, size_t *at,
    size_t *val)
{
	const char	*s = path, *e;
	size_t		 p = 0, a;
	long		 idx;
	char		*end;

	imp_jscan_ws(b, len, &p);
	*at = *val = p;
	if (path == NULL)
		return 1;
	while (*s != '\0') {
		if (*s == '.') {
			s++;
			continue;
		}
		if (*s == '[') {
			idx = strtol(s + 1, &end, 10);
			if (end == s + 1 || *end != ']' || idx < 0)
				return 0;
			if (jscan_step(b, len, &p, NULL, 0, idx, &a) != 0)
				return 0;
			s = end + 1;
		} else {
			e = s + strcspn(s, ".[");
			if (jscan_step(b, len, &p, s, (size_t)(e - s), -1,
			    &a) != 0)
				return 0;
			s = e;
		}
		*at = a;
		*val = p;
	}
	return 1;
}

size_t
imp_jscan_locate(const char *buf, size_t len, const char *path)
{
	size_t	at, val;

	jscan_walk(buf, len, path, &at, &val);
	return at;
}

size_t
imp_jscan_value(const char *buf, size_t len, const char *path)
{
	size_t	at, val;

	if (!jscan_walk(buf, len, path, &at, &val))
		return (size_t)-1;
	return val;
}

int
imp_jscan_keys(const char *buf, size_t len, struct imp_jscan_key *keys,
    int max, int *complete)
{
	size_t	p = 0, k, n;
	int	nkeys = 0, rc;

	*complete = 0;
	/* A UTF-8 byte order mark is tolerated before the first record. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p = 3;
	imp_jscan_ws(buf, len, &p);
	if (p >= len || buf[p] != '{')
		return -1;
	p++;
	imp_jscan_ws(buf, len, &p);
	if (p < len && buf[p] == '}') {
		*complete = 1;
		return 0;
	}
	for (;;) {
		imp_jscan_ws(buf, len, &p);
		if (p >= len)
			return nkeys;
		if (buf[p] != '"')
			return -1;
		k = p;
		if ((rc = jscan_string(buf, len, &p)) == IMP_JSCAN_EOF)
			return nkeys;
		if (rc != IMP_JSCAN_OK)
			return -1;
		if (nkeys < max) {
			n = p - k - 2;
			if (n >= sizeof keys[nkeys].name)
				n = sizeof keys[nkeys].name - 1;
			memcpy(keys[nkeys].name, buf + k + 1, n);
			keys[nkeys].name[n] = '\0';
			keys[nkeys].type = 0;
			keys[nkeys].val = 0;
		}
		imp_jscan_ws(buf, len, &p);
		if (p >= len)
			return nkeys < max ? nkeys + 1 : nkeys;
		if (buf[p++] != ':')
			return -1;
		imp_jscan_ws(buf, len, &p);
		if (nkeys < max && p < len) {
			keys[nkeys].type = buf[p];
			keys[nkeys].val = p;
		}
		if (nkeys < max)
			nkeys++;
		if ((rc = jscan_value(buf, len, &p, 1)) == IMP_JSCAN_EOF)
			return nkeys;
		if (rc != IMP_JSCAN_OK)
			return -1;
		imp_jscan_ws(buf, len, &p);
		if (p >= len)
			return nkeys;
		if (buf[p] == '}') {
			*complete = 1;
			return nkeys;
		}
		if (buf[p++] != ',')
			return -1;
	}
}

const struct imp_jscan_key *
imp_jscan_key_find(const struct imp_jscan_key *keys, int n, const char *name)
{
	int	i;

	for (i = 0; i < n; i++)
		if (strcmp(keys[i].name, name) == 0)
			return &keys[i];
	return NULL;
}

int
imp_jscan_key_is(const struct imp_jscan_key *keys, int n, const char *name,
    const char *types)
{
	const struct imp_jscan_key	*k;

	if ((k = imp_jscan_key_find(keys, n, name)) == NULL)
		return 0;
	return types == NULL || (k->type != '\0' &&
	    strchr(types, k->type) != NULL);
}

void
imp_jrec_pos(struct imp_jrec *r, size_t off, long *line, long *col)
{
	size_t	i;

	if (off > r->len)
		off = r->len;
	if (r->cur_line == 0 || off < r->cur_off) {
		r->cur_off = 0;
		r->cur_line = 1;
		r->cur_bol = 0;
	}
	for (i = r->cur_off; i < off; i++) {
		if (r->doc[i] == '\n') {
			r->cur_line++;
			r->cur_bol = i + 1;
		}
	}
	r->cur_off = off;
	*line = r->cur_line + r->line0 - 1;
	*col = (long)(off - r->cur_bol) + 1 + (r->cur_line == 1 ? r->col0 : 0);
}

char *
imp_jrec_msg(struct imp_jrec *r, const char *path, const char *fmt, ...)
{
	va_list	 ap;
	char	*what, *msg;
	size_t	 off;
	long	 line, col;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	off = r->base + imp_jscan_locate(r->doc + r->base, r->len - r->base,
	    path);
	imp_jrec_pos(r, off, &line, &col);
	if (path != NULL && *path != '\0')
		msg = xasprintf("%s:%ld:%ld: %s: %s", r->name, line, col, path,
		    what);
	else
		msg = xasprintf("%s:%ld:%ld: %s", r->name, line, col, what);
	free(what);
	return msg;
}

/*
 * Line and column of the value at path, or of the record's start when
 * path is NULL or absent; whether the value was found.
 */
static int
jrec_value_pos(struct imp_jrec *r, const char *path, long *line, long *col)
{
	size_t	off = (size_t)-1;

	if (path != NULL)
		off = imp_jscan_value(r->doc + r->base, r->len - r->base,
		    path);
	imp_jrec_pos(r, r->base + (off == (size_t)-1 ? 0 : off), line, col);
	return off != (size_t)-1;
}

char *
imp_jrec_at(struct imp_jrec *r, const char *path, const char *fmt, ...)
{
	va_list	 ap;
	char	*what, *msg;
	long	 line, col;

	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	jrec_value_pos(r, path, &line, &col);
	msg = xasprintf("%s:%ld:%ld: %s", r->name, line, col, what);
	free(what);
	return msg;
}

long
imp_jrec_line(struct imp_jrec *r, const char *path)
{
	long	line, col;

	jrec_value_pos(r, path, &line, &col);
	return line;
}

long
imp_jrec_col(struct imp_jrec *r, const char *path)
{
	long	line, col;

	return jrec_value_pos(r, path, &line, &col) ? col : 1;
}

int
imp_jrec_status(struct imp_jrec *r, int rc, char *bad, char **msg)
{
	if (rc == CN_BAD && bad != NULL)
		*msg = imp_jrec_at(r, NULL, "%s", bad);
	free(bad);
	if (rc == CN_FATAL && *msg == NULL)
		*msg = xasprintf("%s:%ld: import failed", r->name, r->line0);
	return rc;
}

long
imp_jscan_member(const char *buf, size_t len, const char *key)
{
	size_t	p = 0, off;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p = 3;
	off = imp_jscan_value(buf + p, len - p, key);
	if (off == (size_t)-1 || p + off >= len)
		return -1;
	return (long)(p + off);
}

long
imp_jscan_find_key(const char *buf, size_t len, const char *key)
{
	size_t	p = 0, k, klen = strlen(key);

	while (p < len) {
		if (buf[p] != '"') {
			p++;
			continue;
		}
		k = p;
		if (jscan_string(buf, len, &p) != IMP_JSCAN_OK)
			return -1;
		/* A string followed by ':' is a member name. */
		imp_jscan_ws(buf, len, &p);
		if (p >= len || buf[p] != ':')
			continue;
		p++;
		if (p - k < klen + 2 || buf[k + 1 + klen] != '"' ||
		    memcmp(buf + k + 1, key, klen) != 0)
			continue;
		imp_jscan_ws(buf, len, &p);
		return p < len ? (long)p : -1;
	}
	return -1;
}

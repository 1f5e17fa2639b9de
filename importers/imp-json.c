/*
 * imp-json.c - cJSON parsing with the project's input rules, and typed
 * field access for the importers.
 */
#include "config.h"

#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "imp-json.h"
#include "imp-jscan.h"

/* cJSON must not be the one to refuse depth: its message is "invalid". */
#if IMP_MAX_DEPTH > CJSON_NESTING_LIMIT
#error "IMP_MAX_DEPTH is deeper than cJSON accepts"
#endif

/* One open array or object on the walk of imp_json_check. */
struct jc_frame {
	int		 obj;		/* an object (else an array) */
	long		 index;		/* array: the element's index */
	size_t		 koff, klen;	/* object: the member's key */
	int		 haskey;	/* object: koff, klen are set */
};

/* The member path of the open frames, "a.b[2].c" (heap). */
static char *
jc_path(const char *b, const struct jc_frame *f, int depth)
{
	struct cn_buf	p;
	int		i;

	buf_init(&p);
	for (i = 0; i < depth; i++) {
		if (!f[i].obj)
			buf_printf(&p, "[%ld]", f[i].index);
		else if (f[i].haskey) {
			if (p.len > 0)
				buf_addc(&p, '.');
			buf_add(&p, b + f[i].koff, f[i].klen);
		}
	}
	return buf_take(&p);
}

/*
 * Skips the string whose quote is at *p. Returns 0, 1 when it ended early
 * (left to the parser), or -1 at a NUL byte or a \u0000 escape with *p on
 * it.
 */
static int
jc_string(const char *b, size_t len, size_t *p)
{
	const char	*x;
	size_t		 i = *p + 1, q, e, n;

	/*
	 * Keys and short values are most of the strings: a byte loop over
	 * the first few beats three calls of memchr.
	 */
	for (n = i; n < len && n < i + 16; n++) {
		if (b[n] == '"') {
			*p = n + 1;
			return 0;
		}
		if (b[n] == '\\' || b[n] == '\0')
			break;
	}
	/* memchr does the walking: strings are most of the bytes. */
	x = memchr(b + i, '"', len - i);
	q = x != NULL ? (size_t)(x - b) : len;
	for (;;) {
		x = memchr(b + i, '\\', q - i);
		e = x != NULL ? (size_t)(x - b) : q;
		if ((x = memchr(b + i, '\0', e - i)) != NULL) {
			*p = (size_t)(x - b);
			return -1;
		}
		if (e == q) {
			if (q >= len)
				return 1;
			*p = q + 1;
			return 0;
		}
		if (e + 5 < len && b[e + 1] == 'u' &&
		    memcmp(b + e + 2, "0000", 4) == 0) {
			*p = e;
			return -1;
		}
		i = e + 2;
		if (i > q) {
			/* The escape was the closing quote's: look further. */
			if (i > len)
				return 1;
			x = memchr(b + i, '"', len - i);
			q = x != NULL ? (size_t)(x - b) : len;
		}
	}
}

/* Does the number at b[0..n) overflow a double? */
static int
jc_overflows(const char *b, size_t n)
{
	char	 small[64], *t, *end, dp;
	double	 d;
	size_t	 i, digits = 0;
	long	 ex = 0;
	int	 neg = 0;

	/*
	 * Below 10^300 there is nothing to ask strtod: count the integer
	 * digits (after leading zeros) and add the exponent.
	 */
	i = b[0] == '-' ? 1 : 0;
	while (i < n && b[i] == '0')
		i++;
	for (; i < n && b[i] >= '0' && b[i] <= '9'; i++)
		digits++;
	while (i < n && b[i] != 'e' && b[i] != 'E')
		i++;
	if (i < n) {
		i++;
		if (i < n && (b[i] == '+' || b[i] == '-'))
			neg = b[i++] == '-';
		for (; i < n && b[i] >= '0' && b[i] <= '9' && ex < 100000; i++)
			ex = ex * 10 + (b[i] - '0');
	}
	if (neg)
		ex = -ex;
	if ((long)digits + ex <= 300)
		return 0;

	/* strtod follows LC_NUMERIC; JSON's point is always '.'. */
	dp = *localeconv()->decimal_point;
	t = n < sizeof small ? small : xmalloc(n + 1);
	for (i = 0; i < n; i++)
		t[i] = b[i] == '.' ? dp : b[i];
	t[n] = '\0';
	d = strtod(t, &end);
	if (t != small)
		free(t);
	return !isfinite(d);
}

int
imp_json_check(const char *b, size_t len, size_t *off, char **what)
{
	struct jc_frame	 fs[16], *f = fs;
	char		*path;
	size_t		 p = 0, q;
	int		 depth = 0, fmax = 16, rc = 0;

	for (;;) {
		/* A value. */
		imp_jscan_ws(b, len, &p);
		if (p >= len)
			goto out;
		if (b[p] == '{' || b[p] == '[') {
			if (depth >= IMP_MAX_DEPTH) {
				*off = p;
				*what = xasprintf("nesting deeper than %d",
				    IMP_MAX_DEPTH);
				rc = -1;
				goto out;
			}
			if (depth == fmax) {
				/* Deep values only: most fit in fs. */
				fmax *= 2;
				if (f == fs)
					f = memcpy(xreallocarray(NULL, fmax,
					    sizeof *f), fs, sizeof fs);
				else
					f = xreallocarray(f, fmax, sizeof *f);
			}
			f[depth].obj = b[p] == '{';
			f[depth].index = 0;
			f[depth].koff = f[depth].klen = 0;
			f[depth].haskey = 0;
			depth++;
			p++;
			imp_jscan_ws(b, len, &p);
			if (p < len && b[p] == (f[depth - 1].obj ? '}' : ']')) {
				p++;
				depth--;
				goto after;
			}
			if (f[depth - 1].obj)
				goto key;
			continue;
		}
		if (b[p] == '"') {
			q = p;
			if ((rc = jc_string(b, len, &p)) != 0)
				goto string_bad;
			goto after;
		}
		q = p;
		while (p < len && ((b[p] >= '0' && b[p] <= '9') ||
		    b[p] == '-' || b[p] == '+' || b[p] == '.' || b[p] == 'e' ||
		    b[p] == 'E'))
			p++;
		if (p > q && (b[q] == '-' || (b[q] >= '0' && b[q] <= '9')) &&
		    jc_overflows(b + q, p - q)) {
			*off = q;
			path = jc_path(b, f, depth);
			*what = xasprintf("%s%snumber out of range "
			    "(not finite)", path, *path != '\0' ? ": " : "");
			free(path);
			rc = -1;
			goto out;
		}
		/* Literals and anything else: the parser judges them. */
		while (p < len && b[p] >= 'a' && b[p] <= 'z')
			p++;
		if (p == q)
			goto out;
	after:
		if (depth == 0)
			goto out;
		imp_jscan_ws(b, len, &p);
		if (p >= len)
			goto out;
		if (b[p] == (f[depth - 1].obj ? '}' : ']')) {
			p++;
			depth--;
			goto after;
		}
		if (b[p] != ',')
			goto out;
		p++;
		if (!f[depth - 1].obj) {
			f[depth - 1].index++;
			continue;
		}
	key:
		imp_jscan_ws(b, len, &p);
		if (p >= len || b[p] != '"')
			goto out;
		q = p;
		f[depth - 1].haskey = 0;
		if ((rc = jc_string(b, len, &p)) != 0)
			goto string_bad;
		f[depth - 1].koff = q + 1;
		f[depth - 1].klen = p - q - 2;
		f[depth - 1].haskey = 1;
		imp_jscan_ws(b, len, &p);
		if (p >= len || b[p] != ':')
			goto out;
		p++;
	}
string_bad:
	if (rc > 0) {
		rc = 0;
		goto out;
	}
	*off = p;
	path = jc_path(b, f, depth);
	*what = xasprintf("%s%sNUL character (%s) in a string", path,
	    *path != '\0' ? ": " : "", b[p] == '\0' ? "a raw 0 byte" :
	    "\\u0000");
	free(path);
out:
	if (f != fs)
		free(f);
	return rc;
}

/* Finds the first non-finite number in a tree (cJSON maps 1e999 to inf). */
static const cJSON *
json_nonfinite(const cJSON *j)
{
	const cJSON	*c, *bad;

	for (; j != NULL; j = j->next) {
		if (cJSON_IsNumber(j) && !isfinite(j->valuedouble))
			return j;
		if ((c = j->child) != NULL && (bad = json_nonfinite(c)) != NULL)
			return bad;
	}
	return NULL;
}

cJSON *
imp_json_parse(const char *buf, size_t len, const char *name, long lineno,
    char **cause)
{
	return imp_json_parse_at(buf, len, name, lineno, 0, cause);
}

cJSON *
imp_json_parse_at(const char *buf, size_t len, const char *name,
    long lineno, long col0, char **cause)
{
	const char	*end = NULL;
	char		*what2;
	cJSON		*j;
	size_t		 bad, pos;
	long		 ln, col;

	if (!imp_utf8_valid(buf, len, &bad)) {
		imp_position(buf, bad, &ln, &col);
		if (ln == 1)
			col += col0;
		*cause = xasprintf("%s:%ld:%ld: invalid UTF-8 (byte 0x%02x)",
		    name, lineno + ln - 1, col, (unsigned char)buf[bad]);
		return NULL;
	}
	if (imp_json_check(buf, len, &bad, &what2) != 0) {
		imp_position(buf, bad, &ln, &col);
		if (ln == 1)
			col += col0;
		*cause = xasprintf("%s:%ld:%ld: %s", name, lineno + ln - 1,
		    col, what2);
		free(what2);
		return NULL;
	}
	j = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (j == NULL) {
		size_t	off = end != NULL && end >= buf ? (size_t)(end - buf) : 0;
		const char *what = "invalid JSON";

		if (off > len)
			off = len;
		/* cJSON blames the start of a cut-off string: say "cut off". */
		pos = 0;
		if (imp_jscan_skip(buf, len, &pos) == IMP_JSCAN_EOF)
			off = len;
		if (off >= len)
			what = "truncated JSON (unexpected end of input)";
		else if (strncmp(buf + off, "NaN", 3) == 0 ||
		    strncmp(buf + off, "Infinity", 8) == 0 ||
		    strncmp(buf + off, "-Infinity", 9) == 0)
			what = "NaN and Infinity are not JSON numbers";
		imp_position(buf, off, &ln, &col);
		if (ln == 1)
			col += col0;
		*cause = xasprintf("%s:%ld:%ld: %s", name, lineno + ln - 1, col,
		    what);
		return NULL;
	}
	if (json_nonfinite(j) != NULL) {
		cJSON_Delete(j);
		*cause = xasprintf("%s:%ld:%ld: number out of range (not "
		    "finite)", name, lineno, col0 + 1);
		return NULL;
	}
	return j;
}

const char *
imp_json_str(const cJSON *obj, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

double
imp_json_num(const cJSON *obj, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsNumber(v))
		return v->valuedouble;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? 1.0 : 0.0;
	return CN_NOVAL;
}

int
imp_json_bool(const cJSON *obj, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!cJSON_IsBool(v))
		return -1;
	return cJSON_IsTrue(v) ? 1 : 0;
}

char *
imp_json_print(const cJSON *j)
{
	char	*s, *r;

	if ((s = cJSON_PrintUnformatted(j)) == NULL)
		fatalx("out of memory printing JSON");
	r = xstrdup(s);
	cJSON_free(s);
	return r;
}

void
imp_json_keep(cJSON **to, const cJSON *obj, const char *const *used,
    int flags)
{
	const cJSON	*c;

	if (!cJSON_IsObject(obj))
		return;
	for (c = obj->child; c != NULL; c = c->next) {
		if (c->string == NULL)
			continue;
		if ((flags & IMP_JSON_NO_NULL) != 0 && cJSON_IsNull(c))
			continue;
		if ((flags & IMP_JSON_NO_EMPTY) != 0 && cJSON_IsString(c) &&
		    *c->valuestring == '\0')
			continue;
		if (imp_json_listed(used, c->string))
			continue;
		if (*to == NULL && (*to = cJSON_CreateObject()) == NULL)
			fatalx("out of memory building JSON");
		if (!cJSON_AddItemReferenceToObject(*to, c->string,
		    (cJSON *)(uintptr_t)c))
			fatalx("out of memory building JSON");
	}
}

cJSON *
imp_json_minus(const cJSON *obj, const char *const *used, int flags)
{
	cJSON	*out = NULL;

	imp_json_keep(&out, obj, used, flags);
	return out;
}

char *
imp_json_extra(const cJSON *obj, const char *const *used, int flags)
{
	cJSON	*out;
	char	*s;

	if ((out = imp_json_minus(obj, used, flags)) == NULL)
		return NULL;
	s = imp_json_print(out);
	cJSON_Delete(out);
	return s;
}

int
imp_json_isint(const cJSON *v)
{
	double	d;

	if (!cJSON_IsNumber(v))
		return 0;
	d = v->valuedouble;
	return fabs(d) < 9007199254740992.0 && d == floor(d);
}

char *
imp_json_id(const cJSON *v)
{
	if (imp_json_isint(v))
		return xasprintf("%lld", (long long)v->valuedouble);
	if (cJSON_IsString(v) && v->valuestring[0] != '\0')
		return xstrdup(v->valuestring);
	return NULL;
}

/*
 * An id: a string, or an integer turned into its decimal string (in buf).
 * Returns 1 and sets *out, 0 if absent or null, -1 if of a wrong type.
 */
int
imp_json_get_id(const cJSON *v, char buf[32], const char **out)
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
int
imp_json_get_str(const cJSON *o, const char *key, const char **out)
{
	return imp_json_val_str(cJSON_GetObjectItemCaseSensitive(o, key), out);
}

int
imp_json_val_str(const cJSON *v, const char **out)
{
	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v))
		return -1;
	*out = v->valuestring;
	return 1;
}

/* A boolean member: 1 or 0 in *out (0 when absent or null); -1 if wrong. */
int
imp_json_get_bool(const cJSON *o, const char *key, int *out)
{
	return imp_json_val_bool(cJSON_GetObjectItemCaseSensitive(o, key),
	    out);
}

int
imp_json_val_bool(const cJSON *v, int *out)
{
	*out = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsBool(v))
		return -1;
	*out = cJSON_IsTrue(v) ? 1 : 0;
	return 1;
}

const char *
imp_json_mistyped(const cJSON *o, const char *const *keys, int want)
{
	const cJSON	*v;

	for (; *keys != NULL; keys++) {
		v = cJSON_GetObjectItemCaseSensitive(o, *keys);
		if (v != NULL && !cJSON_IsNull(v) && (v->type & 0xff & want) == 0)
			return *keys;
	}
	return NULL;
}

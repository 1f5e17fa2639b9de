/*
 * json-out.c - the CLI's JSON writer (see json-out.h). Writes text only;
 * it never parses.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json-out.h"
#include "textsafe.h"

/*
 * buf_add() for the writer's hot path: a node of `show --json` is ~80
 * appends of a few bytes, and the call into util.c with its growth check
 * cost more than the copy; buf_add() only when the buffer must grow.
 */
static inline void
jb_add(struct cn_buf *b, const void *p, size_t n)
{
	if (b->len + n < b->cap) {
		memcpy(b->s + b->len, p, n);
		b->len += n;
		b->s[b->len] = '\0';
	} else
		buf_add(b, p, n);
}

static inline void
jb_addc(struct cn_buf *b, char c)
{
	if (b->len + 1 < b->cap) {
		b->s[b->len++] = c;
		b->s[b->len] = '\0';
	} else
		buf_add(b, &c, 1);
}

static inline void
jb_adds(struct cn_buf *b, const char *s)
{
	jb_add(b, s, strlen(s));
}

/*
 * 1 for the bytes a JSON string takes as they are: ASCII but controls,
 * DEL, '"' and '\\'.
 */
#define JQ_ROW	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1
static const unsigned char jq_plain[256] = {
	[0x20] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	JQ_ROW, JQ_ROW,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,
	JQ_ROW,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0
};

void
jw_init(struct jw *w)
{
	memset(w, 0, sizeof *w);
	buf_init(&w->b);
	w->first[0] = 1;
}

void
jw_free(struct jw *w)
{
	buf_free(&w->b);
}

void
jw_reset(struct jw *w)
{
	buf_reset(&w->b);
	w->depth = 0;
	w->first[0] = 1;
	w->after_key = 0;
}

/* Puts the comma that separates this value from the one before. */
static void
jw_sep(struct jw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (!w->first[w->depth])
		jb_addc(&w->b, ',');
	w->first[w->depth] = 0;
}

static void
jw_open(struct jw *w, char c)
{
	jw_sep(w);
	jb_addc(&w->b, c);
	if (CN_NEVER(w->depth + 1 >= JW_MAXDEPTH))
		fatalx("JSON output nested too deep");
	w->first[++w->depth] = 1;
}

static void
jw_close(struct jw *w, char c)
{
	jb_addc(&w->b, c);
	if (w->depth > 0)
		w->depth--;
}

void
jw_obj_begin(struct jw *w)
{
	jw_open(w, '{');
}

void
jw_obj_end(struct jw *w)
{
	jw_close(w, '}');
}

void
jw_arr_begin(struct jw *w)
{
	jw_open(w, '[');
}

void
jw_arr_end(struct jw *w)
{
	jw_close(w, ']');
}

void
jw_key(struct jw *w, const char *k)
{
	size_t	n;

	jw_sep(w);
	/* Names are mostly plain ASCII: one copy, no escaping to do. */
	for (n = 0; jq_plain[(unsigned char)k[n]]; n++)
		;
	if (k[n] == '\0') {
		jb_addc(&w->b, '"');
		jb_add(&w->b, k, n);
		jb_add(&w->b, "\":", 2);
	} else {
		json_quote(&w->b, k);
		jb_addc(&w->b, ':');
	}
	w->after_key = 1;
}

void
jw_str(struct jw *w, const char *s)
{
	jw_sep(w);
	if (s == NULL)
		jb_adds(&w->b, "null");
	else
		json_quote(&w->b, s);
}

void
jw_num(struct jw *w, double v)
{
	jw_sep(w);
	if (!isfinite(v))
		jb_adds(&w->b, "null");
	else
		json_number(&w->b, v);
}

/* The digits of v, as "%lld" writes them (a node's worth of printf). */
static void
json_int(struct cn_buf *b, int64_t v)
{
	char		 s[24], *p = s + sizeof s;
	uint64_t	 u = v < 0 ? -(uint64_t)v : (uint64_t)v;

	do
		*--p = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	jb_add(b, p, (size_t)(s + sizeof s - p));
}

void
jw_int(struct jw *w, int64_t v)
{
	jw_sep(w);
	json_int(&w->b, v);
}

void
jw_bool(struct jw *w, int v)
{
	jw_sep(w);
	jb_adds(&w->b, v ? "true" : "false");
}

void
jw_null(struct jw *w)
{
	jw_sep(w);
	jb_adds(&w->b, "null");
}

int
jw_json(struct jw *w, const char *json)
{
	jw_sep(w);
	if (json != NULL && json_copy(&w->b, json) == 0)
		return 0;
	jb_adds(&w->b, "null");
	return -1;
}

/*
 * What "%.15g" writes for v when that reads back as v and is in fixed
 * notation, without printf: 1 done, 0 not (the caller prints). If some
 * decimal D of at most 15 significant digits reads back as v, v is
 * within 2^-53 of D relatively, closer than half the 10^-14 relative
 * spacing of 15-digit decimals, so "%.15g" rounds v to D (and drops its
 * trailing zeros). D is v * 10^k, rounded, for the least k that reads
 * back: below 10^15 the product is within 0.25 of D * 10^k, and the
 * division by an exact power of ten rounds as strtod does.
 */
static int
json_fixed(struct cn_buf *b, double v)
{
	static const double	 p10[] = { 1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6,
	    1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15 };
	char			 s[40], *p = s + sizeof s;
	double			 a = fabs(v), m = 0;
	uint64_t		 u;
	int			 k;

	/* "%.15g" is fixed from 1e-4 up to 1e15; a margin either side. */
	if (!(a >= 1e-3 && a < 1e14))
		return 0;
	for (k = 1; k < 16; k++) {
		m = nearbyint(a * p10[k]);
		if (m >= 1e15)
			return 0;
		if (m / p10[k] == a)
			break;
	}
	if (k == 16)
		return 0;
	for (u = (uint64_t)m; k > 0 || u != 0; k--) {
		*--p = (char)('0' + u % 10);
		u /= 10;
		if (k == 1) {
			*--p = '.';
			if (u == 0)
				*--p = '0';
		}
	}
	if (v < 0)
		*--p = '-';
	jb_add(b, p, (size_t)(s + sizeof s - p));
	return 1;
}

void
json_number(struct cn_buf *b, double v)
{
	char	s[32];

	/* Integers as integers; others in the fewest digits that round-trip. */
	if (v == floor(v) && fabs(v) < 1e15) {
		/* What "%.0f" writes, "-0" included. */
		if (v == 0 && signbit(v))
			jb_add(b, "-0", 2);
		else
			json_int(b, (int64_t)v);
		return;
	}
	if (json_fixed(b, v))
		return;
	snprintf(s, sizeof s, "%.15g", v);
	if (strtod(s, NULL) != v)
		snprintf(s, sizeof s, "%.17g", v);
	jb_adds(b, s);
}

/*
 * Appends the JSON string text of the start of s[0..n) (n >= 1): a run of
 * characters that go as they are, or one character, escaped. Returns the
 * bytes of s taken.
 */
static size_t
quote_some(struct cn_buf *b, const unsigned char *s, size_t n)
{
	uint32_t	 cp;
	size_t		 k = 0;
	int		 len;

	/* Runs of printable ASCII and safe UTF-8 in one copy: most text. */
	for (;;) {
		while (k < n && jq_plain[s[k]])
			k++;
		if (k == n || s[k] < 0x80)
			break;
		len = textsafe_decode((const char *)s + k, n - k, &cp);
		if (len < 0 || textsafe_unsafe(cp))
			break;
		k += (size_t)len;
	}
	if (k > 0) {
		jb_add(b, s, k);
		return k;
	}
	if ((len = textsafe_decode((const char *)s, n, &cp)) < 0) {
		jb_adds(b, "\xef\xbf\xbd");	/* U+FFFD */
		return 1;
	}
	switch (cp) {
	case '"': jb_adds(b, "\\\""); break;
	case '\\': jb_adds(b, "\\\\"); break;
	case '\n': jb_adds(b, "\\n"); break;
	case '\r': jb_adds(b, "\\r"); break;
	case '\t': jb_adds(b, "\\t"); break;
	case '\b': jb_adds(b, "\\b"); break;
	case '\f': jb_adds(b, "\\f"); break;
	default:
		/* Unsafe code points are all below U+10000. */
		buf_printf(b, "\\u%04x", (unsigned)cp);
		break;
	}
	return (size_t)len;
}

void
json_quote(struct cn_buf *b, const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 n = strlen(str), k;

	jb_addc(b, '"');
	for (; n > 0; s += k, n -= k)
		k = quote_some(b, s, n);
	jb_addc(b, '"');
}

/* Nesting json_copy() takes, as deep as the importers' cJSON reads. */
#define JSON_COPY_DEPTH	1000

/* A JSON text being copied: input, position, output. */
struct jcopy {
	const unsigned char	*s;
	size_t			 n;
	size_t			 i;
	struct cn_buf		*b;
	int			 depth;
};

static int	 jc_value(struct jcopy *);

/* Skips insignificant whitespace: the copy is compact. */
static void
jc_space(struct jcopy *j)
{
	while (j->i < j->n && (j->s[j->i] == ' ' || j->s[j->i] == '\t' ||
	    j->s[j->i] == '\n' || j->s[j->i] == '\r'))
		j->i++;
}

static int
jc_ishex(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
	    (c >= 'A' && c <= 'F');
}

/*
 * A string: escapes are kept as they are (they are ASCII, so harmless on a
 * terminal), raw characters are escaped as json_quote() escapes them.
 */
static int
jc_string(struct jcopy *j)
{
	const unsigned char	*s = j->s;
	size_t			 k;

	if (j->i >= j->n || s[j->i] != '"')
		return -1;
	jb_addc(j->b, '"');
	j->i++;
	while (j->i < j->n) {
		if (s[j->i] == '"') {
			jb_addc(j->b, '"');
			j->i++;
			return 0;
		}
		if (s[j->i] != '\\') {
			j->i += quote_some(j->b, s + j->i, j->n - j->i);
			continue;
		}
		if (j->i + 1 >= j->n)
			return -1;
		if (s[j->i + 1] == 'u') {
			if (j->i + 6 > j->n)
				return -1;
			for (k = 2; k < 6; k++)
				if (!jc_ishex(s[j->i + k]))
					return -1;
			jb_add(j->b, s + j->i, 6);
			j->i += 6;
		} else if (strchr("\"\\/bfnrt", s[j->i + 1]) != NULL &&
		    s[j->i + 1] != '\0') {
			jb_add(j->b, s + j->i, 2);
			j->i += 2;
		} else
			return -1;
	}
	return -1;
}

/* Skips the digits at the position; returns how many. */
static size_t
jc_digits(struct jcopy *j)
{
	size_t	 start = j->i;

	while (j->i < j->n && j->s[j->i] >= '0' && j->s[j->i] <= '9')
		j->i++;
	return j->i - start;
}

/* A number, as RFC 8259 spells one, copied as it is. */
static int
jc_number(struct jcopy *j)
{
	size_t	 start = j->i;

	if (j->i < j->n && j->s[j->i] == '-')
		j->i++;
	if (j->i < j->n && j->s[j->i] == '0')
		j->i++;
	else if (jc_digits(j) == 0)
		return -1;
	if (j->i < j->n && j->s[j->i] == '.') {
		j->i++;
		if (jc_digits(j) == 0)
			return -1;
	}
	if (j->i < j->n && (j->s[j->i] == 'e' || j->s[j->i] == 'E')) {
		j->i++;
		if (j->i < j->n && (j->s[j->i] == '+' || j->s[j->i] == '-'))
			j->i++;
		if (jc_digits(j) == 0)
			return -1;
	}
	jb_add(j->b, j->s + start, j->i - start);
	return 0;
}

/* An object or an array (open is '{' or '['). */
static int
jc_container(struct jcopy *j, char open)
{
	char	 close = open == '{' ? '}' : ']';

	if (++j->depth > JSON_COPY_DEPTH)
		return -1;
	jb_addc(j->b, open);
	j->i++;
	jc_space(j);
	if (j->i < j->n && j->s[j->i] == close)
		goto out;
	for (;;) {
		if (open == '{') {
			if (jc_string(j) != 0)
				return -1;
			jc_space(j);
			if (j->i >= j->n || j->s[j->i] != ':')
				return -1;
			jb_addc(j->b, ':');
			j->i++;
		}
		if (jc_value(j) != 0)
			return -1;
		jc_space(j);
		if (j->i < j->n && j->s[j->i] == ',') {
			jb_addc(j->b, ',');
			j->i++;
			jc_space(j);
			continue;
		}
		if (j->i < j->n && j->s[j->i] == close)
			break;
		return -1;
	}
out:
	jb_addc(j->b, close);
	j->i++;
	j->depth--;
	return 0;
}

/* One value, after optional whitespace. */
static int
jc_value(struct jcopy *j)
{
	static const char *const	 words[] = { "true", "false", "null" };
	size_t				 i, len;

	jc_space(j);
	if (j->i >= j->n)
		return -1;
	switch (j->s[j->i]) {
	case '{':
	case '[':
		return jc_container(j, (char)j->s[j->i]);
	case '"':
		return jc_string(j);
	}
	for (i = 0; i < sizeof words / sizeof words[0]; i++) {
		len = strlen(words[i]);
		if (j->n - j->i >= len &&
		    memcmp(j->s + j->i, words[i], len) == 0) {
			jb_add(j->b, words[i], len);
			j->i += len;
			return 0;
		}
	}
	return jc_number(j);
}

int
json_copy(struct cn_buf *b, const char *json)
{
	struct jcopy	 j;
	size_t		 start = b->len;

	j.s = (const unsigned char *)json;
	j.n = strlen(json);
	j.i = 0;
	j.b = b;
	j.depth = 0;
	if (jc_value(&j) == 0) {
		jc_space(&j);
		if (j.i == j.n)
			return 0;
	}
	/* Not JSON: take back what was written. */
	b->len = start;
	if (b->s != NULL)
		b->s[start] = '\0';
	return -1;
}

int
jw_emit(struct jw *w, FILE *f)
{
	jb_addc(&w->b, '\n');
	return fwrite(w->b.s, 1, w->b.len, f) == w->b.len ? 0 : -1;
}

int
jw_annotation(struct jw *w, FILE *f, const char *type, const char *address,
    const struct cn_annotation *a, int with_author)
{
	jw_reset(w);
	jw_obj_begin(w);
	jw_kstr(w, "type", type);
	jw_kstr(w, "address", address);
	if (with_author) {
		jw_kstr(w, "author", a->author);
	}
	jw_krating(w, "rating", a->rating);
	jw_kbool(w, "first_error", a->first_error);
	jw_kstr(w, "tags", a->tags);
	jw_kstr(w, "note", a->note);
	jw_kint(w, "created", a->created);
	jw_kint(w, "updated", a->updated);
	jw_obj_end(w);
	return jw_emit(w, f);
}

int
jw_preference(struct jw *w, FILE *f, const char *chosen,
    const char *rejected, const struct cn_preference *p, int with_author)
{
	jw_reset(w);
	jw_obj_begin(w);
	jw_kstr(w, "type", "preference");
	jw_kstr(w, "chosen", chosen);
	jw_kstr(w, "rejected", rejected);
	if (with_author) {
		jw_kstr(w, "author", p->author);
	}
	jw_kstr(w, "note", p->note);
	jw_kint(w, "created", p->created);
	jw_obj_end(w);
	return jw_emit(w, f);
}

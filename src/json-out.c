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
		buf_addc(&w->b, ',');
	w->first[w->depth] = 0;
}

static void
jw_open(struct jw *w, char c)
{
	jw_sep(w);
	buf_addc(&w->b, c);
	if (CN_NEVER(w->depth + 1 >= JW_MAXDEPTH))
		fatalx("JSON output nested too deep");
	w->first[++w->depth] = 1;
}

static void
jw_close(struct jw *w, char c)
{
	buf_addc(&w->b, c);
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
	jw_sep(w);
	json_quote(&w->b, k);
	buf_addc(&w->b, ':');
	w->after_key = 1;
}

void
jw_str(struct jw *w, const char *s)
{
	jw_sep(w);
	if (s == NULL)
		buf_adds(&w->b, "null");
	else
		json_quote(&w->b, s);
}

void
jw_num(struct jw *w, double v)
{
	jw_sep(w);
	if (!isfinite(v))
		buf_adds(&w->b, "null");
	else
		json_number(&w->b, v);
}

void
jw_int(struct jw *w, int64_t v)
{
	jw_sep(w);
	buf_printf(&w->b, "%lld", (long long)v);
}

void
jw_bool(struct jw *w, int v)
{
	jw_sep(w);
	buf_adds(&w->b, v ? "true" : "false");
}

void
jw_null(struct jw *w)
{
	jw_sep(w);
	buf_adds(&w->b, "null");
}

void
jw_raw(struct jw *w, const char *s)
{
	jw_sep(w);
	buf_adds(&w->b, s);
}

void
json_number(struct cn_buf *b, double v)
{
	char	s[32];

	/* Integers as integers; others in the fewest digits that round-trip. */
	if (v == floor(v) && fabs(v) < 1e15) {
		buf_printf(b, "%.0f", v);
		return;
	}
	snprintf(s, sizeof s, "%.15g", v);
	if (strtod(s, NULL) != v)
		snprintf(s, sizeof s, "%.17g", v);
	buf_adds(b, s);
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t
utf8_seq(const unsigned char *s, size_t n, unsigned int *cp)
{
	size_t		need, k;
	unsigned int	c = s[0], min;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		need = 1; c &= 0x1f; min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 2; c &= 0x0f; min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 3; c &= 0x07; min = 0x10000;
	} else
		return 0;
	if (need >= n)
		return 0;
	for (k = 1; k <= need; k++) {
		if ((s[k] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[k] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return need + 1;
}

void
json_quote(struct cn_buf *b, const char *str)
{
	const unsigned char	*s = (const unsigned char *)str;
	size_t			 n = strlen(str), k;
	unsigned int		 cp;

	buf_addc(b, '"');
	while (n > 0) {
		/* Plain ASCII goes in runs: most text is. */
		for (k = 0; k < n && s[k] >= 0x20 && s[k] < 0x7f &&
		    s[k] != '"' && s[k] != '\\'; k++)
			;
		if (k > 0) {
			buf_add(b, s, k);
			s += k;
			n -= k;
			continue;
		}
		if ((k = utf8_seq(s, n, &cp)) == 0) {
			buf_adds(b, "\xef\xbf\xbd");	/* U+FFFD */
			s++;
			n--;
			continue;
		}
		switch (cp) {
		case '"': buf_adds(b, "\\\""); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '\n': buf_adds(b, "\\n"); break;
		case '\r': buf_adds(b, "\\r"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\b': buf_adds(b, "\\b"); break;
		case '\f': buf_adds(b, "\\f"); break;
		default:
			/* Bidi overrides could reorder a terminal line. */
			if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
			    (cp >= 0x202a && cp <= 0x202e) ||
			    (cp >= 0x2066 && cp <= 0x2069))
				buf_printf(b, "\\u%04x", cp);
			else
				buf_add(b, s, k);
			break;
		}
		s += k;
		n -= k;
	}
	buf_addc(b, '"');
}

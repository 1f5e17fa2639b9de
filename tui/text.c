/*
 * text.c - untrusted text made safe to print, and measured, cut, padded and
 * wrapped in terminal columns (src/textsafe.c widths). No curses here: views
 * draw what these functions return.
 */
#include "config.h"

#include "text.h"

#include <langinfo.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "canopy.h"
#include "textsafe.h"

static int	 text_utf8_on = 1;

static const char *const glyph_utf8[GLYPH_COUNT] = {
#define GLYPH_U(e, u, a) u,
	TEXT_GLYPHS(GLYPH_U)
#undef GLYPH_U
};

static const char *const glyph_ascii[GLYPH_COUNT] = {
#define GLYPH_A(e, u, a) a,
	TEXT_GLYPHS(GLYPH_A)
#undef GLYPH_A
};

/* Eighth blocks, 1/8 to 7/8 of a cell, for bars. */
static const char *const bar_eighths[8] = {
	"", "\u258f", "\u258e", "\u258d", "\u258c", "\u258b", "\u258a",
	"\u2589"
};

void
text_set_utf8(int on)
{
	text_utf8_on = on != 0;
}

int
text_utf8(void)
{
	return text_utf8_on;
}

int
text_locale_is_utf8(void)
{
	const char	*cs = nl_langinfo(CODESET);

	return cs != NULL && (strcasecmp(cs, "UTF-8") == 0 ||
	    strcasecmp(cs, "utf8") == 0);
}

const char *
text_glyph(enum text_glyph g)
{
	if (CN_NEVER(g < 0 || g >= GLYPH_COUNT))
		return "?";
	return text_utf8_on ? glyph_utf8[g] : glyph_ascii[g];
}

/* Whether piece p must be spelled out rather than printed. */
static int
must_escape(const struct textsafe_piece *p)
{
	if (p->kind != TEXTSAFE_PRINT)
		return 1;
	return p->cp >= 0x80 && !text_utf8_on;
}

void
text_safe_init(struct text_safe *t)
{
	memset(t, 0, sizeof *t);
}

void
text_safe_free(struct text_safe *t)
{
	if (t == NULL)
		return;
	free(t->s);
	free(t->esc);
	text_safe_init(t);
}

/* Appends an escape span [off, off+len), merged with an adjacent one. */
static void
add_span(struct text_safe *t, size_t off, size_t len)
{
	struct text_span	*last;

	if (t->nesc > 0) {
		last = &t->esc[t->nesc - 1];
		if (last->off + last->len == off) {
			last->len += len;
			return;
		}
	}
	if (t->nesc == t->esccap)
		t->esc = xgrow(t->esc, &t->esccap, 4, sizeof *t->esc);
	t->esc[t->nesc].off = off;
	t->esc[t->nesc].len = len;
	t->nesc++;
}

/* Appends escaped text s to b as a span of t. */
static void
add_escape(struct text_safe *t, struct cn_buf *b, const char *s)
{
	size_t	 off = b->len;

	buf_adds(b, s);
	add_span(t, off, b->len - off);
}

void
text_sanitize(struct text_safe *out, const char *in, size_t len,
    unsigned flags)
{
	struct textsafe_piece	 p;
	struct cn_buf		 b;
	size_t			 i = 0;
	int			 col = 0, sp;
	unsigned char		 c;
	char			 esc[TEXTSAFE_SPELL_MAX];

	free(out->s);
	out->s = NULL;
	out->len = 0;
	out->nesc = 0;
	buf_init(&b);
	while (i < len) {
		c = (unsigned char)in[i];
		if (c == '\n') {
			if (flags & TEXT_KEEP_NEWLINES) {
				buf_addc(&b, '\n');
				col = 0;
			} else {
				add_escape(out, &b, text_glyph(GLYPH_NEWLINE));
				col += text_utf8_on ? 1 : 2;
			}
			i++;
			continue;
		}
		if (c == '\t') {
			sp = TEXT_TABSTOP - col % TEXT_TABSTOP;
			col += sp;
			while (sp-- > 0)
				buf_addc(&b, ' ');
			i++;
			continue;
		}
		i += textsafe_next(in + i, len - i, &p);
		if (must_escape(&p)) {
			col += (int)textsafe_spell(&p, esc, 0);
			add_escape(out, &b, esc);
		} else {
			buf_add(&b, in + i - p.len, p.len);
			col += p.width;
		}
	}
	out->len = b.len;
	out->s = buf_take(&b);
}

void
text_sanitize_str(struct text_safe *out, const char *in, unsigned flags)
{
	if (in == NULL)
		in = "";
	text_sanitize(out, in, strlen(in), flags);
}

char *
text_safe_dup(const char *s)
{
	struct text_safe	 t;
	char			*r;

	text_safe_init(&t);
	text_sanitize_str(&t, s, 0);
	r = t.s;
	t.s = NULL;
	text_safe_free(&t);
	return r;
}

int
text_width(const char *s, size_t len)
{
	size_t		 i = 0;
	uint32_t	 cp;
	int		 n, w = 0;

	while (i < len) {
		if ((n = textsafe_decode(s + i, len - i, &cp)) < 0) {
			w++;			/* not sanitized: count a cell */
			i++;
			continue;
		}
		w += textsafe_width(cp);
		i += (size_t)n;
	}
	return w;
}

size_t
text_prefix(const char *s, size_t len, int maxw, int *w)
{
	size_t		 i = 0;
	uint32_t	 cp;
	int		 n, used = 0, cw;

	while (i < len) {
		if ((n = textsafe_decode(s + i, len - i, &cp)) < 0) {
			n = 1;
			cw = 1;
		} else
			cw = textsafe_width(cp);
		if (used + cw > maxw)
			break;
		used += cw;
		i += (size_t)n;
	}
	if (w != NULL)
		*w = used;
	return i;
}

int
text_truncate(struct cn_buf *out, const char *s, size_t len, int width)
{
	size_t	 p;
	int	 w, total;

	if (width <= 0)
		return 0;
	total = text_width(s, len);
	if (total <= width) {
		buf_add(out, s, len);
		return total;
	}
	p = text_prefix(s, len, width - 1, &w);
	buf_add(out, s, p);
	buf_adds(out, text_glyph(GLYPH_ELLIPSIS));
	return w + 1;
}

void
text_pad(struct cn_buf *out, const char *s, size_t len, int width,
    int align)
{
	struct cn_buf	 tmp;
	int		 w;

	if (width <= 0)
		return;
	buf_init(&tmp);
	w = text_truncate(&tmp, s, len, width);
	if (align == TEXT_RIGHT)
		for (; w < width; w++)
			buf_addc(out, ' ');
	if (tmp.len > 0)
		buf_add(out, tmp.s, tmp.len);
	for (; w < width; w++)
		buf_addc(out, ' ');
	buf_free(&tmp);
}

int
text_safe_truncate(struct text_safe *t, int width)
{
	const char	*ell;
	size_t		 p, i, elen;
	int		 w, total;

	if (t->s == NULL)
		return 0;
	total = text_width(t->s, t->len);
	if (total <= width)
		return total;
	if (width <= 0) {
		t->s[0] = '\0';
		t->len = 0;
		t->nesc = 0;
		return 0;
	}
	p = text_prefix(t->s, t->len, width - 1, &w);
	ell = text_glyph(GLYPH_ELLIPSIS);
	elen = strlen(ell);
	t->s = xrealloc(t->s, p + elen + 1);
	memcpy(t->s + p, ell, elen + 1);
	t->len = p + elen;
	for (i = 0; i < t->nesc; i++) {
		if (t->esc[i].off >= p)
			break;
		if (t->esc[i].off + t->esc[i].len > p)
			t->esc[i].len = p - t->esc[i].off;
	}
	t->nesc = i;
	return w + 1;
}

/* Skips spaces from i; a newline right after them is taken too. */
static size_t
skip_break(const char *s, size_t len, size_t i)
{
	while (i < len && s[i] == ' ')
		i++;
	if (i < len && s[i] == '\n')
		i++;
	return i;
}

/* Fills line with [start, end) minus trailing spaces. */
static void
set_line(struct text_line *line, const char *s, size_t start, size_t end)
{
	while (end > start && s[end - 1] == ' ')
		end--;
	line->off = start;
	line->len = end - start;
	line->width = text_width(s + start, end - start);
}

int
text_wrap_next(const char *s, size_t len, int width, size_t *pos,
    struct text_line *line)
{
	size_t		 start = *pos, i, space = 0;
	uint32_t	 cp;
	int		 n, cw, w = 0, have_space = 0;

	if (width < 1)
		width = 1;
	if (start > len)
		return 0;
	if (start == len) {
		/* Text ending in a newline ends with an empty line. */
		if (len > 0 && s[len - 1] == '\n') {
			line->off = len;
			line->len = 0;
			line->width = 0;
			*pos = len + 1;
			return 1;
		}
		*pos = len + 1;
		return 0;
	}
	for (i = start; i < len; i += (size_t)n) {
		if (s[i] == '\n') {
			set_line(line, s, start, i);
			*pos = i + 1;
			return 1;
		}
		if ((n = textsafe_decode(s + i, len - i, &cp)) < 0) {
			n = 1;
			cw = 1;
		} else
			cw = textsafe_width(cp);
		if (w + cw > width && i > start) {
			if (s[i] == ' ') {
				set_line(line, s, start, i);
				*pos = skip_break(s, len, i);
			} else if (have_space) {
				set_line(line, s, start, space);
				*pos = skip_break(s, len, space);
			} else {
				set_line(line, s, start, i);
				*pos = i;
			}
			return 1;
		}
		if (s[i] == ' ' && i > start && s[i - 1] != ' ') {
			space = i;
			have_space = 1;
		}
		w += cw;
	}
	/* The last line (it has no newline, or the loop had returned). */
	set_line(line, s, start, len);
	*pos = len + 1;
	return 1;
}

size_t
text_wrap(const char *s, size_t len, int width, struct text_line **lines)
{
	struct text_line	 l;
	size_t			 n = 0, cap = 0, pos = 0;

	*lines = NULL;
	while (text_wrap_next(s, len, width, &pos, &l)) {
		if (n == cap)
			*lines = xgrow(*lines, &cap, 16, sizeof **lines);
		(*lines)[n++] = l;
	}
	return n;
}

int
text_bar(struct cn_buf *out, double value, double lo, double hi, int width)
{
	double	 frac;
	int	 eighths, cells, i, used;

	if (width <= 0)
		return 0;
	frac = (value - lo) / (hi - lo);
	if (isnan(value) || !(hi > lo) || isnan(frac)) {
		for (i = 0; i < width; i++)
			buf_addc(out, ' ');
		return 0;
	}
	if (frac < 0)
		frac = 0;
	if (frac > 1)
		frac = 1;
	eighths = (int)lround(frac * width * 8);
	if (!text_utf8_on) {
		cells = (eighths + 4) / 8;
		for (i = 0; i < width; i++)
			buf_addc(out, i < cells ? '#' : ' ');
		return cells * 8;
	}
	for (i = 0; i < eighths / 8; i++)
		buf_adds(out, text_glyph(GLYPH_FULL));
	used = eighths / 8;
	if (eighths % 8 != 0) {
		buf_adds(out, bar_eighths[eighths % 8]);
		used++;
	}
	for (; used < width; used++)
		buf_addc(out, ' ');
	return eighths;
}

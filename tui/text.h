/*
 * text.h - untrusted text made safe and measured for the terminal, without
 * curses.
 *
 * Text from traces may hold anything: escape sequences, C0/C1 controls,
 * invalid UTF-8, bidi overrides. text_sanitize() turns it into a string that
 * is safe to print, where every such byte or code point is spelled out
 * (ESC shows as the 4 characters `\x1b`, byte 0xff as `\xff`, U+0085 as
 * `\u0085`) and the spelled-out spans are listed so views can draw them in
 * ROLE_ESCAPE. What is unsafe, how UTF-8 decodes and how wide a code
 * point is come from the core (src/textsafe.h). Everything else here works
 * on sanitized text (valid UTF-8 without controls, except '\n' when
 * TEXT_KEEP_NEWLINES was given) and measures it in terminal columns.
 *
 * Non-UTF-8 locales: after text_set_utf8(0), sanitizing also spells out
 * every non-ASCII code point (`\u00e9`), and glyphs, ellipsis and bars use
 * ASCII, so the output is pure ASCII.
 */
#ifndef CN_TEXT_H
#define CN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "textsafe.h"

struct cn_buf;

/* Whether the terminal takes UTF-8 (default 1). Global, set once. */
void	 text_set_utf8(int on);
int	 text_utf8(void);

/* 1 if the current LC_CTYPE locale's codeset is UTF-8 (after setlocale). */
int	 text_locale_is_utf8(void);

/* A byte range of a string. */
struct text_span {
	size_t		 off;
	size_t		 len;
};

/* Sanitized text: owns s and esc. */
struct text_safe {
	char			*s;	/* NUL-terminated, safe to print */
	size_t			 len;	/* bytes in s */
	struct text_span	*esc;	/* spelled-out spans, in order */
	size_t			 nesc;
	size_t			 esccap;
};

/* text_sanitize() flags. */
#define TEXT_KEEP_NEWLINES	0x01u	/* keep '\n' (for text_wrap) */

/* Columns between tab stops: a tab becomes spaces up to the next stop. */
#define TEXT_TABSTOP		4

void	 text_safe_init(struct text_safe *);
void	 text_safe_free(struct text_safe *);	/* NULL-safe; reusable */

/*
 * Makes in[0..len) safe, replacing what out held. What is spelled out:
 * C0 controls and DEL as \xHH (ESC is \x1b: the rest of an escape sequence
 * is then plain text, so `\x1b[31m` reads as `\x1b` + `[31m`), the other
 * code points textsafe_unsafe() names (C1, U+2028/U+2029, bidi controls)
 * as \uHHHH, each byte of an invalid UTF-8 sequence
 * (overlong, surrogate, above U+10FFFF, truncated) as \xHH. A tab becomes
 * spaces to the next multiple of TEXT_TABSTOP columns (counted from the
 * last newline). A newline is kept with TEXT_KEEP_NEWLINES, else shown as
 * "⏎" ("\n" in ASCII mode), spelled-out. A NUL byte is \x00.
 */
void	 text_sanitize(struct text_safe *out, const char *in, size_t len,
	    unsigned flags);

/* Same as text_sanitize() on a NUL-terminated string (NULL gives ""). */
void	 text_sanitize_str(struct text_safe *out, const char *in,
	    unsigned flags);

/*
 * Convenience for one-line labels: a sanitized copy of s (NULL gives "")
 * without the spans. The caller frees it.
 */
char	*text_safe_dup(const char *s);

/* Columns taken by sanitized text s[0..len) ('\n' counts 0). */
int	 text_width(const char *s, size_t len);

/*
 * Bytes of the longest prefix of sanitized s[0..len) that fits in maxw
 * columns, never cutting a character (a wide character that does not fit
 * whole is left out, zero-width marks after the last character are kept).
 * *w (if not NULL) receives the prefix's width.
 */
size_t	 text_prefix(const char *s, size_t len, int maxw, int *w);

/*
 * Appends sanitized s[0..len) to out, cut to width columns: if it does not
 * fit, as much as fits with the ellipsis ("…", or "~" in ASCII mode) in
 * the last column. Returns the columns appended (<= width; width <= 0
 * appends nothing).
 */
int	 text_truncate(struct cn_buf *out, const char *s, size_t len,
	    int width);

/* Alignment for text_pad(). */
#define TEXT_LEFT	0
#define TEXT_RIGHT	1

/*
 * Appends s[0..len) truncated (as text_truncate) and padded with spaces to
 * exactly width columns, aligned TEXT_LEFT or TEXT_RIGHT.
 */
void	 text_pad(struct cn_buf *out, const char *s, size_t len, int width,
	    int align);

/*
 * Cuts t to width columns in place as text_truncate does (the ellipsis is
 * not an escape span); spans are clipped to what remains. Returns the
 * width of the result.
 */
int	 text_safe_truncate(struct text_safe *t, int width);

/* One wrapped line: bytes [off, off+len) of the text, width columns. */
struct text_line {
	size_t		 off;
	size_t		 len;
	int		 width;
};

/*
 * Word wrap, as an iterator over sanitized s[0..len) (which may hold
 * '\n'). Start with *pos = 0; each call stores the next line and returns
 * 1, or returns 0 when the text is used up. Lines end at '\n' (not
 * included), else at the last space that lets the line fit in width
 * columns (the spaces at the break are dropped), else a word longer than
 * width is cut at a character boundary. Every line but an empty one holds
 * at least one character, so a width below a wide character's still
 * progresses. An empty text gives no lines; "a\n" gives "a" then "".
 */
int	 text_wrap_next(const char *s, size_t len, int width, size_t *pos,
	    struct text_line *line);

/*
 * All lines of text_wrap_next() in an array: *lines is allocated (or NULL
 * when there are none); the caller frees it. Returns the count.
 */
size_t	 text_wrap(const char *s, size_t len, int width,
	    struct text_line **lines);

/*
 * Glyphs with ASCII replacements: _(ENUM, "UTF-8", "ASCII"). Each is one
 * column wide, except the ASCII newline (2).
 */
#define TEXT_GLYPHS(_)							\
	_(VLINE,	"\u2502",	"|")	/* │ guide */			\
	_(TEE,		"\u251c",	"+")	/* ├ child with siblings */	\
	_(ELBOW,	"\u2514",	"`")	/* └ last child */		\
	_(HLINE,	"\u2500",	"-")	/* ─ */				\
	_(CLOSED,	"\u25b8",	">")	/* ▸ folded node */		\
	_(OPEN,		"\u25be",	"v")	/* ▾ expanded node */		\
	_(ELLIPSIS,	"\u2026",	"~")	/* … cut text */		\
	_(NEWLINE,	"\u23ce",	"\\n")	/* ⏎ newline in one line */	\
	_(FULL,		"\u2588",	"#")	/* █ full bar cell */

enum text_glyph {
#define TEXT_GLYPH_ENUM(e, u, a) GLYPH_##e,
	TEXT_GLYPHS(TEXT_GLYPH_ENUM)
#undef TEXT_GLYPH_ENUM
	GLYPH_COUNT
};

/* The glyph for the current mode (text_set_utf8). */
const char *text_glyph(enum text_glyph);

/*
 * Appends a bar of exactly width columns to out: value in [lo, hi] (clamped)
 * fills the bar from the left in eighths of a column (▏▎▍▌▋▊▉█), or in
 * whole columns of '#' in ASCII mode; the rest is spaces. A NaN value or
 * hi <= lo gives only spaces. Returns the number of filled eighths
 * (0 .. 8*width) so tests and callers can tell the length.
 */
int	 text_bar(struct cn_buf *out, double value, double lo, double hi,
	    int width);

#endif /* CN_TEXT_H */

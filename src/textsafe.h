/*
 * textsafe.h - untrusted text against the terminal. Trace text may hold
 * escape sequences, C0/C1 controls, bidi controls and invalid UTF-8; this
 * is the one place that decodes UTF-8, decides which code points must
 * never reach a terminal raw, and spells them out visibly. The CLI, the
 * JSON writer and the TUI build their output on it, each choosing only how
 * newlines and tabs look. Pure functions: no curses, no locale.
 */
#ifndef CN_TEXTSAFE_H
#define CN_TEXTSAFE_H

#include <stddef.h>
#include <stdint.h>

/*
 * Decodes the UTF-8 character at s[0..len) into *cp and returns its length
 * in bytes (1-4), or -1 if it is invalid (overlong, surrogate, above
 * U+10FFFF, truncated, a stray continuation byte, or len == 0); then *cp
 * is the first byte's value (0 when len == 0).
 */
int	 textsafe_decode(const char *s, size_t len, uint32_t *cp);

/*
 * 1 if code point cp must not reach a terminal as is: C0 controls (tab
 * and newline included: callers that keep them test them first), DEL, C1
 * controls U+0080-U+009F, the line and paragraph separators U+2028/U+2029
 * and every bidi control (ALM U+061C, LRM U+200E, RLM U+200F, LRE RLE PDF
 * LRO RLO U+202A-U+202E, LRI RLI FSI PDI U+2066-U+2069).
 */
int	 textsafe_unsafe(uint32_t cp);

/*
 * Columns taken by code point cp (libutf8proc, like wcwidth): 0 for
 * combining marks and other zero-width characters, 2 for wide ones (CJK,
 * most emoji), else 1. Unsafe code points give 0: they are never printed.
 */
int	 textsafe_width(uint32_t cp);

/* What a piece of untrusted text is. */
enum textsafe_kind {
	TEXTSAFE_PRINT,		/* a code point safe to print as is */
	TEXTSAFE_UNSAFE,	/* a valid code point textsafe_unsafe() names */
	TEXTSAFE_INVALID	/* one byte that starts no valid UTF-8 */
};

/* One piece: a code point, or one invalid byte. */
struct textsafe_piece {
	enum textsafe_kind	 kind;
	uint32_t		 cp;	/* the code point, or the byte */
	size_t			 len;	/* bytes of input it takes */
	int			 width;	/* columns printed as is */
};

/*
 * The sanitizer's scanner: classifies the piece at s[0..len) (len >= 1)
 * into *p and returns its length in bytes (>= 1), so a loop over a string
 * always progresses. An invalid sequence is taken one byte at a time.
 */
size_t	 textsafe_next(const char *s, size_t len,
	    struct textsafe_piece *p);

/* Room for a spelling with its NUL (\u10ffff at most). */
#define TEXTSAFE_SPELL_MAX	12

/* textsafe_spell() flags. */
#define TEXTSAFE_CESC	0x01u	/* newline, tab, CR as \n, \t, \r */

/*
 * Writes the visible spelling of a piece into out: `\xHH` for an invalid
 * byte, a C0 control or DEL, `\uHHHH` (more digits above U+FFFF) for any
 * other code point (a printable one too, for ASCII-only output). With
 * TEXTSAFE_CESC, newline, tab and CR are `\n`, `\t` and `\r` instead.
 * The spelling is printable ASCII, one column a byte. Returns its length.
 */
size_t	 textsafe_spell(const struct textsafe_piece *p,
	    char out[TEXTSAFE_SPELL_MAX], unsigned flags);

#endif /* CN_TEXTSAFE_H */

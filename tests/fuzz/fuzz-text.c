/*
 * fuzz-text.c - arbitrary bytes, as a trace's text read back from a
 * database someone else wrote, through the core's scanner and spellings
 * (src/textsafe.c), the JSON writer (strings, and the text as a stored
 * extra object), the TUI's sanitizer and the helpers that cut and wrap
 * it. What reaches the terminal must hold no control or escape byte, no
 * C1, line or bidi control, and be valid UTF-8 (or plain ASCII in ASCII
 * mode); cutting and wrapping must stay within their widths. Any break of
 * that aborts, so the fuzzer reports it.
 *
 * An input is: one byte of options (bit 0 ASCII mode, bit 1 keep
 * newlines, the high bits a width from 1 to 64), then the text. Built as
 * fuzz-import.c is: libFuzzer with --enable-fuzz, else the replay driver
 * (replay-main.c) over tests/fuzz/corpus-text.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "json-out.h"
#include "text.h"
#include "textsafe.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

#define CHECK(cond) do {						\
	if (!(cond))							\
		fatalx("fuzz-text: %s:%d: %s", __FILE__, __LINE__,	\
		    #cond);						\
} while (0)

/*
 * The code points the sanitizers promise to spell out, written out here
 * again so the fuzzer checks textsafe_unsafe() rather than trusts it.
 */
static int
unsafe_cp(uint32_t cp)
{
	int	 u;

	u = cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
	    cp == 0x061c || cp == 0x200e || cp == 0x200f ||
	    cp == 0x2028 || cp == 0x2029 || (cp >= 0x202a && cp <= 0x202e) ||
	    (cp >= 0x2066 && cp <= 0x2069);
	CHECK(u == textsafe_unsafe(cp));
	return u;
}

/* s[0..len) is valid UTF-8 with no unsafe code point but newlines (nl). */
static void
check_bytes(const char *s, size_t len, int nl)
{
	uint32_t	 cp;
	size_t		 i;
	int		 n;

	for (i = 0; i < len; i += (size_t)n) {
		n = textsafe_decode(s + i, len - i, &cp);
		CHECK(n > 0);
		CHECK(!unsafe_cp(cp) || (cp == '\n' && nl));
	}
}

/*
 * The core: pieces cover the input, printable ones are safe as they are
 * and every spelling is printable ASCII. Then the JSON writer, on the text
 * as a string and as a stored extra object.
 */
static void
check_core(const char *s, size_t len)
{
	struct textsafe_piece	 p;
	struct cn_buf		 b;
	size_t			 i, k, j;
	char			 sp[TEXTSAFE_SPELL_MAX];
	char			*str;

	for (i = 0; i < len; i += k) {
		k = textsafe_next(s + i, len - i, &p);
		CHECK(k >= 1 && k == p.len && k <= len - i);
		if (p.kind == TEXTSAFE_PRINT) {
			check_bytes(s + i, k, 0);
			CHECK(p.width >= 0 && p.width <= 2);
			continue;
		}
		CHECK(textsafe_spell(&p, sp, TEXTSAFE_CESC) == strlen(sp));
		for (j = 0; sp[j] != '\0'; j++)
			CHECK(sp[j] > 0x20 && sp[j] < 0x7f);
	}

	/* Up to the first NUL: stored text is a C string. */
	str = xmalloc(len + 1);
	memcpy(str, s, len);
	str[len] = '\0';
	buf_init(&b);
	json_quote(&b, str);
	check_bytes(b.s, b.len, 0);
	buf_reset(&b);
	if (json_copy(&b, str) == 0)
		check_bytes(b.s, b.len, 0);
	else
		CHECK(b.len == 0);
	buf_free(&b);
	free(str);
}

static void
check_safe(const struct text_safe *t, int ascii, int newlines)
{
	uint32_t	 cp;
	size_t		 i, end = 0;
	int		 n;

	CHECK(strlen(t->s) == t->len);
	for (i = 0; i < t->len; i += (size_t)n) {
		n = textsafe_decode(t->s + i, t->len - i, &cp);
		CHECK(n > 0);
		CHECK(!ascii || cp < 0x80);
		CHECK(!unsafe_cp(cp) || (cp == '\n' && newlines));
	}
	for (i = 0; i < t->nesc; i++) {
		CHECK(t->esc[i].off >= end);
		end = t->esc[i].off + t->esc[i].len;
		CHECK(end <= t->len);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct text_safe	 t;
	struct text_line	 line;
	struct cn_buf		 b;
	size_t			 pos = 0, lines = 0;
	int			 ascii, newlines, width, w;

	if (size < 1)
		return 0;
	ascii = data[0] & 1;
	newlines = (data[0] >> 1) & 1;
	width = 1 + (data[0] >> 2);
	data++;
	size--;
	text_set_utf8(!ascii);
	check_core((const char *)data, size);

	text_safe_init(&t);
	text_sanitize(&t, (const char *)data, size,
	    newlines ? TEXT_KEEP_NEWLINES : 0);
	check_safe(&t, ascii, newlines);

	CHECK(text_width(t.s, t.len) >= 0);
	CHECK(text_prefix(t.s, t.len, width, &w) <= t.len && w <= width);
	buf_init(&b);
	CHECK(text_truncate(&b, t.s, t.len, width) <= width);
	CHECK(text_width(b.s != NULL ? b.s : "", b.len) <= width);
	buf_free(&b);
	while (text_wrap_next(t.s, t.len, width, &pos, &line)) {
		CHECK(line.off + line.len <= t.len);
		CHECK(line.width == text_width(t.s + line.off, line.len));
		/* A wide character may stand alone on a narrower line. */
		CHECK(line.width <= (width > 2 ? width : 2));
		CHECK(++lines <= t.len + 1);
	}
	CHECK(text_safe_truncate(&t, width) <= width);
	check_safe(&t, ascii, newlines);
	text_safe_free(&t);
	return 0;
}

/*
 * test-textsafe.c - the core's text safety: the UTF-8 decoder against
 * every code point, the exact set of code points kept from the terminal,
 * widths, the piece scanner and the spellings.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn-test.h"

#include "canopy.h"
#include "textsafe.h"

/* Encodes cp (a scalar value) as UTF-8; returns the length. */
static int
encode(uint32_t cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static void
test_textsafe_decode_every_scalar(void **state)
{
	uint32_t	 cp, got;
	char		 s[4];
	int		 n;

	(void)state;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		n = encode(cp, s);
		assert_int_equal(textsafe_decode(s, (size_t)n, &got), n);
		assert_int_equal(got, cp);
		/* One byte short is never a character. */
		if (n > 1)
			assert_int_equal(textsafe_decode(s, (size_t)n - 1,
			    &got), -1);
	}
}

static void
test_textsafe_decode_rejects(void **state)
{
	uint32_t	 cp;

	(void)state;
	assert_int_equal(textsafe_decode("", 0, &cp), -1);
	assert_int_equal(cp, 0);
	/* Overlong forms of '/' and of NUL, and of U+0080 in 3 bytes. */
	assert_int_equal(textsafe_decode("\xc0\xaf", 2, &cp), -1);
	assert_int_equal(cp, 0xc0);
	assert_int_equal(textsafe_decode("\xc0\x80", 2, &cp), -1);
	assert_int_equal(textsafe_decode("\xe0\x82\x80", 3, &cp), -1);
	assert_int_equal(textsafe_decode("\xf0\x80\x80\x80", 4, &cp), -1);
	/* Surrogates, above U+10FFFF, 5-byte leads. */
	assert_int_equal(textsafe_decode("\xed\xa0\x80", 3, &cp), -1);
	assert_int_equal(textsafe_decode("\xed\xbf\xbf", 3, &cp), -1);
	assert_int_equal(textsafe_decode("\xf4\x90\x80\x80", 4, &cp), -1);
	assert_int_equal(textsafe_decode("\xf8\x88\x80\x80\x80", 5, &cp), -1);
	/* A stray continuation byte, a lead without its continuation. */
	assert_int_equal(textsafe_decode("\x80", 1, &cp), -1);
	assert_int_equal(cp, 0x80);
	assert_int_equal(textsafe_decode("\xe4" "ab", 3, &cp), -1);
	assert_int_equal(textsafe_decode("\xff", 1, &cp), -1);
	assert_int_equal(cp, 0xff);
}

static void
test_textsafe_unsafe_set(void **state)
{
	static const uint32_t	 bidi[] = {
		0x061c, 0x200e, 0x200f,			/* ALM LRM RLM */
		0x202a, 0x202b, 0x202c, 0x202d, 0x202e,	/* LRE..RLO */
		0x2066, 0x2067, 0x2068, 0x2069,		/* LRI..PDI */
	};
	static const uint32_t	 safe[] = {
		' ', '~', 0xa0, 0xe9, 0x061b, 0x061d, 0x200b, 0x200c,
		0x200d, 0x2010, 0x2027, 0x202f, 0x2065, 0x206a, 0xfeff,
		0xfffd, 0x1f600, 0x1f1fa, 0x10ffff,
	};
	uint32_t		 cp;
	size_t			 i, count = 0;

	(void)state;
	for (cp = 0; cp < 0x20; cp++)
		assert_true(textsafe_unsafe(cp));
	assert_true(textsafe_unsafe(0x7f));
	for (cp = 0x80; cp < 0xa0; cp++)
		assert_true(textsafe_unsafe(cp));
	assert_true(textsafe_unsafe(0x2028));
	assert_true(textsafe_unsafe(0x2029));
	for (i = 0; i < sizeof bidi / sizeof bidi[0]; i++)
		assert_true(textsafe_unsafe(bidi[i]));
	for (i = 0; i < sizeof safe / sizeof safe[0]; i++)
		assert_false(textsafe_unsafe(safe[i]));
	/* Exactly these: 32 C0, DEL, 32 C1, LS, PS and 12 bidi. */
	for (cp = 0; cp <= 0x10ffff; cp++)
		count += textsafe_unsafe(cp) != 0;
	assert_int_equal(count, 32 + 1 + 32 + 2 + 12);
}

static void
test_textsafe_width(void **state)
{
	(void)state;
	assert_int_equal(textsafe_width('a'), 1);
	assert_int_equal(textsafe_width(0xe9), 1);
	assert_int_equal(textsafe_width(0x301), 0);	/* combining acute */
	assert_int_equal(textsafe_width(0x200b), 0);	/* zero width */
	assert_int_equal(textsafe_width(0x200d), 0);	/* ZWJ */
	assert_int_equal(textsafe_width(0xff21), 2);	/* fullwidth A */
	assert_int_equal(textsafe_width(0x65e5), 2);	/* CJK */
	assert_int_equal(textsafe_width(0x1f600), 2);	/* emoji */
	assert_int_equal(textsafe_width(0x1b), 0);
	assert_int_equal(textsafe_width(0x9b), 0);
	assert_int_equal(textsafe_width(0x202e), 0);
}

static void
test_textsafe_next_pieces(void **state)
{
	/* What each piece must be; -1: that member is not checked. */
	static const struct {
		int		 kind;
		long		 cp;
		int		 width;
		long		 len;
	} want[] = {
		{ TEXTSAFE_PRINT, 'a', 1, -1 },
		{ TEXTSAFE_UNSAFE, 0x1b, -1, 1 },
		{ TEXTSAFE_UNSAFE, 0x9b, -1, 2 },	/* 8-bit CSI */
		{ TEXTSAFE_PRINT, -1, 2, 3 },
		{ TEXTSAFE_INVALID, 0xff, -1, 1 },
		{ TEXTSAFE_UNSAFE, 0x200f, -1, -1 },	/* RLM */
	};
	const char		*s =
	    "a\x1b\xc2\x9b\xe6\x97\xa5\xff\xe2\x80\x8f";
	struct textsafe_piece	 p;
	size_t			 len = strlen(s), i = 0, k;

	(void)state;
	for (k = 0; k < sizeof want / sizeof want[0]; k++) {
		i += textsafe_next(s + i, len - i, &p);
		assert_int_equal(p.kind, want[k].kind);
		if (want[k].cp != -1)
			assert_int_equal(p.cp, want[k].cp);
		if (want[k].width != -1)
			assert_int_equal(p.width, want[k].width);
		if (want[k].len != -1)
			assert_int_equal(p.len, want[k].len);
	}
	assert_int_equal(i, len);
	/* A truncated sequence is taken a byte at a time. */
	assert_int_equal(textsafe_next("\xe6\x97", 2, &p), 1);
	assert_int_equal(p.kind, TEXTSAFE_INVALID);
}

/* The spelling of the first piece of s. */
static const char *
spell(const char *s, size_t len, unsigned flags)
{
	static char		 out[TEXTSAFE_SPELL_MAX];
	struct textsafe_piece	 p;
	size_t			 n;

	textsafe_next(s, len, &p);
	n = textsafe_spell(&p, out, flags);
	assert_int_equal(n, strlen(out));
	return out;
}

static void
test_textsafe_spell(void **state)
{
	(void)state;
	assert_string_equal(spell("\x1b", 1, 0), "\\x1b");
	assert_string_equal(spell("", 1, 0), "\\x00");
	assert_string_equal(spell("\x7f", 1, 0), "\\x7f");
	assert_string_equal(spell("\n", 1, 0), "\\x0a");
	assert_string_equal(spell("\n", 1, TEXTSAFE_CESC), "\\n");
	assert_string_equal(spell("\t", 1, TEXTSAFE_CESC), "\\t");
	assert_string_equal(spell("\r", 1, TEXTSAFE_CESC), "\\r");
	assert_string_equal(spell("\x01", 1, TEXTSAFE_CESC), "\\x01");
	assert_string_equal(spell("\xc2\x85", 2, 0), "\\u0085");
	assert_string_equal(spell("\xe2\x80\xa8", 3, 0), "\\u2028");
	assert_string_equal(spell("\xd8\x9c", 2, 0), "\\u061c");
	assert_string_equal(spell("\xe2\x81\xa9", 3, 0), "\\u2069");
	/* Invalid bytes, even \n-looking ones, are bytes. */
	assert_string_equal(spell("\xc0\x8a", 2, TEXTSAFE_CESC), "\\xc0");
	/* Printable code points too, for ASCII-only output. */
	assert_string_equal(spell("\xc3\xa9", 2, 0), "\\u00e9");
	assert_string_equal(spell("\xf4\x8f\xbf\xbf", 4, 0), "\\u10ffff");
}

CN_TEST_MAIN(
	cmocka_unit_test(test_textsafe_decode_every_scalar),
	cmocka_unit_test(test_textsafe_decode_rejects),
	cmocka_unit_test(test_textsafe_unsafe_set),
	cmocka_unit_test(test_textsafe_width),
	cmocka_unit_test(test_textsafe_next_pieces),
	cmocka_unit_test(test_textsafe_spell))

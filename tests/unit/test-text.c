/* test-text.c - sanitizing, measuring, cutting and wrapping text. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>

#include <cmocka.h>

#include "cn-test.h"

#include "canopy.h"
#include "text.h"

static int
utf8_mode(void **state)
{
	text_set_utf8(1);
	return 0;
}

/*
 * Sanitizes in[0..len) and checks the result and its escape spans, given
 * as "off:len,off:len".
 */
static void
check_safe(const char *in, size_t len, unsigned flags, const char *want,
    const char *spans)
{
	struct text_safe	 t;
	struct cn_buf		 b;
	size_t			 i;

	text_safe_init(&t);
	text_sanitize(&t, in, len, flags);
	assert_string_equal(t.s, want);
	assert_int_equal(t.len, strlen(want));
	buf_init(&b);
	for (i = 0; i < t.nesc; i++)
		buf_printf(&b, "%s%zu:%zu", i > 0 ? "," : "", t.esc[i].off,
		    t.esc[i].len);
	assert_string_equal(b.s != NULL ? b.s : "", spans);
	buf_free(&b);
	text_safe_free(&t);
}

#define SAFE(in, flags, want, spans) \
	check_safe(in, sizeof in - 1, flags, want, spans)

static void
test_text_sanitize_plain(void **state)
{
	SAFE("hello, world", 0, "hello, world", "");
	SAFE("", 0, "", "");
	SAFE("\xe6\x97\xa5\xe6\x9c\xac \xc3\xa9", 0,
	    "\xe6\x97\xa5\xe6\x9c\xac \xc3\xa9", "");
	SAFE("\xf0\x9f\x98\x80", 0, "\xf0\x9f\x98\x80", "");	/* emoji */
}

static void
test_text_sanitize_escape_sequences(void **state)
{
	SAFE("\x1b[31mred\x1b[0m", 0, "\\x1b[31mred\\x1b[0m", "0:4,11:4");
	/* OSC title set, BEL-terminated. */
	SAFE("\x1b]0;title\x07", 0, "\\x1b]0;title\\x07", "0:4,12:4");
	/* Adjacent escapes make one span. */
	SAFE("a\x01\x02z", 0, "a\\x01\\x02z", "1:8");
	SAFE("x\x7f", 0, "x\\x7f", "1:4");
	SAFE("a\0b", 0, "a\\x00b", "1:4");
	SAFE("\r", 0, "\\x0d", "0:4");
}

static void
test_text_sanitize_c1_and_bidi(void **state)
{
	SAFE("a\xc2\x85" "b", 0, "a\\u0085b", "1:6");	/* NEL */
	SAFE("\xc2\x9b" "31m", 0, "\\u009b31m", "0:6");	/* 8-bit CSI */
	SAFE("ab\xe2\x80\xae" "cd", 0, "ab\\u202ecd", "2:6");
	SAFE("\xe2\x81\xa6", 0, "\\u2066", "0:6");
	SAFE("\xe2\x80\xa8", 0, "\\u2028", "0:6");
	/* U+00A0 is printable: kept. */
	SAFE("\xc2\xa0", 0, "\xc2\xa0", "");
}

static void
test_text_sanitize_invalid_utf8(void **state)
{
	SAFE("ok\xff", 0, "ok\\xff", "2:4");
	SAFE("\xc0\xaf", 0, "\\xc0\\xaf", "0:8");		/* overlong */
	SAFE("x\xe4\xb8", 0, "x\\xe4\\xb8", "1:8");		/* truncated */
	SAFE("\xed\xa0\x80", 0, "\\xed\\xa0\\x80", "0:12");	/* surrogate */
	SAFE("\xf4\x90\x80\x80", 0, "\\xf4\\x90\\x80\\x80", "0:16");
	SAFE("\x80" "a", 0, "\\x80a", "0:4");		/* lone continuation */
	/* A bad continuation: only the lead byte is bad. */
	SAFE("\xe4" "ab", 0, "\\xe4ab", "0:4");
}

static void
test_text_sanitize_newlines_and_tabs(void **state)
{
	SAFE("a\nb", 0, "a\xe2\x8f\x8e" "b", "1:3");
	SAFE("a\nb", TEXT_KEEP_NEWLINES, "a\nb", "");
	SAFE("a\tb", 0, "a   b", "");
	SAFE("abcd\tx", 0, "abcd    x", "");
	SAFE("ab\n\tc", TEXT_KEEP_NEWLINES, "ab\n    c", "");
	/* Columns of a wide character count for the tab stop. */
	SAFE("\xe6\x97\xa5\tx", 0, "\xe6\x97\xa5  x", "");
}

static void
test_text_sanitize_ascii_mode(void **state)
{
	text_set_utf8(0);
	SAFE("caf\xc3\xa9", 0, "caf\\u00e9", "3:6");
	SAFE("\xf0\x9f\x98\x80", 0, "\\u1f600", "0:7");
	SAFE("a\nb", 0, "a\\nb", "1:2");
	SAFE("ok\xff", 0, "ok\\xff", "2:4");
	assert_string_equal(text_glyph(GLYPH_TEE), "+");
	assert_string_equal(text_glyph(GLYPH_ELLIPSIS), "~");
	text_set_utf8(1);
	assert_string_equal(text_glyph(GLYPH_TEE), "\xe2\x94\x9c");
	assert_string_equal(text_glyph(GLYPH_OPEN), "\xe2\x96\xbe");
}

static void
test_text_safe_dup(void **state)
{
	assert_string_took(text_safe_dup("a\x1b[2Jb"), "a\\x1b[2Jb");
	assert_string_took(text_safe_dup(NULL), "");
}

static void
test_text_width(void **state)
{
	assert_int_equal(text_width("abc", 3), 3);
	assert_int_equal(text_width("", 0), 0);
	/* CJK: two columns each. */
	assert_int_equal(text_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 4);
	/* e + combining acute: one column. */
	assert_int_equal(text_width("e\xcc\x81", 3), 1);
	assert_int_equal(text_width("\xf0\x9f\x98\x80", 4), 2);
	assert_int_equal(textsafe_width(0x301), 0);
	assert_int_equal(textsafe_width(0x200b), 0);	/* zero-width space */
	assert_int_equal(textsafe_width(0xff21), 2);	/* fullwidth A */
	assert_int_equal(textsafe_width('a'), 1);
	assert_int_equal(textsafe_width(0x1b), 0);
}

static void
test_text_prefix(void **state)
{
	const char	*cjk = "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e";
	int		 w;

	/* 5 columns hold two wide characters, not half a third. */
	assert_int_equal(text_prefix(cjk, 9, 5, &w), 6);
	assert_int_equal(w, 4);
	assert_int_equal(text_prefix(cjk, 9, 1, &w), 0);
	assert_int_equal(w, 0);
	/* The combining mark stays with its base. */
	assert_int_equal(text_prefix("ae\xcc\x81" "b", 5, 2, &w), 4);
	assert_int_equal(w, 2);
	assert_int_equal(text_prefix("abc", 3, 10, &w), 3);
	assert_int_equal(w, 3);
}

/* text_truncate into a fresh buffer; checks the text and the width. */
static void
check_trunc(const char *s, int width, const char *want, int wantw)
{
	struct cn_buf	 b;
	int		 w;

	buf_init(&b);
	w = text_truncate(&b, s, strlen(s), width);
	assert_string_equal(b.s != NULL ? b.s : "", want);
	assert_int_equal(w, wantw);
	buf_free(&b);
}

static void
test_text_truncate(void **state)
{
	check_trunc("hello world", 5, "hell\xe2\x80\xa6", 5);
	check_trunc("hello world", 11, "hello world", 11);
	check_trunc("hello world", 20, "hello world", 11);
	check_trunc("hello", 1, "\xe2\x80\xa6", 1);
	check_trunc("hello", 0, "", 0);
	/* Never half a wide character: 日 + … is 3 columns. */
	check_trunc("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4,
	    "\xe6\x97\xa5\xe2\x80\xa6", 3);
	check_trunc("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 5,
	    "\xe6\x97\xa5\xe6\x9c\xac\xe2\x80\xa6", 5);
	text_set_utf8(0);
	check_trunc("hello world", 5, "hell~", 5);
	text_set_utf8(1);
}

static void
check_pad(const char *s, int width, int align, const char *want)
{
	struct cn_buf	 b;

	buf_init(&b);
	text_pad(&b, s, strlen(s), width, align);
	assert_string_equal(b.s != NULL ? b.s : "", want);
	buf_free(&b);
}

static void
test_text_pad(void **state)
{
	check_pad("ab", 5, TEXT_LEFT, "ab   ");
	check_pad("ab", 5, TEXT_RIGHT, "   ab");
	check_pad("abcdef", 4, TEXT_RIGHT, "abc\xe2\x80\xa6");
	check_pad("\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4, TEXT_LEFT,
	    "\xe6\x97\xa5\xe2\x80\xa6 ");
	check_pad("", 3, TEXT_LEFT, "   ");
	check_pad("x", 0, TEXT_LEFT, "");
}

static void
test_text_safe_truncate(void **state)
{
	struct text_safe	 t;
	const char		*in = "\x1b[1mhello";

	text_safe_init(&t);
	text_sanitize(&t, in, strlen(in), 0);
	assert_string_equal(t.s, "\\x1b[1mhello");
	assert_int_equal(text_safe_truncate(&t, 6), 6);
	assert_string_equal(t.s, "\\x1b[\xe2\x80\xa6");
	assert_int_equal(t.len, strlen(t.s));
	assert_int_equal(t.nesc, 1);
	assert_int_equal(t.esc[0].off, 0);
	assert_int_equal(t.esc[0].len, 4);
	/* Cutting inside an escape clips its span. */
	assert_int_equal(text_safe_truncate(&t, 3), 3);
	assert_string_equal(t.s, "\\x\xe2\x80\xa6");
	assert_int_equal(t.nesc, 1);
	assert_int_equal(t.esc[0].len, 2);
	/* Fits: unchanged. */
	assert_int_equal(text_safe_truncate(&t, 10), 3);
	assert_string_equal(t.s, "\\x\xe2\x80\xa6");
	assert_int_equal(text_safe_truncate(&t, 0), 0);
	assert_string_equal(t.s, "");
	assert_int_equal(t.nesc, 0);
	text_safe_free(&t);
	text_safe_free(&t);	/* reusable and idempotent */
	text_safe_free(NULL);
}

/* Wraps s at width and checks the lines, given joined by '|'. */
static void
check_wrap(const char *s, int width, const char *want)
{
	struct text_line	*lines;
	struct cn_buf		 b;
	size_t			 n, i;

	n = text_wrap(s, strlen(s), width, &lines);
	buf_init(&b);
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_addc(&b, '|');
		buf_add(&b, s + lines[i].off, lines[i].len);
		assert_int_equal(lines[i].width,
		    text_width(s + lines[i].off, lines[i].len));
		if (lines[i].width > width && lines[i].len > 0)
			/* Only a character wider than the width may. */
			assert_true(text_width(s + lines[i].off,
			    lines[i].len) <= 2);
	}
	assert_string_equal(b.s != NULL ? b.s : "", want);
	if (n == 0)
		assert_null(lines);
	buf_free(&b);
	free(lines);
}

static void
test_text_wrap(void **state)
{
	static const struct {
		const char *s;
		int width;
		const char *want;
	} cases[] = {
		{ "the quick brown fox", 10, "the quick|brown fox" },
		{ "the quick brown fox", 9, "the quick|brown fox" },
		{ "the quick brown fox", 8, "the|quick|brown|fox" },
		{ "abcdefghij", 4, "abcd|efgh|ij" },
		{ "ab abcdefghij", 4, "ab|abcd|efgh|ij" },
		{ "hello   world", 5, "hello|world" },
		{ "  ab cd", 4, "  ab|cd" },
		{ "a\n\nb", 10, "a||b" },
		{ "a\n", 10, "a|" },
		{ "\n", 10, "|" },
		{ "", 10, "" },
		{ "short", 80, "short" },
		/* Full line then a space and newline: no extra empty line. */
		{ "abcd \nef", 4, "abcd|ef" },
		/* Wide characters: never split, one per line if need be. */
		{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 3,
		    "\xe6\x97\xa5|\xe6\x9c\xac|\xe8\xaa\x9e" },
		{ "\xe6\x97\xa5\xe6\x9c\xac", 1, "\xe6\x97\xa5|\xe6\x9c\xac" },
		{ "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e", 4,
		    "\xe6\x97\xa5\xe6\x9c\xac|\xe8\xaa\x9e" },
		/* A combining mark stays on its base's line. */
		{ "abe\xcc\x81" "cd", 3, "abe\xcc\x81|cd" },
		/* Width below 1 acts as 1. */
		{ "ab", 0, "a|b" },
	};
	size_t	i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_wrap(cases[i].s, cases[i].width, cases[i].want);
}

static void
test_text_wrap_iterator(void **state)
{
	const char		*s = "one two\nthree";
	struct text_line	 l;
	size_t			 pos = 0;

	assert_int_equal(text_wrap_next(s, strlen(s), 20, &pos, &l), 1);
	assert_int_equal(l.off, 0);
	assert_int_equal(l.len, 7);
	assert_int_equal(l.width, 7);
	assert_int_equal(text_wrap_next(s, strlen(s), 20, &pos, &l), 1);
	assert_int_equal(l.off, 8);
	assert_int_equal(l.len, 5);
	assert_int_equal(text_wrap_next(s, strlen(s), 20, &pos, &l), 0);
	assert_int_equal(text_wrap_next(s, strlen(s), 20, &pos, &l), 0);
}

static void
check_bar(double v, double lo, double hi, int width, const char *want,
    int eighths)
{
	struct cn_buf	 b;

	buf_init(&b);
	assert_int_equal(text_bar(&b, v, lo, hi, width), eighths);
	assert_string_equal(b.s != NULL ? b.s : "", want);
	assert_int_equal(text_width(b.s != NULL ? b.s : "", b.len),
	    width > 0 ? width : 0);
	buf_free(&b);
}

static void
test_text_bar(void **state)
{
	check_bar(0.5, 0, 1, 4, "\xe2\x96\x88\xe2\x96\x88  ", 16);
	check_bar(1.0 / 32, 0, 1, 4, "\xe2\x96\x8f   ", 1);
	check_bar(3.0 / 8, 0, 1, 1, "\xe2\x96\x8d", 3);
	check_bar(2, 0, 1, 3, "\xe2\x96\x88\xe2\x96\x88\xe2\x96\x88", 24);
	check_bar(-1, 0, 1, 2, "  ", 0);
	check_bar(0, -1, 1, 2, "\xe2\x96\x88 ", 8);
	check_bar(NAN, 0, 1, 3, "   ", 0);
	check_bar(0.5, 1, 1, 3, "   ", 0);
	check_bar(0.5, 0, INFINITY, 3, "   ", 0);
	check_bar(0.5, 0, 1, 0, "", 0);
	text_set_utf8(0);
	check_bar(0.5, 0, 1, 4, "##  ", 16);
	check_bar(0.1, 0, 1, 4, "    ", 0);
	check_bar(1, 0, 1, 3, "###", 24);
	text_set_utf8(1);
}

/* A small deterministic generator, so failures repeat. */
static uint32_t
rnd(uint32_t *state)
{
	*state ^= *state << 13;
	*state ^= *state >> 17;
	*state ^= *state << 5;
	return *state;
}

/*
 * Random bytes, biased towards the dangerous ones: whatever goes in, the
 * output is valid UTF-8 holding no C0, DEL, C1 or bidi control, the spans
 * are in bounds and in order, and wrapping covers it within the width.
 */
static void
test_text_sanitize_random_bytes(void **state)
{
	static const unsigned char	 pool[] = {
		0x1b, '[', '3', '1', 'm', 0x07, 0x9b, 0xc2, 0x85, 0x9b, 0xe2,
		0x80, 0xae, 0xff, 0xfe, 0xc0, 0xed, 0xa0, 0xf0, 0x9f, 0x98,
		0x80, 0xe6, 0x97, 0xa5, 0xcc, 0x81, '\t', '\n', '\r', 0x7f,
		0, ' ', 'a', 'b'
	};
	struct text_safe		 t;
	struct text_line		*lines;
	char				 in[64];
	uint32_t			 seed = 12345, cp;
	size_t				 len, i, n, k, end;
	int				 iter, width, cl;

	text_safe_init(&t);
	for (iter = 0; iter < 3000; iter++) {
		len = rnd(&seed) % sizeof in;
		for (i = 0; i < len; i++)
			in[i] = (char)(rnd(&seed) % 4 == 0 ?
			    rnd(&seed) & 0xff :
			    pool[rnd(&seed) % sizeof pool]);
		text_sanitize(&t, in, len, iter % 2 ? TEXT_KEEP_NEWLINES : 0);
		assert_int_equal(strlen(t.s), t.len);
		for (i = 0; i < t.len; i += (size_t)cl) {
			cl = textsafe_decode(t.s + i, t.len - i, &cp);
			assert_true(cl > 0);
			if (cp == '\n')
				assert_true(iter % 2);
			else
				assert_false(cp < 0x20 || cp == 0x7f ||
				    (cp >= 0x80 && cp < 0xa0) ||
				    (cp >= 0x202a && cp <= 0x202e));
		}
		for (k = 0, end = 0; k < t.nesc; k++) {
			assert_true(t.esc[k].off >= end);
			assert_true(t.esc[k].len > 0);
			end = t.esc[k].off + t.esc[k].len;
			assert_true(end <= t.len);
		}
		width = 1 + (int)(rnd(&seed) % 12);
		n = text_wrap(t.s, t.len, width, &lines);
		for (k = 0; k < n; k++) {
			assert_true(lines[k].off + lines[k].len <= t.len);
			assert_true(lines[k].width <= width ||
			    lines[k].width <= 2);
			if (k > 0)
				assert_true(lines[k].off >= lines[k - 1].off +
				    lines[k - 1].len);
		}
		free(lines);
	}
	text_safe_free(&t);
}

CN_TEST_MAIN_GROUP(utf8_mode, NULL,
	cmocka_unit_test(test_text_sanitize_plain),
	cmocka_unit_test(test_text_sanitize_escape_sequences),
	cmocka_unit_test(test_text_sanitize_c1_and_bidi),
	cmocka_unit_test(test_text_sanitize_invalid_utf8),
	cmocka_unit_test(test_text_sanitize_newlines_and_tabs),
	cmocka_unit_test(test_text_sanitize_ascii_mode),
	cmocka_unit_test(test_text_safe_dup),
	cmocka_unit_test(test_text_width),
	cmocka_unit_test(test_text_prefix),
	cmocka_unit_test(test_text_truncate),
	cmocka_unit_test(test_text_pad),
	cmocka_unit_test(test_text_safe_truncate),
	cmocka_unit_test(test_text_wrap),
	cmocka_unit_test(test_text_wrap_iterator),
	cmocka_unit_test(test_text_bar),
	cmocka_unit_test(test_text_sanitize_random_bytes))

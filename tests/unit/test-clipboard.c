/*
 * test-clipboard.c - the bytes :copy sends (clipboard.c): the exact OSC
 * 52 sequence, base64 against RFC 4648's vectors, and untrusted text
 * (escapes, controls, bidi, invalid UTF-8) reaching it only as spaces.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cn-test.h"

#include <stdlib.h>
#include <string.h>

#include "clipboard.h"

static void
b64(const char *in, const char *want)
{
	char	*s = clipboard_base64(in, strlen(in));

	assert_string_equal(s, want);
	free(s);
}

static void
test_clipboard_base64(void **state)
{
	(void)state;
	b64("", "");
	b64("f", "Zg==");
	b64("fo", "Zm8=");
	b64("foo", "Zm9v");
	b64("foob", "Zm9vYg==");
	b64("fooba", "Zm9vYmE=");
	b64("foobar", "Zm9vYmFy");
}

static void
test_clipboard_osc52_bytes(void **state)
{
	char	*s;

	(void)state;
	s = clipboard_osc52("sheep/a1");
	assert_string_equal(s, "\033]52;c;c2hlZXAvYTE=\a");
	free(s);
	/* An escape in the text: the BEL and ESC are spaces before base64. */
	s = clipboard_osc52("a\033]52;c;x\ab");
	/* "a ]52;c;x b" */
	assert_string_equal(s, "\033]52;c;YSBdNTI7Yzt4IGI=\a");
	free(s);
}

static void
test_clipboard_sanitize(void **state)
{
	(void)state;
	assert_string_took(clipboard_sanitize("line\none\ttab"),
	    "line one tab");
	/* C1 (U+009B CSI), RLO (U+202E), an invalid byte; UTF-8 kept. */
	assert_string_took(clipboard_sanitize("x\xc2\x9b" "1m\xe2\x80\xae"
	    "y\xff" "\xc3\xa9"), "x 1m y \xc3\xa9");
}

static void
test_clipboard_sanitize_cut(void **state)
{
	char	*in, *s;
	size_t	 i;

	(void)state;
	/* 3000 two-byte characters: cut at a character, under the cap. */
	in = malloc(6001);
	for (i = 0; i < 3000; i++)
		memcpy(in + 2 * i, "\xc3\xa9", 2);
	in[6000] = '\0';
	s = clipboard_sanitize(in);
	assert_int_equal(strlen(s), CLIPBOARD_MAX);
	free(s);
	free(in);
}

static void
test_clipboard_auto(void **state)
{
	(void)state;
	assert_true(clipboard_auto("dumb", "/tmp/tmux-0/default,1,0"));
	assert_true(clipboard_auto("xterm-256color", NULL));
	assert_true(clipboard_auto("tmux-256color", ""));
	assert_false(clipboard_auto("linux", NULL));
	assert_false(clipboard_auto(NULL, NULL));
}

CN_TEST_MAIN(
	cmocka_unit_test(test_clipboard_base64),
	cmocka_unit_test(test_clipboard_osc52_bytes),
	cmocka_unit_test(test_clipboard_sanitize),
	cmocka_unit_test(test_clipboard_sanitize_cut),
	cmocka_unit_test(test_clipboard_auto))

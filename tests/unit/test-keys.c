/* test-keys.c - actions, key names, keymaps and the default bindings. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn-test.h"

#include "canopy.h"
#include "keys.h"

static int
setup(void **state)
{
	struct keys	*k = keys_new();

	keys_load_defaults(k);
	*state = k;
	return 0;
}

static int
teardown(void **state)
{
	keys_free(*state);
	return 0;
}

static void
expect_key(const char *text, int key)
{
	int	 k = -12345;
	char	*cause = (char *)1;

	if (keys_parse_key(text, &k, &cause) != 0)
		fail_msg("%s: %s", text, cause);
	assert_null(cause);
	assert_int_equal(k, key);
}

static void
expect_bad_key(const char *text, const char *msg)
{
	int	 k = -12345;
	char	*cause = NULL;

	assert_int_equal(keys_parse_key(text, &k, &cause), -1);
	assert_string_equal(cause, msg);
	assert_int_equal(k, -12345);
	free(cause);
}

static void
test_keys_parse_key(void **state)
{
	expect_key("j", 'j');
	expect_key("?", '?');
	expect_key("<", '<');
	expect_key(">", '>');
	expect_key("\xc3\xa9", 0xe9);		/* é */
	expect_key("<Up>", CN_KEY_UP);
	expect_key("<up>", CN_KEY_UP);
	expect_key("<PgDn>", CN_KEY_PGDN);
	expect_key("<PageDown>", CN_KEY_PGDN);
	expect_key("<Enter>", CN_KEY_ENTER);
	expect_key("<Return>", CN_KEY_ENTER);
	expect_key("<Space>", ' ');
	expect_key("<Hash>", '#');
	expect_key("<Tab>", CN_KEY_TAB);
	expect_key("<S-Tab>", CN_KEY_BTAB);
	expect_key("<Esc>", CN_KEY_ESC);
	expect_key("<F12>", CN_KEY_F12);
	expect_key("<C-c>", 3);
	expect_key("<C-C>", 3);
	expect_key("<C-i>", CN_KEY_TAB);
	expect_key("<C-m>", CN_KEY_ENTER);
	expect_key("<C-h>", CN_KEY_BACKSPACE);
	expect_key("<C-[>", CN_KEY_ESC);
	expect_key("<M-x>", 'x' | CN_KEY_META);
	expect_key("<M-Up>", CN_KEY_UP | CN_KEY_META);
	expect_key("<M-C-a>", 1 | CN_KEY_META);
	expect_key("<U+00e9>", 0xe9);

	expect_bad_key("jk",
	    "more than one character (write special keys as <Name>)");
	expect_bad_key("<Foo>", "unknown key name <Foo>");
	expect_bad_key("<Up", "a key name must be <Name>");
	expect_bad_key("<C-1>", "no control key <C-1>");
	expect_bad_key("<C-@>", "<C-@> cannot be bound");
	expect_bad_key("<Mouse>", "<Mouse> cannot be bound");
	expect_bad_key("<Resize>", "<Resize> cannot be bound");
	expect_bad_key("\xff", "invalid UTF-8");
	expect_bad_key("\x01", "control character (write it as <C-x>)");
	expect_bad_key("", "empty key");
}

static void
test_keys_names_round_trip(void **state)
{
	static const int	 keys[] = {
		'j', 'J', '<', '>', '/', ' ', '#', 0xe9, 0x4e2d, 0x1f600,
		1, 3, 26, 28, 31, CN_KEY_UP, CN_KEY_PGDN, CN_KEY_ENTER,
		CN_KEY_TAB, CN_KEY_BTAB, CN_KEY_ESC, CN_KEY_BACKSPACE,
		CN_KEY_F1, CN_KEY_F12, 'x' | CN_KEY_META,
		'<' | CN_KEY_META, CN_KEY_HOME | CN_KEY_META, 0x85
	};
	char			 name[KEYS_NAME_MAX];
	size_t			 i;
	int			 k;

	for (i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		keys_key_name(keys[i], name);
		if (keys_parse_key(name, &k, NULL) != 0 || k != keys[i])
			fail_msg("key %#x named '%s' reads back as %#x",
			    keys[i], name, k);
	}
	assert_string_equal(keys_key_name(CN_KEY_DOWN, name), "<Down>");
	assert_string_equal(keys_key_name(3, name), "<C-c>");
	assert_string_equal(keys_key_name(' ', name), "<Space>");
	assert_string_equal(keys_key_name('x' | CN_KEY_META, name), "<M-x>");
	assert_string_equal(keys_key_name(0x85, name), "<U+0085>");
	assert_string_equal(keys_key_name(0x202e, name), "<U+202E>");
	assert_string_equal(keys_key_name(CN_KEY_MOUSE, name), "<Mouse>");
}

static void
test_keys_normalize(void **state)
{
	assert_int_equal(keys_normalize('\t'), CN_KEY_TAB);
	assert_int_equal(keys_normalize('\n'), CN_KEY_ENTER);
	assert_int_equal(keys_normalize('\r'), CN_KEY_ENTER);
	assert_int_equal(keys_normalize(27), CN_KEY_ESC);
	assert_int_equal(keys_normalize(127), CN_KEY_BACKSPACE);
	assert_int_equal(keys_normalize(8), CN_KEY_BACKSPACE);
	assert_int_equal(keys_normalize('q'), 'q');
	assert_int_equal(keys_normalize(3), 3);
}

static void
test_keys_lookups(void **state)
{
	int	 i;

	for (i = 0; i < ACTION_COUNT; i++)
		assert_int_equal(action_lookup(action_names[i]), i);
	assert_int_equal(action_lookup("none"), ACTION_NONE);
	assert_int_equal(action_lookup("move-sideways"), -1);
	for (i = 0; i < KEYMAP_COUNT; i++)
		assert_int_equal(keymap_lookup(keymap_names[i]), i);
	assert_int_equal(keymap_lookup("nope"), -1);
	for (i = 1; i < ACTION_COUNT; i++)
		assert_true(strlen(action_help[i]) > 0);
}

/* Every action has a key in some keymap. */
static void
test_keys_every_action_has_a_key(void **state)
{
	struct keys	*k = *state;
	char		*d;
	int		 a, m, found;

	for (a = 1; a < ACTION_COUNT; a++) {
		found = 0;
		for (m = 0; m < KEYMAP_COUNT && !found; m++) {
			d = keys_describe(k, m, a);
			found = *d != '\0';
			free(d);
		}
		if (!found)
			fail_msg("action %s has no key", action_names[a]);
	}
}

/* No default line binds a key a keymap already has. */
static void
test_keys_defaults_bind_no_key_twice(void **state)
{
	struct keys	*k = keys_new();
	size_t		 i;
	char		 map[16], key[32], act[32], name[KEYS_NAME_MAX];
	int		 m, kc;

	for (i = 0; keys_default_lines[i] != NULL; i++) {
		assert_int_equal(sscanf(keys_default_lines[i],
		    "bind %15s %31s %31s", map, key, act), 3);
		m = keymap_lookup(map);
		assert_true(m >= 0);
		assert_int_equal(keys_parse_key(key, &kc, NULL), 0);
		if (keys_lookup(k, m, kc) != ACTION_NONE &&
		    (m == KEYMAP_GENERIC || keys_unbind(k, m, kc) == 0))
			fail_msg("%s binds %s twice in %s", keys_default_lines[i],
			    keys_key_name(kc, name), map);
		assert_int_equal(keys_parse_line(k, keys_default_lines[i],
		    NULL, 1, NULL), 0);
	}
	keys_free(k);
}

static void
test_keys_default_lookups(void **state)
{
	struct keys	*k = *state;

	assert_int_equal(keys_lookup(k, KEYMAP_GENERIC, 'q'), ACTION_QUIT);
	assert_int_equal(keys_lookup(k, KEYMAP_GENERIC, 3), ACTION_QUIT);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, 'j'), ACTION_MOVE_DOWN);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, CN_KEY_DOWN),
	    ACTION_MOVE_DOWN);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, ' '), ACTION_TOGGLE_FOLD);
	assert_int_equal(keys_lookup(k, KEYMAP_GENERIC, ' '),
	    ACTION_PAGE_DOWN);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, 'h'), ACTION_COLLAPSE);
	assert_int_equal(keys_lookup(k, KEYMAP_TRACES, 'h'), ACTION_NONE);
	/* With the focus on the detail pane, j scrolls one line (issue 11). */
	assert_int_equal(keys_lookup(k, KEYMAP_DETAIL, 'j'),
	    ACTION_DETAIL_LINE_DOWN);
	assert_int_equal(keys_lookup(k, KEYMAP_DETAIL, 'k'),
	    ACTION_DETAIL_LINE_UP);
	/* q is filter text in the help (issue 11): Esc is the way out. */
	assert_int_equal(keys_lookup(k, KEYMAP_HELP, CN_KEY_ESC), ACTION_BACK);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, '/'),
	    ACTION_SEARCH_FORWARD);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, '?'),
	    ACTION_SEARCH_BACKWARD);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, 'N'), ACTION_SEARCH_PREV);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, CN_KEY_ENTER),
	    ACTION_OPEN);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, 'x'), ACTION_RERUN);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, 'M'), ACTION_DIFF_MARK);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, 'B'), ACTION_NONE);
}

static void
test_keys_describe(void **state)
{
	static const struct {
		enum keymap	 map;
		enum action	 action;
		const char	*want;
	} cases[] = {
		{ KEYMAP_TREE, ACTION_MOVE_DOWN, "j, <Down>, <C-n>" },
		/* <Space> is toggle-fold in the tree: not for page-down. */
		{ KEYMAP_TREE, ACTION_PAGE_DOWN, "<PgDn>, <C-f>" },
		{ KEYMAP_GENERIC, ACTION_PAGE_DOWN, "<PgDn>, <C-f>, <Space>" },
		{ KEYMAP_TREE, ACTION_TOGGLE_FOLD, "o, <Space>" },
		{ KEYMAP_TRACES, ACTION_TOGGLE_FOLD, "" },
		{ KEYMAP_GENERIC, ACTION_GOTO_NODE, "i, <Hash>" },
	};
	struct keys	*k = *state;
	size_t		 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_string_took(keys_describe(k, cases[i].map,
		    cases[i].action), cases[i].want);
	}
}

static void
test_keys_parse_good_lines(void **state)
{
	struct keys	*k = *state;
	char		*cause = (char *)1;

	assert_int_equal(keys_parse_line(k, "bind tree x quit  # bye",
	    "cfg", 1, &cause), 0);
	assert_null(cause);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, 'x'), ACTION_QUIT);
	assert_int_equal(keys_lookup(k, KEYMAP_GENERIC, 'x'), ACTION_NONE);

	/* Rebinding replaces. */
	assert_int_equal(keys_parse_line(k, "\tbind tree\tx  help",
	    "cfg", 2, NULL), 0);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, 'x'), ACTION_HELP);

	/* unbind in tree uncovers the generic binding. */
	assert_int_equal(keys_parse_line(k, "unbind tree <Space>", "cfg", 3,
	    NULL), 0);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, ' '), ACTION_PAGE_DOWN);

	/* none hides it. */
	assert_int_equal(keys_parse_line(k, "bind tree <Space> none", "cfg",
	    4, NULL), 0);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, ' '), ACTION_NONE);
	assert_int_equal(keys_lookup(k, KEYMAP_GENERIC, ' '),
	    ACTION_PAGE_DOWN);

	assert_int_equal(keys_parse_line(k, "unbind generic q", "cfg", 5,
	    NULL), 0);
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, 'q'), ACTION_NONE);

	assert_int_equal(keys_parse_line(k, "", "cfg", 6, NULL), 0);
	assert_int_equal(keys_parse_line(k, "   # comment", "cfg", 7, NULL),
	    0);
	assert_int_equal(keys_parse_line(k, "bind generic <M-j> move-down",
	    "cfg", 8, NULL), 0);
	assert_int_equal(keys_lookup(k, KEYMAP_TRACES, 'j' | CN_KEY_META),
	    ACTION_MOVE_DOWN);
}

static void
expect_line_error(struct keys *k, const char *line, const char *msg)
{
	char	*cause = NULL;

	assert_int_equal(keys_parse_line(k, line, "my.conf", 12, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, msg);
	free(cause);
}

static void
test_keys_parse_bad_lines(void **state)
{
	struct keys	*k = *state;

	expect_line_error(k, "bnid tree j quit",
	    "my.conf:12:1: unknown command 'bnid'");
	expect_line_error(k, "bind",
	    "my.conf:12:5: missing keymap");
	expect_line_error(k, "bind forest j quit",
	    "my.conf:12:6: unknown keymap 'forest'");
	expect_line_error(k, "bind tree",
	    "my.conf:12:10: missing key");
	expect_line_error(k, "bind tree <Foo> quit",
	    "my.conf:12:11: bad key '<Foo>': unknown key name <Foo>");
	expect_line_error(k, "bind tree jj quit",
	    "my.conf:12:11: bad key 'jj': more than one character "
	    "(write special keys as <Name>)");
	expect_line_error(k, "bind tree j",
	    "my.conf:12:12: missing action");
	expect_line_error(k, "bind  tree j  move-dwn",
	    "my.conf:12:15: unknown action 'move-dwn'");
	expect_line_error(k, "bind tree j quit now",
	    "my.conf:12:18: unexpected 'now'");
	expect_line_error(k, "unbind tree j",
	    "my.conf:12:13: j is not bound in tree");
	expect_line_error(k, "unbind tree j quit",
	    "my.conf:12:15: unexpected 'quit'");
	expect_line_error(k, "bind tree # quit",
	    "my.conf:12:10: missing key");
	/* Nothing changed. */
	assert_int_equal(keys_lookup(k, KEYMAP_TREE, 'j'), ACTION_MOVE_DOWN);
}

/* keys_each() callback: records the keys it is given. */
struct collect {
	int	 keys[4];
	int	 n;
};

static int
collect_cb(int key, enum action a, void *arg)
{
	struct collect	*c = arg;

	if (c->n < 4)
		c->keys[c->n++] = key;
	return 0;
}

static void
test_keys_each(void **state)
{
	struct keys	*k = keys_new();
	struct collect	 c = { { 0 }, 0 };

	keys_bind(k, KEYMAP_HELP, 'a', ACTION_QUIT);
	keys_bind(k, KEYMAP_HELP, 'b', ACTION_HELP);
	keys_bind(k, KEYMAP_HELP, 'c', ACTION_BACK);
	keys_bind(k, KEYMAP_GENERIC, 'd', ACTION_BACK);
	assert_int_equal(keys_unbind(k, KEYMAP_HELP, 'b'), 0);
	assert_int_equal(keys_unbind(k, KEYMAP_HELP, 'b'), -1);
	keys_each(k, KEYMAP_HELP, collect_cb, &c);
	assert_int_equal(c.n, 2);
	assert_int_equal(c.keys[0], 'a');
	assert_int_equal(c.keys[1], 'c');
	keys_free(k);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_keys_parse_key),
	cmocka_unit_test(test_keys_names_round_trip),
	cmocka_unit_test(test_keys_normalize),
	cmocka_unit_test(test_keys_lookups),
	cmocka_unit_test_setup_teardown(
	    test_keys_every_action_has_a_key, setup, teardown),
	cmocka_unit_test(test_keys_defaults_bind_no_key_twice),
	cmocka_unit_test_setup_teardown(test_keys_default_lookups,
	    setup, teardown),
	cmocka_unit_test_setup_teardown(test_keys_describe, setup,
	    teardown),
	cmocka_unit_test_setup_teardown(test_keys_parse_good_lines,
	    setup, teardown),
	cmocka_unit_test_setup_teardown(test_keys_parse_bad_lines,
	    setup, teardown),
	cmocka_unit_test(test_keys_each))

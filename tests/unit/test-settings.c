/* test-settings.c - the config file: options, bindings, errors, path. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cn-test.h"

#include "canopy.h"
#include "keys.h"
#include "settings.h"

static int
setup(void **state)
{
	struct settings	*s = xmalloc(sizeof *s);

	settings_init(s);
	*state = s;
	return 0;
}

static int
teardown(void **state)
{
	settings_free(*state);
	free(*state);
	return 0;
}

static void
test_settings_defaults(void **state)
{
	struct settings	*s = *state;

	assert_string_equal(s->theme, "dark");
	assert_int_equal(s->ncolumns, 4);
	assert_string_equal(s->columns[0], "visits");
	assert_string_equal(s->columns[3], "reward");
	assert_int_equal(s->dim_visits, 3);
	assert_int_equal(s->detail_ratio, 40);
	assert_int_equal(s->mouse, 1);
	assert_int_equal(s->nerrors, 0);
	assert_int_equal(keys_lookup(s->keys, KEYMAP_TREE, 'j'),
	    ACTION_MOVE_DOWN);
}

static void
test_settings_good_lines(void **state)
{
	struct settings	*s = *state;
	char		*cause = (char *)1;

	assert_int_equal(settings_parse_line(s, "set theme mono", "c", 1,
	    &cause), 0);
	assert_null(cause);
	assert_string_equal(s->theme, "mono");
	assert_int_equal(settings_parse_line(s,
	    "  set columns q,prm:qwen2.5-math-7b,depth  # mine", "c", 2,
	    NULL), 0);
	assert_int_equal(s->ncolumns, 3);
	assert_string_equal(s->columns[0], "q");
	assert_string_equal(s->columns[1], "prm:qwen2.5-math-7b");
	assert_string_equal(s->columns[2], "depth");
	assert_int_equal(settings_parse_line(s, "set dim-visits 0", "c", 3,
	    NULL), 0);
	assert_int_equal(s->dim_visits, 0);
	assert_int_equal(settings_parse_line(s, "set detail-ratio 80", "c", 4,
	    NULL), 0);
	assert_int_equal(s->detail_ratio, 80);
	assert_int_equal(settings_parse_line(s, "set mouse off", "c", 5,
	    NULL), 0);
	assert_int_equal(s->mouse, 0);
	assert_int_equal(settings_parse_line(s, "bind tree x quit", "c", 6,
	    NULL), 0);
	assert_int_equal(keys_lookup(s->keys, KEYMAP_TREE, 'x'), ACTION_QUIT);
	assert_int_equal(settings_parse_line(s, "unbind generic q", "c", 7,
	    NULL), 0);
	assert_int_equal(keys_lookup(s->keys, KEYMAP_TREE, 'q'), ACTION_NONE);
	assert_int_equal(settings_parse_line(s, "# nothing", "c", 8, NULL),
	    0);
	assert_int_equal(settings_parse_line(s, "", "c", 9, NULL), 0);
	assert_int_equal(s->nerrors, 0);
}

static void
expect_error(struct settings *s, const char *line, const char *msg)
{
	char	*cause = NULL;

	assert_int_equal(settings_parse_line(s, line, NULL, 3, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, msg);
	free(cause);
}

static void
test_settings_bad_lines(void **state)
{
	struct settings	*s = *state;

	expect_error(s, "sett theme dark",
	    "config:3:1: unknown command 'sett'");
	expect_error(s, "set",
	    "config:3:4: missing option");
	expect_error(s, "set colour red",
	    "config:3:5: unknown option 'colour'");
	expect_error(s, "set theme",
	    "config:3:10: theme: missing value");
	expect_error(s, "set theme dark extra",
	    "config:3:16: unexpected 'extra'");
	expect_error(s, "set theme no-such-theme",
	    "config:3:11: theme 'no-such-theme' not found");
	expect_error(s, "set columns q,foo",
	    "config:3:15: unknown column 'foo'");
	expect_error(s, "set columns q,,visits",
	    "config:3:15: empty column name");
	expect_error(s, "set columns q,visits,q",
	    "config:3:22: column 'q' given twice");
	expect_error(s, "set columns a:1,a:2,a:3,a:4,a:5,a:6,a:7,a:8,a:9,"
	    "a:10,a:11,a:12,a:13,a:14,a:15,a:16,a:17",
	    "config:3:84: more than 16 columns");
	expect_error(s, "set dim-visits x",
	    "config:3:16: dim-visits: expected a number from 0 to 1000000, "
	    "not 'x'");
	expect_error(s, "set dim-visits -1",
	    "config:3:16: dim-visits: expected a number from 0 to 1000000, "
	    "not '-1'");
	expect_error(s, "set detail-ratio 95",
	    "config:3:18: detail-ratio: expected a number from 20 to 80, "
	    "not '95'");
	expect_error(s, "set mouse yes",
	    "config:3:11: mouse: expected on or off, not 'yes'");
	/* bind lines get keys.c's messages. */
	expect_error(s, "bind tree j jump",
	    "config:3:13: unknown action 'jump'");
	/* Nothing changed. */
	assert_string_equal(s->theme, "dark");
	assert_int_equal(s->ncolumns, 4);
	assert_int_equal(s->dim_visits, 3);
	assert_int_equal(s->detail_ratio, 40);
	assert_int_equal(s->mouse, 1);
	assert_int_equal(s->nerrors, 0);
}

static void
test_settings_parse_collects_errors(void **state)
{
	struct settings	*s = *state;
	char		*cause = NULL;

	assert_int_equal(settings_parse(s,
	    "set mouse off\n"
	    "set mouse maybe\n"
	    "bind tree <Nope> quit\n"
	    "set dim-visits 10\n", "cfg", &cause), -1);
	assert_string_equal(cause,
	    "cfg:2:11: mouse: expected on or off, not 'maybe'");
	free(cause);
	assert_int_equal(s->nerrors, 2);
	assert_string_equal(s->errors[0],
	    "cfg:2:11: mouse: expected on or off, not 'maybe'");
	assert_string_equal(s->errors[1],
	    "cfg:3:11: bad key '<Nope>': unknown key name <Nope>");
	/* The good lines, before and after, applied. */
	assert_int_equal(s->mouse, 0);
	assert_int_equal(s->dim_visits, 10);
}

static void
test_settings_columns_valid(void **state)
{
	assert_true(settings_column_valid("visits"));
	assert_true(settings_column_valid("outcome"));
	assert_true(settings_column_valid("children"));
	assert_true(settings_column_valid("prm:math-shepherd"));
	assert_false(settings_column_valid("nope"));
	assert_false(settings_column_valid(":x"));
	assert_false(settings_column_valid("a: b"));
	assert_false(settings_column_valid(""));
}

static void
test_settings_path(void **state)
{
	setenv("CANOPY_CONFIG", "/x/my.conf", 1);
	setenv("XDG_CONFIG_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	assert_string_took(settings_path(), "/x/my.conf");
	unsetenv("CANOPY_CONFIG");
	assert_string_took(settings_path(), "/xdg/canopy/config");
	setenv("XDG_CONFIG_HOME", "", 1);
	assert_string_took(settings_path(), "/home/u/.config/canopy/config");
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("HOME");
	assert_null(settings_path());
}

static void
test_settings_load(void **state)
{
	struct settings	*s = *state;
	char		 dir[] = "/tmp/cn-settings-XXXXXX";
	char		*path, *cause = NULL, *want;
	FILE		*f;

	assert_non_null(mkdtemp(dir));
	path = xasprintf("%s/config", dir);
	setenv("CANOPY_CONFIG", path, 1);

	/* No file: no error, defaults stay. */
	assert_int_equal(settings_load(s, &cause), 0);
	assert_null(cause);
	assert_int_equal(s->nerrors, 0);

	f = fopen(path, "w");
	assert_non_null(f);
	fputs("# my canopy\nset detail-ratio 30\nbind generic x quitt\n"
	    "bind generic <C-q> quit", f);
	fclose(f);
	assert_int_equal(settings_load(s, &cause), -1);
	want = xasprintf("%s:3:16: unknown action 'quitt'", path);
	assert_string_equal(cause, want);
	assert_int_equal(s->nerrors, 1);
	assert_string_equal(s->errors[0], want);
	free(want);
	free(cause);
	assert_int_equal(s->detail_ratio, 30);
	assert_int_equal(keys_lookup(s->keys, KEYMAP_TREE, CN_KEY_CTRL('q')),
	    ACTION_QUIT);

	/* A directory is not a readable file. */
	unlink(path);
	assert_int_equal(mkdir(path, 0700), 0);
	assert_int_equal(settings_load(s, &cause), -1);
	want = xasprintf("%s: Is a directory", path);
	assert_string_equal(cause, want);
	assert_string_equal(s->errors[1], want);
	free(want);
	free(cause);

	rmdir(path);
	rmdir(dir);
	free(path);
	unsetenv("CANOPY_CONFIG");
}

CN_TEST_MAIN(
	cmocka_unit_test_setup_teardown(test_settings_defaults,
	    setup, teardown),
	cmocka_unit_test_setup_teardown(test_settings_good_lines,
	    setup, teardown),
	cmocka_unit_test_setup_teardown(test_settings_bad_lines,
	    setup, teardown),
	cmocka_unit_test_setup_teardown(
	    test_settings_parse_collects_errors, setup, teardown),
	cmocka_unit_test(test_settings_columns_valid),
	cmocka_unit_test(test_settings_path),
	cmocka_unit_test_setup_teardown(test_settings_load, setup,
	    teardown))

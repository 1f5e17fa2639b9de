/* test-theme.c - theme files: parsing, errors, lookup, shipped themes. */
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
#include "theme.h"

/* The source tree (make check sets CANOPY_SRCDIR). */
static const char *
srcdir(void)
{
	const char	*s = getenv("CANOPY_SRCDIR");

	return s != NULL ? s : ".";
}

/* Parses one line into a fresh theme; returns rc and the cause. */
static int
line(struct theme *t, const char *text, char **cause)
{
	theme_init(t, "t");
	return theme_parse_line(t, text, "x.theme", 7, cause);
}

static void
expect_error(const char *text, const char *msg)
{
	struct theme	 t;
	char		*cause = NULL;

	assert_int_equal(line(&t, text, &cause), -1);
	assert_non_null(cause);
	assert_string_equal(cause, msg);
	free(cause);
}

static void
test_theme_parse_good_line(void **state)
{
	struct theme	 t;
	char		*cause = (char *)1;

	assert_int_equal(line(&t, "color selected white 24 bold reverse",
	    &cause), 0);
	assert_null(cause);
	assert_int_equal(t.style[ROLE_SELECTED].fg, 7);
	assert_int_equal(t.style[ROLE_SELECTED].bg, 24);
	assert_int_equal(t.style[ROLE_SELECTED].attrs,
	    THEME_ATTR_BOLD | THEME_ATTR_REVERSE);
	assert_int_equal(t.set[ROLE_SELECTED], 1);
	assert_int_equal(t.set[ROLE_TITLE], 0);

	assert_int_equal(line(&t, "  color\tstatus-error default bright-red"
	    "   # trailing comment", NULL), 0);
	assert_int_equal(t.style[ROLE_STATUS_ERROR].fg, THEME_COLOR_DEFAULT);
	assert_int_equal(t.style[ROLE_STATUS_ERROR].bg, 9);
	assert_int_equal(t.style[ROLE_STATUS_ERROR].attrs, 0);

	assert_int_equal(line(&t, "color dim 0 255 normal", NULL), 0);
	assert_int_equal(t.style[ROLE_DIM].fg, 0);
	assert_int_equal(t.style[ROLE_DIM].bg, 255);

	assert_int_equal(line(&t, "", NULL), 0);
	assert_int_equal(line(&t, "   # only a comment", NULL), 0);
}

static void
test_theme_parse_bad_lines(void **state)
{
	expect_error("colour title red blue",
	    "x.theme:7:1: unknown command 'colour' (expected color)");
	expect_error("color",
	    "x.theme:7:6: missing role");
	expect_error("color titel red blue",
	    "x.theme:7:7: unknown role 'titel'");
	expect_error("color title",
	    "x.theme:7:12: missing foreground colour");
	expect_error("color title red",
	    "x.theme:7:16: missing background colour");
	expect_error("color title rose blue",
	    "x.theme:7:13: bad colour 'rose' (a name, default or 0-255)");
	expect_error("color title red 256",
	    "x.theme:7:17: bad colour '256' (a name, default or 0-255)");
	expect_error("color title red -1",
	    "x.theme:7:17: bad colour '-1' (a name, default or 0-255)");
	expect_error("color  title red blue bold blink",
	    "x.theme:7:28: unknown attribute 'blink'");
}

static void
test_theme_bad_line_leaves_theme_unchanged(void **state)
{
	struct theme	 t;
	char		*cause = NULL;

	theme_init(&t, "t");
	assert_int_equal(theme_parse_line(&t, "color title red blue bold",
	    NULL, 1, NULL), 0);
	assert_int_equal(theme_parse_line(&t, "color title green blue bad",
	    NULL, 2, &cause), -1);
	assert_string_equal(cause, "theme:2:24: unknown attribute 'bad'");
	free(cause);
	assert_int_equal(t.style[ROLE_TITLE].fg, 1);
	assert_int_equal(t.style[ROLE_TITLE].attrs, THEME_ATTR_BOLD);
}

static void
test_theme_parse_text_collects_errors(void **state)
{
	struct theme	 t;
	char		*cause = NULL;

	theme_init(&t, "t");
	assert_int_equal(theme_parse(&t,
	    "color default white black\n"
	    "color title nope black\n"
	    "color match black yellow\n"
	    "bogus\n"
	    "color tag red default", "f.theme", &cause), -1);
	assert_string_equal(cause,
	    "f.theme:2:13: bad colour 'nope' (a name, default or 0-255) "
	    "(and 1 more)");
	free(cause);
	assert_int_equal(t.style[ROLE_MATCH].bg, 3);
	assert_int_equal(t.style[ROLE_TAG].fg, 1);
	/* Unset roles take the default role's style. */
	assert_int_equal(t.set[ROLE_TITLE], 0);
	assert_int_equal(t.style[ROLE_TITLE].fg, 7);
	assert_int_equal(t.style[ROLE_TITLE].bg, 0);
}

static void
test_theme_lookups(void **state)
{
	short		 c;
	unsigned	 a;
	int		 i;

	for (i = 0; i < ROLE_COUNT; i++)
		assert_int_equal(theme_role_lookup(theme_role_names[i]), i);
	assert_int_equal(theme_role_lookup("nope"), -1);
	assert_int_equal(theme_color_lookup("default", &c), 0);
	assert_int_equal(c, THEME_COLOR_DEFAULT);
	assert_int_equal(theme_color_lookup("bright-white", &c), 0);
	assert_int_equal(c, 15);
	assert_int_equal(theme_color_lookup("208", &c), 0);
	assert_int_equal(c, 208);
	assert_int_equal(theme_color_lookup("12x", &c), -1);
	assert_int_equal(theme_color_lookup("", &c), -1);
	assert_int_equal(theme_attr_lookup("italic", &a), 0);
	assert_int_equal(a, THEME_ATTR_ITALIC);
	assert_int_equal(theme_attr_lookup("blink", &a), -1);
}

/* Loads a shipped theme from the source tree; every role must be set. */
static void
check_shipped(const char *name, int colourless)
{
	struct theme	 t;
	char		*path, *cause = NULL;
	int		 i;

	path = xasprintf("%s/themes/%s.theme", srcdir(), name);
	if (theme_load_file(&t, path, &cause) != 0)
		fail_msg("%s", cause);
	assert_string_equal(t.name, name);
	for (i = 0; i < ROLE_COUNT; i++) {
		if (!t.set[i])
			fail_msg("%s: role %s not set", path,
			    theme_role_names[i]);
		if (colourless) {
			assert_int_equal(t.style[i].fg, THEME_COLOR_DEFAULT);
			assert_int_equal(t.style[i].bg, THEME_COLOR_DEFAULT);
		}
	}
	free(path);
}

static void
test_theme_shipped_set_every_role(void **state)
{
	struct theme	 t;
	int		 i;

	check_shipped("dark", 0);
	check_shipped("light", 0);
	check_shipped("mono", 1);
	check_shipped("high-contrast", 0);

	/* The default must work on 8-colour terminals as it is. */
	theme_default(&t);
	for (i = 0; i < ROLE_COUNT; i++) {
		assert_int_equal(t.set[i], 1);
		assert_true(t.style[i].fg < 8 && t.style[i].bg < 8);
	}
}

static void
test_theme_builtin_is_dark_file(void **state)
{
	struct theme	 a, b;
	char		*path;

	path = xasprintf("%s/themes/dark.theme", srcdir());
	assert_int_equal(theme_load_file(&a, path, NULL), 0);
	theme_default(&b);
	assert_memory_equal(a.style, b.style, sizeof a.style);
	free(path);
}

static void
write_file(const char *path, const char *text)
{
	FILE	*f;

	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_theme_lookup_order(void **state)
{
	char		 dir[] = "/tmp/cn-theme-XXXXXX";
	char		*sub, *path, *cause = NULL;
	struct theme	 t;

	assert_non_null(mkdtemp(dir));
	setenv("XDG_CONFIG_HOME", dir, 1);
	sub = xasprintf("%s/canopy", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	free(sub);
	sub = xasprintf("%s/canopy/themes", dir);
	assert_int_equal(mkdir(sub, 0700), 0);

	/* A user file named like a shipped theme wins. */
	path = xasprintf("%s/light.theme", sub);
	write_file(path, "color default red default\n");
	assert_int_equal(theme_load(&t, "light", &cause), 0);
	assert_null(cause);
	assert_string_equal(t.name, "light");
	assert_int_equal(t.style[ROLE_DEFAULT].fg, 1);
	assert_int_equal(t.style[ROLE_TITLE].fg, 1);
	unlink(path);
	free(path);

	/* Else the source tree's (this test runs uninstalled). */
	assert_int_equal(theme_load(&t, "high-contrast", &cause), 0);
	assert_int_equal(t.style[ROLE_DEFAULT].bg, 0);
	assert_int_equal(t.style[ROLE_DEFAULT].fg, 15);

	/* An unknown name: an error, and the compiled-in default. */
	assert_int_equal(theme_load(&t, "nosuch", &cause), -1);
	assert_string_equal(cause, "theme 'nosuch' not found");
	free(cause);
	assert_string_equal(t.name, "dark");
	assert_int_equal(t.style[ROLE_TITLE].bg, 4);

	/* A broken user theme: its good lines and the message. */
	path = xasprintf("%s/broken.theme", sub);
	write_file(path, "color default green default\ncolor title x y\n");
	assert_int_equal(theme_load(&t, "broken", &cause), -1);
	assert_non_null(strstr(cause, "broken.theme:2:13: bad colour 'x'"));
	free(cause);
	assert_int_equal(t.style[ROLE_DEFAULT].fg, 2);
	unlink(path);

	/* A path. */
	write_file(path, "color match 1 2\n");
	assert_int_equal(theme_load(&t, path, &cause), 0);
	assert_int_equal(t.style[ROLE_MATCH].bg, 2);
	assert_string_equal(t.name, "broken");
	unlink(path);
	free(path);

	rmdir(sub);
	free(sub);
	sub = xasprintf("%s/canopy", dir);
	rmdir(sub);
	free(sub);
	rmdir(dir);
	unsetenv("XDG_CONFIG_HOME");
}

static void
test_theme_depth_pick(void **state)
{
	assert_int_equal(theme_depth_pick(NULL, "xterm-256color", 1, 256),
	    THEME_DEPTH_256);
	assert_int_equal(theme_depth_pick("", "xterm-256color", 1, 256),
	    THEME_DEPTH_256);
	assert_int_equal(theme_depth_pick("1", "xterm-256color", 1, 256),
	    THEME_DEPTH_MONO);
	assert_int_equal(theme_depth_pick(NULL, "dumb", 1, 256),
	    THEME_DEPTH_MONO);
	assert_int_equal(theme_depth_pick(NULL, NULL, 1, 256),
	    THEME_DEPTH_MONO);
	assert_int_equal(theme_depth_pick(NULL, "vt100", 0, 0),
	    THEME_DEPTH_MONO);
	assert_int_equal(theme_depth_pick(NULL, "xterm", 1, 8),
	    THEME_DEPTH_8);
	assert_int_equal(theme_depth_pick(NULL, "xterm-16color", 1, 16),
	    THEME_DEPTH_16);
	assert_int_equal(theme_depth_pick(NULL, "tmux-direct", 1, 16777216),
	    THEME_DEPTH_256);
}

static void
test_theme_color_to_8(void **state)
{
	assert_int_equal(theme_color_to_8(THEME_COLOR_DEFAULT),
	    THEME_COLOR_DEFAULT);
	assert_int_equal(theme_color_to_8(3), 3);
	assert_int_equal(theme_color_to_8(12), 4);	/* bright blue */
	assert_int_equal(theme_color_to_8(16), 0);	/* cube black */
	assert_int_equal(theme_color_to_8(196), 1);	/* ff0000 */
	assert_int_equal(theme_color_to_8(52), 1);	/* 5f0000 */
	assert_int_equal(theme_color_to_8(28), 2);	/* 008700 */
	assert_int_equal(theme_color_to_8(208), 3);	/* ff8700 */
	assert_int_equal(theme_color_to_8(24), 6);	/* 005f87 */
	assert_int_equal(theme_color_to_8(19), 4);	/* 0000af */
	assert_int_equal(theme_color_to_8(90), 5);	/* 870087 */
	assert_int_equal(theme_color_to_8(30), 6);	/* 008787 */
	assert_int_equal(theme_color_to_8(117), 6);	/* 87d7ff */
	assert_int_equal(theme_color_to_8(153), 4);	/* afd7ff */
	assert_int_equal(theme_color_to_8(231), 7);	/* ffffff */
	assert_int_equal(theme_color_to_8(236), 0);	/* grey 30 */
	assert_int_equal(theme_color_to_8(250), 7);	/* grey 188 */
}

static void
test_theme_fit(void **state)
{
	struct theme	 t, mono, out;

	theme_init(&t, "t");
	theme_parse(&t, "color default 250 236\ncolor title 9 19 bold\n"
	    "color selected default 117\n", NULL, NULL);
	theme_init(&mono, "mono");
	theme_parse(&mono, theme_builtin_mono, NULL, NULL);

	theme_fit(&t, THEME_DEPTH_256, &mono, &out);
	assert_memory_equal(t.style, out.style, sizeof t.style);

	theme_fit(&t, THEME_DEPTH_16, &mono, &out);
	assert_int_equal(out.style[ROLE_TITLE].fg, 9);
	assert_int_equal(out.style[ROLE_TITLE].bg, 4);
	assert_int_equal(out.style[ROLE_DEFAULT].fg, 7);

	theme_fit(&t, THEME_DEPTH_8, &mono, &out);
	assert_int_equal(out.style[ROLE_TITLE].fg, 1);
	assert_int_equal(out.style[ROLE_TITLE].bg, 4);
	assert_int_equal(out.style[ROLE_TITLE].attrs, THEME_ATTR_BOLD);
	assert_int_equal(out.style[ROLE_DEFAULT].bg, 0);
	assert_int_equal(out.style[ROLE_SELECTED].fg, THEME_COLOR_DEFAULT);
	assert_int_equal(out.style[ROLE_SELECTED].bg, 6);

	/* Mono: the mono theme's attributes, no colours. */
	theme_fit(&t, THEME_DEPTH_MONO, &mono, &out);
	assert_int_equal(out.style[ROLE_SELECTED].fg, THEME_COLOR_DEFAULT);
	assert_int_equal(out.style[ROLE_SELECTED].bg, THEME_COLOR_DEFAULT);
	assert_int_equal(out.style[ROLE_SELECTED].attrs, THEME_ATTR_REVERSE);
	assert_int_equal(out.style[ROLE_TITLE].attrs,
	    THEME_ATTR_REVERSE | THEME_ATTR_BOLD);

	/* A colourless theme keeps its own attributes. */
	theme_init(&t, "t");
	theme_parse(&t, "color selected default default underline\n", NULL,
	    NULL);
	theme_fit(&t, THEME_DEPTH_MONO, &mono, &out);
	assert_int_equal(out.style[ROLE_SELECTED].attrs,
	    THEME_ATTR_UNDERLINE);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_theme_parse_good_line),
	cmocka_unit_test(test_theme_parse_bad_lines),
	cmocka_unit_test(test_theme_bad_line_leaves_theme_unchanged),
	cmocka_unit_test(test_theme_parse_text_collects_errors),
	cmocka_unit_test(test_theme_lookups),
	cmocka_unit_test(test_theme_shipped_set_every_role),
	cmocka_unit_test(test_theme_builtin_is_dark_file),
	cmocka_unit_test(test_theme_lookup_order),
	cmocka_unit_test(test_theme_depth_pick),
	cmocka_unit_test(test_theme_color_to_8),
	cmocka_unit_test(test_theme_fit))

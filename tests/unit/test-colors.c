/*
 * test-colors.c - the curses side of themes, on terminals described by
 * terminfo but writing to /dev/null (newterm), and curses key codes.
 */
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
#include "colors.h"
#include "keys.h"
#include "theme.h"

struct term {
	SCREEN	*scr;
	FILE	*out;
	FILE	*in;
};

/* A curses screen for terminal type `type`, drawing to /dev/null. */
static void
term_open(struct term *t, const char *type)
{
	setenv("TERM", type, 1);
	t->out = fopen("/dev/null", "w");
	t->in = fopen("/dev/null", "r");
	assert_non_null(t->out);
	assert_non_null(t->in);
	t->scr = newterm(type, t->out, t->in);
	if (t->scr == NULL)
		fail_msg("no terminfo entry for %s", type);
	set_term(t->scr);
}

static void
term_close(struct term *t)
{
	endwin();
	delscreen(t->scr);
	fclose(t->out);
	fclose(t->in);
}

/* Asserts role's pair has colours fg and bg. */
static void
check_pair(enum theme_role role, short fg, short bg)
{
	short	 f, b;

	assert_true(colors_pair(role) > 0);
	assert_int_equal(pair_content(colors_pair(role), &f, &b), OK);
	assert_int_equal(f, fg);
	assert_int_equal(b, bg);
	assert_true((colors_attr(role) & A_COLOR) ==
	    (attr_t)COLOR_PAIR(colors_pair(role)));
}

/* Opens a screen for type with the default theme: colour depth want. */
static void
open_default(struct term *t, struct theme *th, const char *type,
    enum theme_depth want)
{
	term_open(t, type);
	theme_default(th);
	assert_int_equal(colors_init(th), want);
}

static void
test_colors_256(void **state)
{
	struct term	 t;
	struct theme	 th;

	unsetenv("NO_COLOR");
	open_default(&t, &th, "xterm-256color", THEME_DEPTH_256);
	assert_int_equal(colors_depth(), THEME_DEPTH_256);
	check_pair(ROLE_TITLE, COLOR_WHITE, COLOR_BLUE);
	assert_true(colors_attr(ROLE_TITLE) & A_BOLD);
	check_pair(ROLE_DEFAULT, -1, -1);
	assert_false(colors_attr(ROLE_DEFAULT) & A_BOLD);

	/* 256-colour values stay as they are. */
	theme_init(&th, "t");
	theme_parse(&th, "color selected black 117\ncolor title 208 19 "
	    "underline\n", NULL, NULL);
	colors_init(&th);
	check_pair(ROLE_SELECTED, 0, 117);
	check_pair(ROLE_TITLE, 208, 19);
	assert_true(colors_attr(ROLE_TITLE) & A_UNDERLINE);
	term_close(&t);
}

static void
test_colors_8_degrade(void **state)
{
	struct term	 t;
	struct theme	 th;

	unsetenv("NO_COLOR");
	term_open(&t, "xterm");
	theme_init(&th, "t");
	theme_parse(&th, "color selected black 117\ncolor title 208 19 bold\n"
	    "color match bright-red default\n", NULL, NULL);
	assert_int_equal(colors_init(&th), THEME_DEPTH_8);
	check_pair(ROLE_SELECTED, COLOR_BLACK, COLOR_CYAN);
	check_pair(ROLE_TITLE, COLOR_YELLOW, COLOR_BLUE);
	check_pair(ROLE_MATCH, COLOR_RED, -1);
	assert_true(colors_attr(ROLE_TITLE) & A_BOLD);
	term_close(&t);
}

static void
test_colors_no_color_is_attributes_only(void **state)
{
	struct term	 t;
	struct theme	 th;

	setenv("NO_COLOR", "1", 1);
	open_default(&t, &th, "xterm-256color", THEME_DEPTH_MONO);
	assert_int_equal(colors_pair(ROLE_SELECTED), 0);
	/* The mono theme's attributes, whatever the theme said. */
	assert_int_equal(colors_attr(ROLE_SELECTED), A_REVERSE);
	assert_int_equal(colors_attr(ROLE_TITLE), A_REVERSE | A_BOLD);
	assert_int_equal(colors_attr(ROLE_DEFAULT), A_NORMAL);
	assert_int_equal(colors_attr(ROLE_DIM), A_DIM);
	term_close(&t);
	unsetenv("NO_COLOR");
}

static void
test_colors_dumb_terminal(void **state)
{
	struct term	 t;
	struct theme	 th;

	unsetenv("NO_COLOR");
	open_default(&t, &th, "dumb", THEME_DEPTH_MONO);
	assert_int_equal(colors_attr(ROLE_SELECTED), A_REVERSE);
	term_close(&t);

	/* vt100: no colours in terminfo. */
	term_open(&t, "vt100");
	assert_int_equal(colors_init(&th), THEME_DEPTH_MONO);
	assert_int_equal(colors_pair(ROLE_TITLE), 0);
	term_close(&t);
}

static void
test_colors_keynames(void **state)
{
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_UP), CN_KEY_UP);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_NPAGE), CN_KEY_PGDN);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_PPAGE), CN_KEY_PGUP);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_HOME), CN_KEY_HOME);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_BACKSPACE),
	    CN_KEY_BACKSPACE);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_ENTER),
	    CN_KEY_ENTER);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_BTAB), CN_KEY_BTAB);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_MOUSE),
	    CN_KEY_MOUSE);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_RESIZE),
	    CN_KEY_RESIZE);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_F(1)), CN_KEY_F1);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_F(12)), CN_KEY_F12);
	assert_int_equal(keyname_curses(KEY_CODE_YES, KEY_F(13)),
	    CN_KEY_NONE);
	assert_int_equal(keyname_curses(OK, 'j'), 'j');
	assert_int_equal(keyname_curses(OK, 0xe9), 0xe9);
	assert_int_equal(keyname_curses(OK, '\n'), CN_KEY_ENTER);
	assert_int_equal(keyname_curses(OK, '\r'), CN_KEY_ENTER);
	assert_int_equal(keyname_curses(OK, '\t'), CN_KEY_TAB);
	assert_int_equal(keyname_curses(OK, 27), CN_KEY_ESC);
	assert_int_equal(keyname_curses(OK, 127), CN_KEY_BACKSPACE);
	assert_int_equal(keyname_curses(OK, 3), CN_KEY_CTRL('c'));
	assert_int_equal(keyname_curses(ERR, 0), CN_KEY_NONE);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_colors_256),
	cmocka_unit_test(test_colors_8_degrade),
	cmocka_unit_test(test_colors_no_color_is_attributes_only),
	cmocka_unit_test(test_colors_dumb_terminal),
	cmocka_unit_test(test_colors_keynames))

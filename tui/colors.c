/*
 * colors.c - a theme onto the terminal: one colour pair per role, or
 * attributes only when the terminal has no colour, TERM is dumb or
 * NO_COLOR is set. The decisions are theme.c's (pure, tested); this file
 * only talks to curses.
 */
#include "config.h"

#include "colors.h"

#include <stdlib.h>

#include "canopy.h"

static attr_t		 role_attr[ROLE_COUNT];
static short		 role_pair[ROLE_COUNT];
static short		 role_bg[ROLE_COUNT];	/* -1: the terminal's */
static enum theme_depth	 depth = THEME_DEPTH_MONO;

/* THEME_ATTR_* bits as curses attributes. */
static attr_t
to_curses(unsigned a)
{
	attr_t	 r = A_NORMAL;

	if (a & THEME_ATTR_BOLD)
		r |= A_BOLD;
	if (a & THEME_ATTR_DIM)
		r |= A_DIM;
	if (a & THEME_ATTR_REVERSE)
		r |= A_REVERSE;
	if (a & THEME_ATTR_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & THEME_ATTR_STANDOUT)
		r |= A_STANDOUT;
#ifdef A_ITALIC
	if (a & THEME_ATTR_ITALIC)
		r |= A_ITALIC;
#endif
	return r;
}

enum theme_depth
colors_init(const struct theme *t)
{
	struct theme	 mono, fit;
	const char	*no_color = getenv("NO_COLOR");
	const char	*term = getenv("TERM");
	int		 i, has, defaults = 1;
	short		 fg, bg;

	theme_init(&mono, "mono");
	theme_parse(&mono, theme_builtin_mono, "builtin:mono", NULL);
	has = has_colors();
	/* COLORS is only known after start_color(). */
	depth = theme_depth_pick(no_color, term, has, 256);
	if (depth != THEME_DEPTH_MONO) {
		start_color();
		depth = theme_depth_pick(no_color, term, has, COLORS);
	}
	if (depth != THEME_DEPTH_MONO)
		defaults = use_default_colors() == OK;
	theme_fit(t, depth, &mono, &fit);
	for (i = 0; i < ROLE_COUNT; i++) {
		role_pair[i] = 0;
		role_bg[i] = -1;
		role_attr[i] = to_curses(fit.style[i].attrs);
		if (depth == THEME_DEPTH_MONO || i + 1 >= COLOR_PAIRS)
			continue;
		fg = fit.style[i].fg;
		bg = fit.style[i].bg;
		if (!defaults) {
			/* No "default" colour: assume white on black. */
			if (fg == THEME_COLOR_DEFAULT)
				fg = COLOR_WHITE;
			if (bg == THEME_COLOR_DEFAULT)
				bg = COLOR_BLACK;
		}
		if (init_pair((short)(i + 1), fg, bg) == OK) {
			role_pair[i] = (short)(i + 1);
			role_bg[i] = bg;
			role_attr[i] |= COLOR_PAIR(i + 1);
		}
	}
	log_debug("%s: theme %s, depth %d", __func__, t->name, (int)depth);
	return depth;
}

attr_t
colors_attr(enum theme_role role)
{
	if (CN_NEVER(role < 0 || role >= ROLE_COUNT))
		return A_NORMAL;
	return role_attr[role];
}

short
colors_pair(enum theme_role role)
{
	if (CN_NEVER(role < 0 || role >= ROLE_COUNT))
		return 0;
	return role_pair[role];
}

int
colors_blank_same(enum theme_role a, enum theme_role b)
{
	const attr_t	 shows = A_REVERSE | A_STANDOUT | A_UNDERLINE;

	if (CN_NEVER(a < 0 || a >= ROLE_COUNT || b < 0 || b >= ROLE_COUNT))
		return 0;
	if ((role_attr[a] | role_attr[b]) & shows)
		return 0;
	return role_bg[a] == role_bg[b];
}

enum theme_depth
colors_depth(void)
{
	return depth;
}

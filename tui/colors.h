/*
 * colors.h - themes onto the terminal: curses pairs and attributes per role,
 * and curses key codes onto canopy's keys (keyname-curses.c). The only
 * headers here that need curses; call these after initscr().
 */
#ifndef CN_COLORS_H
#define CN_COLORS_H

#include <curses.h>

#include "theme.h"

/*
 * Sets up drawing for theme t: picks the depth (theme_depth_pick() from
 * NO_COLOR, TERM, has_colors() and COLORS), fits the theme to it
 * (theme_fit(), with the compiled-in mono theme for attribute-only
 * terminals), calls start_color()/use_default_colors() when there is
 * colour and makes one colour pair per role. May be called again to switch
 * themes. Returns the depth used.
 */
enum theme_depth colors_init(const struct theme *t);

/* The curses attributes (pair included) to draw role with. */
attr_t	 colors_attr(enum theme_role role);

/* The curses colour pair of role (0 at THEME_DEPTH_MONO). */
short	 colors_pair(enum theme_role role);

/*
 * Whether a blank drawn in role a looks the same as one drawn in role b
 * (same background, nothing like reverse or underline that shows on a
 * blank): then a row can draw its blanks in the neighbours' attributes
 * and send fewer attribute changes to the terminal.
 */
int	 colors_blank_same(enum theme_role a, enum theme_role b);

/* The depth chosen by the last colors_init(). */
enum theme_depth colors_depth(void);

/*
 * keyname-curses.c: the key in keys.h terms of what wget_wch() returned:
 * rc is its return value (KEY_CODE_YES for a function key, OK for a
 * character) and ch what it stored. KEY_UP, KEY_NPAGE, KEY_ENTER,
 * KEY_BTAB, KEY_F(1)... map to CN_KEY_*, KEY_MOUSE to CN_KEY_MOUSE,
 * KEY_RESIZE to CN_KEY_RESIZE; characters go through keys_normalize().
 * Unknown function keys give CN_KEY_NONE. ERR gives CN_KEY_NONE.
 */
int	 keyname_curses(int rc, wint_t ch);

#endif /* CN_COLORS_H */

/*
 * term-caps.c - asks terminfo what the terminal can do before curses
 * starts, so that a terminal curses cannot drive gets a message instead of
 * a broken screen. Apart from the rest of tui/ because <term.h> defines
 * macros (lines, columns...) that clash with ordinary names.
 */
#include "config.h"

#include <curses.h>
#include <term.h>

#include "term-caps.h"

int
term_caps_can_address(const char *term, int fd)
{
	TERMINAL	*old = cur_term;
	char		*cup;
	int		 err = 0, ok;

	/* setupterm() only reads the terminfo entry: nothing is written. */
	if (setupterm(term, fd, &err) != OK)
		return err == 0 ? 0 : 1;	/* no entry: newterm says so */
	cup = tigetstr("cup");
	ok = cup != NULL && cup != (char *)-1;
	del_curterm(cur_term);
	set_curterm(old);
	return ok;
}

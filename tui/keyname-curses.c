/*
 * keyname-curses.c - curses key codes onto canopy's keys (keys.h), so
 * nothing past the input loop sees a KEY_* constant.
 */
#include "config.h"

#include "colors.h"
#include "keys.h"

static const struct {
	int	 curses;
	int	 key;
} keymap_curses[] = {
	{ KEY_UP, CN_KEY_UP },
	{ KEY_DOWN, CN_KEY_DOWN },
	{ KEY_LEFT, CN_KEY_LEFT },
	{ KEY_RIGHT, CN_KEY_RIGHT },
	{ KEY_PPAGE, CN_KEY_PGUP },
	{ KEY_NPAGE, CN_KEY_PGDN },
	{ KEY_HOME, CN_KEY_HOME },
	{ KEY_END, CN_KEY_END },
	{ KEY_FIND, CN_KEY_HOME },	/* some terminals' Home and End */
	{ KEY_SELECT, CN_KEY_END },
	{ KEY_A1, CN_KEY_HOME },	/* keypad corners */
	{ KEY_C1, CN_KEY_END },
	{ KEY_A3, CN_KEY_PGUP },
	{ KEY_C3, CN_KEY_PGDN },
	{ KEY_IC, CN_KEY_INS },
	{ KEY_DC, CN_KEY_DEL },
	{ KEY_BACKSPACE, CN_KEY_BACKSPACE },
	{ KEY_ENTER, CN_KEY_ENTER },
	{ KEY_BTAB, CN_KEY_BTAB },
	{ KEY_MOUSE, CN_KEY_MOUSE },
	{ KEY_RESIZE, CN_KEY_RESIZE },
};

int
keyname_curses(int rc, wint_t ch)
{
	size_t	 i;
	int	 c = (int)ch;

	if (rc == ERR)
		return CN_KEY_NONE;
	if (rc == KEY_CODE_YES) {
		for (i = 0; i < sizeof keymap_curses / sizeof keymap_curses[0];
		    i++) {
			if (keymap_curses[i].curses == c)
				return keymap_curses[i].key;
		}
		if (c >= KEY_F(1) && c <= KEY_F(12))
			return CN_KEY_F1 + (c - KEY_F(1));
		return CN_KEY_NONE;
	}
	if (ch > 0x10ffff || c == 0)
		return CN_KEY_NONE;
	return keys_normalize(c);
}

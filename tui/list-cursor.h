/*
 * list-cursor.h - the cursor of a list view (the comparison views, the
 * siblings and the tags): one line of the list selected, the window of
 * rows shown kept around it. Pure (no curses), as keys.h.
 */
#ifndef CN_LIST_CURSOR_H
#define CN_LIST_CURSOR_H

#include <stddef.h>

#include "keys.h"

/*
 * Moves *cursor for a motion action (move-up/-down, page-up/-down, home,
 * end; page rows a page) over a list of n lines and clamps it; 0 (cursor
 * untouched) for any other action.
 */
int	 list_cursor_move(int *cursor, size_t n, int page, enum action);

/* Clamps *cursor to the list's lines (0 when the list is empty). */
void	 list_cursor_clamp(int *cursor, size_t n);

/* Scrolls *top, h rows shown, just enough that cursor is among them. */
void	 list_cursor_show(int cursor, int *top, int h);

#endif /* CN_LIST_CURSOR_H */

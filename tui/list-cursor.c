/*
 * list-cursor.c - the cursor motions every list view had written out
 * alike (list-cursor.h).
 */
#include "config.h"

#include "list-cursor.h"

int
list_cursor_move(int *cursor, size_t n, int page, enum action a)
{
	switch (a) {
	case ACTION_MOVE_DOWN:
		(*cursor)++;
		break;
	case ACTION_MOVE_UP:
		(*cursor)--;
		break;
	case ACTION_PAGE_DOWN:
		*cursor += page;
		break;
	case ACTION_PAGE_UP:
		*cursor -= page;
		break;
	case ACTION_HOME:
		*cursor = 0;
		break;
	case ACTION_END:
		*cursor = (int)n - 1;
		break;
	default:
		return 0;
	}
	list_cursor_clamp(cursor, n);
	return 1;
}

void
list_cursor_clamp(int *cursor, size_t n)
{
	if (*cursor >= (int)n)
		*cursor = (int)n - 1;
	if (*cursor < 0)
		*cursor = 0;
}

void
list_cursor_show(int cursor, int *top, int h)
{
	if (cursor < *top)
		*top = cursor;
	if (cursor >= *top + h)
		*top = cursor - h + 1;
}

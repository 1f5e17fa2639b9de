/*
 * screen.c - the windows of the layout and what the loop draws around the
 * views: the title, the status line (the view's part, then the message),
 * the command line and the border of the detail pane. Only tui_draw()
 * refreshes the terminal.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tui-int.h"

static WINDOW	*w_small;	/* the "terminal too small" screen */

#define HELP_HINT	"F1 help "

void
tui_windows_free(struct tui *t)
{
	WINDOW	**w[] = { &t->w_title, &t->w_header, &t->w_main,
		    &t->w_border, &t->w_detail, &t->w_status, &t->w_cmd,
		    &w_small };
	size_t	  i;

	for (i = 0; i < sizeof w / sizeof w[0]; i++) {
		if (*w[i] != NULL)
			delwin(*w[i]);
		*w[i] = NULL;
	}
}

static WINDOW *
rect_win(const struct layout_rect *r)
{
	WINDOW	*w;

	if (r->h <= 0 || r->w <= 0)
		return NULL;
	w = newwin(r->h, r->w, r->y, r->x);
	/* Lets doupdate scroll the terminal instead of repainting lines. */
	idlok(w, TRUE);
	return w;
}

void
tui_relayout(struct tui *t)
{
	int	rows, cols;

	getmaxyx(stdscr, rows, cols);
	/* The help overlay takes the whole width: no pane is drawn over it. */
	t->lopts.detail = t->cur != NULL && t->cur->ops->detail &&
	    !t->help && t->lopts.detail;
	layout_compute(rows, cols, &t->lopts, &t->lay);
	tui_windows_free(t);
	if (t->lay.too_small) {
		w_small = newwin(rows > 0 ? rows : 1, cols > 0 ? cols : 1, 0,
		    0);
		return;
	}
	t->w_title = rect_win(&t->lay.title);
	t->w_header = rect_win(&t->lay.header);
	t->w_main = rect_win(&t->lay.tree);
	t->w_border = rect_win(&t->lay.border);
	t->w_detail = rect_win(&t->lay.detail);
	t->w_status = rect_win(&t->lay.status);
	t->w_cmd = rect_win(&t->lay.cmdline);
	if (t->w_detail == NULL)
		t->focus_detail = 0;
	if (t->cur != NULL && t->cur->ops->resize != NULL)
		t->cur->ops->resize(t->cur);
}

void
tui_relayout_detail(struct tui *t)
{
	t->lopts.detail = t->detail_on;
	tui_relayout(t);
}

static void
draw_too_small(struct tui *t)
{
	char	line[80];

	werase(w_small);
	snprintf(line, sizeof line, "terminal too small (need %dx%d)",
	    LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	mvwaddnstr(w_small, 0, 0, line, getmaxx(w_small));
	mvwaddnstr(w_small, 1, 0, "q to quit", getmaxx(w_small));
	wnoutrefresh(w_small);
}

static void
draw_title(struct tui *t)
{
	const char	*base;
	char		*s;

	if (t->w_title == NULL)
		return;
	draw_line_bg(t->w_title, 0, colors_attr(ROLE_TITLE));
	base = strrchr(t->dbpath, '/');
	base = base != NULL ? base + 1 : t->dbpath;
	s = xasprintf("canopy  %s  [%s%s]", base,
	    t->help ? "help" : t->cur->ops->name,
	    t->focus_detail && !t->help ? ": detail" : "");
	draw_str(t->w_title, s, getmaxx(t->w_title), colors_attr(ROLE_TITLE));
	free(s);
}

/* The view's status, then the message, which wins the space. */
static void
draw_status(struct tui *t)
{
	struct cn_buf	b;
	int		w, mw = 0, used;

	if (t->w_status == NULL)
		return;
	w = getmaxx(t->w_status);
	draw_line_bg(t->w_status, 0, colors_attr(ROLE_STATUS));
	buf_init(&b);
	if (t->cur->ops->status != NULL)
		t->cur->ops->status(t->cur, &b);
	if (t->msg != NULL) {
		mw = text_width(t->msg, strlen(t->msg)) + 2;
		if (mw > w - 10)
			mw = w - 10;
	} else if (!t->help_seen && w > 30) {
		/*
		 * How a newcomer finds the keys, until they have (per session:
		 * canopy keeps no state between runs).
		 */
		mw = (int)strlen(HELP_HINT);
		wmove(t->w_status, 0, w - mw);
		draw_plain(t->w_status, HELP_HINT, mw, colors_attr(ROLE_STATUS));
		wmove(t->w_status, 0, 0);
	}
	used = draw_str(t->w_status, b.s != NULL ? b.s : "", w - mw,
	    colors_attr(ROLE_STATUS));
	if (t->msg != NULL) {
		used += draw_plain(t->w_status, "  ", w - used,
		    colors_attr(ROLE_STATUS));
		draw_str(t->w_status, t->msg, w - used, colors_attr(
		    t->msg_error ? ROLE_STATUS_ERROR : ROLE_STATUS));
	}
	buf_free(&b);
}

static void
draw_cmdline(struct tui *t)
{
	int	w, used;

	if (t->w_cmd == NULL)
		return;
	w = getmaxx(t->w_cmd);
	werase(t->w_cmd);
	wmove(t->w_cmd, 0, 0);
	if (t->prompt_label != NULL) {
		used = draw_plain(t->w_cmd, t->prompt_label, w,
		    colors_attr(ROLE_DEFAULT));
		used += draw_str(t->w_cmd, t->prompt_text.s != NULL ?
		    t->prompt_text.s : "", w - used, colors_attr(ROLE_DEFAULT));
		if (used < w)
			waddch(t->w_cmd, ' ' | A_REVERSE);
	} else if (t->help) {
		used = draw_plain(t->w_cmd, "filter: ", w,
		    colors_attr(ROLE_DEFAULT));
		draw_str(t->w_cmd, t->help_filter.s != NULL ?
		    t->help_filter.s : "", w - used, colors_attr(ROLE_DEFAULT));
	}
}

/*
 * The border of the detail pane; in the selected colour, with a label
 * saying so, while the pane has the focus (Tab), so the user can tell
 * where j and k go.
 */
static void
draw_border(struct tui *t)
{
	const char	*label;
	attr_t		 a;
	int		 h, w, i;

	if (t->w_border == NULL)
		return;
	getmaxyx(t->w_border, h, w);
	werase(t->w_border);
	a = colors_attr(t->focus_detail ? ROLE_SELECTED : ROLE_BORDER);
	wattrset(t->w_border, a);
	for (i = 0; i < (h > 1 ? h : w); i++) {
		if (h > 1)
			mvwaddstr(t->w_border, i, 0, text_glyph(GLYPH_VLINE));
		else
			mvwaddstr(t->w_border, 0, i, text_glyph(GLYPH_HLINE));
	}
	wattrset(t->w_border, A_NORMAL);
	if (h == 1 && t->focus_detail) {
		label = " detail (focus: j/k scroll, Tab back) ";
		wmove(t->w_border, 0, 2);
		draw_plain(t->w_border, label, w - 2, a);
	}
}

void
tui_draw(struct tui *t)
{
	WINDOW	*all[7];
	int	 i;

	if (t->lay.too_small) {
		draw_too_small(t);
		doupdate();
		return;
	}
	draw_title(t);
	if (t->help)
		help_draw(t);
	else
		t->cur->ops->draw(t->cur);
	draw_border(t);
	draw_status(t);
	draw_cmdline(t);
	all[0] = t->w_title;
	all[1] = t->w_header;
	all[2] = t->w_main;
	all[3] = t->w_border;
	all[4] = t->w_detail;
	all[5] = t->w_status;
	all[6] = t->w_cmd;
	for (i = 0; i < 7; i++)
		if (all[i] != NULL)
			wnoutrefresh(all[i]);
	doupdate();
}

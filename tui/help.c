/*
 * help.c - the help overlay: a legend of the screen's encodings, the
 * actions that have a key in the current view (from the action table and
 * the bindings), then the `:` commands (from the command table), filtered
 * by what is typed. Every printable
 * key types into the filter; Esc, F1 or Backspace on an empty filter
 * close it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui-int.h"

/* One line: an action, a command (cmd) or a legend entry (legend). */
struct help_line {
	enum action		 action;
	const struct command	*cmd;
	const struct legend	*legend;
	char			*keys;	/* heap; the key cell */
};

/*
 * What the screen's encodings mean, first in the help: a newcomer cannot
 * guess them. sample is drawn in role (trusted text, with the glyphs of
 * the current locale where it names one).
 */
struct legend {
	const char	*sample;
	int		 glyph;		/* a text_glyph after sample, or -1 */
	enum theme_role	 role;
	const char	*help;
};
static const struct legend legends[] = {
	{ "bold", -1, ROLE_CHOSEN,
	    "a step on the path the source chose" },
	{ "+ -", -1, ROLE_GOOD,
	    "a leaf's outcome: correct (+) or wrong (-)" },
	{ "dim", -1, ROLE_DIM,
	    "values backed by few visits (dim-visits)" },
	{ "", GLYPH_NEWLINE, ROLE_ESCAPE,
	    "a line break in the text (shown in detail)" },
	{ "sorted", -1, ROLE_HEADER,
	    "the sorted column: an arrow in its header" },
	{ "[12n r0.9]", -1, ROLE_DIM,
	    "folded: size, best reward, ok%, labels" },
};
#define NLEGENDS	(sizeof legends / sizeof legends[0])

#define HELP_NAME_W	18	/* the longest action name */

/* Case-insensitive substring test for the filter. */
static int
icontains(const char *hay, const char *needle)
{
	size_t	n = strlen(needle), i;

	if (n == 0)
		return 1;
	for (i = 0; hay[i] != '\0'; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/*
 * The lines matching the filter, into *out (caller frees with
 * lines_free). Actions without a key in this view are left out: the
 * view cannot be asked for them.
 */
static size_t
help_lines(struct tui *t, const char *f, struct help_line **out)
{
	enum keymap		 km = t->cur->ops->keymap;
	const struct command	*c;
	struct help_line	*l;
	char			*keys;
	size_t			 n = 0, i;
	int			 a;

	l = xcalloc(NLEGENDS + ACTION_COUNT + ncommands, sizeof *l);
	for (i = 0; i < NLEGENDS; i++) {
		keys = xasprintf("%s%s", legends[i].sample,
		    legends[i].glyph >= 0 ? text_glyph(
		    (enum text_glyph)legends[i].glyph) : "");
		if (icontains("legend", f) || icontains(keys, f) ||
		    icontains(legends[i].help, f)) {
			l[n].legend = &legends[i];
			l[n++].keys = keys;
		} else
			free(keys);
	}
	for (a = 1; a < ACTION_COUNT; a++) {
		keys = keys_describe(t->set.keys, km, (enum action)a);
		if (*keys != '\0' && (icontains(keys, f) ||
		    icontains(action_names[a], f) ||
		    icontains(action_help[a], f))) {
			l[n].action = (enum action)a;
			l[n++].keys = keys;
		} else
			free(keys);
	}
	for (i = 0; i < ncommands; i++) {
		c = &commands[i];
		keys = c->alias != NULL ? xasprintf(":%s, :%s", c->name,
		    c->alias) : xasprintf(":%s", c->name);
		if (icontains(keys, f) || icontains(c->args, f) ||
		    icontains(command_help(c), f)) {
			l[n].cmd = c;
			l[n++].keys = keys;
		} else
			free(keys);
	}
	*out = l;
	return n;
}

static void
lines_free(struct help_line *l, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(l[i].keys);
	free(l);
}

/* Pads with spaces from column used to column to (exclusive). */
static void
pad(WINDOW *win, int used, int to)
{
	while (used++ < to)
		waddch(win, ' ');
}

void
help_draw(struct tui *t)
{
	struct help_line	*l;
	size_t			 n, i;
	int			 h, w, y, used, kw = 4, x2, x3;
	WINDOW			*win = t->w_main;

	if (win == NULL)
		return;
	getmaxyx(win, h, w);
	werase(win);
	/*
	 * The key cell fits the longest of the view's entries, up to a third
	 * of the width, so that the columns stay put while filtering.
	 */
	n = help_lines(t, "", &l);
	for (i = 0; i < n; i++) {
		used = text_width(l[i].keys, strlen(l[i].keys));
		if (used > kw)
			kw = used;
	}
	lines_free(l, n);
	if (kw > w / 3)
		kw = w / 3;
	n = help_lines(t, t->help_filter.s != NULL ? t->help_filter.s : "",
	    &l);
	x2 = kw + 1;
	x3 = x2 + HELP_NAME_W + 1;
	if (t->help_top > (int)n - 1)
		t->help_top = n > 0 ? (int)n - 1 : 0;
	for (y = 0, i = (size_t)t->help_top; i < n && y < h; i++, y++) {
		wmove(win, y, 0);
		used = draw_plain(win, l[i].keys, kw, colors_attr(
		    l[i].legend != NULL ? l[i].legend->role : ROLE_HELP_KEY));
		pad(win, used, x2);
		used = x2 + draw_plain(win, l[i].legend != NULL ? "legend" :
		    l[i].cmd != NULL ? l[i].cmd->args :
		    action_names[l[i].action], HELP_NAME_W,
		    colors_attr(ROLE_DEFAULT));
		if (x3 >= w)
			continue;
		pad(win, used, x3);
		draw_plain(win, l[i].legend != NULL ? l[i].legend->help :
		    l[i].cmd != NULL ? command_help(l[i].cmd) :
		    action_help[l[i].action], w - x3, colors_attr(ROLE_DIM));
	}
	if (n == 0)
		mvwaddnstr(win, 0, 0, "nothing matches the filter", w);
	lines_free(l, n);
	if (t->w_header != NULL) {
		draw_line_bg(t->w_header, 0, colors_attr(ROLE_HEADER));
		used = draw_plain(t->w_header, "keys", x2,
		    colors_attr(ROLE_HEADER));
		pad(t->w_header, used, x2);
		used = x2 + draw_plain(t->w_header, "action", HELP_NAME_W,
		    colors_attr(ROLE_HEADER));
		pad(t->w_header, used, x3);
		draw_plain(t->w_header, "what it does (type to filter, Esc"
		    " closes)", getmaxx(t->w_header) - x3,
		    colors_attr(ROLE_HEADER));
	}
}

void
help_open(struct tui *t)
{
	t->help = 1;
	t->help_seen = 1;
	t->help_top = 0;
	buf_reset(&t->help_filter);
	tui_relayout(t);
}

static void
help_close(struct tui *t)
{
	t->help = 0;
	buf_reset(&t->help_filter);
	tui_relayout_detail(t);
}

int
help_key(struct tui *t, int key)
{
	enum action	a = ACTION_NONE;
	int		page = t->w_main != NULL ? getmaxy(t->w_main) : 10;

	/* Text first: every printable key, q and H too, is filter text. */
	if (key >= 0x20 && key < CN_KEY_SPECIAL && key != 0x7f) {
		buf_add_cp(&t->help_filter, key);
		t->help_top = 0;
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (key == CN_KEY_BACKSPACE && t->help_filter.len > 0) {
		buf_chop(&t->help_filter);
		return TUI_HANDLED | TUI_REDRAW;
	}
	a = keys_lookup(t->set.keys, KEYMAP_HELP, key);
	if (key == CN_KEY_ESC || key == CN_KEY_BACKSPACE ||
	    a == ACTION_HELP || a == ACTION_QUIT || a == ACTION_BACK)
		help_close(t);
	else if (key == CN_KEY_DOWN || a == ACTION_MOVE_DOWN)
		t->help_top++;
	else if (key == CN_KEY_UP || a == ACTION_MOVE_UP)
		t->help_top = t->help_top > 0 ? t->help_top - 1 : 0;
	else if (key == CN_KEY_PGDN || a == ACTION_PAGE_DOWN)
		t->help_top += page;
	else if (key == CN_KEY_PGUP || a == ACTION_PAGE_UP)
		t->help_top = t->help_top > page ? t->help_top - page : 0;
	return TUI_HANDLED | TUI_REDRAW;
}

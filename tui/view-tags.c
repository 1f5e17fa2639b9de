/*
 * view-tags.c - the tags view (`:tags`): every tag with how many steps
 * and traces carry it, in all traces, then the same per author, so that
 * free-text review turns into counted failure categories. Enter on a tag
 * goes to its next step (in any trace) and sets the label filter "tagged
 * TAG" there, so n/N walk the rest of that trace's tagged steps.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "list-cursor.h"
#include "store-label.h"
#include "tui-int.h"

struct tag_row {
	char		*tag;
	char		*author;	/* NULL: the total over authors */
	int64_t		 steps;
	int64_t		 traces;
};

struct tags_view {
	struct tag_row	*rows;
	size_t		 n;
	size_t		 ntags;		/* total rows */
	int		 cursor;
	int		 top;
	int64_t		 last;		/* the step Enter went to last */
	int		 last_row;	/* for the row cursor was on */
};

static struct tags_view *
tg_of(struct view *v)
{
	return v->data;
}

static void
tg_clear(struct tags_view *tg)
{
	size_t	i;

	for (i = 0; i < tg->n; i++) {
		free(tg->rows[i].tag);
		free(tg->rows[i].author);
	}
	free(tg->rows);
	tg->rows = NULL;
	tg->n = tg->ntags = 0;
}

static int
tg_add(const char *tag, const char *author, int64_t steps, int64_t traces,
    void *arg)
{
	struct tags_view	*tg = arg;
	struct tag_row		*r;

	tg->rows = xreallocarray(tg->rows, tg->n + 1, sizeof *tg->rows);
	r = &tg->rows[tg->n++];
	r->tag = xstrdup(tag != NULL ? tag : "");
	r->author = xstrdup_or_null(author);
	r->steps = steps;
	r->traces = traces;
	if (author == NULL)
		tg->ntags++;
	return 0;
}

static int
tg_read(struct view *v, char **cause)
{
	struct tui		*t = v->tui;
	struct tags_view	*tg = tg_of(v);

	tg_clear(tg);
	if (store_label_tags(t->st, labels_author(t), t->set.label_others,
	    tg_add, tg, cause) != 0)
		return -1;
	if (tg->cursor >= (int)tg->n)
		tg->cursor = tg->n > 0 ? (int)tg->n - 1 : 0;
	return 0;
}

static int
tg_open(struct view *v, char **cause)
{
	v->data = xcalloc(1, sizeof (struct tags_view));
	tg_of(v)->last_row = -1;
	if (tg_read(v, cause) != 0) {
		tui_view_close(v);
		return -1;
	}
	return 0;
}

static void
tg_close(struct view *v)
{
	tg_clear(tg_of(v));
}

static int
tg_reload(struct view *v, char **cause)
{
	return tg_read(v, cause);
}

/* Width of the two count columns: " steps traces". */
#define COUNTS_W	16

static void
tg_draw(struct view *v)
{
	struct tui		*t = v->tui;
	struct tags_view	*tg = tg_of(v);
	WINDOW			*w = t->w_main, *hw = t->w_header;
	const struct tag_row	*r;
	attr_t			 a, ha = colors_attr(ROLE_HEADER);
	char			 num[48];
	int			 h, width, y, used;
	size_t			 i;

	if (w == NULL)
		return;
	getmaxyx(w, h, width);
	if (hw != NULL) {
		draw_line_bg(hw, 0, ha);
		snprintf(num, sizeof num, "tags (%zu)", tg->ntags);
		draw_plain(hw, num, width - COUNTS_W, ha);
		wmove(hw, 0, width > COUNTS_W ? width - COUNTS_W : 0);
		draw_plain(hw, "   steps  traces", COUNTS_W, ha);
	}
	list_cursor_show(tg->cursor, &tg->top, h);
	for (y = 0; y < h; y++) {
		i = (size_t)(tg->top + y);
		wmove(w, y, 0);
		if (i >= tg->n) {
			wclrtoeol(w);
			if (i == 0 && y == 0)
				draw_plain(w, "no tags yet: t tags the step"
				    " under the cursor", width,
				    colors_attr(ROLE_DIM));
			continue;
		}
		r = &tg->rows[i];
		a = colors_attr((int)i == tg->cursor ? ROLE_SELECTED :
		    r->author != NULL ? ROLE_DIM : ROLE_DEFAULT);
		draw_line_bg(w, y, a);
		wmove(w, y, 0);
		if (r->author != NULL) {
			used = draw_plain(w, "    by ", width - COUNTS_W, a);
			draw_str(w, r->author, width - COUNTS_W - used, a);
		} else
			draw_str(w, r->tag, width - COUNTS_W, a);
		snprintf(num, sizeof num, "%8lld%8lld", (long long)r->steps,
		    (long long)r->traces);
		wmove(w, y, width > COUNTS_W ? width - COUNTS_W : 0);
		draw_plain(w, num, COUNTS_W, a);
	}
}

/* Enter: the tag's next step, with the filter "tagged TAG" set there. */
static int
tg_enter(struct view *v)
{
	struct tui		*t = v->tui;
	struct tags_view	*tg = tg_of(v);
	char			*cause = NULL, *what;
	int64_t			 node;
	int			 r;

	if (tg->n == 0)
		return TUI_HANDLED;
	/* Enter again on the same tag: its next step, in any trace. */
	if (tg->last_row != tg->cursor)
		tg->last = 0;
	r = store_label_tag_next(t->st, labels_author(t),
	    t->set.label_others, tg->rows[tg->cursor].tag, tg->last, &node,
	    &cause);
	if (r < 0) {
		tui_error(t, "tags", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (r == 0) {
		tui_message(t, 1, "tags: no step carries it any more");
		return TUI_HANDLED | TUI_REDRAW;
	}
	tui_goto_id(t, node);
	if (t->cur != tui_view(t, VIEW_TREE))
		return TUI_HANDLED | TUI_REDRAW;
	tg->last = node;
	tg->last_row = tg->cursor;
	what = xasprintf("tagged %s", tg->rows[tg->cursor].tag);
	labels_filter_set(t, what);
	free(what);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
tg_action(struct view *v, enum action a, const char *arg)
{
	struct tags_view	*tg = tg_of(v);
	struct tui		*t = v->tui;
	int			 h = t->w_main != NULL ? getmaxy(t->w_main) : 1;

	if (list_cursor_move(&tg->cursor, tg->n, h, a))
		return TUI_HANDLED | TUI_REDRAW;
	switch (a) {
	case ACTION_OPEN:
		return tg_enter(v);
	case ACTION_LABEL_AUTHORS:
		/* The counts follow: re-read them with or without others. */
		labels_action(v, a, arg);
		tg_read(v, NULL);
		break;
	default:
		return 0;
	}
	list_cursor_clamp(&tg->cursor, tg->n);
	return TUI_HANDLED | TUI_REDRAW;
}

static void
tg_status(struct view *v, struct cn_buf *b)
{
	struct tags_view	*tg = tg_of(v);

	buf_printf(b, "tags %zu", tg->ntags);
	if (tg->n > 0)
		buf_printf(b, " | %d/%zu", tg->cursor + 1, tg->n);
	buf_adds(b, v->tui->set.label_others ? " | every author" :
	    " | yours (:authors shows the others')");
}

const struct view_ops view_tags_ops = {
	.name = "tags",
	.keymap = KEYMAP_TRACES,
	.open = tg_open,
	.draw = tg_draw,
	.action = tg_action,
	.reload = tg_reload,
	.status = tg_status,
	.close = tg_close,
};

int
tags_view_open(struct tui *t)
{
	struct view	*v = tui_view(t, VIEW_TAGS);
	char		*cause = NULL;

	tui_view_close(v);
	if (v->ops->open(v, &cause) != 0) {
		tui_error(t, "tags", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	v->is_open = 1;
	tui_switch(t, v);
	return TUI_HANDLED | TUI_REDRAW;
}

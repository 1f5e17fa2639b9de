/*
 * view-traces.c - the list of traces: one line per trace with its format,
 * size, best reward and best q of any node, outcome and label count, with
 * the problem text after the id when the id says nothing (long or opaque,
 * such as PRM800K's UUIDs); sortable by any column, filtered by typing
 * (id, format or problem), Enter opens the tree. The rows on screen come from
 * a window over the store (traces-model.c), so a million traces browse
 * as fast and in as little memory as ten.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "traces-model.h"
#include "tui-int.h"

/* The columns: _(ENUM, header, width). */
#define TRACE_COLS(_)							\
	_(TRACE,	"trace",	0)				\
	_(FORMAT,	"format",	14)				\
	_(NODES,	"nodes",	8)				\
	_(DEPTH,	"depth",	6)				\
	_(REWARD,	"best r",	8)				\
	_(Q,		"best q",	8)				\
	_(OUTCOME,	"outcome",	8)				\
	_(LABELS,	"labels",	7)

enum tcol {
#define TCOL_ENUM(e, h, w) TCOL_##e,
	TRACE_COLS(TCOL_ENUM)
#undef TCOL_ENUM
	TCOL_COUNT
};
static const char *const tcol_names[] = {
#define TCOL_NAME(e, h, w) h,
	TRACE_COLS(TCOL_NAME)
#undef TCOL_NAME
};
static const int tcol_width[] = {
#define TCOL_W(e, h, w) w,
	TRACE_COLS(TCOL_W)
#undef TCOL_W
};

/*
 * An id wider than this says little to a reader (a UUID, a hash): its row
 * shows the id's first ID_PREFIX columns and then the problem text.
 */
#define OPAQUE_ID_WIDTH	16
#define ID_PREFIX	9

struct traces_view {
	struct traces_model	*m;
	char			*filter;	/* or NULL */
	int64_t			 keep;		/* trace to put the cursor on */
};

static struct traces_view *
tr_of(struct view *v)
{
	return v->data;
}

static int
main_height(struct tui *t)
{
	int	h = t->w_main != NULL ? getmaxy(t->w_main) : 10;

	return h < 1 ? 1 : h;
}

/*
 * What the trace column shows for r, sanitized (so that it measures as it
 * draws): the id, or for an opaque id with a problem, the id's start and
 * the problem on one line.
 */
static void
row_label(struct cn_buf *b, const struct tl_row *r)
{
	char	*id, *pr;

	id = text_safe_dup(r->ext);
	if (r->problem == NULL || *r->problem == '\0' ||
	    text_width(id, strlen(id)) <= OPAQUE_ID_WIDTH) {
		buf_adds(b, id);
		free(id);
		return;
	}
	text_truncate(b, id, strlen(id), ID_PREFIX);
	buf_addc(b, ' ');
	pr = text_safe_dup(r->problem);
	buf_adds(b, pr);
	free(pr);
	free(id);
}

static int
model_error(struct tui *t, const char *what, char *cause)
{
	tui_error(t, what, cause);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
trv_open(struct view *v, char **cause)
{
	struct traces_view	*tr;

	tr = xcalloc(1, sizeof *tr);
	if (tl_open(v->tui->st, main_height(v->tui), &tr->m, cause) != 0) {
		free(tr);
		return -1;
	}
	v->data = tr;
	return 0;
}

/* Idle work: counting the list a slice at a time. */
static int
trv_idle(struct view *v)
{
	struct traces_view	*tr = tr_of(v);
	char			*cause = NULL;
	int			 r;

	if (tr == NULL)
		return 0;
	if ((r = tl_idle(tr->m, &cause)) < 0) {
		tui_error(v->tui, "count traces", cause);
		return TUI_REDRAW;
	}
	return r > 0 ? TUI_REDRAW : 0;
}

static void
trv_close(struct view *v)
{
	struct traces_view	*tr = tr_of(v);

	tl_free(tr->m);
	free(tr->filter);
}

/* Width of the trace column: what the others leave. */
static int
first_width(int width)
{
	int	i, w = width;

	for (i = 1; i < TCOL_COUNT; i++)
		w -= tcol_width[i];
	return w < 10 ? 10 : w;
}

static void
cell(WINDOW *w, const char *s, int width, int right, attr_t a)
{
	struct cn_buf	b;

	if (width <= 0)
		return;
	buf_init(&b);
	text_pad(&b, s, strlen(s), width - 1, right ? TEXT_RIGHT : TEXT_LEFT);
	buf_addc(&b, ' ');
	draw_str(w, b.s, width, a);
	buf_free(&b);
}

static void
draw_header(struct traces_view *tr, WINDOW *w, int fw)
{
	const struct store_tlist	*q = tl_order(tr->m);
	char				 hdr[32];
	int				 i;

	draw_line_bg(w, 0, colors_attr(ROLE_HEADER));
	wmove(w, 0, 0);
	for (i = 0; i < TCOL_COUNT; i++) {
		snprintf(hdr, sizeof hdr, "%s%s", tcol_names[i],
		    i == q->col ? (q->desc ? "\u2193" : "\u2191") : "");
		if (i == q->col && !text_utf8())
			snprintf(hdr, sizeof hdr, "%s%s", tcol_names[i],
			    q->desc ? "v" : "^");
		cell(w, hdr, i == 0 ? fw : tcol_width[i], i >= TCOL_NODES,
		    colors_attr(ROLE_HEADER));
	}
}

static void
trv_draw(struct view *v)
{
	struct tui		*t = v->tui;
	struct traces_view	*tr = tr_of(v);
	WINDOW			*w = t->w_main;
	const struct tl_row	*r;
	char			 num[32];
	char			*cause = NULL;
	struct cn_buf		 label;
	int			 h, width, y, fw;
	attr_t			 a;

	if (w == NULL)
		return;
	getmaxyx(w, h, width);
	/* The window may have been made before the screen (first draw). */
	if (h > 0 && h != tl_height(tr->m)) {
		if (tl_set_height(tr->m, h, &cause) != 0)
			tui_error(t, "resize", cause);
	}
	fw = first_width(width);
	if (t->w_header != NULL)
		draw_header(tr, t->w_header, fw);
	buf_init(&label);
	for (y = 0; y < h; y++) {
		wmove(w, y, 0);
		if ((r = tl_row(tr->m, y)) == NULL) {
			wclrtoeol(w);
			continue;
		}
		a = colors_attr(y == tl_cursor(tr->m) ? ROLE_SELECTED :
		    ROLE_DEFAULT);
		draw_line_bg(w, y, a);
		buf_reset(&label);
		row_label(&label, r);
		cell(w, label.s, fw, 0, a);
		cell(w, r->format, tcol_width[TCOL_FORMAT], 0, a);
		fmt_val(num, sizeof num, (double)r->nodes, 1);
		cell(w, num, tcol_width[TCOL_NODES], 1, a);
		fmt_val(num, sizeof num, r->depth, 1);
		cell(w, num, tcol_width[TCOL_DEPTH], 1, a);
		fmt_val(num, sizeof num, r->best_reward, 0);
		cell(w, num, tcol_width[TCOL_REWARD], 1, a);
		fmt_val(num, sizeof num, r->best_q, 0);
		cell(w, num, tcol_width[TCOL_Q], 1, a);
		fmt_val(num, sizeof num, r->outcome, 0);
		cell(w, num, tcol_width[TCOL_OUTCOME], 1, a);
		fmt_val(num, sizeof num, (double)r->labels, 1);
		cell(w, r->labels > 0 ? num : "", tcol_width[TCOL_LABELS], 1,
		    a);
	}
	buf_free(&label);
	if (tl_nrows(tr->m) == 0) {
		mvwaddnstr(w, 0, 0, tr->filter == NULL ? "no traces in this "
		    "database (canopy import FILE)" : "no trace matches the "
		    "filter", width);
	}
}

static void
filter_live(struct tui *t, const char *text)
{
	struct traces_view	*tr = tui_view(t, VIEW_TRACES)->data;
	char			*cause = NULL;

	free(tr->filter);
	tr->filter = text != NULL && *text != '\0' ? xstrdup(text) : NULL;
	if (tl_set_filter(tr->m, tr->filter, &cause) != 0)
		tui_error(t, "filter", cause);
}

static int
filter_done(struct tui *t, const char *text)
{
	filter_live(t, text);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
sort_by(struct view *v, int col)
{
	struct traces_view		*tr = tr_of(v);
	const struct store_tlist	*q = tl_order(tr->m);
	char				*cause = NULL;
	int				 desc;

	if (q->col == col)
		desc = !q->desc;
	else
		desc = col >= TCOL_NODES;	/* numbers: biggest first */
	if (tl_set_order(tr->m, col, desc, &cause) != 0)
		return model_error(v->tui, "sort", cause);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
tr_move(struct view *v, long d)
{
	struct traces_view	*tr = tr_of(v);
	char			*cause = NULL;

	if (tl_move(tr->m, d, &cause) != 0)
		return model_error(v->tui, "move", cause);
	return TUI_HANDLED | TUI_REDRAW;
}

static int	sort_by_name(struct view *, const char *);

static int
trv_action(struct view *v, enum action a, const char *arg)
{
	struct tui		*t = v->tui;
	struct traces_view	*tr = tr_of(v);
	char			*cause = NULL;
	long			 h = main_height(t);

	switch (a) {
	case ACTION_MOVE_DOWN:
		return tr_move(v, 1);
	case ACTION_MOVE_UP:
		return tr_move(v, -1);
	case ACTION_PAGE_DOWN:
		return tr_move(v, h);
	case ACTION_PAGE_UP:
		return tr_move(v, -h);
	case ACTION_HOME:
	case ACTION_ROOT:
		if (tl_home(tr->m, &cause) != 0)
			return model_error(t, "move", cause);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_END:
		if (tl_end(tr->m, &cause) != 0)
			return model_error(t, "move", cause);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_OPEN:
	case ACTION_FIRST_CHILD:
	case ACTION_EXPAND:
	case ACTION_TOGGLE_FOLD:
		if (tl_nrows(tr->m) == 0)
			return TUI_HANDLED;
		if (tui_open_tree(t, tl_cursor_id(tr->m), 0, &cause) != 0)
			tui_error(t, "open", cause);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_SORT_NEXT:
		if (arg != NULL)
			return sort_by_name(v, arg);
		return sort_by(v, (tl_order(tr->m)->col + 1) % TCOL_COUNT);
	case ACTION_SORT_ORIGINAL:
		if (tl_set_order(tr->m, TCOL_TRACE, 0, &cause) != 0)
			return model_error(t, "sort", cause);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_SEARCH_FORWARD:
	case ACTION_SEARCH_BACKWARD:
		/* Search narrows the list: the filter. */
		if (arg != NULL)
			return filter_done(t, arg);
		tui_prompt(t, "filter: ", tr->filter, filter_done, filter_live);
		return TUI_HANDLED | TUI_REDRAW;
	default:
		return 0;
	}
}

static int
trv_mouse(struct view *v, int y, int wheel)
{
	struct traces_view	*tr = tr_of(v);

	if (wheel != 0)
		return tr_move(v, 3 * wheel);
	if (y < tl_nrows(tr->m))
		return tr_move(v, y - tl_cursor(tr->m));
	return 0;
}

/* `:sort COLUMN`: by header name, or reward, q, id. */
static int
sort_by_name(struct view *v, const char *arg)
{
	int	i;

	for (i = 0; i < TCOL_COUNT; i++)
		if (strcasecmp(arg, tcol_names[i]) == 0 ||
		    (i == TCOL_REWARD && strcmp(arg, "reward") == 0) ||
		    (i == TCOL_Q && strcmp(arg, "q") == 0) ||
		    (i == TCOL_TRACE && strcmp(arg, "id") == 0))
			return sort_by(v, i);
	tui_message(v->tui, 1, "sort: no column '%s'", arg);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
trv_reload(struct view *v, char **cause)
{
	struct traces_view	*tr = tr_of(v);

	return tl_reload(tr->m, cause);
}

static void
trv_resize(struct view *v)
{
	struct traces_view	*tr = tr_of(v);
	char			*cause = NULL;

	if (tr != NULL && tl_set_height(tr->m, main_height(v->tui),
	    &cause) != 0)
		tui_error(v->tui, "resize", cause);
}

static void
trv_status(struct view *v, struct cn_buf *b)
{
	struct traces_view		*tr = tr_of(v);
	const struct store_tlist	*q = tl_order(tr->m);
	int64_t				 all, match, pos;

	tl_counts(tr->m, &all, &match, &pos);
	if (tr->filter == NULL)
		match = all;
	if (pos >= 0)
		buf_printf(b, "%lld/", (long long)pos + 1);
	else
		buf_adds(b, tl_nrows(tr->m) > 0 ? "?/" : "0/");
	if (match >= 0)
		buf_printf(b, "%lld traces", (long long)match);
	else
		buf_adds(b, "? traces");
	if (tr->filter != NULL && all >= 0)
		buf_printf(b, " (of %lld)", (long long)all);
	if (tl_idle_pending(tr->m))
		buf_adds(b, " | counting");
	buf_printf(b, " | sort %s%s", tcol_names[q->col],
	    q->desc ? " desc" : "");
	if (tr->filter != NULL)
		buf_printf(b, " | filter %s", tr->filter);
}

void
view_traces_select(struct view *v, int64_t id)
{
	struct traces_view	*tr = tr_of(v);
	char			*cause = NULL;

	if (tr == NULL)
		return;
	if (tl_goto(tr->m, id, &cause) != 0)
		tui_error(v->tui, "select", cause);
}

const struct view_ops view_traces_ops = {
	.name = "traces",
	.keymap = KEYMAP_TRACES,
	.detail = 0,
	.open = trv_open,
	.draw = trv_draw,
	.action = trv_action,
	.key = NULL,
	.mouse = trv_mouse,
	.reload = trv_reload,
	.resize = trv_resize,
	.status = trv_status,
	.idle = trv_idle,
	.close = trv_close,
};

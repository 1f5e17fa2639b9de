/*
 * view-traces.c - the list of traces: one line per trace with its format,
 * size, best reward and best q of any node, outcome and
 * label count; sortable by any column, filtered by typing, Enter opens the
 * tree. The first page is read at open and the rest in pages while the
 * terminal is idle, so a database of 100k traces shows at once; each
 * trace keeps only its numbers and its id (strings in one arena, formats
 * shared).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "tui-int.h"

/* One trace: 48 bytes, so that 100k traces fit the memory budget. */
struct trow {
	int64_t		 id;
	const char	*ext;		/* in the view's arena */
	int64_t		 nodes;
	float		 best_reward;	/* float: shown with 3 digits */
	float		 best_q;
	float		 outcome;
	int32_t		 depth;
	int32_t		 labels;
	uint8_t		 format;	/* index into formats */
};

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

/* Strings that live as long as the list: 64 KiB chunks. */
struct arena {
	char		**chunks;
	size_t		 nchunks;
	size_t		 used;		/* in the last chunk */
};
#define ARENA_CHUNK	65536

/* Traces read per page: the first at open, then one per idle tick. */
#define FIRST_PAGE	256
#define IDLE_PAGE	4096

struct traces_view {
	struct trow	*rows;		/* every trace read, in id order */
	size_t		 nrows;
	size_t		 cap;
	size_t		*vis;		/* rows passing the filter, sorted */
	size_t		 nvis;
	size_t		 cur;		/* index in vis */
	size_t		 top;
	int		 sort;		/* enum tcol */
	int		 desc;
	char		*filter;	/* or NULL */
	struct arena	 arena;
	const char	**formats;	/* distinct format names (arena) */
	size_t		 nformats;
	int		 paged;		/* every page is read */
	int		 labelled;	/* label counts are read */
	int64_t		 keep;		/* trace to keep the cursor on */
};

static const char *
arena_dup(struct arena *a, const char *s)
{
	size_t	len = strlen(s) + 1;
	char	*p;

	if (len > ARENA_CHUNK / 4)
		len = ARENA_CHUNK / 4;	/* ids that long are cut */
	if (a->nchunks == 0 || a->used + len > ARENA_CHUNK) {
		a->chunks = xreallocarray(a->chunks, a->nchunks + 1,
		    sizeof *a->chunks);
		a->chunks[a->nchunks++] = xmalloc(ARENA_CHUNK);
		a->used = 0;
	}
	p = a->chunks[a->nchunks - 1] + a->used;
	memcpy(p, s, len - 1);
	p[len - 1] = '\0';
	a->used += len;
	return p;
}

static void
arena_free(struct arena *a)
{
	size_t	i;

	for (i = 0; i < a->nchunks; i++)
		free(a->chunks[i]);
	free(a->chunks);
	memset(a, 0, sizeof *a);
}

static struct traces_view *
tr_of(struct view *v)
{
	return v->data;
}

/* The index of format f (at most 256 formats; more share the last). */
static uint8_t
intern_format(struct traces_view *tr, const char *f)
{
	size_t	i;

	for (i = 0; i < tr->nformats; i++)
		if (strcmp(tr->formats[i], f) == 0)
			return (uint8_t)i;
	if (tr->nformats == 256)
		return 255;
	tr->formats = xreallocarray(tr->formats, tr->nformats + 1,
	    sizeof *tr->formats);
	tr->formats[tr->nformats] = arena_dup(&tr->arena, f);
	return (uint8_t)tr->nformats++;
}

static const char *
fmt_name(const struct traces_view *tr, const struct trow *r)
{
	return tr->formats[r->format];
}

static int
collect_cb(const struct cn_trace *t, void *arg)
{
	struct traces_view	*tr = arg;
	struct trow		*r;

	if (tr->nrows == tr->cap) {
		tr->cap = tr->cap == 0 ? FIRST_PAGE : tr->cap * 2;
		tr->rows = xreallocarray(tr->rows, tr->cap, sizeof *tr->rows);
	}
	r = &tr->rows[tr->nrows++];
	r->id = t->id;
	r->ext = arena_dup(&tr->arena, t->ext_id != NULL ? t->ext_id : "?");
	r->format = intern_format(tr, t->format != NULL ? t->format : "?");
	r->nodes = t->node_count;
	r->depth = t->max_depth;
	r->best_reward = (float)t->best_reward;
	r->best_q = (float)t->best_q;
	r->outcome = (float)t->outcome;
	r->labels = 0;
	return 0;
}

static void
rows_free(struct traces_view *tr)
{
	free(tr->rows);
	free(tr->vis);
	free(tr->formats);
	arena_free(&tr->arena);
	tr->rows = NULL;
	tr->vis = NULL;
	tr->formats = NULL;
	tr->nrows = tr->nvis = tr->cap = tr->nformats = 0;
	tr->paged = tr->labelled = 0;
}

/* For qsort's comparator, which sorts indexes into sort_rows. */
static const struct trow *sort_rows;
static const char *const *sort_formats;
static int	 sort_col, sort_desc;

static int
cmp_val(double a, double b)
{
	if (!cn_hasval(a) || !cn_hasval(b))
		return cn_hasval(a) ? -1 : cn_hasval(b) ? 1 : 0;
	return a < b ? -1 : a > b;
}

static int
row_cmp(const void *pa, const void *pb)
{
	const struct trow	*a = &sort_rows[*(const size_t *)pa];
	const struct trow	*b = &sort_rows[*(const size_t *)pb];
	int			 c = 0;

	switch (sort_col) {
	case TCOL_TRACE:
		c = strcmp(a->ext, b->ext);
		break;
	case TCOL_FORMAT:
		c = strcmp(sort_formats[a->format], sort_formats[b->format]);
		break;
	case TCOL_NODES:
		c = a->nodes < b->nodes ? -1 : a->nodes > b->nodes;
		break;
	case TCOL_DEPTH:
		c = a->depth < b->depth ? -1 : a->depth > b->depth;
		break;
	case TCOL_REWARD:
		c = cmp_val(a->best_reward, b->best_reward);
		break;
	case TCOL_Q:
		c = cmp_val(a->best_q, b->best_q);
		break;
	case TCOL_OUTCOME:
		c = cmp_val(a->outcome, b->outcome);
		break;
	case TCOL_LABELS:
		c = a->labels < b->labels ? -1 : a->labels > b->labels;
		break;
	}
	if (sort_desc)
		c = -c;
	/* Stable: ties keep the id order. */
	if (c == 0)
		c = a->id < b->id ? -1 : a->id > b->id;
	return c;
}

/* Re-filters and re-sorts, keeping the cursor on trace keep (0: first). */
static void
resort(struct traces_view *tr, int64_t keep)
{
	size_t	i;

	free(tr->vis);
	tr->vis = xcalloc(tr->nrows + 1, sizeof *tr->vis);
	tr->nvis = 0;
	for (i = 0; i < tr->nrows; i++) {
		if (tr->filter != NULL && *tr->filter != '\0' &&
		    strcasestr(tr->rows[i].ext, tr->filter) == NULL &&
		    strcasestr(fmt_name(tr, &tr->rows[i]), tr->filter) == NULL)
			continue;
		tr->vis[tr->nvis++] = i;
	}
	sort_rows = tr->rows;
	sort_formats = tr->formats;
	sort_col = tr->sort;
	sort_desc = tr->desc;
	if (tr->nvis > 1)
		qsort(tr->vis, tr->nvis, sizeof *tr->vis, row_cmp);
	tr->cur = 0;
	for (i = 0; i < tr->nvis; i++)
		if (tr->rows[tr->vis[i]].id == keep)
			tr->cur = i;
}

static int64_t
cur_id(const struct traces_view *tr)
{
	return tr->nvis > 0 ? tr->rows[tr->vis[tr->cur]].id : 0;
}

/* Reads the next page of traces; sets paged after the last. */
static int
load_page(struct traces_view *tr, struct store *st, int64_t limit,
    char **cause)
{
	size_t	before = tr->nrows;
	int64_t	after = tr->nrows > 0 ? tr->rows[tr->nrows - 1].id : 0;

	if (store_traces_brief_page(st, after, limit, collect_cb, tr,
	    cause) != 0)
		return -1;
	if ((int64_t)(tr->nrows - before) < limit)
		tr->paged = 1;
	return 0;
}

static int
label_cb(int64_t id, int64_t count, void *arg)
{
	struct traces_view	*tr = arg;
	size_t			 lo = 0, hi = tr->nrows, mid;

	/* rows are in id order. */
	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (tr->rows[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < tr->nrows && tr->rows[lo].id == id)
		tr->rows[lo].labels = count > INT32_MAX ? INT32_MAX :
		    (int32_t)count;
	return 0;
}

/* Starts (again) from the first page, keeping the cursor's trace. */
static int
load(struct view *v, char **cause)
{
	struct traces_view	*tr = tr_of(v);

	tr->keep = cur_id(tr);
	rows_free(tr);
	if (load_page(tr, v->tui->st, FIRST_PAGE, cause) != 0)
		return -1;
	/* A small database is complete at once (no "loading" flicker). */
	if (tr->paged) {
		if (store_trace_label_counts(v->tui->st, label_cb, tr,
		    cause) != 0)
			return -1;
		tr->labelled = 1;
	}
	resort(tr, tr->keep);
	return 0;
}

/* Idle work: the next page, then the label counts. */
static int
trv_idle(struct view *v)
{
	struct traces_view	*tr = tr_of(v);
	char			*cause = NULL;
	int64_t			 keep;

	if (tr->paged && tr->labelled)
		return 0;
	keep = tr->nvis > 0 && tr->cur > 0 ? cur_id(tr) : tr->keep;
	if (!tr->paged) {
		if (load_page(tr, v->tui->st, IDLE_PAGE, &cause) != 0) {
			tui_error(v->tui, "list traces", cause);
			tr->paged = tr->labelled = 1;
		}
	} else {
		if (store_trace_label_counts(v->tui->st, label_cb, tr,
		    &cause) != 0)
			tui_error(v->tui, "count labels", cause);
		tr->labelled = 1;
	}
	resort(tr, keep);
	return TUI_REDRAW;
}

static int
trv_open(struct view *v, char **cause)
{
	struct traces_view	*tr;

	tr = xcalloc(1, sizeof *tr);
	v->data = tr;
	if (load(v, cause) != 0) {
		rows_free(tr);
		free(tr);
		v->data = NULL;
		return -1;
	}
	return 0;
}

static void
trv_close(struct view *v)
{
	struct traces_view	*tr = tr_of(v);

	if (tr == NULL)
		return;
	rows_free(tr);
	free(tr->filter);
	free(tr);
	v->data = NULL;
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

	buf_init(&b);
	text_pad(&b, s, strlen(s), width - 1, right ? TEXT_RIGHT : TEXT_LEFT);
	buf_addc(&b, ' ');
	draw_str(w, b.s, width, a);
	buf_free(&b);
}

static void
trv_draw(struct view *v)
{
	struct tui		*t = v->tui;
	struct traces_view	*tr = tr_of(v);
	WINDOW			*w = t->w_main;
	const struct trow	*r;
	char			 num[32], hdr[32];
	int			 h, width, i, y, fw;
	attr_t			 a;

	if (w == NULL)
		return;
	getmaxyx(w, h, width);
	fw = first_width(width);
	if (t->w_header != NULL) {
		draw_line_bg(t->w_header, 0, colors_attr(ROLE_HEADER));
		for (i = 0; i < TCOL_COUNT; i++) {
			snprintf(hdr, sizeof hdr, "%s%s", tcol_names[i],
			    i == tr->sort ? (tr->desc ? "\u2193" : "\u2191") :
			    "");
			if (i == tr->sort && !text_utf8())
				snprintf(hdr, sizeof hdr, "%s%s", tcol_names[i],
				    tr->desc ? "v" : "^");
			cell(t->w_header, hdr, i == 0 ? fw : tcol_width[i],
			    i >= TCOL_NODES, colors_attr(ROLE_HEADER));
		}
	}
	if (tr->cur < tr->top)
		tr->top = tr->cur;
	if (tr->cur >= tr->top + (size_t)h)
		tr->top = tr->cur - (size_t)h + 1;
	for (y = 0; y < h; y++) {
		wmove(w, y, 0);
		if (tr->top + (size_t)y >= tr->nvis) {
			wclrtoeol(w);
			continue;
		}
		r = &tr->rows[tr->vis[tr->top + (size_t)y]];
		a = colors_attr(tr->top + (size_t)y == tr->cur ?
		    ROLE_SELECTED : ROLE_DEFAULT);
		draw_line_bg(w, y, a);
		cell(w, r->ext, fw, 0, a);
		cell(w, fmt_name(tr, r), tcol_width[TCOL_FORMAT], 0, a);
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
	if (tr->nvis == 0)
		mvwaddnstr(w, 0, 0, tr->nrows == 0 ? "no traces in this "
		    "database (canopy import FILE)" : "no trace matches the "
		    "filter", width);
}

static void
filter_live(struct tui *t, const char *text)
{
	struct traces_view	*tr = tui_view(t, VIEW_TRACES)->data;
	int64_t			 keep = cur_id(tr);

	free(tr->filter);
	tr->filter = text != NULL ? xstrdup(text) : NULL;
	resort(tr, keep);
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
	struct traces_view	*tr = tr_of(v);

	if (tr->sort == col)
		tr->desc = !tr->desc;
	else {
		tr->sort = col;
		tr->desc = col >= TCOL_NODES;	/* numbers: biggest first */
	}
	resort(tr, cur_id(tr));
	return TUI_HANDLED | TUI_REDRAW;
}

static int
tr_move(struct traces_view *tr, long d)
{
	long	c = (long)tr->cur + d;

	if (c >= (long)tr->nvis)
		c = (long)tr->nvis - 1;
	if (c < 0)
		c = 0;
	tr->cur = (size_t)c;
	return TUI_HANDLED | TUI_REDRAW;
}

static int	sort_by_name(struct view *, const char *);

static int
trv_action(struct view *v, enum action a, const char *arg)
{
	struct tui		*t = v->tui;
	struct traces_view	*tr = tr_of(v);
	char			*cause = NULL;
	long			 h;

	h = t->w_main != NULL ? getmaxy(t->w_main) : 10;

	switch (a) {
	case ACTION_MOVE_DOWN:
		return tr_move(tr, 1);
	case ACTION_MOVE_UP:
		return tr_move(tr, -1);
	case ACTION_PAGE_DOWN:
		return tr_move(tr, h);
	case ACTION_PAGE_UP:
		return tr_move(tr, -h);
	case ACTION_HOME:
	case ACTION_ROOT:
		return tr_move(tr, -(long)tr->nvis);
	case ACTION_END:
		return tr_move(tr, (long)tr->nvis);
	case ACTION_OPEN:
	case ACTION_FIRST_CHILD:
	case ACTION_EXPAND:
	case ACTION_TOGGLE_FOLD:
		if (tr->nvis == 0)
			return TUI_HANDLED;
		if (tui_open_tree(t, cur_id(tr), 0, &cause) != 0)
			tui_error(t, "open", cause);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_SORT_NEXT:
		if (arg != NULL)
			return sort_by_name(v, arg);
		return sort_by(v, (tr->sort + 1) % TCOL_COUNT);
	case ACTION_SORT_ORIGINAL:
		tr->sort = TCOL_TRACE;
		tr->desc = 0;
		resort(tr, cur_id(tr));
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_SEARCH_FORWARD:
	case ACTION_SEARCH_BACKWARD:
		/* The list is small enough to narrow: search filters it. */
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
		return tr_move(tr, 3 * wheel);
	if (tr->top + (size_t)y < tr->nvis) {
		tr->cur = tr->top + (size_t)y;
		return TUI_HANDLED | TUI_REDRAW;
	}
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
	return load(v, cause);
}

static void
trv_status(struct view *v, struct cn_buf *b)
{
	struct traces_view	*tr = tr_of(v);

	buf_printf(b, "%zu/%zu traces", tr->nvis > 0 ? tr->cur + 1 : 0,
	    tr->nvis);
	if (tr->nvis != tr->nrows)
		buf_printf(b, " (of %zu)", tr->nrows);
	if (!tr->paged || !tr->labelled)
		buf_adds(b, " | loading");
	buf_printf(b, " | sort %s%s", tcol_names[tr->sort],
	    tr->desc ? " desc" : "");
	if (tr->filter != NULL && *tr->filter != '\0')
		buf_printf(b, " | filter %s", tr->filter);
}

void
view_traces_select(struct view *v, int64_t id)
{
	struct traces_view	*tr = tr_of(v);
	size_t			 i;

	if (tr == NULL)
		return;
	for (i = 0; i < tr->nvis; i++)
		if (tr->rows[tr->vis[i]].id == id) {
			tr->cur = i;
			return;
		}
	/* Not read yet (the list is still loading): keep it in view. */
	tr->keep = id;
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
	.resize = NULL,
	.status = trv_status,
	.idle = trv_idle,
	.close = trv_close,
};

/*
 * view-tree.c - the tree view: an outline of one trace over the
 * window-only tree model (tree-model.c), with signal columns, fold
 * summaries, search and the detail pane of the cursor node (drawn in
 * view-tree-draw.c). Reads only what is on screen; never scans a subtree.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "tree-filter.h"
#include "view-tree.h"

static struct tree_view *
tv_of(struct view *v)
{
	return v->data;
}

/*
 * Each signal's range in the trace, which its bars are scaled to: the
 * first RANGE_FIRST nodes before the first screen, then RANGE_STEP at a
 * time while idle (about 5 ms on 1M nodes: a key waits at most that), and
 * the columns are built again when the last step is read.
 */
#define RANGE_FIRST	2000
#define RANGE_STEP	4000

static int
ranges_step(struct tui *t, struct tree_view *tv, int limit, char **cause)
{
	return store_compare_ranges_step(t->st, tv->trace.id, &tv->rng_after,
	    limit, tv->rng, tv->side_rng, tv->nside, &tv->rng_done, cause);
}

static int
ranges_read(struct tui *t, struct tree_view *tv, char **cause)
{
	size_t	i;

	free(tv->side_rng);
	tv->side_rng = xcalloc(tv->nside + 1, sizeof *tv->side_rng);
	for (i = 0; i < tv->nside; i++)
		tv->side_rng[i].name = tv->side[i];
	store_compare_ranges_init(tv->rng, tv->side_rng, tv->nside);
	tv->rng_after = 0;
	tv->rng_done = 0;
	return ranges_step(t, tv, RANGE_FIRST, cause);
}

static int
tv_open(struct view *v, char **cause)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv;
	struct cn_node		 root;
	int			 h, rc;

	tv = xcalloc(1, sizeof *tv);
	v->data = tv;
	tv->tui = t;
	tv->sort_idx = -1;
	cn_trace_clear(&tv->trace);
	rc = store_trace_get(t->st, t->open_trace, &tv->trace, cause);
	if (rc == 0 && cause != NULL)
		*cause = xasprintf("no trace #%lld", (long long)t->open_trace);
	if (rc <= 0)
		goto fail;
	cn_node_init(&root);
	if (store_node_get(t->st, tv->trace.root_id, &root, cause) <= 0)
		goto fail;
	tv->root_visits = root.sig[CN_SIG_VISITS];
	cn_node_clear(&root);
	if (store_trace_signal_names(t->st, tv->trace.id, &tv->side,
	    &tv->nside, cause) != 0)
		goto fail;
	if (ranges_read(t, tv, cause) != 0)
		goto fail;
	tree_cols_build(tv, &t->set);
	h = t->w_main != NULL ? getmaxy(t->w_main) : 10;
	if (tm_open(t->st, tv->trace.id, tv->trace.root_id, h, &tv->tm,
	    cause) != 0)
		goto fail;
	if (t->open_node != 0)
		rc = tm_goto(tv->tm, t->open_node, cause);
	else
		rc = tm_best_path(tv->tm, cause);
	if (rc != 0)
		goto fail;
	return 0;
fail:
	tui_view_close(v);
	return -1;
}

static void
tv_close(struct view *v)
{
	struct tree_view	*tv = tv_of(v);

	tm_free(tv->tm);
	cn_trace_clear(&tv->trace);
	store_names_free(tv->side, tv->nside);
	free(tv->side_rng);
	tree_filter_free(tv->filter);
	tree_cols_free(tv);
	tree_paras_free(tv);
	free(tv->query);
}

/* The sort for position idx of the cycle (original, signals, side). */
static void
sort_at(struct tree_view *tv, int idx, struct store_sort *s)
{
	s->sig = -1;
	s->name = NULL;
	s->asc = tv->sort_asc;
	if (idx >= 0 && idx < CN_SIG_COUNT)
		s->sig = idx;
	else if (idx >= CN_SIG_COUNT && (size_t)(idx - CN_SIG_COUNT) <
	    tv->nside)
		s->name = tv->side[idx - CN_SIG_COUNT];
}

static int
set_sort(struct view *v, int idx)
{
	struct tree_view	*tv = tv_of(v);
	struct store_sort	 s;
	char			*cause = NULL;

	tv->sort_idx = idx;
	sort_at(tv, idx, &s);
	if (tm_set_sort(tv->tm, &s, &cause) != 0)
		tui_error(v->tui, "sort", cause);
	return TUI_HANDLED | TUI_REDRAW;
}

/*
 * ":sort NAME" sorts best first, ":sort -NAME" smallest first; NAME is a
 * signal or what a column's header shows.
 */
static int
sort_by_name(struct view *v, const char *name)
{
	struct tree_view	*tv = tv_of(v);
	const char		*full;
	size_t			 i;
	int			 s;

	while (*name == ' ')
		name++;
	tv->sort_asc = *name == '-';
	if (*name == '-' || *name == '+')
		name++;
	if (strcmp(name, "original") == 0 || strcmp(name, "none") == 0 ||
	    *name == '\0')
		return set_sort(v, -1);
	if ((full = tree_cols_signal(tv, name)) != NULL)
		name = full;
	if ((s = cn_sig_lookup(name)) >= 0)
		return set_sort(v, s);
	for (i = 0; i < tv->nside; i++)
		if (strcmp(tv->side[i], name) == 0)
			return set_sort(v, CN_SIG_COUNT + (int)i);
	tui_message(v->tui, 1, "sort: no signal '%s' in this trace", name);
	return TUI_HANDLED | TUI_REDRAW;
}

/*
 * 0 when the trace's text is all in the search index; else the percent
 * of the database indexed so far (an import indexes after it commits the
 * tree, store-index.c), in 1..100 so that "0" stays "complete".
 */
static int
search_unindexed(struct tui *t, int64_t trace)
{
	struct store_index_state	 is;
	int				 k;

	if ((k = store_index_trace_done(t->st, trace, NULL)) != 0 ||
	    store_index_state(t->st, &is, NULL) != 0)
		return 0;
	k = store_index_percent(&is);
	return k < 1 ? 1 : k;
}

/* Search from the cursor; wraps around once. */
static int
search_go(struct view *v, int dir)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	const struct cn_node	*n = tm_cursor_node(tv->tm);
	char			*cause = NULL;
	int64_t			 id;
	int			 rc, pct, wrapped = 0;

	if (tv->query == NULL) {
		tui_message(t, 1, "no search yet (/ to search)");
		return TUI_HANDLED | TUI_REDRAW;
	}
	rc = store_search_step(t->st, tv->trace.id, tv->query,
	    n != NULL ? n->id : 0, dir, &id, &cause);
	if (rc == 0) {
		wrapped = 1;
		rc = store_search_step(t->st, tv->trace.id, tv->query,
		    dir > 0 ? 0 : INT64_MAX, dir, &id, &cause);
	}
	if (rc < 0) {
		tui_error(t, "search", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	pct = search_unindexed(t, tv->trace.id);
	if (rc == 0 && pct > 0) {
		tui_message(t, 1, "not found: %s; text index still being"
		    " built (%d%%)", tv->query, pct);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (rc == 0) {
		tui_message(t, 1, "not found: %s", tv->query);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (tm_goto(tv->tm, id, &cause) != 0)
		tui_error(t, "search", cause);
	else if (pct > 0 && wrapped)
		tui_message(t, 0, "search wrapped; text index still being"
		    " built (%d%%)", pct);
	else if (pct > 0)
		tui_message(t, 0, "text index still being built (%d%%):"
		    " results may be missing", pct);
	else if (wrapped)
		tui_message(t, 0, "search wrapped");
	return TUI_HANDLED | TUI_REDRAW;
}

static int
search_done(struct tui *t, const char *text, int dir)
{
	struct tree_view	*tv = tui_view(t, VIEW_TREE)->data;
	char			*cause = NULL;

	if (*text == '\0')
		return search_go(tui_view(t, VIEW_TREE), tv->qdir);
	free(tv->query);
	tv->query = xstrdup(text);
	tv->qdir = dir;
	tv->walk_filter = 0;
	labels_walk_stop(t);
	tv->detail_id = 0;
	if (store_search_count(t->st, tv->trace.id, text, &tv->nhits,
	    &cause) != 0) {
		tui_error(t, "search", cause);
		return TUI_HANDLED;
	}
	return search_go(tui_view(t, VIEW_TREE), dir);
}

/* n/N over the filter's matches found so far (in id order, as search). */
static int
filter_go(struct view *v, int dir)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	const struct cn_node	*n = tm_cursor_node(tv->tm);
	char			*cause = NULL;
	int64_t			 id;
	int			 wrapped;

	if (!tree_filter_next(tv->filter, n != NULL ? n->id : 0, dir, &id,
	    &wrapped)) {
		tui_message(t, 1, tv->filter->done ? "filter: no match: %s" :
		    "filter: no match yet: %s", tv->filter->text);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (tm_goto(tv->tm, id, &cause) != 0)
		tui_error(t, "filter", cause);
	else if (wrapped)
		tui_message(t, 0, "filter wrapped");
	return TUI_HANDLED | TUI_REDRAW;
}

/* A frame's worth of filtering: keys wait at most this long for it. */
#define FILTER_STEP_US	8000

int
tree_filter_command(struct tui *t, const char *arg)
{
	struct view		*v = tui_view(t, VIEW_TREE);
	struct tree_view	*tv = v->data;
	struct filter_expr	*e;
	char			*cause = NULL;

	if (*arg == '\0') {
		tree_filter_free(tv->filter);
		tv->filter = NULL;
		tv->walk_filter = 0;
		tui_message(t, 0, "filter cleared");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (filter_expr_parse(arg, tv->side, tv->nside, &e, &cause) != 0) {
		tui_message(t, 1, "filter: %s", cause);
		free(cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	tree_filter_free(tv->filter);
	tv->filter = tree_filter_new(e, arg, tv->trace.id);
	tv->walk_filter = 1;
	tv->filter_jump = 1;
	return TUI_HANDLED | TUI_REDRAW;
}

static int
tv_idle(struct view *v)
{
	struct tree_view	*tv = tv_of(v);
	char			*cause = NULL;

	if (!tv->rng_done) {
		if (ranges_step(v->tui, tv, RANGE_STEP, &cause) != 0) {
			tui_error(v->tui, "ranges", cause);
			tv->rng_done = 1;
		}
		if (!tv->rng_done)
			return TUI_HANDLED;	/* more to read, nothing new */
		tree_cols_build(tv, &v->tui->set);
		return TUI_REDRAW;
	}
	if (tv->filter == NULL || (tv->filter->done && !tv->filter_jump))
		return 0;
	if (!tv->filter->done && tree_filter_step(tv->filter, v->tui->st,
	    FILTER_STEP_US, &cause) != 0) {
		tui_error(v->tui, "filter", cause);
		tv->filter->done = 1;
	}
	/* The first match is shown as soon as one is found. */
	if (tv->filter_jump && (tv->filter->n > 0 || tv->filter->done)) {
		tv->filter_jump = 0;
		filter_go(v, 1);
	}
	return TUI_REDRAW;
}

static int
search_fwd_done(struct tui *t, const char *text)
{
	return search_done(t, text, 1);
}

static int
search_back_done(struct tui *t, const char *text)
{
	return search_done(t, text, -1);
}

/* A node named by "#id", an ext id in this trace, or an address. */
static int
goto_node(struct view *v, const char *arg)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	struct cn_node		 n;
	char			*addr, *cause = NULL, *end;
	int64_t			 id = 0;
	int			 rc;

	while (*arg == ' ')
		arg++;
	if (*arg == '#') {
		id = strtoll(arg + 1, &end, 10);
		rc = *end == '\0' && id > 0 ? 1 : 0;
	} else {
		addr = strchr(arg, '/') != NULL ? xstrdup(arg) :
		    xasprintf("%s/%s", tv->trace.ext_id, arg);
		rc = store_node_resolve(t->st, addr, &id, &cause);
		free(addr);
	}
	if (rc < 0) {
		tui_error(t, "goto", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	cn_node_init(&n);
	if (rc == 1 && (rc = store_node_get(t->st, id, &n, &cause)) < 0) {
		tui_error(t, "goto", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (rc == 0 || n.trace_id != tv->trace.id) {
		tui_message(t, 1, "goto: no node '%s' in this trace", arg);
		cn_node_clear(&n);
		return TUI_HANDLED | TUI_REDRAW;
	}
	cn_node_clear(&n);
	if (tm_goto(tv->tm, id, &cause) != 0)
		tui_error(t, "goto", cause);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
expand_depth(struct view *v, const char *arg)
{
	struct tree_view	*tv = tv_of(v);
	char			*end, *cause = NULL;
	long			 d;

	d = strtol(arg, &end, 10);
	if (*arg == '\0' || *end != '\0' || d < 1 || d > 100000) {
		tui_message(v->tui, 1, "depth: expected a number >= 1,"
		    " not '%s'", arg);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (tm_expand_depth(tv->tm, (int)d, &cause) != 0)
		tui_error(v->tui, "depth", cause);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
depth_done(struct tui *t, const char *text)
{
	return expand_depth(tui_view(t, VIEW_TREE), text);
}

/* ":cols q,prm:x": exactly those columns (headers name them too). */
static int
columns_done(struct tui *t, const char *text)
{
	struct tree_view	*tv = tui_view(t, VIEW_TREE)->data;
	struct cn_buf		 b;
	const char		*full;
	char			*line, *cause = NULL, *list, *item, *save;

	buf_init(&b);
	list = xstrdup(text);
	for (item = strtok_r(list, ", ", &save); item != NULL;
	    item = strtok_r(NULL, ", ", &save)) {
		full = tree_cols_signal(tv, item);
		buf_printf(&b, "%s%s", b.len > 0 ? "," : "",
		    full != NULL ? full : item);
	}
	free(list);
	line = xasprintf("set columns %s", b.s != NULL ? b.s : "");
	buf_free(&b);
	if (settings_parse_line(&t->set, line, ":columns", 1, &cause) != 0)
		tui_error(t, "columns", cause);
	else {
		tv->cols_chosen = 1;
		tree_cols_build(tv, &t->set);
		tv->hide_cols = 0;
	}
	free(line);
	return TUI_HANDLED | TUI_REDRAW;
}

/*
 * The moves and folds that are one tree model call: go, or step with dir.
 * Indexed by action so a key costs no search.
 */
static const struct tv_move {
	int	(*go)(struct tree_model *, char **);
	int	(*step)(struct tree_model *, int, char **);
	int	  dir;
} tv_moves[ACTION_COUNT] = {
	[ACTION_PAGE_DOWN] = { NULL, tm_page, 1 },
	[ACTION_PAGE_UP] = { NULL, tm_page, -1 },
	[ACTION_HOME] = { tm_home, NULL, 0 },
	[ACTION_ROOT] = { tm_home, NULL, 0 },
	[ACTION_END] = { tm_end, NULL, 0 },
	[ACTION_PARENT] = { tm_parent, NULL, 0 },
	[ACTION_FIRST_CHILD] = { tm_first_child, NULL, 0 },
	[ACTION_NEXT_SIBLING] = { NULL, tm_sibling, 1 },
	[ACTION_PREV_SIBLING] = { NULL, tm_sibling, -1 },
	[ACTION_NEXT_LEAF] = { NULL, tm_leaf, 1 },
	[ACTION_EXPAND] = { tm_expand, NULL, 0 },
	[ACTION_COLLAPSE] = { tm_collapse, NULL, 0 },
	[ACTION_TOGGLE_FOLD] = { tm_toggle, NULL, 0 },
	[ACTION_OPEN] = { tm_toggle, NULL, 0 },
	[ACTION_EXPAND_ALL] = { tm_expand_all_below, NULL, 0 },
	[ACTION_COLLAPSE_ALL] = { tm_collapse_all, NULL, 0 },
};

static int
tv_action(struct view *v, enum action a, const char *arg)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	struct tree_model	*tm = tv->tm;
	const struct tv_move	*mv;
	struct cn_buf		 b;
	char			*cause = NULL;
	size_t			 i;
	int			 rc = 0;

	switch (a) {
	case ACTION_MOVE_DOWN:
	case ACTION_MOVE_UP:
		rc = tm_move(tm, a == ACTION_MOVE_DOWN ? 1 : -1, &cause);
		break;
	case ACTION_EXPAND_TO_DEPTH:
		if (arg != NULL)
			return expand_depth(v, arg);
		tui_prompt(t, "expand to depth: ", NULL, depth_done, NULL);
		break;
	case ACTION_SORT_NEXT:
		if (arg != NULL)
			return sort_by_name(v, arg);
		tv->sort_asc = 0;
		return set_sort(v, tv->sort_idx + 1 >= CN_SIG_COUNT +
		    (int)tv->nside ? -1 : tv->sort_idx + 1);
	case ACTION_SORT_ORIGINAL:
		return set_sort(v, -1);
	case ACTION_COMPARE_SIBLINGS:
		if (tm_cursor_node(tm) != NULL && tui_open_siblings(t,
		    tm_cursor_node(tm)->id, arg, &cause) != 0)
			tui_error(t, "compare", cause);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_SORT_REVERSE:
		if (tv->sort_idx < 0) {
			tui_message(t, 1, "sort-reverse: not sorted by a"
			    " signal (s or :sort NAME)");
			break;
		}
		tv->sort_asc = !tv->sort_asc;
		return set_sort(v, tv->sort_idx);
	case ACTION_GOTO_NODE:
		/* From tui_goto(), which asks and resolves the address. */
		if (arg == NULL)
			return 0;
		return goto_node(v, arg);
	case ACTION_SEARCH_FORWARD:
		if (arg != NULL)
			return search_done(t, arg, 1);
		tui_prompt(t, "/", NULL, search_fwd_done, NULL);
		break;
	case ACTION_SEARCH_BACKWARD:
		tui_prompt(t, "?", NULL, search_back_done, NULL);
		break;
	case ACTION_SEARCH_NEXT:
		if (labels_walking(t))
			return labels_walk(t, 1);
		if (tv->walk_filter && tv->filter != NULL)
			return filter_go(v, 1);
		return search_go(v, tv->qdir != 0 ? tv->qdir : 1);
	case ACTION_SEARCH_PREV:
		if (labels_walking(t))
			return labels_walk(t, -1);
		if (tv->walk_filter && tv->filter != NULL)
			return filter_go(v, -1);
		return search_go(v, tv->qdir != 0 ? -tv->qdir : -1);
	case ACTION_TOGGLE_COLUMNS:
		tv->hide_cols = !tv->hide_cols;
		break;
	case ACTION_CHOOSE_COLUMNS:
		if (arg != NULL && *arg != '\0')
			return columns_done(t, arg);
		buf_init(&b);
		for (i = 0; i < t->set.ncolumns; i++)
			buf_printf(&b, "%s%s", i > 0 ? "," : "",
			    t->set.columns[i]);
		tui_prompt(t, "columns: ", b.s, columns_done, NULL);
		buf_free(&b);
		break;
	case ACTION_DETAIL_SCROLL_DOWN:
	case ACTION_DETAIL_SCROLL_UP:
	case ACTION_DETAIL_LINE_DOWN:
	case ACTION_DETAIL_LINE_UP:
		tree_detail_scroll(tv, t, a);
		break;
	default:
		mv = &tv_moves[a];
		if (mv->go != NULL)
			rc = mv->go(tm, &cause);
		else if (mv->step != NULL)
			rc = mv->step(tm, mv->dir, &cause);
		else
			return labels_action(v, a, arg);
		break;
	}
	if (rc != 0)
		tui_error(t, action_names[a], cause);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
tv_mouse(struct view *v, int y, int wheel)
{
	struct tree_view	*tv = tv_of(v);
	char			*cause = NULL;
	int			 rc;

	if (wheel != 0)
		rc = tm_move(tv->tm, 3 * wheel, &cause);
	else if (y >= 0 && y < tm_nrows(tv->tm))
		rc = tm_move(tv->tm, y - tm_cursor(tv->tm), &cause);
	else
		return 0;
	if (rc != 0)
		tui_error(v->tui, "mouse", cause);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
tv_reload(struct view *v, char **cause)
{
	struct tree_view	*tv = tv_of(v);

	tv->detail_id = 0;
	tv->sib_of = 0;
	if (ranges_read(v->tui, tv, cause) != 0)
		return -1;
	tree_cols_build(tv, &v->tui->set);
	return tm_reload(tv->tm, cause);
}

static void
tv_status(struct view *v, struct cn_buf *b)
{
	struct tree_view	*tv = tv_of(v);
	const struct cn_node	*n = tm_cursor_node(tv->tm);
	struct store_sort	 s;
	struct cn_node		 p;
	char			*addr;

	/* The node's address, whole: it is what colleagues paste. */
	addr = store_address_make(tv->trace.ext_id, n == NULL ? NULL :
	    n->ext_id != NULL ? n->ext_id : "?");
	buf_adds(b, addr);
	free(addr);
	if (n != NULL) {
		buf_printf(b, " #%lld d%d", (long long)n->id, n->depth);
		/* "child 2/8": one indexed read when the cursor moved. */
		if (n->parent_id != 0 && tv->sib_of != n->parent_id) {
			cn_node_init(&p);
			tv->nsib = store_node_get(v->tui->st, n->parent_id, &p,
			    NULL) == 1 ? p.child_count : 0;
			tv->sib_of = n->parent_id;
			cn_node_clear(&p);
		}
		if (n->parent_id != 0 && tv->nsib > 0)
			buf_printf(b, " %d/%lld", n->ordinal + 1,
			    (long long)tv->nsib);
	}
	sort_at(tv, tv->sort_idx, &s);
	buf_printf(b, " | sort %s%s", s.asc ? "-" : "", s.sig >= 0 ?
	    cn_sig_names[s.sig] : s.name != NULL ? s.name : "original");
	if (tv->query != NULL)
		buf_printf(b, " | /%s (%lld%s)", tv->query,
		    (long long)(tv->nhits > 1000 ? 1000 : tv->nhits),
		    tv->nhits > 1000 ? "+" : "");
	labels_status(v->tui, b);
	if (tv->filter != NULL) {
		/* The count first: a long expression is cut, not it. */
		buf_printf(b, " | %lld match%s", (long long)tv->filter->n,
		    tv->filter->n == 1 ? "" : "es");
		if (!tv->filter->done && tv->trace.node_count > 0)
			buf_printf(b, " (%lld%% read)", (long long)(100 *
			    tv->filter->scanned / tv->trace.node_count));
		buf_printf(b, ": %s", tv->filter->text);
	}
}

const struct view_ops view_tree_ops = {
	.name = "tree",
	.keymap = KEYMAP_TREE,
	.detail = 1,
	.open = tv_open,
	.draw = tree_draw,
	.action = tv_action,
	.key = NULL,
	.mouse = tv_mouse,
	.reload = tv_reload,
	.resize = tree_resize,
	.status = tv_status,
	.idle = tv_idle,
	.close = tv_close,
};

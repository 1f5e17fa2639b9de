/*
 * tree-model.c - the window-only tree model: the rows on screen, walked
 * with indexed store queries, and the moves and pages over them (the fold
 * state is tree-fold.c's). Never loads a subtree, never scans one; no
 * curses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tree-model-int.h"

/* Makes a row from an owned node (moved into the row). */
static void
row_make(const struct tree_model *tm, struct tm_row *r, struct cn_node *n,
    int anc_all)
{
	r->node = *n;
	cn_node_init(n);
	r->anc_all = anc_all;
	r->expanded = tm_is_expanded(tm, &r->node, anc_all);
}

static void
row_clear(struct tm_row *r)
{
	cn_node_clear(&r->node);
	r->anc_all = r->expanded = 0;
}

/* The anc_all flag of a node reached without walking down to it. */
static int
anc_all_of(struct tree_model *tm, int64_t id, int *anc, char **cause)
{
	struct store_anc	*a;
	size_t			 i, k, na;
	int			 rc;

	*anc = 0;
	if (tm->all.n == 0)
		return 0;
	if (store_ancestor_runs(tm->st, id, &a, &na, cause) != 0)
		return -1;
	for (i = 0; i < na && !*anc; i++) {
		if (a[i].to == a[i].depth) {
			*anc = idset_has(&tm->all, a[i].id);
			continue;
		}
		for (k = 0; k < tm->all.cap && !*anc; k++) {
			if (tm->all.v[k] == 0)
				continue;
			if ((rc = tm_run_has(tm, &a[i], tm->all.v[k],
			    cause)) < 0) {
				free(a);
				return -1;
			}
			*anc = rc;
		}
	}
	free(a);
	return 0;
}

/*
 * The anc_all flag of parent from its child's (1, 0, or -1: unknown): a
 * child has an ancestor under "expand all" when its parent is one or has
 * one, so only a parent in the set leaves its own flag open.
 */
static int
anc_up(const struct tree_model *tm, int child_anc, int64_t parent)
{
	if (child_anc == 0 || tm->all.n == 0)
		return 0;
	if (child_anc > 0 && !idset_has(&tm->all, parent))
		return 1;
	return -1;
}

int
tm_fetch(struct tree_model *tm, int64_t id, struct cn_node *n, char **cause)
{
	int	rc;

	cn_node_init(n);
	rc = store_node_get(tm->st, id, n, cause);
	if (rc == 0) {
		if (cause != NULL)
			*cause = xasprintf("node %lld is gone", (long long)id);
		return -1;
	}
	return rc < 0 ? -1 : 0;
}

/* The top of the only-child run holding id (id itself if it has siblings). */
static int
climb_run(struct tree_model *tm, int64_t id, int64_t *top, char **cause)
{
	struct climb_memo	*m;
	int64_t			 start, ctop, end;
	int			 i, steps, rc, d, dt, de;

	for (i = 0; i < TM_CLIMB_MEMO; i++)
		if (tm->climb[i].from == id) {
			*top = tm->climb[i].top;
			return 0;
		}
	/* Across a recorded chain first, if only children all the way. */
	start = id;
	if ((rc = store_chain_of(tm->st, id, &ctop, &d, &dt, cause)) < 0)
		return -1;
	if (rc == 1 && d - dt > TM_RUN_MIN) {
		if (store_chain_down(tm->st, ctop, &end, &de, cause) < 0)
			return -1;
		if (de >= d)
			start = ctop;
	}
	if (store_chain_top(tm->st, start, top, &steps, cause) != 0)
		return -1;
	m = &tm->climb[tm->climb_next++ % TM_CLIMB_MEMO];
	m->from = id;
	m->top = *top;
	return 0;
}

/* The visible row after r: 1 and *out, 0 at the end, -1 on error. */
static int
next_row(struct tree_model *tm, const struct tm_row *r, struct tm_row *out,
    char **cause)
{
	struct cn_node	 n, up;
	const struct cn_node *at = &r->node;
	int64_t		 pid, top, root_size = -1;
	int		 rc, anc = r->anc_all, levels = 0;

	cn_node_init(&n);
	cn_node_init(&up);
	if (r->expanded) {
		if (at->id == tm->bp_tip && tm_best_grow(tm, cause) != 0)
			return -1;
		rc = tm_child_edge(tm, at, 0, &n, cause);
		if (rc < 0)
			return -1;
		if (rc == 1) {
			row_make(tm, out, &n,
			    r->anc_all || idset_has(&tm->all, at->id));
			return 1;
		}
	}
	for (;;) {
		if (at->parent_id == 0) {
			rc = 0;
			break;
		}
		rc = tm_sibling_step(tm, at, 1, &n, cause);
		if (rc < 0)
			break;
		if (rc == 1) {
			if (anc < 0 &&
			    anc_all_of(tm, at->id, &anc, cause) != 0) {
				cn_node_clear(&n);
				rc = -1;
				break;
			}
			row_make(tm, out, &n, anc);
			break;
		}
		pid = at->parent_id;
		anc = anc_up(tm, anc, pid);
		/* Deep: skip the levels that have no sibling to step to. */
		if (++levels > TM_CLIMB_DIRECT) {
			if (root_size < 0 && tm_fetch(tm, tm->root, &n,
			    cause) != 0) {
				rc = -1;
				break;
			}
			if (root_size < 0) {
				root_size = n.subtree_size;
				cn_node_clear(&n);
			}
			/*
			 * Each level adds at least one node to the size of
			 * the subtree above it, exactly one when the level
			 * has no other child: at is then on the only path
			 * from the root, and nothing follows it.
			 */
			if (at->depth + at->subtree_size == root_size) {
				rc = 0;
				break;
			}
			if (climb_run(tm, pid, &top, cause) != 0) {
				rc = -1;
				break;
			}
			if (top != pid)
				anc = anc == 0 ? 0 : -1;
			pid = top;
		}
		if (tm_fetch(tm, pid, &n, cause) != 0) {
			rc = -1;
			break;
		}
		cn_node_clear(&up);
		up = n;
		cn_node_init(&n);
		at = &up;
	}
	cn_node_clear(&up);
	return rc;
}

/* The visible row before r: 1 and *out, 0 at the root, -1 on error. */
static int
prev_row(struct tree_model *tm, const struct tm_row *r, struct tm_row *out,
    char **cause)
{
	struct cn_node	 n;
	struct tm_row	 row;
	int		 rc, anc;

	cn_node_init(&n);
	if (r->node.parent_id == 0)
		return 0;
	rc = tm_sibling_step(tm, &r->node, -1, &n, cause);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		if (tm_fetch(tm, r->node.parent_id, &n, cause) != 0)
			return -1;
		anc = anc_up(tm, r->anc_all, n.id);
		if (anc < 0 && anc_all_of(tm, n.id, &anc, cause) != 0) {
			cn_node_clear(&n);
			return -1;
		}
		row_make(tm, out, &n, anc);
		return 1;
	}
	row_make(tm, &row, &n, r->anc_all);
	while (row.expanded) {
		if (row.node.id == tm->bp_tip && tm_best_grow(tm, cause) != 0) {
			row_clear(&row);
			return -1;
		}
		/* Down a long chain in a few reads, as G does. */
		anc = row.anc_all;
		rc = row.node.child_count == 1 ?
		    tm_run_down(tm, &row.node, &anc, cause) : 0;
		if (rc < 0) {
			row_clear(&row);
			return -1;
		}
		if (rc > 0) {
			n = row.node;
			cn_node_init(&row.node);
			row_make(tm, &row, &n, anc);
			if (rc == 2)
				break;
			continue;
		}
		rc = tm_child_edge(tm, &row.node, 1, &n, cause);
		if (rc < 0) {
			row_clear(&row);
			return -1;
		}
		if (rc == 0)
			break;
		anc = row.anc_all || idset_has(&tm->all, row.node.id);
		row_clear(&row);
		row_make(tm, &row, &n, anc);
	}
	*out = row;
	return 1;
}

static void
window_clear(struct tree_model *tm)
{
	int	i;

	for (i = 0; i < tm->nrows; i++)
		row_clear(&tm->rows[i]);
	tm->nrows = 0;
	tm->cur = 0;
}

/* Drops the rows after index k (k < 0: all). */
static void
window_truncate(struct tree_model *tm, int k)
{
	while (tm->nrows > k + 1 && tm->nrows > 0)
		row_clear(&tm->rows[--tm->nrows]);
}

static void
window_append(struct tree_model *tm, struct tm_row *r)
{
	if (tm->nrows == tm->height) {
		row_clear(&tm->rows[0]);
		memmove(tm->rows, tm->rows + 1,
		    (size_t)(tm->nrows - 1) * sizeof *tm->rows);
		tm->nrows--;
		if (tm->cur > 0)
			tm->cur--;
	}
	tm->rows[tm->nrows++] = *r;
}

static void
window_prepend(struct tree_model *tm, struct tm_row *r)
{
	if (tm->nrows == tm->height)
		row_clear(&tm->rows[--tm->nrows]);
	memmove(tm->rows + 1, tm->rows, (size_t)tm->nrows * sizeof *tm->rows);
	tm->rows[0] = *r;
	tm->nrows++;
	if (tm->cur < tm->nrows - 1)
		tm->cur++;
}

int
tm_scroll(struct tree_model *tm, int dir, char **cause)
{
	struct tm_row	r;
	int		rc;

	if (tm->nrows == 0)
		return 0;
	if (dir > 0)
		rc = next_row(tm, &tm->rows[tm->nrows - 1], &r, cause);
	else
		rc = prev_row(tm, &tm->rows[0], &r, cause);
	if (rc <= 0)
		return rc;
	if (dir > 0)
		window_append(tm, &r);
	else
		window_prepend(tm, &r);
	return 1;
}

/* Scrolls up to n rows (dir as tm_scroll), fewer at an end: 0 or -1. */
static int
scroll_rows(struct tree_model *tm, int dir, int n, char **cause)
{
	int	rc;

	for (; n > 0; n--)
		if ((rc = tm_scroll(tm, dir, cause)) <= 0)
			return rc;
	return 0;
}

/* Fills the window below row k (dropping what was there) to the height. */
int
tm_fill_from(struct tree_model *tm, int k, char **cause)
{
	window_truncate(tm, k);
	if (scroll_rows(tm, 1, tm->height - tm->nrows, cause) != 0)
		return -1;
	/* At the end of the tree, pull rows from above to fill the screen. */
	if (scroll_rows(tm, -1, tm->height - tm->nrows, cause) != 0)
		return -1;
	return 0;
}

void
tm_key_node(struct cn_node *n, const struct store_anc *a)
{
	cn_node_init(n);
	n->id = a->id;
	n->depth = a->depth;
	n->child_count = a->child_count;
}

/*
 * Rebuilds the window around node id, known to be visible with anc_all
 * anc, which lands on screen row offset when there are enough rows above.
 */
int
tm_anchor_at(struct tree_model *tm, int64_t id, int anc, int offset,
    char **cause)
{
	struct cn_node	 n;
	struct tm_row	 r;

	if (tm_fetch(tm, id, &n, cause) != 0)
		return -1;
	window_clear(tm);
	row_make(tm, &r, &n, anc);
	tm->rows[tm->nrows++] = r;
	if (offset > tm->height - 1)
		offset = tm->height - 1;
	if (scroll_rows(tm, -1, offset - tm->cur, cause) != 0)
		return -1;
	return tm_fill_from(tm, tm->nrows - 1, cause);
}

/*
 * Rebuilds the window around node id (or, if it is folded away, its
 * nearest visible ancestor), which lands on screen row offset when there
 * are enough rows above it. The ancestors are read as keys only.
 */
int
tm_anchor(struct tree_model *tm, int64_t id, int offset, char **cause)
{
	struct store_anc	*a;
	struct cn_node		 kn;
	size_t			 i, na;
	int64_t			 vis = id;
	int			 anc = 0, stop, rc;

	if (store_ancestor_runs(tm->st, id, &a, &na, cause) != 0)
		return -1;
	if (tm_best_cover(tm, a, na, cause) != 0) {
		free(a);
		return -1;
	}
	for (i = 0; i < na; i++) {
		if (a[i].to > a[i].depth) {
			if (tm_run_stop(tm, &a[i], &anc, &stop, cause) != 0) {
				free(a);
				return -1;
			}
			if (stop > a[i].to)
				continue;
			/* Folded inside a chain: that node is the row. */
			rc = store_chain_at(tm->st, a[i].id, stop, &vis,
			    cause);
			if (rc == 0 && cause != NULL)
				*cause = xasprintf("node %lld: chain broken at"
				    " depth %d", (long long)a[i].id, stop);
			if (rc != 1) {
				free(a);
				return -1;
			}
			break;
		}
		tm_key_node(&kn, &a[i]);
		if (!tm_is_expanded(tm, &kn, anc)) {
			/* Folded away: its ancestor a[i] is the visible row. */
			vis = a[i].id;
			break;
		}
		anc = anc || idset_has(&tm->all, a[i].id);
	}
	free(a);
	return tm_anchor_at(tm, vis, anc, offset, cause);
}

/* Re-anchors on the cursor row, visible with the fold state unchanged. */
static int
reanchor_row(struct tree_model *tm, char **cause)
{
	if (tm->nrows == 0)
		return tm_anchor(tm, tm->root, 0, cause);
	return tm_anchor_at(tm, tm->rows[tm->cur].node.id,
	    tm->rows[tm->cur].anc_all, tm->cur, cause);
}

int
tm_open(struct store *st, int64_t trace, int64_t root, int height,
    struct tree_model **out, char **cause)
{
	struct tree_model	*tm;

	tm = xcalloc(1, sizeof *tm);
	tm->st = st;
	tm->trace = trace;
	tm->root = root;
	tm->height = height < 1 ? 1 : height;
	tm->rows = xcalloc((size_t)tm->height, sizeof *tm->rows);
	tm->sort.sig = -1;
	tm->expand_depth = 1;
	if (tm_anchor(tm, root, 0, cause) != 0) {
		tm_free(tm);
		return -1;
	}
	*out = tm;
	return 0;
}

void
tm_free(struct tree_model *tm)
{
	if (tm == NULL)
		return;
	window_clear(tm);
	tm_sorted_clear(tm);
	free(tm->rows);
	free(tm->sort_name);
	idset_clear(&tm->open);
	idset_clear(&tm->closed);
	idset_clear(&tm->all);
	tm_spans_clear(tm);
	free(tm);
}

int
tm_nrows(const struct tree_model *tm)
{
	return tm->nrows;
}

const struct tm_row *
tm_row(const struct tree_model *tm, int i)
{
	if (i < 0 || i >= tm->nrows)
		return NULL;
	return &tm->rows[i];
}

int
tm_cursor(const struct tree_model *tm)
{
	return tm->cur;
}

const struct cn_node *
tm_cursor_node(const struct tree_model *tm)
{
	return tm->nrows == 0 ? NULL : &tm->rows[tm->cur].node;
}

int
tm_height(const struct tree_model *tm)
{
	return tm->height;
}

/* Re-anchors on the cursor node at its current screen row. */
int
tm_reanchor(struct tree_model *tm, char **cause)
{
	int64_t	id = tm->nrows > 0 ? tm->rows[tm->cur].node.id : tm->root;

	return tm_anchor(tm, id, tm->cur, cause);
}

int
tm_set_height(struct tree_model *tm, int height, char **cause)
{
	struct tm_row	*old = tm->rows;
	int		 n = tm->nrows, cur = tm->cur, i;
	int64_t		 id;
	int		 anc, rc;

	if (height < 1)
		height = 1;
	if (n == 0) {
		window_clear(tm);
		free(tm->rows);
		tm->height = height;
		tm->rows = xcalloc((size_t)height, sizeof *tm->rows);
		return tm_anchor(tm, tm->root, 0, cause);
	}
	/* The cursor row is visible: no need to read its ancestors. */
	id = old[cur].node.id;
	anc = old[cur].anc_all;
	for (i = 0; i < n; i++)
		row_clear(&old[i]);
	free(old);
	tm->nrows = 0;
	tm->cur = 0;
	tm->height = height;
	tm->rows = xcalloc((size_t)height, sizeof *tm->rows);
	rc = tm_anchor_at(tm, id, anc, cur, cause);
	return rc;
}

int
tm_set_sort(struct tree_model *tm, const struct store_sort *s,
    char **cause)
{
	tm_sorted_clear(tm);
	free(tm->sort_name);
	tm->sort_name = xstrdup_or_null(s->name);
	tm->sort.sig = s->sig;
	tm->sort.name = tm->sort_name;
	tm->sort.asc = s->asc;
	return reanchor_row(tm, cause);
}

int
tm_reload(struct tree_model *tm, char **cause)
{
	struct cn_node	n;
	int64_t		id;
	int		rc, off = tm->cur;

	tm_sorted_clear(tm);
	/* New nodes may have joined an only-child run. */
	memset(tm->climb, 0, sizeof tm->climb);
	id = tm->nrows > 0 ? tm->rows[tm->cur].node.id : tm->root;
	cn_node_init(&n);
	rc = store_node_get(tm->st, id, &n, cause);
	cn_node_clear(&n);
	if (rc < 0)
		return -1;
	if (rc == 0) {
		id = tm->root;
		off = 0;
	} else if (tm->nrows > 0)
		return reanchor_row(tm, cause);
	return tm_anchor(tm, id, off, cause);
}

size_t
tm_memory(const struct tree_model *tm)
{
	size_t	sz, i, j;
	const struct cn_node *n;

	sz = sizeof *tm + (size_t)tm->height * sizeof *tm->rows;
	sz += (tm->open.cap + tm->closed.cap + tm->all.cap) * sizeof(int64_t);
	sz += tm->nspans * sizeof *tm->spans;
	for (i = 0; i < TM_SORTED_SLOTS; i++)
		sz += tm->sorted[i].n * sizeof(int64_t);
	for (i = 0; i < (size_t)tm->nrows; i++) {
		n = &tm->rows[i].node;
		if (n->text != NULL)
			sz += strlen(n->text) + 1;
		if (n->observation != NULL)
			sz += strlen(n->observation) + 1;
		if (n->extra != NULL)
			sz += strlen(n->extra) + 1;
		for (j = 0; j < n->nmore; j++)
			sz += sizeof n->more[j] + strlen(n->more[j].name) + 1;
	}
	return sz;
}


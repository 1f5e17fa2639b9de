/*
 * tree-moves.c - the tree model's moves: the cursor by lines and pages
 * (scrolling the window that tree-model.c keeps), and the jumps: home, the
 * end, goto a node, and the tree moves (parent, first child, sibling,
 * leaf), each re-anchoring the window. No curses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tree-model-int.h"

int
tm_move(struct tree_model *tm, long delta, char **cause)
{
	int	rc;

	for (; delta > 0; delta--) {
		if (tm->cur + 1 < tm->nrows) {
			tm->cur++;
			continue;
		}
		if ((rc = tm_scroll(tm, 1, cause)) <= 0)
			return rc;
		tm->cur = tm->nrows - 1;
	}
	for (; delta < 0; delta++) {
		if (tm->cur > 0) {
			tm->cur--;
			continue;
		}
		if ((rc = tm_scroll(tm, -1, cause)) <= 0)
			return rc;
		tm->cur = 0;
	}
	return 0;
}

int
tm_page(struct tree_model *tm, int dir, char **cause)
{
	int	i, rc, off = tm->cur;

	for (i = 0; i < tm->height; i++) {
		if ((rc = tm_scroll(tm, dir, cause)) < 0)
			return -1;
		if (rc == 0)
			break;
		tm->cur = off;
	}
	if (i < tm->height) {
		/* Hit an end: the cursor goes the rest of the way. */
		tm->cur += dir > 0 ? tm->height - i : -(tm->height - i);
		if (tm->cur < 0)
			tm->cur = 0;
	}
	if (tm->cur >= tm->nrows)
		tm->cur = tm->nrows > 0 ? tm->nrows - 1 : 0;
	return 0;
}

int
tm_home(struct tree_model *tm, char **cause)
{
	return tm_anchor(tm, tm->root, 0, cause);
}

int
tm_end(struct tree_model *tm, char **cause)
{
	struct cn_node	 n, c;
	int		 rc, anc = 0;

	if (tm_fetch(tm, tm->root, &n, cause) != 0)
		return -1;
	while (tm_is_expanded(tm, &n, anc)) {
		if (n.id == tm->bp_tip && tm_best_grow(tm, cause) != 0) {
			cn_node_clear(&n);
			return -1;
		}
		/* A 100,000-step chain is crossed in a few reads. */
		rc = n.child_count == 1 ? tm_run_down(tm, &n, &anc, cause) : 0;
		if (rc < 0) {
			cn_node_clear(&n);
			return -1;
		}
		if (rc == 2)
			break;
		if (rc == 1)
			continue;
		rc = tm_child_edge(tm, &n, 1, &c, cause);
		if (rc < 0) {
			cn_node_clear(&n);
			return -1;
		}
		if (rc == 0)
			break;
		anc = anc || idset_has(&tm->all, n.id);
		cn_node_clear(&n);
		n = c;
	}
	rc = tm_anchor(tm, n.id, tm->height - 1, cause);
	cn_node_clear(&n);
	return rc;
}

static int
window_find(const struct tree_model *tm, int64_t id)
{
	int	i;

	for (i = 0; i < tm->nrows; i++)
		if (tm->rows[i].node.id == id)
			return i;
	return -1;
}

int
tm_goto(struct tree_model *tm, int64_t id, char **cause)
{
	int	i, anc;

	if ((i = window_find(tm, id)) >= 0) {
		tm->cur = i;
		return 0;
	}
	if (tm_unfold_to(tm, id, &anc, cause) != 0)
		return -1;
	/* Every ancestor is open now: id is visible. */
	return tm_anchor_at(tm, id, anc, tm->height / 2, cause);
}

int
tm_parent(struct tree_model *tm, char **cause)
{
	const struct cn_node	*n = tm_cursor_node(tm);

	if (n == NULL || n->parent_id == 0)
		return 0;
	return tm_goto(tm, n->parent_id, cause);
}

int
tm_first_child(struct tree_model *tm, char **cause)
{
	const struct cn_node	*n = tm_cursor_node(tm);

	if (n == NULL || n->child_count == 0)
		return 0;
	if (!tm->rows[tm->cur].expanded && tm_expand(tm, cause) != 0)
		return -1;
	return tm_move(tm, 1, cause);
}

int
tm_sibling(struct tree_model *tm, int dir, char **cause)
{
	const struct cn_node	*n = tm_cursor_node(tm);
	struct cn_node		 s;
	int			 rc;

	if (n == NULL || n->parent_id == 0)
		return 0;
	rc = tm_sibling_step(tm, n, dir, &s, cause);
	if (rc <= 0)
		return rc;
	rc = tm_goto(tm, s.id, cause);
	cn_node_clear(&s);
	return rc;
}

int
tm_leaf(struct tree_model *tm, int dir, char **cause)
{
	const struct cn_node	*cn = tm_cursor_node(tm);
	struct cn_node		 n, s;
	int64_t			 pid;
	int			 rc = 0;

	if (cn == NULL)
		return 0;
	cn_node_copy(&n, cn);
	cn_node_init(&s);
	if (dir < 0 || n.child_count == 0) {
		/* Climb to the nearest sibling in that direction. */
		for (;;) {
			if (n.parent_id == 0)
				goto out;
			rc = tm_sibling_step(tm, &n, dir, &s, cause);
			if (rc < 0)
				goto out;
			if (rc == 1)
				break;
			pid = n.parent_id;
			cn_node_clear(&n);
			if ((rc = tm_fetch(tm, pid, &n, cause)) != 0)
				goto out;
		}
		cn_node_clear(&n);
		n = s;
		cn_node_init(&s);
	}
	/* Then down to the first (or last) leaf below it. */
	while (n.child_count > 0) {
		rc = tm_child_edge(tm, &n, dir < 0, &s, cause);
		if (rc <= 0)
			goto out;
		cn_node_clear(&n);
		n = s;
		cn_node_init(&s);
	}
	rc = tm_goto(tm, n.id, cause);
out:
	cn_node_clear(&n);
	cn_node_clear(&s);
	return rc < 0 ? -1 : 0;
}

/*
 * tree-fold.c - the tree model's fold state: which nodes are expanded
 * (the user's open and closed sets, "expand all below", the depth) and the
 * verbs that change it, each refilling the window (tree-model.c). No
 * curses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tree-model-int.h"

static size_t
idset_slot(const struct idset *s, int64_t id)
{
	uint64_t	h = (uint64_t)id * 0x9e3779b97f4a7c15ULL;

	return (size_t)(h >> 17) & (s->cap - 1);
}

int
idset_has(const struct idset *s, int64_t id)
{
	size_t	i;

	if (s->n == 0)
		return 0;
	for (i = idset_slot(s, id); s->v[i] != 0; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == id)
			return 1;
	return 0;
}

void
idset_add(struct idset *s, int64_t id)
{
	struct idset	 old;
	size_t		 i;

	if (idset_has(s, id))
		return;
	if ((s->n + 1) * 2 > s->cap) {
		old = *s;
		s->cap = old.cap == 0 ? 16 : old.cap * 2;
		s->v = xcalloc(s->cap, sizeof *s->v);
		s->n = 0;
		for (i = 0; i < old.cap; i++)
			if (old.v[i] != 0)
				idset_add(s, old.v[i]);
		free(old.v);
	}
	for (i = idset_slot(s, id); s->v[i] != 0; i = (i + 1) & (s->cap - 1))
		;
	s->v[i] = id;
	s->n++;
}

/* Removal by rebuilding the probe chain after the hole. */
void
idset_del(struct idset *s, int64_t id)
{
	size_t	i, j;
	int64_t	v;

	if (s->n == 0)
		return;
	for (i = idset_slot(s, id); s->v[i] != id; i = (i + 1) & (s->cap - 1))
		if (s->v[i] == 0)
			return;
	s->v[i] = 0;
	s->n--;
	for (j = (i + 1) & (s->cap - 1); s->v[j] != 0;
	    j = (j + 1) & (s->cap - 1)) {
		v = s->v[j];
		s->v[j] = 0;
		s->n--;
		idset_add(s, v);
	}
}

void
idset_clear(struct idset *s)
{
	free(s->v);
	memset(s, 0, sizeof *s);
}

int
tm_is_expanded(const struct tree_model *tm, const struct cn_node *n,
    int anc_all)
{
	if (n->child_count <= 0)
		return 0;
	if (idset_has(&tm->closed, n->id))
		return 0;
	if (idset_has(&tm->open, n->id) || n->id == tm->bp_tip)
		return 1;
	if (n->depth < tm->expand_depth)
		return 1;
	if (anc_all || idset_has(&tm->all, n->id))
		return 1;
	return tm_span_has(tm, n);
}

/* Makes every ancestor of id expanded (without touching id itself). */
int
tm_unfold_to(struct tree_model *tm, int64_t id, int *ancp, char **cause)
{
	struct store_anc	*a;
	struct cn_node		 kn;
	size_t			 i, na;
	int			 anc = 0, stop;

	if (store_ancestor_runs(tm->st, id, &a, &na, cause) != 0)
		return -1;
	if (tm_best_cover(tm, a, na, cause) != 0)
		goto fail;
	for (i = 0; i < na; i++) {
		if (a[i].to > a[i].depth) {
			/* A stretch of a chain: opened as one span. */
			if (tm_span_open(tm, a[i].id, a[i].depth, a[i].to,
			    cause) != 0 ||
			    tm_run_stop(tm, &a[i], &anc, &stop, cause) != 0)
				goto fail;
			continue;
		}
		idset_del(&tm->closed, a[i].id);
		tm_key_node(&kn, &a[i]);
		if (!tm_is_expanded(tm, &kn, anc))
			idset_add(&tm->open, a[i].id);
		anc = anc || idset_has(&tm->all, a[i].id);
	}
	free(a);
	if (ancp != NULL)
		*ancp = anc;
	return 0;
fail:
	free(a);
	return -1;
}

/* The row under the cursor, or NULL when the window is empty. */
static struct tm_row *
cursor_row(struct tree_model *tm)
{
	return tm->nrows == 0 ? NULL : &tm->rows[tm->cur];
}

int
tm_expand(struct tree_model *tm, char **cause)
{
	struct tm_row	*r;

	if ((r = cursor_row(tm)) == NULL)
		return 0;
	if (r->node.child_count == 0 || r->expanded)
		return 0;
	idset_del(&tm->closed, r->node.id);
	idset_add(&tm->open, r->node.id);
	r->expanded = 1;
	return tm_fill_from(tm, tm->cur, cause);
}

int
tm_collapse(struct tree_model *tm, char **cause)
{
	struct tm_row	*r;

	if ((r = cursor_row(tm)) == NULL)
		return 0;
	/*
	 * On a leaf or a folded node, h moves to the parent and leaves it
	 * open (ncdu, ranger): folding it would hide the sibling the user
	 * was comparing. A second h folds it.
	 */
	if (!r->expanded) {
		if (r->node.parent_id == 0)
			return 0;
		return tm_goto(tm, r->node.parent_id, cause);
	}
	idset_del(&tm->open, r->node.id);
	if (tm_is_expanded(tm, &r->node, r->anc_all))
		idset_add(&tm->closed, r->node.id);
	r->expanded = 0;
	return tm_fill_from(tm, tm->cur, cause);
}

int
tm_toggle(struct tree_model *tm, char **cause)
{
	struct tm_row	*r;

	if ((r = cursor_row(tm)) == NULL || r->node.child_count == 0)
		return 0;
	if (r->expanded)
		return tm_collapse(tm, cause);
	return tm_expand(tm, cause);
}

int
tm_expand_all_below(struct tree_model *tm, char **cause)
{
	struct store_anc *a;
	struct tm_row	*r;
	int64_t		 id, *ids;
	size_t		 i, j, n, na;

	if ((r = cursor_row(tm)) == NULL)
		return 0;
	id = r->node.id;
	/* Nodes the user collapsed below this one open again. */
	n = tm->closed.n;
	ids = xcalloc(n + 1, sizeof *ids);
	for (i = j = 0; i < tm->closed.cap; i++)
		if (tm->closed.v[i] != 0)
			ids[j++] = tm->closed.v[i];
	for (i = 0; i < n; i++) {
		if (store_ancestor_keys(tm->st, ids[i], &a, &na, cause) != 0) {
			free(ids);
			return -1;
		}
		for (j = 0; j < na; j++)
			if (a[j].id == id)
				idset_del(&tm->closed, ids[i]);
		free(a);
	}
	free(ids);
	idset_del(&tm->closed, id);
	idset_add(&tm->all, id);
	r->expanded = tm_is_expanded(tm, &r->node, r->anc_all);
	return tm_fill_from(tm, tm->cur, cause);
}

int
tm_collapse_all(struct tree_model *tm, char **cause)
{
	idset_clear(&tm->open);
	idset_clear(&tm->closed);
	idset_clear(&tm->all);
	tm_spans_clear(tm);
	tm->expand_depth = 1;
	tm->bp_tip = 0;
	return tm_reanchor(tm, cause);
}

int
tm_expand_depth(struct tree_model *tm, int depth, char **cause)
{
	idset_clear(&tm->open);
	idset_clear(&tm->closed);
	idset_clear(&tm->all);
	tm_spans_clear(tm);
	tm->expand_depth = depth < 1 ? 1 : depth;
	tm->bp_tip = 0;
	return tm_reanchor(tm, cause);
}

/*
 * Opens ids[0..n-2] of a best path (the last id is its pending end or its
 * leaf); the path overrides the user's folds, as when it was first shown.
 */
static void
best_open(struct tree_model *tm, const int64_t *ids, size_t n)
{
	size_t	i;

	for (i = 0; i + 1 < n; i++) {
		idset_del(&tm->closed, ids[i]);
		idset_add(&tm->open, ids[i]);
	}
}

int
tm_best_grow(struct tree_model *tm, char **cause)
{
	int64_t	*ids;
	size_t	 n;

	if (tm->bp_tip == 0)
		return 0;
	switch (tm_best_run(tm, cause)) {
	case -1:
		return -1;
	case 1:
		/* Along a chain to its end: the pending end is that. */
		return 0;
	}
	if (store_best_path_ids(tm->st, tm->bp_tip, TM_BEST_STEP, &ids, &n,
	    cause) != 0)
		return -1;
	best_open(tm, ids, n);
	tm->bp_tip = n > (size_t)TM_BEST_STEP ? ids[n - 1] : 0;
	if (tm->bp_tip != 0)
		idset_del(&tm->closed, tm->bp_tip);
	free(ids);
	return 0;
}

int
tm_best_cover(struct tree_model *tm, const struct store_anc *a, size_t n,
    char **cause)
{
	size_t	i;
	int	rc;

	for (i = 0; i < n && tm->bp_tip != 0; i++) {
		/* A stretch of a chain may hold it after a step: again. */
		while (tm->bp_tip != 0) {
			if ((rc = tm_run_has(tm, &a[i], tm->bp_tip,
			    cause)) < 0)
				return -1;
			if (rc == 0)
				break;
			if (tm_best_grow(tm, cause) != 0)
				return -1;
		}
	}
	return 0;
}

int
tm_best_path(struct tree_model *tm, char **cause)
{
	int64_t	*ids;
	size_t	 n;
	int	 rc, depth;

	tm->bp_tip = 0;
	if (store_best_path_ids(tm->st, tm->root, TM_BEST_STEP + 1, &ids, &n,
	    cause) != 0)
		return -1;
	best_open(tm, ids, n);
	if (n > (size_t)TM_BEST_STEP + 1) {
		/*
		 * Longer than a step: shown from its top, and opened further
		 * as the window gets to its pending end (tm_best_grow).
		 */
		tm->bp_tip = ids[n - 1];
		idset_del(&tm->closed, tm->bp_tip);
		free(ids);
		return tm_anchor(tm, tm->root, 0, cause);
	}
	depth = (int)n - 1;
	rc = tm_anchor(tm, ids[n - 1], depth < tm->height - 1 ? depth :
	    tm->height * 2 / 3, cause);
	free(ids);
	return rc;
}

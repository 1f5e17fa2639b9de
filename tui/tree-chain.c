/*
 * tree-chain.c - the tree model across recorded chains (store-chain.c):
 * the spans a goto or the best path opens along a chain, which node of a
 * chain of ancestors is the first folded one, and the best path grown
 * along a chain in one step. What would be a set of 100,000 ids and as
 * many reads is a few spans and a few indexed reads. No curses.
 */
#include "config.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "tree-model-int.h"

int
tm_span_has(const struct tree_model *tm, const struct cn_node *n)
{
	const struct tm_span	*sp;
	int64_t			 id;
	size_t			 i;

	for (i = 0; i < tm->nspans; i++) {
		sp = &tm->spans[i];
		if (n->depth < sp->from || n->depth > sp->to)
			continue;
		if (sp->top == n->id)
			return 1;
		/* A failed read leaves the node folded, as drawn before. */
		if (store_chain_at(tm->st, sp->top, n->depth, &id, NULL) == 1 &&
		    id == n->id)
			return 1;
	}
	return 0;
}

void
tm_spans_clear(struct tree_model *tm)
{
	free(tm->spans);
	tm->spans = NULL;
	tm->nspans = 0;
}

/*
 * The depths of the members of set s in top's chain within from..to,
 * smallest first into *lo (INT_MAX: none).
 */
static int
set_min_depth(struct tree_model *tm, const struct idset *s, int64_t top,
    int from, int to, int *lo, char **cause)
{
	size_t	i;
	int	d, rc;

	*lo = INT_MAX;
	for (i = 0; i < s->cap; i++) {
		if (s->v[i] == 0)
			continue;
		rc = store_chain_depth(tm->st, top, s->v[i], &d, cause);
		if (rc < 0)
			return -1;
		if (rc == 1 && d >= from && d <= to && d < *lo)
			*lo = d;
	}
	return 0;
}

int
tm_span_open(struct tree_model *tm, int64_t top, int from, int to,
    char **cause)
{
	struct tm_span	*sp;
	size_t		 i;
	int64_t		*ids;
	size_t		 n, j;
	int		 d, rc;

	/* The user's folds inside it give way, as for one ancestor. */
	ids = xcalloc(tm->closed.n + 1, sizeof *ids);
	for (i = n = 0; i < tm->closed.cap; i++)
		if (tm->closed.v[i] != 0)
			ids[n++] = tm->closed.v[i];
	for (j = 0; j < n; j++) {
		rc = store_chain_depth(tm->st, top, ids[j], &d, cause);
		if (rc < 0) {
			free(ids);
			return -1;
		}
		if (rc == 1 && d >= from && d <= to)
			idset_del(&tm->closed, ids[j]);
	}
	free(ids);
	/* Merged with what it overlaps or touches. */
	for (i = 0; i < tm->nspans; i++) {
		sp = &tm->spans[i];
		if (sp->top != top || to + 1 < sp->from || from > sp->to + 1)
			continue;
		if (from > sp->from)
			from = sp->from;
		if (to < sp->to)
			to = sp->to;
		tm->spans[i] = tm->spans[--tm->nspans];
		i = (size_t)-1;
	}
	tm->spans = xreallocarray(tm->spans, tm->nspans + 1,
	    sizeof *tm->spans);
	sp = &tm->spans[tm->nspans++];
	sp->top = top;
	sp->from = from;
	sp->to = to;
	return 0;
}

int
tm_run_has(struct tree_model *tm, const struct store_anc *a, int64_t id,
    char **cause)
{
	int	d, rc;

	if (a->to == a->depth || id == 0)
		return id == a->id;
	rc = store_chain_depth(tm->st, a->id, id, &d, cause);
	if (rc <= 0)
		return rc;
	return d >= a->depth && d <= a->to;
}

/* The first opened span of top covering depth d, or NULL. */
static const struct tm_span *
span_at(const struct tree_model *tm, int64_t top, int d)
{
	size_t	i;

	for (i = 0; i < tm->nspans; i++)
		if (tm->spans[i].top == top && d >= tm->spans[i].from &&
		    d <= tm->spans[i].to)
			return &tm->spans[i];
	return NULL;
}

int
tm_run_stop(struct tree_model *tm, const struct store_anc *a, int *anc,
    int *stop, char **cause)
{
	const struct tm_span	*sp;
	struct cn_node		 kn;
	int64_t			 id;
	int			 d, bound, closed_lo, all_lo, rc;

	/* A node the user folded ends the stretch; nothing below counts. */
	if (set_min_depth(tm, &tm->closed, a->id, a->depth, a->to,
	    &closed_lo, cause) != 0 ||
	    set_min_depth(tm, &tm->all, a->id, a->depth, a->to, &all_lo,
	    cause) != 0)
		return -1;
	bound = closed_lo < a->to + 1 ? closed_lo : a->to + 1;
	d = a->depth;
	while (d < bound) {
		if (*anc || all_lo <= d) {
			d = bound;
			break;
		}
		if (d < tm->expand_depth) {
			d = tm->expand_depth < bound ? tm->expand_depth : bound;
			continue;
		}
		if ((sp = span_at(tm, a->id, d)) != NULL) {
			d = sp->to + 1 < bound ? sp->to + 1 : bound;
			continue;
		}
		/* Opened one by one (the best path's first steps, say). */
		rc = store_chain_at(tm->st, a->id, d, &id, cause);
		if (rc < 0)
			return -1;
		if (rc == 0)
			break;
		cn_node_init(&kn);
		kn.id = id;
		kn.depth = d;
		kn.child_count = 1;
		if (!tm_is_expanded(tm, &kn, 0))
			break;
		d++;
	}
	*stop = d;
	*anc = *anc || all_lo < d;
	return 0;
}

int
tm_best_run(struct tree_model *tm, char **cause)
{
	int64_t		 top, end;
	int		 d, dt, de, rc;

	if (tm->bp_tip == 0)
		return 0;
	rc = store_chain_of(tm->st, tm->bp_tip, &top, &d, &dt, cause);
	if (rc <= 0)
		return rc;
	if (store_chain_down(tm->st, tm->bp_tip, &end, &de, cause) < 0)
		return -1;
	if (de - d < TM_RUN_MIN)
		return 0;
	/* Only children all the way: the best path is the chain. */
	if (tm_span_open(tm, top, d, de - 1, cause) != 0)
		return -1;
	idset_del(&tm->closed, end);
	tm->bp_tip = end;
	return 1;
}

int
tm_run_down(struct tree_model *tm, struct cn_node *n, int *anc, char **cause)
{
	struct store_anc	 r;
	int64_t			 top, e, id;
	int			 d, dt, de, stop, rc, fin;

	if ((rc = store_chain_of(tm->st, n->id, &top, &d, &dt, cause)) <= 0)
		return rc;
	if (store_chain_down(tm->st, n->id, &e, &de, cause) < 0)
		return -1;
	if (de - d < TM_RUN_MIN)
		return 0;
	memset(&r, 0, sizeof r);
	r.id = top;
	r.depth = d;
	r.to = de - 1;
	r.child_count = 1;
	/* The best path's pending end on the way: it opens the chain. */
	while (tm->bp_tip != 0) {
		if ((rc = tm_run_has(tm, &r, tm->bp_tip, cause)) < 0)
			return -1;
		if (rc == 0)
			break;
		if (tm_best_grow(tm, cause) != 0)
			return -1;
	}
	if (tm_run_stop(tm, &r, anc, &stop, cause) != 0)
		return -1;
	fin = stop <= r.to;
	if (!fin)
		id = e;
	else if ((rc = store_chain_at(tm->st, top, stop, &id, cause)) != 1) {
		if (rc == 0 && cause != NULL)
			*cause = xasprintf("node %lld: chain broken at"
			    " depth %d", (long long)top, stop);
		return -1;
	}
	cn_node_clear(n);
	if (tm_fetch(tm, id, n, cause) != 0)
		return -1;
	return fin ? 2 : 1;
}

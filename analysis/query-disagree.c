/*
 * query-disagree.c - the worst N disagreements between two signals over
 * traces, for `canopy disagree` and the TUI's :disagree: each trace read
 * in bulk, scored (an_disagree), its worst N (an_top) merged into one
 * list kept at most 2N long, so memory stays O(N) over any database.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "query.h"

static int
cand_cmp(const void *x, const void *y)
{
	const struct query_cand	*p = x, *q = y;

	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

int
query_disagree_trace(struct store *st, int64_t trace, void *arg,
    char **cause)
{
	struct query_disagree	*q = arg;
	struct store_dtree	 dt;
	struct an_tree		 t;
	double			*a, *b, *sc, *sa, *sb;
	uint32_t		*top, *pre = NULL, m, i;
	int			 rc = -1;

	if (store_dtree_load(st, trace, store_dtree_want(q->sa) |
	    store_dtree_want(q->sb), &dt, cause) != 0)
		return -1;
	an_tree_build(&t, dt.parent, dt.n);
	a = xcalloc_big(dt.n + 1, sizeof *a);
	b = xcalloc_big(dt.n + 1, sizeof *b);
	sc = xcalloc_big(dt.n + 1, sizeof *sc);
	sa = xcalloc_big(dt.n + 1, sizeof *sa);
	sb = xcalloc_big(dt.n + 1, sizeof *sb);
	top = xcalloc((size_t)q->n + 1, sizeof *top);
	if (store_dtree_signal(st, &dt, q->sa, a, cause) != 0 ||
	    store_dtree_signal(st, &dt, q->sb, b, cause) != 0)
		goto out;
	an_disagree(&t, a, b, q->scale, sc, sa, sb);
	if (trace == q->keep_trace) {
		pre = xcalloc(dt.n + 1, sizeof *pre);
		an_preorder(&t, pre);
	}
	for (i = 0; i < dt.n; i++)
		q->scored += cn_hasval(sc[i]);
	m = an_top(sc, dt.n, (uint32_t)q->n, top);
	for (i = 0; i < m; i++) {
		struct query_cand	*c;

		if (q->nc == q->cap)
			q->c = xgrow(q->c, &q->cap, 64, sizeof *q->c);
		c = &q->c[q->nc++];
		c->node = dt.ids[top[i]];
		c->trace = trace;
		c->score = sc[top[i]];
		c->a = a[top[i]];
		c->b = b[top[i]];
		c->sa = sa[top[i]];
		c->sb = sb[top[i]];
		c->seq = q->seq + top[i];
		c->pre = pre != NULL ? pre[top[i]] : 0;
	}
	q->seq += dt.n;
	if (q->nc > 2 * (size_t)q->n) {
		qsort(q->c, q->nc, sizeof *q->c, cand_cmp);
		q->nc = (size_t)q->n;
	}
	if (pre != NULL) {
		/* Kept so that the tree can find where its cursor is. */
		store_dtree_free(&q->kept);
		free(q->pre);
		q->kept = dt;
		memset(&dt, 0, sizeof dt);
		q->pre = pre;
		pre = NULL;
	}
	rc = 0;
out:
	free(a);
	free(b);
	free(sc);
	free(sa);
	free(sb);
	free(pre);
	free(top);
	an_tree_free(&t);
	store_dtree_free(&dt);
	return rc;
}

void
query_disagree_end(struct query_disagree *q)
{
	if (q->nc > 1)
		qsort(q->c, q->nc, sizeof *q->c, cand_cmp);
	if (q->nc > (size_t)q->n)
		q->nc = (size_t)q->n;
}

int64_t
query_disagree_pre(const struct query_disagree *q, int64_t id)
{
	int64_t	k;

	if (q->pre == NULL || (k = store_dtree_index(&q->kept, id)) < 0)
		return -1;
	return q->pre[k];
}

void
query_disagree_free(struct query_disagree *q)
{
	free(q->c);
	free(q->pre);
	store_dtree_free(&q->kept);
	memset(q, 0, sizeof *q);
}

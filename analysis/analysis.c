/*
 * analysis.c - the tree shape every statistic walks, and the derived
 * signals (mc, mc_hard, best_leaf, delta, differences). Pure: arrays in,
 * numbers out.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "analysis.h"

void
an_tree_build(struct an_tree *t, const int32_t *parent, uint32_t n)
{
	uint32_t	 i, head, tail;

	memset(t, 0, sizeof *t);
	t->n = n;
	t->parent = parent;
	/* One block (off, kids, order, depth): one allocation, one free. */
	t->off = xcalloc_big(4 * (size_t)n + 1, sizeof *t->off);
	t->kids = t->off + n + 1;
	t->order = t->kids + n;
	t->depth = (int32_t *)(t->order + n);
	/*
	 * off[p] counts p's kids, then (summed) marks their end and, filled
	 * backwards, their start: no second array of cursors.
	 */
	for (i = 0; i < n; i++) {
		if (parent[i] >= 0 && (uint32_t)parent[i] < n)
			t->off[parent[i]]++;
	}
	for (i = 0; i < n; i++) {
		if (t->off[i] > t->maxkids)
			t->maxkids = t->off[i];
		if (i > 0)
			t->off[i] += t->off[i - 1];
	}
	t->off[n] = n > 0 ? t->off[n - 1] : 0;
	for (i = n; i-- > 0;) {
		if (parent[i] >= 0 && (uint32_t)parent[i] < n)
			t->kids[--t->off[parent[i]]] = i;
	}
	tail = 0;
	for (i = 0; i < n; i++) {
		t->depth[i] = -1;
		if (parent[i] < 0 || (uint32_t)parent[i] >= n)
			t->order[tail++] = i;
	}
	for (i = 0; i < tail; i++)
		t->depth[t->order[i]] = 0;
	/* Breadth-first: nodes in a parent cycle are never enqueued. */
	for (head = 0; head < tail; head++) {
		uint32_t	p = t->order[head], k;

		for (k = t->off[p]; k < t->off[p + 1]; k++) {
			t->depth[t->kids[k]] = t->depth[p] + 1;
			t->order[tail++] = t->kids[k];
		}
	}
	t->nreached = tail;
}

void
an_tree_free(struct an_tree *t)
{
	if (t == NULL)
		return;
	free(t->off);
	memset(t, 0, sizeof *t);
}

void
an_preorder(const struct an_tree *t, uint32_t *pre)
{
	uint32_t	*stack, sp = 0, k = 0, i, j;

	for (i = 0; i < t->n; i++)
		pre[i] = UINT32_MAX;
	stack = xcalloc((size_t)t->n + 1, sizeof *stack);
	for (i = t->n; i-- > 0;)
		if (t->depth[i] == 0)
			stack[sp++] = i;
	while (sp > 0) {
		i = stack[--sp];
		pre[i] = k++;
		for (j = t->off[i + 1]; j-- > t->off[i];)
			stack[sp++] = t->kids[j];
	}
	free(stack);
}

void
an_mc(const struct an_tree *t, const double *outcome, double *mc,
    double *mc_hard)
{
	uint32_t	*ok, *tot, i, j;

	ok = xcalloc_big(t->n == 0 ? 1 : t->n, sizeof *ok);
	tot = xcalloc_big(t->n == 0 ? 1 : t->n, sizeof *tot);
	/* Leaves first: reverse breadth-first order sums children first. */
	for (j = t->nreached; j-- > 0;) {
		uint32_t	v = t->order[j];

		if (t->off[v] == t->off[v + 1] && cn_hasval(outcome[v])) {
			tot[v] = 1;
			ok[v] = outcome[v] == 1.0;
		}
		if (t->parent[v] >= 0 && (uint32_t)t->parent[v] < t->n) {
			tot[t->parent[v]] += tot[v];
			ok[t->parent[v]] += ok[v];
		}
	}
	for (i = 0; i < t->n; i++) {
		int	has = tot[i] > 0 && t->depth[i] >= 0;

		if (mc != NULL)
			mc[i] = has ? (double)ok[i] / tot[i] : CN_NOVAL;
		if (mc_hard != NULL)
			mc_hard[i] = has ? (ok[i] > 0 ? 1.0 : 0.0) : CN_NOVAL;
	}
	free(ok);
	free(tot);
}

void
an_best_leaf(const struct an_tree *t, const double *v, double *best)
{
	uint32_t	i, j;

	for (i = 0; i < t->n; i++)
		best[i] = CN_NOVAL;
	for (j = t->nreached; j-- > 0;) {
		uint32_t	u = t->order[j];
		int32_t		p = t->parent[u];

		if (t->off[u] == t->off[u + 1])
			best[u] = v[u];
		if (p < 0 || (uint32_t)p >= t->n || !cn_hasval(best[u]))
			continue;
		if (!cn_hasval(best[p]) || best[u] > best[p])
			best[p] = best[u];
	}
}

void
an_delta(const struct an_tree *t, const double *v, double *out)
{
	uint32_t	i;

	for (i = 0; i < t->n; i++) {
		int32_t	p = t->parent[i];

		out[i] = CN_NOVAL;
		if (p >= 0 && (uint32_t)p < t->n && t->depth[i] >= 0 &&
		    cn_hasval(v[i]) && cn_hasval(v[p]))
			out[i] = v[i] - v[p];
	}
}

void
an_sub(const double *a, const double *b, uint32_t n, double *out)
{
	uint32_t	i;

	for (i = 0; i < n; i++)
		out[i] = cn_hasval(a[i]) && cn_hasval(b[i]) ? a[i] - b[i] :
		    CN_NOVAL;
}

/*
 * query-pairs.c - a signal (and optionally a second one) over traces as
 * flat arrays with each node's depth, the input of `canopy calibrate`,
 * `canopy hist` and the TUI's :calibrate and :hist, overall and per
 * depth.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "query.h"

int
query_pairs_add(struct store *st, int64_t trace, void *arg, char **cause)
{
	struct query_pairs	*p = arg;
	const char		*sa = p->sa, *sb = p->sb;
	struct store_dtree	 dt;
	struct an_tree		 t;
	double			*a, *b;
	uint32_t		 i;
	int			 rc = -1;

	if (store_dtree_load(st, trace, store_dtree_want(sa) |
	    (sb != NULL ? store_dtree_want(sb) : 0), &dt, cause) != 0)
		return -1;
	an_tree_build(&t, dt.parent, dt.n);
	a = xcalloc_big(dt.n + 1, sizeof *a);
	b = xcalloc_big(dt.n + 1, sizeof *b);
	if (store_dtree_signal(st, &dt, sa, a, cause) != 0 ||
	    (sb != NULL && store_dtree_signal(st, &dt, sb, b, cause) != 0))
		goto out;
	for (i = 0; i < dt.n; i++) {
		if (!cn_hasval(a[i]) || t.depth[i] < 0)
			continue;
		if (sb != NULL && !cn_hasval(b[i]))
			continue;
		if (p->n == p->cap) {
			p->cap = p->cap == 0 ? 1024 : p->cap * 2;
			p->a = xreallocarray(p->a, p->cap, sizeof *p->a);
			p->b = xreallocarray(p->b, p->cap, sizeof *p->b);
			p->depth = xreallocarray(p->depth, p->cap,
			    sizeof *p->depth);
		}
		p->a[p->n] = a[i];
		p->b[p->n] = sb != NULL ? b[i] : CN_NOVAL;
		p->depth[p->n] = t.depth[i];
		if (t.depth[i] > p->maxd)
			p->maxd = t.depth[i];
		p->n++;
	}
	rc = 0;
out:
	free(a);
	free(b);
	an_tree_free(&t);
	store_dtree_free(&dt);
	return rc;
}

uint32_t
query_pairs_at(const struct query_pairs *p, int d, double *a, double *b)
{
	uint32_t	i, m = 0;

	for (i = 0; i < p->n; i++) {
		if (d >= 0 && p->depth[i] != d)
			continue;
		a[m] = p->a[i];
		if (b != NULL)
			b[m] = p->b[i];
		m++;
	}
	return m;
}

void
query_pairs_free(struct query_pairs *p)
{
	free(p->a);
	free(p->b);
	free(p->depth);
	memset(p, 0, sizeof *p);
}

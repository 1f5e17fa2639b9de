/*
 * query-diff.c - the two sides of `canopy diff` and the TUI's :diff: each
 * side's trace read in bulk with its texts and common signals, the
 * subtrees aligned by step text (an_align), and which common signals
 * differ in each aligned pair.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "query.h"

int
query_side_load(struct store *st, int64_t node, const char *label,
    struct query_side *s, char **cause)
{
	struct cn_node	 n;
	int64_t		 k;
	int		 r, i;

	s->node = node;
	cn_node_init(&n);
	if (store_node_get(st, node, &n, cause) != 1)
		return -1;
	r = store_dtree_load(st, n.trace_id, STORE_DTREE_TEXT, &s->dt, cause);
	cn_node_clear(&n);
	if (r != 0)
		return -1;
	an_tree_build(&s->t, s->dt.parent, s->dt.n);
	if ((k = store_dtree_index(&s->dt, node)) < 0) {
		*cause = xasprintf("%s: node not in its trace", label);
		return -1;
	}
	s->root = (uint32_t)k;
	for (i = 0; i < CN_SIG_COUNT; i++) {
		s->sig[i] = xcalloc(s->dt.n + 1, sizeof *s->sig[i]);
		if (store_dtree_signal(st, &s->dt, cn_sig_names[i], s->sig[i],
		    cause) != 0)
			return -1;
	}
	return 0;
}

void
query_side_free(struct query_side *s)
{
	int	k;

	for (k = 0; k < CN_SIG_COUNT; k++)
		free(s->sig[k]);
	an_tree_free(&s->t);
	store_dtree_free(&s->dt);
}

/* Whether two values differ: one absent, or apart by more than noise. */
static int
differs(double a, double b)
{
	if (cn_hasval(a) != cn_hasval(b))
		return 1;
	if (!cn_hasval(a))
		return 0;
	return fabs(a - b) > 1e-9 * (fabs(a) + fabs(b) + 1.0);
}

int64_t
query_diff(const struct query_side *a, const struct query_side *b,
    struct an_align *al, unsigned **m)
{
	const struct an_pair	*p;
	int64_t			 changed = 0;
	size_t			 i;
	int			 k;

	memset(al, 0, sizeof *al);
	an_align(&a->t, (const char *const *)a->dt.text, a->root, &b->t,
	    (const char *const *)b->dt.text, b->root, al);
	*m = xcalloc(al->n + 1, sizeof **m);
	for (i = 0; i < al->n; i++) {
		p = &al->pairs[i];
		if (p->a < 0 || p->b < 0)
			continue;
		for (k = 0; k < CN_SIG_COUNT; k++) {
			if (differs(a->sig[k][p->a], b->sig[k][p->b]))
				(*m)[i] |= 1u << k;
		}
		changed += (*m)[i] != 0;
	}
	return changed;
}

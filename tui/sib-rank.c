/*
 * sib-rank.c - competition ranks among siblings (1 = largest, ties share
 * the better rank, absent = 0) and where two rankings disagree.
 */
#include "config.h"

#include "sib-rank.h"

#include <stdlib.h>

#include "analysis.h"

void
sib_rank(const double *v, size_t n, int *rank)
{
	struct an_vi	*it;
	size_t		 i, m = 0;

	it = xreallocarray(NULL, n + 1, sizeof *it);
	for (i = 0; i < n; i++) {
		rank[i] = 0;
		if (cn_hasval(v[i])) {
			/* -v: largest first, ties in sibling order. */
			it[m].v = -v[i];
			it[m].i = (uint32_t)i;
			m++;
		}
	}
	an_vi_sort(it, m);
	for (i = 0; i < m; i++)
		rank[it[i].i] = i > 0 && it[i].v == it[i - 1].v ?
		    rank[it[i - 1].i] : (int)i + 1;
	free(it);
}

int
sib_rank_disagrees(int rank, int ref_rank)
{
	return rank > 0 && ref_rank > 0 && rank != ref_rank;
}

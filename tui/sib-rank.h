/*
 * sib-rank.h - ranks among siblings, for comparing how signals order the
 * same children. Pure.
 */
#ifndef CN_SIB_RANK_H
#define CN_SIB_RANK_H

#include "canopy.h"

/*
 * rank[i] of v[i] among v[0..n): 1 for the largest; equal values share
 * the better rank (1, 2, 2, 4); an absent value (NaN) gets 0.
 */
void	 sib_rank(const double *v, size_t n, int *rank);

/*
 * Whether a child's rank under one signal disagrees with its rank under
 * the reference: both present and different.
 */
int	 sib_rank_disagrees(int rank, int ref_rank);

#endif /* CN_SIB_RANK_H */

/*
 * store-compare.h - the reads that comparing value estimates needs: each
 * signal's range in a trace (to scale its bars) and the nodes of a trace
 * in id order, a bounded batch at a time (to evaluate a filter while the
 * TUI is idle). Both read a trace in steps: a key never waits for a scan.
 */
#ifndef CN_STORE_COMPARE_H
#define CN_STORE_COMPARE_H

#include "canopy.h"
#include "store.h"

/* The smallest and largest value of one signal in a trace. */
struct store_range {
	const char	*name;		/* borrowed from the caller's list */
	double		 lo, hi;	/* CN_NOVAL when no node has it */
};

/*
 * Widens the ranges of the common signals (common[CN_SIG_*]) and of the
 * side signals named in side[0..nside) (name set by the caller) by the
 * nodes of trace with id > *after, at most limit of them, in id order.
 * Start with lo = hi = CN_NOVAL (store_compare_ranges_init) and *after =
 * 0; each call moves *after on and sets *done after the last node, so a
 * trace of any size is read in bounded steps.
 */
void	 store_compare_ranges_init(struct store_range common[CN_SIG_COUNT],
	    struct store_range *side, size_t nside);
int	 store_compare_ranges_step(struct store *, int64_t trace,
	    int64_t *after, int limit, struct store_range common[CN_SIG_COUNT],
	    struct store_range *side, size_t nside, int *done, char **cause);

/*
 * The nodes of trace with id > after, in id order, at most limit of them;
 * cb gets each borrowed node (with its other signals). Returns 0 after
 * the batch (*last is the id of the last node given, or after when none:
 * then the walk is done), -1 on error, or cb's non-zero return.
 */
int	 store_compare_scan(struct store *, int64_t trace, int64_t after,
	    int limit, store_node_cb, void *arg, int64_t *last, char **cause);

#endif /* CN_STORE_COMPARE_H */

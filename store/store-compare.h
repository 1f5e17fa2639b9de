/*
 * store-compare.h - the reads that comparing value estimates needs: each
 * signal's range in a trace (to scale its bars) and the nodes of a trace
 * in id order, a bounded batch at a time (to evaluate a filter while the
 * TUI is idle).
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
 * The ranges of the common signals (common[CN_SIG_*]) and of the side
 * signals named in side[0..nside) (side[i].name set by the caller; lo and
 * hi are filled) over every node of trace. Two scans of the trace's rows,
 * done once when a trace is opened.
 */
int	 store_compare_ranges(struct store *, int64_t trace,
	    struct store_range common[CN_SIG_COUNT], struct store_range *side,
	    size_t nside, char **cause);

/*
 * The nodes of trace with id > after, in id order, at most limit of them;
 * cb gets each borrowed node (with its other signals). Returns 0 after
 * the batch (*last is the id of the last node given, or after when none:
 * then the walk is done), -1 on error, or cb's non-zero return.
 */
int	 store_compare_scan(struct store *, int64_t trace, int64_t after,
	    int limit, store_node_cb, void *arg, int64_t *last, char **cause);

#endif /* CN_STORE_COMPARE_H */

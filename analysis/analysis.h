/*
 * analysis.h - pure statistics over a tree held as parent indices: derived
 * signals, disagreement between two signals, calibration, histograms and
 * the alignment of two subtrees. Arrays in, numbers out: no SQL, no
 * curses, no I/O, so every number is unit-tested on small trees
 * (tests/unit/test-analysis.c) and any layer's caller (the CLI, the TUI's
 * disagreement view) feeds it arrays it loaded itself.
 *
 * Conventions for every function below:
 *	n		nodes, indexed 0..n-1 in any order;
 *	parent[i]	index of i's parent, < 0 for a root (a forest is
 *			fine; a node whose parent chain loops is never
 *			reached from a root and gets no value);
 *	values		double arrays, CN_NOVAL (NaN) where a node has no
 *			value; outputs are CN_NOVAL where undefined.
 * All arrays are borrowed; outputs are caller-allocated with n entries.
 */
#ifndef CN_ANALYSIS_H
#define CN_ANALYSIS_H

#include <stddef.h>
#include <stdint.h>

/*
 * Children lists and a breadth-first order of a forest given as parent
 * indices. an_tree_build allocates; an_tree_free releases (NULL-safe
 * members). order[0..nreached) lists every node reachable from a root,
 * parents before children; depth[i] is -1 for a node never reached.
 */
struct an_tree {
	uint32_t	 n;
	uint32_t	 nreached;
	const int32_t	*parent;	/* borrowed */
	uint32_t	*off;		/* kids of p: kids[off[p]..off[p+1]) */
	uint32_t	*kids;		/* in index order */
	uint32_t	 maxkids;	/* the most kids of one node */
	uint32_t	*order;
	int32_t		*depth;
};
void	 an_tree_build(struct an_tree *, const int32_t *parent, uint32_t n);
void	 an_tree_free(struct an_tree *);
/*
 * pre[i]: i's position in a preorder walk from the roots (in index
 * order, children in index order); UINT32_MAX for a node never reached.
 */
void	 an_preorder(const struct an_tree *, uint32_t *pre);

/*
 * Derived signals (canopy derive). A terminal descendant of i is a leaf
 * (a node without children) in i's subtree, i itself included, that has
 * an outcome; outcome 1 counts as success, any other value as failure.
 *	mc[i]		successes / terminal descendants (Math-Shepherd's
 *			soft estimate); CN_NOVAL without terminal
 *			descendants.
 *	mc_hard[i]	1 if any terminal descendant succeeds, else 0;
 *			CN_NOVAL without terminal descendants.
 * Either output may be NULL.
 */
void	 an_mc(const struct an_tree *, const double *outcome, double *mc,
	    double *mc_hard);

/*
 * best[i]: the highest value v over the leaves of i's subtree (i itself
 * when a leaf) that have one; CN_NOVAL when none has.
 */
void	 an_best_leaf(const struct an_tree *, const double *v, double *best);

/* out[i] = v[i] - v[parent[i]] when both exist, else CN_NOVAL. */
void	 an_delta(const struct an_tree *, const double *v, double *out);

/* out[i] = a[i] - b[i] when both exist, else CN_NOVAL (n entries). */
void	 an_sub(const double *a, const double *b, uint32_t n, double *out);

/*
 * A value and the index it belongs to. an_vi_sort() orders n of them by
 * value, then (ties) by index, so that equal values keep their input
 * order; sorting -v gives largest first with the same tie order.
 */
struct an_vi {
	double		 v;
	uint32_t	 i;
};
void	 an_vi_sort(struct an_vi *, size_t n);

/*
 * Disagreement scales. Both put the two signals on [0, 1]:
 *	AN_SCALE_RANK	each signal's rank among the siblings that have both
 *			values, as (rank - 1) / (k - 1), ties sharing their
 *			mean rank, higher values ranking higher; a node
 *			with fewer than two such siblings (itself included)
 *			gets no score.
 *	AN_SCALE_NORM	each signal min-max normalised over the nodes that
 *			have both values; a signal with one value
 *			everywhere maps to 0.5.
 */
enum an_scale {
	AN_SCALE_RANK,
	AN_SCALE_NORM
};
/* Name of a scale as the CLI and the TUI say it ("rank", "norm"). */
const char	*an_scale_name(enum an_scale);
/* The scale named s, or -1. */
int		 an_scale_lookup(const char *s);

/*
 * score[i] = |a'[i] - b'[i]| on the chosen scale, in [0, 1], CN_NOVAL
 * where undefined (a value missing, or a lone sibling for AN_SCALE_RANK).
 * sa and sb, when not NULL, receive a' and b' (they must not alias a or b).
 */
void	 an_disagree(const struct an_tree *, const double *a, const double *b,
	    enum an_scale, double *score, double *sa, double *sb);

/*
 * The k indices with the highest score (CN_NOVAL never counts), highest
 * first, ties by lower index, into top[] (k entries). Returns how many
 * were written (fewer than k when fewer scores exist). O(n log k).
 */
uint32_t an_top(const double *score, uint32_t n, uint32_t k, uint32_t *top);

/*
 * Calibration of predictions against targets. Pairs where either is
 * CN_NOVAL are skipped. Targets are read as probabilities: outcomes (0/1),
 * mc (0..1) or ratings mapped by the caller. Predictions outside [0, 1]
 * make the whole set min-max rescaled to [0, 1] first (scaled = 1), so
 * that the Brier score and the bins still mean something.
 *	bins		nbins equal-width bins over [0, 1]; the last is
 *			closed, so a prediction of exactly 1 lands in it.
 *	brier		mean of (p - t)^2 over the pairs.
 *	auroc		probability that a positive (t > 0.5) is predicted
 *			above a negative (t < 0.5), ties counting one half
 *			(Mann-Whitney); targets of exactly 0.5 are left
 *			out. CN_NOVAL without both classes.
 */
#define AN_CALIB_MAXBINS 100
struct an_bin {
	int64_t		 count;
	double		 mean_pred;	/* CN_NOVAL when count is 0 */
	double		 observed;	/* mean target; CN_NOVAL when empty */
};
struct an_calib {
	int64_t		 n;		/* pairs used */
	int		 scaled;
	double		 lo, hi;	/* range rescaled from, when scaled */
	double		 brier;		/* CN_NOVAL when n is 0 */
	double		 auroc;
	int		 nbins;
	struct an_bin	 bins[AN_CALIB_MAXBINS];
};
/*
 * Fills *c from n pairs (pred[i], target[i]); nbins is clamped to
 * 1..AN_CALIB_MAXBINS. Allocates scratch of O(n) for the AUROC sort.
 */
void	 an_calibrate(const double *pred, const double *target, uint32_t n,
	    int nbins, struct an_calib *c);

/*
 * A histogram of the values in v that exist: nbins equal-width bins over
 * [lo, hi] (the last closed), counts[] caller-allocated; values outside
 * are not counted. Returns how many values were counted.
 */
int64_t	 an_hist(const double *v, uint32_t n, double lo, double hi,
	    int nbins, int64_t *counts);
/* The lowest and highest existing value of v; 0 if none exists, else 1. */
int	 an_range(const double *v, uint32_t n, double *lo, double *hi);

/*
 * Two subtrees aligned by step text. Children of an aligned pair are
 * matched by equal text (the k-th child with a text in A to the k-th with
 * that text in B, so duplicates pair in order); unmatched children, with
 * their whole subtrees, are only in A or only in B. Texts are borrowed
 * (NULL counts as the empty text). The roots ra and rb are always paired.
 */
struct an_pair {
	int32_t		 a, b;		/* indices, -1 when only in the other */
	int32_t		 depth;		/* below the roots */
};
struct an_align {
	struct an_pair	*pairs;		/* preorder: a pair, then its children
					   in A's order, then B's extras */
	size_t		 n, cap;
	int64_t		 both, only_a, only_b;
};
void	 an_align(const struct an_tree *ta, const char *const *texta,
	    uint32_t ra, const struct an_tree *tb, const char *const *textb,
	    uint32_t rb, struct an_align *);
void	 an_align_free(struct an_align *);

#endif /* CN_ANALYSIS_H */

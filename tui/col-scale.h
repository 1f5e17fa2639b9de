/*
 * col-scale.h - how a value column reads, decided without curses: the
 * range a signal's bars are scaled to, where a value's bar reaches, and
 * headers that stay distinct when names share a tail.
 */
#ifndef CN_COL_SCALE_H
#define CN_COL_SCALE_H

#include "canopy.h"

/*
 * A bar's scale. Without negative values bars grow from the left over
 * [0, hi]; with them the bar diverges from a zero in its middle over
 * [-hi, hi], so -0.9 and +0.9 point different ways.
 */
struct col_scale {
	double	 hi;		/* > 0 */
	int	 diverging;
	int	 fixed;		/* a declared range, not the trace's */
};

/*
 * The scale for a signal whose values in the trace span [lo, hi]
 * (CN_NOVAL: none): probabilities (inside 0..1) keep 0..1, rewards inside
 * -1..1 keep -1..1; anything else is scaled to its own largest magnitude.
 */
void	 col_scale_pick(double lo, double hi, struct col_scale *out);

/*
 * Where v's bar reaches as a share of its half (diverging) or whole bar:
 * -1..1 (negative: left of zero), clamped; NaN when v is absent.
 */
double	 col_scale_frac(const struct col_scale *, double v);

/*
 * Headers for names[0..n): each the shortest readable form that no other
 * column shares, at most max bytes: the whole name when it fits, else the
 * part after the last ':' when no other name ends the same, else the
 * prefix's first letter, ':' and that part ("p:qwen-7b" beside
 * "o:qwen-7b"), cut to max; a header that still clashes ends in a digit.
 * out[i] gets max + 1 bytes.
 */
void	 col_scale_headers(const char *const *names, size_t n, size_t max,
	    char (*out)[32]);

#endif /* CN_COL_SCALE_H */

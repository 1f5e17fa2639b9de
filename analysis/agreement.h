/*
 * agreement.h - inter-annotator agreement over categorical ratings:
 * percent agreement, Cohen's kappa (two raters) and Fleiss' kappa (two or
 * more). Pure: arrays in, numbers out; no I/O, no store.
 *
 * Definitions (what the numbers mean when raters skip items):
 * - a rating with cat < 0 is missing (an annotation with no rating) and
 *   is ignored; when one rater rates an item twice the later one counts;
 * - an item counts when at least two raters rated it;
 * - percent agreement is the share of agreeing rater pairs, averaged over
 *   the counted items (Fleiss' P-bar; for two raters, the share of items
 *   they agree on);
 * - Cohen's kappa: only when exactly two raters rated anything, over the
 *   items both rated, with each rater's own category shares for chance;
 * - Fleiss' kappa: with n_i raters of item i, P_i = sum_j n_ij (n_ij - 1)
 *   / (n_i (n_i - 1)), P-bar their mean, p_j the share of category j
 *   among all counted ratings, P_e = sum_j p_j^2 (Fleiss 1971, with a
 *   varying number of raters per item);
 * - a kappa is NaN when it is undefined: no counted item, or chance
 *   agreement is 1 (every rating in one category), where (P - P_e) /
 *   (1 - P_e) is 0 / 0.
 */
#ifndef CN_AGREEMENT_H
#define CN_AGREEMENT_H

#include <stddef.h>
#include <stdint.h>

/* Categories are 0 .. AGREEMENT_MAXCAT - 1. */
#define AGREEMENT_MAXCAT	16

/* One rating: rater (any non-negative number) gave item category cat. */
struct agreement_rating {
	int64_t		 item;
	int		 rater;
	int		 cat;		/* < 0: missing */
};

struct agreement {
	size_t		 items;		/* items rated by two raters or more */
	size_t		 ratings;	/* the ratings of those items */
	size_t		 disagreed;	/* counted items with two categories */
	int		 raters;	/* distinct raters with any rating */
	double		 percent;	/* 0..1, NaN when items is 0 */
	double		 cohen;		/* NaN unless raters == 2 */
	double		 fleiss;
};

/*
 * Computes agreement over the n ratings r (borrowed, not changed) with
 * categories 0 .. ncat - 1. Returns 0, or -1 with *cause (heap; caller
 * frees) when ncat is out of range or a category is >= ncat.
 */
int	 agreement_compute(const struct agreement_rating *r, size_t n,
	    int ncat, struct agreement *out, char **cause);

/*
 * The items on which raters disagree (two or more categories among their
 * last ratings), ascending, into the heap array *items (caller frees; NULL
 * when none) of *nitems. Categories are not checked.
 */
void	 agreement_disagreements(const struct agreement_rating *r, size_t n,
	    int64_t **items, size_t *nitems);

#endif /* CN_AGREEMENT_H */

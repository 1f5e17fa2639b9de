/*
 * analysis-rank.c - disagreement between two signals on a comparable
 * scale (ranks within siblings, or per-signal normalised values) and the
 * worst N of a score.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "analysis.h"

static int
an_vi_cmp(const void *x, const void *y)
{
	const struct an_vi	*a = x, *b = y;

	if (a->v != b->v)
		return a->v < b->v ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

void
an_vi_sort(struct an_vi *w, size_t n)
{
	if (n > 1)
		qsort(w, n, sizeof *w, an_vi_cmp);
}

const char *
an_scale_name(enum an_scale s)
{
	return s == AN_SCALE_NORM ? "norm" : "rank";
}

int
an_scale_lookup(const char *s)
{
	if (strcmp(s, "rank") == 0)
		return AN_SCALE_RANK;
	if (strcmp(s, "norm") == 0)
		return AN_SCALE_NORM;
	return -1;
}

/*
 * Writes (rank - 1) / (k - 1) of each of the k entries of w (sorted here)
 * into out[w[].i]; equal values share their mean rank.
 */
static void
rank_group(struct an_vi *w, uint32_t k, double *out)
{
	uint32_t	j, e, m;

	an_vi_sort(w, k);
	for (j = 0; j < k; j = e) {
		double	r;

		for (e = j + 1; e < k && w[e].v == w[j].v; e++)
			;
		/* Ranks j..e-1 (0-based) share their mean. */
		r = (double)(j + e - 1) / 2.0 / (double)(k - 1);
		for (m = j; m < e; m++)
			out[w[m].i] = r;
	}
}

static void
disagree_rank(const struct an_tree *t, const double *a, const double *b,
    double *ra, double *rb)
{
	struct an_vi	*w;
	uint32_t	 p, k, j;

	w = xcalloc(t->maxkids == 0 ? 1 : t->maxkids, sizeof *w);
	for (p = 0; p < t->n; p++) {
		k = 0;
		for (j = t->off[p]; j < t->off[p + 1]; j++) {
			uint32_t	c = t->kids[j];

			if (cn_hasval(a[c]) && cn_hasval(b[c]))
				w[k++].i = c;
		}
		if (k < 2)
			continue;
		for (j = 0; j < k; j++)
			w[j].v = a[w[j].i];
		rank_group(w, k, ra);
		for (j = 0; j < k; j++)
			w[j].v = b[w[j].i];
		rank_group(w, k, rb);
	}
	free(w);
}

static void
disagree_norm(const struct an_tree *t, const double *a, const double *b,
    double *na, double *nb)
{
	double		 alo = 0, ahi = 0, blo = 0, bhi = 0;
	uint32_t	 i;
	int		 any = 0;

	for (i = 0; i < t->n; i++) {
		if (!cn_hasval(a[i]) || !cn_hasval(b[i]))
			continue;
		if (!any || a[i] < alo)
			alo = a[i];
		if (!any || a[i] > ahi)
			ahi = a[i];
		if (!any || b[i] < blo)
			blo = b[i];
		if (!any || b[i] > bhi)
			bhi = b[i];
		any = 1;
	}
	for (i = 0; i < t->n; i++) {
		if (!cn_hasval(a[i]) || !cn_hasval(b[i]))
			continue;
		na[i] = ahi > alo ? (a[i] - alo) / (ahi - alo) : 0.5;
		nb[i] = bhi > blo ? (b[i] - blo) / (bhi - blo) : 0.5;
	}
}

void
an_disagree(const struct an_tree *t, const double *a, const double *b,
    enum an_scale scale, double *score, double *sa, double *sb)
{
	double		*xa = sa, *xb = sb;
	uint32_t	 i;

	/* The caller's arrays hold the scaled values when it wants them. */
	if (xa == NULL)
		xa = xcalloc_big(t->n == 0 ? 1 : t->n, sizeof *xa);
	if (xb == NULL)
		xb = xcalloc_big(t->n == 0 ? 1 : t->n, sizeof *xb);
	for (i = 0; i < t->n; i++)
		xa[i] = xb[i] = CN_NOVAL;
	if (scale == AN_SCALE_NORM)
		disagree_norm(t, a, b, xa, xb);
	else
		disagree_rank(t, a, b, xa, xb);
	for (i = 0; i < t->n; i++)
		score[i] = cn_hasval(xa[i]) && cn_hasval(xb[i]) ?
		    fabs(xa[i] - xb[i]) : CN_NOVAL;
	if (xa != sa)
		free(xa);
	if (xb != sb)
		free(xb);
}

/* Whether entry x ranks below entry y (lower score, or equal and later). */
static int
top_below(const double *score, uint32_t x, uint32_t y)
{
	if (score[x] != score[y])
		return score[x] < score[y];
	return x > y;
}

/* Restores the min-heap (worst kept entry at h[0]) below position j. */
static void
top_sift(const double *score, uint32_t *h, uint32_t m, uint32_t j)
{
	for (;;) {
		uint32_t	l = 2 * j + 1, r = l + 1, s = j, tmp;

		if (l < m && top_below(score, h[l], h[s]))
			s = l;
		if (r < m && top_below(score, h[r], h[s]))
			s = r;
		if (s == j)
			return;
		tmp = h[j];
		h[j] = h[s];
		h[s] = tmp;
		j = s;
	}
}

uint32_t
an_top(const double *score, uint32_t n, uint32_t k, uint32_t *top)
{
	uint32_t	 m = 0, i, j;

	if (k == 0)
		return 0;
	for (i = 0; i < n; i++) {
		if (!cn_hasval(score[i]))
			continue;
		if (m < k) {
			top[m++] = i;
			/* Sift up. */
			for (j = m - 1; j > 0; j = (j - 1) / 2) {
				uint32_t	p = (j - 1) / 2, tmp;

				if (!top_below(score, top[j], top[p]))
					break;
				tmp = top[j];
				top[j] = top[p];
				top[p] = tmp;
			}
		} else if (top_below(score, top[0], i)) {
			top[0] = i;
			top_sift(score, top, m, 0);
		}
	}
	/* Heap sort: pop the worst to the end, leaving best first. */
	for (j = m; j > 1; j--) {
		uint32_t	tmp = top[0];

		top[0] = top[j - 1];
		top[j - 1] = tmp;
		top_sift(score, top, j - 1, 0);
	}
	return m;
}

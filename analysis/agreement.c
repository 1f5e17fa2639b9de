/*
 * agreement.c - inter-annotator agreement (agreement.h). Works on a sorted
 * copy of the ratings so callers may pass them in any order; never
 * touches the store.
 */
#include "config.h"

#include "agreement.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "canopy.h"

/* A rating with its input position, so "the later one counts" holds. */
struct ag_ent {
	int64_t		 item;
	int		 rater;
	int		 cat;
	size_t		 pos;
};

static int
ag_cmp(const void *a, const void *b)
{
	const struct ag_ent	*x = a, *y = b;

	if (x->item != y->item)
		return x->item < y->item ? -1 : 1;
	if (x->rater != y->rater)
		return x->rater < y->rater ? -1 : 1;
	return x->pos < y->pos ? -1 : x->pos > y->pos;
}

static int
ag_int_cmp(const void *a, const void *b)
{
	int	x = *(const int *)a, y = *(const int *)b;

	return x < y ? -1 : x > y;
}

/*
 * The present ratings sorted by item then rater, keeping only each
 * rater's last rating of an item. Returns the count; *out is heap (NULL
 * when none).
 */
static size_t
ag_prepare(const struct agreement_rating *r, size_t n, struct ag_ent **out)
{
	struct ag_ent	*e;
	size_t		 i, m = 0, k = 0;

	*out = NULL;
	for (i = 0; i < n; i++)
		if (r[i].cat >= 0)
			m++;
	if (m == 0)
		return 0;
	e = xreallocarray(NULL, m, sizeof *e);
	for (i = 0; i < n; i++) {
		if (r[i].cat < 0)
			continue;
		e[k].item = r[i].item;
		e[k].rater = r[i].rater;
		e[k].cat = r[i].cat;
		e[k].pos = i;
		k++;
	}
	if (m > 1)
		qsort(e, m, sizeof *e, ag_cmp);
	/* Keep the last of each (item, rater) run. */
	k = 0;
	for (i = 0; i < m; i++) {
		if (i + 1 < m && e[i + 1].item == e[i].item &&
		    e[i + 1].rater == e[i].rater)
			continue;
		e[k++] = e[i];
	}
	*out = e;
	return k;
}

/* The end of the run of item e[i].item. */
static size_t
ag_run_end(const struct ag_ent *e, size_t m, size_t i)
{
	size_t	j = i;

	while (j < m && e[j].item == e[i].item)
		j++;
	return j;
}

/* Cohen's kappa of raters a and b over the items both rated. */
static double
ag_cohen(const struct ag_ent *e, size_t m, int a, int b, int ncat)
{
	double	 ca[AGREEMENT_MAXCAT] = { 0 }, cb[AGREEMENT_MAXCAT] = { 0 };
	double	 both = 0, agree = 0, po, pe = 0;
	size_t	 i, j, k;
	int	 x, y, c;

	for (i = 0; i < m; i = j) {
		j = ag_run_end(e, m, i);
		x = y = -1;
		for (k = i; k < j; k++) {
			if (e[k].rater == a)
				x = e[k].cat;
			else if (e[k].rater == b)
				y = e[k].cat;
		}
		if (x < 0 || y < 0)
			continue;
		both++;
		agree += x == y;
		ca[x]++;
		cb[y]++;
	}
	if (both == 0)
		return NAN;
	po = agree / both;
	for (c = 0; c < ncat; c++)
		pe += (ca[c] / both) * (cb[c] / both);
	if (pe >= 1)
		return NAN;
	return (po - pe) / (1 - pe);
}

int
agreement_compute(const struct agreement_rating *r, size_t n, int ncat,
    struct agreement *out, char **cause)
{
	struct ag_ent	*e;
	double		 tot[AGREEMENT_MAXCAT] = { 0 }, cnt[AGREEMENT_MAXCAT];
	double		 psum = 0, pe = 0, ni, pi;
	size_t		 i, j, k, m;
	int		 c, ra = -1, rb = -1, many = 0, *rs;

	memset(out, 0, sizeof *out);
	out->percent = out->cohen = out->fleiss = NAN;
	if (cause != NULL)
		*cause = NULL;
	if (ncat < 1 || ncat > AGREEMENT_MAXCAT) {
		if (cause != NULL)
			*cause = xasprintf("%d categories (1 to %d)", ncat,
			    AGREEMENT_MAXCAT);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (r[i].cat >= ncat) {
			if (cause != NULL)
				*cause = xasprintf("item %lld: category %d "
				    "out of range (0 to %d)",
				    (long long)r[i].item, r[i].cat, ncat - 1);
			return -1;
		}
	}

	m = ag_prepare(r, n, &e);
	/* Distinct raters: two remembered, more only counted. */
	for (i = 0; i < m; i++) {
		if (ra < 0 || e[i].rater == ra)
			ra = e[i].rater;
		else if (rb < 0 || e[i].rater == rb)
			rb = e[i].rater;
		else
			many = 1;
	}
	if (many) {
		rs = xreallocarray(NULL, m, sizeof *rs);
		for (i = 0; i < m; i++)
			rs[i] = e[i].rater;
		if (m > 1)
			qsort(rs, m, sizeof *rs, ag_int_cmp);
		for (i = 0; i < m; i++)
			out->raters += i == 0 || rs[i] != rs[i - 1];
		free(rs);
	} else
		out->raters = (ra >= 0) + (rb >= 0);

	for (i = 0; i < m; i = j) {
		j = ag_run_end(e, m, i);
		if (j - i < 2)
			continue;
		memset(cnt, 0, sizeof cnt);
		for (k = i; k < j; k++)
			cnt[e[k].cat]++;
		ni = (double)(j - i);
		pi = 0;
		for (c = 0; c < ncat; c++) {
			pi += cnt[c] * (cnt[c] - 1);
			tot[c] += cnt[c];
		}
		for (c = 0; c < ncat && cnt[c] != ni; c++)
			;
		if (c == ncat)
			out->disagreed++;
		psum += pi / (ni * (ni - 1));
		out->items++;
		out->ratings += j - i;
	}
	if (out->items > 0) {
		out->percent = psum / (double)out->items;
		for (c = 0; c < ncat; c++)
			pe += (tot[c] / (double)out->ratings) *
			    (tot[c] / (double)out->ratings);
		if (pe < 1)
			out->fleiss = (out->percent - pe) / (1 - pe);
	}
	if (out->raters == 2)
		out->cohen = ag_cohen(e, m, ra, rb, ncat);
	free(e);
	return 0;
}

void
agreement_disagreements(const struct agreement_rating *r, size_t n,
    int64_t **items, size_t *nitems)
{
	struct ag_ent	*e;
	size_t		 i, j, k, m, cap = 0;

	*items = NULL;
	*nitems = 0;
	m = ag_prepare(r, n, &e);
	for (i = 0; i < m; i = j) {
		j = ag_run_end(e, m, i);
		for (k = i + 1; k < j; k++)
			if (e[k].cat != e[i].cat)
				break;
		if (k == j)
			continue;
		if (*nitems == cap)
			*items = xgrow(*items, &cap, 16, sizeof **items);
		(*items)[(*nitems)++] = e[i].item;
	}
	free(e);
}

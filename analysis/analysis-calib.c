/*
 * analysis-calib.c - calibration (reliability bins, Brier score, AUROC)
 * and histograms of one signal.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "analysis.h"

struct pt {
	double		 p;
	double		 t;
};

static int
pt_cmp(const void *x, const void *y)
{
	const struct pt	*a = x, *b = y;

	return a->p < b->p ? -1 : a->p > b->p;
}

/* An unsigned key that orders like the double d (NaN never comes here). */
static uint64_t
pt_key(double d)
{
	uint64_t	u;

	memcpy(&u, &d, sizeof u);
	return (u >> 63) != 0 ? ~u : u | (uint64_t)1 << 63;
}

/*
 * Sorts pts by prediction. qsort's comparisons were most of a
 * calibration of a million pairs; a radix sort on the keys (a byte a
 * pass, skipping bytes every key shares, as the high bytes of values in
 * 0..1 do) is linear. Only tie groups matter to the callers, never the
 * order inside one, so the results are the same.
 */
static void
pt_sort(struct pt *pts, size_t m)
{
	struct pt	*tmp, *from = pts, *to, *sw;
	uint64_t	*key, *ktmp, *kfrom, *kto, *ksw;
	size_t		 cnt[256], j, sum;
	int		 shift, b;

	if (m < 4096) {
		if (m > 1)
			qsort(pts, m, sizeof *pts, pt_cmp);
		return;
	}
	tmp = xcalloc_big(m, sizeof *tmp);
	key = xcalloc_big(m, sizeof *key);
	ktmp = xcalloc_big(m, sizeof *ktmp);
	for (j = 0; j < m; j++)
		key[j] = pt_key(pts[j].p);
	to = tmp;
	kfrom = key;
	kto = ktmp;
	for (shift = 0; shift < 64; shift += 8) {
		memset(cnt, 0, sizeof cnt);
		for (j = 0; j < m; j++)
			cnt[(kfrom[j] >> shift) & 0xff]++;
		if (cnt[(kfrom[0] >> shift) & 0xff] == m)
			continue;
		for (b = 0, sum = 0; b < 256; b++) {
			size_t	c = cnt[b];

			cnt[b] = sum;
			sum += c;
		}
		for (j = 0; j < m; j++) {
			size_t	at = cnt[(kfrom[j] >> shift) & 0xff]++;

			to[at] = from[j];
			kto[at] = kfrom[j];
		}
		sw = from;
		from = to;
		to = sw;
		ksw = kfrom;
		kfrom = kto;
		kto = ksw;
	}
	if (from != pts)
		memcpy(pts, from, m * sizeof *pts);
	free(tmp);
	free(key);
	free(ktmp);
}

/* Bin of x in nbins equal bins over [0, 1], the last one closed. */
static int
bin_of(double x, int nbins)
{
	int	b = (int)(x * nbins);

	if (b < 0)
		return 0;
	return b >= nbins ? nbins - 1 : b;
}

/* Mann-Whitney over pts sorted by prediction; ties count one half. */
static double
auroc(const struct pt *pts, size_t m)
{
	double		 npos = 0, nneg = 0, rsum = 0;
	size_t		 j, e, q;

	for (j = 0; j < m; j = e) {
		double	pos = 0, neg = 0, r;

		for (e = j + 1; e < m && pts[e].p == pts[j].p; e++)
			;
		for (q = j; q < e; q++) {
			pos += pts[q].t > 0.5;
			neg += pts[q].t < 0.5;
		}
		/* Mean 1-based rank of this tie group among the ranked. */
		r = nneg + npos + (pos + neg + 1) / 2.0;
		rsum += pos * r;
		npos += pos;
		nneg += neg;
	}
	if (npos == 0 || nneg == 0)
		return CN_NOVAL;
	return (rsum - npos * (npos + 1) / 2.0) / (npos * nneg);
}

void
an_calibrate(const double *pred, const double *target, uint32_t n,
    int nbins, struct an_calib *c)
{
	struct pt	*pts;
	double		 lo = 0, hi = 0, sq = 0;
	size_t		 m = 0, j;
	uint32_t	 i;
	int		 b;

	memset(c, 0, sizeof *c);
	if (nbins < 1)
		nbins = 1;
	if (nbins > AN_CALIB_MAXBINS)
		nbins = AN_CALIB_MAXBINS;
	c->nbins = nbins;
	pts = xcalloc_big(n == 0 ? 1 : n, sizeof *pts);
	for (i = 0; i < n; i++) {
		if (!cn_hasval(pred[i]) || !cn_hasval(target[i]))
			continue;
		if (m == 0 || pred[i] < lo)
			lo = pred[i];
		if (m == 0 || pred[i] > hi)
			hi = pred[i];
		pts[m].p = pred[i];
		pts[m].t = target[i];
		m++;
	}
	c->n = (int64_t)m;
	if (m > 0 && (lo < 0 || hi > 1)) {
		c->scaled = 1;
		c->lo = lo;
		c->hi = hi;
		for (j = 0; j < m; j++)
			pts[j].p = hi > lo ? (pts[j].p - lo) / (hi - lo) : 0.5;
	}
	for (b = 0; b < nbins; b++)
		c->bins[b].mean_pred = c->bins[b].observed = 0;
	for (j = 0; j < m; j++) {
		struct an_bin	*bn = &c->bins[bin_of(pts[j].p, nbins)];

		bn->count++;
		bn->mean_pred += pts[j].p;
		bn->observed += pts[j].t;
		sq += (pts[j].p - pts[j].t) * (pts[j].p - pts[j].t);
	}
	for (b = 0; b < nbins; b++) {
		struct an_bin	*bn = &c->bins[b];

		if (bn->count == 0) {
			bn->mean_pred = bn->observed = CN_NOVAL;
			continue;
		}
		bn->mean_pred /= (double)bn->count;
		bn->observed /= (double)bn->count;
	}
	c->brier = m > 0 ? sq / (double)m : CN_NOVAL;
	pt_sort(pts, m);
	c->auroc = auroc(pts, m);
	free(pts);
}

int64_t
an_hist(const double *v, uint32_t n, double lo, double hi, int nbins,
    int64_t *counts)
{
	int64_t		 total = 0;
	uint32_t	 i;
	int		 b;

	for (b = 0; b < nbins; b++)
		counts[b] = 0;
	if (nbins < 1)
		return 0;
	for (i = 0; i < n; i++) {
		if (!cn_hasval(v[i]) || v[i] < lo || v[i] > hi)
			continue;
		b = hi > lo ? bin_of((v[i] - lo) / (hi - lo), nbins) : 0;
		counts[b]++;
		total++;
	}
	return total;
}

int
an_range(const double *v, uint32_t n, double *lo, double *hi)
{
	uint32_t	i;
	int		any = 0;

	for (i = 0; i < n; i++) {
		if (!cn_hasval(v[i]))
			continue;
		if (!any || v[i] < *lo)
			*lo = v[i];
		if (!any || v[i] > *hi)
			*hi = v[i];
		any = 1;
	}
	return any;
}

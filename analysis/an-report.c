/*
 * an-report.c - the text of the calibration and histogram tables (see
 * an-report.h): the CLI and the TUI once printed these separately, and a
 * change to one had to be copied to the other.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "an-report.h"

const char *
an_report_scale_help(enum an_scale s)
{
	if (s == AN_SCALE_NORM)
		return "each signal min-max normalised to 0..1 per trace";
	return "each signal's rank among siblings, 0..1";
}

/* Bars round up, so any count above zero shows. */
static void
rep_bar(char *buf, int64_t count, int64_t max)
{
	int	w = max > 0 ? (int)((count * AN_REPORT_BAR + max - 1) / max) :
		    0;

	memset(buf, '#', (size_t)w);
	buf[w] = '\0';
}

/* v with prec decimals in width columns, or "-" when absent. */
static void
rep_num(char *buf, size_t len, double v, int width, int prec)
{
	if (cn_hasval(v))
		snprintf(buf, len, "%*.*f", width, prec, v);
	else
		snprintf(buf, len, "%*s", width, "-");
}

void
an_report_calib(const struct an_calib *c, const char *title,
    an_line_fn *fn, void *arg)
{
	char	bar[AN_REPORT_BAR + 1], mp[32], ob[32], br[32], au[32];
	char	*line;
	int	k;

	if (c->scaled)
		line = xasprintf("%s: %lld pairs (predictions rescaled from"
		    " [%.4g, %.4g] to [0, 1])", title, (long long)c->n,
		    c->lo, c->hi);
	else
		line = xasprintf("%s: %lld pairs", title, (long long)c->n);
	fn(arg, AN_LINE_TITLE, line);
	free(line);
	line = xasprintf("  %-11s %8s %9s %9s", "bin", "count", "mean pred",
	    "observed");
	fn(arg, AN_LINE_HEADER, line);
	free(line);
	for (k = 0; k < c->nbins; k++) {
		rep_num(mp, sizeof mp, c->bins[k].mean_pred, 9, 3);
		rep_num(ob, sizeof ob, c->bins[k].observed, 9, 3);
		bar[0] = '\0';
		if (cn_hasval(c->bins[k].observed))
			rep_bar(bar, (int64_t)(c->bins[k].observed * 1000 +
			    0.5), 1000);
		line = xasprintf("  %.2f-%.2f  %8lld %s %s  |%s",
		    (double)k / c->nbins, (double)(k + 1) / c->nbins,
		    (long long)c->bins[k].count, mp, ob, bar);
		fn(arg, AN_LINE_BODY, line);
		free(line);
	}
	rep_num(br, sizeof br, c->brier, 0, 4);
	rep_num(au, sizeof au, c->auroc, 0, 4);
	line = xasprintf("  Brier %s  AUROC %s", br, au);
	fn(arg, AN_LINE_BODY, line);
	free(line);
}

void
an_report_hist(const int64_t *counts, int nbins, double lo, double hi,
    an_line_fn *fn, void *arg)
{
	char	 bar[AN_REPORT_BAR + 1], *line;
	int64_t	 max = 0;
	int	 k;

	for (k = 0; k < nbins; k++)
		if (counts[k] > max)
			max = counts[k];
	for (k = 0; k < nbins; k++) {
		rep_bar(bar, counts[k], max);
		line = xasprintf("  %10.4g .. %-10.4g %8lld |%s",
		    lo + (hi - lo) * k / nbins,
		    lo + (hi - lo) * (k + 1) / nbins, (long long)counts[k],
		    bar);
		fn(arg, AN_LINE_BODY, line);
		free(line);
	}
}

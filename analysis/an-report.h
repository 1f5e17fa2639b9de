/*
 * an-report.h - the text lines of the statistics' reports, written once
 * for `canopy calibrate`, `canopy hist` and `canopy disagree` and for the
 * TUI's views of them, so both show the same numbers the same way. Each
 * line goes to a callback (the CLI prints it, the TUI lists it); the
 * callers write their own titles.
 */
#ifndef CN_AN_REPORT_H
#define CN_AN_REPORT_H

#include "analysis.h"

/* Bars of the text tables: ASCII, so any terminal shows them. */
#define AN_REPORT_BAR	30

/* What a line is, for a caller that colours them. */
enum an_line {
	AN_LINE_TITLE,
	AN_LINE_HEADER,
	AN_LINE_BODY
};
typedef void	an_line_fn(void *arg, enum an_line, const char *line);

/* What the scale means, in a few words. */
const char	*an_report_scale_help(enum an_scale);

/*
 * The reliability table of c: "title: N pairs" (and the rescaling), the
 * column header, a line per bin with its bar, then Brier and AUROC.
 */
void	 an_report_calib(const struct an_calib *c, const char *title,
	    an_line_fn *, void *arg);

/* A line per bin of a histogram over [lo, hi], bars scaled to the max. */
void	 an_report_hist(const int64_t *counts, int nbins, double lo,
	    double hi, an_line_fn *, void *arg);

#endif /* CN_AN_REPORT_H */

/*
 * view-calib.c - calibration of a signal against outcome, mc or human
 * ratings (the reliability table: bins, counts, mean predicted, observed
 * rate with a text bar; Brier score and AUROC), overall and per depth,
 * and the distribution of a signal per depth (:hist). The pairs are read
 * and computed as `canopy calibrate --by-depth` and `canopy hist
 * --by-depth` do (query.h), on a worker (cmpview.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "an-report.h"
#include "cmpview.h"
#include "query.h"

#define CB_BINS		10

struct cb_job {
	struct cv_out		 out;
	int			 hist;		/* :hist rather than :calib */
	char			*sa, *sb;	/* sb NULL for :hist */
	int			 bins;
	int64_t			 trace;		/* 0: every trace */
	struct query_pairs	 p;		/* over the traces read */
};

static void
cb_free(void *arg)
{
	struct cb_job	*j = arg;

	cv_out_free(&j->out);
	free(j->sa);
	free(j->sb);
	query_pairs_free(&j->p);
	free(j);
}

/* Lists a line of a report (an-report.h) in the view. */
static void
cb_line(void *arg, enum an_line kind, const char *line)
{
	static const enum theme_role	 roles[] = {
		[AN_LINE_TITLE] = ROLE_TITLE,
		[AN_LINE_HEADER] = ROLE_HEADER,
		[AN_LINE_BODY] = ROLE_DEFAULT
	};

	cv_add(arg, 0, roles[kind], "%s", line);
}

static void
cb_table(struct cv_out *o, const struct an_calib *c, const char *title)
{
	an_report_calib(c, title, cb_line, o);
	cv_add(o, 0, ROLE_DEFAULT, "%s", "");
}

static void
cb_calib(struct cb_job *j, double *a, double *b)
{
	struct an_calib	*cal;
	char		*title;
	uint32_t	 m;
	int		 d;

	cal = xmalloc(sizeof *cal);
	an_calibrate(j->p.a, j->p.b, j->p.n, j->bins, cal);
	title = xasprintf("%s against %s, all depths", j->sa, j->sb);
	cb_table(&j->out, cal, title);
	free(title);
	for (d = 0; d <= j->p.maxd; d++) {
		if ((m = query_pairs_at(&j->p, d, a, b)) == 0)
			continue;
		an_calibrate(a, b, m, j->bins, cal);
		title = xasprintf("depth %d", d);
		cb_table(&j->out, cal, title);
		free(title);
	}
	free(cal);
}

static void
cb_hist1(struct cb_job *j, int d, double lo, double hi, int64_t *counts,
    double *tmp)
{
	int64_t		 total;
	uint32_t	 m;

	if ((m = query_pairs_at(&j->p, d, tmp, NULL)) == 0)
		return;
	total = an_hist(tmp, m, lo, hi, j->bins, counts);
	if (d < 0)
		cv_add(&j->out, 0, ROLE_TITLE, "%s, all depths: %lld values",
		    j->sa, (long long)total);
	else
		cv_add(&j->out, 0, ROLE_TITLE, "depth %d: %lld values", d,
		    (long long)total);
	an_report_hist(counts, j->bins, lo, hi, cb_line, &j->out);
	cv_add(&j->out, 0, ROLE_DEFAULT, "%s", "");
}

static void
cb_hist(struct cb_job *j, double *tmp)
{
	int64_t	*counts;
	double	 lo, hi;
	int	 d;

	if (!an_range(j->p.a, j->p.n, &lo, &hi)) {
		cv_add(&j->out, 0, ROLE_DIM, "no node has %s", j->sa);
		return;
	}
	counts = xcalloc((size_t)j->bins + 1, sizeof *counts);
	cb_hist1(j, -1, lo, hi, counts, tmp);
	for (d = 0; d <= j->p.maxd; d++)
		cb_hist1(j, d, lo, hi, counts, tmp);
	free(counts);
}

static int
cb_run(struct worker *w, struct store *st, void *arg, char **cause)
{
	struct cb_job	*j = arg;
	double		*a, *b;

	if (cv_signal_check(st, j->sa, j->sb, cause) != 0 ||
	    cv_traces_each(w, st, j->trace, query_pairs_add, &j->p, cause) != 0)
		return -1;
	a = xcalloc((size_t)j->p.n + 1, sizeof *a);
	b = xcalloc((size_t)j->p.n + 1, sizeof *b);
	if (j->hist)
		cb_hist(j, a);
	else
		cb_calib(j, a, b);
	free(a);
	free(b);
	return 0;
}

/*
 * :calibrate SIGNAL [AGAINST] [all|trace] [BINS] (AGAINST: outcome, mc,
 * rating or any signal; outcome by default) and :hist SIGNAL [all|trace]
 * [BINS].
 */
static int
cb_command(struct tui *t, const char *arg, int hist)
{
	struct cb_job	*j;
	struct cv_job	 job;
	struct cv_args	 ca;
	const char	*what = hist ? "hist" : "calibrate";
	int64_t		 trace;

	if (cv_args_parse(t, what, "", arg, hist ? 1 : 2, 0, &ca) != 0)
		return TUI_HANDLED | TUI_REDRAW;
	if (ca.sig[0] == NULL) {
		tui_message(t, 1, hist ? "hist: name a signal, e.g. :hist q"
		    " [all] [BINS]" : "calibrate: name a signal, e.g."
		    " :calibrate q [outcome|mc|rating] [all] [BINS]");
		cv_args_free(&ca);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (cv_args_trace(t, what, &ca, &trace) != 0) {
		cv_args_free(&ca);
		return TUI_HANDLED | TUI_REDRAW;
	}
	j = xcalloc(1, sizeof *j);
	j->hist = hist;
	j->bins = cv_args_num(&ca, CB_BINS, AN_CALIB_MAXBINS);
	j->sa = ca.sig[0];
	j->sb = hist ? NULL : ca.sig[1] != NULL ? ca.sig[1] :
	    xstrdup("outcome");
	j->p.sa = j->sa;
	j->p.sb = j->sb;
	j->trace = trace;
	job = (struct cv_job){ cb_run, cb_free, j, &j->out };
	if (hist)
		cmpview_start(t, VIEW_CALIB, &job, "distribution of %s per"
		    " depth, %d bins%s", j->sa, j->bins, j->trace > 0 ? "" :
		    ", all traces");
	else
		cmpview_start(t, VIEW_CALIB, &job, "calibration of %s against"
		    " %s, %d bins%s", j->sa, j->sb, j->bins, j->trace > 0 ?
		    "" : ", all traces");
	return TUI_HANDLED | TUI_REDRAW;
}

int
calib_command(struct tui *t, const char *arg)
{
	return cb_command(t, arg, 0);
}

int
hist_command(struct tui *t, const char *arg)
{
	return cb_command(t, arg, 1);
}

const struct view_ops view_calib_ops = CMPVIEW_OPS("calib");

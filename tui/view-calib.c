/*
 * view-calib.c - calibration of a signal against outcome, mc or human
 * ratings (the reliability table: bins, counts, mean predicted, observed
 * rate with a text bar; Brier score and AUROC), overall and per depth,
 * and the distribution of a signal per depth (:hist). The pairs are read
 * and computed as `canopy calibrate --by-depth` and `canopy hist
 * --by-depth` do (store_dtree_* and analysis.h), on a worker (cmpview.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "an-report.h"
#include "cmpview.h"
#include "store-derive.h"

#define CB_BINS		10

struct cb_job {
	struct cv_out	 out;
	int		 hist;		/* :hist rather than :calib */
	char		*sa, *sb;	/* sb NULL for :hist */
	int		 bins;
	int64_t		 trace;		/* 0: every trace */
	/* The pairs over the traces read, with their depths. */
	double		*a, *b;
	int32_t		*depth;
	uint32_t	 n, cap;
	int		 maxd;
};

static void
cb_free(void *arg)
{
	struct cb_job	*j = arg;

	cv_out_free(&j->out);
	free(j->sa);
	free(j->sb);
	free(j->a);
	free(j->b);
	free(j->depth);
	free(j);
}

/* Appends the nodes of trace that have signal sa (and sb, when set). */
static int
cb_load(struct store *st, int64_t trace, void *arg, char **cause)
{
	struct cb_job		*j = arg;
	struct store_dtree	 dt;
	struct an_tree		 t;
	double			*a, *b;
	uint32_t		 i;
	int			 rc = -1;

	if (store_dtree_load(st, trace, store_dtree_want(j->sa) |
	    (j->sb != NULL ? store_dtree_want(j->sb) : 0), &dt, cause) != 0)
		return -1;
	an_tree_build(&t, dt.parent, dt.n);
	a = xcalloc(dt.n + 1, sizeof *a);
	b = xcalloc(dt.n + 1, sizeof *b);
	if (store_dtree_signal(st, &dt, j->sa, a, cause) != 0 ||
	    (j->sb != NULL && store_dtree_signal(st, &dt, j->sb, b,
	    cause) != 0))
		goto out;
	for (i = 0; i < dt.n; i++) {
		if (!cn_hasval(a[i]) || t.depth[i] < 0)
			continue;
		if (j->sb != NULL && !cn_hasval(b[i]))
			continue;
		if (j->n == j->cap) {
			j->cap = j->cap == 0 ? 1024 : j->cap * 2;
			j->a = xreallocarray(j->a, j->cap, sizeof *j->a);
			j->b = xreallocarray(j->b, j->cap, sizeof *j->b);
			j->depth = xreallocarray(j->depth, j->cap,
			    sizeof *j->depth);
		}
		j->a[j->n] = a[i];
		j->b[j->n] = j->sb != NULL ? b[i] : CN_NOVAL;
		j->depth[j->n] = t.depth[i];
		if (t.depth[i] > j->maxd)
			j->maxd = t.depth[i];
		j->n++;
	}
	rc = 0;
out:
	free(a);
	free(b);
	an_tree_free(&t);
	store_dtree_free(&dt);
	return rc;
}

/* The pairs at depth d (d < 0: all) into a and b. */
static uint32_t
cb_at(const struct cb_job *j, int d, double *a, double *b)
{
	uint32_t	i, m = 0;

	for (i = 0; i < j->n; i++) {
		if (d >= 0 && j->depth[i] != d)
			continue;
		a[m] = j->a[i];
		b[m++] = j->b[i];
	}
	return m;
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
	an_calibrate(j->a, j->b, j->n, j->bins, cal);
	title = xasprintf("%s against %s, all depths", j->sa, j->sb);
	cb_table(&j->out, cal, title);
	free(title);
	for (d = 0; d <= j->maxd; d++) {
		if ((m = cb_at(j, d, a, b)) == 0)
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
	uint32_t	 i, m = 0;

	for (i = 0; i < j->n; i++)
		if (d < 0 || j->depth[i] == d)
			tmp[m++] = j->a[i];
	if (m == 0)
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

	if (!an_range(j->a, j->n, &lo, &hi)) {
		cv_add(&j->out, 0, ROLE_DIM, "no node has %s", j->sa);
		return;
	}
	counts = xcalloc((size_t)j->bins + 1, sizeof *counts);
	cb_hist1(j, -1, lo, hi, counts, tmp);
	for (d = 0; d <= j->maxd; d++)
		cb_hist1(j, d, lo, hi, counts, tmp);
	free(counts);
}

static int
cb_run(struct worker *w, struct store *st, void *arg, char **cause)
{
	struct cb_job	*j = arg;
	double		*a, *b;

	if (cv_signal_check(st, j->sa, j->sb, cause) != 0 ||
	    cv_traces_each(w, st, j->trace, cb_load, j, cause) != 0)
		return -1;
	a = xcalloc((size_t)j->n + 1, sizeof *a);
	b = xcalloc((size_t)j->n + 1, sizeof *b);
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

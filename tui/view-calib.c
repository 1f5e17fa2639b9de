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
#include "cmpview.h"
#include "store-derive.h"

#define CB_BINS		10
#define CB_BAR		30

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
cb_load(struct store *st, struct cb_job *j, int64_t trace, char **cause)
{
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

static void
cb_bar(char *buf, int64_t count, int64_t max)
{
	int	w = max > 0 ? (int)((count * CB_BAR + max - 1) / max) : 0;

	memset(buf, '#', (size_t)w);
	buf[w] = '\0';
}

static void
cb_num(char *buf, size_t len, double v, int width, int prec)
{
	if (cn_hasval(v))
		snprintf(buf, len, "%*.*f", width, prec, v);
	else
		snprintf(buf, len, "%*s", width, "-");
}

static void
cb_table(struct cv_out *o, const struct an_calib *c, const char *title)
{
	char	bar[CB_BAR + 1], mp[32], ob[32], br[32], au[32];
	int	k;

	if (c->scaled)
		cv_add(o, 0, ROLE_TITLE, "%s: %lld pairs (predictions rescaled"
		    " from [%.4g, %.4g] to [0, 1])", title, (long long)c->n,
		    c->lo, c->hi);
	else
		cv_add(o, 0, ROLE_TITLE, "%s: %lld pairs", title,
		    (long long)c->n);
	cv_add(o, 0, ROLE_HEADER, "  %-11s %8s %9s %9s", "bin", "count",
	    "mean pred", "observed");
	for (k = 0; k < c->nbins; k++) {
		cb_num(mp, sizeof mp, c->bins[k].mean_pred, 9, 3);
		cb_num(ob, sizeof ob, c->bins[k].observed, 9, 3);
		bar[0] = '\0';
		if (cn_hasval(c->bins[k].observed))
			cb_bar(bar, (int64_t)(c->bins[k].observed * 1000 +
			    0.5), 1000);
		cv_add(o, 0, ROLE_DEFAULT, "  %.2f-%.2f  %8lld %s %s  |%s",
		    (double)k / c->nbins, (double)(k + 1) / c->nbins,
		    (long long)c->bins[k].count, mp, ob, bar);
	}
	cb_num(br, sizeof br, c->brier, 0, 4);
	cb_num(au, sizeof au, c->auroc, 0, 4);
	cv_add(o, 0, ROLE_DEFAULT, "  Brier %s  AUROC %s", br, au);
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
	char		 bar[CB_BAR + 1];
	int64_t		 max = 0, total;
	uint32_t	 i, m = 0;
	int		 k;

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
	for (k = 0; k < j->bins; k++)
		if (counts[k] > max)
			max = counts[k];
	for (k = 0; k < j->bins; k++) {
		cb_bar(bar, counts[k], max);
		cv_add(&j->out, 0, ROLE_DEFAULT,
		    "  %10.4g .. %-10.4g %8lld |%s",
		    lo + (hi - lo) * k / j->bins,
		    lo + (hi - lo) * (k + 1) / j->bins,
		    (long long)counts[k], bar);
	}
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
	struct cb_job		*j = arg;
	struct cv_traces	 l;
	double			*a, *b;
	size_t			 i;

	if (cv_signal_check(st, j->sa, cause) != 0 ||
	    (j->sb != NULL && cv_signal_check(st, j->sb, cause) != 0))
		return -1;
	if (cv_traces_load(st, j->trace, &l, cause) != 0)
		return -1;
	for (i = 0; i < l.n && !worker_cancelled(w); i++) {
		worker_progress(w, (int64_t)i, (int64_t)l.n);
		if (cb_load(st, j, l.ids[i], cause) != 0) {
			free(l.ids);
			return -1;
		}
	}
	worker_progress(w, (int64_t)l.n, (int64_t)l.n);
	free(l.ids);
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
	char		*s, *p, *word, *title;
	const char	*what = hist ? "hist" : "calibrate";
	int		 all = -1;
	long		 v;

	j = xcalloc(1, sizeof *j);
	j->hist = hist;
	j->bins = CB_BINS;
	s = xstrdup(arg);
	for (p = s; (word = strsep(&p, " \t")) != NULL;) {
		if (*word == '\0')
			continue;
		if (strcmp(word, "all") == 0)
			all = 1;
		else if (strcmp(word, "trace") == 0)
			all = 0;
		else if (strspn(word, "0123456789") == strlen(word)) {
			v = strtol(word, NULL, 10);
			j->bins = v < 1 ? 1 : v > AN_CALIB_MAXBINS ?
			    AN_CALIB_MAXBINS : (int)v;
		} else if (j->sa == NULL)
			j->sa = xstrdup(word);
		else if (j->sb == NULL && !hist)
			j->sb = xstrdup(word);
		else {
			tui_message(t, 1, "%s: unexpected '%s'", what, word);
			free(s);
			cb_free(j);
			return TUI_HANDLED | TUI_REDRAW;
		}
	}
	free(s);
	if (j->sa == NULL) {
		tui_message(t, 1, hist ? "hist: name a signal, e.g. :hist q"
		    " [all] [BINS]" : "calibrate: name a signal, e.g."
		    " :calibrate q [outcome|mc|rating] [all] [BINS]");
		cb_free(j);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (!hist && j->sb == NULL)
		j->sb = xstrdup("outcome");
	if (all == 0 && !tui_view(t, VIEW_TREE)->is_open) {
		tui_message(t, 1, "%s: no trace open (use all)", what);
		cb_free(j);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (all != 1 && tui_view(t, VIEW_TREE)->is_open)
		j->trace = t->open_trace;
	if (hist)
		title = xasprintf("distribution of %s per depth, %d bins%s",
		    j->sa, j->bins, j->trace > 0 ? "" : ", all traces");
	else
		title = xasprintf("calibration of %s against %s, %d bins%s",
		    j->sa, j->sb, j->bins, j->trace > 0 ? "" :
		    ", all traces");
	job.run = cb_run;
	job.free = cb_free;
	job.arg = j;
	job.out = &j->out;
	cmpview_start(t, VIEW_CALIB, title, &job);
	free(title);
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

const struct view_ops view_calib_ops = {
	.name = "calib",
	.keymap = KEYMAP_TREE,
	.detail = 0,
	.open = cmpview_open,
	.draw = cmpview_draw,
	.action = cmpview_action,
	.key = NULL,
	.mouse = NULL,
	.reload = NULL,
	.resize = NULL,
	.status = cmpview_status,
	.idle = cmpview_idle,
	.close = cmpview_close,
};

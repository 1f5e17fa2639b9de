/*
 * cli-calib.c - `canopy calibrate` (reliability table, Brier score, AUROC)
 * and `canopy hist` (distributions): a signal pair loaded over the chosen
 * traces, handed to analysis/, printed as text tables with ASCII bars.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "an-report.h"
#include "cli.h"
#include "json-out.h"
#include "query.h"
#include "cli-analysis.h"

/* ---- loading a signal pair over the chosen traces ---- */

/* Prints a line of a report (an-report.h). */
static void
print_line(void *arg, enum an_line kind, const char *line)
{
	(void)arg;
	(void)kind;
	printf("%s\n", line);
}

/* ---- canopy calibrate ---- */

static void
calib_json(struct jw *w, const struct an_calib *c, int depth)
{
	int	b;

	jw_obj_begin(w);
	if (depth >= 0) {
		jw_kint(w, "depth", depth);
	}
	jw_kint(w, "n", c->n);
	jw_kbool(w, "scaled", c->scaled);
	if (c->scaled) {
		jw_key(w, "from");
		jw_arr_begin(w);
		jw_num(w, c->lo);
		jw_num(w, c->hi);
		jw_arr_end(w);
	}
	jw_knum(w, "brier", c->brier);
	jw_knum(w, "auroc", c->auroc);
	jw_key(w, "bins");
	jw_arr_begin(w);
	for (b = 0; b < c->nbins; b++) {
		jw_obj_begin(w);
		jw_knum(w, "lo", (double)b / c->nbins);
		jw_knum(w, "hi", (double)(b + 1) / c->nbins);
		jw_kint(w, "count", c->bins[b].count);
		jw_knum(w, "mean_pred", c->bins[b].mean_pred);
		jw_knum(w, "observed", c->bins[b].observed);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
}

int
cli_an_calibrate(const struct cli_cmd *c, struct store *st,
    const struct aopts *o)
{
	struct query_pairs	 p = { .sa = o->signal, .sb = o->against };
	struct an_calib		*cal;
	struct jw		 w;
	double			*a, *b;
	char			*title;
	uint32_t		 m;
	int			 d;

	if (cli_an_each(c->name, st, o->trace, o->signal, o->against,
	    query_pairs_add, &p) != 0) {
		query_pairs_free(&p);
		return CLI_FAIL;
	}
	cal = xmalloc(sizeof *cal);
	a = xcalloc(p.n + 1, sizeof *a);
	b = xcalloc(p.n + 1, sizeof *b);
	jw_init(&w);
	if (o->json) {
		jw_obj_begin(&w);
		jw_kstr(&w, "signal", o->signal);
		jw_kstr(&w, "against", o->against);
		jw_key(&w, "overall");
	}
	an_calibrate(p.a, p.b, p.n, o->bins, cal);
	if (o->json)
		calib_json(&w, cal, -1);
	else {
		char	*es = cli_an_esc(o->signal), *ea = cli_an_esc(o->against);

		title = xasprintf("%s against %s, all depths", es, ea);
		free(es);
		free(ea);
		an_report_calib(cal, title, print_line, NULL);
		free(title);
	}
	if (o->by_depth) {
		if (o->json) {
			jw_key(&w, "by_depth");
			jw_arr_begin(&w);
		}
		for (d = 0; d <= p.maxd; d++) {
			if ((m = query_pairs_at(&p, d, a, b)) == 0)
				continue;
			an_calibrate(a, b, m, o->bins, cal);
			if (o->json) {
				calib_json(&w, cal, d);
				continue;
			}
			title = xasprintf("\ndepth %d", d);
			an_report_calib(cal, title, print_line, NULL);
			free(title);
		}
		if (o->json)
			jw_arr_end(&w);
	}
	if (o->json) {
		jw_obj_end(&w);
		buf_addc(&w.b, '\n');
		fwrite(w.b.s, 1, w.b.len, stdout);
	}
	jw_free(&w);
	free(a);
	free(b);
	free(cal);
	query_pairs_free(&p);
	return CLI_OK;
}

/* ---- canopy hist ---- */

static void
hist_text(const struct query_pairs *p, int d, double lo, double hi,
    int bins, int64_t *counts, double *tmp)
{
	int64_t		 total;
	uint32_t	 m;

	m = query_pairs_at(p, d, tmp, NULL);
	total = an_hist(tmp, m, lo, hi, bins, counts);
	if (d < 0)
		printf("all depths: %lld values\n", (long long)total);
	else
		printf("\ndepth %d: %lld values\n", d, (long long)total);
	an_report_hist(counts, bins, lo, hi, print_line, NULL);
}

int
cli_an_hist(const struct cli_cmd *c, struct store *st, const struct aopts *o)
{
	struct query_pairs	 p = { .sa = o->signal };
	int64_t			*counts;
	double			*tmp, lo = 0, hi = 0;
	char			*e;
	int			 d;

	if (cli_an_each(c->name, st, o->trace, o->signal, NULL,
	    query_pairs_add, &p) != 0) {
		query_pairs_free(&p);
		return CLI_FAIL;
	}
	if (!an_range(p.a, p.n, &lo, &hi)) {
		char	*et = cli_an_esc(o->trace != NULL ? o->trace : "(all)");

		e = cli_an_esc(o->signal);
		query_pairs_free(&p);
		cli_fail(c->name, "no node of trace %s has signal '%s'", et,
		    e);
		free(et);
		free(e);
		return CLI_FAIL;
	}
	counts = xcalloc((size_t)o->bins, sizeof *counts);
	tmp = xcalloc(p.n + 1, sizeof *tmp);
	e = cli_an_esc(o->signal);
	printf("%s: %u values in [%.4g, %.4g]\n", e, p.n, lo, hi);
	free(e);
	hist_text(&p, -1, lo, hi, o->bins, counts, tmp);
	for (d = 0; o->by_depth && d <= p.maxd; d++) {
		uint32_t	i;

		for (i = 0; i < p.n && p.depth[i] != d; i++)
			;
		if (i < p.n)
			hist_text(&p, d, lo, hi, o->bins, counts, tmp);
	}
	free(counts);
	free(tmp);
	query_pairs_free(&p);
	return CLI_OK;
}


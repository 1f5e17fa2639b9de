/*
 * cli-export.c - `canopy export` and `canopy agreement`: labels out of
 * the database, as training data (export-*.c) or as agreement numbers
 * between authors (analysis/agreement.c). Reads only.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "agreement.h"
#include "export.h"
#include "hmap.h"
#include "json-out.h"
#include "report.h"
#include "store-export.h"

/* Resolves --trace to a database id; prints why not and returns -1. */
static int
cx_trace(const char *cmd, struct store *st, const char *name, int64_t *id)
{
	struct cn_trace	 t;
	struct cn_buf	 b;
	char		*cause = NULL;
	int		 r;

	*id = 0;
	if (name == NULL)
		return 0;
	if ((r = store_trace_find(st, name, &t, &cause)) == 1) {
		*id = t.id;
		cn_trace_clear(&t);
		return 0;
	}
	if (r == 0) {
		buf_init(&b);
		cli_escape(&b, name, 0, 0);
		cli_fail(cmd, "no trace %s", b.s);
		buf_free(&b);
	} else
		cli_fail_cause(cmd, cause, NULL);
	return -1;
}

int
cmd_export(int argc, char **argv, const char *db)
{
	const struct export_format	*f = NULL;
	struct export_opts		 o = { NULL, 0 };
	struct export_counts		 n;
	struct cli_ctx			 ctx;
	const char			*format = NULL, *trace = NULL;
	const char			*output = NULL;
	int				 rc;
	const struct cli_opt		 opts[] = {
		CLI_OPT_STR("format", 'f', &format),
		CLI_OPT_STR("author", 0, &o.author),
		CLI_OPT_STR("trace", 0, &trace),
		CLI_OPT_STR("output", 'o', &output),
		CLI_OPT_END
	};

	cli_ctx_init(&ctx, "export");
	if ((rc = cli_opts_only(ctx.cmd, argc, argv, opts, &db)) >= 0)
		return rc;
	if (format == NULL)
		return cli_usage_error(ctx.cmd, "--format is required");
	if ((f = export_format_find(format)) == NULL)
		return cli_usage_error(ctx.cmd,
		    "unknown format '%s' (see --help)", format);
	memset(&n, 0, sizeof n);
	if (cli_ctx_open(&ctx, CLI_DB_READ, db) != 0 ||
	    cx_trace("export", ctx.st, trace, &o.trace) != 0 ||
	    cli_out_begin(&ctx.out, "export", output) != CLI_OK)
		goto out;
	if (f->run(ctx.st, &o, ctx.out.f, &n, &ctx.cause) != 0 ||
	    fflush(ctx.out.f) != 0) {
		cli_ctx_fail(&ctx, "write failed");
		goto out;
	}
	if (cli_out_commit(&ctx.out) != CLI_OK)
		goto out;
	fprintf(stderr, "export: %lld record%s, %lld label%s (%s)\n",
	    (long long)n.records, n.records == 1 ? "" : "s",
	    (long long)n.labels, n.labels == 1 ? "" : "s", f->name);
	if (n.skipped > 0) {
		struct cn_buf	b;

		buf_init(&b);
		cli_escape(&b, n.first_skip, 0, 0);
		fprintf(stderr, "export: %lld not written, the format cannot "
		    "hold them; the first: %s\n", (long long)n.skipped, b.s);
		buf_free(&b);
	}
	ctx.rc = CLI_OK;
out:
	free(n.first_skip);
	return cli_ctx_end(&ctx);
}

/* Every rating, with its trace, as agreement reads them. */
struct cx_ratings {
	struct agreement_rating	*r;
	int64_t			*trace;
	size_t			 n, cap;
	struct hmap		 authors;	/* author -> rater number */
	char			**names;	/* rater number -> author */
	size_t			 nnames;
};

static int
cx_rating_add(const struct store_label_row *l, void *arg)
{
	struct cx_ratings	*x = arg;
	struct hmap_ent		*e;
	int			 added;

	e = hmap_add(&x->authors, l->author, &added);
	if (added) {
		e->val = (int64_t)x->nnames;
		x->names = xreallocarray(x->names, x->nnames + 1,
		    sizeof *x->names);
		x->names[x->nnames++] = xstrdup(l->author);
	}
	if (x->n == x->cap) {
		x->r = xgrow(x->r, &x->cap, 1024, sizeof *x->r);
		x->trace = xreallocarray(x->trace, x->cap, sizeof *x->trace);
	}
	x->r[x->n].item = l->node_id;
	x->r[x->n].rater = (int)e->val;
	x->r[x->n].cat = l->rating == CN_NORATING ? -1 : l->rating + 1;
	x->trace[x->n] = l->trace_id;
	x->n++;
	return 0;
}

static void
cx_ratings_free(struct cx_ratings *x)
{
	xfree_strv(x->names, x->nnames);
	free(x->r);
	free(x->trace);
	hmap_free(&x->authors);
}

static void
cx_agreement_json(struct jw *w, const struct agreement *a)
{
	jw_kint(w, "items", (int64_t)a->items);
	jw_kint(w, "ratings", (int64_t)a->ratings);
	jw_kint(w, "raters", a->raters);
	jw_kint(w, "disagreed", (int64_t)a->disagreed);
	jw_knum(w, "percent", isnan(a->percent) ? NAN : a->percent * 100);
	jw_knum(w, "cohen", a->cohen);
	jw_knum(w, "fleiss", a->fleiss);
}

/* A number of the table (a percent or a kappa), "-" when undefined. */
static void
cx_num(struct cn_buf *b, double v, int percent, int w)
{
	char	s[32];

	if (isnan(v))
		snprintf(s, sizeof s, "-");
	else if (percent)
		snprintf(s, sizeof s, "%.1f%%", v);
	else
		snprintf(s, sizeof s, "%.3f", v);
	buf_printf(b, "%*s", w, s);
}

static void
cx_agreement_line(struct cn_buf *b, const char *name,
    const struct agreement *a)
{
	size_t	w;

	w = cli_escape(b, name, 24, 1);
	buf_printf(b, "%*s", (int)(26 - w), "");
	buf_printf(b, "%7zu %6d %9zu ", a->items, a->raters, a->disagreed);
	cx_num(b, a->percent * 100, 1, 7);
	cx_num(b, a->cohen, 0, 8);
	cx_num(b, a->fleiss, 0, 8);
	buf_addc(b, '\n');
}

/* Rating positions by item, then input order. */
static const struct agreement_rating *cx_sort_r;

static int
cx_pos_cmp(const void *a, const void *b)
{
	size_t	x = *(const size_t *)a, y = *(const size_t *)b;

	if (cx_sort_r[x].item != cx_sort_r[y].item)
		return cx_sort_r[x].item < cx_sort_r[y].item ? -1 : 1;
	return x < y ? -1 : x > y;
}

/*
 * Prints the nodes where authors disagree (agreement_disagreements), each
 * with every author's last rating of it.
 */
static int
cx_disagreements(struct store *st, const struct cx_ratings *x, int json)
{
	int64_t		*items;
	size_t		*pos, n, i, j, k, m, d = 0;
	struct jw	 w;
	struct cn_buf	 b;
	char		*addr;

	agreement_disagreements(x->r, x->n, &items, &n);
	pos = xreallocarray(NULL, x->n + 1, sizeof *pos);
	for (i = 0; i < x->n; i++)
		pos[i] = i;
	cx_sort_r = x->r;
	if (x->n > 1)
		qsort(pos, x->n, sizeof *pos, cx_pos_cmp);
	jw_init(&w);
	buf_init(&b);
	for (i = 0; i < x->n && d < n; i = j) {
		for (j = i + 1; j < x->n &&
		    x->r[pos[j]].item == x->r[pos[i]].item; j++)
			;
		if (x->r[pos[i]].item != items[d])
			continue;
		d++;
		addr = store_node_address(st, x->r[pos[i]].item);
		jw_reset(&w);
		buf_reset(&b);
		if (json) {
			jw_obj_begin(&w);
			jw_kstr(&w, "address", addr);
			jw_key(&w, "ratings");
			jw_obj_begin(&w);
		} else
			cli_escape(&b, addr != NULL ? addr : "?", 0, 1);
		for (k = i; k < j; k++) {
			const struct agreement_rating *r = &x->r[pos[k]];

			if (r->cat < 0)
				continue;
			/* Only an author's last rating counts. */
			for (m = k + 1; m < j; m++)
				if (x->r[pos[m]].rater == r->rater &&
				    x->r[pos[m]].cat >= 0)
					break;
			if (m < j)
				continue;
			if (json) {
				jw_kint(&w, x->names[r->rater], r->cat - 1);
			} else {
				buf_adds(&b, "  ");
				cli_escape(&b, x->names[r->rater], 0, 1);
				buf_printf(&b, "=%+d", r->cat - 1);
			}
		}
		if (json) {
			jw_obj_end(&w);
			jw_obj_end(&w);
			printf("%s\n", w.b.s);
		} else
			printf("%s\n", b.s);
		free(addr);
	}
	free(pos);
	free(items);
	jw_free(&w);
	buf_free(&b);
	return CLI_OK;
}

int
cmd_agreement(int argc, char **argv, const char *db)
{
	struct cx_ratings		 x;
	struct agreement		 a;
	struct cn_trace			 t;
	struct cli_ctx			 ctx;
	struct jw			 w;
	struct cn_buf			 b;
	const char			*trace = NULL;
	int64_t				 tid;
	size_t				 i, j;
	int				 json = 0, dis = 0, rc;
	const struct cli_opt		 opts[] = {
		CLI_OPT_STR("trace", 0, &trace),
		CLI_OPT_FLAG("json", 0, &json),
		CLI_OPT_FLAG("disagreements", 0, &dis),
		CLI_OPT_END
	};

	cli_ctx_init(&ctx, "agreement");
	if ((rc = cli_opts_only(ctx.cmd, argc, argv, opts, &db)) >= 0)
		return rc;
	if (cli_ctx_open(&ctx, CLI_DB_READ, db) != 0)
		return cli_ctx_end(&ctx);
	memset(&x, 0, sizeof x);
	hmap_init(&x.authors);
	jw_init(&w);
	buf_init(&b);
	if (cx_trace("agreement", ctx.st, trace, &tid) != 0)
		goto out;
	if (store_labels_each(ctx.st, NULL, tid, cx_rating_add, &x,
	    &ctx.cause) != 0) {
		cli_ctx_fail(&ctx, NULL);
		goto out;
	}
	if (dis) {
		ctx.rc = cx_disagreements(ctx.st, &x, json);
		goto out;
	}
	if (json) {
		jw_obj_begin(&w);
		jw_key(&w, "traces");
		jw_arr_begin(&w);
	} else
		printf("%-26s%7s %6s %9s %7s %8s %8s\n", "trace", "items",
		    "raters", "disagreed", "agree", "cohen", "fleiss");
	/* Labels come in trace order: one run per trace. */
	for (i = 0; i < x.n; i = j) {
		for (j = i + 1; j < x.n && x.trace[j] == x.trace[i]; j++)
			;
		if (agreement_compute(x.r + i, j - i, 3, &a,
		    &ctx.cause) != 0) {
			cli_ctx_fail(&ctx, NULL);
			goto out;
		}
		if (a.items == 0)
			continue;	/* nobody else rated its steps */
		if (store_trace_get(ctx.st, x.trace[i], &t,
		    &ctx.cause) != 1) {
			cli_ctx_fail(&ctx, "trace vanished");
			goto out;
		}
		if (json) {
			jw_obj_begin(&w);
			jw_kstr(&w, "trace", t.ext_id);
			cx_agreement_json(&w, &a);
			jw_obj_end(&w);
		} else {
			buf_reset(&b);
			cx_agreement_line(&b, t.ext_id, &a);
			fputs(b.s, stdout);
		}
		cn_trace_clear(&t);
	}
	if (agreement_compute(x.r, x.n, 3, &a, &ctx.cause) != 0) {
		cli_ctx_fail(&ctx, NULL);
		goto out;
	}
	if (json) {
		jw_arr_end(&w);
		jw_key(&w, "overall");
		jw_obj_begin(&w);
		cx_agreement_json(&w, &a);
		jw_obj_end(&w);
		jw_obj_end(&w);
		printf("%s\n", w.b.s);
	} else {
		buf_reset(&b);
		cx_agreement_line(&b, "overall", &a);
		fputs(b.s, stdout);
	}
	ctx.rc = CLI_OK;
out:
	cx_ratings_free(&x);
	jw_free(&w);
	buf_free(&b);
	return cli_ctx_end(&ctx);
}

int
cmd_report(int argc, char **argv, const char *db)
{
	struct cli_ctx			 ctx;
	struct cn_buf			 b;
	const char			*output = NULL, *format = "md";
	int64_t				 id;
	int				 r, rc, fmt;
	const struct cli_opt		 opts[] = {
		CLI_OPT_STR("format", 'f', &format),
		CLI_OPT_STR("output", 'o', &output),
		CLI_OPT_END
	};

	cli_ctx_init(&ctx, "report");
	if ((rc = cli_opts(ctx.cmd, argc, argv, opts, &db)) >= 0)
		return rc;
	if (optind + 1 != argc)
		return cli_usage_error(ctx.cmd, optind == argc ? "an address "
		    "is required" : "unexpected argument '%s'", argv[argc - 1]);
	if (strcmp(format, "md") == 0)
		fmt = REPORT_MD;
	else if (strcmp(format, "html") == 0)
		fmt = REPORT_HTML;
	else
		return cli_usage_error(ctx.cmd,
		    "unknown format '%s' (md or html)", format);
	if (cli_ctx_open(&ctx, CLI_DB_READ, db) != 0)
		return cli_ctx_end(&ctx);
	if ((r = store_node_resolve(ctx.st, argv[optind], &id,
	    &ctx.cause)) != 1) {
		buf_init(&b);
		cli_escape(&b, argv[optind], 0, 1);
		if (r == 0)
			cli_fail("report", "no node %s", b.s);
		else
			cli_fail("report", "%s: %s", b.s, ctx.cause);
		buf_free(&b);
		return cli_ctx_end(&ctx);
	}
	if (cli_out_begin(&ctx.out, "report", output) != CLI_OK)
		return cli_ctx_end(&ctx);
	if (report_write(ctx.st, id, fmt, ctx.out.f, &ctx.cause) != 0 ||
	    fflush(ctx.out.f) != 0)
		cli_ctx_fail(&ctx, "write failed");
	else
		ctx.rc = cli_out_commit(&ctx.out);
	return cli_ctx_end(&ctx);
}

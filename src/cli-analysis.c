/*
 * cli-analysis.c - the statistics commands `canopy derive` and `disagree`,
 * the options and the helpers they share with `calibrate` and `hist`
 * (cli-calib.c). Each loads traces in bulk (store-derive.h), hands the
 * arrays to analysis/ and prints; no statistic is computed here.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "an-report.h"
#include "cli.h"
#include "json-out.h"
#include "query.h"
#include "cli-analysis.h"

/*
 * s made safe for a terminal (cli_escape), as a heap string: signal and
 * trace names come from imported files and may hold control bytes.
 */
char *
cli_an_esc(const char *s)
{
	struct cn_buf	b;

	buf_init(&b);
	cli_escape(&b, s, 0, 0);
	return buf_take(&b);
}

int
cli_an_trace(const char *cmd, struct store *st, const char *trace,
    int64_t *id)
{
	struct cn_trace	 t;
	char		*cause = NULL, *e;
	int		 r;

	*id = 0;
	if (trace == NULL)
		return 0;
	memset(&t, 0, sizeof t);
	if ((r = store_trace_find(st, trace, &t, &cause)) < 0) {
		cli_fail(cmd, "%s", cause != NULL ? cause : "failed");
		free(cause);
		return -1;
	}
	if (r == 0) {
		e = cli_an_esc(trace);
		cli_fail(cmd, "no trace '%s' (see canopy traces)", e);
		free(e);
		return -1;
	}
	*id = t.id;
	cn_trace_clear(&t);
	return 0;
}

int
cli_an_each(const char *cmd, struct store *st, const char *trace,
    const char *sa, const char *sb, query_trace_fn *fn, void *arg)
{
	char	*cause = NULL;
	int64_t	 id;

	if ((sa != NULL && cli_an_signal_check(cmd, st, sa) != 0) ||
	    (sb != NULL && cli_an_signal_check(cmd, st, sb) != 0) ||
	    cli_an_trace(cmd, st, trace, &id) != 0)
		return -1;
	if (query_traces_each(st, id, fn, arg, NULL, NULL, &cause) != 0) {
		cli_fail(cmd, "%s", cause != NULL ? cause : "failed");
		free(cause);
		return -1;
	}
	return 0;
}

/* Fails unless signal name exists somewhere in the database. */
int
cli_an_signal_check(const char *cmd, struct store *st, const char *name)
{
	char	*cause = NULL, *e;
	int	 r;

	if ((r = store_signal_known(st, name, &cause)) == 1)
		return 0;
	if (r < 0) {
		cli_fail(cmd, "%s", cause);
		free(cause);
		return -1;
	}
	e = cli_an_esc(name);
	if (strcmp(name, "mc") == 0 || strcmp(name, "mc_hard") == 0 ||
	    strcmp(name, "best_leaf") == 0 || strncmp(name, "delta:", 6) == 0)
		cli_fail(cmd, "no node has signal '%s' (run canopy derive"
		    " first)", e);
	else
		cli_fail(cmd, "no node has signal '%s' (see canopy stats)",
		    e);
	free(e);
	return -1;
}

/* ---- canopy derive ---- */

struct derived {
	const char	*name;
	int64_t		 count;
};

/* Adds count values of signal name to the tally (names are borrowed). */
static void
tally(struct derived *d, size_t *nd, const char *name, int64_t count)
{
	size_t	i;

	for (i = 0; i < *nd; i++) {
		if (strcmp(d[i].name, name) == 0) {
			d[i].count += count;
			return;
		}
	}
	d[*nd].name = name;
	d[(*nd)++].count = count;
}

/* What run_derive hands each trace. */
struct derive_job {
	const struct aopts	*o;
	char			**names;	/* of the deltas, then diffs */
	struct derived		*d;
	size_t			 nd, ntraces;
};

/* Derives every signal of one trace and writes them in one pass. */
static int
derive_trace(struct store *st, int64_t trace, void *arg, char **cause)
{
	struct derive_job	*j = arg;
	const struct aopts	*o = j->o;
	struct store_dtree	 dt;
	struct an_tree		 t;
	const char		**wn;
	double			**v, *all, *a, *b;
	int64_t			*w;
	size_t			 i, k, nv = 3 + o->ndeltas + o->ndiffs;
	int			 rc = -1, f;

	/* Common signals come with the skeleton: one pass over the index. */
	f = store_dtree_want("outcome") | store_dtree_want("reward");
	for (i = 0; i < o->ndeltas; i++)
		f |= store_dtree_want(o->deltas[i]);
	for (i = 0; i < o->ndiffs; i++) {
		char	*first = xstrndup(o->diffs[i],
		    strcspn(o->diffs[i], ","));

		f |= store_dtree_want(first) |
		    store_dtree_want(o->diffs[i] + strlen(first) + 1);
		free(first);
	}
	if (store_dtree_load(st, trace, f, &dt, cause) != 0)
		return -1;
	an_tree_build(&t, dt.parent, dt.n);
	wn = xcalloc(nv, sizeof *wn);
	v = xcalloc(nv, sizeof *v);
	w = xcalloc(nv, sizeof *w);
	/* One block: nv outputs, then the two inputs a and b. */
	all = xcalloc_big((nv + 2) * ((size_t)dt.n + 1), sizeof *all);
	for (i = 0; i < nv; i++)
		v[i] = all + i * ((size_t)dt.n + 1);
	a = all + nv * ((size_t)dt.n + 1);
	b = a + dt.n + 1;
	wn[0] = "mc";
	wn[1] = "mc_hard";
	wn[2] = "best_leaf";
	if (store_dtree_signal(st, &dt, "outcome", a, cause) != 0)
		goto out;
	an_mc(&t, a, v[0], v[1]);
	if (store_dtree_signal(st, &dt, "reward", a, cause) != 0)
		goto out;
	an_best_leaf(&t, a, v[2]);
	for (i = 0, k = 3; i < o->ndeltas; i++, k++) {
		wn[k] = j->names[k - 3];
		if (store_dtree_signal(st, &dt, o->deltas[i], a, cause) != 0)
			goto out;
		an_delta(&t, a, v[k]);
	}
	for (i = 0; i < o->ndiffs; i++, k++) {
		const char	*comma = strchr(o->diffs[i], ',');
		char		*first;
		int		 r;

		wn[k] = j->names[k - 3];
		first = xstrndup(o->diffs[i], (size_t)(comma - o->diffs[i]));
		r = store_dtree_signal(st, &dt, first, a, cause);
		free(first);
		if (r != 0 || store_dtree_signal(st, &dt, comma + 1, b,
		    cause) != 0)
			goto out;
		an_sub(a, b, dt.n, v[k]);
	}
	if (store_derive_write_many(st, &dt, nv, wn,
	    (const double *const *)v, w, cause) != 0)
		goto out;
	for (i = 0; i < nv; i++)
		tally(j->d, &j->nd, wn[i], w[i]);
	j->ntraces++;
	rc = 0;
out:
	free(all);
	free(v);
	free(w);
	free(wn);
	an_tree_free(&t);
	store_dtree_free(&dt);
	return rc;
}

static int
run_derive(const struct cli_cmd *c, struct store *st, const struct aopts *o)
{
	struct derive_job	 j;
	double			 t0;
	char			*cause = NULL;
	int64_t			 trace;
	size_t			 nnames, i;
	int			 rc = CLI_FAIL;

	memset(&j, 0, sizeof j);
	j.o = o;
	nnames = o->ndeltas + o->ndiffs;
	j.names = xcalloc(nnames + 1, sizeof *j.names);
	for (i = 0; i < o->ndeltas; i++)
		j.names[i] = xasprintf("delta:%s", o->deltas[i]);
	for (i = 0; i < o->ndiffs; i++) {
		char	*n = xstrdup(o->diffs[i]);

		*strchr(n, ',') = '-';
		j.names[o->ndeltas + i] = n;
	}
	for (i = 0; i < nnames; i++) {
		if (cn_sig_lookup(j.names[i]) >= 0) {
			rc = cli_usage_error(c, "'%s' is a common signal",
			    j.names[i]);
			goto out;
		}
	}
	j.d = xcalloc(nnames + 3, sizeof *j.d);
	for (i = 0; i < o->ndeltas; i++) {
		if (cli_an_signal_check(c->name, st, o->deltas[i]) != 0)
			goto out;
	}
	for (i = 0; i < o->ndiffs; i++) {
		char	*first = xstrndup(o->diffs[i],
		    (size_t)(strchr(o->diffs[i], ',') - o->diffs[i]));
		int	 bad;

		bad = cli_an_signal_check(c->name, st, first) != 0 ||
		    cli_an_signal_check(c->name, st,
		    strchr(o->diffs[i], ',') + 1) != 0;

		free(first);
		if (bad)
			goto out;
	}
	if (cli_an_trace(c->name, st, o->trace, &trace) != 0)
		goto out;
	t0 = cn_clock();
	if (store_derive_begin(st, &cause) != 0)
		goto fail;
	if (query_traces_each(st, trace, derive_trace, &j, NULL, NULL,
	    &cause) != 0) {
		store_derive_end(st, 0, NULL);
		goto fail;
	}
	if (store_derive_end(st, 1, &cause) != 0)
		goto fail;
	printf("derived over %zu trace%s in %.2f s:\n", j.ntraces,
	    j.ntraces == 1 ? "" : "s", cn_clock() - t0);
	for (i = 0; i < j.nd; i++) {
		char	*e = cli_an_esc(j.d[i].name);

		printf("  %-24s %lld values\n", e, (long long)j.d[i].count);
		free(e);
	}
	rc = CLI_OK;
	goto out;
fail:
	cli_fail(c->name, "%s", cause != NULL ? cause : "failed");
	free(cause);
out:
	free(j.d);
	xfree_strv(j.names, nnames);
	return rc;
}

/* ---- canopy disagree ---- */

static void
disagree_row(struct store *st, const struct aopts *o,
    const struct query_cand *c, struct jw *w)
{
	struct cn_node	 n;
	struct cn_buf	 b;
	char		*addr;

	cn_node_init(&n);
	addr = store_node_address(st, c->node);
	if (store_node_get(st, c->node, &n, NULL) != 1)
		cn_node_init(&n);
	if (o->json) {
		jw_reset(w);
		jw_obj_begin(w);
		jw_kstr(w, "address", addr);
		jw_knum(w, "score", c->score);
		jw_knum(w, o->signal, c->a);
		jw_knum(w, o->against, c->b);
		jw_key(w, "scaled");
		jw_arr_begin(w);
		jw_num(w, c->sa);
		jw_num(w, c->sb);
		jw_arr_end(w);
		jw_kstr(w, "text", n.text);
		jw_obj_end(w);
		buf_addc(&w->b, '\n');
		fwrite(w->b.s, 1, w->b.len, stdout);
	} else {
		buf_init(&b);
		buf_printf(&b, "%6.3f  ", c->score);
		cli_value(&b, c->a);
		buf_adds(&b, " vs ");
		cli_value(&b, c->b);
		buf_printf(&b, " (%.2f vs %.2f)  ", c->sa, c->sb);
		cli_escape(&b, addr != NULL ? addr : "?", 4096, 1);
		buf_adds(&b, "  ");
		cli_escape(&b, n.text != NULL ? n.text : "", 50, 1);
		buf_addc(&b, '\n');
		fwrite(b.s, 1, b.len, stdout);
		buf_free(&b);
	}
	free(addr);
	cn_node_clear(&n);
}

static int
run_disagree(const struct cli_cmd *c, struct store *st,
    const struct aopts *o)
{
	struct query_disagree	 q = { .sa = o->signal, .sb = o->against,
				    .scale = o->scale, .n = o->n };
	struct jw		 w;
	size_t			 i;

	if (cli_an_each(c->name, st, o->trace, o->signal, o->against,
	    query_disagree_trace, &q) != 0) {
		query_disagree_free(&q);
		return CLI_FAIL;
	}
	query_disagree_end(&q);
	jw_init(&w);
	if (!o->json) {
		char	*es = cli_an_esc(o->signal), *ea = cli_an_esc(o->against);

		printf("%s vs %s on scale %s (%s): %zu worst of %lld scored"
		    " nodes\n", es, ea, an_scale_name(o->scale),
		    an_report_scale_help(o->scale), q.nc,
		    (long long)q.scored);
		free(es);
		free(ea);
		if (q.nc > 0)
			printf("%6s  values (scaled)  address  text\n",
			    "score");
	}
	for (i = 0; i < q.nc; i++)
		disagree_row(st, o, &q.c[i], &w);
	jw_free(&w);
	query_disagree_free(&q);
	return CLI_OK;
}

/* ---- options and the commands ---- */

/* --scale rank or norm. */
static int
take_scale(void *p, char *arg)
{
	int	sc;

	if ((sc = an_scale_lookup(arg)) < 0)
		return -1;
	*(enum an_scale *)p = (enum an_scale)sc;
	return 0;
}

/* Appends s to the list *v of *n. */
static int
list_add(const char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = s;
	return 0;
}

/* --delta S: one more signal to take differences of. */
static int
take_delta(void *p, char *arg)
{
	struct aopts	*o = p;

	return list_add(&o->deltas, &o->ndeltas, arg);
}

/* --diff A,B: two signals. */
static int
take_diff(void *p, char *arg)
{
	struct aopts	*o = p;
	const char	*comma = strchr(arg, ',');

	if (comma == NULL || comma == arg || comma[1] == '\0' ||
	    strchr(comma + 1, ',') != NULL)
		return -1;
	return list_add(&o->diffs, &o->ndiffs, arg);
}

#define AN_STR_(x)	#x
#define AN_STR(x)	AN_STR_(x)

static int
aopts_parse(const struct cli_cmd *c, int argc, char **argv, const char **db,
    struct aopts *o)
{
	const struct cli_opt	opts[] = {
		CLI_OPT_STR("trace", 0, &o->trace),
		CLI_OPT_FLAG("json", 0, &o->json),
		CLI_OPT_FLAG("by-depth", 0, &o->by_depth),
		CLI_OPT_INT("bins", 0, &o->bins, 1, AN_CALIB_MAXBINS,
		    "--bins wants a number from 1 to "
		    AN_STR(AN_CALIB_MAXBINS)),
		CLI_OPT_FN("scale", 0, &o->scale, take_scale,
		    "--scale is rank or norm"),
		CLI_OPT_STR("signal", 0, &o->signal),
		CLI_OPT_STR("against", 0, &o->against),
		CLI_OPT_FN("delta", 0, o, take_delta, NULL),
		CLI_OPT_FN("diff", 0, o, take_diff,
		    "--diff wants two signals A,B"),
		CLI_OPT_INT(NULL, 'n', &o->n, 1, 1000000,
		    "-n wants a number from 1 to 1000000"),
		CLI_OPT_END
	};

	memset(o, 0, sizeof *o);
	o->bins = 10;
	o->n = 20;
	return cli_opts(c, argc, argv, opts, db);
}

static void
aopts_free(struct aopts *o)
{
	free(o->deltas);
	free(o->diffs);
}

/*
 * `canopy import --derive`: what `canopy derive` with no option does, over
 * every trace (a trace derived before and unchanged is rewritten with the
 * same values), once the import's tree and text index are committed.
 */
int
cli_derive_all(struct store *st)
{
	struct aopts	o;

	memset(&o, 0, sizeof o);
	return run_derive(cli_cmd_find("derive"), st, &o);
}

/* The analysis commands: their operands (signals) and what runs them. */
static const struct an_cmd {
	const char	*name;
	int		 npos;
	int		 write;
	int		(*run)(const struct cli_cmd *, struct store *,
			    const struct aopts *);
} an_cmds[] = {
	{ "derive",	0, 1, run_derive },
	{ "calibrate",	0, 0, cli_an_calibrate },
	{ "disagree",	2, 0, run_disagree },
	{ "hist",	1, 0, cli_an_hist },
	{ NULL,		0, 0, NULL }
};

/*
 * derive, calibrate, disagree and hist (argv[0]): parses, opens the
 * database (writable for derive) and runs the command.
 */
int
cmd_analysis(int argc, char **argv, const char *db)
{
	const struct an_cmd	*a;
	const struct cli_cmd	*c = cli_cmd_find(argv[0]);
	struct cli_ctx		 ctx;
	struct aopts		 o;
	int			 rc, npos;

	for (a = an_cmds; strcmp(a->name, argv[0]) != 0; a++)
		;
	npos = a->npos;
	if ((rc = aopts_parse(c, argc, argv, &db, &o)) >= 0)
		goto out;
	if (argc - optind != npos) {
		if (argc - optind > npos)
			rc = cli_usage_error(c, "unexpected argument '%s'",
			    argv[optind + npos]);
		else
			rc = cli_usage_error(c, npos == 1 ? "which signal?" :
			    "which two signals?");
		goto out;
	}
	if (npos >= 1)
		o.signal = argv[optind];
	if (npos == 2)
		o.against = argv[optind + 1];
	if (strcmp(a->name, "calibrate") == 0 &&
	    (o.signal == NULL || o.against == NULL)) {
		rc = cli_usage_error(c, "calibrate needs --signal S and"
		    " --against T");
		goto out;
	}
	cli_ctx_init(&ctx, a->name);
	if (cli_ctx_open(&ctx, a->write ? CLI_DB_WRITE : CLI_DB_READ,
	    db) == 0)
		ctx.rc = a->run(c, ctx.st, &o);
	rc = cli_ctx_end(&ctx);
out:
	aopts_free(&o);
	return rc;
}

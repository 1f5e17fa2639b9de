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
#include <time.h>

#include "analysis.h"
#include "an-report.h"
#include "cli.h"
#include "json-out.h"
#include "store-derive.h"
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

static int
tlist_add(const struct cn_trace *t, void *arg)
{
	struct tlist	*l = arg;

	if (l->n == l->cap) {
		l->cap = l->cap == 0 ? 64 : l->cap * 2;
		l->ids = xreallocarray(l->ids, l->cap, sizeof *l->ids);
	}
	l->ids[l->n++] = t->id;
	return 0;
}

int
cli_an_traces(const char *cmd, struct store *st, const char *trace,
    struct tlist *l)
{
	struct cn_trace	 t;
	char		*cause = NULL;
	int		 r;

	memset(l, 0, sizeof *l);
	if (trace == NULL) {
		if (store_traces_each(st, tlist_add, l, &cause) != 0)
			goto fail;
		return 0;
	}
	memset(&t, 0, sizeof t);
	if ((r = store_trace_find(st, trace, &t, &cause)) < 0)
		goto fail;
	if (r == 0) {
		char	*e = cli_an_esc(trace);

		cli_fail(cmd, "no trace '%s' (see canopy traces)", e);
		free(e);
		return -1;
	}
	tlist_add(&t, l);
	cn_trace_clear(&t);
	return 0;
fail:
	cli_fail(cmd, "%s", cause != NULL ? cause : "failed");
	free(cause);
	free(l->ids);
	l->ids = NULL;
	return -1;
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

/* Derives every signal of one trace and writes them in one pass. */
static int
derive_trace(struct store *st, int64_t trace, const struct aopts *o,
    char **names, struct derived *d, size_t *nd, char **cause)
{
	struct store_dtree	 dt;
	struct an_tree		 t;
	const char		**wn;
	double			**v, *a = NULL, *b = NULL;
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
	for (i = 0; i < nv; i++)
		v[i] = xcalloc_big(dt.n + 1, sizeof *v[i]);
	a = xcalloc_big(dt.n + 1, sizeof *a);
	b = xcalloc_big(dt.n + 1, sizeof *b);
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
		wn[k] = names[k - 3];
		if (store_dtree_signal(st, &dt, o->deltas[i], a, cause) != 0)
			goto out;
		an_delta(&t, a, v[k]);
	}
	for (i = 0; i < o->ndiffs; i++, k++) {
		const char	*comma = strchr(o->diffs[i], ',');
		char		*first;
		int		 r;

		wn[k] = names[k - 3];
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
		tally(d, nd, wn[i], w[i]);
	rc = 0;
out:
	for (i = 0; i < nv; i++)
		free(v[i]);
	free(v);
	free(w);
	free(wn);
	free(a);
	free(b);
	an_tree_free(&t);
	store_dtree_free(&dt);
	return rc;
}

static int
run_derive(const struct cli_cmd *c, struct store *st, const struct aopts *o)
{
	struct tlist	 l;
	struct derived	*d;
	struct timespec	 t0, t1;
	char		**names, *cause = NULL;
	size_t		 nnames, nd = 0, i;
	int		 rc = CLI_FAIL;

	nnames = o->ndeltas + o->ndiffs;
	names = xcalloc(nnames + 1, sizeof *names);
	for (i = 0; i < o->ndeltas; i++)
		names[i] = xasprintf("delta:%s", o->deltas[i]);
	for (i = 0; i < o->ndiffs; i++) {
		char	*n = xstrdup(o->diffs[i]);

		*strchr(n, ',') = '-';
		names[o->ndeltas + i] = n;
	}
	for (i = 0; i < nnames; i++) {
		if (cn_sig_lookup(names[i]) >= 0) {
			rc = cli_usage_error(c, "'%s' is a common signal",
			    names[i]);
			goto out0;
		}
	}
	d = xcalloc(nnames + 3, sizeof *d);
	for (i = 0; i < o->ndeltas; i++) {
		if (cli_an_signal_check(c->name, st, o->deltas[i]) != 0)
			goto out1;
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
			goto out1;
	}
	if (cli_an_traces(c->name, st, o->trace, &l) != 0)
		goto out1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (store_derive_begin(st, &cause) != 0)
		goto fail;
	for (i = 0; i < l.n; i++) {
		if (derive_trace(st, l.ids[i], o, names, d, &nd,
		    &cause) != 0) {
			store_derive_end(st, 0, NULL);
			goto fail;
		}
	}
	if (store_derive_end(st, 1, &cause) != 0)
		goto fail;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("derived over %zu trace%s in %.2f s:\n", l.n,
	    l.n == 1 ? "" : "s", (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	for (i = 0; i < nd; i++) {
		char	*e = cli_an_esc(d[i].name);

		printf("  %-24s %lld values\n", e, (long long)d[i].count);
		free(e);
	}
	rc = CLI_OK;
	goto out;
fail:
	cli_fail(c->name, "%s", cause != NULL ? cause : "failed");
	free(cause);
out:
	free(l.ids);
out1:
	free(d);
out0:
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return rc;
}

/* ---- canopy disagree ---- */

struct cand {
	int64_t		 node;
	double		 score, a, b, sa, sb;
	uint64_t	 seq;		/* tree order across traces: ties */
};

static int
cand_cmp(const void *x, const void *y)
{
	const struct cand	*p = x, *q = y;

	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/* Adds the worst o->n of one trace to cands (kept at most 2n long). */
static int
disagree_trace(struct store *st, int64_t trace, const struct aopts *o,
    struct cand **cands, size_t *nc, size_t *cap, uint64_t *seq,
    int64_t *scored, char **cause)
{
	struct store_dtree	 dt;
	struct an_tree		 t;
	double			*a, *b, *sc, *sa, *sb;
	uint32_t		*top, m, i;
	int			 rc = -1;

	if (store_dtree_load(st, trace, store_dtree_want(o->signal) |
	    store_dtree_want(o->against), &dt, cause) != 0)
		return -1;
	an_tree_build(&t, dt.parent, dt.n);
	a = xcalloc_big(dt.n + 1, sizeof *a);
	b = xcalloc_big(dt.n + 1, sizeof *b);
	sc = xcalloc_big(dt.n + 1, sizeof *sc);
	sa = xcalloc_big(dt.n + 1, sizeof *sa);
	sb = xcalloc_big(dt.n + 1, sizeof *sb);
	top = xcalloc((size_t)o->n + 1, sizeof *top);
	if (store_dtree_signal(st, &dt, o->signal, a, cause) != 0 ||
	    store_dtree_signal(st, &dt, o->against, b, cause) != 0)
		goto out;
	an_disagree(&t, a, b, o->scale, sc, sa, sb);
	for (i = 0; i < dt.n; i++)
		*scored += cn_hasval(sc[i]);
	m = an_top(sc, dt.n, (uint32_t)o->n, top);
	for (i = 0; i < m; i++) {
		struct cand	*c;

		if (*nc == *cap) {
			*cap = *cap == 0 ? 64 : *cap * 2;
			*cands = xreallocarray(*cands, *cap, sizeof **cands);
		}
		c = &(*cands)[(*nc)++];
		c->node = dt.ids[top[i]];
		c->score = sc[top[i]];
		c->a = a[top[i]];
		c->b = b[top[i]];
		c->sa = sa[top[i]];
		c->sb = sb[top[i]];
		c->seq = *seq + top[i];
	}
	*seq += dt.n;
	if (*nc > 2 * (size_t)o->n) {
		qsort(*cands, *nc, sizeof **cands, cand_cmp);
		*nc = (size_t)o->n;
	}
	rc = 0;
out:
	free(a);
	free(b);
	free(sc);
	free(sa);
	free(sb);
	free(top);
	an_tree_free(&t);
	store_dtree_free(&dt);
	return rc;
}

static void
disagree_row(struct store *st, const struct aopts *o, const struct cand *c,
    struct jw *w)
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
		jw_key(w, "address");
		jw_str(w, addr);
		jw_key(w, "score");
		jw_num(w, c->score);
		jw_key(w, o->signal);
		jw_num(w, c->a);
		jw_key(w, o->against);
		jw_num(w, c->b);
		jw_key(w, "scaled");
		jw_arr_begin(w);
		jw_num(w, c->sa);
		jw_num(w, c->sb);
		jw_arr_end(w);
		jw_key(w, "text");
		jw_str(w, n.text);
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
	struct tlist	 l;
	struct cand	*cands = NULL;
	struct jw	 w;
	size_t		 nc = 0, cap = 0, i;
	uint64_t	 seq = 0;
	int64_t		 scored = 0;
	char		*cause = NULL;

	if (cli_an_signal_check(c->name, st, o->signal) != 0 ||
	    cli_an_signal_check(c->name, st, o->against) != 0)
		return CLI_FAIL;
	if (cli_an_traces(c->name, st, o->trace, &l) != 0)
		return CLI_FAIL;
	for (i = 0; i < l.n; i++) {
		if (disagree_trace(st, l.ids[i], o, &cands, &nc, &cap, &seq,
		    &scored, &cause) != 0) {
			free(l.ids);
			free(cands);
			cli_fail(c->name, "%s", cause);
			free(cause);
			return CLI_FAIL;
		}
	}
	free(l.ids);
	if (nc > 1)
		qsort(cands, nc, sizeof *cands, cand_cmp);
	if (nc > (size_t)o->n)
		nc = (size_t)o->n;
	jw_init(&w);
	if (!o->json) {
		char	*es = cli_an_esc(o->signal), *ea = cli_an_esc(o->against);

		printf("%s vs %s on scale %s (%s): %zu worst of %lld scored"
		    " nodes\n", es, ea, an_scale_name(o->scale),
		    an_report_scale_help(o->scale), nc, (long long)scored);
		free(es);
		free(ea);
		if (nc > 0)
			printf("%6s  values (scaled)  address  text\n",
			    "score");
	}
	for (i = 0; i < nc; i++)
		disagree_row(st, o, &cands[i], &w);
	jw_free(&w);
	free(cands);
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
	struct store		*st = NULL;
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
	if ((a->write ? cli_open_write : cli_open_read)(a->name,
	    cli_db_path(db), &st) != 0) {
		rc = CLI_FAIL;
		goto out;
	}
	rc = a->run(c, st, &o);
	store_close(st);
out:
	aopts_free(&o);
	return rc;
}

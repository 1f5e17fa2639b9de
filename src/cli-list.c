/*
 * cli-list.c - the listing commands: `canopy traces`, `canopy stats` and
 * `canopy formats`.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json-out.h"

/*
 * The start of traces and stats: the options (--db, --json, --help), then
 * the database, read-only. -1 when x->st is open, else the exit code.
 */
static int
list_open(struct cli_ctx *x, const char *name, int argc, char **argv,
    const char *db, int *json)
{
	const struct cli_opt	opts[] = {
		CLI_OPT_FLAG("json", 0, json),
		CLI_OPT_END
	};
	int			rc;

	*json = 0;
	cli_ctx_init(x, name);
	if ((rc = cli_opts_only(x->cmd, argc, argv, opts, &db)) >= 0)
		return rc;
	return cli_ctx_open(x, CLI_DB_READ, db) != 0 ? CLI_FAIL : -1;
}

/* Appends s escaped into a column of width w, padded with spaces. */
static void
column(struct cn_buf *b, const char *s, size_t w)
{
	size_t	used;

	used = cli_escape(b, s != NULL ? s : "-", w, 1);
	for (; used < w + 2; used++)
		buf_addc(b, ' ');
}

struct traces {
	int		 json;
	int64_t		 n;
	size_t		 idw;		/* display width of the ID column */
	struct jw	 jw;
	struct cn_buf	 b;
};

/* First pass: the widest id, as the table shows it (escaped, display). */
static int
traces_measure(const struct cn_trace *t, void *arg)
{
	struct traces	*tr = arg;
	size_t		 w;

	buf_reset(&tr->b);
	w = cli_escape(&tr->b, t->ext_id, 4096, 1);
	if (w > tr->idw)
		tr->idw = w;
	return 0;
}

static int
traces_one(const struct cn_trace *t, void *arg)
{
	struct traces	*tr = arg;
	struct jw	*w = &tr->jw;
	struct cn_buf	*b = &tr->b, num;
	size_t		 used;

	tr->n++;
	if (tr->json) {
		jw_reset(w);
		jw_obj_begin(w);
		jw_kstr(w, "id", t->ext_id);
		jw_kstr(w, "format", t->format);
		jw_kstr(w, "source", t->source);
		jw_kint(w, "nodes", t->node_count);
		jw_kint(w, "depth", t->max_depth);
		jw_kint(w, "annotations", t->annotation_count);
		jw_knum(w, "best_reward", t->best_reward);
		jw_knum(w, "best_q", t->best_q);
		jw_knum(w, "outcome", t->outcome);
		jw_kstr(w, "problem", t->problem);
		jw_obj_end(w);
		jw_emit(w, stdout);
		return 0;
	}
	buf_reset(b);
	buf_init(&num);
	/*
	 * Ids are pasted into other commands: never cut one short. The
	 * column is as wide as the widest id, so every column lines up.
	 */
	used = cli_escape(b, t->ext_id, 4096, 1);
	for (; used < tr->idw + 2; used++)
		buf_addc(b, ' ');
	column(b, t->format, 14);
	buf_printf(b, "%7lld  %5d  ", (long long)t->node_count, t->max_depth);
	if (cn_hasval(t->best_reward)) {
		buf_adds(&num, "r=");
		cli_value(&num, t->best_reward);
	} else if (cn_hasval(t->best_q)) {
		buf_adds(&num, "q=");
		cli_value(&num, t->best_q);
	} else
		buf_adds(&num, "-");
	buf_printf(b, "%-9s  ", num.s);
	used = tr->idw + 2 + 16 + 9 + 7 + 11;
	/* Long ids widen the line rather than leave the problem unreadable. */
	cli_escape(b, t->problem != NULL ? t->problem : "",
	    CLI_COLS > used + 32 ? CLI_COLS - used : 32, 1);
	/* No trailing blanks. */
	while (b->len > 0 && b->s[b->len - 1] == ' ')
		b->s[--b->len] = '\0';
	buf_addc(b, '\n');
	fwrite(b->s, 1, b->len, stdout);
	buf_free(&num);
	return 0;
}

int
cli_traces(struct store *st, int json)
{
	struct traces	 tr;
	char		*cause = NULL;
	int		 rc = CLI_OK;

	memset(&tr, 0, sizeof tr);
	tr.json = json;
	jw_init(&tr.jw);
	buf_init(&tr.b);
	tr.idw = 22;	/* the narrowest ID column, as before ids were measured */
	if (json || store_traces_each(st, traces_measure, &tr, &cause) == 0) {
		if (!json)
			printf("%-*s%-16s%7s  %5s  %-9s  %s\n", (int)tr.idw + 2,
			    "ID", "FORMAT", "NODES", "DEPTH", "BEST", "PROBLEM");
		store_traces_each(st, traces_one, &tr, &cause);
	}
	if (cause != NULL) {
		rc = cli_fail_cause("traces", cause, NULL);
	} else if (!json && tr.n == 0)
		printf("(no traces yet: canopy import FILE)\n");
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = cli_fail("traces", "write error");
	jw_free(&tr.jw);
	buf_free(&tr.b);
	return rc;
}

int
cmd_traces(int argc, char **argv, const char *db)
{
	struct cli_ctx	ctx;
	int		json, rc;

	if ((rc = list_open(&ctx, "traces", argc, argv, db, &json)) >= 0)
		return rc;
	ctx.rc = cli_traces(ctx.st, json);
	return cli_ctx_end(&ctx);
}

int
cmd_stats(int argc, char **argv, const char *db)
{
	struct cli_ctx		 ctx;
	struct store_stats	 ss;
	struct jw		 w;
	struct cn_buf		 b;
	size_t			 i;
	int			 json, rc;

	if ((rc = list_open(&ctx, "stats", argc, argv, db, &json)) >= 0)
		return rc;
	memset(&ss, 0, sizeof ss);
	if (store_stats_get(ctx.st, &ss, &ctx.cause) != 0) {
		cli_ctx_fail(&ctx, "read error");
		return cli_ctx_end(&ctx);
	}
	if (json) {
		jw_init(&w);
		jw_obj_begin(&w);
		jw_kint(&w, "traces", ss.traces);
		jw_kint(&w, "nodes", ss.nodes);
		jw_kint(&w, "annotations", ss.annotations);
		jw_kint(&w, "preferences", ss.preferences);
		jw_kint(&w, "imports", ss.imports);
		jw_key(&w, "signals");
		jw_obj_begin(&w);
		for (i = 0; i < ss.nsignals; i++)
			jw_kint(&w, ss.signals[i].name, ss.signals[i].count);
		jw_obj_end(&w);
		jw_obj_end(&w);
		printf("%s\n", w.b.s);
		jw_free(&w);
	} else {
		printf("traces       %lld\nnodes        %lld\n"
		    "annotations  %lld\npreferences  %lld\nimports      %lld\n",
		    (long long)ss.traces, (long long)ss.nodes,
		    (long long)ss.annotations, (long long)ss.preferences,
		    (long long)ss.imports);
		if (ss.nsignals > 0)
			printf("signals (values stored):\n");
		buf_init(&b);
		for (i = 0; i < ss.nsignals; i++) {
			buf_reset(&b);
			buf_adds(&b, "  ");
			column(&b, ss.signals[i].name, 30);
			printf("%s%lld\n", b.s, (long long)ss.signals[i].count);
		}
		buf_free(&b);
	}
	store_stats_free(&ss);
	cli_ctx_end(&ctx);
	if (fflush(stdout) != 0 || ferror(stdout))
		return cli_fail("stats", "write error");
	return CLI_OK;
}

int
cmd_formats(int argc, char **argv, const char *db)
{
	const struct imp_format	*f;
	static const struct cli_opt	 opts[] = { CLI_OPT_END };
	int				 rc;

	(void)db;
	if ((rc = cli_opts_only(cli_cmd_find("formats"), argc, argv, opts,
	    NULL)) >= 0)
		return rc;
	for (f = imp_formats; f->name != NULL; f++)
		printf("%-18s %s (e.g. %s)\n", f->name, f->desc, f->example);
	return CLI_OK;
}

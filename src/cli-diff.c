/*
 * cli-diff.c - `canopy diff A B`: two subtrees or traces (two searches of
 * one problem, a node and its rerun) aligned by step text (analysis.h,
 * an_align), with the differences in structure and in the common signals.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cli.h"
#include "json-out.h"
#include "query.h"
#include "cli-analysis.h"

/* Resolves name (an address or a trace) and loads its trace. */
static int
side_load(struct store *st, const char *name, struct query_side *s,
    char **cause)
{
	int64_t	 node;
	char	*e;
	int	 r;

	if ((r = store_node_resolve(st, name, &node, cause)) < 0)
		return -1;
	e = cli_an_esc(name);
	if (r == 0) {
		*cause = xasprintf("no trace or node '%s' (see canopy traces)",
		    e);
		r = -1;
	} else
		r = query_side_load(st, node, e, s, cause);
	free(e);
	return r;
}

static void
pair_json(struct store *st, struct jw *w, const struct query_side *a,
    const struct query_side *b, const struct an_pair *p, unsigned m)
{
	const struct query_side	*one = p->a >= 0 ? a : b;
	int32_t			 i = p->a >= 0 ? p->a : p->b;
	char			*addr;
	int			 k;

	jw_reset(w);
	jw_obj_begin(w);
	jw_key(w, "status");
	jw_str(w, p->a < 0 ? "only_b" : p->b < 0 ? "only_a" :
	    m != 0 ? "changed" : "same");
	jw_kint(w, "depth", p->depth);
	jw_key(w, "a");
	addr = p->a >= 0 ? store_node_address(st, a->dt.ids[p->a]) : NULL;
	jw_str(w, addr);
	free(addr);
	jw_key(w, "b");
	addr = p->b >= 0 ? store_node_address(st, b->dt.ids[p->b]) : NULL;
	jw_str(w, addr);
	free(addr);
	jw_kstr(w, "text", one->dt.text[i]);
	if (m != 0) {
		jw_key(w, "changed");
		jw_obj_begin(w);
		for (k = 0; k < CN_SIG_COUNT; k++) {
			if ((m & (1u << k)) == 0)
				continue;
			jw_key(w, cn_sig_names[k]);
			jw_arr_begin(w);
			jw_num(w, a->sig[k][p->a]);
			jw_num(w, b->sig[k][p->b]);
			jw_arr_end(w);
		}
		jw_obj_end(w);
	}
	jw_obj_end(w);
	buf_addc(&w->b, '\n');
	fwrite(w->b.s, 1, w->b.len, stdout);
}

static void
pair_text(const struct query_side *a, const struct query_side *b,
    const struct an_pair *p, unsigned m)
{
	const struct query_side	*one = p->a >= 0 ? a : b;
	int32_t			 i = p->a >= 0 ? p->a : p->b, d;
	struct cn_buf		 buf;
	int			 k;

	buf_init(&buf);
	buf_addc(&buf, p->a < 0 ? '+' : p->b < 0 ? '-' : m != 0 ? '~' : ' ');
	buf_addc(&buf, ' ');
	for (d = 0; d < p->depth && d < 20; d++)
		buf_adds(&buf, "  ");
	cli_escape(&buf, one->dt.text[i] != NULL ? one->dt.text[i] : "", 50,
	    1);
	for (k = 0; k < CN_SIG_COUNT; k++) {
		if ((m & (1u << k)) == 0)
			continue;
		buf_printf(&buf, "  %s ", cn_sig_names[k]);
		cli_value(&buf, a->sig[k][p->a]);
		buf_adds(&buf, " -> ");
		cli_value(&buf, b->sig[k][p->b]);
	}
	buf_addc(&buf, '\n');
	fwrite(buf.s, 1, buf.len, stdout);
	buf_free(&buf);
}

/* Diffs na and nb of x->st; x->rc says how it went. */
static void
run_diff(struct cli_ctx *x, const char *na, const char *nb, int json)
{
	struct query_side	 a, b;
	struct an_align		 al;
	struct jw		 w;
	int64_t			 changed;
	unsigned		*m = NULL;
	size_t			 i;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&al, 0, sizeof al);
	if (side_load(x->st, na, &a, &x->cause) != 0 ||
	    side_load(x->st, nb, &b, &x->cause) != 0) {
		cli_ctx_fail(x, "failed");
		goto out;
	}
	changed = query_diff(&a, &b, &al, &m);
	if (json) {
		jw_init(&w);
		jw_obj_begin(&w);
		jw_kstr(&w, "a", na);
		jw_kstr(&w, "b", nb);
		jw_kint(&w, "aligned", al.both);
		jw_kint(&w, "changed", changed);
		jw_kint(&w, "only_a", al.only_a);
		jw_kint(&w, "only_b", al.only_b);
		jw_obj_end(&w);
		buf_addc(&w.b, '\n');
		fwrite(w.b.s, 1, w.b.len, stdout);
		for (i = 0; i < al.n; i++)
			pair_json(x->st, &w, &a, &b, &al.pairs[i], m[i]);
		jw_free(&w);
	} else {
		char	*ea = cli_an_esc(na), *eb = cli_an_esc(nb);

		printf("diff %s %s: %lld aligned by step text (%lld with"
		    " different values), %lld only in A (-), %lld only in"
		    " B (+)\n", ea, eb, (long long)al.both, (long long)changed,
		    (long long)al.only_a, (long long)al.only_b);
		free(ea);
		free(eb);
		for (i = 0; i < al.n; i++)
			pair_text(&a, &b, &al.pairs[i], m[i]);
	}
	x->rc = CLI_OK;
out:
	free(m);
	an_align_free(&al);
	query_side_free(&a);
	query_side_free(&b);
}

int
cmd_diff(int argc, char **argv, const char *db)
{
	struct cli_ctx			 ctx;
	int				 json = 0, rc;
	const struct cli_opt		 opts[] = {
		CLI_OPT_FLAG("json", 0, &json),
		CLI_OPT_END
	};

	cli_ctx_init(&ctx, "diff");
	if ((rc = cli_opts(ctx.cmd, argc, argv, opts, &db)) >= 0)
		return rc;
	if (argc - optind < 2)
		return cli_usage_error(ctx.cmd, "which two traces or nodes?");
	if (argc - optind > 2)
		return cli_usage_error(ctx.cmd, "unexpected argument '%s'",
		    argv[optind + 2]);
	if (cli_ctx_open(&ctx, CLI_DB_READ, db) == 0)
		run_diff(&ctx, argv[optind], argv[optind + 1], json);
	return cli_ctx_end(&ctx);
}

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
#include "store-derive.h"

/* s made safe for a terminal (cli_escape), as a heap string. */
static char *
esc(const char *s)
{
	struct cn_buf	b;

	buf_init(&b);
	cli_escape(&b, s, 0, 0);
	return buf_take(&b);
}

/* One side: its trace in bulk, the node it starts at, its signals. */
struct side {
	const char		*name;
	int64_t			 node;
	struct store_dtree	 dt;
	struct an_tree		 t;
	double			*sig[CN_SIG_COUNT];
	uint32_t		 root;
};

static void
side_free(struct side *s)
{
	int	k;

	for (k = 0; k < CN_SIG_COUNT; k++)
		free(s->sig[k]);
	an_tree_free(&s->t);
	store_dtree_free(&s->dt);
}

/* Resolves name (an address or a trace) and loads its trace. */
static int
side_load(struct store *st, struct side *s, char **cause)
{
	struct cn_node	 n;
	int64_t		 k;
	int		 r, i;

	if ((r = store_node_resolve(st, s->name, &s->node, cause)) < 0)
		return -1;
	cn_node_init(&n);
	if (r == 0 || (r = store_node_get(st, s->node, &n, cause)) != 1) {
		if (r == 0) {
			char	*e = esc(s->name);

			*cause = xasprintf("no trace or node '%s' (see"
			    " canopy traces)", e);
			free(e);
		}
		return -1;
	}
	r = store_dtree_load(st, n.trace_id, STORE_DTREE_TEXT, &s->dt, cause);
	cn_node_clear(&n);
	if (r != 0)
		return -1;
	an_tree_build(&s->t, s->dt.parent, s->dt.n);
	if ((k = store_dtree_index(&s->dt, s->node)) < 0) {
		char	*e = esc(s->name);

		*cause = xasprintf("%s: node not in its trace", e);
		free(e);
		return -1;
	}
	s->root = (uint32_t)k;
	for (i = 0; i < CN_SIG_COUNT; i++) {
		s->sig[i] = xcalloc(s->dt.n + 1, sizeof *s->sig[i]);
		if (store_dtree_signal(st, &s->dt, cn_sig_names[i], s->sig[i],
		    cause) != 0)
			return -1;
	}
	return 0;
}

/* Whether two values differ: one absent, or apart by more than noise. */
static int
differs(double a, double b)
{
	if (cn_hasval(a) != cn_hasval(b))
		return 1;
	if (!cn_hasval(a))
		return 0;
	return fabs(a - b) > 1e-9 * (fabs(a) + fabs(b) + 1.0);
}

/* Bit k set: common signal k differs between the two nodes of a pair. */
static unsigned
pair_diffs(const struct side *a, const struct side *b,
    const struct an_pair *p)
{
	unsigned	m = 0;
	int		k;

	if (p->a < 0 || p->b < 0)
		return 0;
	for (k = 0; k < CN_SIG_COUNT; k++) {
		if (differs(a->sig[k][p->a], b->sig[k][p->b]))
			m |= 1u << k;
	}
	return m;
}

static void
pair_json(struct store *st, struct jw *w, const struct side *a,
    const struct side *b, const struct an_pair *p, unsigned m)
{
	const struct side	*one = p->a >= 0 ? a : b;
	int32_t			 i = p->a >= 0 ? p->a : p->b;
	char			*addr;
	int			 k;

	jw_reset(w);
	jw_obj_begin(w);
	jw_key(w, "status");
	jw_str(w, p->a < 0 ? "only_b" : p->b < 0 ? "only_a" :
	    m != 0 ? "changed" : "same");
	jw_key(w, "depth");
	jw_int(w, p->depth);
	jw_key(w, "a");
	addr = p->a >= 0 ? store_node_address(st, a->dt.ids[p->a]) : NULL;
	jw_str(w, addr);
	free(addr);
	jw_key(w, "b");
	addr = p->b >= 0 ? store_node_address(st, b->dt.ids[p->b]) : NULL;
	jw_str(w, addr);
	free(addr);
	jw_key(w, "text");
	jw_str(w, one->dt.text[i]);
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
pair_text(const struct side *a, const struct side *b,
    const struct an_pair *p, unsigned m)
{
	const struct side	*one = p->a >= 0 ? a : b;
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

static int
run_diff(struct store *st, const char *na, const char *nb, int json)
{
	struct side	 a, b;
	struct an_align	 al;
	struct jw	 w;
	char		*cause = NULL;
	int64_t		 changed = 0;
	unsigned	*m;
	size_t		 i;
	int		 rc = CLI_FAIL;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memset(&al, 0, sizeof al);
	a.name = na;
	b.name = nb;
	if (side_load(st, &a, &cause) != 0 || side_load(st, &b, &cause) != 0)
		goto out;
	an_align(&a.t, (const char *const *)a.dt.text, a.root, &b.t,
	    (const char *const *)b.dt.text, b.root, &al);
	m = xcalloc(al.n + 1, sizeof *m);
	for (i = 0; i < al.n; i++) {
		m[i] = pair_diffs(&a, &b, &al.pairs[i]);
		changed += m[i] != 0;
	}
	if (json) {
		jw_init(&w);
		jw_obj_begin(&w);
		jw_key(&w, "a");
		jw_str(&w, na);
		jw_key(&w, "b");
		jw_str(&w, nb);
		jw_key(&w, "aligned");
		jw_int(&w, al.both);
		jw_key(&w, "changed");
		jw_int(&w, changed);
		jw_key(&w, "only_a");
		jw_int(&w, al.only_a);
		jw_key(&w, "only_b");
		jw_int(&w, al.only_b);
		jw_obj_end(&w);
		buf_addc(&w.b, '\n');
		fwrite(w.b.s, 1, w.b.len, stdout);
		for (i = 0; i < al.n; i++)
			pair_json(st, &w, &a, &b, &al.pairs[i], m[i]);
		jw_free(&w);
	} else {
		char	*ea = esc(na), *eb = esc(nb);

		printf("diff %s %s: %lld aligned by step text (%lld with"
		    " different values), %lld only in A (-), %lld only in"
		    " B (+)\n", ea, eb, (long long)al.both, (long long)changed,
		    (long long)al.only_a, (long long)al.only_b);
		free(ea);
		free(eb);
		for (i = 0; i < al.n; i++)
			pair_text(&a, &b, &al.pairs[i], m[i]);
	}
	free(m);
	rc = CLI_OK;
out:
	if (rc != CLI_OK)
		cli_fail("diff", "%s", cause != NULL ? cause : "failed");
	free(cause);
	an_align_free(&al);
	side_free(&a);
	side_free(&b);
	return rc;
}

int
cmd_diff(int argc, char **argv, const char *db)
{
	const struct cli_cmd		*c = cli_cmd_find("diff");
	struct store			*st;
	int				 json = 0, rc;
	const struct cli_opt		 opts[] = {
		CLI_OPT_FLAG("json", 0, &json),
		CLI_OPT_END
	};

	if ((rc = cli_opts(c, argc, argv, opts, &db)) >= 0)
		return rc;
	if (argc - optind < 2)
		return cli_usage_error(c, "which two traces or nodes?");
	if (argc - optind > 2)
		return cli_usage_error(c, "unexpected argument '%s'",
		    argv[optind + 2]);
	if (cli_open_read("diff", cli_db_path(db), &st) != 0)
		return CLI_FAIL;
	rc = run_diff(st, argv[optind], argv[optind + 1], json);
	store_close(st);
	return rc;
}

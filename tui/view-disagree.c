/*
 * view-disagree.c - the disagreement finder: two signals compared on a
 * scale that makes them comparable (analysis.h: ranks among siblings, or
 * each min-max normalised per trace), the worst N nodes listed, over
 * every trace or the one open. The reads and the statistics are those of
 * `canopy disagree`, run on a worker (cmpview.c), so both show the same
 * numbers. In the tree, disagree-next/-prev walk the listed nodes of the
 * open trace in tree order (preorder, children in id order).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "an-report.h"
#include "cmpview.h"
#include "store-derive.h"

#define DG_DEFAULT_N	20
#define DG_MAX_N	10000

struct dg_cand {
	int64_t		 node;
	int64_t		 trace;
	double		 score, a, b, sa, sb;
	uint64_t	 seq;		/* order across traces: ties */
	uint32_t	 pre;		/* preorder index in its trace */
};

struct dg_job {
	struct cv_out	 out;
	char		*sa, *sb;
	enum an_scale	 scale;
	int		 n;
	int64_t		 trace;		/* 0: every trace */
	int64_t		 tree_trace;	/* the trace open in the tree */

	struct dg_cand	*c;
	size_t		 nc, cap;
	int64_t		 scored;
	uint64_t	 seq;		/* nodes of the traces read so far */
	/* The tree's trace: its ids (sorted) and their preorder. */
	int64_t		*ids;
	uint32_t	*pre;
	uint32_t	 nids;
};

static void
dg_free(void *arg)
{
	struct dg_job	*j = arg;

	cv_out_free(&j->out);
	free(j->sa);
	free(j->sb);
	free(j->c);
	free(j->ids);
	free(j->pre);
	free(j);
}

static int
dg_cmp(const void *x, const void *y)
{
	const struct dg_cand	*p = x, *q = y;

	if (p->score != q->score)
		return p->score > q->score ? -1 : 1;
	return p->seq < q->seq ? -1 : p->seq > q->seq;
}

/* pre[i]: i's position in a preorder walk, kids in index order. */
static void
dg_preorder(const struct an_tree *t, uint32_t *pre)
{
	uint32_t	*stack, sp = 0, k = 0, i, j;

	for (i = 0; i < t->n; i++)
		pre[i] = UINT32_MAX;
	stack = xcalloc((size_t)t->n + 1, sizeof *stack);
	for (i = t->n; i-- > 0;)
		if (t->depth[i] == 0)
			stack[sp++] = i;
	while (sp > 0) {
		i = stack[--sp];
		pre[i] = k++;
		for (j = t->off[i + 1]; j-- > t->off[i];)
			stack[sp++] = t->kids[j];
	}
	free(stack);
}

/* The worst j->n of one trace join j->c (kept at most 2n long). */
static int
dg_trace(struct store *st, int64_t trace, void *arg, char **cause)
{
	struct dg_job		*j = arg;
	struct store_dtree	 dt;
	struct an_tree		 t;
	double			*a, *b, *sc, *sa, *sb;
	uint32_t		*top, *pre, m, i;
	int			 rc = -1;

	if (store_dtree_load(st, trace, store_dtree_want(j->sa) |
	    store_dtree_want(j->sb), &dt, cause) != 0)
		return -1;
	an_tree_build(&t, dt.parent, dt.n);
	a = xcalloc(dt.n + 1, sizeof *a);
	b = xcalloc(dt.n + 1, sizeof *b);
	sc = xcalloc(dt.n + 1, sizeof *sc);
	sa = xcalloc(dt.n + 1, sizeof *sa);
	sb = xcalloc(dt.n + 1, sizeof *sb);
	pre = xcalloc(dt.n + 1, sizeof *pre);
	top = xcalloc((size_t)j->n + 1, sizeof *top);
	if (store_dtree_signal(st, &dt, j->sa, a, cause) != 0 ||
	    store_dtree_signal(st, &dt, j->sb, b, cause) != 0)
		goto out;
	an_disagree(&t, a, b, j->scale, sc, sa, sb);
	dg_preorder(&t, pre);
	for (i = 0; i < dt.n; i++)
		j->scored += cn_hasval(sc[i]);
	m = an_top(sc, dt.n, (uint32_t)j->n, top);
	for (i = 0; i < m; i++) {
		struct dg_cand	*c;

		if (j->nc == j->cap) {
			j->cap = j->cap == 0 ? 64 : j->cap * 2;
			j->c = xreallocarray(j->c, j->cap, sizeof *j->c);
		}
		c = &j->c[j->nc++];
		c->node = dt.ids[top[i]];
		c->trace = trace;
		c->score = sc[top[i]];
		c->a = a[top[i]];
		c->b = b[top[i]];
		c->sa = sa[top[i]];
		c->sb = sb[top[i]];
		c->seq = j->seq + top[i];
		c->pre = pre[top[i]];
	}
	j->seq += dt.n;
	if (j->nc > 2 * (size_t)j->n) {
		qsort(j->c, j->nc, sizeof *j->c, dg_cmp);
		j->nc = (size_t)j->n;
	}
	if (trace == j->tree_trace) {
		/* Kept so that the tree can find where its cursor is. */
		j->ids = dt.ids;
		dt.ids = NULL;
		j->pre = pre;
		pre = NULL;
		j->nids = dt.n;
	}
	rc = 0;
out:
	free(a);
	free(b);
	free(sc);
	free(sa);
	free(sb);
	free(pre);
	free(top);
	an_tree_free(&t);
	store_dtree_free(&dt);
	return rc;
}

/* A value as the CLI prints it: "-" when absent. */
static void
dg_val(char *buf, size_t len, double v)
{
	if (cn_hasval(v))
		snprintf(buf, len, "%.4g", v);
	else
		snprintf(buf, len, "-");
}

static int
dg_run(struct worker *w, struct store *st, void *arg, char **cause)
{
	struct dg_job		*j = arg;
	struct cn_node		 n;
	char			*addr, va[32], vb[32];
	size_t			 i;

	if (cv_signal_check(st, j->sa, j->sb, cause) != 0 ||
	    cv_traces_each(w, st, j->trace, dg_trace, j, cause) != 0)
		return -1;
	if (j->nc > 1)
		qsort(j->c, j->nc, sizeof *j->c, dg_cmp);
	if (j->nc > (size_t)j->n)
		j->nc = (size_t)j->n;
	cv_add(&j->out, 0, ROLE_DEFAULT, "%s vs %s on scale %s (%s): %zu"
	    " worst of %lld scored nodes%s", j->sa, j->sb,
	    an_scale_name(j->scale), an_report_scale_help(j->scale), j->nc,
	    (long long)j->scored, j->trace > 0 ? " in this trace" :
	    ", every trace");
	if (j->nc == 0) {
		cv_add(&j->out, 0, ROLE_DIM, "no node has both signals%s",
		    j->scale == AN_SCALE_RANK ? " and a sibling with both" :
		    "");
		return 0;
	}
	cv_add(&j->out, 0, ROLE_HEADER, "%6s  %-21s  %-13s  %s", "score",
	    "values", "scaled", "address  text");
	for (i = 0; i < j->nc; i++) {
		const struct dg_cand	*c = &j->c[i];

		cn_node_init(&n);
		addr = store_node_address(st, c->node);
		if (store_node_get(st, c->node, &n, NULL) != 1)
			cn_node_init(&n);
		dg_val(va, sizeof va, c->a);
		dg_val(vb, sizeof vb, c->b);
		cv_add(&j->out, c->node, c->score >= 0.5 ? ROLE_BAD :
		    ROLE_DEFAULT, "%6.3f  %9s vs %-9s  %.2f vs %.2f  %s  %s",
		    c->score, va, vb, c->sa, c->sb, addr != NULL ? addr : "?",
		    n.text != NULL ? n.text : "");
		free(addr);
		cn_node_clear(&n);
	}
	return 0;
}

/*
 * :disagree A B [rank|norm] [all|trace] [N]. Without all or trace: the
 * open trace when the tree has one, else every trace.
 */
int
disagree_command(struct tui *t, const char *arg)
{
	struct dg_job	*j;
	struct cv_args	 ca;
	int64_t		 trace;

	if (cv_args_parse(t, "disagree", " (usage: A B [rank|norm]"
	    " [all|trace] [N])", arg, 2, 1, &ca) != 0)
		return TUI_HANDLED | TUI_REDRAW;
	if (ca.sig[1] == NULL) {
		tui_message(t, 1, "disagree: name two signals, e.g. :disagree"
		    " q prm:x [rank|norm] [all] [N] (Tab completes)");
		cv_args_free(&ca);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (cv_args_trace(t, "disagree", &ca, &trace) != 0) {
		cv_args_free(&ca);
		return TUI_HANDLED | TUI_REDRAW;
	}
	j = xcalloc(1, sizeof *j);
	j->scale = ca.scale >= 0 ? (enum an_scale)ca.scale : AN_SCALE_RANK;
	j->n = cv_args_num(&ca, DG_DEFAULT_N, DG_MAX_N);
	j->sa = ca.sig[0];
	j->sb = ca.sig[1];
	j->trace = trace;
	if (tui_view(t, VIEW_TREE)->is_open)
		j->tree_trace = t->open_trace;
	cmpview_start(t, VIEW_DISAGREE, &(struct cv_job){ dg_run, dg_free, j,
	    &j->out }, "disagree %s vs %s, scale %s (%s)%s", j->sa, j->sb,
	    an_scale_name(j->scale), an_report_scale_help(j->scale),
	    j->trace > 0 ? "" : ", all traces");
	return TUI_HANDLED | TUI_REDRAW;
}

/* The preorder index of node id in the tree's trace, or -1. */
static int64_t
dg_pre_of(const struct dg_job *j, int64_t id)
{
	uint32_t	lo = 0, hi = j->nids, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (j->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < j->nids && j->ids[lo] == id)
		return j->pre[lo];
	return -1;
}

/*
 * disagree-next/-prev in the tree: the listed node of the open trace
 * that follows (dir 1) or precedes (-1) the cursor node in tree order,
 * wrapping around.
 */
int
disagree_walk(struct tui *t, int64_t cursor, int dir)
{
	struct dg_job	*j = cmpview_result(t, VIEW_DISAGREE);
	const struct dg_cand *best = NULL, *wrap = NULL, *c;
	int64_t		 here;
	size_t		 i;

	if (j == NULL) {
		tui_message(t, 1, "no disagreement list yet: :disagree A B"
		    " (or D)");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (j->ids == NULL || j->tree_trace != t->open_trace) {
		tui_message(t, 1, "the disagreement list is of another trace:"
		    " run :disagree again here");
		return TUI_HANDLED | TUI_REDRAW;
	}
	here = dg_pre_of(j, cursor);
	for (i = 0; i < j->nc; i++) {
		c = &j->c[i];
		if (c->trace != j->tree_trace)
			continue;
		if (dir > 0) {
			if ((int64_t)c->pre > here &&
			    (best == NULL || c->pre < best->pre))
				best = c;
			if (wrap == NULL || c->pre < wrap->pre)
				wrap = c;
		} else {
			if ((int64_t)c->pre < here &&
			    (best == NULL || c->pre > best->pre))
				best = c;
			if (wrap == NULL || c->pre > wrap->pre)
				wrap = c;
		}
	}
	if (wrap == NULL) {
		tui_message(t, 1, "no listed disagreement in this trace");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (best == NULL)
		best = wrap;
	tui_goto_id(t, best->node);
	if (t->msg == NULL)
		tui_message(t, 0, "disagreement %.3f: %s %.4g vs %s %.4g%s",
		    best->score, j->sa, best->a, j->sb, best->b,
		    best == wrap && (dir > 0 ? (int64_t)best->pre <= here :
		    (int64_t)best->pre >= here) ? " (wrapped)" : "");
	return TUI_HANDLED | TUI_REDRAW;
}

const struct view_ops view_disagree_ops = CMPVIEW_OPS("disagree");

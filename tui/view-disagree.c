/*
 * view-disagree.c - the disagreement finder: two signals compared on a
 * scale that makes them comparable (analysis.h: ranks among siblings, or
 * each min-max normalised per trace), the worst N nodes listed, over
 * every trace or the one open. The reads and the statistics are those of
 * `canopy disagree` (query.h), run on a worker (cmpview.c), so both show
 * the same numbers. In the tree, disagree-next/-prev walk the listed
 * nodes of the open trace in tree order (preorder, children in id order).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "an-report.h"
#include "cmpview.h"
#include "query.h"

#define DG_DEFAULT_N	20
#define DG_MAX_N	10000

struct dg_job {
	struct cv_out		 out;
	char			*sa, *sb;
	int64_t			 trace;		/* 0: every trace */
	/* keep_trace: the trace open in the tree. */
	struct query_disagree	 q;
};

static void
dg_free(void *arg)
{
	struct dg_job	*j = arg;

	cv_out_free(&j->out);
	free(j->sa);
	free(j->sb);
	query_disagree_free(&j->q);
	free(j);
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
	struct query_disagree	*q = &j->q;
	struct cn_node		 n;
	char			*addr, va[32], vb[32];
	size_t			 i;

	if (cv_signal_check(st, j->sa, j->sb, cause) != 0 ||
	    cv_traces_each(w, st, j->trace, query_disagree_trace, q, cause) != 0)
		return -1;
	query_disagree_end(q);
	cv_add(&j->out, 0, ROLE_DEFAULT, "%s vs %s on scale %s (%s): %zu"
	    " worst of %lld scored nodes%s", j->sa, j->sb,
	    an_scale_name(q->scale), an_report_scale_help(q->scale), q->nc,
	    (long long)q->scored, j->trace > 0 ? " in this trace" :
	    ", every trace");
	if (q->nc == 0) {
		cv_add(&j->out, 0, ROLE_DIM, "no node has both signals%s",
		    q->scale == AN_SCALE_RANK ? " and a sibling with both" :
		    "");
		return 0;
	}
	cv_add(&j->out, 0, ROLE_HEADER, "%6s  %-21s  %-13s  %s", "score",
	    "values", "scaled", "address  text");
	for (i = 0; i < q->nc; i++) {
		const struct query_cand	*c = &q->c[i];

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
	j->q.scale = ca.scale >= 0 ? (enum an_scale)ca.scale : AN_SCALE_RANK;
	j->q.n = cv_args_num(&ca, DG_DEFAULT_N, DG_MAX_N);
	j->q.sa = j->sa = ca.sig[0];
	j->q.sb = j->sb = ca.sig[1];
	j->trace = trace;
	if (tui_view(t, VIEW_TREE)->is_open)
		j->q.keep_trace = t->open_trace;
	cmpview_start(t, VIEW_DISAGREE, &(struct cv_job){ dg_run, dg_free, j,
	    &j->out }, "disagree %s vs %s, scale %s (%s)%s", j->sa, j->sb,
	    an_scale_name(j->q.scale), an_report_scale_help(j->q.scale),
	    j->trace > 0 ? "" : ", all traces");
	return TUI_HANDLED | TUI_REDRAW;
}

/*
 * disagree-next/-prev in the tree: the listed node of the open trace
 * that follows (dir 1) or precedes (-1) the cursor node in tree order,
 * wrapping around.
 */
int
disagree_walk(struct tui *t, int64_t cursor, int dir)
{
	struct dg_job		*j = cmpview_result(t, VIEW_DISAGREE);
	const struct query_disagree *q = j != NULL ? &j->q : NULL;
	const struct query_cand	*best = NULL, *wrap = NULL, *c;
	int64_t			 here;
	size_t			 i;

	if (j == NULL) {
		tui_message(t, 1, "no disagreement list yet: :disagree A B"
		    " (or D)");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (q->pre == NULL || q->keep_trace != t->open_trace) {
		tui_message(t, 1, "the disagreement list is of another trace:"
		    " run :disagree again here");
		return TUI_HANDLED | TUI_REDRAW;
	}
	here = query_disagree_pre(q, cursor);
	for (i = 0; i < q->nc; i++) {
		c = &q->c[i];
		if (c->trace != q->keep_trace)
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

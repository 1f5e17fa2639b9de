/*
 * view-replay.c - the search replayed in the order it ran. When the source
 * kept its history (llm-reasoners MCTS: one snapshot per iteration, stored
 * by the importer in the trace's "iterations"), one section per
 * iteration: how many nodes the tree had, the nodes that iteration added
 * and the ones then on the chosen path. Otherwise the nodes in creation
 * order (database id order, which is the order the importer met them),
 * and the header says so. Visits and values are the final ones: the
 * sources keep no per-iteration values. Computed on a worker (cmpview.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmpview.h"
#include "store-cmpview.h"
#include "store-derive.h"

#define RP_TEXT_W	70	/* bytes of step text per line */
#define RP_MAX_LINES	50000	/* a report, not a dump */

struct rp_ext {
	const char	*ext;		/* borrowed from extid[] */
	uint32_t	 idx;		/* in the dtree */
};

struct rp_job {
	struct cv_out		 out;
	int64_t			 trace;
	struct store_dtree	 dt;
	char			**extid;	/* source id of index i */
	struct rp_ext		*sorted;	/* by source id */
	uint32_t		 next;
	uint8_t			*seen, *chosen;
	uint32_t		 nnodes, nnew;
	int64_t			 iters;
	struct worker		*w;
};

static void
rp_free(void *arg)
{
	struct rp_job	*j = arg;

	cv_out_free(&j->out);
	xfree_strv(j->extid, j->next);
	free(j->sorted);
	free(j->seen);
	free(j->chosen);
	store_dtree_free(&j->dt);
	free(j);
}

static int
rp_ext_cb(int64_t id, const char *ext, void *arg)
{
	struct rp_job	*j = arg;

	/* Both reads are in id order: the k-th row is index k. */
	if (j->next >= j->dt.n || j->dt.ids[j->next] != id)
		return 0;
	j->extid[j->next] = xstrdup(ext != NULL ? ext : "");
	j->sorted[j->next].ext = j->extid[j->next];
	j->sorted[j->next].idx = j->next;
	j->next++;
	return 0;
}

static int
rp_ext_cmp(const void *x, const void *y)
{
	return strcmp(((const struct rp_ext *)x)->ext,
	    ((const struct rp_ext *)y)->ext);
}

/* The index of source id ext, or -1. */
static int64_t
rp_find(const struct rp_job *j, const char *ext)
{
	struct rp_ext	 key, *e;

	key.ext = ext;
	e = bsearch(&key, j->sorted, j->next, sizeof *j->sorted, rp_ext_cmp);
	return e != NULL ? (int64_t)e->idx : -1;
}

/*
 * Calls fn for each node a history list names: ids, or runs "a-b" of
 * integer ids (an id that is itself "a-b" is looked up first).
 */
static void
rp_each(struct rp_job *j, const char *list, void (*fn)(struct rp_job *,
    uint32_t))
{
	char		*s, *p, *tok, *dash, num[32];
	long long	 a, b, k;
	int64_t		 i;

	if (list == NULL)
		return;
	s = xstrdup(list);
	for (p = s; (tok = strsep(&p, ",")) != NULL;) {
		if ((i = rp_find(j, tok)) >= 0) {
			fn(j, (uint32_t)i);
			continue;
		}
		if (*tok == '\0' || (dash = strchr(tok + 1, '-')) == NULL)
			continue;
		*dash = '\0';
		a = strtoll(tok, NULL, 10);
		b = strtoll(dash + 1, NULL, 10);
		for (k = a; k <= b && k - a < (long long)j->dt.n; k++) {
			snprintf(num, sizeof num, "%lld", k);
			if ((i = rp_find(j, num)) >= 0)
				fn(j, (uint32_t)i);
		}
	}
	free(s);
}

static void
rp_val(char *buf, size_t len, const char *name, double v)
{
	if (cn_hasval(v))
		snprintf(buf, len, "  %s %.4g", name, v);
	else
		buf[0] = '\0';
}

/* One node's line: its source id, its text, its final visits and q. */
static void
rp_node(struct rp_job *j, uint32_t i, const char *mark)
{
	const char	*text = j->dt.text != NULL ? j->dt.text[i] : NULL;
	char		 vis[48], q[48];

	if (j->out.n >= RP_MAX_LINES)
		return;
	rp_val(vis, sizeof vis, "visits", j->dt.sig[CN_SIG_VISITS][i]);
	rp_val(q, sizeof q, "q", j->dt.sig[CN_SIG_Q][i]);
	cv_add(&j->out, j->dt.ids[i], ROLE_DEFAULT, "  %s %s  %.*s%s%s", mark,
	    i < j->next ? j->extid[i] : "?", RP_TEXT_W,
	    text != NULL ? text : "", vis, q);
}

static void
rp_count(struct rp_job *j, uint32_t i)
{
	(void)i;
	j->nnodes++;
}

static void
rp_mark_new(struct rp_job *j, uint32_t i)
{
	if (!j->seen[i]) {
		j->seen[i] = 2;		/* new in this iteration */
		j->nnew++;
	}
}

static void
rp_mark_chosen(struct rp_job *j, uint32_t i)
{
	j->chosen[i] = 1;
}

static int
rp_iter_cb(int64_t iter, const char *nodes, const char *chosen, void *arg)
{
	struct rp_job	*j = arg;
	uint32_t	 i, nch = 0;
	int64_t		 first = 0;

	if (worker_cancelled(j->w))
		return 1;
	if (j->iters == 0)
		cv_add(&j->out, 0, ROLE_DEFAULT, "the search as the source"
		    " recorded it, iteration by iteration (+ new, * on the"
		    " chosen path); visits and q are the final values");
	j->nnodes = j->nnew = 0;
	rp_each(j, nodes, rp_count);
	rp_each(j, nodes, rp_mark_new);
	memset(j->chosen, 0, j->dt.n);
	rp_each(j, chosen, rp_mark_chosen);
	for (i = 0; i < j->dt.n; i++) {
		nch += j->chosen[i];
		if (j->seen[i] == 2 && first == 0)
			first = j->dt.ids[i];
	}
	cv_add(&j->out, first, ROLE_TITLE, "iteration %lld: %u nodes, %u new,"
	    " %u on the chosen path", (long long)iter + 1, j->nnodes, j->nnew,
	    nch);
	for (i = 0; i < j->dt.n; i++) {
		if (j->seen[i] != 2)
			continue;
		rp_node(j, i, j->chosen[i] ? "+*" : "+ ");
		j->seen[i] = 1;
	}
	j->iters++;
	return 0;
}

static int
rp_run(struct worker *w, struct store *st, void *arg, char **cause)
{
	struct rp_job	*j = arg;
	char		 mark[32];
	uint32_t	 i;

	j->w = w;
	worker_progress(w, 0, 2);
	if (store_dtree_load(st, j->trace, STORE_DTREE_TEXT, &j->dt,
	    cause) != 0)
		return -1;
	j->extid = xcalloc((size_t)j->dt.n + 1, sizeof *j->extid);
	j->sorted = xcalloc((size_t)j->dt.n + 1, sizeof *j->sorted);
	if (store_trace_ext_ids(st, j->trace, rp_ext_cb, j, cause) != 0)
		return -1;
	worker_progress(w, 1, 2);
	if (j->next > 1)
		qsort(j->sorted, j->next, sizeof *j->sorted, rp_ext_cmp);
	j->seen = xcalloc((size_t)j->dt.n + 1, 1);
	j->chosen = xcalloc((size_t)j->dt.n + 1, 1);
	if (store_trace_iterations(st, j->trace, rp_iter_cb, j, cause) < 0)
		return -1;
	worker_progress(w, 2, 2);
	if (j->iters == 0) {
		cv_add(&j->out, 0, ROLE_DEFAULT, "no search history recorded:"
		    " the %u nodes in creation (id) order; visits and q are"
		    " the final values", j->dt.n);
		for (i = 0; i < j->dt.n; i++) {
			snprintf(mark, sizeof mark, "%u.", i + 1);
			rp_node(j, i, mark);
		}
	}
	if (j->out.n >= RP_MAX_LINES)
		cv_add(&j->out, 0, ROLE_DIM, "(cut at %d lines)",
		    RP_MAX_LINES);
	return 0;
}

/* :replay: the search of the trace open in the tree, in its order. */
int
replay_command(struct tui *t, const char *arg)
{
	struct rp_job	*j;

	(void)arg;
	if (!tui_view(t, VIEW_TREE)->is_open) {
		tui_message(t, 1, "replay: open a trace first");
		return TUI_HANDLED | TUI_REDRAW;
	}
	j = xcalloc(1, sizeof *j);
	j->trace = t->open_trace;
	cmpview_start(t, VIEW_REPLAY, &(struct cv_job){ rp_run, rp_free, j,
	    &j->out }, "replay: the search in the order it ran");
	return TUI_HANDLED | TUI_REDRAW;
}

const struct view_ops view_replay_ops = CMPVIEW_OPS("replay");

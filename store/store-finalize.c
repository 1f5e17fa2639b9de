/*
 * store-finalize.c - a trace's skeleton against the database: growing it
 * as nodes come, loading it back after an eviction, finalizing it (parents
 * resolved, cycles and orphans refused, depth, ordinals and subtree
 * summaries written) and evicting traces when too many nodes are open.
 * The pure work is in store-skel.c.
 *
 * Memory: per trace being imported, about 64 bytes per node (ids, parent,
 * depth, ordinal, sibling count, line, column, reward, outcome and the ext
 * id itself), so a 1M-node trace costs ~64 MB while it is open; finalizing
 * frees the id map first and then needs ~16 bytes per node more. Text is
 * never kept: it goes straight to SQLite. When the open traces hold more
 * than OPEN_NODES_MAX nodes, traces other than the current one are
 * finalized and dropped; resuming one reloads its skeleton from the
 * database.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-imp.h"
#include "store-traces.h"

/* ---- trace skeletons ---- */

/*
 * Makes room for one more node. Fails past INT32_MAX nodes: parents are
 * 32-bit indices into the skeleton.
 */
int
trace_grow(struct imp_trace *t, char **cause)
{
	if (t->n < t->cap)
		return 0;
	if (t->cap >= (uint32_t)INT32_MAX / 2 + 1) {
		if (cause != NULL)
			*cause = xasprintf("trace %s: more than %d nodes in one"
			    " trace", t->given, INT32_MAX);
		return -1;
	}
	t->cap = t->cap == 0 ? 16 : t->cap * 2;
#define GROW_ARRAY(f) t->f = xreallocarray(t->f, t->cap, sizeof *t->f);
	IMP_TRACE_ARRAYS(GROW_ARRAY)
#undef GROW_ARRAY
	return 0;
}

void
trace_unload(struct store_imp *im, struct imp_trace *t)
{
	size_t	i;

	im->open_nodes -= t->loaded ? t->n : 0;
	im->open_traces -= t->loaded ? 1 : 0;
#define FREE_ARRAY(f) free(t->f); t->f = NULL;
	IMP_TRACE_ARRAYS(FREE_ARRAY)
#undef FREE_ARRAY
	for (i = 0; i < t->npend; i++)
		free(t->pend[i].parent_ext);
	free(t->pend);
	smap_free(&t->map);
	t->pend = NULL;
	t->n = t->cap = 0;
	t->npend = t->pendcap = 0;
	t->root = -1;
	t->loaded = 0;
}

void
trace_free(struct store_imp *im, struct imp_trace *t)
{
	if (t == NULL)
		return;
	trace_unload(im, t);
	free(t->ext);
	free(t->given);
	free(t);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* Loads the skeleton of a trace that is already in the database. */
int
trace_load(struct store *st, struct imp_trace *t, char **cause)
{
	static const char	 sql[] =
	    "SELECT id, ext_id, parent_id, depth, ordinal, reward, outcome"
	    " FROM nodes WHERE trace_id = ? ORDER BY id";
	struct store_imp	*im = st->imp;
	sqlite3_stmt		*s;
	int64_t			*pids = NULL, *hit;
	uint32_t		 i;
	int			 rc;

	if (t->loaded)
		return 0;
	if (imp_flush(st, cause) != 0)
		return -1;
	t->root = -1;
	if ((s = store_stmt(st, sql, cause, "i", t->id)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		double	o;

		if (trace_grow(t, cause) != 0 || smap_add(&t->map,
		    (const char *)sqlite3_column_text(s, 1), &i) != 0) {
			if (cause != NULL && *cause == NULL)
				*cause = xasprintf("trace %s: too many node ids"
				    " in one trace", t->given);
			sqlite3_reset(s);
			free(pids);
			return -1;
		}
		pids = xreallocarray(pids, t->cap, sizeof *pids);
		t->n++;
		t->ids[i] = sqlite3_column_int64(s, 0);
		pids[i] = sqlite3_column_type(s, 2) == SQLITE_NULL ? 0 :
		    sqlite3_column_int64(s, 2);
		t->depth[i] = sqlite3_column_int(s, 3);
		t->ord[i] = sqlite3_column_int(s, 4);
		t->nchild[i] = 0;
		t->line[i] = t->col[i] = 0;
		t->reward[i] = store_col_val(s, 5);
		o = store_col_val(s, 6);
		t->outcome[i] = cn_hasval(o) ? (o == 1.0) : -1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(pids);
		return store_err(st, "load trace", cause);
	}
	for (i = 0; i < t->n; i++) {
		if (pids[i] == 0) {
			t->parent[i] = NOPARENT;
			t->root = (int32_t)i;
			continue;
		}
		hit = bsearch(&pids[i], t->ids, t->n, sizeof *t->ids, cmp_i64);
		t->parent[i] = hit == NULL ? NOPARENT : (int32_t)(hit - t->ids);
		if (hit != NULL)
			t->nchild[t->parent[i]]++;
	}
	free(pids);
	t->loaded = 1;
	im->open_nodes += t->n;
	im->open_traces++;
	return 0;
}

/* ---- finalization ---- */

/* The ext id of node seq (heap): from the map, or the row once it is gone. */
static char *
node_name(struct store *st, struct imp_trace *t, uint32_t seq)
{
	static const char	 sql[] = "SELECT ext_id FROM nodes WHERE id = ?";
	sqlite3_stmt		*s;
	char			*name = NULL;

	if (t->map.n > seq)
		return xstrdup(smap_key(&t->map, seq));
	if ((s = store_stmt(st, sql, NULL, "i", t->ids[seq])) != NULL) {
		if (sqlite3_step(s) == SQLITE_ROW)
			name = store_col_text(s, 0);
		sqlite3_reset(s);
	}
	return name != NULL ? name : xasprintf("#%lld", (long long)t->ids[seq]);
}

/*
 * Fails finalization with "file:line:col: trace T: node N: what", naming
 * the trace as the file wrote it (not as renamed on a collision); adopts
 * what.
 */
static int
fin_err(struct store *st, struct imp_trace *t, char **cause, uint32_t seq,
    char *what)
{
	const char	*file = st->imp->file;
	char		*msg, *name = node_name(st, t, seq);

	if (t->line[seq] > 0 && t->col[seq] > 0)
		msg = xasprintf("%s:%d:%d: trace %s: node %s: %s", file,
		    t->line[seq], t->col[seq], t->given, name, what);
	else if (t->line[seq] > 0)
		msg = xasprintf("%s:%d: trace %s: node %s: %s", file,
		    t->line[seq], t->given, name, what);
	else
		msg = xasprintf("%s: trace %s: node %s: %s", file, t->given,
		    name, what);
	free(name);
	free(what);
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return -1;
}

/*
 * Finalizes one trace. With final == 0 (a checkpoint), a trace whose
 * parents are not all known yet is left for later instead of failing.
 * With final, the skeleton is consumed (the caller unloads the trace):
 * the id map is freed first and the summaries reuse the skeleton's
 * arrays, so a 1M-node tree finalizes in about 53 bytes a node.
 */
int
trace_finalize(struct store *st, struct imp_trace *t, int final,
    char **cause)
{
	static const char	 fix_sql[] =
	    "UPDATE nodes SET parent_id = ?, depth = ?, ordinal = ?"
	    " WHERE id = ?";
	static const char	 sub_sql[] =
	    "INSERT OR REPLACE INTO subtrees(node_id, child_count, size,"
	    " leaves, ok_leaves, outcome_leaves, best_leaf_reward)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)";
	static const char	 trace_sql[] =
	    "UPDATE traces SET root_id = ?1, node_count = ?2, max_depth = ?3,"
	    " best_reward = CASE WHEN best_reward IS NULL OR best_reward < ?5"
	    " THEN ?5 ELSE best_reward END,"
	    " best_q = CASE WHEN best_q IS NULL OR best_q < ?6"
	    " THEN ?6 ELSE best_q END WHERE id = ?4";
	struct skel_kids	 kd = { NULL, NULL };
	struct skel_totals	 tot;
	uint32_t		*order = NULL;
	uint32_t		 n = t->n, i, j, p, tail;
	int32_t			*depth = NULL;
	int32_t			*own[4] = { NULL, NULL, NULL, NULL };
	double			*own_best = NULL;
	sqlite3_stmt		*s;
	size_t			 k;
	int64_t			 idx;
	int			 rc = -1, maxd = 0;

	if (!t->dirty || !t->loaded)
		return 0;
	/* Resolve parents named before they appeared. */
	for (k = 0; k < t->npend; k++) {
		idx = smap_get(&t->map, t->pend[k].parent_ext);
		if (idx < 0) {
			if (!final)
				return 0;
			return fin_err(st, t, cause, (uint32_t)t->pend[k].seq,
			    xasprintf("unknown parent %s",
			    t->pend[k].parent_ext));
		}
	}
	for (k = 0; k < t->npend; k++) {
		t->parent[t->pend[k].seq] =
		    (int32_t)smap_get(&t->map, t->pend[k].parent_ext);
		free(t->pend[k].parent_ext);
	}
	t->npend = 0;
	if (t->root < 0) {
		if (cause != NULL)
			*cause = xasprintf("%s: trace %s: no root node (every"
			    " node names a parent)", st->imp->file, t->given);
		return -1;
	}
	if (final)
		smap_free(&t->map);

	/* Children lists in arrival order, then a breadth-first walk. */
	skel_kids_build(&kd, t->parent, n);
	order = xcalloc(n, sizeof *order);
	depth = xcalloc(n, sizeof *depth);
	tail = skel_bfs(&kd, (uint32_t)t->root, order, depth, &maxd);
	if (tail < n) {
		/* Every node has a known parent, so the rest form cycles. */
		char	*seen = xcalloc(n, 1);

		for (i = 0; i < tail; i++)
			seen[order[i]] = 1;
		for (i = 0; i < n && seen[i]; i++)
			;
		free(seen);
		fin_err(st, t, cause, i, xstrdup("is in a parent cycle (not"
		    " reachable from the root)"));
		goto out;
	}

	/* Rows whose parent, depth or ordinal changed since written. */
	for (p = 0; p < n; p++) {
		for (j = kd.off[p]; j < kd.off[p + 1]; j++) {
			int32_t	o = (int32_t)(j - kd.off[p]);

			i = kd.kids[j];
			if (depth[i] == t->depth[i] && o == t->ord[i])
				continue;
			if ((s = store_prepare(st, fix_sql, cause)) == NULL)
				goto out;
			sqlite3_bind_int64(s, 1, t->ids[p]);
			sqlite3_bind_int(s, 2, depth[i]);
			sqlite3_bind_int(s, 3, o);
			sqlite3_bind_int64(s, 4, t->ids[i]);
			if (sqlite3_step(s) != SQLITE_DONE) {
				store_err(st, "import: fix node", cause);
				goto out;
			}
			t->depth[i] = depth[i];
			t->ord[i] = o;
		}
	}
	if (store_chains_record(st, &kd, t->parent, depth, t->ids, n,
	    cause) != 0)
		goto out;
	free(kd.kids);
	kd.kids = NULL;

	/*
	 * Subtree summaries, leaves first. A final pass reuses arrays the
	 * skeleton no longer needs; a checkpoint keeps the skeleton whole.
	 */
	if (final) {
		tot.size = t->nchild;
		tot.leaves = t->ord;
		tot.ok = depth;
		tot.outc = t->depth;
		tot.best = t->reward;
	} else {
		tot.size = own[0] = xcalloc(n, sizeof *tot.size);
		tot.leaves = own[1] = xcalloc(n, sizeof *tot.leaves);
		tot.ok = own[2] = xcalloc(n, sizeof *tot.ok);
		tot.outc = own[3] = xcalloc(n, sizeof *tot.outc);
		tot.best = own_best = xcalloc(n, sizeof *tot.best);
		memcpy(tot.best, t->reward, n * sizeof *tot.best);
	}
	skel_totals(&kd, t->parent, order, t->outcome, n, &tot);
	for (i = 0; i < n; i++) {
		if (kd.off[i] == kd.off[i + 1])
			continue;
		if ((s = store_prepare(st, sub_sql, cause)) == NULL)
			goto out;
		sqlite3_bind_int64(s, 1, t->ids[i]);
		sqlite3_bind_int64(s, 2, (int64_t)(kd.off[i + 1] - kd.off[i]));
		sqlite3_bind_int64(s, 3, tot.size[i]);
		sqlite3_bind_int64(s, 4, tot.leaves[i]);
		sqlite3_bind_int64(s, 5, tot.ok[i]);
		sqlite3_bind_int64(s, 6, tot.outc[i]);
		store_bind_val(s, 7, tot.best[i]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			store_err(st, "import: subtree summary", cause);
			goto out;
		}
	}
	if (store_run(st, trace_sql, "import: trace totals", cause, "iidivv",
	    t->ids[t->root], (int64_t)n, maxd, t->id, t->best_reward,
	    t->best_q) != 0)
		goto out;
	if (imp_trace_rebest(st, t, cause) != 0)
		goto out;
	if (store_traces_outcome(st, t->id, cause) != 0)
		goto out;
	t->dirty = 0;
	t->finalized = 1;
	rc = 0;
out:
	skel_kids_free(&kd);
	free(order);
	free(depth);
	for (k = 0; k < 4; k++)
		free(own[k]);
	free(own_best);
	return rc;
}

/* Finalizes and drops every open trace but the current one. */
int
imp_evict(struct store *st, char **cause)
{
	struct store_imp	*im = st->imp;
	size_t			 i;

	if (imp_flush(st, cause) != 0)
		return -1;
	for (i = 0; i < im->ntraces; i++) {
		struct imp_trace *t = im->traces[i];

		if (t == im->cur || !t->loaded || t->npend > 0 || t->n == 0)
			continue;
		if (trace_finalize(st, t, 1, cause) != 0)
			return -1;
		trace_unload(im, t);
	}
	return 0;
}

/*
 * store-sink.c - the store's imp_sink: traces, nodes, annotations and
 * scores as the importers send them, checked and written in the import's
 * transaction.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-imp.h"

/* ---- the sink ---- */

/*
 * Takes the write lock again after a checkpoint, when the next record
 * comes: a follow waiting for its file to grow must not keep other
 * writers out.
 */
int
nodes_max_id(struct store *st, int64_t *max, char **cause)
{
	static const char	 sql[] = "SELECT coalesce(max(id), 0) FROM nodes";

	/* coalesce() always gives the one row. */
	if (store_one_int64(st, sql, max, "import: last node", cause, "") < 0)
		return -1;
	return 0;
}

/*
 * Reads, under the write lock, the text index's watermark and the id the
 * next node gets: after the newest node and after the watermark, which
 * stays above the last node when the newest nodes were deleted (their
 * ids must not come back below it unindexed).
 */
int
imp_ids(struct store *st, char **cause)
{
	struct store_imp	*im = st->imp;
	int64_t			 max;

	if (nodes_max_id(st, &max, cause) != 0 ||
	    store_fts_watermark(st, &im->fts_done, cause) != 0)
		return -1;
	im->next_id = (max > im->fts_done ? max : im->fts_done) + 1;
	return 0;
}

/*
 * (Re)starts the transaction. Another writer may have added nodes while
 * the lock was free, and moved the watermark; new ids come after theirs.
 */
int
imp_txn(struct store *st, char **cause)
{
	struct store_imp	*im = st->imp;

	if (im->in_txn)
		return 0;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	im->in_txn = 1;
	return imp_ids(st, cause);
}

/* Hands msg (heap) to *cause and returns status (CN_FATAL or CN_BAD). */
static int
sink_fail(int status, char **cause, char *msg)
{
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return status;
}

static int
trace_has_fields(const struct cn_trace *t)
{
	return t->format != NULL || t->source != NULL || t->problem != NULL ||
	    t->ground_truth != NULL || t->extra != NULL;
}

/* Finds the database trace with this ext id; 1 found, 0 not, -1 error. */
static int
trace_lookup(struct store *st, const char *ext, int64_t *id, char **cause)
{
	static const char	 sql[] = "SELECT id FROM traces WHERE ext_id = ?";
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	store_bind_text(s, 1, ext);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, "import: find trace", cause);
	return 0;
}

static int
sink_trace(void *arg, const struct cn_trace *tr, char **cause)
{
	static const char	 ins_sql[] =
	    "INSERT INTO traces(ext_id, import_id, format, source, problem,"
	    " ground_truth, extra) VALUES (?, ?, ?, ?, ?, ?, ?)";
	static const char	 upd_sql[] =
	    "UPDATE traces SET problem = coalesce(?, problem),"
	    " ground_truth = coalesce(?, ground_truth),"
	    " extra = coalesce(?, extra) WHERE id = ?";
	struct store		*st = arg;
	struct store_imp	*im = st->imp;
	struct imp_trace	*t;
	sqlite3_stmt		*s;
	int64_t			 idx, id;
	uint32_t		 idx32;
	char			*ext;
	int			 n, found;

	if (cause != NULL)
		*cause = NULL;
	if (imp_txn(st, cause) != 0)
		return CN_FATAL;
	if (tr->ext_id == NULL || *tr->ext_id == '\0')
		return sink_fail(CN_BAD, cause, xstrdup("trace without an id"));
	if ((idx = smap_get(&im->tmap, tr->ext_id)) >= 0) {
		t = im->traces[idx];
		im->cur = t;
		if (!trace_has_fields(tr))
			return CN_OK;
		if ((s = store_prepare(st, upd_sql, cause)) == NULL)
			return CN_FATAL;
		store_bind_text(s, 1, tr->problem);
		store_bind_text(s, 2, tr->ground_truth);
		store_bind_text(s, 3, tr->extra);
		sqlite3_bind_int64(s, 4, t->id);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_err(st, "import: update trace", cause);
		return CN_OK;
	}
	t = xcalloc(1, sizeof *t);
	t->given = xstrdup(tr->ext_id);
	t->root = -1;
	t->best_reward = t->best_q = CN_NOVAL;
	if (!trace_has_fields(tr)) {
		/* A bare id: attach to a trace from an earlier import. */
		if ((found = trace_lookup(st, tr->ext_id, &id, cause)) < 0) {
			trace_free(im, t);
			return CN_FATAL;
		}
		if (found) {
			t->id = id;
			t->ext = xstrdup(tr->ext_id);
			goto add;
		}
	}
	/* A new trace; an id taken by an earlier import gets a suffix. */
	ext = xstrdup(tr->ext_id);
	for (n = 2;; n++) {
		if ((found = trace_lookup(st, ext, &id, cause)) < 0) {
			free(ext);
			trace_free(im, t);
			return CN_FATAL;
		}
		if (!found)
			break;
		free(ext);
		ext = xasprintf("%s~%d", tr->ext_id, n);
	}
	if ((s = store_prepare(st, ins_sql, cause)) == NULL) {
		free(ext);
		trace_free(im, t);
		return CN_FATAL;
	}
	store_bind_text(s, 1, ext);
	sqlite3_bind_int64(s, 2, im->import_id);
	store_bind_text(s, 3, tr->format != NULL ? tr->format : im->format);
	store_bind_text(s, 4, tr->source != NULL ? tr->source : im->file);
	store_bind_text(s, 5, tr->problem);
	store_bind_text(s, 6, tr->ground_truth);
	store_bind_text(s, 7, tr->extra);
	if (sqlite3_step(s) != SQLITE_DONE) {
		free(ext);
		trace_free(im, t);
		return store_err(st, "import: add trace", cause);
	}
	t->id = sqlite3_last_insert_rowid(st->db);
	t->ext = ext;
	t->loaded = 1;
	t->fresh = 1;
	im->open_traces++;
	im->counts.traces++;
add:
	if (smap_add(&im->tmap, tr->ext_id, &idx32) != 0) {
		trace_free(im, t);
		return sink_fail(CN_FATAL, cause,
		    xstrdup("too many traces in one import"));
	}
	if (im->ntraces == im->tcap) {
		im->tcap = im->tcap == 0 ? 16 : im->tcap * 2;
		im->traces = xreallocarray(im->traces, im->tcap,
		    sizeof *im->traces);
	}
	im->traces[im->ntraces++] = t;
	im->cur = t;
	if (im->open_traces > OPEN_TRACES_MAX && imp_evict(st, cause) != 0)
		return CN_FATAL;
	return CN_OK;
}

static int64_t
signal_id(struct store *st, const char *name, char **cause)
{
	static const char	 ins_sql[] =
	    "INSERT OR IGNORE INTO signal_names(name) VALUES (?)";
	static const char	 get_sql[] =
	    "SELECT id FROM signal_names WHERE name = ?";
	struct store_imp	*im = st->imp;
	sqlite3_stmt		*s;
	int64_t			 idx, id;
	uint32_t		 idx32;

	if ((idx = smap_get(&im->sigmap, name)) >= 0)
		return im->sigids[idx];
	if ((s = store_prepare(st, ins_sql, cause)) == NULL)
		return -1;
	store_bind_text(s, 1, name);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: signal name", cause);
	if ((s = store_prepare(st, get_sql, cause)) == NULL)
		return -1;
	store_bind_text(s, 1, name);
	if (sqlite3_step(s) != SQLITE_ROW)
		return store_err(st, "import: signal name", cause);
	id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (smap_add(&im->sigmap, name, &idx32) != 0) {
		if (cause != NULL)
			*cause = xstrdup("import: too many signal names");
		return -1;
	}
	idx = idx32;
	im->sigids = xreallocarray(im->sigids, im->sigmap.n, sizeof *im->sigids);
	im->sigids[idx] = id;
	return id;
}

/* Sets (or replaces) the named signal of a node already written. */
int
imp_signal_put(struct store *st, int64_t node, const char *name, double v,
    char **cause)
{
	static const char	 sql[] =
	    "INSERT OR REPLACE INTO signals(node_id, name_id, value)"
	    " VALUES (?, ?, ?)";
	sqlite3_stmt		*s;
	int64_t			 sid;

	if ((sid = signal_id(st, name, cause)) < 0)
		return -1;
	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, node);
	sqlite3_bind_int64(s, 2, sid);
	sqlite3_bind_double(s, 3, v);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: signal", cause);
	return 0;
}

static int
sink_node(void *arg, const struct cn_node *nd, char **cause)
{
	struct store		*st = arg;
	struct store_imp	*im = st->imp;
	struct imp_trace	*t = im->cur;
	struct brow		*r;
	int64_t			 idx, id, sid;
	int32_t			 parent = NOPARENT, depth = 0, ord = 0;
	uint32_t		 seq;
	size_t			 i, j, first;
	int			 k;

	if (cause != NULL)
		*cause = NULL;
	if (imp_txn(st, cause) != 0)
		return CN_FATAL;
	if (t == NULL)
		return sink_fail(CN_FATAL, cause,
		    xstrdup("node before any trace"));
	if (nd->ext_id == NULL || *nd->ext_id == '\0')
		return sink_fail(CN_BAD, cause, xstrdup("node without an id"));
	if (!t->loaded && trace_load(st, t, cause) != 0)
		return CN_FATAL;
	/* A node written again: an update (store-upsert.c). */
	if ((idx = smap_get(&t->map, nd->ext_id)) >= 0)
		return imp_node_update(st, t, (uint32_t)idx, nd, cause);
	if (nd->parent_ext == NULL) {
		if (t->root >= 0)
			return sink_fail(CN_BAD, cause,
			    xasprintf("trace %s: second root node %s (the"
			    " root is %s): every node but one needs a parent",
			    t->given, nd->ext_id,
			    smap_key(&t->map, (uint32_t)t->root)));
	} else if ((idx = smap_get(&t->map, nd->parent_ext)) >= 0) {
		parent = (int32_t)idx;
		depth = t->depth[parent] + 1;
		ord = t->nchild[parent]++;
	} else
		parent = PENDING;

	/* Room in the skeleton before anything is written. */
	if (trace_grow(t, cause) != 0)
		return CN_FATAL;
	if (smap_add(&t->map, nd->ext_id, &seq) != 0)
		return sink_fail(CN_FATAL, cause,
		    xasprintf("trace %s: too many node ids in one trace",
		    t->given));
	t->n++;

	/* Rows go out NODE_BATCH at a time (imp_flush). */
	if (im->nrows == NODE_BATCH && imp_flush(st, cause) != 0)
		return CN_FATAL;
	id = im->next_id++;
	r = &im->rows[im->nrows++];
	r->id = id;
	r->trace = t->id;
	r->parent = parent >= 0 ? t->ids[parent] : 0;
	r->ord = ord;
	r->depth = depth;
	r->terminal = nd->terminal != 0;
	r->chosen = nd->chosen != 0;
	r->origin = nd->origin != NULL && strcmp(nd->origin, "rerun") == 0;
	for (k = 0; k < CN_SIG_COUNT; k++)
		r->sig[k] = nd->sig[k];
	r->str[0] = imp_brow_str(im, nd->ext_id);
	r->str[1] = imp_brow_str(im, nd->role != NULL ? nd->role :
	    nd->parent_ext == NULL ? "root" : "step");
	r->str[2] = imp_brow_str(im, nd->text);
	r->str[3] = imp_brow_str(im, nd->observation);
	r->str[4] = imp_brow_str(im, nd->extra);
	for (k = 0; k < CN_SIG_COUNT; k++)
		if (cn_hasval(nd->sig[k]))
			im->counts.signals++;
	first = im->nsrows;
	for (i = 0; i < nd->nmore; i++) {
		if ((sid = signal_id(st, nd->more[i].name, cause)) < 0)
			return CN_FATAL;
		im->counts.signals++;
		/* The first value of a name goes in; a repeat replaces it. */
		for (j = first; j < im->nsrows; j++)
			if (im->srows[j].name == sid)
				break;
		if (j == im->nsrows) {
			if (im->nsrows == im->srcap) {
				im->srcap = im->srcap == 0 ? 64 : 2 * im->srcap;
				im->srows = xreallocarray(im->srows, im->srcap,
				    sizeof *im->srows);
			}
			im->srows[im->nsrows++].node = id;
		}
		im->srows[j].name = sid;
		im->srows[j].v = nd->more[i].value;
	}

	t->ids[seq] = id;
	t->parent[seq] = parent;
	t->depth[seq] = depth;
	t->ord[seq] = ord;
	t->nchild[seq] = 0;
	t->line[seq] = nd->src_line > INT32_MAX ? 0 : (int32_t)nd->src_line;
	t->col[seq] = nd->src_col;
	t->reward[seq] = nd->sig[CN_SIG_REWARD];
	if (cn_hasval(nd->sig[CN_SIG_REWARD]) && (!cn_hasval(t->best_reward) ||
	    nd->sig[CN_SIG_REWARD] > t->best_reward))
		t->best_reward = nd->sig[CN_SIG_REWARD];
	if (cn_hasval(nd->sig[CN_SIG_Q]) && (!cn_hasval(t->best_q) ||
	    nd->sig[CN_SIG_Q] > t->best_q))
		t->best_q = nd->sig[CN_SIG_Q];
	t->outcome[seq] = cn_hasval(nd->sig[CN_SIG_OUTCOME]) ?
	    (nd->sig[CN_SIG_OUTCOME] == 1.0) : -1;
	if (parent == NOPARENT)
		t->root = (int32_t)seq;
	if (parent == PENDING) {
		if (t->npend == t->pendcap) {
			t->pendcap = t->pendcap == 0 ? 16 : t->pendcap * 2;
			t->pend = xreallocarray(t->pend, t->pendcap,
			    sizeof *t->pend);
		}
		t->pend[t->npend].seq = (int32_t)seq;
		t->pend[t->npend].parent_ext = xstrdup(nd->parent_ext);
		t->npend++;
	}
	t->dirty = 1;
	im->counts.nodes++;
	if (++im->open_nodes > im->open_max && imp_evict(st, cause) != 0)
		return CN_FATAL;
	return CN_OK;
}

/* Finds a node of the current trace by ext id: 1, 0 not found, -1 error. */
static int
node_lookup(struct store *st, const char *ext, int64_t *id, char **cause)
{
	static const char	 sql[] =
	    "SELECT id FROM nodes WHERE trace_id = ? AND ext_id = ?";
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->imp->cur->id);
	store_bind_text(s, 2, ext);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	return store_found(st, s, rc, "import: find node", cause);
}

/*
 * Before a record that reads what came before it (annotations, scores):
 * the write lock, and the rows held back written.
 */
static int
imp_ready(struct store *st, char **cause)
{
	if (cause != NULL)
		*cause = NULL;
	if (imp_txn(st, cause) != 0 || imp_flush(st, cause) != 0)
		return -1;
	return 0;
}

/* What every score needs: CN_OK, or the sink's answer. */
static int
score_begin(struct store *st, const char *name, char **cause)
{
	if (imp_ready(st, cause) != 0)
		return CN_FATAL;
	if (st->imp->cur == NULL)
		return sink_fail(CN_FATAL, cause,
		    xstrdup("score before any trace"));
	if (name == NULL || *name == '\0')
		return sink_fail(CN_BAD, cause,
		    xstrdup("score without a name"));
	return CN_OK;
}

static int
sink_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	static const char	 sql[] =
	    "INSERT INTO annotations(node_id, author, rating, first_error,"
	    " tags, note, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	struct store		*st = arg;
	struct store_imp	*im = st->imp;
	sqlite3_stmt		*s;
	int64_t			 id, now;
	int			 found;

	if (imp_ready(st, cause) != 0)
		return CN_FATAL;
	if (im->cur == NULL)
		return sink_fail(CN_FATAL, cause,
		    xstrdup("annotation before any trace"));
	if (a->node_ext == NULL)
		return sink_fail(CN_BAD, cause,
		    xstrdup("annotation without a node"));
	if (a->rating != CN_NORATING && (a->rating < -1 || a->rating > 1))
		return sink_fail(CN_BAD, cause,
		    xasprintf("trace %s: node %s: rating %d is not -1, 0"
		    " or +1", im->cur->given, a->node_ext, a->rating));
	if ((found = node_lookup(st, a->node_ext, &id, cause)) < 0)
		return CN_FATAL;
	if (!found)
		return sink_fail(CN_BAD, cause,
		    xasprintf("trace %s: annotation for unknown node %s",
		    im->cur->given, a->node_ext));
	if ((s = store_prepare(st, sql, cause)) == NULL)
		return CN_FATAL;
	now = a->created != 0 ? a->created : cn_now();
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, a->author != NULL ? a->author : "unknown");
	if (a->rating != CN_NORATING)
		sqlite3_bind_int(s, 3, a->rating);
	sqlite3_bind_int(s, 4, a->first_error != 0);
	store_bind_text(s, 5, a->tags);
	store_bind_text(s, 6, a->note);
	sqlite3_bind_int64(s, 7, now);
	sqlite3_bind_int64(s, 8, a->updated != 0 ? a->updated : now);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: add annotation", cause);
	im->counts.annotations++;
	return CN_OK;
}

/* Sets a signal on a node: a column for the common ones, else a row. */
static int
score_put(struct store *st, int64_t id, const char *name, double v,
    char **cause)
{
	/* One statement per column: column names cannot be bound. */
	static const char *const col_sql[CN_SIG_COUNT] = {
		"UPDATE nodes SET visits = ? WHERE id = ?",
		"UPDATE nodes SET q = ? WHERE id = ?",
		"UPDATE nodes SET prior = ? WHERE id = ?",
		"UPDATE nodes SET reward = ? WHERE id = ?",
		"UPDATE nodes SET value = ? WHERE id = ?",
		"UPDATE nodes SET outcome = ? WHERE id = ?",
	};
	static const char	 best_sql[] =
	    "UPDATE traces SET"
	    " best_reward = CASE WHEN ?2 AND (best_reward IS NULL OR"
	    " best_reward < ?1) THEN ?1 ELSE best_reward END,"
	    " best_q = CASE WHEN ?3 AND (best_q IS NULL OR best_q < ?1)"
	    " THEN ?1 ELSE best_q END"
	    " WHERE id = (SELECT trace_id FROM nodes WHERE id = ?4)";
	sqlite3_stmt		*s;
	int			 k;

	if ((k = cn_sig_lookup(name)) < 0)
		return imp_signal_put(st, id, name, v, cause);
	if ((s = store_prepare(st, col_sql[k], cause)) == NULL)
		return -1;
	sqlite3_bind_double(s, 1, v);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: score", cause);
	if (k != CN_SIG_REWARD && k != CN_SIG_Q)
		return 0;
	/* A later score can only raise the trace's best (never lowers it). */
	if ((s = store_prepare(st, best_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_double(s, 1, v);
	sqlite3_bind_int(s, 2, k == CN_SIG_REWARD);
	sqlite3_bind_int(s, 3, k == CN_SIG_Q);
	sqlite3_bind_int64(s, 4, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: score", cause);
	return 0;
}

static int
sink_score(void *arg, const char *node_ext, const char *name, double v,
    char **cause)
{
	struct store		*st = arg;
	struct store_imp	*im = st->imp;
	int64_t			 id;
	int			 found, rc;

	if ((rc = score_begin(st, name, cause)) != CN_OK)
		return rc;
	if ((found = node_lookup(st, node_ext, &id, cause)) < 0)
		return CN_FATAL;
	if (!found)
		return sink_fail(CN_BAD, cause,
		    xasprintf("trace %s: no node %s", im->cur->given,
		    node_ext));
	if (score_put(st, id, name, v, cause) != 0)
		return CN_FATAL;
	im->counts.scores++;
	im->counts.signals++;
	return CN_OK;
}

static int
sink_score_path(void *arg, const char *const *texts, size_t ntexts,
    const char *name, double v, char **cause)
{
	static const char	 root_sql[] =
	    "SELECT id FROM nodes WHERE trace_id = ? AND parent_id IS NULL";
	static const char	 kid_sql[] =
	    "SELECT id FROM nodes WHERE parent_id = ? AND text = ?"
	    " ORDER BY ordinal LIMIT 1";
	struct store		*st = arg;
	struct store_imp	*im = st->imp;
	sqlite3_stmt		*s;
	int64_t			 id = 0;
	size_t			 i;
	int			 rc;

	if ((rc = score_begin(st, name, cause)) != CN_OK)
		return rc;
	if ((s = store_prepare(st, root_sql, cause)) == NULL)
		return CN_FATAL;
	sqlite3_bind_int64(s, 1, im->cur->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, "import: score", cause);
	if (rc == SQLITE_DONE)
		return sink_fail(CN_BAD, cause,
		    xasprintf("trace %s: no root node", im->cur->given));
	for (i = 0; i < ntexts; i++) {
		if ((s = store_prepare(st, kid_sql, cause)) == NULL)
			return CN_FATAL;
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, texts[i]);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return sink_fail(CN_BAD, cause,
			    xasprintf("trace %s: no node at step %zu of the"
			    " path (\"%.40s\")", im->cur->given, i + 1,
			    texts[i]));
		if (rc != SQLITE_ROW)
			return store_err(st, "import: score", cause);
	}
	if (score_put(st, id, name, v, cause) != 0)
		return CN_FATAL;
	im->counts.scores++;
	im->counts.signals++;
	return CN_OK;
}

/* Points sink at the store's callbacks; the store is their argument. */
void
imp_sink_fill(struct store *st, struct imp_sink *sink)
{
	*sink = (struct imp_sink){ sink_trace, sink_node, sink_annotation,
	    sink_score, sink_score_path, st };
}

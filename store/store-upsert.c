/*
 * store-upsert.c - a later record for a node already imported: a running
 * search writes a node again whenever its visits and values change
 * (docs/format.md, "Updates"). The node keeps its row, its id and its
 * parent; its signals, and its text, observation and extra when given,
 * take the new values. The skeleton learns the new reward and outcome, so
 * the subtree summaries and the trace's best values are written again
 * when the trace is finalized.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-imp.h"

/* The parent's ext id as the skeleton knows it, NULL for the root. */
static const char *
upsert_parent(const struct imp_trace *t, uint32_t seq)
{
	size_t	k;

	if (t->parent[seq] >= 0)
		return smap_key(&t->map, (uint32_t)t->parent[seq]);
	if (t->parent[seq] == PENDING)
		for (k = 0; k < t->npend; k++)
			if (t->pend[k].seq == (int32_t)seq)
				return t->pend[k].parent_ext;
	return NULL;
}

/* "first on line N" when the skeleton knows the line, else "". */
static char *
upsert_first(const struct imp_trace *t, uint32_t seq)
{
	if (t->line[seq] > 0)
		return xasprintf(" (first on line %d)", t->line[seq]);
	return xstrdup(" (imported before)");
}

/*
 * Takes the node's old row out of the full-text index (del) when the new
 * record changes its indexed text, and puts the new one in after the
 * update: the index is external content, so a delete must name the
 * values that were indexed. Rows past the watermark (fts_done) are not
 * indexed yet; the indexer reads their new text after the commit
 * (store-index.c).
 */
static int
upsert_index(struct store *st, int64_t id, int del, char **cause)
{
	static const char	 del_sql[] =
	    "INSERT INTO nodes_fts(nodes_fts, rowid, text, observation)"
	    " SELECT 'delete', id, text, observation FROM nodes"
	    " WHERE id = ? AND (text IS NOT NULL OR observation IS NOT NULL)";
	static const char	 add_sql[] =
	    "INSERT INTO nodes_fts(rowid, text, observation)"
	    " SELECT id, text, observation FROM nodes"
	    " WHERE id = ? AND (text IS NOT NULL OR observation IS NOT NULL)";

	return store_exec_id(st, del ? del_sql : add_sql, id,
	    "import: update text index", cause);
}

/* Reads the merged reward and outcome back into the skeleton. */
static int
upsert_skeleton(struct store *st, struct imp_trace *t, uint32_t seq,
    char **cause)
{
	static const char	 sql[] =
	    "SELECT reward, outcome FROM nodes WHERE id = ?";
	sqlite3_stmt		*s;
	double			 o;

	s = store_stmt(st, sql, cause, "i", t->ids[seq]);
	if (store_step_row(st, s, "import: update node", cause) != 0)
		return -1;
	t->reward[seq] = store_col_val(s, 0);
	o = store_col_val(s, 1);
	t->outcome[seq] = cn_hasval(o) ? (o == 1.0) : -1;
	sqlite3_reset(s);
	return 0;
}

int
imp_node_update(struct store *st, struct imp_trace *t, uint32_t seq,
    const struct cn_node *nd, char **cause)
{
	static const char	 sql[] =
	    "UPDATE nodes SET visits = coalesce(?1, visits),"
	    " q = coalesce(?2, q), prior = coalesce(?3, prior),"
	    " reward = coalesce(?4, reward), value = coalesce(?5, value),"
	    " outcome = coalesce(?6, outcome), text = coalesce(?7, text),"
	    " observation = coalesce(?8, observation),"
	    " extra = coalesce(?9, extra), terminal = terminal OR ?10,"
	    " chosen = chosen OR ?11 WHERE id = ?12";
	struct store_imp	*im = st->imp;
	const char		*was = upsert_parent(t, seq);
	sqlite3_stmt		*s;
	char			*first;
	int64_t			 id = t->ids[seq];
	size_t			 i;
	int			 k, retext;

	if ((was == NULL) != (nd->parent_ext == NULL) ||
	    (was != NULL && strcmp(was, nd->parent_ext) != 0)) {
		first = upsert_first(t, seq);
		if (cause != NULL)
			*cause = xasprintf("trace %s: node %s: parent %s, but %s%s: a"
			    " later record may update a node, not move it",
			    t->given, nd->ext_id, nd->parent_ext != NULL ?
			    nd->parent_ext : "none (a root)", was != NULL ?
			    was : "a root", first);
		free(first);
		return CN_BAD;
	}
	/* The row may still be held back in the batch. */
	if (imp_flush(st, cause) != 0)
		return CN_FATAL;
	retext = id <= im->fts_done &&
	    (nd->text != NULL || nd->observation != NULL);
	if (retext && upsert_index(st, id, 1, cause) != 0)
		return CN_FATAL;
	if ((s = store_prepare(st, sql, cause)) == NULL)
		return CN_FATAL;
	for (k = 0; k < CN_SIG_COUNT; k++)
		store_bind_val(s, k + 1, nd->sig[k]);
	store_bind_text(s, 7, nd->text);
	store_bind_text(s, 8, nd->observation);
	store_bind_text(s, 9, nd->extra);
	sqlite3_bind_int(s, 10, nd->terminal != 0);
	sqlite3_bind_int(s, 11, nd->chosen != 0);
	sqlite3_bind_int64(s, 12, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: update node", cause);
	if (retext && upsert_index(st, id, 0, cause) != 0)
		return CN_FATAL;
	for (i = 0; i < nd->nmore; i++)
		if (imp_signal_put(st, id, nd->more[i].name,
		    nd->more[i].value, cause) != 0)
			return CN_FATAL;
	if (upsert_skeleton(st, t, seq, cause) != 0)
		return CN_FATAL;
	/* A value may have gone down: the best is found again, not raised. */
	t->rebest = 1;
	t->dirty = 1;
	im->counts.updates++;
	return CN_OK;
}

int
imp_trace_rebest(struct store *st, struct imp_trace *t, char **cause)
{
	static const char	 sql[] =
	    "UPDATE traces SET"
	    " best_reward = (SELECT max(reward) FROM nodes WHERE trace_id = ?1),"
	    " best_q = (SELECT max(q) FROM nodes WHERE trace_id = ?1)"
	    " WHERE id = ?1";

	if (!t->rebest)
		return 0;
	if (store_exec_id(st, sql, t->id, "import: trace best values",
	    cause) != 0)
		return -1;
	/* From here on the skeleton's best raises the one just found. */
	t->best_reward = t->best_q = CN_NOVAL;
	t->rebest = 0;
	return 0;
}

/*
 * store-live.c - the rows live models add: rerun answers as new children
 * and model_calls records. The only place their SQL lives. A rerun adds
 * one node at a time, so the summaries an import computes in bulk are
 * updated here along the path to the root instead.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "store-live.h"

int
store_live_begin(struct store *st, char **cause)
{
	if (st->readonly) {
		if (cause != NULL)
			*cause = xstrdup("the database is open read-only");
		return -1;
	}
	return store_exec(st, "BEGIN IMMEDIATE", cause);
}

int
store_live_end(struct store *st, int ok, char **cause)
{
	if (!ok)
		return store_exec(st, "ROLLBACK", cause);
	if (store_exec(st, "COMMIT", cause) != 0) {
		store_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

/* Recomputes the subtree summary of node id from its children. */
static int
summary_update(struct store *st, int64_t id, char **cause)
{
	static const char	 sql[] =
	    "INSERT OR REPLACE INTO subtrees(node_id, child_count, size,"
	    " leaves, ok_leaves, outcome_leaves, best_leaf_reward)"
	    " SELECT ?1, count(*), 1 + sum(coalesce(s.size, 1)),"
	    " sum(coalesce(s.leaves, 1)),"
	    " sum(coalesce(s.ok_leaves, c.outcome IS 1)),"
	    " sum(coalesce(s.outcome_leaves, c.outcome IS NOT NULL)),"
	    " max(CASE WHEN s.node_id IS NULL THEN c.reward"
	    " ELSE s.best_leaf_reward END)"
	    " FROM nodes c LEFT JOIN subtrees s ON s.node_id = c.id"
	    " WHERE c.parent_id = ?1";

	return store_exec_id(st, sql, id, "rerun: subtree summary", cause);
}

/* Whether ext is taken in trace: 1, 0, or -1 on error. */
static int
ext_taken(struct store *st, int64_t trace, const char *ext, char **cause)
{
	static const char	 sql[] =
	    "SELECT 1 FROM nodes WHERE trace_id = ? AND ext_id = ?";
	int64_t			 one;

	return store_one_int64(st, sql, &one, "rerun: ext id", cause, "it",
	    trace, ext);
}

int
store_live_rerun_add(struct store *st, int64_t parent,
    const struct store_rerun *r, int64_t *id, char **cause)
{
	static const char	 par_sql[] =
	    "SELECT n.trace_id, n.depth, n.ext_id,"
	    " (SELECT coalesce(max(c.ordinal) + 1, 0) FROM nodes c"
	    " WHERE c.parent_id = n.id) FROM nodes n WHERE n.id = ?";
	static const char	 ins_sql[] =
	    "INSERT INTO nodes(trace_id, parent_id, ext_id, ordinal, depth,"
	    " role, text, terminal, chosen, origin, extra)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 1, ?)";
	static const char	 fts_sql[] =
	    "INSERT INTO nodes_fts(rowid, text) VALUES (?, ?)";
	static const char	 trace_sql[] =
	    "UPDATE traces SET node_count = node_count + 1,"
	    " max_depth = max(max_depth, ?1) WHERE id = ?2";
	sqlite3_stmt		*s;
	int64_t			 trace = 0, nid, at;
	char			*pext = NULL, *ext = NULL;
	int			 depth = 0, ordinal = 0, k, rc = -1;

	if ((s = store_stmt(st, par_sql, cause, "i", parent)) == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		trace = sqlite3_column_int64(s, 0);
		depth = sqlite3_column_int(s, 1) + 1;
		pext = store_col_text(s, 2);
		ordinal = sqlite3_column_int(s, 3);
	}
	if ((rc = store_found(st, s, rc, "rerun: read node", cause)) != 1) {
		if (rc == 0 && cause != NULL)
			*cause = xasprintf("rerun: no node #%lld",
			    (long long)parent);
		free(pext);
		return -1;
	}
	rc = -1;
	for (k = 1;; k++) {
		free(ext);
		ext = xasprintf("%s~r%d", pext, k);
		if ((at = ext_taken(st, trace, ext, cause)) < 0)
			goto out;
		if (at == 0)
			break;
	}
	if (store_run(st, ins_sql, "rerun: add node", cause, "iitddttdt",
	    trace, parent, ext, ordinal, depth,
	    r->role != NULL ? r->role : "step", r->text, r->terminal != 0,
	    r->extra) != 0)
		goto out;
	nid = sqlite3_last_insert_rowid(st->db);
	/*
	 * Indexed now if the watermark covers it, or can move onto it (the
	 * index is complete); else the indexer reaches it with the rest.
	 */
	if (store_fts_watermark(st, &at, cause) != 0)
		goto out;
	if (nid == at + 1 && store_fts_set_watermark(st, nid, cause) != 0)
		goto out;
	if (r->text != NULL && nid <= at + 1 && store_run(st, fts_sql,
	    "rerun: index text", cause, "it", nid, r->text) != 0)
		goto out;
	/* Every ancestor's summary changes: one more node, maybe a leaf. */
	for (at = parent; at != 0;) {
		if (summary_update(st, at, cause) != 0 ||
		    store_node_parent(st, at, &at, "rerun: read parent",
		    cause) < 0)
			goto out;
	}
	if (store_run(st, trace_sql, "rerun: trace totals", cause, "di", depth,
	    trace) != 0)
		goto out;
	if (id != NULL)
		*id = nid;
	rc = 0;
out:
	free(pext);
	free(ext);
	return rc;
}

int
store_live_call_add(struct store *st, const struct store_model_call *m,
    int64_t *id, char **cause)
{
	static const char	 sql[] =
	    "INSERT INTO model_calls(node_id, endpoint, model, request,"
	    " response, status, error, started, seconds)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

	if (store_run(st, sql, "record model call", cause, "nttttttif",
	    m->node_id, m->endpoint, m->model, m->request, m->response,
	    m->status, m->error, m->started, m->seconds) != 0)
		return -1;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int
store_live_signal_set(struct store *st, int64_t id, const char *name,
    double value, char **cause)
{
	static const char	 name_sql[] =
	    "INSERT OR IGNORE INTO signal_names(name) VALUES (?)";
	static const char	 sig_sql[] =
	    "INSERT OR REPLACE INTO signals(node_id, name_id, value)"
	    " VALUES (?1, (SELECT id FROM signal_names WHERE name = ?2), ?3)";

	if (cn_sig_lookup(name) >= 0) {
		if (cause != NULL)
			*cause = xasprintf("'%s' is a common signal; a score"
			    " needs a name of its own", name);
		return -1;
	}
	if (store_run(st, name_sql, "score: signal name", cause, "t",
	    name) != 0)
		return -1;
	return store_run(st, sig_sql, "score: signal", cause, "itf", id, name,
	    value);
}

int
store_live_rerun_save(struct store *st, int64_t parent,
    struct cn_rerun_answer *v, size_t n, char **cause)
{
	struct store_rerun	 sr;
	struct store_model_call	 mc;
	size_t			 i;

	if (store_live_begin(st, cause) != 0)
		return -1;
	for (i = 0; i < n; i++) {
		v[i].node_id = 0;
		if (v[i].text != NULL) {
			memset(&sr, 0, sizeof sr);
			sr.text = v[i].text;
			sr.terminal = v[i].terminal;
			sr.extra = v[i].extra;
			if (store_live_rerun_add(st, parent, &sr,
			    &v[i].node_id, cause) != 0)
				goto fail;
		}
		memset(&mc, 0, sizeof mc);
		mc.node_id = v[i].node_id;
		mc.endpoint = v[i].endpoint;
		mc.model = v[i].model;
		mc.request = v[i].request;
		mc.response = v[i].response;
		mc.status = v[i].status;
		mc.error = v[i].error;
		mc.started = v[i].started;
		mc.seconds = v[i].seconds;
		if (store_live_call_add(st, &mc, NULL, cause) != 0)
			goto fail;
	}
	return store_live_end(st, 1, cause);
fail:
	/* Nothing of the rerun stays: no node ids to report either. */
	for (i = 0; i < n; i++)
		v[i].node_id = 0;
	store_live_end(st, 0, NULL);
	return -1;
}

struct path_acc {
	struct store_live_path	*p;
	char			*root_text;
};

static int
path_one(const struct cn_node *nd, void *arg)
{
	struct path_acc		*a = arg;
	struct store_live_path	*p = a->p;

	if (nd->parent_id == 0) {
		free(a->root_text);
		a->root_text = xstrdup_or_null(nd->text);
		return 0;
	}
	p->steps = xreallocarray(p->steps, p->n + 1, sizeof *p->steps);
	p->ids = xreallocarray(p->ids, p->n + 1, sizeof *p->ids);
	p->steps[p->n] = xstrdup(nd->text != NULL ? nd->text : "");
	p->ids[p->n++] = nd->id;
	return 0;
}

int
store_live_path(struct store *st, int64_t node, struct store_live_path *p,
    char **cause)
{
	struct path_acc	 a;
	struct cn_node	 nd;
	struct cn_trace	 t;
	int		 rc;

	memset(p, 0, sizeof *p);
	a.p = p;
	a.root_text = NULL;
	cn_node_init(&nd);
	if (store_ancestors_each(st, node, path_one, &a, cause) != 0)
		goto fail;
	if ((rc = store_node_get(st, node, &nd, cause)) != 1) {
		if (rc == 0 && cause != NULL)
			*cause = xasprintf("no node #%lld", (long long)node);
		goto fail;
	}
	path_one(&nd, &a);
	memset(&t, 0, sizeof t);
	if ((rc = store_trace_get(st, nd.trace_id, &t, cause)) < 0)
		goto fail;
	/* The trace's problem, else the root's text stands for it. */
	if (rc == 1 && t.problem != NULL)
		p->problem = xstrdup(t.problem);
	else
		p->problem = xstrdup_or_null(a.root_text);
	if (rc == 1)
		cn_trace_clear(&t);
	cn_node_clear(&nd);
	free(a.root_text);
	return 0;
fail:
	cn_node_clear(&nd);
	free(a.root_text);
	store_live_path_free(p);
	return -1;
}

void
store_live_path_free(struct store_live_path *p)
{
	xfree_strv(p->steps, p->n);
	free(p->ids);
	free(p->problem);
	memset(p, 0, sizeof *p);
}

int
store_live_scores_set(struct store *st, const int64_t *ids, size_t nids,
    const char *name, const double *vals, size_t n, char **cause)
{
	size_t	i;
	int	rc = 0;

	if (nids == 0 || (n != 1 && n != nids)) {
		if (cause != NULL)
			*cause = xasprintf("%zu scores for a path of %zu"
			    " steps", n, nids);
		return -1;
	}
	if (store_live_begin(st, cause) != 0)
		return -1;
	for (i = 0; i < n && rc == 0; i++)
		rc = store_live_signal_set(st, n == 1 ? ids[nids - 1] :
		    ids[i], name, vals[i], cause);
	if (store_live_end(st, rc == 0, rc == 0 ? cause : NULL) != 0)
		return -1;
	return rc;
}

/*
 * store-browse.c - the indexed reads the TUI browses with: first/last
 * child and next/previous sibling in any order (keyset, never OFFSET over
 * earlier siblings in the original order), ancestors, the best child,
 * signal names of a trace (full-text search is in store-search.c, the
 * preorder stream `show` reads in store-stream.c). Every query touches a
 * bounded number of rows so a keypress never scans a subtree, but for the
 * walks up a path (ancestors, the only-child climb: one row per level, keys
 * only, in one statement); the statements are prepared once (store_prepare's
 * cache) and every value is bound.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store-int.h"

/*
 * Sort keys in SQL. The key of node n for a sort is
 *	sk = (asc ? 1 : -1) * CASE ?sig WHEN 0 THEN visits ... END
 * (or the side-table value of signal ?name), so every order is "sk
 * ascending, absent (NULL) last, then ordinal". Keyset conditions take the
 * reference node's sk and ordinal as bound values.
 */
#define SK_EXPR								\
	"(CASE ?3 WHEN 1 THEN 1.0 ELSE -1.0 END) * (CASE ?2"		\
	" WHEN 0 THEN n.visits WHEN 1 THEN n.q WHEN 2 THEN n.prior"	\
	" WHEN 3 THEN n.reward WHEN 4 THEN n.value WHEN 5 THEN n.outcome" \
	" ELSE (SELECT s.value FROM signals s JOIN signal_names sn"	\
	" ON sn.id = s.name_id"						\
	" WHERE s.node_id = n.id AND sn.name = ?4)"			\
	" END)"

/* Original order: the (parent_id, ordinal) index does all the work. */
static const char sql_child_first[] =
	"SELECT id FROM nodes WHERE parent_id = ?1 ORDER BY ordinal LIMIT 1";
static const char sql_child_last[] =
	"SELECT id FROM nodes WHERE parent_id = ?1 ORDER BY ordinal DESC"
	" LIMIT 1";
static const char sql_sib_next[] =
	"SELECT id FROM nodes WHERE parent_id = ?1 AND ordinal > ?2"
	" ORDER BY ordinal LIMIT 1";
static const char sql_sib_prev[] =
	"SELECT id FROM nodes WHERE parent_id = ?1 AND ordinal < ?2"
	" ORDER BY ordinal DESC LIMIT 1";
static const char sql_children_all[] =
	"SELECT id FROM nodes WHERE parent_id = ?1 ORDER BY ordinal";

/* Signal orders: the siblings of one parent are sorted (no index). */
static const char sql_sk_first[] =
	"SELECT id FROM (SELECT n.id, n.ordinal, " SK_EXPR " AS sk"
	" FROM nodes n WHERE n.parent_id = ?1)"
	" ORDER BY sk IS NULL, sk, ordinal LIMIT 1";
static const char sql_sk_last[] =
	"SELECT id FROM (SELECT n.id, n.ordinal, " SK_EXPR " AS sk"
	" FROM nodes n WHERE n.parent_id = ?1)"
	" ORDER BY sk IS NULL DESC, sk DESC, ordinal DESC LIMIT 1";
static const char sql_sk_next[] =
	"SELECT id FROM (SELECT n.id, n.ordinal, " SK_EXPR " AS sk"
	" FROM nodes n WHERE n.parent_id = ?1)"
	" WHERE CASE WHEN ?5 IS NULL THEN sk IS NULL AND ordinal > ?6"
	" ELSE sk IS NULL OR sk > ?5 OR (sk = ?5 AND ordinal > ?6) END"
	" ORDER BY sk IS NULL, sk, ordinal LIMIT 1";
static const char sql_sk_prev[] =
	"SELECT id FROM (SELECT n.id, n.ordinal, " SK_EXPR " AS sk"
	" FROM nodes n WHERE n.parent_id = ?1)"
	" WHERE CASE WHEN ?5 IS NULL THEN sk IS NOT NULL OR ordinal < ?6"
	" ELSE sk IS NOT NULL AND (sk < ?5 OR (sk = ?5 AND ordinal < ?6))"
	" END ORDER BY sk IS NULL DESC, sk DESC, ordinal DESC LIMIT 1";
static const char sql_sk_children[] =
	"SELECT id FROM (SELECT n.id, n.ordinal, " SK_EXPR " AS sk"
	" FROM nodes n WHERE n.parent_id = ?1)"
	" ORDER BY sk IS NULL, sk, ordinal LIMIT ?6 OFFSET ?5";

static const char sql_best_child[] =
	"SELECT id FROM nodes WHERE parent_id = ?1 ORDER BY visits IS NULL,"
	" visits DESC, q IS NULL, q DESC, ordinal LIMIT 1";

static const char sql_ancestors[] =
	"WITH RECURSIVE a(id, pid, d) AS ("
	" SELECT id, parent_id, 0 FROM nodes WHERE id = ?1"
	" UNION ALL SELECT n.id, n.parent_id, a.d + 1 FROM nodes n"
	" JOIN a ON n.id = a.pid)"
	" SELECT id FROM a WHERE d > 0 ORDER BY d DESC";

/* The ancestors' keys only: what fold state needs, no text or signals. */
static const char sql_ancestor_keys[] =
	"WITH RECURSIVE a(id, pid, depth, d) AS ("
	" SELECT id, parent_id, depth, 0 FROM nodes WHERE id = ?1"
	" UNION ALL SELECT n.id, n.parent_id, n.depth, a.d + 1 FROM nodes n"
	" JOIN a ON n.id = a.pid)"
	" SELECT a.id, a.depth, coalesce(s.child_count, 0) FROM a"
	" LEFT JOIN subtrees s ON s.node_id = a.id"
	" WHERE a.d > 0 ORDER BY a.d DESC";

/* The nearest ?2 ancestors (and whether the farthest has a parent). */
static const char sql_ancestors_near[] =
	"WITH RECURSIVE a(id, pid, d) AS ("
	" SELECT id, parent_id, 0 FROM nodes WHERE id = ?1"
	" UNION ALL SELECT n.id, n.parent_id, a.d + 1 FROM nodes n"
	" JOIN a ON n.id = a.pid WHERE a.d < ?2)"
	" SELECT a.id, a.pid, n.ext_id, n.depth FROM a"
	" JOIN nodes n ON n.id = a.id WHERE a.d > 0 ORDER BY a.d DESC";

/*
 * Up from a node while its parent has no other child: the top of the
 * only-child run it is in. One statement, so that climbing out of a
 * 100,000-deep chain costs one step of the VM per level, not a query.
 */
static const char sql_chain_top[] =
	"WITH RECURSIVE up(id, pid, d) AS ("
	" SELECT id, parent_id, 0 FROM nodes WHERE id = ?1"
	" UNION ALL SELECT p.id, p.parent_id, up.d + 1 FROM up"
	" JOIN nodes p ON p.id = up.pid"
	" WHERE (SELECT child_count FROM subtrees WHERE node_id = p.id) = 1)"
	" SELECT id, d FROM up ORDER BY d DESC LIMIT 1";

/* The best path below a node, at most ?2 steps, in one statement. */
static const char sql_best_path[] =
	"WITH RECURSIVE b(id, k) AS (SELECT ?1, 0"
	" UNION ALL SELECT (SELECT c.id FROM nodes c WHERE c.parent_id = b.id"
	" ORDER BY c.visits IS NULL, c.visits DESC, c.q IS NULL, c.q DESC,"
	" c.ordinal LIMIT 1), b.k + 1 FROM b"
	" WHERE b.id IS NOT NULL AND b.k < ?2)"
	" SELECT id FROM b WHERE id IS NOT NULL ORDER BY k";

/*
 * Signal names of a trace, from a bounded sample of its nodes (the first
 * 5000 in the (trace_id, ext_id) index; no ORDER BY, which would sort the
 * whole trace) so that the cost does not grow with the trace; importers
 * give a signal to every node of a run or to none.
 */
static const char sql_signal_names[] =
	"SELECT DISTINCT sn.name FROM"
	" (SELECT id FROM nodes WHERE trace_id = ?1 LIMIT 5000) n"
	" JOIN signals s ON s.node_id = n.id"
	" JOIN signal_names sn ON sn.id = s.name_id ORDER BY sn.name";

/*
 * Traces in brief: the root's subtree summary and its children only, so
 * listing a database of million-node traces reads a few pages per trace.
 * The label counts are the traces.annotation_count column the triggers
 * keep: one source for that number, never counted again here.
 */
#define BRIEF_COLS							\
	"SELECT t.id, t.ext_id, t.format, t.root_id, t.node_count,"	\
	" t.max_depth,"							\
	" t.best_reward, t.best_q,"					\
	" CASE WHEN s.node_id IS NULL THEN r.outcome"			\
	" WHEN s.outcome_leaves > 0 THEN 1.0 * s.ok_leaves / s.outcome_leaves"\
	" END"
static const char sql_traces_page[] =
	BRIEF_COLS ", t.annotation_count"
	" FROM traces t LEFT JOIN nodes r ON r.id = t.root_id"
	" LEFT JOIN subtrees s ON s.node_id = t.root_id"
	" WHERE t.id > ?1 ORDER BY t.id LIMIT ?2";
static const char sql_label_counts[] =
	"SELECT id, annotation_count FROM traces"
	" WHERE annotation_count <> 0 ORDER BY id";
static const char sql_tune[] = "PRAGMA cache_size=-16384";

/* The values of ?2..?4 (the key) of a signal-order statement ("dit"). */
#define SORT_ARGS(so)							\
	((so)->sig >= 0 ? (so)->sig : -1), ((so)->asc ? 1 : 0), (so)->name

/* The sort key of a node read from the store, as SK_EXPR computes it. */
static double
node_key(const struct cn_node *n, const struct store_sort *so)
{
	double	v = CN_NOVAL;
	size_t	i;

	if (so->sig >= 0 && so->sig < CN_SIG_COUNT)
		v = n->sig[so->sig];
	else if (so->name != NULL) {
		for (i = 0; i < n->nmore; i++)
			if (strcmp(n->more[i].name, so->name) == 0)
				v = n->more[i].value;
	}
	if (!cn_hasval(v))
		return CN_NOVAL;
	return so->asc ? v : -v;
}

/*
 * Steps s (already bound; NULL: its prepare failed) for one id and reads
 * that node into *out. Returns 1, 0 (no row) or -1.
 */
static int
one_node(struct store *st, sqlite3_stmt *s, const char *what,
    struct cn_node *out, char **cause)
{
	int64_t	id = 0;
	int	rc;

	if (s == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	if ((rc = store_found(st, s, rc, what, cause)) != 1)
		return rc;
	cn_node_init(out);
	rc = store_node_get(st, id, out, cause);
	if (rc == 0 && cause != NULL)
		*cause = xasprintf("%s: node %lld vanished", what,
		    (long long)id);
	return rc == 1 ? 1 : -1;
}

int
store_child_edge(struct store *st, int64_t parent,
    const struct store_sort *so, int last, struct cn_node *out, char **cause)
{
	sqlite3_stmt	*s;

	if (STORE_SORT_ORIGINAL(so))
		s = store_stmt(st, last ? sql_child_last : sql_child_first,
		    cause, "i", parent);
	else
		s = store_stmt(st, last ? sql_sk_last : sql_sk_first, cause,
		    "idit", parent, SORT_ARGS(so));
	return one_node(st, s, "child", out, cause);
}

int
store_sibling_step(struct store *st, const struct cn_node *n,
    const struct store_sort *so, int dir, struct cn_node *out, char **cause)
{
	sqlite3_stmt	*s;

	if (n->parent_id == 0)
		return 0;
	if (STORE_SORT_ORIGINAL(so))
		s = store_stmt(st, dir > 0 ? sql_sib_next : sql_sib_prev,
		    cause, "id", n->parent_id, n->ordinal);
	else
		s = store_stmt(st, dir > 0 ? sql_sk_next : sql_sk_prev, cause,
		    "iditvd", n->parent_id, SORT_ARGS(so), node_key(n, so),
		    n->ordinal);
	return one_node(st, s, "sibling", out, cause);
}

/*
 * Reads the ids a statement yields (NULL: its prepare failed), then each
 * node, for a callback.
 */
static int
ids_each(struct store *st, sqlite3_stmt *s, const char *what,
    store_node_cb cb, void *arg, char **cause)
{
	int64_t		*ids;
	size_t		 n, i;
	struct cn_node	 node;
	int		 rc, ret = 0;

	/* Collect first: the callback may run other store queries. */
	if (s == NULL ||
	    store_ids_read(st, s, SIZE_MAX, what, &ids, &n, cause) != 0)
		return -1;
	for (i = 0; i < n && ret == 0; i++) {
		cn_node_init(&node);
		rc = store_node_get(st, ids[i], &node, cause);
		if (rc < 0) {
			ret = -1;
			break;
		}
		if (rc == 1)
			ret = cb(&node, arg);
		cn_node_clear(&node);
	}
	free(ids);
	return ret;
}

int
store_children_sorted_each(struct store *st, int64_t parent,
    const struct store_sort *so, int64_t offset, int64_t limit,
    store_node_cb cb, void *arg, char **cause)
{
	sqlite3_stmt	*s;

	if (STORE_SORT_ORIGINAL(so))
		return store_children_each(st, parent, offset, limit, cb, arg,
		    cause);
	s = store_stmt(st, sql_sk_children, cause, "iditii", parent,
	    SORT_ARGS(so), offset < 0 ? 0 : offset, limit);
	return ids_each(st, s, "children", cb, arg, cause);
}

int
store_children_sorted_ids(struct store *st, int64_t parent,
    const struct store_sort *so, int64_t **ids, size_t *n, char **cause)
{
	sqlite3_stmt	*s;

	*ids = NULL;
	*n = 0;
	if (STORE_SORT_ORIGINAL(so))
		s = store_stmt(st, sql_children_all, cause, "i", parent);
	else
		s = store_stmt(st, sql_sk_children, cause, "iditdd", parent,
		    SORT_ARGS(so), 0, -1);
	if (s == NULL)
		return -1;
	return store_ids_read(st, s, SIZE_MAX, "children", ids, n, cause);
}

int
store_ancestors_each(struct store *st, int64_t node, store_node_cb cb,
    void *arg, char **cause)
{
	return ids_each(st, store_stmt(st, sql_ancestors, cause, "i", node),
	    "ancestors", cb, arg, cause);
}

struct store_anc *
store_anc_push(sqlite3_stmt *s, struct store_anc **v, size_t *n,
    size_t *cap)
{
	struct store_anc	*a;

	if (*n == *cap)
		*v = xgrow(*v, cap, 64, sizeof **v);
	a = &(*v)[(*n)++];
	a->id = sqlite3_column_int64(s, 0);
	a->depth = a->to = sqlite3_column_int(s, 1);
	a->child_count = sqlite3_column_int64(s, 2);
	return a;
}

int
store_ancestor_keys(struct store *st, int64_t node, struct store_anc **v,
    size_t *n, char **cause)
{
	sqlite3_stmt	*s;
	size_t		 cap = 0;
	int		 rc;

	*v = NULL;
	*n = 0;
	if ((s = store_stmt(st, sql_ancestor_keys, cause, "i", node)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		store_anc_push(s, v, n, &cap);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*v);
		*v = NULL;
		*n = 0;
		return store_err(st, "ancestors", cause);
	}
	return 0;
}

int
store_ancestors_near(struct store *st, int64_t node, int max,
    store_node_cb cb, void *arg, int *more, char **cause)
{
	sqlite3_stmt	*s;
	struct cn_node	*v = NULL;
	size_t		 n = 0, i;
	int		 rc, ret = 0;

	*more = 0;
	if ((s = store_stmt(st, sql_ancestors_near, cause, "id", node,
	    max)) == NULL)
		return -1;
	/* Collect first: the callback may run other store queries. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		v = xreallocarray(v, n + 1, sizeof *v);
		cn_node_init(&v[n]);
		v[n].id = sqlite3_column_int64(s, 0);
		v[n].parent_id = sqlite3_column_int64(s, 1);
		v[n].ext_id = xstrdup_or_null((const char *)
		    sqlite3_column_text(s, 2));
		v[n].depth = sqlite3_column_int(s, 3);
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		ret = store_err(st, "ancestors", cause);
	else
		*more = n > 0 && v[0].parent_id != 0;
	for (i = 0; i < n; i++) {
		if (ret == 0)
			ret = cb(&v[i], arg);
		cn_node_clear(&v[i]);
	}
	free(v);
	return ret;
}

int
store_chain_top(struct store *st, int64_t node, int64_t *top, int *steps,
    char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	*top = node;
	*steps = 0;
	if ((s = store_stmt(st, sql_chain_top, cause, "i", node)) == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*top = sqlite3_column_int64(s, 0);
		*steps = sqlite3_column_int(s, 1);
	}
	return store_found(st, s, rc, "climb", cause) < 0 ? -1 : 0;
}

int
store_best_path_ids(struct store *st, int64_t from, int max, int64_t **ids,
    size_t *n, char **cause)
{
	sqlite3_stmt	*s;

	*ids = NULL;
	*n = 0;
	if ((s = store_stmt(st, sql_best_path, cause, "id", from, max)) ==
	    NULL)
		return -1;
	return store_ids_read(st, s, (size_t)max + 1, "best path", ids, n,
	    cause);
}

int
store_best_child(struct store *st, int64_t parent, struct cn_node *out,
    char **cause)
{
	return one_node(st, store_stmt(st, sql_best_child, cause, "i", parent),
	    "best child", out, cause);
}

int
store_trace_signal_names(struct store *st, int64_t trace, char ***names,
    size_t *n, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	*names = NULL;
	*n = 0;
	if ((s = store_stmt(st, sql_signal_names, cause, "i", trace)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*names = xreallocarray(*names, *n + 1, sizeof **names);
		(*names)[(*n)++] = store_col_text(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_names_free(*names, *n);
		*names = NULL;
		*n = 0;
		return store_err(st, "signal names", cause);
	}
	return 0;
}

void
store_names_free(char **names, size_t n)
{
	xfree_strv(names, n);
}

int
store_traces_brief_page(struct store *st, int64_t after, int64_t limit,
    store_trace_cb cb, void *arg, char **cause)
{
	struct store_trace_walk	 w = { store_trace_brief_from_row, cb, arg };

	/* Not cached: the callback may use the store meanwhile. */
	return store_walk(st, sql_traces_page, STORE_UNCACHED, "list traces",
	    store_trace_row, &w, cause, "ii", after, limit);
}

static int
count_row(sqlite3_stmt *s, void *arg)
{
	struct store_walk	*w = arg;

	return ((store_count_cb)w->cb)(sqlite3_column_int64(s, 0),
	    sqlite3_column_int64(s, 1), w->arg);
}

int
store_trace_label_counts(struct store *st, store_count_cb cb, void *arg,
    char **cause)
{
	struct store_walk	 w = STORE_WALK(cb, arg);

	return store_walk(st, sql_label_counts, STORE_UNCACHED,
	    "count labels", count_row, &w, cause, "");
}

int
store_browse_tune(struct store *st, char **cause)
{
	return store_exec(st, sql_tune, cause);
}

/*
 * store-browse.c - the indexed reads the TUI browses with: first/last
 * child and next/previous sibling in any order (keyset, never OFFSET over
 * earlier siblings in the original order), ancestors, the best child,
 * signal names of a trace, full-text search. Every query touches a bounded
 * number of rows so a keypress never scans a subtree, but for the walks up
 * a path (ancestors, the only-child climb: one row per level, keys only,
 * in one statement); the statements
 * are prepared once (store_prepare's cache) and every value is bound.
 */
#include "config.h"

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
 * Search. CROSS JOIN keeps the full-text index as the outer loop: the
 * planner would otherwise walk every node of the trace and probe the
 * index for each (seconds on a million nodes). The rowid range lets FTS5
 * seek in its doclists, so a whole-word query costs well under a
 * millisecond; a prefix query ("word"*) merges the doclists of every term
 * with that prefix and costs about 0.3 s per million nodes, so it is only
 * used when the words as typed match nothing.
 */
static const char sql_search_next[] =
	"SELECT f.rowid FROM nodes_fts f CROSS JOIN nodes n ON n.id = f.rowid"
	" WHERE nodes_fts MATCH ?1 AND f.rowid > ?3 AND n.trace_id = ?2"
	" ORDER BY f.rowid LIMIT 1";
static const char sql_search_prev[] =
	"SELECT f.rowid FROM nodes_fts f CROSS JOIN nodes n ON n.id = f.rowid"
	" WHERE nodes_fts MATCH ?1 AND f.rowid < ?3 AND n.trace_id = ?2"
	" ORDER BY f.rowid DESC LIMIT 1";
/* Counting stops at 1001 so a common word costs a bounded time. */
static const char sql_search_count[] =
	"SELECT count(*) FROM (SELECT 1 FROM nodes_fts f"
	" CROSS JOIN nodes n ON n.id = f.rowid"
	" WHERE nodes_fts MATCH ?1 AND n.trace_id = ?2 LIMIT 1001)";
static const char sql_search_any[] =
	"SELECT 1 FROM nodes_fts f CROSS JOIN nodes n ON n.id = f.rowid"
	" WHERE nodes_fts MATCH ?1 AND n.trace_id = ?2 LIMIT 1";

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

/* Binds ?2..?4 (the key) of a signal-order statement. */
static void
bind_sort(sqlite3_stmt *s, const struct store_sort *so)
{
	sqlite3_bind_int(s, 2, so->sig >= 0 ? so->sig : -1);
	sqlite3_bind_int(s, 3, so->asc ? 1 : 0);
	store_bind_text(s, 4, so->name);
}

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
 * Steps s (already bound) for one id and reads that node into *out.
 * Returns 1, 0 (no row) or -1.
 */
static int
one_node(struct store *st, sqlite3_stmt *s, const char *what,
    struct cn_node *out, char **cause)
{
	int64_t	id;
	int	rc;

	rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	if (rc != SQLITE_ROW) {
		store_err(st, what, cause);
		sqlite3_reset(s);
		return -1;
	}
	id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
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
		s = store_prepare(st, last ? sql_child_last : sql_child_first,
		    cause);
	else
		s = store_prepare(st, last ? sql_sk_last : sql_sk_first, cause);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parent);
	if (!STORE_SORT_ORIGINAL(so))
		bind_sort(s, so);
	return one_node(st, s, "child", out, cause);
}

int
store_sibling_step(struct store *st, const struct cn_node *n,
    const struct store_sort *so, int dir, struct cn_node *out, char **cause)
{
	sqlite3_stmt	*s;

	if (n->parent_id == 0)
		return 0;
	if (STORE_SORT_ORIGINAL(so)) {
		s = store_prepare(st, dir > 0 ? sql_sib_next : sql_sib_prev,
		    cause);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, n->parent_id);
		sqlite3_bind_int64(s, 2, n->ordinal);
	} else {
		s = store_prepare(st, dir > 0 ? sql_sk_next : sql_sk_prev,
		    cause);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, n->parent_id);
		bind_sort(s, so);
		store_bind_val(s, 5, node_key(n, so));
		sqlite3_bind_int64(s, 6, n->ordinal);
	}
	return one_node(st, s, "sibling", out, cause);
}

/* Reads the ids a statement yields, then each node, for a callback. */
static int
ids_each(struct store *st, sqlite3_stmt *s, const char *what,
    store_node_cb cb, void *arg, char **cause)
{
	int64_t		*ids = NULL;
	size_t		 n = 0, i;
	struct cn_node	 node;
	int		 rc, ret = 0;

	/* Collect first: the callback may run other store queries. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		ids[n++] = sqlite3_column_int64(s, 0);
	}
	if (rc != SQLITE_DONE) {
		store_err(st, what, cause);
		sqlite3_reset(s);
		free(ids);
		return -1;
	}
	sqlite3_reset(s);
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
	if ((s = store_prepare(st, sql_sk_children, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parent);
	bind_sort(s, so);
	sqlite3_bind_int64(s, 5, offset < 0 ? 0 : offset);
	sqlite3_bind_int64(s, 6, limit);
	return ids_each(st, s, "children", cb, arg, cause);
}

int
store_children_sorted_ids(struct store *st, int64_t parent,
    const struct store_sort *so, int64_t **ids, size_t *n, char **cause)
{
	sqlite3_stmt	*s;
	size_t		 cap = 0;
	int		 rc;

	*ids = NULL;
	*n = 0;
	if ((s = store_prepare(st, STORE_SORT_ORIGINAL(so) ?
	    sql_children_all : sql_sk_children, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parent);
	if (!STORE_SORT_ORIGINAL(so)) {
		bind_sort(s, so);
		sqlite3_bind_int64(s, 5, 0);
		sqlite3_bind_int64(s, 6, -1);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 256 : cap * 2;
			*ids = xreallocarray(*ids, cap, sizeof **ids);
		}
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_err(st, "children", cause);
	}
	return 0;
}

int
store_ancestors_each(struct store *st, int64_t node, store_node_cb cb,
    void *arg, char **cause)
{
	sqlite3_stmt	*s;

	if ((s = store_prepare(st, sql_ancestors, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, node);
	return ids_each(st, s, "ancestors", cb, arg, cause);
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
	if ((s = store_prepare(st, sql_ancestor_keys, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, node);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap == 0 ? 64 : cap * 2;
			*v = xreallocarray(*v, cap, sizeof **v);
		}
		(*v)[*n].id = sqlite3_column_int64(s, 0);
		(*v)[*n].depth = (*v)[*n].to = sqlite3_column_int(s, 1);
		(*v)[*n].child_count = sqlite3_column_int64(s, 2);
		(*n)++;
	}
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
	if ((s = store_prepare(st, sql_ancestors_near, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, node);
	sqlite3_bind_int(s, 2, max);
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
	if ((s = store_prepare(st, sql_chain_top, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, node);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*top = sqlite3_column_int64(s, 0);
		*steps = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, "climb", cause);
	return 0;
}

int
store_best_path_ids(struct store *st, int64_t from, int max, int64_t **ids,
    size_t *n, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	*ids = NULL;
	*n = 0;
	if ((s = store_prepare(st, sql_best_path, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int(s, 2, max);
	*ids = xreallocarray(NULL, (size_t)max + 1, sizeof **ids);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n <= (size_t)max)
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_err(st, "best path", cause);
	}
	return 0;
}

int
store_best_child(struct store *st, int64_t parent, struct cn_node *out,
    char **cause)
{
	sqlite3_stmt	*s;

	if ((s = store_prepare(st, sql_best_child, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, parent);
	return one_node(st, s, "best child", out, cause);
}

int
store_trace_signal_names(struct store *st, int64_t trace, char ***names,
    size_t *n, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	*names = NULL;
	*n = 0;
	if ((s = store_prepare(st, sql_signal_names, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, trace);
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
	size_t	i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/*
 * Turns the user's words into an FTS5 query: the text is cut into tokens
 * at what the unicode61 tokenizer treats as separators (ASCII other than
 * letters and digits), each token is quoted; with prefix, the last one is
 * a prefix. NULL when there is no token.
 */
static char *
fts_query(const char *q, int prefix)
{
	struct cn_buf	 b;
	const char	*p = q, *start;
	int		 ntok = 0;

	buf_init(&b);
	for (;;) {
		while (*p != '\0' && (unsigned char)*p < 0x80 &&
		    !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && ((unsigned char)*p >= 0x80 ||
		    (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')))
			p++;
		if (ntok++ > 0)
			buf_addc(&b, ' ');
		buf_addc(&b, '"');
		buf_add(&b, start, (size_t)(p - start));
		buf_addc(&b, '"');
	}
	if (ntok == 0) {
		buf_free(&b);
		return NULL;
	}
	if (prefix)
		buf_adds(&b, " *");
	return buf_take(&b);
}

/*
 * The FTS5 query for the user's words in a trace: whole words when they
 * match something there, else the last word as a prefix. NULL: no word.
 */
static int
search_form(struct store *st, int64_t trace, const char *query, char **fq,
    char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	*fq = NULL;
	if ((*fq = fts_query(query, 0)) == NULL)
		return 0;
	if ((s = store_prepare(st, sql_search_any, cause)) == NULL) {
		free(*fq);
		*fq = NULL;
		return -1;
	}
	store_bind_text(s, 1, *fq);
	sqlite3_bind_int64(s, 2, trace);
	rc = sqlite3_step(s);
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 0;
	free(*fq);
	*fq = NULL;
	if (rc != SQLITE_DONE)
		return store_err(st, "search", cause);
	*fq = fts_query(query, 1);
	return 0;
}

int
store_search_step(struct store *st, int64_t trace, const char *query,
    int64_t from, int dir, int64_t *id, char **cause)
{
	sqlite3_stmt	*s;
	char		*fq;
	int		 rc;

	if (search_form(st, trace, query, &fq, cause) != 0)
		return -1;
	if (fq == NULL)
		return 0;
	if ((s = store_prepare(st, dir > 0 ? sql_search_next :
	    sql_search_prev, cause)) == NULL) {
		free(fq);
		return -1;
	}
	store_bind_text(s, 1, fq);
	sqlite3_bind_int64(s, 2, trace);
	sqlite3_bind_int64(s, 3, from);
	rc = sqlite3_step(s);
	free(fq);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return 1;
	}
	if (rc == SQLITE_DONE) {
		sqlite3_reset(s);
		return 0;
	}
	store_err(st, "search", cause);
	sqlite3_reset(s);
	return -1;
}

int
store_search_count(struct store *st, int64_t trace, const char *query,
    int64_t *count, char **cause)
{
	sqlite3_stmt	*s;
	char		*fq;
	int		 rc;

	*count = 0;
	if (search_form(st, trace, query, &fq, cause) != 0)
		return -1;
	if (fq == NULL)
		return 0;
	if ((s = store_prepare(st, sql_search_count, cause)) == NULL) {
		free(fq);
		return -1;
	}
	store_bind_text(s, 1, fq);
	sqlite3_bind_int64(s, 2, trace);
	rc = sqlite3_step(s);
	free(fq);
	if (rc == SQLITE_ROW) {
		*count = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return 0;
	}
	store_err(st, "search", cause);
	sqlite3_reset(s);
	return -1;
}

static void
brief_from_row(sqlite3_stmt *s, struct cn_trace *t)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(s, 0);
	t->ext_id = store_col_text(s, 1);
	t->format = store_col_text(s, 2);
	t->root_id = sqlite3_column_int64(s, 3);
	t->node_count = sqlite3_column_int64(s, 4);
	t->max_depth = sqlite3_column_int(s, 5);
	t->best_reward = store_col_val(s, 6);
	t->best_q = store_col_val(s, 7);
	t->outcome = store_col_val(s, 8);
	t->annotation_count = sqlite3_column_int64(s, 9);
}

int
store_traces_brief_page(struct store *st, int64_t after, int64_t limit,
    store_trace_cb cb, void *arg, char **cause)
{
	struct cn_trace	 t;
	sqlite3_stmt	*s;
	int		 rc, r = 0;

	/* Not cached: the callback may use the store meanwhile. */
	if (sqlite3_prepare_v2(st->db, sql_traces_page, -1, &s, NULL) !=
	    SQLITE_OK)
		return store_err(st, "list traces", cause);
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 2, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		brief_from_row(s, &t);
		r = cb(&t, arg);
		cn_trace_clear(&t);
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = store_err(st, "list traces", cause);
	sqlite3_finalize(s);
	return r;
}

int
store_trace_label_counts(struct store *st, store_count_cb cb, void *arg,
    char **cause)
{
	sqlite3_stmt	*s;
	int		 rc, r = 0;

	if (sqlite3_prepare_v2(st->db, sql_label_counts, -1, &s, NULL) !=
	    SQLITE_OK)
		return store_err(st, "count labels", cause);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r = cb(sqlite3_column_int64(s, 0), sqlite3_column_int64(s, 1),
		    arg);
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = store_err(st, "count labels", cause);
	sqlite3_finalize(s);
	return r;
}

int
store_browse_tune(struct store *st, char **cause)
{
	return store_exec(st, sql_tune, cause);
}

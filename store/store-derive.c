/*
 * store-derive.c - a trace in bulk for analysis/ and the derived signals
 * written back; the only place their SQL lives.
 *
 * Memory: the skeleton takes 60 bytes a node (id, parent index and the
 * six common signals), plus the texts when asked for; a signal array 8
 * bytes a node. Reading is one pass over the trace's rows; a node's
 * parent is found by binary search over the sorted ids, so no map is
 * built.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "store-derive.h"

struct drow {
	int64_t		 id, pid;
	double		 sig[CN_SIG_COUNT];
	char		*text;
};

static int
drow_cmp(const void *x, const void *y)
{
	const struct drow	*a = x, *b = y;

	return a->id < b->id ? -1 : a->id > b->id;
}

void
store_dtree_free(struct store_dtree *t)
{
	uint32_t	i;
	int		k;

	if (t == NULL)
		return;
	if (t->text != NULL) {
		for (i = 0; i < t->n; i++)
			free(t->text[i]);
	}
	free(t->text);
	free(t->ids);
	free(t->parent);
	for (k = 0; k < CN_SIG_COUNT; k++)
		free(t->sig[k]);
	memset(t, 0, sizeof *t);
}

int64_t
store_dtree_index(const struct store_dtree *t, int64_t id)
{
	size_t	lo = 0, hi = t->n;

	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;

		if (t->ids[mid] == id)
			return (int64_t)mid;
		if (t->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

static void
rows_free(struct drow *rows, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(rows[i].text);
	free(rows);
}

/*
 * The trace's rows are read in id order over the id range the trace
 * spans (found in its index): a sequential pass over the table, where
 * going through the (trace_id, ext_id) index would fetch each row from a
 * random page. "+trace_id" keeps SQLite from choosing that index. Rows
 * of other traces inside the range (imports that interleaved) are
 * skipped.
 */
int
store_dtree_load(struct store *st, int64_t trace, int flags,
    struct store_dtree *t, char **cause)
{
	static const char	 sql_range[] =
	    "SELECT min(id), max(id) FROM nodes WHERE trace_id = ?";
#define DTREE_COLS "id, parent_id, visits, q, prior, reward, value, outcome"
	static const char	 sql[] =
	    "SELECT " DTREE_COLS " FROM nodes"
	    " WHERE id BETWEEN ?1 AND ?2 AND +trace_id = ?3 ORDER BY id";
	static const char	 sql_text[] =
	    "SELECT " DTREE_COLS ", text FROM nodes"
	    " WHERE id BETWEEN ?1 AND ?2 AND +trace_id = ?3 ORDER BY id";
#undef DTREE_COLS
	sqlite3_stmt		*s;
	struct drow		*rows = NULL;
	int64_t			 lo, hi;
	size_t			 n = 0, cap = 0, i;
	int			 rc, k, text = (flags & STORE_DTREE_TEXT) != 0;

	memset(t, 0, sizeof *t);
	t->trace = trace;
	if ((s = store_prepare(st, sql_range, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, trace);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_err(st, "load trace", cause);
	}
	lo = sqlite3_column_int64(s, 0);
	hi = sqlite3_column_int64(s, 1);
	sqlite3_reset(s);
	if ((s = store_prepare(st, text ? sql_text : sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, lo);
	sqlite3_bind_int64(s, 2, hi);
	sqlite3_bind_int64(s, 3, trace);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			if (cap >= (size_t)INT32_MAX / 2) {
				sqlite3_reset(s);
				rows_free(rows, n);
				if (cause != NULL)
					*cause = xasprintf("trace #%lld: too"
					    " many nodes", (long long)trace);
				return -1;
			}
			cap = cap == 0 ? 1024 : cap * 2;
			rows = xreallocarray(rows, cap, sizeof *rows);
		}
		rows[n].id = sqlite3_column_int64(s, 0);
		rows[n].pid = sqlite3_column_type(s, 1) == SQLITE_NULL ? 0 :
		    sqlite3_column_int64(s, 1);
		for (k = 0; k < CN_SIG_COUNT; k++)
			rows[n].sig[k] = store_col_val(s, 2 + k);
		rows[n].text = text ? store_col_text(s, 2 + CN_SIG_COUNT) :
		    NULL;
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		rows_free(rows, n);
		return store_err(st, "load trace", cause);
	}
	/* Already in id order: a guard, cheap on sorted input. */
	qsort(rows, n, sizeof *rows, drow_cmp);
	t->n = (uint32_t)n;
	t->ids = xcalloc(n == 0 ? 1 : n, sizeof *t->ids);
	t->parent = xcalloc(n == 0 ? 1 : n, sizeof *t->parent);
	for (k = 0; k < CN_SIG_COUNT; k++)
		t->sig[k] = xcalloc(n == 0 ? 1 : n, sizeof *t->sig[k]);
	if (text)
		t->text = xcalloc(n == 0 ? 1 : n, sizeof *t->text);
	for (i = 0; i < n; i++) {
		t->ids[i] = rows[i].id;
		for (k = 0; k < CN_SIG_COUNT; k++)
			t->sig[k][i] = rows[i].sig[k];
		if (text) {
			t->text[i] = rows[i].text;
			rows[i].text = NULL;
		}
	}
	for (i = 0; i < n; i++) {
		int64_t	p = rows[i].pid == 0 ? -1 :
		    store_dtree_index(t, rows[i].pid);

		t->parent[i] = (int32_t)p;
	}
	rows_free(rows, n);
	return 0;
}

int
store_dtree_signal(struct store *st, const struct store_dtree *t,
    const char *name, double *out, char **cause)
{
	static const char	 sql_named[] =
	    "SELECT s.node_id, s.value FROM signals s"
	    " WHERE s.node_id BETWEEN ?1 AND ?2"
	    " AND s.name_id = (SELECT id FROM signal_names WHERE name = ?3)";
	static const char	 sql_rating[] =
	    "SELECT a.node_id, avg(a.rating) FROM annotations a"
	    " JOIN nodes n ON n.id = a.node_id"
	    " WHERE n.trace_id = ? AND a.rating IS NOT NULL"
	    " GROUP BY a.node_id";
	sqlite3_stmt		*s;
	uint32_t		 i;
	int			 sig = cn_sig_lookup(name), rating, rc;

	if (sig >= 0) {
		memcpy(out, t->sig[sig], t->n * sizeof *out);
		return 0;
	}
	for (i = 0; i < t->n; i++)
		out[i] = CN_NOVAL;
	if (t->n == 0)
		return 0;
	rating = strcmp(name, STORE_DTREE_RATING) == 0;
	if (rating)
		s = store_prepare(st, sql_rating, cause);
	else
		s = store_prepare(st, sql_named, cause);
	if (s == NULL)
		return -1;
	if (rating)
		sqlite3_bind_int64(s, 1, t->trace);
	else {
		sqlite3_bind_int64(s, 1, t->ids[0]);
		sqlite3_bind_int64(s, 2, t->ids[t->n - 1]);
		store_bind_text(s, 3, name);
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t	k = store_dtree_index(t, sqlite3_column_int64(s, 0));
		double	v = sqlite3_column_double(s, 1);

		if (k < 0)
			continue;
		out[k] = rating ? (v + 1.0) / 2.0 : v;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, "read signal", cause);
	return 0;
}

#define KNOWN_SQL(e, name, h)						\
	"SELECT 1 FROM nodes WHERE " name " IS NOT NULL LIMIT 1",
static const char *const sql_known[CN_SIG_COUNT] = {
	CN_SIGNALS(KNOWN_SQL)
};
#undef KNOWN_SQL

int
store_signal_known(struct store *st, const char *name, char **cause)
{
	static const char	 sql_named[] =
	    "SELECT 1 FROM signals WHERE name_id ="
	    " (SELECT id FROM signal_names WHERE name = ?) LIMIT 1";
	static const char	 sql_rating[] =
	    "SELECT 1 FROM annotations WHERE rating IS NOT NULL LIMIT 1";
	sqlite3_stmt		*s;
	int			 sig = cn_sig_lookup(name), rating;

	rating = sig < 0 && strcmp(name, STORE_DTREE_RATING) == 0;
	if (sig >= 0)
		s = store_prepare(st, sql_known[sig], cause);
	else
		s = store_prepare(st, rating ? sql_rating : sql_named, cause);
	if (s == NULL)
		return -1;
	if (sig < 0 && !rating)
		store_bind_text(s, 1, name);
	return store_found(st, s, sqlite3_step(s), "look up signal", cause);
}

/*
 * A derive rewrites a row in most leaf pages of `signals`: with SQLite's
 * default 2 MB cache, dirty pages spill to the WAL and are written again
 * and again (measured: 10x the CPU at 100k nodes). The foreign-key checks
 * are off because every node id written was just read from `nodes` in the
 * same transaction. Both are restored at the end.
 */
int
store_derive_begin(struct store *st, char **cause)
{
	if (store_exec(st, "PRAGMA foreign_keys=OFF", cause) != 0 ||
	    store_exec(st, "PRAGMA cache_size=-131072", cause) != 0)
		return -1;
	return store_exec(st, "BEGIN IMMEDIATE", cause);
}

int
store_derive_end(struct store *st, int ok, char **cause)
{
	int	rc = 0;

	if (!ok)
		rc = store_exec(st, "ROLLBACK", cause);
	else if (store_exec(st, "COMMIT", cause) != 0) {
		store_exec(st, "ROLLBACK", NULL);
		rc = -1;
	}
	store_exec(st, "PRAGMA cache_size=-2000", NULL);
	store_exec(st, "PRAGMA foreign_keys=ON", NULL);
	return rc;
}

/* The id of signal name, created if new; -1 with *cause on error. */
static int64_t
name_id(struct store *st, const char *name, char **cause)
{
	static const char	 sql_name[] =
	    "INSERT OR IGNORE INTO signal_names(name) VALUES (?)";
	static const char	 sql_id[] =
	    "SELECT id FROM signal_names WHERE name = ?";
	sqlite3_stmt		*s;
	int64_t			 id;

	if ((s = store_prepare(st, sql_name, cause)) == NULL)
		return -1;
	store_bind_text(s, 1, name);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "derive: signal name", cause);
	if ((s = store_prepare(st, sql_id, cause)) == NULL)
		return -1;
	store_bind_text(s, 1, name);
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_err(st, "derive: signal name", cause);
	}
	id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return id;
}

/*
 * Removes signal nid from every node of t. When t's ids are one unbroken
 * range, no other trace has a node inside it and the membership test is
 * left out (a third of the delete's cost).
 */
static int
derive_clear(struct store *st, const struct store_dtree *t, int64_t nid,
    char **cause)
{
	static const char	 sql_del[] =
	    "DELETE FROM signals WHERE name_id = ?1"
	    " AND node_id BETWEEN ?2 AND ?3"
	    " AND node_id IN (SELECT id FROM nodes WHERE trace_id = ?4)";
	static const char	 sql_del_range[] =
	    "DELETE FROM signals WHERE name_id = ?1"
	    " AND node_id BETWEEN ?2 AND ?3";
	sqlite3_stmt		*s;
	int			 whole;

	whole = t->ids[t->n - 1] - t->ids[0] + 1 == (int64_t)t->n;
	if ((s = store_prepare(st, whole ? sql_del_range : sql_del,
	    cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, nid);
	sqlite3_bind_int64(s, 2, t->ids[0]);
	sqlite3_bind_int64(s, 3, t->ids[t->n - 1]);
	if (!whole)
		sqlite3_bind_int64(s, 4, t->trace);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_err(st, "derive: replace", cause);
	}
	sqlite3_reset(s);
	return 0;
}

int
store_derive_write_many(struct store *st, const struct store_dtree *t,
    size_t k, const char *const *names, const double *const *v,
    int64_t *written, char **cause)
{
	static const char	 sql_put[] =
	    "INSERT OR REPLACE INTO signals(node_id, name_id, value)"
	    " VALUES (?, ?, ?)";
	sqlite3_stmt		*s;
	int64_t			*nid;
	uint32_t		 i;
	size_t			 j;
	int			 rc = -1;

	for (j = 0; j < k; j++) {
		if (written != NULL)
			written[j] = 0;
		if (cn_sig_lookup(names[j]) >= 0 || *names[j] == '\0') {
			if (cause != NULL)
				*cause = xasprintf("'%s' is a common signal;"
				    " a derived signal needs a name of its"
				    " own", names[j]);
			return -1;
		}
	}
	if (t->n == 0 || k == 0)
		return 0;
	nid = xcalloc(k, sizeof *nid);
	for (j = 0; j < k; j++) {
		if ((nid[j] = name_id(st, names[j], cause)) < 0 ||
		    derive_clear(st, t, nid[j], cause) != 0)
			goto out;
	}
	if ((s = store_prepare(st, sql_put, cause)) == NULL)
		goto out;
	/* Node by node, so each leaf page of `signals` is visited once. */
	for (i = 0; i < t->n; i++) {
		for (j = 0; j < k; j++) {
			if (!cn_hasval(v[j][i]))
				continue;
			sqlite3_bind_int64(s, 1, t->ids[i]);
			sqlite3_bind_int64(s, 2, nid[j]);
			sqlite3_bind_double(s, 3, v[j][i]);
			if (sqlite3_step(s) != SQLITE_DONE) {
				sqlite3_reset(s);
				store_err(st, "derive: write", cause);
				goto out;
			}
			sqlite3_reset(s);
			if (written != NULL)
				written[j]++;
		}
	}
	rc = 0;
out:
	free(nid);
	return rc;
}

int
store_derive_write(struct store *st, const struct store_dtree *t,
    const char *name, const double *v, int64_t *written, char **cause)
{
	return store_derive_write_many(st, t, 1, &name, &v, written, cause);
}

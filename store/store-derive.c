/*
 * store-derive.c - a trace in bulk for analysis/ and the derived signals
 * written back; the only place their SQL lives.
 *
 * Memory: the skeleton takes 12 bytes a node (id and parent index), plus
 * the texts when asked for; a signal array 8 bytes a node. Reading is
 * one pass over the trace's rows; a node's parent is found by binary
 * search over the sorted ids, so no map is built.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "store-derive.h"

struct drow {
	int64_t		 id, pid;
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

	if (t == NULL)
		return;
	if (t->text != NULL) {
		for (i = 0; i < t->n; i++)
			free(t->text[i]);
	}
	free(t->text);
	free(t->ids);
	free(t->parent);
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

int
store_dtree_load(struct store *st, int64_t trace, int flags,
    struct store_dtree *t, char **cause)
{
	static const char	 sql[] =
	    "SELECT id, parent_id FROM nodes WHERE trace_id = ?";
	static const char	 sql_text[] =
	    "SELECT id, parent_id, text FROM nodes WHERE trace_id = ?";
	sqlite3_stmt		*s;
	struct drow		*rows = NULL;
	size_t			 n = 0, cap = 0, i;
	int			 rc, text = (flags & STORE_DTREE_TEXT) != 0;

	memset(t, 0, sizeof *t);
	t->trace = trace;
	if ((s = store_prepare(st, text ? sql_text : sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, trace);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			if (cap >= (size_t)INT32_MAX / 2) {
				sqlite3_reset(s);
				for (i = 0; i < n; i++)
					free(rows[i].text);
				free(rows);
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
		rows[n].text = text ? store_col_text(s, 2) : NULL;
		n++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		for (i = 0; i < n; i++)
			free(rows[i].text);
		free(rows);
		return store_err(st, "load trace", cause);
	}
	qsort(rows, n, sizeof *rows, drow_cmp);
	t->n = (uint32_t)n;
	t->ids = xcalloc(n == 0 ? 1 : n, sizeof *t->ids);
	t->parent = xcalloc(n == 0 ? 1 : n, sizeof *t->parent);
	if (text)
		t->text = xcalloc(n == 0 ? 1 : n, sizeof *t->text);
	for (i = 0; i < n; i++) {
		t->ids[i] = rows[i].id;
		if (text)
			t->text[i] = rows[i].text;
	}
	for (i = 0; i < n; i++) {
		int64_t	p = rows[i].pid == 0 ? -1 :
		    store_dtree_index(t, rows[i].pid);

		t->parent[i] = (int32_t)p;
	}
	free(rows);
	return 0;
}

/* One query per common signal: column names are never formatted in. */
#define DTREE_SQL(e, name, h)						\
	"SELECT id, " name " FROM nodes WHERE trace_id = ? AND "	\
	name " IS NOT NULL",
static const char *const sql_common[CN_SIG_COUNT] = {
	CN_SIGNALS(DTREE_SQL)
};
#undef DTREE_SQL

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

	for (i = 0; i < t->n; i++)
		out[i] = CN_NOVAL;
	if (t->n == 0)
		return 0;
	rating = sig < 0 && strcmp(name, STORE_DTREE_RATING) == 0;
	if (sig >= 0)
		s = store_prepare(st, sql_common[sig], cause);
	else if (rating)
		s = store_prepare(st, sql_rating, cause);
	else
		s = store_prepare(st, sql_named, cause);
	if (s == NULL)
		return -1;
	if (sig >= 0 || rating)
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

int
store_derive_begin(struct store *st, char **cause)
{
	return store_exec(st, "BEGIN IMMEDIATE", cause);
}

int
store_derive_end(struct store *st, int ok, char **cause)
{
	if (!ok)
		return store_exec(st, "ROLLBACK", cause);
	if (store_exec(st, "COMMIT", cause) != 0) {
		store_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

int
store_derive_write(struct store *st, const struct store_dtree *t,
    const char *name, const double *v, int64_t *written, char **cause)
{
	static const char	 sql_name[] =
	    "INSERT OR IGNORE INTO signal_names(name) VALUES (?)";
	static const char	 sql_id[] =
	    "SELECT id FROM signal_names WHERE name = ?";
	static const char	 sql_del[] =
	    "DELETE FROM signals WHERE name_id = ?1"
	    " AND node_id BETWEEN ?2 AND ?3"
	    " AND node_id IN (SELECT id FROM nodes WHERE trace_id = ?4)";
	static const char	 sql_put[] =
	    "INSERT OR REPLACE INTO signals(node_id, name_id, value)"
	    " VALUES (?, ?, ?)";
	sqlite3_stmt		*s;
	int64_t			 name_id, count = 0;
	uint32_t		 i;

	if (written != NULL)
		*written = 0;
	if (cn_sig_lookup(name) >= 0 || *name == '\0') {
		if (cause != NULL)
			*cause = xasprintf("'%s' is a common signal; a derived"
			    " signal needs a name of its own", name);
		return -1;
	}
	if (t->n == 0)
		return 0;
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
	name_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if ((s = store_prepare(st, sql_del, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, name_id);
	sqlite3_bind_int64(s, 2, t->ids[0]);
	sqlite3_bind_int64(s, 3, t->ids[t->n - 1]);
	sqlite3_bind_int64(s, 4, t->trace);
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_err(st, "derive: replace", cause);
	}
	sqlite3_reset(s);
	if ((s = store_prepare(st, sql_put, cause)) == NULL)
		return -1;
	for (i = 0; i < t->n; i++) {
		if (!cn_hasval(v[i]))
			continue;
		sqlite3_bind_int64(s, 1, t->ids[i]);
		sqlite3_bind_int64(s, 2, name_id);
		sqlite3_bind_double(s, 3, v[i]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_reset(s);
			return store_err(st, "derive: write", cause);
		}
		sqlite3_reset(s);
		count++;
	}
	if (written != NULL)
		*written = count;
	return 0;
}

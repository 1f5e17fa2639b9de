/*
 * store-derive.c - a trace in bulk for analysis/ and the derived signals
 * written back; the only place their SQL lives.
 *
 * Memory: the skeleton takes 12 bytes a node (id, parent index), 8 more
 * for each common signal loaded, plus the texts when asked for; a signal
 * array 8 bytes a node. Reading is one pass over the trace's index
 * entries; a node's parent is found by position (imports number a trace
 * densely) or binary search over the sorted ids, so no map is built.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "store-derive.h"

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

	/* Imports number a trace's nodes densely: try that first. */
	if (t->n > 0 && id >= t->ids[0] && id - t->ids[0] < (int64_t)t->n &&
	    t->ids[id - t->ids[0]] == id)
		return id - t->ids[0];
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

/*
 * The index of id for rows that arrive in id order: *at only moves
 * forward, so a whole pass costs O(n) instead of a search a row. A row
 * behind the cursor (never from the reads here) falls back to a search.
 */
static int64_t
dtree_seek(const struct store_dtree *t, uint32_t *at, int64_t id)
{
	while (*at < t->n && t->ids[*at] < id)
		(*at)++;
	if (*at < t->n && t->ids[*at] == id)
		return *at;
	if (*at > 0 && id < t->ids[*at - 1])
		return store_dtree_index(t, id);
	return -1;
}

/* Grows every array of t to hold cap nodes (common signals: those kept). */
static void
dtree_grow(struct store_dtree *t, size_t cap)
{
	int	k;

	if (t->ids == NULL) {
		/* Sized once from the trace's count: huge pages, no copy. */
		t->ids = xcalloc_big(cap, sizeof *t->ids);
		t->parent = xcalloc_big(cap, sizeof *t->parent);
	} else {
		t->ids = xreallocarray(t->ids, cap, sizeof *t->ids);
		t->parent = xreallocarray(t->parent, cap, sizeof *t->parent);
	}
	for (k = 0; k < CN_SIG_COUNT; k++) {
		if (!t->has_sig[k])
			continue;
		if (t->sig[k] == NULL)
			t->sig[k] = xcalloc_big(cap, sizeof *t->sig[k]);
		else
			t->sig[k] = xreallocarray(t->sig[k], cap,
			    sizeof *t->sig[k]);
	}
	if (t->text != NULL)
		t->text = xreallocarray(t->text, cap, sizeof *t->text);
}

/*
 * The rows of a trace in id order from the covering index nodes_skel:
 * every common signal, none, or one (the fewer columns a row decodes, the
 * cheaper the pass; texts and all signals come from the full query).
 */
#define DTREE_FROM	" FROM nodes WHERE trace_id = ?3 ORDER BY id"
#define DTREE_ONE(e, name, h)						\
	"SELECT id, parent_id, " name DTREE_FROM,
static const char *const sql_dtree_one[CN_SIG_COUNT] = {
	CN_SIGNALS(DTREE_ONE)
};
#undef DTREE_ONE
static const char sql_dtree_none[] = "SELECT id, parent_id" DTREE_FROM;

int
store_dtree_want(const char *name)
{
	int	k = cn_sig_lookup(name);

	return STORE_DTREE_SIGS | (k >= 0 ? STORE_DTREE_SIG(k) : 0);
}

/*
 * Without texts the rows come from the covering index nodes_skel (trace,
 * id, parent, common signals): ~70 bytes a node, where the table's rows
 * carry the step text and are ten times that. With texts the table is
 * read in id order over the id range the trace spans, a sequential pass
 * ("+trace_id" keeps SQLite from fetching each row through an index);
 * rows of other traces inside the range (imports that interleaved) are
 * skipped. Both give the nodes in id order, so no sort is needed, and a
 * parent (imports write it before its children) is found among the rows
 * already read; the few that are not wait for the end of the pass.
 */
int
store_dtree_load(struct store *st, int64_t trace, int flags,
    struct store_dtree *t, char **cause)
{
	static const char	 sql_count[] =
	    "SELECT node_count FROM traces WHERE id = ?";
	static const char	 sql_range[] =
	    "SELECT min(id), max(id) FROM nodes WHERE trace_id = ?";
#define DTREE_COLS "id, parent_id, visits, q, prior, reward, value, outcome"
	static const char	 sql[] =
	    "SELECT " DTREE_COLS DTREE_FROM;
	static const char	 sql_text[] =
	    "SELECT " DTREE_COLS ", text FROM nodes"
	    " WHERE id BETWEEN ?1 AND ?2 AND +trace_id = ?3 ORDER BY id";
#undef DTREE_COLS
	sqlite3_stmt		*s;
	const char		*q;
	int64_t			 lo = 0, hi = 0, pid, p, *late = NULL;
	size_t			 n = 0, cap = 0, nlate = 0, i;
	int			 rc, k, col[CN_SIG_COUNT], nsig = 0, last = 0;
	int			 text = (flags & STORE_DTREE_TEXT) != 0;

	memset(t, 0, sizeof *t);
	t->trace = trace;
	for (k = 0; k < CN_SIG_COUNT; k++) {
		t->has_sig[k] = text || (flags & STORE_DTREE_SIGS) == 0 ||
		    (flags & STORE_DTREE_SIG(k)) != 0;
		col[k] = 2 + k;
		if (t->has_sig[k]) {
			nsig++;
			last = k;
		}
	}
	q = text ? sql_text : sql;
	if (nsig == 0)
		q = sql_dtree_none;
	else if (nsig == 1 && !text) {
		q = sql_dtree_one[last];
		col[last] = 2;
	}
	if (text)
		t->text = xcalloc(1, sizeof *t->text);
	/*
	 * The trace's node count sizes the arrays once: growing them by
	 * doubling touches twice the memory, and first touches (page faults)
	 * are a third of a load's time. A wrong count only costs a regrow.
	 */
	if ((s = store_stmt(st, sql_count, cause, "i", trace)) == NULL)
		goto fail;
	if (sqlite3_step(s) == SQLITE_ROW)
		cap = (size_t)sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (cap > 0 && cap < (size_t)INT32_MAX / 2)
		dtree_grow(t, cap);
	else
		cap = 0;
	if (text) {
		s = store_stmt(st, sql_range, cause, "i", trace);
		if (store_step_row(st, s, "load trace", cause) != 0)
			goto fail;
		lo = sqlite3_column_int64(s, 0);
		hi = sqlite3_column_int64(s, 1);
		sqlite3_reset(s);
	}
	/* Without text, q has no ?1 and ?2 (lo and hi are 0). */
	if ((s = store_stmt(st, q, cause, "iii", lo, hi, trace)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (n == cap) {
			if (cap >= (size_t)INT32_MAX / 2) {
				sqlite3_reset(s);
				if (cause != NULL)
					*cause = xasprintf("trace #%lld: too"
					    " many nodes", (long long)trace);
				goto fail;
			}
			cap = cap == 0 ? 4096 : cap * 2;
			dtree_grow(t, cap);
		}
		t->ids[n] = sqlite3_column_int64(s, 0);
		pid = sqlite3_column_type(s, 1) == SQLITE_NULL ? 0 :
		    sqlite3_column_int64(s, 1);
		for (k = 0; k < CN_SIG_COUNT; k++) {
			if (t->has_sig[k])
				t->sig[k][n] = store_col_val(s, col[k]);
		}
		if (text)
			t->text[n] = store_col_text(s, 2 + CN_SIG_COUNT);
		t->n = (uint32_t)++n;
		p = pid == 0 ? -1 : store_dtree_index(t, pid);
		if (p < 0 && pid != 0) {
			/* A parent after its child: looked up at the end. */
			late = xreallocarray(late, 2 * (nlate + 1),
			    sizeof *late);
			late[2 * nlate] = (int64_t)(n - 1);
			late[2 * nlate++ + 1] = pid;
		}
		t->parent[n - 1] = (int32_t)p;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_err(st, "load trace", cause);
		goto fail;
	}
	if (n == 0)
		dtree_grow(t, 1);
	for (i = 0; i < nlate; i++)
		t->parent[late[2 * i]] =
		    (int32_t)store_dtree_index(t, late[2 * i + 1]);
	free(late);
	return 0;
fail:
	free(late);
	store_dtree_free(t);
	t->trace = trace;
	return -1;
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
	    " GROUP BY a.node_id ORDER BY a.node_id";
	sqlite3_stmt		*s;
	uint32_t		 i, at = 0;
	int			 sig = cn_sig_lookup(name), rating, rc;

	if (sig >= 0 && t->has_sig[sig]) {
		memcpy(out, t->sig[sig], t->n * sizeof *out);
		return 0;
	}
	for (i = 0; i < t->n; i++)
		out[i] = CN_NOVAL;
	if (t->n == 0)
		return 0;
	rating = strcmp(name, STORE_DTREE_RATING) == 0;
	if (sig >= 0)
		s = store_stmt(st, sql_dtree_one[sig], cause, "--i", t->trace);
	else if (rating)
		s = store_stmt(st, sql_rating, cause, "i", t->trace);
	else
		s = store_stmt(st, sql_named, cause, "iit", t->ids[0],
		    t->ids[t->n - 1], name);
	if (s == NULL)
		return -1;
	/* Every read comes in node id order: a cursor, not a search. */
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t	k = dtree_seek(t, &at, sqlite3_column_int64(s, 0));
		double	v;

		if (k < 0)
			continue;
		if (sig >= 0)
			out[k] = store_col_val(s, 2);
		else {
			v = sqlite3_column_double(s, 1);
			out[k] = rating ? (v + 1.0) / 2.0 : v;
		}
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
	int64_t			 one;
	int			 sig = cn_sig_lookup(name), rating;

	rating = sig < 0 && strcmp(name, STORE_DTREE_RATING) == 0;
	if (sig >= 0)
		return store_one_int64(st, sql_known[sig], &one,
		    "look up signal", cause, "");
	return store_one_int64(st, rating ? sql_rating : sql_named, &one,
	    "look up signal", cause, rating ? "" : "t", name);
}

/*
 * A derive rewrites a row in most leaf pages of `signals`: with SQLite's
 * default 2 MB cache, dirty pages spill to the WAL and are written again
 * and again (measured: 10x the CPU at 100k nodes). The foreign-key checks
 * are off because every node id written was just read from `nodes` in the
 * same transaction. Both are restored at the end. (A memory map,
 * mmap_size, was tried: it saved system time on derive again but cost
 * more on a derive that inserts.)
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

/*
 * The id of signal name, created if new (then *fresh is 1: no node can
 * have it yet); -1 with *cause on error.
 */
static int64_t
name_id(struct store *st, const char *name, int *fresh, char **cause)
{
	static const char	 sql_name[] =
	    "INSERT OR IGNORE INTO signal_names(name) VALUES (?)";
	static const char	 sql_id[] =
	    "SELECT id FROM signal_names WHERE name = ?";
	int64_t			 id;
	int			 rc;

	if (store_run(st, sql_name, "derive: signal name", cause, "t",
	    name) != 0)
		return -1;
	*fresh = sqlite3_changes(st->db) > 0;
	if ((rc = store_one_int64(st, sql_id, &id, "derive: signal name",
	    cause, "t", name)) == 0)
		return store_err(st, "derive: signal name", cause);
	return rc < 0 ? -1 : id;
}

/*
 * Fills old[j][i] with the stored value of signal nid[j] on node i of t
 * (CN_NOVAL where none): one pass over the rows of t's id range, in key
 * order. Rows of nodes outside t (another trace inside the range) are
 * skipped.
 */
static int
derive_old(struct store *st, const struct store_dtree *t, size_t k,
    const int64_t *nid, const int *fresh, double **old, char **cause)
{
	static const char	 sql[] =
	    "SELECT node_id, name_id, value FROM signals"
	    " WHERE node_id BETWEEN ?1 AND ?2";
	sqlite3_stmt		*s;
	int64_t			 i, name;
	uint32_t		 at = 0, x;
	size_t			 j;
	int			 rc;

	for (j = 0; j < k; j++)
		for (x = 0; x < t->n; x++)
			old[j][x] = CN_NOVAL;
	/* Names created just now have no rows: a first derive reads none. */
	for (j = 0; j < k && fresh[j]; j++)
		continue;
	if (j == k)
		return 0;
	if ((s = store_stmt(st, sql, cause, "ii", t->ids[0],
	    t->ids[t->n - 1])) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		name = sqlite3_column_int64(s, 1);
		for (j = 0; j < k && nid[j] != name; j++)
			continue;
		if (j == k)
			continue;
		if ((i = dtree_seek(t, &at, sqlite3_column_int64(s, 0))) >= 0)
			old[j][i] = sqlite3_column_double(s, 2);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, "derive: read", cause);
	return 0;
}

/*
 * Values to insert, sent PUT_ROWS to a statement: a first derive inserts
 * millions, and one statement a row spends a third of its time starting
 * and resetting statements.
 */
#define PUT_ROWS	64
#define PUT_SQL		"INSERT OR REPLACE INTO signals(node_id, name_id,"\
			" value) VALUES "
#define PUT_1		"(?, ?, ?)"
#define PUT_4		PUT_1 "," PUT_1 "," PUT_1 "," PUT_1
#define PUT_16		PUT_4 "," PUT_4 "," PUT_4 "," PUT_4
static const char sql_put1[] = PUT_SQL PUT_1;
static const char sql_put64[] = PUT_SQL PUT_16 "," PUT_16 "," PUT_16 ","
    PUT_16;

struct putbuf {
	int64_t		node[PUT_ROWS], name[PUT_ROWS];
	double		v[PUT_ROWS];
	int		n;
};

/* Writes the first n values of b with statement s of n rows. */
static int
put_run(struct store *st, const char *sql, const struct putbuf *b, int from,
    int n, char **cause)
{
	sqlite3_stmt	*s;
	int		 i;

	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(s, 3 * i + 1, b->node[from + i]);
		sqlite3_bind_int64(s, 3 * i + 2, b->name[from + i]);
		sqlite3_bind_double(s, 3 * i + 3, b->v[from + i]);
	}
	if (sqlite3_step(s) != SQLITE_DONE) {
		sqlite3_reset(s);
		return store_err(st, "derive: write", cause);
	}
	sqlite3_reset(s);
	return 0;
}

/* Writes what b holds (a full batch at once, else row by row). */
static int
put_flush(struct store *st, struct putbuf *b, char **cause)
{
	int	i, rc = 0;

	if (b->n == PUT_ROWS)
		rc = put_run(st, sql_put64, b, 0, PUT_ROWS, cause);
	else {
		for (i = 0; i < b->n && rc == 0; i++)
			rc = put_run(st, sql_put1, b, i, 1, cause);
	}
	b->n = 0;
	return rc;
}

static int
put_add(struct store *st, struct putbuf *b, int64_t node, int64_t name,
    double v, char **cause)
{
	b->node[b->n] = node;
	b->name[b->n] = name;
	b->v[b->n++] = v;
	return b->n == PUT_ROWS ? put_flush(st, b, cause) : 0;
}

/* Deletes signal name of node. */
static int
derive_del(struct store *st, int64_t node, int64_t name, char **cause)
{
	static const char	 sql_del[] =
	    "DELETE FROM signals WHERE node_id = ? AND name_id = ?";

	return store_run(st, sql_del, "derive: write", cause, "ii", node,
	    name);
}

/*
 * Only the values that changed are written: re-deriving after nothing
 * changed reads and compares, and a first derive inserts. A value the
 * node no longer has is deleted, so the result is the same as replacing
 * the whole signal, without rewriting every page of `signals` again.
 */
int
store_derive_write_many(struct store *st, const struct store_dtree *t,
    size_t k, const char *const *names, const double *const *v,
    int64_t *written, char **cause)
{
	struct putbuf		*pb;
	int64_t			*nid;
	double			**old;
	uint32_t		 i;
	size_t			 j;
	int			 rc = -1, *fresh;

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
	fresh = xcalloc(k, sizeof *fresh);
	old = xcalloc(k, sizeof *old);
	pb = xcalloc(1, sizeof *pb);
	for (j = 0; j < k; j++)
		old[j] = xcalloc_big(t->n, sizeof *old[j]);
	for (j = 0; j < k; j++) {
		if ((nid[j] = name_id(st, names[j], &fresh[j], cause)) < 0)
			goto out;
	}
	if (derive_old(st, t, k, nid, fresh, old, cause) != 0)
		goto out;
	/*
	 * Node by node, so each leaf page of `signals` is visited once. A
	 * value is put or deleted, never both: the batch may lag the deletes.
	 */
	for (i = 0; i < t->n; i++) {
		for (j = 0; j < k; j++) {
			double	nv = v[j][i], ov = old[j][i];

			if (cn_hasval(nv) && written != NULL)
				written[j]++;
			if (!cn_hasval(nv)) {
				if (cn_hasval(ov) && derive_del(st, t->ids[i],
				    nid[j], cause) != 0)
					goto out;
			} else if (!cn_hasval(ov) || ov != nv) {
				if (put_add(st, pb, t->ids[i], nid[j], nv,
				    cause) != 0)
					goto out;
			}
		}
	}
	if (put_flush(st, pb, cause) != 0)
		goto out;
	rc = 0;
out:
	for (j = 0; j < k; j++)
		free(old[j]);
	free(old);
	free(fresh);
	free(nid);
	free(pb);
	return rc;
}

int
store_derive_write(struct store *st, const struct store_dtree *t,
    const char *name, const double *v, int64_t *written, char **cause)
{
	return store_derive_write_many(st, t, 1, &name, &v, written, cause);
}

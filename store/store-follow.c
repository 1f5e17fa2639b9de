/*
 * store-follow.c - the committed end of followed files (store-follow.h);
 * the only place the `follows` table's SQL lives. The table is created by
 * the first follow, not by a schema migration, so that databases that
 * never follow a file keep the schema they had.
 */
#include "config.h"

#include <string.h>

#include "store-int.h"
#include "store-follow.h"

static const char follow_table[] =
    "CREATE TABLE IF NOT EXISTS follows("
    "  import_id INTEGER PRIMARY KEY REFERENCES imports(id),"
    "  file TEXT NOT NULL,"
    "  bytes INTEGER NOT NULL,"
    "  lines INTEGER NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  updated INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS follows_file ON follows(file, import_id);";

/* 1 if the follows table exists, 0 if not, -1 and *cause. */
static int
follow_table_exists(struct store *st, char **cause)
{
	static const char	 sql[] =
	    "SELECT 1 FROM sqlite_master WHERE type = 'table'"
	    " AND name = 'follows'";

	return store_one_int64(st, sql, NULL, "look up follows", cause, "");
}

int
store_follow_begin(struct store *st, const char *file, int64_t *import_id,
    char **cause)
{
	static const char	 last[] = "SELECT max(id) FROM imports";
	static const char	 ins[] =
	    "INSERT INTO follows(import_id, file, bytes, lines, sha256,"
	    " updated) VALUES (?, ?, 0, 0, '', ?)";
	sqlite3_stmt		*s;

	/*
	 * The import's row was inserted by store_import_begin in the
	 * transaction still open, which holds the write lock: the newest
	 * row is this import's.
	 */
	if ((s = store_prepare(st, last, cause)) == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW ||
	    sqlite3_column_type(s, 0) == SQLITE_NULL) {
		sqlite3_reset(s);
		if (cause != NULL)
			*cause = xstrdup("follow: no import has begun");
		return -1;
	}
	*import_id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (store_exec(st, follow_table, cause) != 0)
		return -1;
	return store_run(st, ins, "record follow", cause, "iti", *import_id,
	    file, cn_now());
}

int
store_follow_mark(struct store *st, int64_t import_id, int64_t bytes,
    int64_t lines, const char *sha256, char **cause)
{
	static const char	 sql[] =
	    "UPDATE follows SET bytes = ?, lines = ?, sha256 = ?,"
	    " updated = ? WHERE import_id = ?";

	return store_run(st, sql, "record follow position", cause, "iitii",
	    bytes, lines, sha256, cn_now(), import_id);
}

int
store_follow_last(struct store *st, const char *file,
    struct store_follow_mark *m, char **cause)
{
	static const char	 sql[] =
	    "SELECT import_id, bytes, lines, sha256 FROM follows"
	    " WHERE file = ? AND bytes > 0 ORDER BY import_id DESC LIMIT 1";
	const unsigned char	*h;
	sqlite3_stmt		*s;
	int			 k;

	memset(m, 0, sizeof *m);
	if ((k = follow_table_exists(st, cause)) <= 0)
		return k;
	if ((s = store_stmt(st, sql, cause, "t", file)) == NULL)
		return -1;
	if ((k = sqlite3_step(s)) == SQLITE_ROW) {
		m->import_id = sqlite3_column_int64(s, 0);
		m->bytes = sqlite3_column_int64(s, 1);
		m->lines = sqlite3_column_int64(s, 2);
		h = sqlite3_column_text(s, 3);
		if (h != NULL)
			snprintf(m->sha256, sizeof m->sha256, "%s", h);
	}
	return store_found(st, s, k, "look up follow", cause);
}

int
store_follow_has_trace(struct store *st, const char *file,
    const char *ext_id, char **cause)
{
	static const char	 sql[] =
	    "SELECT 1 FROM traces t JOIN follows f ON f.import_id ="
	    " t.import_id WHERE f.file = ? AND t.ext_id = ?";
	int			 k;

	if ((k = follow_table_exists(st, cause)) <= 0)
		return k;
	return store_one_int64(st, sql, NULL, "look up followed trace", cause,
	    "tt", file, ext_id);
}

int64_t
store_follow_forget(struct store *st, const char *file, char **cause)
{
	/*
	 * External-content FTS rows go first, while the text is there; only
	 * the indexed ones (up to the watermark): deleting a row FTS5 never
	 * had would corrupt it.
	 */
	static const char	 fts[] =
	    "INSERT INTO nodes_fts(nodes_fts, rowid, text, observation)"
	    " SELECT 'delete', n.id, n.text, n.observation FROM nodes n"
	    " JOIN traces t ON t.id = n.trace_id"
	    " JOIN follows f ON f.import_id = t.import_id WHERE f.file = ?"
	    " AND n.id <= (SELECT indexed_to FROM fts_state)"
	    " AND (n.text IS NOT NULL OR n.observation IS NOT NULL)";
	static const char	 traces[] =
	    "DELETE FROM traces WHERE import_id IN"
	    " (SELECT import_id FROM follows WHERE file = ?)";
	static const char	 marks[] = "DELETE FROM follows WHERE file = ?";
	int64_t			 n;
	int			 k;

	if ((k = follow_table_exists(st, cause)) <= 0)
		return k;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	if (store_run(st, fts, "forget follow: text index", cause, "t",
	    file) != 0)
		goto fail;
	/* Nodes, signals, subtrees and annotations go by ON DELETE CASCADE. */
	if (store_run(st, traces, "forget follow: traces", cause, "t",
	    file) != 0)
		goto fail;
	n = sqlite3_changes(st->db);
	if (store_run(st, marks, "forget follow", cause, "t", file) != 0)
		goto fail;
	if (store_exec(st, "COMMIT", cause) != 0)
		goto fail;
	return n;
fail:
	store_exec(st, "ROLLBACK", NULL);
	return -1;
}

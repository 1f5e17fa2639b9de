/*
 * store-cmpview.c - reads for the TUI's replay view (store-cmpview.h).
 * The history is in the trace's extra JSON; SQLite's JSON functions walk
 * it, so no layer above needs a JSON parser for it.
 */
#include "config.h"

#include "store-int.h"
#include "store-cmpview.h"

int
store_trace_iterations(struct store *st, int64_t trace, store_iter_cb cb,
    void *arg, char **cause)
{
	/* Invalid JSON in extra reads as no history, not as an error. */
	static const char	 sql[] =
	    "SELECT j.key, json_extract(j.value, '$.nodes'),"
	    " json_extract(j.value, '$.chosen')"
	    " FROM traces t, json_each(CASE WHEN json_valid(t.extra)"
	    " THEN t.extra END, '$.iterations') j"
	    " WHERE t.id = ? ORDER BY j.key";
	sqlite3_stmt		*s;
	int			 rc, r = 0;

	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, trace);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r = cb(sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1),
		    (const char *)sqlite3_column_text(s, 2), arg);
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = store_err(st, "read the search history", cause);
	sqlite3_reset(s);
	return r;
}

int
store_trace_ext_ids(struct store *st, int64_t trace, store_ext_cb cb,
    void *arg, char **cause)
{
	static const char	 sql[] =
	    "SELECT id, ext_id FROM nodes WHERE trace_id = ? ORDER BY id";
	sqlite3_stmt		*s;
	int			 rc, r = 0;

	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, trace);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r = cb(sqlite3_column_int64(s, 0),
		    (const char *)sqlite3_column_text(s, 1), arg);
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = store_err(st, "read the node ids", cause);
	sqlite3_reset(s);
	return r;
}

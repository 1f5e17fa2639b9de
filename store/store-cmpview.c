/*
 * store-cmpview.c - reads for the TUI's replay view (store-cmpview.h).
 * The history is in the trace's extra JSON; SQLite's JSON functions walk
 * it, so no layer above needs a JSON parser for it.
 */
#include "config.h"

#include "store-int.h"
#include "store-cmpview.h"

static int
iter_row(sqlite3_stmt *s, void *arg)
{
	struct store_walk	*w = arg;

	return ((store_iter_cb)w->cb)(sqlite3_column_int64(s, 0),
	    (const char *)sqlite3_column_text(s, 1),
	    (const char *)sqlite3_column_text(s, 2), w->arg);
}

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
	struct store_walk	 w = STORE_WALK(cb, arg);

	return store_walk(st, sql, STORE_CACHED, "read the search history",
	    iter_row, &w, cause, "i", trace);
}

static int
ext_row(sqlite3_stmt *s, void *arg)
{
	struct store_walk	*w = arg;

	return ((store_ext_cb)w->cb)(sqlite3_column_int64(s, 0),
	    (const char *)sqlite3_column_text(s, 1), w->arg);
}

int
store_trace_ext_ids(struct store *st, int64_t trace, store_ext_cb cb,
    void *arg, char **cause)
{
	static const char	 sql[] =
	    "SELECT id, ext_id FROM nodes WHERE trace_id = ? ORDER BY id";
	struct store_walk	 w = STORE_WALK(cb, arg);

	return store_walk(st, sql, STORE_CACHED, "read the node ids", ext_row,
	    &w, cause, "i", trace);
}

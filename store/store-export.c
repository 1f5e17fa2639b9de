/*
 * store-export.c - the reads behind `canopy export`, `agreement` and
 * `report` (store-export.h): whole-table walks in one statement each, so
 * exporting many labels costs one query, not one per label.
 */
#include "config.h"

#include "store-export.h"

#include <string.h>

#include "store-int.h"

/*
 * Walks one author's (or everyone's) rows of every trace or of one
 * through row: ?1 the author or NULL, ?2 the trace when sql_trace is used.
 */
static int
by_author_trace(struct store *st, const char *sql_all, const char *sql_trace,
    const char *author, int64_t trace, const char *what, store_row_cb row,
    struct store_walk *w, char **cause)
{
	/* sql_all has no ?2. */
	return store_walk(st, trace != 0 ? sql_trace : sql_all, STORE_CACHED,
	    what, row, w, cause, trace != 0 ? "ti" : "t", author, trace);
}

/* What label_row reads, n the label's node. */
#define LABEL_SELECT							\
	"SELECT n.trace_id, a.node_id, n.parent_id, n.depth, a.author,"	\
	" a.rating, a.first_error, a.tags, a.note, a.created, a.updated"

static int
label_row(sqlite3_stmt *s, void *arg)
{
	struct store_walk	*w = arg;
	struct store_label_row	 l;

	l.trace_id = sqlite3_column_int64(s, 0);
	l.node_id = sqlite3_column_int64(s, 1);
	l.parent_id = sqlite3_column_int64(s, 2);
	l.depth = sqlite3_column_int(s, 3);
	l.author = (const char *)sqlite3_column_text(s, 4);
	l.rating = sqlite3_column_type(s, 5) == SQLITE_NULL ?
	    CN_NORATING : sqlite3_column_int(s, 5);
	l.first_error = sqlite3_column_int(s, 6);
	l.tags = (const char *)sqlite3_column_text(s, 7);
	l.note = (const char *)sqlite3_column_text(s, 8);
	l.created = sqlite3_column_int64(s, 9);
	l.updated = sqlite3_column_int64(s, 10);
	return ((store_label_row_cb)w->cb)(&l, w->arg);
}

int
store_labels_each(struct store *st, const char *author, int64_t trace,
    store_label_row_cb cb, void *arg, char **cause)
{
	/*
	 * Two statements: with "(?2 = 0 OR n.trace_id = ?2)" SQLite cannot
	 * use the trace's index and would scan every label per trace.
	 */
	static const char	 sql_all[] =
	    LABEL_SELECT
	    " FROM annotations a JOIN nodes n ON n.id = a.node_id"
	    " WHERE (?1 IS NULL OR a.author = ?1)"
	    " ORDER BY n.trace_id, a.node_id, a.created, a.id";
	static const char	 sql_trace[] =
	    LABEL_SELECT
	    " FROM nodes n JOIN annotations a ON a.node_id = n.id"
	    " WHERE n.trace_id = ?2 AND (?1 IS NULL OR a.author = ?1)"
	    " ORDER BY a.node_id, a.created, a.id";
	struct store_walk	 w = STORE_WALK(cb, arg);

	return by_author_trace(st, sql_all, sql_trace, author, trace,
	    "read labels", label_row, &w, cause);
}

/* What pref_row reads, c the chosen node. */
#define PREF_SELECT							\
	"SELECT c.trace_id, p.chosen_id, p.rejected_id, c.parent_id,"	\
	" p.author, p.note, p.created"

static int
pref_row(sqlite3_stmt *s, void *arg)
{
	struct store_walk	*w = arg;
	struct store_pref_row	 p;

	p.trace_id = sqlite3_column_int64(s, 0);
	p.chosen_id = sqlite3_column_int64(s, 1);
	p.rejected_id = sqlite3_column_int64(s, 2);
	p.parent_id = sqlite3_column_int64(s, 3);
	p.author = (const char *)sqlite3_column_text(s, 4);
	p.note = (const char *)sqlite3_column_text(s, 5);
	p.created = sqlite3_column_int64(s, 6);
	return ((store_pref_row_cb)w->cb)(&p, w->arg);
}

int
store_prefs_each(struct store *st, const char *author, int64_t trace,
    store_pref_row_cb cb, void *arg, char **cause)
{
	/* Two statements, as in store_labels_each. */
	static const char	 sql_all[] =
	    PREF_SELECT
	    " FROM preferences p JOIN nodes c ON c.id = p.chosen_id"
	    " WHERE (?1 IS NULL OR p.author = ?1)"
	    " ORDER BY c.trace_id, p.id";
	static const char	 sql_trace[] =
	    PREF_SELECT
	    " FROM nodes c JOIN preferences p ON p.chosen_id = c.id"
	    " WHERE c.trace_id = ?2 AND (?1 IS NULL OR p.author = ?1)"
	    " ORDER BY p.id";
	struct store_walk	 w = STORE_WALK(cb, arg);

	return by_author_trace(st, sql_all, sql_trace, author, trace,
	    "read preferences", pref_row, &w, cause);
}

static int
brief_row(sqlite3_stmt *s, void *arg)
{
	struct store_walk	*w = arg;
	struct store_node_brief	 b;
	int			 i;

	b.id = sqlite3_column_int64(s, 0);
	b.parent_id = sqlite3_column_int64(s, 1);
	b.depth = sqlite3_column_int(s, 2);
	b.ordinal = sqlite3_column_int(s, 3);
	b.chosen = sqlite3_column_int(s, 4);
	b.terminal = sqlite3_column_int(s, 5);
	b.ext_id = (const char *)sqlite3_column_text(s, 6);
	b.role = (const char *)sqlite3_column_text(s, 7);
	b.text = (const char *)sqlite3_column_text(s, 8);
	for (i = 0; i < CN_SIG_COUNT; i++)
		b.sig[i] = store_col_val(s, 9 + i);
	return ((store_brief_cb)w->cb)(&b, w->arg);
}

int
store_trace_briefs_each(struct store *st, int64_t trace, store_brief_cb cb,
    void *arg, char **cause)
{
	static const char	 sql[] =
	    "SELECT id, parent_id, depth, ordinal, chosen, terminal, ext_id,"
	    " role, text, visits, q, prior, reward, value, outcome"
	    " FROM nodes WHERE trace_id = ? ORDER BY id";
	struct store_walk	 w = STORE_WALK(cb, arg);

	return store_walk(st, sql, STORE_CACHED, "read nodes", brief_row, &w,
	    cause, "i", trace);
}

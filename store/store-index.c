/*
 * store-index.c - the text index follows the tree. An import commits its
 * nodes first (browsable at once), then fills nodes_fts in transactions
 * of a bounded number of ids, so that a reader never waits long for the
 * write lock and a kill loses at most one chunk. fts_state.indexed_to is
 * the watermark: every node with an id up to it is in nodes_fts with its
 * current text, none above it is. Any writer may resume an unfinished
 * index (the next import does; so does `canopy index`).
 *
 * The skeleton index nodes_skel (store-schema.c) follows the tree too,
 * after a bulk load into an empty nodes table: SQLite sorts a million
 * entries once at the end faster than it inserts them one by one in
 * (trace, id) order across an index that the tree's first screen never
 * reads. The import that drops it does so in its own transaction, so its
 * absence is the state itself ("pending"): nothing can tear it. Until it
 * is built, readers by trace find their rows through nodes_ext.
 */
#include "config.h"

#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "store-imp.h"

/* Ids per transaction: ~0.3 s of indexing at 100k, on the bench file. */
#define INDEX_CHUNK	100000

int
store_fts_watermark(struct store *st, int64_t *to, char **cause)
{
	static const char	 sql[] = "SELECT indexed_to FROM fts_state";

	*to = 0;
	if (store_one_int64(st, sql, to, "text index watermark", cause,
	    "") < 0)
		return -1;
	return 0;
}

int
store_fts_set_watermark(struct store *st, int64_t to, char **cause)
{
	static const char	 sql[] =
	    "UPDATE fts_state SET indexed_to = ?1";

	return store_exec_id(st, sql, to, "text index watermark", cause);
}

/* *pending: 1 if the skeleton index is still to be built, else 0. */
static int
skel_pending(struct store *st, int *pending, char **cause)
{
	static const char	 sql[] =
	    "SELECT NOT EXISTS (SELECT 1 FROM sqlite_master"
	    " WHERE type = 'index' AND name = 'nodes_skel')";
	int64_t			 v = 0;

	if (store_one_int64(st, sql, &v, "skeleton index", cause, "") < 0)
		return -1;
	*pending = v != 0;
	return 0;
}

int
store_index_state(struct store *st, struct store_index_state *is,
    char **cause)
{
	is->indexed_to = is->last = 0;
	if (store_fts_watermark(st, &is->indexed_to, cause) != 0 ||
	    nodes_max_id(st, &is->last, cause) != 0 ||
	    skel_pending(st, &is->skel_pending, cause) != 0)
		return -1;
	return 0;
}

int
store_skel_defer(struct store *st, char **cause)
{
	int64_t		 max;

	/*
	 * Only over an empty table: building the index again over rows that
	 * were there before would cost the whole table, not this import.
	 */
	if (nodes_max_id(st, &max, cause) != 0)
		return -1;
	if (max != 0)
		return 0;
	return store_exec(st, "DROP INDEX IF EXISTS nodes_skel", cause);
}

int
store_index_trace_done(struct store *st, int64_t trace, char **cause)
{
	/* nodes_skel is in (trace_id, id) order: one seek. */
	static const char	 sql[] =
	    "SELECT 1 FROM nodes WHERE trace_id = ?1 AND id >"
	    " (SELECT indexed_to FROM fts_state) LIMIT 1";
	int			 k;

	k = store_one_int64(st, sql, NULL, "text index", cause, "i", trace);
	return k < 0 ? -1 : !k;
}

int
store_index_percent(const struct store_index_state *is)
{
	/* Ids are dense (imports number their nodes): a fair measure. */
	if (is->last <= 0 || is->indexed_to >= is->last)
		return 100;
	if (is->indexed_to <= 0)
		return 0;
	return (int)(100 * is->indexed_to / is->last);
}

/* Rows per transaction; CANOPY_TEST_INDEX_CHUNK lets a test take many. */
static int64_t
index_chunk(void)
{
	const char	*e = getenv("CANOPY_TEST_INDEX_CHUNK");
	long long	 n;

	if (e != NULL && (n = strtoll(e, NULL, 10)) > 0)
		return n;
	return INDEX_CHUNK;
}

/*
 * CANOPY_TEST_INDEX_KILL=N: the process kills itself once N chunks are
 * committed, so that a test can stop it between the tree and the end of
 * its index at a known point (tests/cli/kill-index.sh).
 */
static void
index_test_kill(int chunks)
{
	const char	*e = getenv("CANOPY_TEST_INDEX_KILL");

	if (e != NULL && atoi(e) == chunks)
		raise(SIGKILL);
}

/* Indexes ids (from, to] in one transaction and moves the watermark. */
static int
index_chunk_one(struct store *st, int64_t from, int64_t to, char **cause)
{
	static const char	 sql[] =
	    "INSERT INTO nodes_fts(rowid, text, observation)"
	    " SELECT id, text, observation FROM nodes WHERE id > ?1"
	    " AND id <= ?2 AND (text IS NOT NULL OR observation IS NOT NULL)"
	    " ORDER BY id";

	if (store_run(st, sql, "text index", cause, "ii", from, to) != 0)
		return -1;
	return store_fts_set_watermark(st, to, cause);
}

/*
 * Builds the skeleton index if it is pending, in one transaction: a kill
 * loses the build, never the tree, and the next writer starts it again.
 * CANOPY_TEST_SKEL_KILL: the process kills itself before the commit
 * (tests/cli/kill-skel.sh).
 */
static int
skel_build(struct store *st, char **cause)
{
	int	 pending;

	/* A follow catches up every second: no write lock for nothing. */
	if (skel_pending(st, &pending, cause) != 0)
		return -1;
	if (!pending)
		return 0;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	if (skel_pending(st, &pending, cause) != 0 ||
	    (pending && store_exec(st, schema_speed, cause) != 0)) {
		store_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	if (pending && getenv("CANOPY_TEST_SKEL_KILL") != NULL)
		raise(SIGKILL);
	if (store_exec(st, "COMMIT", cause) != 0) {
		store_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

int
store_index_catch_up(struct store *st, store_index_cb cb, void *arg,
    int64_t *done, char **cause)
{
	struct store_index_state is;
	int64_t			 chunk = index_chunk(), to;
	int			 chunks = 0;

	if (done != NULL)
		*done = 0;
	if (st->readonly) {
		if (cause != NULL)
			*cause = xasprintf("%s: opened read-only", st->path);
		return -1;
	}
	/* First: statistics and show want it more than search its text. */
	if (skel_build(st, cause) != 0)
		return -1;
	for (;;) {
		/* The watermark is read under the write lock: one indexer. */
		if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
			return -1;
		if (store_index_state(st, &is, cause) != 0)
			goto fail;
		if (is.indexed_to >= is.last) {
			if (store_exec(st, "COMMIT", cause) != 0)
				goto fail;
			if (cb != NULL)
				cb(&is, arg);
			return 0;
		}
		to = is.last - is.indexed_to > chunk ?
		    is.indexed_to + chunk : is.last;
		if (index_chunk_one(st, is.indexed_to, to, cause) != 0 ||
		    store_exec(st, "COMMIT", cause) != 0)
			goto fail;
		if (done != NULL)
			*done += to - is.indexed_to;
		is.indexed_to = to;
		if (cb != NULL)
			cb(&is, arg);
		index_test_kill(++chunks);
	}
fail:
	store_exec(st, "ROLLBACK", NULL);
	return -1;
}

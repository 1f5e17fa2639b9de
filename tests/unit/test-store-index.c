/*
 * test-store-index.c - the text index follows the tree (store-index.c):
 * the watermark after an import, a catch-up from a partial index in
 * chunks, and the writers that must respect the watermark: a later record
 * of a node below it (deleted and indexed again at once) or above it
 * (left to the indexer, never indexed twice), a live rerun's new node;
 * the skeleton index, built after the commit of a bulk load into an empty
 * table and kept by every other import.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store-int.h"
#include "store-derive.h"
#include "store-live.h"
#include "cn-test.h"
#include "store-test.h"

/* Rows of the index that hold this word (inside or outside a txn). */
static int64_t
fts_rows(struct store *st, const char *word)
{
	sqlite3_stmt	*s;
	int64_t		 n;

	assert_int_equal(sqlite3_prepare_v2(st->db, "SELECT count(*) FROM"
	    " nodes_fts WHERE nodes_fts MATCH ?", -1, &s, NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, word, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

/*
 * The state a kill between the tree's commit and the index's end leaves:
 * nodes above id k are in the tree, not in the index.
 */
static void
unindex_above(struct store *st, int64_t k)
{
	char	*sql;

	sql = sqlite3_mprintf("INSERT INTO nodes_fts(nodes_fts, rowid, text,"
	    " observation) SELECT 'delete', id, text, observation FROM nodes"
	    " WHERE id > %lld AND (text IS NOT NULL OR observation IS NOT"
	    " NULL); UPDATE fts_state SET indexed_to = %lld", (long long)k,
	    (long long)k);
	assert_int_equal(sqlite3_exec(st->db, sql, NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_free(sql);
}

static void
import_abc(struct tmpdb *fx)
{
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root apple");
	store_test_node(fx, "a", "r", "left banana");
	store_test_node(fx, "b", "r", "right cherry");
	store_test_node(fx, "c", "b", "deep damson");
	store_test_end_ok(fx, NULL);
}

/* An import ends with its index complete, the watermark on its last node. */
static void
test_index_complete_after_import(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_index_state	 is;
	struct store_import_counts	 c;
	char				*cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root apple");
	store_test_end_ok(fx, &c);
	assert_true(c.tree_seconds > 0);
	assert_true(c.index_seconds > 0);
	assert_int_equal(store_index_state(fx->st, &is, &cause), 0);
	assert_int_equal(is.indexed_to, is.last);
	assert_int_equal(store_index_percent(&is), 100);
	assert_int_equal(store_index_trace_done(fx->st,
	    store_test_trace_id(fx->st, "t"), &cause), 1);
	store_test_assert_index(fx->st, "t", "apple=1");
}

/* A partial index: search misses the tail, a catch-up goes on in chunks. */
static void
test_index_catch_up_in_chunks(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_index_state	 is;
	char				*cause = NULL;
	int64_t				 done;

	import_abc(fx);
	unindex_above(fx->st, 1);
	assert_int_equal(store_index_state(fx->st, &is, &cause), 0);
	assert_int_equal(is.indexed_to, 1);
	assert_int_equal(is.last, 4);
	assert_int_equal(store_index_percent(&is), 25);
	assert_int_equal(store_index_trace_done(fx->st,
	    store_test_trace_id(fx->st, "t"), &cause), 0);
	store_test_assert_hits(fx->st, "t", "apple=1 damson=0");
	setenv("CANOPY_TEST_INDEX_CHUNK", "2", 1);
	assert_int_equal(store_index_catch_up(fx->st, NULL, NULL, &done,
	    &cause), 0);
	unsetenv("CANOPY_TEST_INDEX_CHUNK");
	assert_int_equal(done, 3);
	store_test_assert_hits(fx->st, "t", "damson=1");
	assert_int_equal(store_index_trace_done(fx->st,
	    store_test_trace_id(fx->st, "t"), &cause), 1);
	store_test_fts_intact(fx->st);
	/* Nothing left: a second catch-up writes nothing. */
	assert_int_equal(store_index_catch_up(fx->st, NULL, NULL, &done,
	    &cause), 0);
	assert_int_equal(done, 0);
}

/*
 * A later record changes the text of a node below the watermark (its
 * index row is replaced in the import's transaction) and of one above it
 * (not indexed until the commit; then once, with the new text).
 */
static void
test_index_upsert_around_the_watermark(void **state)
{
	struct tmpdb	*fx = *state;

	import_abc(fx);
	unindex_above(fx->st, 2);
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "a", "r", "left elder");
	store_test_node(fx, "c", "b", "deep fig");
	assert_int_equal(fts_rows(fx->st, "elder"), 1);
	assert_int_equal(fts_rows(fx->st, "banana"), 0);
	assert_int_equal(fts_rows(fx->st, "fig"), 0);
	store_test_end_ok(fx, NULL);
	store_test_assert_index(fx->st, "t", "elder=1 fig=1 damson=0 cherry=1");
}

/*
 * A rerun's node: indexed at once when the index is complete (the
 * watermark moves onto it), else left for the indexer.
 */
static void
test_index_rerun_node(void **state)
{
	struct tmpdb		*fx = *state;
	struct store_rerun	 r;
	char			*cause = NULL;
	int64_t			 id, to;

	import_abc(fx);
	memset(&r, 0, sizeof r);
	r.text = "rerun grape";
	assert_int_equal(store_live_rerun_add(fx->st, 2, &r, &id, &cause), 0);
	assert_int_equal(store_fts_watermark(fx->st, &to, &cause), 0);
	assert_int_equal(to, id);
	store_test_assert_index(fx->st, "t", "grape=1");

	unindex_above(fx->st, 3);
	r.text = "rerun honeydew";
	assert_int_equal(store_live_rerun_add(fx->st, 2, &r, &id, &cause), 0);
	assert_int_equal(store_fts_watermark(fx->st, &to, &cause), 0);
	assert_int_equal(to, 3);
	assert_int_equal(fts_rows(fx->st, "honeydew"), 0);
	assert_int_equal(store_index_catch_up(fx->st, NULL, NULL, NULL,
	    &cause), 0);
	store_test_assert_index(fx->st, "t", "honeydew=1 grape=1");
}

/* A read-only store does not write the index. */
static void
test_index_readonly_refused(void **state)
{
	struct tmpdb	*fx = *state;
	struct store	*ro;
	char		*cause = NULL;

	import_abc(fx);
	unindex_above(fx->st, 1);
	assert_int_equal(store_open(&ro, fx->path, STORE_READONLY, &cause), 0);
	assert_int_equal(store_index_catch_up(ro, NULL, NULL, NULL, &cause),
	    -1);
	assert_non_null(strstr(cause, "opened read-only"));
	free(cause);
	store_close(ro);
}

/* The skeleton index's state as store_index_state reads it. */
static int
skel_pending(struct store *st)
{
	struct store_index_state	 is;
	char				*cause = NULL;

	assert_int_equal(store_index_state(st, &is, &cause), 0);
	return is.skel_pending;
}

/*
 * A bulk load into an empty table drops nodes_skel in its transaction
 * (readers still see it: the drop is not committed) and builds it after
 * the tree's commit.
 */
static void
test_skel_deferred_on_empty(void **state)
{
	struct tmpdb	*fx = *state;
	struct store	*ro;
	char		*cause = NULL;

	assert_int_equal(skel_pending(fx->st), 0);
	store_test_begin(fx, NULL);
	assert_int_equal(skel_pending(fx->st), 1);
	assert_int_equal(store_open(&ro, fx->path, STORE_READONLY, &cause), 0);
	assert_int_equal(skel_pending(ro), 0);
	store_close(ro);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root apple");
	store_test_end_ok(fx, NULL);
	assert_int_equal(skel_pending(fx->st), 0);
}

/* A failed bulk load rolls the drop back with its rows. */
static void
test_skel_back_after_rollback(void **state)
{
	struct tmpdb	*fx = *state;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root apple");
	assert_int_equal(skel_pending(fx->st), 1);
	store_import_abort(fx->st);
	assert_int_equal(skel_pending(fx->st), 0);
}

/*
 * An import over rows already there keeps the index (building it again
 * would cost the whole table); so does a follow, which commits as it
 * goes, even into an empty table.
 */
static void
test_skel_kept(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_meta	 m;
	char				*cause = NULL;

	memset(&m, 0, sizeof m);
	m.file = "live.jsonl";
	m.format = "test";
	m.live = 1;
	assert_int_equal(store_import_begin(fx->st, &m, &fx->sink, &cause), 0);
	assert_int_equal(skel_pending(fx->st), 0);
	store_test_end_ok(fx, NULL);
	import_abc(fx);
	store_test_begin(fx, NULL);
	assert_int_equal(skel_pending(fx->st), 0);
	store_test_end_ok(fx, NULL);
}

/*
 * A kill during the build leaves the index missing: readers by trace get
 * the same rows through nodes_ext; the next import (over a full table:
 * it does not drop anything) or a catch-up builds it.
 */
static void
test_skel_pending_caught_up(void **state)
{
	struct tmpdb		*fx = *state;
	struct store_dtree	 before, after;
	char			*cause = NULL;
	int64_t			 t;

	import_abc(fx);
	t = store_test_trace_id(fx->st, "t");
	assert_int_equal(store_dtree_load(fx->st, t, 0, &before, &cause), 0);
	assert_int_equal(sqlite3_exec(fx->st->db, "DROP INDEX nodes_skel",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(skel_pending(fx->st), 1);
	assert_int_equal(store_dtree_load(fx->st, t, 0, &after, &cause), 0);
	assert_int_equal(after.n, before.n);
	assert_memory_equal(after.ids, before.ids, before.n * sizeof *before.ids);
	store_dtree_free(&after);
	store_test_begin(fx, NULL);
	store_test_trace(fx, "u", NULL);
	store_test_node(fx, "r", NULL, "root kiwi");
	assert_int_equal(skel_pending(fx->st), 1);
	store_test_end_ok(fx, NULL);
	assert_int_equal(skel_pending(fx->st), 0);
	assert_int_equal(sqlite3_exec(fx->st->db, "DROP INDEX nodes_skel",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_index_catch_up(fx->st, NULL, NULL, NULL,
	    &cause), 0);
	assert_int_equal(skel_pending(fx->st), 0);
	assert_int_equal(store_dtree_load(fx->st, t, 0, &after, &cause), 0);
	assert_int_equal(after.n, before.n);
	assert_memory_equal(after.ids, before.ids, before.n * sizeof *before.ids);
	store_dtree_free(&after);
	store_dtree_free(&before);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tmpdb_setup, tmpdb_teardown)
CN_TEST_MAIN(
	T(test_index_complete_after_import),
	T(test_index_catch_up_in_chunks),
	T(test_index_upsert_around_the_watermark),
	T(test_index_rerun_node),
	T(test_index_readonly_refused),
	T(test_skel_deferred_on_empty),
	T(test_skel_back_after_rollback),
	T(test_skel_kept),
	T(test_skel_pending_caught_up))
#undef T

/*
 * test-store-batch.c - how the store's import sink writes at scale:
 * batches, open traces evicted and resumed, empty traces dropped,
 * checkpoints that commit and go on, and a bulk import in WAL mode.
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
#include "cn-test.h"
#include "store-test.h"

static void
test_store_evicted_traces_resume(void **state)
{
	struct tmpdb	*fx = *state;

	/* A tiny open-node limit forces traces out and back in. */
	fx->st->open_max = 3;
	store_test_begin(fx, NULL);
	store_test_trace(fx, "a", "A");
	store_test_node(fx, "r", NULL, "root a");
	store_test_node(fx, "x", "r", "a x");
	store_test_trace(fx, "b", "B");
	store_test_node(fx, "r", NULL, "root b");
	store_test_node(fx, "y", "r", "b y");
	store_test_trace(fx, "a", NULL);
	store_test_node(fx, "z", "x", "a z");
	store_test_node(fx, "w", "r", "a w");
	store_test_end_ok(fx, NULL);
	store_test_assert_node(fx->st, "a/r", "subtree=4 children=2");
	store_test_assert_node(fx->st, "a/w", "ordinal=1");
	store_test_assert_node(fx->st, "b/r", "subtree=2");
}

static void
test_store_bulk_import_stays_in_wal(void **state)
{
	struct tmpdb	*fx = *state;

	/* A bulk import never leaves WAL (readers would wait for it). */
	store_test_begin_root(fx, CN_NOVAL);
	store_test_assert_wal(fx->path);
	store_test_end_ok(fx, NULL);
	store_test_assert_wal(fx->path);
}

static void
test_store_empty_new_traces_are_dropped(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_counts	 c;
	struct cn_trace			 t;
	char				 s[64], *cause = NULL;

	store_test_begin(fx, NULL);
	memset(&t, 0, sizeof t);
	t.ext_id = "nope";	/* a score file naming an unknown trace */
	assert_int_equal(fx->sink.trace(fx->sink.arg, &t, &cause), CN_OK);
	assert_int_equal(fx->sink.score(fx->sink.arg, "n1", "q", 1, &cause),
	    CN_BAD);
	free(cause);
	store_test_end_ok(fx, &c);
	assert_int_equal(c.traces, 0);
	store_test_stats_line(fx->st, s, sizeof s);
	assert_string_equal(s, "0 0 0 0");
}

static void
test_store_many_open_traces_are_evicted_and_resumed(void **state)
{
	struct tmpdb	*fx = *state;
	char		 name[32], s[64];
	int		 i;

	/* More traces than stay open at once, then back to the first. */
	store_test_begin(fx, NULL);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "g%d", i);
		store_test_trace(fx, name, "prompt");
		store_test_node(fx, "r", NULL, "prompt");
		store_test_node(fx, "1", "r", "step");
	}
	store_test_trace(fx, "g0", NULL);
	store_test_node(fx, "2", "r", "another step");
	store_test_node(fx, "3", "1", "below the first");
	store_test_end_ok(fx, NULL);
	store_test_stats_line(fx->st, s, sizeof s);
	assert_string_equal(s, "300 602 0 0");
	store_test_assert_node(fx->st, "g0/r", "subtree=4 children=2");
	store_test_assert_node(fx->st, "g0/2", "ordinal=1");
	store_test_assert_node(fx->st, "g0/3", "depth=2");
	store_test_assert_node(fx->st, "g299/r", "subtree=2");
}

static void
test_store_checkpoint_commits_and_goes_on(void **state)
{
	struct tmpdb	*fx = *state;
	struct store	*other = NULL;
	char		*cause = NULL, s[64];
	int64_t		 v0;

	assert_int_equal(store_open(&other, fx->path, STORE_READONLY, &cause),
	    0);
	v0 = store_data_version(other);
	store_test_begin_root(fx, CN_NOVAL);
	store_test_node(fx, "a", "r", "a");
	store_test_node(fx, "c", "later", "waits for its parent");
	assert_int_equal(store_import_checkpoint(fx->st, &cause), 0);
	/* Another connection sees the committed nodes and a new version. */
	store_test_stats_line(other, s, sizeof s);
	assert_string_equal(s, "1 3 0 0");
	assert_true(store_data_version(other) != v0);
	/* Until the next record, the write lock is free for others. */
	assert_int_equal(store_import_checkpoint(fx->st, &cause), 0);
	{
		struct store			*w = NULL;
		struct store_import_meta	 m = { "o", "test", NULL, 0, 0, 0 };
		struct imp_sink			 ws;

		assert_int_equal(store_open(&w, fx->path, 0, &cause), 0);
		assert_int_equal(store_import_begin(w, &m, &ws, &cause), 0);
		assert_int_equal(store_import_end(w, 0, NULL, &cause), 0);
		store_close(w);
	}
	store_test_node(fx, "later", "a", "parent arrives");
	store_test_end_ok(fx, NULL);
	store_test_assert_node(fx->st, "t/c", "depth=3");
	store_test_assert_node(fx->st, "t/r", "subtree=4");
	store_close(other);
}

/*
 * Nodes and named signals are written in batches: across several batches
 * and a short last one, every node comes back whole, with its parent, and
 * a name given twice in one node keeps its last value.
 */
static void
test_store_import_batches(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_counts	 c;
	struct cn_annotation		 a;
	struct cn_node			 n;
	struct cn_signal		 more[3];
	char				 id[16], parent[16], text[32], addr[24];
	char				*cause = NULL;
	int				 i;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	for (i = 0; i < 77; i++) {
		snprintf(id, sizeof id, "n%d", i);
		snprintf(parent, sizeof parent, "n%d", (i - 1) / 3);
		snprintf(text, sizeof text, "step %d", i);
		more[0].name = "prm";
		more[0].value = i;
		more[1].name = "orm";
		more[1].value = -i;
		more[2].name = "prm";
		more[2].value = i + 0.5;
		cn_node_init(&n);
		n.ext_id = id;
		n.parent_ext = i == 0 ? NULL : parent;
		n.text = text;
		n.sig[CN_SIG_VISITS] = 100 - i;
		n.more = more;
		n.nmore = i % 2 == 0 ? 3 : 1;	/* odd ones: prm only */
		assert_int_equal(fx->sink.node(fx->sink.arg, &n, &cause),
		    CN_OK);
	}
	/* An annotation names a node still waiting to be written. */
	memset(&a, 0, sizeof a);
	a.node_ext = "n76";
	a.author = "alice";
	a.rating = 1;
	assert_int_equal(fx->sink.annotation(fx->sink.arg, &a, &cause), CN_OK);
	store_test_end_ok(fx, &c);
	assert_int_equal(c.nodes, 77);
	assert_int_equal(c.annotations, 1);
	for (i = 0; i < 77; i++) {
		snprintf(addr, sizeof addr, "t/n%d", i);
		snprintf(text, sizeof text, "step %d", i);
		store_test_get(fx->st, addr, &n);
		assert_string_equal(n.text, text);
		assert_double_equal(n.sig[CN_SIG_VISITS], 100 - i, 0);
		if (i == 0)
			assert_int_equal(n.parent_id, 0);
		else {
			snprintf(parent, sizeof parent, "t/n%d", (i - 1) / 3);
			assert_int_equal(n.parent_id,
			    store_test_resolve(fx->st, parent));
			assert_int_equal(n.ordinal, (i - 1) % 3);
		}
		if (i % 2 == 0) {
			/* (read back in name order) */
			assert_int_equal(n.nmore, 2);
			assert_string_equal(n.more[0].name, "orm");
			assert_double_equal(n.more[0].value, -i, 0);
			assert_string_equal(n.more[1].name, "prm");
			assert_double_equal(n.more[1].value, i + 0.5, 0);
		} else {
			assert_int_equal(n.nmore, 1);
			assert_double_equal(n.more[0].value, i, 0);
		}
		cn_node_clear(&n);
	}
}

/*
 * The batches are INSERT OR FAIL (store-batch.c): a failed statement keeps
 * the rows it wrote before failing. That is safe only because a failed
 * write fails the import and the import rolls back everything it wrote,
 * rows of the failed batch included.
 */
static void
test_store_failed_batch_rolls_back(void **state)
{
	struct tmpdb	*fx = *state;
	char		 ext[16], parent[16], *cause = NULL;
	int		 i, rc = CN_OK;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "keep", "K");
	store_test_node(fx, "r", NULL, "kept root");
	store_test_end_ok(fx, NULL);
	/* Fails the 21st row of the second batch of the next import. */
	assert_int_equal(sqlite3_exec(fx->st->db, "CREATE TEMP TRIGGER boom"
	    " BEFORE INSERT ON main.nodes WHEN NEW.ext_id = 'n20'"
	    " BEGIN SELECT RAISE(FAIL, 'boom'); END", NULL, NULL, NULL),
	    SQLITE_OK);
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", "T");
	for (i = 0; i < 40 && rc == CN_OK; i++) {
		snprintf(ext, sizeof ext, "n%d", i);
		snprintf(parent, sizeof parent, "n%d", i - 1);
		rc = store_test_node_rc(fx, ext, i == 0 ? NULL : parent, "step",
		    CN_NOVAL, CN_NOVAL, CN_NOVAL, &cause);
	}
	assert_int_equal(rc, CN_FATAL);
	assert_non_null(cause);
	assert_non_null(strstr(cause, "boom"));
	free(cause);
	store_import_end(fx->st, 0, NULL, NULL);
	assert_int_equal(store_test_int64(fx->st,
	    "SELECT count(*) FROM nodes"), 1);
	assert_int_equal(store_test_int64(fx->st,
	    "SELECT count(*) FROM traces"), 1);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tmpdb_setup, tmpdb_teardown)
CN_TEST_MAIN(
	T(test_store_import_batches),
	T(test_store_evicted_traces_resume),
	T(test_store_bulk_import_stays_in_wal),
	T(test_store_empty_new_traces_are_dropped),
	T(test_store_many_open_traces_are_evicted_and_resumed),
	T(test_store_checkpoint_commits_and_goes_on),
	T(test_store_failed_batch_rolls_back))
#undef T

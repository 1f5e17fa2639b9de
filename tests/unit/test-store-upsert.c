/*
 * test-store-upsert.c - a later record for a node already imported
 * (store/store-upsert.c): it updates the node's signals and text within
 * one import, across the commits of a follow and in a later import; the
 * subtree summaries, the trace's best values and the full-text index
 * follow; a different parent is refused. Also: observations are in the
 * full-text index.
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
best(struct store *st, const char *name, double *reward, double *q)
{
	struct cn_trace	t;
	char		*cause = NULL;

	memset(&t, 0, sizeof t);
	assert_int_equal(store_trace_find(st, name, &t, &cause), 1);
	*reward = t.best_reward;
	*q = t.best_q;
	cn_trace_clear(&t);
}

/* Three rewrites of a leaf in one import: the last values win. */
static void
test_store_upsert_in_one_import(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_counts	 c;
	struct cn_node			 n;
	double				 r, q;

	store_test_begin_root(fx, 1);
	store_test_node_sig(fx, "a", "r", "left", 1, 0.9, 1);
	store_test_node_sig(fx, "b", "r", "right", 1, 0.2, 0);
	store_test_node_sig(fx, "a", "r", NULL, 2, 0.5, CN_NOVAL);
	store_test_node_sig(fx, "a", "r", NULL, 3, 0.4, 0);
	store_test_node_sig(fx, "r", NULL, NULL, 9, CN_NOVAL, CN_NOVAL);
	store_test_end_ok(fx, &c);
	assert_int_equal(c.nodes, 3);
	assert_int_equal(c.updates, 3);
	store_test_get(fx->st, "t/a", &n);
	assert_double_equal(n.sig[CN_SIG_VISITS], 3, 0);
	assert_double_equal(n.sig[CN_SIG_REWARD], 0.4, 1e-12);
	assert_double_equal(n.sig[CN_SIG_OUTCOME], 0, 0);
	/* A record without text keeps the text. */
	assert_string_equal(n.text, "left");
	cn_node_clear(&n);
	store_test_assert_node(fx->st, "t/r",
	    "visits=9 subtree=3 outcomes=2 ok=0 best=0.4");
	/* The best went down with the update: found again, not kept. */
	best(fx->st, "t", &r, &q);
	assert_double_equal(r, 0.4, 1e-12);
	assert_false(cn_hasval(q));
	assert_int_equal(store_test_int64(fx->st,
	    "SELECT count(*) FROM nodes"), 3);
}

/* A node updated before its parent arrives keeps that parent. */
static void
test_store_upsert_pending_parent(void **state)
{
	struct tmpdb	*fx = *state;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node_sig(fx, "c", "p", "child", 1, 0.1, CN_NOVAL);
	store_test_node_sig(fx, "c", "p", NULL, 2, 0.3, CN_NOVAL);
	store_test_node_bad(fx, "c", "q", NULL, 3,
	    "trace t: node c: parent q, but p (first"
	    " on line 7): a later record may update a node, not move it");
	store_test_node_sig(fx, "r", NULL, "root", 1, CN_NOVAL, CN_NOVAL);
	store_test_node_sig(fx, "p", "r", "parent", 1, CN_NOVAL, CN_NOVAL);
	store_test_end_ok(fx, NULL);
	store_test_assert_node(fx->st, "t/c", "depth=2 visits=2");
	store_test_assert_node(fx->st, "t/r", "best=0.3");
}

/* A different parent, or a parent for the root, is refused. */
static void
test_store_upsert_refuses_a_move(void **state)
{
	struct tmpdb	*fx = *state;

	store_test_begin_root(fx, 1);
	store_test_node_sig(fx, "a", "r", "a", 1, CN_NOVAL, CN_NOVAL);
	store_test_node_sig(fx, "b", "a", "b", 1, CN_NOVAL, CN_NOVAL);
	store_test_node_bad(fx, "b", "r", NULL, 5,
	    "trace t: node b: parent r, but a (first"
	    " on line 7): a later record may update a node, not move it");
	store_test_node_bad(fx, "r", "a", NULL, 5,
	    "trace t: node r: parent a, but a root"
	    " (first on line 7): a later record may update a node, not"
	    " move it");
	store_test_node_bad(fx, "a", NULL, NULL, 5,
	    "trace t: node a: parent none (a root),"
	    " but r (first on line 7): a later record may update a node,"
	    " not move it");
	store_test_end_ok(fx, NULL);
	/* The refused records changed nothing. */
	store_test_assert_node(fx->st, "t/b", "visits=1 depth=2");
}

/*
 * A follow: each rewrite is committed, and a second connection (a TUI's)
 * sees the new values, summaries, best and text after each commit.
 */
static void
test_store_upsert_across_commits(void **state)
{
	struct tmpdb	*fx = *state;
	struct store	*rd = NULL;
	struct cn_node	 n;
	char		*cause = NULL, word[32], text[64];
	double		 r, q;
	int		 i;

	store_test_begin_root(fx, 1);
	store_test_node_sig(fx, "a", "r", "first draft", 1, 0.8, CN_NOVAL);
	store_test_node_sig(fx, "b", "r", "other", 1, 0.1, CN_NOVAL);
	store_test_checkpoint(fx);
	assert_int_equal(store_open(&rd, fx->path, STORE_READONLY, &cause),
	    0);
	store_test_assert_hits(rd, "t", "draft=1");
	for (i = 1; i <= 3; i++) {
		snprintf(word, sizeof word, "revision%d", i);
		snprintf(text, sizeof text, "%s of a", word);
		store_test_node_sig(fx, "a", "r", text, 1 + i, 0.8 - 0.2 * i,
		    CN_NOVAL);
		store_test_checkpoint(fx);
		store_test_get(rd, "t/a", &n);
		assert_double_equal(n.sig[CN_SIG_VISITS], 1 + i, 0);
		assert_string_equal(n.text, text);
		cn_node_clear(&n);
		store_test_get(rd, "t/r", &n);
		assert_double_equal(n.best_leaf_reward, i < 3 ? 0.8 - 0.2 * i :
		    0.2, 1e-12);
		cn_node_clear(&n);
		best(rd, "t", &r, &q);
		assert_double_equal(r, i < 3 ? 0.8 - 0.2 * i : 0.2, 1e-12);
		/* The index follows the text: the old words are gone. */
		assert_int_equal(store_test_hits(rd, "t", word), 1);
		store_test_assert_hits(rd, "t", "draft=0");
		if (i > 1) {
			snprintf(word, sizeof word, "revision%d", i - 1);
			assert_int_equal(store_test_hits(rd, "t", word), 0);
		}
		store_test_fts_intact(fx->st);
	}
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_test_int64(rd, "SELECT count(*) FROM nodes"), 3);
	store_test_fts_intact(fx->st);
	store_close(rd);
}

/*
 * A later import (a resumed follow) names the trace by its id alone and
 * rewrites a node written by the first: same row, new values.
 */
static void
test_store_upsert_in_a_later_import(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_counts	 c;
	struct cn_node			 n;
	char				*cause = NULL;
	double				 r, q;

	store_test_begin_root(fx, 1);
	store_test_node_sig(fx, "a", "r", "a", 1, 0.7, 1);
	store_test_node_sig(fx, "b", "a", "b", 1, 0.6, 1);
	store_test_end_ok(fx, NULL);
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node_sig(fx, "b", "a", "b, tried again", 4, 0.1, 0);
	assert_int_equal(store_test_node_rc(fx, "b", "r", NULL, 5, CN_NOVAL,
	    CN_NOVAL, &cause), CN_BAD);
	/* Loaded back from the database, the first line is not known. */
	assert_string_equal(cause, "trace t: node b: parent r, but a"
	    " (imported before): a later record may update a node, not move"
	    " it");
	free(cause);
	store_test_node_sig(fx, "c", "a", "c", 1, 0.3, 1);
	store_test_end_ok(fx, &c);
	assert_int_equal(c.nodes, 1);
	assert_int_equal(c.updates, 1);
	assert_int_equal(c.traces, 0);
	store_test_get(fx->st, "t/b", &n);
	assert_double_equal(n.sig[CN_SIG_VISITS], 4, 0);
	assert_string_equal(n.text, "b, tried again");
	cn_node_clear(&n);
	store_test_assert_node(fx->st, "t/r",
	    "subtree=4 outcomes=2 ok=1 best=0.3");
	best(fx->st, "t", &r, &q);
	assert_double_equal(r, 0.7, 1e-12);
	store_test_assert_index(fx->st, "t", "tried=1");
	assert_int_equal(store_test_int64(fx->st,
	    "SELECT count(*) FROM traces"), 1);
}

/* Named signals are replaced, not added twice. */
static void
test_store_upsert_named_signals(void **state)
{
	struct tmpdb	*fx = *state;
	struct cn_node	 n;
	struct cn_signal more[2] = { { "prm", 0.1 }, { "uct", 1.5 } };
	char		*cause = NULL;
	int		 i;

	store_test_begin_root(fx, 1);
	for (i = 0; i < 3; i++) {
		cn_node_init(&n);
		n.ext_id = "a";
		n.parent_ext = "r";
		more[0].value = 0.1 * (i + 1);
		n.more = more;
		n.nmore = i == 0 ? 1 : 2;
		assert_int_equal(fx->sink.node(fx->sink.arg, &n, &cause),
		    CN_OK);
		if (i == 1)
			store_test_checkpoint(fx);
	}
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_test_int64(fx->st,
	    "SELECT count(*) FROM signals"), 2);
	assert_int_equal(store_test_int64(fx->st,
	    "SELECT CAST(value * 10 AS INTEGER)"
	    " FROM signals s JOIN signal_names n ON n.id = s.name_id"
	    " WHERE n.name = 'prm'"), 3);
}

/* `/` finds words of an observation (tool output) as well as of text. */
static void
test_store_search_finds_observations(void **state)
{
	struct tmpdb	*fx = *state;
	struct cn_node	 n;
	char		*cause = NULL;

	store_test_begin_root(fx, 1);
	cn_node_init(&n);
	n.ext_id = "a";
	n.parent_ext = "r";
	n.text = "run the tests";
	n.observation = "FAILED test_snippet: expected 3";
	assert_int_equal(fx->sink.node(fx->sink.arg, &n, &cause), CN_OK);
	store_test_checkpoint(fx);
	/* The SWE-Search fixture's case: the word only in tool output. */
	store_test_assert_hits(fx->st, "t", "snippet=1 zebra=0 expected=1");
	/* An update of the observation moves the index with it. */
	n.text = NULL;
	n.observation = "passed";
	assert_int_equal(fx->sink.node(fx->sink.arg, &n, &cause), CN_OK);
	store_test_end_ok(fx, NULL);
	store_test_assert_index(fx->st, "t", "expected=0 passed=1 tests=1");
}

/* Migrating a version 3 file indexes the observations already there. */
static void
test_store_v4_indexes_old_observations(void **state)
{
	struct tmpdb	*fx = *state;
	char		*cause = NULL;

	store_test_begin_root(fx, 1);
	store_test_end_ok(fx, NULL);
	/* Back to version 3's index, with an observation it did not see. */
	assert_int_equal(sqlite3_exec(fx->st->db, "DROP INDEX traces_format;"
	    "DROP INDEX traces_nodes; DROP INDEX traces_depth;"
	    "DROP INDEX traces_reward; DROP INDEX traces_q;"
	    "DROP INDEX traces_outcome; DROP INDEX traces_labels;"
	    "ALTER TABLE traces DROP COLUMN leaf_outcome;"
	    "DROP TABLE nodes_fts;"
	    "CREATE VIRTUAL TABLE nodes_fts USING fts5(text, content='nodes',"
	    " content_rowid='id', detail=none, columnsize=0);"
	    "UPDATE nodes SET observation = 'zebra output';"
	    "INSERT INTO nodes_fts(nodes_fts) VALUES('rebuild');"
	    "PRAGMA user_version=3", NULL, NULL, NULL), SQLITE_OK);
	store_close(fx->st);
	assert_int_equal(store_open(&fx->st, fx->path, 0, &cause), 0);
	assert_int_equal(store_schema_version(fx->st), store_schema_latest());
	store_test_assert_index(fx->st, "t", "zebra=1 root=1");
}

#define T(f) cmocka_unit_test_setup_teardown(f, tmpdb_setup, tmpdb_teardown)
CN_TEST_MAIN(
	T(test_store_upsert_in_one_import),
	T(test_store_upsert_pending_parent),
	T(test_store_upsert_refuses_a_move),
	T(test_store_upsert_across_commits),
	T(test_store_upsert_in_a_later_import),
	T(test_store_upsert_named_signals),
	T(test_store_search_finds_observations),
	T(test_store_v4_indexes_old_observations))
#undef T

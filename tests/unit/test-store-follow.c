/*
 * test-store-follow.c - where followed files' committed data ends
 * (store/store-follow.c): a mark commits or rolls back with the import's
 * records, the latest follow of a file is found, traces of earlier follows
 * are recognised, and forgetting deletes their traces with their nodes
 * and text index rows.
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

#include "cn-test.h"
#include <sqlite3.h>

#include "store-int.h"
#include "store-follow.h"
#include "store-test.h"

#define SHA_A	"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" \
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define SHA_B	"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb" \
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

/*
 * Begins a follow of file, adds trace ext with two nodes, marks bytes
 * and ends the import (ok or rolled back). Returns the import id.
 */
static int64_t
follow_import(struct store *st, const char *file, const char *ext,
    int64_t bytes, const char *sha, int ok)
{
	struct store_import_meta	 meta;
	struct imp_sink			 sink;
	struct cn_trace			 t;
	struct cn_node			 n;
	int64_t				 id;
	char				*cause = NULL;

	memset(&meta, 0, sizeof meta);
	meta.file = "run.jsonl";
	meta.format = "canopy-jsonl";
	meta.live = 1;
	assert_int_equal(store_import_begin(st, &meta, &sink, &cause), 0);
	assert_int_equal(store_follow_begin(st, file, &id, &cause), 0);
	memset(&t, 0, sizeof t);
	t.ext_id = ext;
	t.format = "canopy-jsonl";
	assert_int_equal(sink.trace(sink.arg, &t, &cause), CN_OK);
	cn_node_init(&n);
	n.ext_id = "r";
	n.role = "root";
	n.text = "the root of a followed file";
	assert_int_equal(sink.node(sink.arg, &n, &cause), CN_OK);
	n.ext_id = "a";
	n.parent_ext = "r";
	n.role = "step";
	n.text = "a step of a followed file";
	assert_int_equal(sink.node(sink.arg, &n, &cause), CN_OK);
	assert_int_equal(store_follow_mark(st, id, bytes, 2, sha, &cause), 0);
	assert_int_equal(store_import_end(st, ok, NULL, &cause), 0);
	assert_null(cause);
	return id;
}

static void
test_store_follow_none(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_follow_mark	 m;
	char				*cause = NULL;

	/* No follows table yet: nothing, and no error. */
	assert_int_equal(store_follow_last(fx->st, "/f", &m, &cause), 0);
	assert_int_equal(store_follow_has_trace(fx->st, "/f", "t", &cause), 0);
	assert_int_equal(store_follow_forget(fx->st, "/f", &cause), 0);
	assert_null(cause);
}

static void
test_store_follow_mark_commits_with_import(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_follow_mark	 m;
	int64_t				 id;
	char				*cause = NULL;

	id = follow_import(fx->st, "/f", "t", 40, SHA_A, 1);
	assert_int_equal(store_follow_last(fx->st, "/f", &m, &cause), 1);
	assert_int_equal(m.import_id, id);
	assert_int_equal(m.bytes, 40);
	assert_int_equal(m.lines, 2);
	assert_string_equal(m.sha256, SHA_A);
	/* Another file is another key. */
	assert_int_equal(store_follow_last(fx->st, "/g", &m, &cause), 0);
	/* A rolled-back follow leaves the last mark as it was. */
	follow_import(fx->st, "/f", "u", 80, SHA_B, 0);
	assert_int_equal(store_follow_last(fx->st, "/f", &m, &cause), 1);
	assert_int_equal(m.import_id, id);
	assert_string_equal(m.sha256, SHA_A);
	/* A later one that committed is the last. */
	id = follow_import(fx->st, "/f", "v", 80, SHA_B, 1);
	assert_int_equal(store_follow_last(fx->st, "/f", &m, &cause), 1);
	assert_int_equal(m.import_id, id);
	assert_int_equal(m.bytes, 80);
	assert_null(cause);
}

static void
test_store_follow_has_trace(void **state)
{
	struct tmpdb	*fx = *state;
	char		*cause = NULL;

	follow_import(fx->st, "/f", "t", 40, SHA_A, 1);
	assert_int_equal(store_follow_has_trace(fx->st, "/f", "t", &cause), 1);
	assert_int_equal(store_follow_has_trace(fx->st, "/g", "t", &cause), 0);
	assert_int_equal(store_follow_has_trace(fx->st, "/f", "x", &cause), 0);
	assert_null(cause);
}

static void
test_store_follow_forget(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_follow_mark	 m;
	char				*cause = NULL;

	follow_import(fx->st, "/f", "t", 40, SHA_A, 1);
	follow_import(fx->st, "/f", "u", 80, SHA_A, 1);
	follow_import(fx->st, "/g", "w", 40, SHA_B, 1);
	assert_int_equal(store_test_int64(fx->st,
	    "SELECT count(*) FROM nodes"), 6);
	assert_int_equal(store_follow_forget(fx->st, "/f", &cause), 2);
	assert_null(cause);
	/* Only /g's trace, its nodes and their text stay. */
	assert_int_equal(store_test_int64(fx->st,
	    "SELECT count(*) FROM traces"), 1);
	assert_int_equal(store_test_int64(fx->st,
	    "SELECT count(*) FROM nodes"), 2);
	assert_int_equal(store_test_int64(fx->st,
	    "SELECT count(*) FROM nodes_fts"
	    " WHERE nodes_fts MATCH 'followed'"), 2);
	assert_int_equal(sqlite3_exec(fx->st->db, "INSERT INTO"
	    " nodes_fts(nodes_fts, rank) VALUES('integrity-check', 1)",
	    NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(store_follow_last(fx->st, "/f", &m, &cause), 0);
	assert_int_equal(store_follow_last(fx->st, "/g", &m, &cause), 1);
}

CN_TEST_MAIN(
	cmocka_unit_test_setup_teardown(test_store_follow_none,
	    tmpdb_setup, tmpdb_teardown),
	cmocka_unit_test_setup_teardown(
	    test_store_follow_mark_commits_with_import, tmpdb_setup,
	    tmpdb_teardown),
	cmocka_unit_test_setup_teardown(test_store_follow_has_trace,
	    tmpdb_setup, tmpdb_teardown),
	cmocka_unit_test_setup_teardown(test_store_follow_forget,
	    tmpdb_setup, tmpdb_teardown))

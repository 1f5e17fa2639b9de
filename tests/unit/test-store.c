/*
 * test-store.c - the store's import sink and finalization on real SQLite
 * databases: trees and their summaries, parents given later, refused
 * structure (unknown parents, cycles, moves, second or missing roots),
 * trace ids, scores, and imports known by their hash. Reads:
 * test-store-read.c; batches, eviction and checkpoints:
 * test-store-batch.c; opening and the schema: test-store-open.c.
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

static int
collect_node(const struct cn_node *n, void *arg)
{
	buf_printf(arg, "%s@%d.%d ", n->ext_id, n->depth, n->ordinal);
	return 0;
}

/* Trace ext in preorder to max_depth, as collect_node writes it, is want. */
static void
assert_preorder(struct store *st, const char *ext, int max_depth,
    const char *want)
{
	struct cn_buf	 col;
	char		*cause = NULL;

	buf_init(&col);
	assert_int_equal(store_preorder_each(st, store_test_trace_id(st, ext),
	    max_depth, collect_node, &col, &cause), 0);
	assert_string_equal(col.s, want);
	buf_free(&col);
}

static void
test_store_import_builds_tree_and_summaries(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_counts	 c;
	struct cn_node			 n;
	struct cn_buf			 col;
	struct cn_trace			 t;
	char				*cause = NULL;

	store_test_begin(fx, "aa");
	store_test_trace(fx, "t1", "What is 2+2?");
	store_test_node(fx, "r", NULL, "What is 2+2?");
	assert_int_equal(store_test_node_rc(fx, "a",
	    "r", "step a", 10, 0.5, 1, NULL), CN_OK);
	assert_int_equal(store_test_node_rc(fx, "b",
	    "r", "step b", 3, 0.9, 0, NULL), CN_OK);
	assert_int_equal(store_test_node_rc(fx, "a1",
	    "a", "leaf a1", 4, 0.7, 1, NULL), CN_OK);
	assert_int_equal(store_test_node_rc(fx, "a2",
	    "a", "leaf a2", 6, 0.2, 0, NULL), CN_OK);
	store_test_end_ok(fx, &c);
	assert_int_equal(c.traces, 1);
	assert_int_equal(c.nodes, 5);
	assert_int_equal(c.signals, 12);

	store_test_get(fx->st, "t1/r", &n);
	assert_string_equal(n.role, "root");
	assert_int_equal(n.parent_id, 0);
	assert_int_equal(n.child_count, 2);
	assert_int_equal(n.subtree_size, 5);
	assert_int_equal(n.leaf_count, 3);
	assert_int_equal(n.ok_leaves, 1);
	assert_int_equal(n.outcome_leaves, 3);
	assert_double_equal(n.best_leaf_reward, 0.9, 1e-12);
	cn_node_clear(&n);

	store_test_get(fx->st, "t1/a", &n);
	assert_string_equal(n.role, "step");
	assert_string_equal(n.text, "step a");
	assert_int_equal(n.depth, 1);
	assert_int_equal(n.ordinal, 0);
	assert_int_equal(n.subtree_size, 3);
	assert_double_equal(n.best_leaf_reward, 0.7, 1e-12);
	assert_double_equal(n.sig[CN_SIG_VISITS], 10, 0);
	assert_false(cn_hasval(n.sig[CN_SIG_Q]));
	cn_node_clear(&n);

	store_test_assert_node(fx->st, "t1/a2",
	    "depth=2 ordinal=1 children=0 subtree=1 ok=0 outcomes=1");

	assert_int_equal(store_trace_find(fx->st, "t1", &t, &cause), 1);
	assert_int_equal(t.node_count, 5);
	assert_int_equal(t.max_depth, 2);
	assert_string_equal(t.problem, "What is 2+2?");
	assert_string_equal(t.format, "test");
	assert_double_equal(t.best_reward, 0.9, 1e-12);
	assert_double_equal(t.outcome, 1.0 / 3, 1e-12);
	assert_preorder(fx->st, "t1", -1, "r@0.0 a@1.0 a1@2.0 a2@2.1 b@1.1 ");
	assert_preorder(fx->st, "t1", 1, "r@0.0 a@1.0 b@1.1 ");
	buf_init(&col);
	assert_int_equal(store_subtree_each(fx->st,
	    store_test_resolve(fx->st, "t1/a"), 1, collect_node, &col, &cause),
	    0);
	assert_string_equal(col.s, "a@1.0 a1@2.0 a2@2.1 ");
	buf_reset(&col);
	assert_int_equal(store_subtree_each(fx->st,
	    store_test_resolve(fx->st, "t1/a"), 0, collect_node, &col, &cause),
	    0);
	assert_string_equal(col.s, "a@1.0 ");
	buf_reset(&col);
	assert_int_equal(store_children_each(fx->st, t.root_id, 1, -1,
	    collect_node, &col, &cause), 0);
	assert_string_equal(col.s, "b@1.1 ");
	buf_free(&col);
	cn_trace_clear(&t);
}

static void
test_store_import_resolves_parents_given_later(void **state)
{
	struct tmpdb	*fx = *state;
	struct cn_node	 n;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	/* The parent is not seen yet. */
	store_test_node(fx, "c1", "p", "child one");
	store_test_node(fx, "g", "c1", "grandchild");
	store_test_node(fx, "p", "r", "parent");
	store_test_node(fx, "c2", "p", "child two");
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	store_test_assert_node(fx->st, "t/g", "depth=3");
	store_test_get(fx->st, "t/c2", &n);
	assert_int_equal(n.depth, 2);
	assert_int_equal(n.ordinal, 1);		/* c1 arrived first */
	cn_node_clear(&n);
	store_test_assert_node(fx->st, "t/p", "subtree=4");
	assert_preorder(fx->st, "t", -1, "r@0.0 p@1.0 c1@2.0 g@3.0 c2@2.1 ");
}

static void
test_store_import_unknown_parent_rolls_back(void **state)
{
	struct tmpdb	*fx = *state;
	char		 before[64], after[64];

	store_test_begin(fx, NULL);
	store_test_trace(fx, "keep", NULL);
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	store_test_stats_line(fx->st, before, sizeof before);

	store_test_begin_root(fx, CN_NOVAL);
	store_test_node(fx, "x", "nope", "orphan");
	store_test_end_fails(fx, "in.jsonl:7:3: trace t: node x: unknown"
	    " parent nope");
	store_test_stats_line(fx->st, after, sizeof after);
	assert_string_equal(before, after);
}

/* Imports a and b, each the other's parent, in trace t (with a root?). */
static void
import_cycle(struct tmpdb *fx, int root, const char *want)
{
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	if (root)
		store_test_node(fx, "r", NULL, "root");
	store_test_node(fx, "a", "b", "a");
	store_test_node(fx, "b", "a", "b");
	store_test_end_fails(fx, want);
}

/* Below a root, a cycle is out of its reach; without one, no root. */
static void
test_store_import_cycle_fails(void **state)
{
	import_cycle(*state, 1, "in.jsonl:7:3: trace t: node a: is in a"
	    " parent cycle (not reachable from the root)");
	import_cycle(*state, 0, "in.jsonl: trace t: no root node (every"
	    " node names a parent)");
}

static void
test_store_import_rejects_moves_and_second_root(void **state)
{
	struct tmpdb	*fx = *state;

	store_test_begin_root(fx, CN_NOVAL);
	store_test_node(fx, "a", "r", "a");
	/* A node again under another parent (test-store-upsert.c: updates). */
	store_test_node_bad(fx, "a", "a", "again", CN_NOVAL,
	    "trace t: node a: parent a, but r (first"
	    " on line 7): a later record may update a node, not move it");
	store_test_node_bad(fx, "r2", NULL, "root 2", CN_NOVAL,
	    "trace t: second root node r2 (the root is"
	    " r): every node but one needs a parent");
	/* Rejected records leave the rest importable. */
	store_test_end_ok(fx, NULL);
	assert_true(store_test_resolve(fx->st, "t/a") > 0);
}

static void
test_store_import_abort_leaves_nothing(void **state)
{
	struct tmpdb	*fx = *state;
	char		 s[64];

	store_test_begin_root(fx, CN_NOVAL);
	assert_int_equal(store_import_end(fx->st, 0, NULL, NULL), 0);
	store_test_stats_line(fx->st, s, sizeof s);
	assert_string_equal(s, "0 0 0 0");
}

static void
test_store_trace_id_collision_gets_suffix(void **state)
{
	struct tmpdb	*fx = *state;
	struct cn_trace	 t;
	char		*cause = NULL;

	store_test_begin(fx, "x1");
	store_test_trace(fx, "t", "first");
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	store_test_begin(fx, "x2");
	store_test_trace(fx, "t", "second");
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_trace_find(fx->st, "t~2", &t, &cause), 1);
	assert_string_equal(t.problem, "second");
	cn_trace_clear(&t);
}

static void
test_store_scores_attach_to_existing_nodes(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_counts	 c;
	struct cn_trace			 t;
	struct cn_node			 n;
	const char			*path[] = { "step a", "leaf" };
	char				*cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", "p");
	store_test_node(fx, "r", NULL, "root");
	store_test_node(fx, "a", "r", "step a");
	store_test_node(fx, "l", "a", "leaf");
	store_test_end_ok(fx, NULL);

	store_test_begin(fx, NULL);
	memset(&t, 0, sizeof t);
	t.ext_id = "t";		/* a bare id attaches to the stored trace */
	assert_int_equal(fx->sink.trace(fx->sink.arg, &t, &cause), CN_OK);
	assert_int_equal(fx->sink.score(fx->sink.arg, "a", "q", 0.25, &cause),
	    CN_OK);
	assert_int_equal(fx->sink.score(fx->sink.arg, "a", "prm:x", 0.5,
	    &cause), CN_OK);
	assert_int_equal(fx->sink.score_path(fx->sink.arg, path, 2, "prm:x",
	    0.75, &cause), CN_OK);
	assert_int_equal(fx->sink.score(fx->sink.arg, "zz", "q", 1, &cause),
	    CN_BAD);
	assert_string_equal(cause, "trace t: no node zz");
	free(cause);
	assert_int_equal(fx->sink.score_path(fx->sink.arg, path, 1, "", 1,
	    &cause), CN_BAD);
	free(cause);
	store_test_end_ok(fx, &c);
	assert_int_equal(c.scores, 3);
	assert_int_equal(c.traces, 0);
	/* A score can raise the trace's best q. */
	assert_int_equal(store_trace_find(fx->st, "t", &t, &cause), 1);
	assert_double_equal(t.best_q, 0.25, 0);
	cn_trace_clear(&t);

	store_test_get(fx->st, "t/a", &n);
	assert_double_equal(n.sig[CN_SIG_Q], 0.25, 0);
	assert_int_equal(n.nmore, 1);
	assert_string_equal(n.more[0].name, "prm:x");
	assert_double_equal(n.more[0].value, 0.5, 0);
	cn_node_clear(&n);
	store_test_get(fx->st, "t/l", &n);
	assert_double_equal(n.more[0].value, 0.75, 0);
	cn_node_clear(&n);
}

static void
test_store_import_known_by_sha(void **state)
{
	struct tmpdb	*fx = *state;
	int64_t		 when = 0;
	char		*name = NULL, *cause = NULL;

	setenv("CANOPY_NOW", "1700000000", 1);
	assert_int_equal(store_import_known(fx->st, "abc", &when, &name,
	    &cause), 0);
	store_test_begin(fx, "abc");
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_import_known(fx->st, "abc", &when, &name,
	    &cause), 1);
	assert_int_equal(when, 1700000000);
	assert_string_equal(name, "in.jsonl");
	free(name);
	unsetenv("CANOPY_NOW");
}

/* A hash given at the end is recorded; the size says who may be known. */
static void
test_store_import_sha_at_end(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_meta	 m = { "in.jsonl", "test", NULL, 0, 0,
					    4096 };
	char				*name = NULL, *cause = NULL;

	assert_int_equal(store_import_size_known(fx->st, 4096, &cause), 0);
	assert_int_equal(store_import_begin(fx->st, &m, &fx->sink, &cause), 0);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
	store_import_sha256(fx->st, "def");
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_import_known(fx->st, "def", NULL, &name,
	    &cause), 1);
	assert_string_equal(name, "in.jsonl");
	free(name);
	assert_int_equal(store_import_size_known(fx->st, 4096, &cause), 1);
	assert_int_equal(store_import_size_known(fx->st, 4097, &cause), 0);
	/* A failed import records nothing. */
	m.bytes = 4097;
	assert_int_equal(store_import_begin(fx->st, &m, &fx->sink, &cause), 0);
	store_import_sha256(fx->st, "ghi");
	assert_int_equal(store_import_end(fx->st, 0, NULL, NULL), 0);
	assert_int_equal(store_import_known(fx->st, "ghi", NULL, NULL,
	    &cause), 0);
	assert_int_equal(store_import_size_known(fx->st, 4097, &cause), 0);
}

/*
 * A structural error names the file, line and column of the node and the
 * trace as the file wrote it, even when the store renamed it (t~2).
 */
static void
test_store_structural_error_names_the_id_as_written(void **state)
{
	struct tmpdb	*fx = *state;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", "first");
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", "second");	/* stored as t~2 */
	store_test_node(fx, "r", NULL, "root");
	store_test_node(fx, "x", "nope", "orphan");
	store_test_end_fails(fx, "in.jsonl:7:3: trace t: node x: unknown"
	    " parent nope");
}

static void
test_store_deep_chain_walks_without_recursion(void **state)
{
	struct tmpdb	*fx = *state;
	struct cn_trace	 t;
	char		 id[16], parent[16], *cause = NULL;
	int		 i, count = 0;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "deep", NULL);
	store_test_node(fx, "0", NULL, "root");
	for (i = 1; i < 50000; i++) {
		snprintf(id, sizeof id, "%d", i);
		snprintf(parent, sizeof parent, "%d", i - 1);
		store_test_node(fx, id, parent, "x");
	}
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_trace_find(fx->st, "deep", &t, &cause), 1);
	assert_int_equal(t.max_depth, 49999);
	assert_preorder(fx->st, "deep", 2, "0@0.0 1@1.0 2@2.0 ");
	(void)count;
	cn_trace_clear(&t);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tmpdb_setup, tmpdb_teardown)
CN_TEST_MAIN(
	T(test_store_import_builds_tree_and_summaries),
	T(test_store_import_resolves_parents_given_later),
	T(test_store_import_unknown_parent_rolls_back),
	T(test_store_import_cycle_fails),
	T(test_store_import_rejects_moves_and_second_root),
	T(test_store_import_abort_leaves_nothing),
	T(test_store_trace_id_collision_gets_suffix),
	T(test_store_scores_attach_to_existing_nodes),
	T(test_store_import_known_by_sha),
	T(test_store_structural_error_names_the_id_as_written),
	T(test_store_import_sha_at_end),
	T(test_store_deep_chain_walks_without_recursion))
#undef T

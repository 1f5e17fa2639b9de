/*
 * test-tree-filter.c - a :filter expression and the signal ranges read
 * from a real store in bounded steps, and walking the matches.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn-test.h"
#include "store-test.h"
#include "store-compare.h"
#include "tree-filter.h"

static int
fixture_setup(void **state)
{
	struct tmpdb	*db;

	tmpdb_setup(state);
	db = *state;
	tmpdb_import_file(db, "canopy-jsonl",
	    "tests/e2e/fixtures/compare.canopy.jsonl", NULL);
	return 0;
}

static void
test_tree_filter_finds_matches_in_steps(void **state)
{
	struct tmpdb		*db = *state;
	struct filter_expr	*e;
	struct tree_filter	*tf;
	char			*cause = NULL;
	int64_t			 root = store_test_resolve(db->st, "go"), id;
	struct cn_node		 n;
	int			 steps = 0, wrapped;

	cn_node_init(&n);
	assert_int_equal(store_node_get(db->st, root, &n, NULL), 1);
	assert_int_equal(filter_expr_parse("q<0.3 && prm:qwen-7b>0.8", NULL,
	    0, &e, &cause), 0);
	tf = tree_filter_new(e, "q<0.3 && prm:qwen-7b>0.8", n.trace_id);
	/* A zero budget still reads one batch per step. */
	while (!tf->done) {
		assert_int_equal(tree_filter_step(tf, db->st, 0, &cause), 0);
		steps++;
	}
	assert_true(steps >= 1);
	assert_int_equal(tf->scanned, 6);
	assert_int_equal(tf->n, 2);
	assert_int_equal(tf->ids[0], store_test_resolve(db->st, "go/b"));
	assert_int_equal(tf->ids[1], store_test_resolve(db->st, "go/a1"));
	/* n from the root: b; from b: a1; from a1 wraps to b; N back. */
	assert_int_equal(tree_filter_next(tf, root, 1, &id, &wrapped), 1);
	assert_int_equal(id, tf->ids[0]);
	assert_false(wrapped);
	assert_int_equal(tree_filter_next(tf, tf->ids[0], 1, &id, &wrapped), 1);
	assert_int_equal(id, tf->ids[1]);
	assert_int_equal(tree_filter_next(tf, tf->ids[1], 1, &id, &wrapped), 1);
	assert_int_equal(id, tf->ids[0]);
	assert_true(wrapped);
	assert_int_equal(tree_filter_next(tf, tf->ids[0], -1, &id, &wrapped),
	    1);
	assert_int_equal(id, tf->ids[1]);
	assert_true(wrapped);
	tree_filter_free(tf);
	cn_node_clear(&n);
}

static void
test_tree_filter_no_match(void **state)
{
	struct tmpdb		*db = *state;
	struct filter_expr	*e;
	struct tree_filter	*tf;
	int64_t			 id;
	int			 wrapped;

	assert_int_equal(filter_expr_parse("q>5", NULL, 0, &e, NULL), 0);
	tf = tree_filter_new(e, "q>5", 1);
	assert_int_equal(tree_filter_step(tf, db->st, 1000000, NULL), 0);
	assert_true(tf->done);
	assert_int_equal(tf->n, 0);
	assert_int_equal(tree_filter_next(tf, 1, 1, &id, &wrapped), 0);
	tree_filter_free(tf);
	tree_filter_free(NULL);
}

static void
test_tree_filter_ranges_in_small_steps(void **state)
{
	struct tmpdb		*db = *state;
	struct store_range	 common[CN_SIG_COUNT], side[3];
	int64_t			 after = 0;
	int			 done = 0, steps = 0;

	side[0].name = "scoreLead";
	side[1].name = "prm:qwen-7b";
	side[2].name = "absent";
	store_compare_ranges_init(common, side, 3);
	while (!done) {
		assert_int_equal(store_compare_ranges_step(db->st, 1, &after, 2,
		    common, side, 3, &done, NULL), 0);
		steps++;
	}
	/* Six nodes, two a step: the fourth step finds none. */
	assert_int_equal(steps, 4);
	assert_double_equal(common[CN_SIG_VISITS].lo, 10, 0);
	assert_double_equal(common[CN_SIG_VISITS].hi, 100, 0);
	assert_double_equal(common[CN_SIG_Q].lo, -0.9, 1e-12);
	assert_double_equal(common[CN_SIG_Q].hi, 0.9, 1e-12);
	assert_true(isnan(common[CN_SIG_PRIOR].lo));
	assert_double_equal(common[CN_SIG_OUTCOME].lo, 0, 0);
	assert_double_equal(common[CN_SIG_OUTCOME].hi, 1, 0);
	assert_double_equal(side[0].lo, -11.5, 1e-12);
	assert_double_equal(side[0].hi, 7.1, 1e-12);
	assert_double_equal(side[1].lo, 0.1, 1e-12);
	assert_double_equal(side[1].hi, 0.95, 1e-12);
	assert_true(isnan(side[2].lo) && isnan(side[2].hi));
}

CN_TEST_MAIN(
	cmocka_unit_test_setup_teardown(
	    test_tree_filter_finds_matches_in_steps, fixture_setup,
	    tmpdb_teardown),
	cmocka_unit_test_setup_teardown(test_tree_filter_no_match,
	    fixture_setup, tmpdb_teardown),
	cmocka_unit_test_setup_teardown(
	    test_tree_filter_ranges_in_small_steps, fixture_setup,
	    tmpdb_teardown))

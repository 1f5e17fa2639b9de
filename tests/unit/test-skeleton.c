/*
 * test-skeleton.c - the pure trace skeleton (store/store-skel.c): the
 * string map, children lists, the breadth-first walk and subtree totals,
 * with no database.
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

#include "canopy.h"
#include "store-skel.h"
#include "cn-test.h"

/* Keys come back at the index they were added at, through regrowth. */
static void
test_skel_smap_indexes_in_order(void **state)
{
	struct smap	m;
	char		key[32];
	uint32_t	i, idx;

	(void)state;
	memset(&m, 0, sizeof m);
	assert_int_equal(smap_get(&m, "x"), -1);
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "n%u", i);
		assert_int_equal(smap_add(&m, key, &idx), 0);
		assert_int_equal(idx, i);
	}
	for (i = 0; i < 5000; i++) {
		snprintf(key, sizeof key, "n%u", i);
		assert_int_equal(smap_get(&m, key), i);
		assert_string_equal(smap_key(&m, i), key);
	}
	assert_int_equal(smap_get(&m, "n5000"), -1);
	assert_int_equal(smap_get(&m, ""), -1);
	smap_free(&m);
	assert_int_equal(smap_get(&m, "n1"), -1);
	assert_int_equal(smap_add(&m, "again", &idx), 0);
	assert_int_equal(idx, 0);
	smap_free(&m);
}

/*
 *        0
 *      / | \
 *     1  2  5      children in index (arrival) order: 0 -> 1 2 5
 *    / \            1 -> 3 4, 5 -> 6; 6 -> 7
 *   3   4     5-6-7
 */
static const int32_t	parent8[8] = { -1, 0, 0, 1, 1, 0, 5, 6 };

static void
test_skel_kids_and_walk(void **state)
{
	static const uint32_t	 want_order[8] = { 0, 1, 2, 5, 3, 4, 6, 7 };
	static const int32_t	 want_depth[8] = { 0, 1, 1, 2, 2, 1, 2, 3 };
	struct skel_kids	 k;
	uint32_t		 order[8];
	int32_t			 depth[8];
	int			 maxd, i;

	(void)state;
	skel_kids_build(&k, parent8, 8);
	assert_int_equal(k.off[1] - k.off[0], 3);
	assert_int_equal(k.kids[k.off[0]], 1);
	assert_int_equal(k.kids[k.off[0] + 1], 2);
	assert_int_equal(k.kids[k.off[0] + 2], 5);
	assert_int_equal(k.off[3] - k.off[2], 0);	/* 2 is a leaf */
	assert_int_equal(skel_bfs(&k, 0, order, depth, &maxd), 8);
	assert_int_equal(maxd, 3);
	for (i = 0; i < 8; i++) {
		assert_int_equal(order[i], want_order[i]);
		assert_int_equal(depth[i], want_depth[i]);
	}
	skel_kids_free(&k);
}

/* Nodes whose parents form a loop are not reached from the root. */
static void
test_skel_walk_leaves_cycles_out(void **state)
{
	static const int32_t	 parent[5] = { -1, 0, 3, 4, 2 };
	struct skel_kids	 k;
	uint32_t		 order[5];
	int32_t			 depth[5];
	int			 maxd;

	(void)state;
	skel_kids_build(&k, parent, 5);
	assert_int_equal(skel_bfs(&k, 0, order, depth, &maxd), 2);
	assert_int_equal(maxd, 1);
	skel_kids_free(&k);
}

static void
test_skel_totals(void **state)
{
	/* Outcomes of the leaves 2, 3, 4, 7: 1, 0, none, 1. */
	static const int8_t	 outcome[8] = { -1, -1, 1, 0, -1, -1, -1, 1 };
	struct skel_kids	 k;
	struct skel_totals	 t;
	uint32_t		 order[8];
	int32_t			 depth[8], size[8], leaves[8], ok[8], outc[8];
	double			 best[8];
	int			 maxd, i;

	(void)state;
	for (i = 0; i < 8; i++)
		best[i] = CN_NOVAL;
	best[2] = 0.5;
	best[3] = 0.9;
	best[7] = 0.7;
	best[0] = 5;		/* an inner node's own reward does not count */
	skel_kids_build(&k, parent8, 8);
	skel_bfs(&k, 0, order, depth, &maxd);
	t.size = size;
	t.leaves = leaves;
	t.ok = ok;
	t.outc = outc;
	t.best = best;
	skel_totals(&k, parent8, order, outcome, 8, &t);
	assert_int_equal(size[0], 8);
	assert_int_equal(size[1], 3);
	assert_int_equal(size[5], 3);
	assert_int_equal(size[7], 1);
	assert_int_equal(leaves[0], 4);
	assert_int_equal(leaves[1], 2);
	assert_int_equal(ok[0], 2);
	assert_int_equal(outc[0], 3);
	assert_int_equal(outc[1], 1);
	assert_double_equal(best[0], 0.9, 1e-12);
	assert_double_equal(best[1], 0.9, 1e-12);
	assert_double_equal(best[5], 0.7, 1e-12);
	assert_true(!cn_hasval(best[4]));
	skel_kids_free(&k);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_skel_smap_indexes_in_order),
	cmocka_unit_test(test_skel_kids_and_walk),
	cmocka_unit_test(test_skel_walk_leaves_cycles_out),
	cmocka_unit_test(test_skel_totals))

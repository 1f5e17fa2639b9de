/* test-sib-rank.c - ranks among siblings and where rankings disagree. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "cn-test.h"

#include "sib-rank.h"

static void
test_sib_rank_largest_first_ties_share(void **state)
{
	double	v[] = { 0.2, 0.9, 0.5, 0.9, -1 };
	int	r[5];

	(void)state;
	sib_rank(v, 5, r);
	assert_int_equal(r[0], 4);
	assert_int_equal(r[1], 1);
	assert_int_equal(r[2], 3);
	assert_int_equal(r[3], 1);
	assert_int_equal(r[4], 5);
}

static void
test_sib_rank_absent_is_zero(void **state)
{
	double	v[] = { CN_NOVAL, 3, CN_NOVAL, 7 };
	int	r[4];

	(void)state;
	sib_rank(v, 4, r);
	assert_int_equal(r[0], 0);
	assert_int_equal(r[1], 2);
	assert_int_equal(r[2], 0);
	assert_int_equal(r[3], 1);
	sib_rank(v, 0, r);
}

static void
test_sib_rank_disagrees(void **state)
{
	(void)state;
	assert_false(sib_rank_disagrees(1, 1));
	assert_true(sib_rank_disagrees(1, 3));
	assert_false(sib_rank_disagrees(0, 3));
	assert_false(sib_rank_disagrees(2, 0));
}

CN_TEST_MAIN(
	cmocka_unit_test(test_sib_rank_largest_first_ties_share),
	cmocka_unit_test(test_sib_rank_absent_is_zero),
	cmocka_unit_test(test_sib_rank_disagrees))

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

/*
 * Ranks of values: the largest first, ties share a rank, an absent value
 * (CN_NOVAL) ranks 0. A row a case; a wrong rank names its row.
 */
static void
test_sib_rank_ranks(void **state)
{
	static const struct {
		const char	*name;
		size_t		 n;
		double		 v[5];
		int		 want[5];
	} rows[] = {
		{ "largest first, ties share", 5,
		    { 0.2, 0.9, 0.5, 0.9, -1 }, { 4, 1, 3, 1, 5 } },
		{ "absent is zero", 4,
		    { CN_NOVAL, 3, CN_NOVAL, 7 }, { 0, 2, 0, 1 } },
		{ "no siblings", 0, { 0 }, { 0 } },
	};
	size_t	i, j;
	int	r[5];

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		sib_rank(rows[i].v, rows[i].n, r);
		for (j = 0; j < rows[i].n; j++)
			if (r[j] != rows[i].want[j])
				fail_msg("%s: value %zu ranks %d, not %d",
				    rows[i].name, j, r[j], rows[i].want[j]);
	}
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
	cmocka_unit_test(test_sib_rank_ranks),
	cmocka_unit_test(test_sib_rank_disagrees))

/*
 * cn-test.h - small additions to cmocka 1.1.5 (Debian 12): a floating-point
 * equality assertion it lacks, one for strings the test must free, the row
 * of an input -> want case table, and the main() every test program
 * shares.
 * Include after <cmocka.h>.
 */
#ifndef CN_TEST_H
#define CN_TEST_H

#include <math.h>
#include <stdlib.h>

#ifndef assert_double_equal
#define assert_double_equal(a, b, eps) \
	assert_true(fabs((double)(a) - (double)(b)) <= (double)(eps))
#endif

/* A string the caller owns equals want; it is freed. */
#define assert_string_took(got, want) do {				\
	char	*took_ = (got);					\
									\
	assert_string_equal(took_, (want));				\
	free(took_);							\
} while (0)

/* A row of a table of cases: an input and what must come of it. */
struct cn_test_case {
	const char	*in;
	const char	*want;
};

/*
 * main() of a test program: the listed cmocka_unit_test() cases as one
 * group, with an optional group set-up and tear-down.
 */
#define CN_TEST_MAIN_GROUP(setup, teardown, ...)			\
int									\
main(void)								\
{									\
	const struct CMUnitTest tests[] = { __VA_ARGS__ };		\
									\
	return cmocka_run_group_tests(tests, setup, teardown);		\
}
#define CN_TEST_MAIN(...) CN_TEST_MAIN_GROUP(NULL, NULL, __VA_ARGS__)

#endif

/*
 * cn-test.h - small additions to cmocka 1.1.5 (Debian 12), which lacks
 * a floating-point equality assertion. Include after <cmocka.h>.
 */
#ifndef CN_TEST_H
#define CN_TEST_H

#include <math.h>

#ifndef assert_double_equal
#define assert_double_equal(a, b, eps) \
	assert_true(fabs((double)(a) - (double)(b)) <= (double)(eps))
#endif

#endif

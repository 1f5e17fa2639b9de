/*
 * test-agreement.c - agreement numbers checked against values worked out
 * by hand (the arithmetic is in each test's comment): two raters, three
 * and more, all agreeing, all disagreeing, one rater, missing ratings,
 * one rater rating an item twice, and a category every rating shares.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "canopy.h"
#include "agreement.h"

#define EPS	1e-12
#define N(a)	(sizeof (a) / sizeof (a)[0])

static struct agreement
run(const struct agreement_rating *r, size_t n, int ncat)
{
	struct agreement	 a;
	char			*cause = NULL;

	assert_int_equal(agreement_compute(r, n, ncat, &a, &cause), 0);
	assert_null(cause);
	return a;
}

/*
 * A: 1 1 0 0, B: 1 0 0 0. po = 3/4; A's shares 1/2 1/2, B's 1/4 3/4, so
 * pe = 1/2 * 1/4 + 1/2 * 3/4 = 1/2 and Cohen = (3/4 - 1/2) / (1/2) = 1/2.
 * Fleiss: 3 ones and 5 zeros of 8, pe = 9/64 + 25/64 = 34/64, P-bar = 3/4,
 * kappa = (48/64 - 34/64) / (30/64) = 14/30 = 7/15.
 */
static void
test_agreement_two_raters(void **state)
{
	static const struct agreement_rating r[] = {
		{ 1, 0, 1 }, { 1, 1, 1 }, { 2, 0, 1 }, { 2, 1, 0 },
		{ 3, 0, 0 }, { 3, 1, 0 }, { 4, 0, 0 }, { 4, 1, 0 },
	};
	struct agreement	a;

	(void)state;
	a = run(r, N(r), 3);
	assert_int_equal(a.items, 4);
	assert_int_equal(a.ratings, 8);
	assert_int_equal(a.raters, 2);
	assert_int_equal(a.disagreed, 1);
	assert_float_equal(a.percent, 0.75, EPS);
	assert_float_equal(a.cohen, 0.5, EPS);
	assert_float_equal(a.fleiss, 7.0 / 15.0, EPS);
}

/* The same ratings in another order give the same numbers. */
static void
test_agreement_order_free(void **state)
{
	static const struct agreement_rating r[] = {
		{ 4, 1, 0 }, { 2, 1, 0 }, { 1, 1, 1 }, { 3, 0, 0 },
		{ 4, 0, 0 }, { 1, 0, 1 }, { 3, 1, 0 }, { 2, 0, 1 },
	};
	struct agreement	a;

	(void)state;
	a = run(r, N(r), 3);
	assert_float_equal(a.cohen, 0.5, EPS);
	assert_float_equal(a.fleiss, 7.0 / 15.0, EPS);
}

/* A: 1 0, B: 1 0: po = 1, pe = 1/2, both kappas 1. */
static void
test_agreement_all_agree(void **state)
{
	static const struct agreement_rating r[] = {
		{ 1, 5, 1 }, { 1, 9, 1 }, { 2, 5, 0 }, { 2, 9, 0 },
	};
	struct agreement	a;

	(void)state;
	a = run(r, N(r), 3);
	assert_int_equal(a.disagreed, 0);
	assert_float_equal(a.percent, 1, EPS);
	assert_float_equal(a.cohen, 1, EPS);
	assert_float_equal(a.fleiss, 1, EPS);
}

/* A: 1 0, B: 0 1: po = 0, pe = 1/2, both kappas -1. */
static void
test_agreement_all_disagree(void **state)
{
	static const struct agreement_rating r[] = {
		{ 1, 0, 1 }, { 1, 1, 0 }, { 2, 0, 0 }, { 2, 1, 1 },
	};
	struct agreement	a;

	(void)state;
	a = run(r, N(r), 3);
	assert_int_equal(a.disagreed, 2);
	assert_float_equal(a.percent, 0, EPS);
	assert_float_equal(a.cohen, -1, EPS);
	assert_float_equal(a.fleiss, -1, EPS);
}

/*
 * Every rating in one category: full agreement, but chance agreement is
 * 1 too, so both kappas are 0 / 0: undefined, NaN.
 */
static void
test_agreement_one_category(void **state)
{
	static const struct agreement_rating r[] = {
		{ 1, 0, 2 }, { 1, 1, 2 }, { 2, 0, 2 }, { 2, 1, 2 },
	};
	struct agreement	a;

	(void)state;
	a = run(r, N(r), 3);
	assert_float_equal(a.percent, 1, EPS);
	assert_true(isnan(a.cohen));
	assert_true(isnan(a.fleiss));
}

/* One rater: nothing to agree on; no item counts, every number NaN. */
static void
test_agreement_one_rater(void **state)
{
	static const struct agreement_rating r[] = {
		{ 1, 0, 1 }, { 2, 0, 0 }, { 3, 0, 2 },
	};
	struct agreement	a;

	(void)state;
	a = run(r, N(r), 3);
	assert_int_equal(a.raters, 1);
	assert_int_equal(a.items, 0);
	assert_true(isnan(a.percent));
	assert_true(isnan(a.cohen));
	assert_true(isnan(a.fleiss));
	a = run(NULL, 0, 3);
	assert_int_equal(a.raters, 0);
	assert_true(isnan(a.percent));
}

/*
 * Missing ratings (cat -1) do not count: item 2 keeps one rating and
 * drops out, leaving the two-rater case of test_agreement_all_agree
 * plus nothing. Item 3 has only missing ratings.
 */
static void
test_agreement_missing(void **state)
{
	static const struct agreement_rating r[] = {
		{ 1, 0, 1 }, { 1, 1, 1 }, { 2, 0, 0 }, { 2, 1, -1 },
		{ 3, 0, -1 }, { 3, 1, -1 }, { 4, 0, 0 }, { 4, 1, 0 },
	};
	struct agreement	a;

	(void)state;
	a = run(r, N(r), 3);
	assert_int_equal(a.items, 2);
	assert_int_equal(a.ratings, 4);
	assert_float_equal(a.cohen, 1, EPS);
}

/*
 * A rater rating an item twice: the later rating counts. Rater 0 first
 * says 0 on item 1, then 1, so the data are those of all_agree.
 */
static void
test_agreement_later_rating_counts(void **state)
{
	static const struct agreement_rating r[] = {
		{ 1, 0, 0 }, { 1, 1, 1 }, { 2, 0, 0 }, { 2, 1, 0 },
		{ 1, 0, 1 },
	};
	struct agreement	a;
	int64_t			*items;
	size_t			 n;

	(void)state;
	a = run(r, N(r), 3);
	assert_int_equal(a.ratings, 4);
	assert_float_equal(a.cohen, 1, EPS);
	agreement_disagreements(r, N(r), &items, &n);
	assert_int_equal(n, 0);
	assert_null(items);
}

/*
 * Three raters, Fleiss' kappa. Items: (1 1 1), (1 1 0), (0 0 1), and item
 * 4 rated by two raters only: (0 0).
 * P_i: 1, (2*1)/(3*2) = 1/3, 1/3, 1; P-bar = (8/3) / 4 = 2/3.
 * Ones: 3 + 2 + 1 = 6, zeros 5, of 11: pe = 36/121 + 25/121 = 61/121.
 * kappa = (2/3 - 61/121) / (60/121) = (59/363) * (121/60) = 59/180.
 * Without item 4: P-bar = 5/9, pe = 4/9 + 1/9 = 5/9, kappa 0.
 */
static void
test_agreement_fleiss_three(void **state)
{
	static const struct agreement_rating r[] = {
		{ 1, 0, 1 }, { 1, 1, 1 }, { 1, 2, 1 },
		{ 2, 0, 1 }, { 2, 1, 1 }, { 2, 2, 0 },
		{ 3, 0, 0 }, { 3, 1, 0 }, { 3, 2, 1 },
		{ 4, 0, 0 }, { 4, 2, 0 },
	};
	struct agreement	 a;
	int64_t			*items;
	size_t			 n;

	(void)state;
	a = run(r, N(r), 3);
	assert_int_equal(a.raters, 3);
	assert_int_equal(a.items, 4);
	assert_int_equal(a.disagreed, 2);
	assert_true(isnan(a.cohen));
	assert_float_equal(a.percent, 2.0 / 3.0, EPS);
	assert_float_equal(a.fleiss, 59.0 / 180.0, EPS);

	a = run(r, 9, 3);
	assert_float_equal(a.percent, 5.0 / 9.0, EPS);
	assert_float_equal(a.fleiss, 0, EPS);

	agreement_disagreements(r, N(r), &items, &n);
	assert_int_equal(n, 2);
	assert_int_equal(items[0], 2);
	assert_int_equal(items[1], 3);
	free(items);
}

/*
 * Cohen with marginals that tie and three categories: A: 0 1 2 0,
 * B: 0 2 1 0. po = 2/4; A's shares 2/4 1/4 1/4 equal B's, so
 * pe = 1/4 + 1/16 + 1/16 = 3/8; kappa = (1/2 - 3/8) / (5/8) = 1/5.
 */
static void
test_agreement_three_categories(void **state)
{
	static const struct agreement_rating r[] = {
		{ 1, 0, 0 }, { 1, 1, 0 }, { 2, 0, 1 }, { 2, 1, 2 },
		{ 3, 0, 2 }, { 3, 1, 1 }, { 4, 0, 0 }, { 4, 1, 0 },
	};
	struct agreement	a;

	(void)state;
	a = run(r, N(r), 3);
	assert_float_equal(a.percent, 0.5, EPS);
	assert_float_equal(a.cohen, 0.2, EPS);
}

static void
test_agreement_bad_category(void **state)
{
	static const struct agreement_rating r[] = { { 7, 0, 3 } };
	struct agreement	 a;
	char			*cause;

	(void)state;
	assert_int_equal(agreement_compute(r, 1, 3, &a, &cause), -1);
	assert_string_equal(cause, "item 7: category 3 out of range (0 to 2)");
	free(cause);
	assert_int_equal(agreement_compute(r, 1, 0, &a, &cause), -1);
	assert_string_equal(cause, "0 categories (1 to 16)");
	free(cause);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_agreement_two_raters),
		cmocka_unit_test(test_agreement_order_free),
		cmocka_unit_test(test_agreement_all_agree),
		cmocka_unit_test(test_agreement_all_disagree),
		cmocka_unit_test(test_agreement_one_category),
		cmocka_unit_test(test_agreement_one_rater),
		cmocka_unit_test(test_agreement_missing),
		cmocka_unit_test(test_agreement_later_rating_counts),
		cmocka_unit_test(test_agreement_fleiss_three),
		cmocka_unit_test(test_agreement_three_categories),
		cmocka_unit_test(test_agreement_bad_category),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

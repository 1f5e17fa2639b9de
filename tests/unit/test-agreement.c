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

#include "cn-test.h"

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

#define ANY	(-2)	/* a count or number the case does not check */
#define R(...)	(const struct agreement_rating[]){ __VA_ARGS__ }, \
	N(((const struct agreement_rating[]){ __VA_ARGS__ }))

/*
 * The ratings of fleiss_three below: items (1 1 1), (1 1 0), (0 0 1), and
 * item 4 rated by two raters only: (0 0).
 */
static const struct agreement_rating three[] = {
	{ 1, 0, 1 }, { 1, 1, 1 }, { 1, 2, 1 },
	{ 2, 0, 1 }, { 2, 1, 1 }, { 2, 2, 0 },
	{ 3, 0, 0 }, { 3, 1, 0 }, { 3, 2, 1 },
	{ 4, 0, 0 }, { 4, 2, 0 },
};

/* Rater 0 rates item 1 twice, first 0, then 1. */
static const struct agreement_rating later[] = {
	{ 1, 0, 0 }, { 1, 1, 1 }, { 2, 0, 0 }, { 2, 1, 0 },
	{ 1, 0, 1 },
};

/*
 * One computation over three categories and what it must give: counts
 * and numbers (ANY: not checked; NAN: must be NaN).
 */
static const struct agreement_case {
	const char			*name;
	const struct agreement_rating	*r;
	size_t				 n;
	long				 items, ratings, raters, disagreed;
	double				 percent, cohen, fleiss;
} cases[] = {
	/*
	 * A: 1 1 0 0, B: 1 0 0 0. po = 3/4; A's shares 1/2 1/2, B's 1/4 3/4,
	 * so pe = 1/2 * 1/4 + 1/2 * 3/4 = 1/2 and Cohen = (3/4 - 1/2) / (1/2)
	 * = 1/2. Fleiss: 3 ones and 5 zeros of 8, pe = 9/64 + 25/64 = 34/64,
	 * P-bar = 3/4, kappa = (48/64 - 34/64) / (30/64) = 14/30 = 7/15.
	 */
	{ "two raters", R({ 1, 0, 1 }, { 1, 1, 1 }, { 2, 0, 1 }, { 2, 1, 0 },
	    { 3, 0, 0 }, { 3, 1, 0 }, { 4, 0, 0 }, { 4, 1, 0 }),
	    4, 8, 2, 1, 0.75, 0.5, 7.0 / 15.0 },
	/* The same ratings in another order give the same numbers. */
	{ "order free", R({ 4, 1, 0 }, { 2, 1, 0 }, { 1, 1, 1 }, { 3, 0, 0 },
	    { 4, 0, 0 }, { 1, 0, 1 }, { 3, 1, 0 }, { 2, 0, 1 }),
	    ANY, ANY, ANY, ANY, ANY, 0.5, 7.0 / 15.0 },
	/* A: 1 0, B: 1 0: po = 1, pe = 1/2, both kappas 1. */
	{ "all agree", R({ 1, 5, 1 }, { 1, 9, 1 }, { 2, 5, 0 }, { 2, 9, 0 }),
	    ANY, ANY, ANY, 0, 1, 1, 1 },
	/* A: 1 0, B: 0 1: po = 0, pe = 1/2, both kappas -1. */
	{ "all disagree", R({ 1, 0, 1 }, { 1, 1, 0 }, { 2, 0, 0 },
	    { 2, 1, 1 }), ANY, ANY, ANY, 2, 0, -1, -1 },
	/*
	 * Every rating in one category: full agreement, but chance agreement
	 * is 1 too, so both kappas are 0 / 0: undefined, NaN.
	 */
	{ "one category", R({ 1, 0, 2 }, { 1, 1, 2 }, { 2, 0, 2 },
	    { 2, 1, 2 }), ANY, ANY, ANY, ANY, 1, NAN, NAN },
	/* One rater: nothing to agree on; no item counts, every number NaN. */
	{ "one rater", R({ 1, 0, 1 }, { 2, 0, 0 }, { 3, 0, 2 }),
	    0, ANY, 1, ANY, NAN, NAN, NAN },
	{ "no ratings", NULL, 0, ANY, ANY, 0, ANY, NAN, ANY, ANY },
	/*
	 * Missing ratings (cat -1) do not count: item 2 keeps one rating and
	 * drops out, leaving the two-rater case of "all agree" plus nothing.
	 * Item 3 has only missing ratings.
	 */
	{ "missing", R({ 1, 0, 1 }, { 1, 1, 1 }, { 2, 0, 0 }, { 2, 1, -1 },
	    { 3, 0, -1 }, { 3, 1, -1 }, { 4, 0, 0 }, { 4, 1, 0 }),
	    2, 4, ANY, ANY, ANY, 1, ANY },
	/*
	 * A rater rating an item twice: the later rating counts. Rater 0
	 * first says 0 on item 1, then 1, so the data are those of all agree.
	 */
	{ "later rating counts", later, N(later), ANY, 4, ANY, ANY, ANY, 1,
	    ANY },
	/*
	 * Three raters, Fleiss' kappa. P_i: 1, (2*1)/(3*2) = 1/3, 1/3, 1;
	 * P-bar = (8/3) / 4 = 2/3. Ones: 3 + 2 + 1 = 6, zeros 5, of 11:
	 * pe = 36/121 + 25/121 = 61/121. kappa = (2/3 - 61/121) / (60/121)
	 * = (59/363) * (121/60) = 59/180.
	 */
	{ "fleiss three", three, N(three), 4, ANY, 3, 2, 2.0 / 3.0, NAN,
	    59.0 / 180.0 },
	/* Without item 4: P-bar = 5/9, pe = 4/9 + 1/9 = 5/9, kappa 0. */
	{ "fleiss three but item 4", three, 9, ANY, ANY, ANY, ANY, 5.0 / 9.0,
	    ANY, 0 },
	/*
	 * Cohen with marginals that tie and three categories: A: 0 1 2 0,
	 * B: 0 2 1 0. po = 2/4; A's shares 2/4 1/4 1/4 equal B's, so
	 * pe = 1/4 + 1/16 + 1/16 = 3/8; kappa = (1/2 - 3/8) / (5/8) = 1/5.
	 */
	{ "three categories", R({ 1, 0, 0 }, { 1, 1, 0 }, { 2, 0, 1 },
	    { 2, 1, 2 }, { 3, 0, 2 }, { 3, 1, 1 }, { 4, 0, 0 }, { 4, 1, 0 }),
	    ANY, ANY, ANY, ANY, 0.5, 0.2, ANY },
};

static void
check_count(const char *name, const char *what, long got, long want)
{
	if (want != ANY && got != want)
		fail_msg("%s: %s %ld, not %ld", name, what, got, want);
}

static void
check_number(const char *name, const char *what, double got, double want)
{
	if (isnan(want) ? !isnan(got) : want != ANY && fabs(got - want) > EPS)
		fail_msg("%s: %s %g, not %g", name, what, got, want);
}

static void
test_agreement_cases(void **state)
{
	const struct agreement_case	*c;
	struct agreement		 a;
	size_t				 i;

	(void)state;
	for (i = 0; i < N(cases); i++) {
		c = &cases[i];
		a = run(c->r, c->n, 3);
		check_count(c->name, "items", (long)a.items, c->items);
		check_count(c->name, "ratings", (long)a.ratings, c->ratings);
		check_count(c->name, "raters", a.raters, c->raters);
		check_count(c->name, "disagreed", (long)a.disagreed,
		    c->disagreed);
		check_number(c->name, "percent", a.percent, c->percent);
		check_number(c->name, "cohen", a.cohen, c->cohen);
		check_number(c->name, "fleiss", a.fleiss, c->fleiss);
	}
}

/* The items rated twice with two categories, as item ids. */
static void
test_agreement_disagreements(void **state)
{
	int64_t	*items;
	size_t	 n;

	(void)state;
	/* The later rating counts: no disagreement is left. */
	agreement_disagreements(later, N(later), &items, &n);
	assert_int_equal(n, 0);
	assert_null(items);
	agreement_disagreements(three, N(three), &items, &n);
	assert_int_equal(n, 2);
	assert_int_equal(items[0], 2);
	assert_int_equal(items[1], 3);
	free(items);
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

CN_TEST_MAIN(
	cmocka_unit_test(test_agreement_cases),
	cmocka_unit_test(test_agreement_disagreements),
	cmocka_unit_test(test_agreement_bad_category))

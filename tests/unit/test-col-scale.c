/* test-col-scale.c - bar scales and distinct column headers. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "cn-test.h"
#include "col-scale.h"

static void
test_col_scale_probability_keeps_0_1(void **state)
{
	struct col_scale	s;

	(void)state;
	col_scale_pick(0.2, 0.6, &s);
	assert_false(s.diverging);
	assert_true(s.fixed);
	assert_double_equal(col_scale_frac(&s, 0.6), 0.6, 1e-12);
	col_scale_pick(CN_NOVAL, CN_NOVAL, &s);
	assert_false(s.diverging);
	assert_true(isnan(col_scale_frac(&s, CN_NOVAL)));
}

static void
test_col_scale_reward_diverges(void **state)
{
	struct col_scale	s;

	(void)state;
	col_scale_pick(-0.9, 0.9, &s);
	assert_true(s.diverging);
	assert_true(s.fixed);
	/* -0.9 and +0.9 point opposite ways. */
	assert_double_equal(col_scale_frac(&s, -0.9), -0.9, 1e-12);
	assert_double_equal(col_scale_frac(&s, 0.9), 0.9, 1e-12);
	assert_double_equal(col_scale_frac(&s, 0), 0, 1e-12);
}

static void
test_col_scale_score_lead_scaled_to_its_range(void **state)
{
	struct col_scale	s;

	(void)state;
	/* KataGo scoreLead: +7.1 and -11.5 are not both full bars. */
	col_scale_pick(-11.5, 7.1, &s);
	assert_true(s.diverging);
	assert_false(s.fixed);
	assert_double_equal(s.hi, 11.5, 1e-12);
	assert_double_equal(col_scale_frac(&s, -11.5), -1, 1e-12);
	assert_double_equal(col_scale_frac(&s, 7.1), 7.1 / 11.5, 1e-12);
	/* Visits: no negatives, scaled to the largest. */
	col_scale_pick(0, 1600, &s);
	assert_false(s.diverging);
	assert_double_equal(col_scale_frac(&s, 400), 0.25, 1e-12);
	assert_double_equal(col_scale_frac(&s, 3200), 1, 1e-12);
}

/* The n headers of names cut to max bytes are want[] (NULL: unchecked). */
static void
headers_are(const char *const *names, size_t n, size_t max,
    const char *const *want)
{
	char	out[5][32];
	size_t	i;

	assert_true(n <= 5);
	col_scale_headers(names, n, max, out);
	for (i = 0; i < n; i++)
		if (want[i] != NULL)
			assert_string_equal(out[i], want[i]);
}

static void
test_col_scale_headers_distinct(void **state)
{
	const char	*names[] = { "q", "prm:qwen-7b", "orm:qwen-7b",
	    "prm:math-shepherd", "visits" };
	const char	*want[] = { "q", "p:qwen-7b", "o:qwen-7b", "math-shep",
	    "visits" };

	(void)state;
	headers_are(names, 5, 9, want);
}

static void
test_col_scale_headers_cut_alike_get_digits(void **state)
{
	const char	*names[] = { "prm:abcdefgh1", "prm:abcdefgh2",
	    "prm:abcdefgh3" };
	const char	*want[] = { "abcdef", "abcde2", "abcde3" };

	(void)state;
	headers_are(names, 3, 6, want);
}

static void
test_col_scale_headers_cut_whole_characters(void **state)
{
	/* "é" is two bytes: a cut at 4 bytes keeps "ab" and the whole é. */
	const char	*names[] = { "x:ab\xc3\xa9" "cd", "y" };
	const char	*at3[] = { "ab", NULL };
	const char	*at4[] = { "ab\xc3\xa9", NULL };

	(void)state;
	headers_are(names, 2, 3, at3);
	headers_are(names, 2, 4, at4);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_col_scale_probability_keeps_0_1),
	cmocka_unit_test(test_col_scale_reward_diverges),
	cmocka_unit_test(test_col_scale_score_lead_scaled_to_its_range),
	cmocka_unit_test(test_col_scale_headers_distinct),
	cmocka_unit_test(test_col_scale_headers_cut_alike_get_digits),
	cmocka_unit_test(test_col_scale_headers_cut_whole_characters))

/*
 * test-analysis.c - analysis/: every statistic against values computed by
 * hand on small trees (ties, missing signals, nodes without terminal
 * descendants, a signal on only some nodes, parents after children,
 * cycles).
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
#include "analysis.h"
#include "cn-test.h"

#define NA	CN_NOVAL
#define EPS	1e-12

/*
 * The tree of most tests:
 *	0 ─┬─ 1 ─┬─ 4	outcome 1
 *	   │     └─ 5	outcome 0
 *	   ├─ 2 ─── 6 ─── 7	outcome 1 (6 has outcome 0, but is no leaf)
 *	   └─ 3		a leaf without outcome
 */
static const int32_t	 tree1[] = { -1, 0, 0, 0, 1, 1, 2, 6 };
#define TREE1_N	8

static void
assert_vals(const double *got, const double *want, uint32_t n)
{
	uint32_t	i;

	for (i = 0; i < n; i++) {
		if (isnan(want[i])) {
			if (!isnan(got[i]))
				fail_msg("node %u: got %g, want none", i,
				    got[i]);
			continue;
		}
		if (isnan(got[i]) || fabs(got[i] - want[i]) > 1e-9)
			fail_msg("node %u: got %g, want %g", i, got[i],
			    want[i]);
	}
}

/* Runs f on tree1 with the values v: what it writes must be want. */
static void
assert_on_tree1(void (*f)(const struct an_tree *, const double *, double *),
    const double *v, const double *want)
{
	struct an_tree	t;
	double		out[TREE1_N];

	an_tree_build(&t, tree1, TREE1_N);
	f(&t, v, out);
	assert_vals(out, want, TREE1_N);
	an_tree_free(&t);
}

/* mc and mc_hard count leaves with an outcome only. */
static void
test_analysis_mc(void **state)
{
	static const double	 outcome[] = { NA, NA, NA, NA, 1, 0, 0, 1 };
	static const double	 want_mc[] =
	    { 2.0 / 3, 0.5, 1, NA, 1, 0, 1, 1 };
	static const double	 want_hard[] = { 1, 1, 1, NA, 1, 0, 1, 1 };
	struct an_tree		 t;
	double			 mc[TREE1_N], hard[TREE1_N];

	(void)state;
	an_tree_build(&t, tree1, TREE1_N);
	assert_int_equal(t.nreached, TREE1_N);
	assert_int_equal(t.depth[7], 3);
	an_mc(&t, outcome, mc, hard);
	assert_vals(mc, want_mc, TREE1_N);
	assert_vals(hard, want_hard, TREE1_N);
	an_tree_free(&t);
}

/* Parents may come after their children; looping nodes get nothing. */
static void
test_analysis_mc_order_and_cycles(void **state)
{
	static const int32_t	 p1[] = { 2, 2, -1 };
	static const double	 o1[] = { 1, 0, NA };
	static const double	 w1[] = { 1, 0, 0.5 };
	static const int32_t	 p2[] = { 1, 0, -1 };
	static const double	 o2[] = { 1, 1, 0 };
	static const double	 w2[] = { NA, NA, 0 };
	struct an_tree		 t;
	double			 mc[3];

	(void)state;
	an_tree_build(&t, p1, 3);
	an_mc(&t, o1, mc, NULL);
	assert_vals(mc, w1, 3);
	an_tree_free(&t);
	an_tree_build(&t, p2, 3);
	assert_int_equal(t.nreached, 1);
	assert_int_equal(t.depth[0], -1);
	an_mc(&t, o2, mc, NULL);
	assert_vals(mc, w2, 3);
	an_tree_free(&t);
}

/* best_leaf ignores inner values; a subtree without one gets none. */
static void
test_analysis_best_leaf(void **state)
{
	static const double	 reward[] = { NA, 5, NA, -0.5, 0.2, 0.9, 3,
	    NA };
	static const double	 want[] = { 0.9, 0.9, NA, -0.5, 0.2, 0.9, NA,
	    NA };

	(void)state;
	assert_on_tree1(an_best_leaf, reward, want);
}

static void
test_analysis_delta_and_sub(void **state)
{
	static const double	 v[] = { 0.5, 0.7, NA, 0.1, 1, NA, 0.3, 0.4 };
	static const double	 want[] = { NA, 0.2, NA, -0.4, 0.3, NA, NA,
	    0.1 };
	static const double	 a[] = { 1, NA, 3 }, b[] = { 0.25, 2, NA };
	static const double	 wsub[] = { 0.75, NA, NA };
	double			 d[3];

	(void)state;
	assert_on_tree1(an_delta, v, want);
	an_sub(a, b, 3, d);
	assert_vals(d, wsub, 3);
}

/*
 * Ranks within siblings: under 0, a ranks 1 above the tie 2 = 3 (which
 * share rank 0.25), b ranks 1 < 2 < 3. Under 1 only node 5 has both
 * values, and 6 is a lone child: no score.
 */
static void
test_analysis_disagree_rank(void **state)
{
	static const double	 a[] = { 0.5, 0.9, 0.5, 0.5, 0.3, 0.2, 0.1,
	    NA };
	static const double	 b[] = { 0.5, 0.1, 0.5, 0.9, NA, 0.7, 0.1,
	    NA };
	static const double	 want[] = { NA, 1.0, 0.25, 0.75, NA, NA, NA,
	    NA };
	static const double	 wa[] = { NA, 1.0, 0.25, 0.25, NA, NA, NA, NA };
	struct an_tree		 t;
	double			 s[TREE1_N], sa[TREE1_N], sb[TREE1_N];

	(void)state;
	an_tree_build(&t, tree1, TREE1_N);
	an_disagree(&t, a, b, AN_SCALE_RANK, s, sa, sb);
	assert_vals(s, want, TREE1_N);
	assert_vals(sa, wa, TREE1_N);
	assert_double_equal(sb[3], 1.0, EPS);
	assert_double_equal(sb[2], 0.5, EPS);
	an_tree_free(&t);
}

/* Min-max over the nodes having both; a constant signal maps to 0.5. */
static void
test_analysis_disagree_norm(void **state)
{
	static const double	 a[] = { NA, 0.9, 0.5, 0.5, 7, NA, 0.1, NA };
	static const double	 b[] = { 0, 0.1, 0.5, 0.9, NA, 3, 0.1, NA };
	static const double	 want[] = { NA, 1, 0, 0.5, NA, NA, 0, NA };
	static const double	 c[] = { 2, 2, 2 }, d[] = { 0, 1, 0.5 };
	static const double	 wc[] = { 0.5, 0.5, 0 };
	static const int32_t	 p[] = { -1, 0, 0 };
	struct an_tree		 t;
	double			 s[TREE1_N];

	(void)state;
	an_tree_build(&t, tree1, TREE1_N);
	an_disagree(&t, a, b, AN_SCALE_NORM, s, NULL, NULL);
	assert_vals(s, want, TREE1_N);
	an_tree_free(&t);
	an_tree_build(&t, p, 3);
	an_disagree(&t, c, d, AN_SCALE_NORM, s, NULL, NULL);
	assert_vals(s, wc, 3);
	an_tree_free(&t);
	assert_int_equal(an_scale_lookup("rank"), AN_SCALE_RANK);
	assert_int_equal(an_scale_lookup("norm"), AN_SCALE_NORM);
	assert_int_equal(an_scale_lookup("z"), -1);
	assert_string_equal(an_scale_name(AN_SCALE_NORM), "norm");
}

/* Highest first, ties by lower index, absent scores never listed. */
static void
test_analysis_top(void **state)
{
	static const double	 s[] = { 0.5, NA, 0.9, 0.5, 0.1, NA, 0.5 };
	uint32_t		 top[10];
	double			*big;
	uint32_t		 i;

	(void)state;
	assert_int_equal(an_top(s, 7, 3, top), 3);
	assert_int_equal(top[0], 2);
	assert_int_equal(top[1], 0);
	assert_int_equal(top[2], 3);
	assert_int_equal(an_top(s, 7, 10, top), 5);
	assert_int_equal(top[3], 6);
	assert_int_equal(top[4], 4);
	assert_int_equal(an_top(s, 7, 0, top), 0);
	/* A heap through many replacements still gives the true top. */
	big = calloc(10000, sizeof *big);
	for (i = 0; i < 10000; i++)
		big[i] = (double)((i * 7919) % 10000);
	assert_int_equal(an_top(big, 10000, 4, top), 4);
	assert_double_equal(big[top[0]], 9999, EPS);
	assert_double_equal(big[top[3]], 9996, EPS);
	free(big);
}

/*
 * Pairs (0.1,0) (0.4,0) (0.35,1) (0.8,1) (1,1), two bins:
 * [0,0.5): 3 pairs, mean 0.85/3, observed 1/3; [0.5,1]: 2, 0.9, 1.
 * Brier (0.01 + 0.16 + 0.4225 + 0.04 + 0) / 5 = 0.1265.
 * AUROC: 5 of the 6 positive-negative pairs are ordered right.
 */
static void
test_analysis_calibrate(void **state)
{
	static const double	 p[] = { 0.1, 0.4, 0.35, 0.8, 1.0, NA, 0.5 };
	static const double	 t[] = { 0, 0, 1, 1, 1, 1, NA };
	struct an_calib		 c;

	(void)state;
	an_calibrate(p, t, 7, 2, &c);
	assert_int_equal(c.n, 5);
	assert_false(c.scaled);
	assert_int_equal(c.bins[0].count, 3);
	assert_double_equal(c.bins[0].mean_pred, 0.85 / 3, 1e-12);
	assert_double_equal(c.bins[0].observed, 1.0 / 3, 1e-12);
	assert_int_equal(c.bins[1].count, 2);
	assert_double_equal(c.bins[1].mean_pred, 0.9, 1e-12);
	assert_double_equal(c.bins[1].observed, 1, 1e-12);
	assert_double_equal(c.brier, 0.1265, 1e-12);
	assert_double_equal(c.auroc, 5.0 / 6, 1e-12);
}

/*
 * A million pairs are sorted by a radix sort (qsort below 4096): over
 * 20000 pairs with many ties, -0.0 beside 0.0 and negative predictions
 * (rescaled), the AUROC equals the count over every positive-negative
 * pair, and the 1000 pairs that fit qsort give it too.
 */
static void
test_analysis_calibrate_radix(void **state)
{
	enum { N = 20000 };
	double		*p, *t, *sp, lo = 0, hi = 0, want;
	double		 npos, nneg, good;
	struct an_calib	 c;
	uint32_t	 i, j, n;
	uint32_t	 seed = 12345;

	(void)state;
	p = xcalloc(N, sizeof *p);
	t = xcalloc(N, sizeof *t);
	sp = xcalloc(N, sizeof *sp);
	for (n = 1000; n <= N; n += N - 1000) {
		for (i = 0; i < n; i++) {
			seed = seed * 1103515245u + 12345u;
			p[i] = (double)((seed >> 8) % 97) / 64.0 - 0.25;
			if (i % 50 == 0)
				p[i] = i % 100 == 0 ? -0.0 : 0.0;
			t[i] = (seed >> 20) % 5 == 0 ? 0.5 :
			    (double)((seed >> 16) % 2);
			if (i % 333 == 0)
				p[i] = NA;
		}
		for (i = 0; i < n; i++) {
			if (cn_hasval(p[i]) && (i == 0 || p[i] < lo))
				lo = p[i];
			if (cn_hasval(p[i]) && (i == 0 || p[i] > hi))
				hi = p[i];
		}
		for (i = 0; i < n; i++)
			sp[i] = (p[i] - lo) / (hi - lo);
		npos = nneg = good = 0;
		for (i = 0; i < n; i++) {
			if (!cn_hasval(p[i]) || t[i] <= 0.5)
				continue;
			npos++;
			for (j = 0; j < n; j++) {
				if (!cn_hasval(p[j]) || t[j] >= 0.5)
					continue;
				good += sp[i] > sp[j] ? 1 :
				    sp[i] == sp[j] ? 0.5 : 0;
			}
		}
		for (j = 0; j < n; j++)
			nneg += cn_hasval(p[j]) && t[j] < 0.5;
		want = good / (npos * nneg);
		an_calibrate(p, t, n, 10, &c);
		assert_true(c.scaled);
		assert_double_equal(c.auroc, want, 1e-12);
	}
	free(p);
	free(t);
	free(sp);
}

/* Ties count one half; one class gives no AUROC; empty bins are empty. */
static void
test_analysis_calibrate_edges(void **state)
{
	static const double	 p1[] = { 0.5, 0.5 }, t1[] = { 1, 0 };
	static const double	 p2[] = { 0.2, 0.7 }, t2[] = { 1, 1 };
	static const double	 p3[] = { -1, 1, 0 }, t3[] = { 0, 1, 0.5 };
	struct an_calib		 c;

	(void)state;
	an_calibrate(p1, t1, 2, 10, &c);
	assert_double_equal(c.auroc, 0.5, EPS);
	assert_int_equal(c.bins[5].count, 2);
	assert_true(isnan(c.bins[0].mean_pred));
	an_calibrate(p2, t2, 2, 10, &c);
	assert_true(isnan(c.auroc));
	assert_double_equal(c.brier, (0.64 + 0.09) / 2, 1e-12);
	/* Outside [0, 1]: rescaled; a target of 0.5 is out of the AUROC. */
	an_calibrate(p3, t3, 3, 4, &c);
	assert_true(c.scaled);
	assert_double_equal(c.lo, -1, EPS);
	assert_double_equal(c.hi, 1, EPS);
	assert_double_equal(c.brier, 0, EPS);
	assert_double_equal(c.auroc, 1, EPS);
	assert_int_equal(c.bins[3].count, 1);
	assert_int_equal(c.bins[2].count, 1);
	an_calibrate(p3, t3, 0, 0, &c);
	assert_int_equal(c.n, 0);
	assert_int_equal(c.nbins, 1);
	assert_true(isnan(c.brier));
}

static void
test_analysis_hist(void **state)
{
	static const double	 v[] = { 0, 0.25, 0.5, 1.0, NA, 2, 0.2 };
	int64_t			 counts[4];
	double			 lo, hi;

	(void)state;
	assert_int_equal(an_hist(v, 7, 0, 1, 4, counts), 5);
	assert_int_equal(counts[0], 2);
	assert_int_equal(counts[1], 1);
	assert_int_equal(counts[2], 1);
	assert_int_equal(counts[3], 1);
	assert_int_equal(an_range(v, 7, &lo, &hi), 1);
	assert_double_equal(lo, 0, EPS);
	assert_double_equal(hi, 2, EPS);
	assert_int_equal(an_range(v + 4, 1, &lo, &hi), 0);
}

/*
 * A: r ─┬─ x ── z        B: r ─┬─ x ─┬─ z
 *       ├─ y                    │     └─ q
 *       └─ x                    ├─ w
 *                               └─ x
 * Duplicate texts pair in order; B's extras follow A's children.
 */
static void
test_analysis_align(void **state)
{
	static const int32_t	 pa[] = { -1, 0, 0, 0, 1 };
	static const char *const ta[] = { "r", "x", "y", "x", "z" };
	static const int32_t	 pb[] = { -1, 0, 0, 0, 1, 1 };
	static const char *const tb[] = { "r", "x", "w", "x", "z", "q" };
	static const struct an_pair want[] = {
		{ 0, 0, 0 }, { 1, 1, 1 }, { 4, 4, 2 }, { -1, 5, 2 },
		{ 2, -1, 1 }, { 3, 3, 1 }, { -1, 2, 1 }
	};
	struct an_tree		 a, b;
	struct an_align		 al;
	size_t			 i;

	(void)state;
	an_tree_build(&a, pa, 5);
	an_tree_build(&b, pb, 6);
	an_align(&a, ta, 0, &b, tb, 0, &al);
	assert_int_equal(al.n, 7);
	for (i = 0; i < al.n; i++) {
		assert_int_equal(al.pairs[i].a, want[i].a);
		assert_int_equal(al.pairs[i].b, want[i].b);
		assert_int_equal(al.pairs[i].depth, want[i].depth);
	}
	assert_int_equal(al.both, 4);
	assert_int_equal(al.only_a, 1);
	assert_int_equal(al.only_b, 2);
	an_align_free(&al);
	/* A subtree against itself: everything pairs. */
	an_align(&a, ta, 1, &a, ta, 1, &al);
	assert_int_equal(al.n, 2);
	assert_int_equal(al.both, 2);
	an_align_free(&al);
	an_tree_free(&a);
	an_tree_free(&b);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_analysis_mc),
	cmocka_unit_test(test_analysis_mc_order_and_cycles),
	cmocka_unit_test(test_analysis_best_leaf),
	cmocka_unit_test(test_analysis_delta_and_sub),
	cmocka_unit_test(test_analysis_disagree_rank),
	cmocka_unit_test(test_analysis_disagree_norm),
	cmocka_unit_test(test_analysis_top),
	cmocka_unit_test(test_analysis_calibrate),
	cmocka_unit_test(test_analysis_calibrate_edges),
	cmocka_unit_test(test_analysis_calibrate_radix),
	cmocka_unit_test(test_analysis_hist),
	cmocka_unit_test(test_analysis_align))

/*
 * test-traces-model.c - the traces list's window (tui/traces-model.c) and
 * its keyset reads (store/store-traces.c), against a real database.
 *
 * 9000 traces t00000..t08999, one root node each: reward (i % 50) / 50
 * (many ties) except every 7th, which has none; problem "problem <i>",
 * with "needle" in every 1000th. More traces than one slice of counting
 * (TL_CHUNK), so the counts take several idle steps.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store.h"
#include "store-traces.h"
#include "traces-model.h"
#include "cn-test.h"
#include "store-test.h"

#define NTRACES	9000

struct fx {
	struct tmpdb		 db;
	struct traces_model	*m;
};

/* The cause of the call ok() checks: every call here must succeed. */
static char	*cause;

static void
ok(int rc)
{
	if (rc != 0)
		fail_msg("%s", cause != NULL ? cause : "failed");
}

static double
reward_of(int i)
{
	return i % 7 == 0 ? CN_NOVAL : (double)(i % 50) / 50;
}

/* Traces t<from>..t<to - 1>, one root each, as one import. */
static void
add_traces(struct fx *fx, int from, int to)
{
	char	ext[16], prob[64];
	int	i;

	store_test_begin(&fx->db, NULL);
	for (i = from; i < to; i++) {
		snprintf(ext, sizeof ext, "t%05d", i);
		snprintf(prob, sizeof prob, "problem %d%s", i,
		    i % 1000 == 0 ? " with a needle" : "");
		store_test_trace(&fx->db, ext, prob);
		store_test_node_sig(&fx->db, "r", NULL, "root", CN_NOVAL,
		    reward_of(i), CN_NOVAL);
	}
	store_test_end_ok(&fx->db, NULL);
}

static int
setup(void **state)
{
	struct fx	*fx = xcalloc(1, sizeof *fx);

	tmpdb_open(&fx->db);
	add_traces(fx, 0, NTRACES);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	tl_free(fx->m);
	tmpdb_close(&fx->db);
	free(fx);
	return 0;
}

/* Runs the idle counting to its end; returns the steps it took. */
static int
drain(struct fx *fx)
{
	int	r, n = 0;

	while ((r = tl_idle(fx->m, &cause)) == 1)
		n++;
	assert_int_equal(r, 0);
	return n;
}

struct counts {
	int64_t	all, match, pos;
};

/* The counts as they stand. */
static struct counts
counts(struct fx *fx)
{
	struct counts	c;

	tl_counts(fx->m, &c.all, &c.match, &c.pos);
	return c;
}

/* The counts, once counted. */
static struct counts
counted(struct fx *fx)
{
	drain(fx);
	return counts(fx);
}

static const char *
cur_ext(struct fx *fx)
{
	return tl_row(fx->m, tl_cursor(fx->m))->ext;
}

static void
test_opens_and_counts_in_slices(void **state)
{
	struct fx	*fx = *state;
	struct counts	 c;

	ok(tl_open(fx->db.st, 10, &fx->m, &cause));
	assert_int_equal(tl_nrows(fx->m), 10);
	assert_string_equal(tl_row(fx->m, 0)->ext, "t00000");
	assert_string_equal(tl_row(fx->m, 9)->ext, "t00009");
	assert_string_equal(tl_row(fx->m, 0)->problem, "problem 0 with a"
	    " needle");
	/* Not counted yet: more ids than one slice. */
	assert_int_equal(counts(fx).all, -1);
	assert_true(tl_idle_pending(fx->m));
	assert_true(drain(fx) >= 2);
	c = counts(fx);
	assert_int_equal(c.all, NTRACES);
	assert_int_equal(c.match, NTRACES);
	assert_int_equal(c.pos, 0);
}

/* g while counting: the place is known, moves keep it, counting ends. */
static void
test_home_while_counting_keeps_the_place(void **state)
{
	struct fx	*fx = *state;
	struct counts	 c;

	ok(tl_open(fx->db.st, 10, &fx->m, &cause));
	assert_true(tl_idle_pending(fx->m));
	ok(tl_move(fx->m, 30, &cause));
	ok(tl_home(fx->m, &cause));
	ok(tl_move(fx->m, 12, &cause));
	c = counted(fx);
	assert_string_equal(cur_ext(fx), "t00012");
	assert_int_equal(c.pos, 12);
	assert_int_equal(c.match, NTRACES);
}

static void
test_moves_pages_and_ends(void **state)
{
	struct fx	*fx = *state;

	ok(tl_open(fx->db.st, 10, &fx->m, &cause));
	drain(fx);
	ok(tl_move(fx->m, 100, &cause));
	assert_string_equal(cur_ext(fx), "t00100");
	/* The cursor is on the last row after scrolling down. */
	assert_int_equal(tl_cursor(fx->m), 9);
	assert_string_equal(tl_row(fx->m, 0)->ext, "t00091");
	ok(tl_move(fx->m, -3, &cause));
	assert_string_equal(cur_ext(fx), "t00097");
	ok(tl_move(fx->m, -20, &cause));
	assert_string_equal(cur_ext(fx), "t00077");
	assert_int_equal(tl_cursor(fx->m), 0);
	assert_int_equal(counts(fx).pos, 77);
	ok(tl_end(fx->m, &cause));
	assert_string_equal(cur_ext(fx), "t08999");
	assert_int_equal(tl_nrows(fx->m), 10);
	assert_int_equal(counts(fx).pos, NTRACES - 1);
	/* Past the end: stays. */
	ok(tl_move(fx->m, 5, &cause));
	assert_string_equal(cur_ext(fx), "t08999");
	ok(tl_home(fx->m, &cause));
	assert_string_equal(cur_ext(fx), "t00000");
	ok(tl_move(fx->m, -5, &cause));
	assert_string_equal(cur_ext(fx), "t00000");
	assert_int_equal(counts(fx).pos, 0);
}

/* The expected order of reward sorts: absent as +infinity, ties by id. */
static int	cmp_desc;
static int
cmp_reward(const void *pa, const void *pb)
{
	int	a = *(const int *)pa, b = *(const int *)pb;
	double	ra = reward_of(a), rb = reward_of(b);
	int	c;

	if (!cn_hasval(ra))
		ra = 1e300;
	if (!cn_hasval(rb))
		rb = 1e300;
	c = ra < rb ? -1 : ra > rb;
	if (c == 0)
		c = a < b ? -1 : a > b;
	return cmp_desc ? -c : c;
}

/*
 * The ids 0 .. n - 1 (NTRACES room; the caller frees) in the order of a
 * reward sort, descending if desc.
 */
static int *
by_reward(int n, int desc)
{
	int	*want = xcalloc(NTRACES, sizeof *want), i;

	for (i = 0; i < n; i++)
		want[i] = i;
	cmp_desc = desc;
	qsort(want, (size_t)n, sizeof *want, cmp_reward);
	return want;
}

/* Where id stands in want. */
static int
index_of(const int *want, int n, int id)
{
	int	i;

	for (i = 0; i < n; i++)
		if (want[i] == id)
			return i;
	fail_msg("t%05d is not in the list", id);
	return -1;
}

/* Walks the whole list one row at a time, both ways, against want. */
static void
walk(struct fx *fx, const int *want, int n)
{
	char	 ext[16];
	int	 i;

	ok(tl_home(fx->m, &cause));
	for (i = 0; i < n; i++) {
		snprintf(ext, sizeof ext, "t%05d", want[i]);
		assert_string_equal(cur_ext(fx), ext);
		ok(tl_move(fx->m, 1, &cause));
	}
	ok(tl_end(fx->m, &cause));
	for (i = n - 1; i >= 0; i -= 7) {
		snprintf(ext, sizeof ext, "t%05d", want[i]);
		assert_string_equal(cur_ext(fx), ext);
		ok(tl_move(fx->m, -7, &cause));
	}
}

/* Walks the whole list against the reward sort. */
static void
walk_by_reward(struct fx *fx, int desc)
{
	int	*want = by_reward(NTRACES, desc);

	walk(fx, want, NTRACES);
	free(want);
}

static void
test_sorts_by_keyset_with_ties_and_absent_values(void **state)
{
	struct fx	*fx = *state;
	int		 desc;

	ok(tl_open(fx->db.st, 13, &fx->m, &cause));
	for (desc = 0; desc < 2; desc++) {
		ok(tl_set_order(fx->m, STORE_TCOL_REWARD, desc, &cause));
		walk_by_reward(fx, desc);
	}
}

static void
test_sort_keeps_the_cursor_and_its_place(void **state)
{
	struct fx	*fx = *state;
	int		*want;

	ok(tl_open(fx->db.st, 10, &fx->m, &cause));
	ok(tl_move(fx->m, 1234, &cause));
	assert_string_equal(cur_ext(fx), "t01234");
	ok(tl_set_order(fx->m, STORE_TCOL_REWARD, 1, &cause));
	assert_string_equal(cur_ext(fx), "t01234");
	want = by_reward(NTRACES, 1);
	assert_int_equal(counted(fx).pos, index_of(want, NTRACES, 1234));
	free(want);
	/* Moves made while counting count too. */
	ok(tl_set_order(fx->m, STORE_TCOL_ID, 0, &cause));
	ok(tl_move(fx->m, 5, &cause));
	assert_int_equal(counted(fx).pos, 1239);
	assert_string_equal(cur_ext(fx), "t01239");
}

static void
test_filter_matches_problem_and_id(void **state)
{
	struct fx	*fx = *state;
	char		 ext[16];
	struct counts	 c;
	int		 i;

	ok(tl_open(fx->db.st, 5, &fx->m, &cause));
	drain(fx);
	ok(tl_set_filter(fx->m, "NEEDLE", &cause));
	c = counted(fx);
	assert_int_equal(c.all, NTRACES);
	assert_int_equal(c.match, 9);
	/* The cursor's trace (t00000) matches: it stays. */
	assert_string_equal(cur_ext(fx), "t00000");
	for (i = 0; i < 9; i++) {
		snprintf(ext, sizeof ext, "t%05d", i * 1000);
		assert_string_equal(cur_ext(fx), ext);
		ok(tl_move(fx->m, 1, &cause));
	}
	ok(tl_end(fx->m, &cause));
	assert_string_equal(cur_ext(fx), "t08000");
	assert_int_equal(tl_nrows(fx->m), 5);
	/* By id; LIKE's wildcards are literal characters. */
	ok(tl_set_filter(fx->m, "t0420", &cause));
	assert_int_equal(counted(fx).match, 10);
	assert_string_equal(cur_ext(fx), "t04200");
	ok(tl_set_filter(fx->m, "t0_20", &cause));
	assert_int_equal(counted(fx).match, 0);
	assert_int_equal(tl_nrows(fx->m), 0);
	assert_int_equal(tl_cursor_id(fx->m), 0);
	ok(tl_set_filter(fx->m, NULL, &cause));
	assert_string_equal(cur_ext(fx), "t00000");
}

static void
test_reload_keeps_the_cursor_and_counts_new_traces(void **state)
{
	struct fx	*fx = *state;
	struct counts	 c;
	int64_t		 id;

	ok(tl_open(fx->db.st, 10, &fx->m, &cause));
	ok(tl_move(fx->m, 4321, &cause));
	id = tl_cursor_id(fx->m);
	drain(fx);
	add_traces(fx, NTRACES, NTRACES + 3);
	ok(tl_reload(fx->m, &cause));
	assert_int_equal(tl_cursor_id(fx->m), id);
	/* The old counts show until the new ones are in. */
	assert_int_equal(counts(fx).all, NTRACES);
	c = counted(fx);
	assert_int_equal(c.all, NTRACES + 3);
	assert_int_equal(c.pos, 4321);
	/* A trace chosen elsewhere (BS from its tree) gets the cursor. */
	ok(tl_goto(fx->m, id + 1000, &cause));
	assert_string_equal(cur_ext(fx), "t05321");
	assert_int_equal(tl_cursor(fx->m), 5);
	assert_int_equal(counted(fx).pos, 5321);
}

static void
test_outcome_column_follows_the_root_summary(void **state)
{
	struct fx	*fx = *state;
	const char	*ids[] = { "a", "b", "c" };
	double		 out[] = { 1, 0, 1 };
	int		 i;

	store_test_begin(&fx->db, NULL);
	store_test_trace(&fx->db, "zz-outcome", NULL);
	store_test_node(&fx->db, "r", NULL, "root");
	for (i = 0; i < 3; i++)
		store_test_node_sig(&fx->db, ids[i], "r", "leaf", CN_NOVAL,
		    CN_NOVAL, out[i]);
	store_test_end_ok(&fx->db, NULL);
	ok(tl_open(fx->db.st, 3, &fx->m, &cause));
	ok(tl_end(fx->m, &cause));
	assert_string_equal(cur_ext(fx), "zz-outcome");
	assert_double_equal(tl_row(fx->m, tl_cursor(fx->m))->outcome,
	    2.0 / 3, 1e-9);
	/* Outcome sorts: 2/3 comes before every trace without one. */
	ok(tl_set_order(fx->m, STORE_TCOL_OUTCOME, 0, &cause));
	ok(tl_home(fx->m, &cause));
	assert_string_equal(cur_ext(fx), "zz-outcome");
}

/* One trace of its own with problem prob, after the 9000. */
static void
add_one(struct fx *fx, const char *ext, const char *prob)
{
	store_test_begin(&fx->db, NULL);
	store_test_trace(&fx->db, ext, prob);
	store_test_node(&fx->db, "r", NULL, "root");
	store_test_end_ok(&fx->db, NULL);
}

/* The match count of filter f, once counted. */
static int64_t
matches(struct fx *fx, const char *f)
{
	ok(tl_set_filter(fx->m, f, &cause));
	return counted(fx).match;
}

/* The trigram index picks the read by the number of candidates. */
static void
test_filter_reads_by_candidates(void **state)
{
	static const struct {
		const char	*filter;
		int		 set;
		int64_t		 n;
	} cases[] = {
		{ "needle", STORE_TSET_SCAN, 9 },
		/* 4, 40-49, 400-499, 4000-4999. */
		{ "problem 4", STORE_TSET_SCAN, 1111 },
		{ "ROBLEM", STORE_TSET_WALK, NTRACES },
		/* Two characters make no trigram: the walk tests every row. */
		{ "ne", STORE_TSET_NONE, -1 },
	};
	struct fx		*fx = *state;
	struct store_tlist	 q;
	int64_t			 n;
	size_t			 i;

	memset(&q, 0, sizeof q);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		q.filter = cases[i].filter;
		ok(store_tlist_filter(fx->db.st, &q, &n, &cause));
		if (q.set != cases[i].set || n != cases[i].n)
			fail_msg("filter %s: set %d, %" PRId64 " candidates",
			    q.filter, q.set, n);
	}
	q.filter = NULL;
	ok(store_tlist_filter(fx->db.st, &q, &n, &cause));
	assert_int_equal(q.set, STORE_TSET_NONE);
}

/* A match at the far end of a million-like walk: found, and only it. */
static void
test_filter_rare_match_at_the_far_end(void **state)
{
	struct fx	*fx = *state;
	struct counts	 c;

	add_one(fx, "zz-rare", "only here: a platypus");
	ok(tl_open(fx->db.st, 10, &fx->m, &cause));
	ok(tl_move(fx->m, 3, &cause));
	ok(tl_set_filter(fx->m, "platyp", &cause));
	assert_int_equal(tl_nrows(fx->m), 1);
	assert_string_equal(cur_ext(fx), "zz-rare");
	/* Descending, it is the first row; the ends find it too. */
	ok(tl_set_order(fx->m, STORE_TCOL_ID, 1, &cause));
	assert_string_equal(cur_ext(fx), "zz-rare");
	ok(tl_end(fx->m, &cause));
	assert_string_equal(cur_ext(fx), "zz-rare");
	ok(tl_move(fx->m, -1, &cause));
	assert_int_equal(tl_nrows(fx->m), 1);
	c = counted(fx);
	assert_int_equal(c.all, NTRACES + 1);
	assert_int_equal(c.match, 1);
	assert_int_equal(c.pos, 0);
	/* The trigrams in another order are candidates, not matches. */
	assert_int_equal(matches(fx, "pusplaty"), 0);
	assert_int_equal(tl_nrows(fx->m), 0);
}

/* The cursor stays on its trace while the filter narrows and sorts. */
static void
test_filter_keeps_the_cursor_across_keys_and_sorts(void **state)
{
	struct fx	*fx = *state;
	const char	*typed[] = { "p", "pr", "pro", "problem", "problem 4",
			    "problem 43", "problem 432" };
	struct counts	 c;
	int		*want, n = 0, i;

	ok(tl_open(fx->db.st, 10, &fx->m, &cause));
	ok(tl_goto(fx->m, 4321 + 1, &cause));
	assert_string_equal(cur_ext(fx), "t04321");
	for (i = 0; i < (int)(sizeof typed / sizeof typed[0]); i++) {
		ok(tl_set_filter(fx->m, typed[i], &cause));
		assert_string_equal(cur_ext(fx), "t04321");
	}
	/* 432, 4320-4329 by reward, descending: the small set sorted. */
	ok(tl_set_order(fx->m, STORE_TCOL_REWARD, 1, &cause));
	assert_string_equal(cur_ext(fx), "t04321");
	want = xcalloc(NTRACES, sizeof *want);
	want[n++] = 432;
	for (i = 4320; i < 4330; i++)
		want[n++] = i;
	cmp_desc = 1;
	qsort(want, (size_t)n, sizeof *want, cmp_reward);
	c = counted(fx);
	assert_int_equal(c.match, n);
	assert_int_equal(c.pos, index_of(want, n, 4321));
	walk(fx, want, n);
	free(want);
	/* A filter all traces pass walks the sort index with the set. */
	ok(tl_set_filter(fx->m, "roblem", &cause));
	walk_by_reward(fx, 1);
}

/* A filter, how many traces it matches, and the cursor's (NULL: any). */
struct match_case {
	const char	*filter;
	int64_t		 n;
	const char	*ext;
};

/* Sets each filter of c in turn on a list opened 10 rows high. */
static void
assert_matches(struct fx *fx, const struct match_case *c, size_t n)
{
	size_t	i;
	int64_t	got;

	ok(tl_open(fx->db.st, 10, &fx->m, &cause));
	for (i = 0; i < n; i++) {
		if ((got = matches(fx, c[i].filter)) != c[i].n)
			fail_msg("filter \"%s\": %lld matches, not %lld",
			    c[i].filter, (long long)got, (long long)c[i].n);
		if (c[i].ext != NULL && strcmp(cur_ext(fx), c[i].ext) != 0)
			fail_msg("filter \"%s\": at %s, not %s", c[i].filter,
			    cur_ext(fx), c[i].ext);
	}
}

/* Problem text in UTF-8: ASCII case is ignored, other case is not. */
static void
test_filter_utf8_problem_text(void **state)
{
	static const struct match_case	cases[] = {
		{ "ünïcödé", 0, NULL },
		{ "Ünïcödé", 1, "zz-utf8" },
		{ "NAÏVE CAFÉ", 0, NULL },
		{ "NAïVE CAFé", 1, NULL },
		{ "déjà", 1, NULL },
		{ "jà", 1, NULL },
		/* Not UTF-8: no trigrams, the walk still finds nothing wrong. */
		{ "d\xc3", 0, NULL },
		{ "\xff\xfe\xfd", 0, NULL },
	};

	add_one(*state, "zz-utf8", "Ünïcödé déjà vu, naïve café");
	assert_matches(*state, cases, sizeof cases / sizeof cases[0]);
}

/* % _ \ and " in a filter are the characters themselves. */
static void
test_filter_special_characters_are_literal(void **state)
{
	static const char *const	traces[][2] = {
		{ "zz-pct", "50% off" }, { "zz-pcx", "50x off" },
		{ "zz-und", "a_b c" }, { "zz-unx", "axb c" },
		{ "zz-bsl", "back\\slash" }, { "zz-quo", "say \"hi\" now" },
	};
	static const struct match_case	cases[] = {
		{ "50% off", 1, "zz-pct" },
		{ "0%", 1, NULL },
		{ "a_b", 1, "zz-und" },
		{ "_", 1, NULL },
		{ "k\\s", 1, "zz-bsl" },
		{ "\\", 1, NULL },
		{ "\"hi\"", 1, "zz-quo" },
		{ "y \"h", 1, NULL },
		{ "%%%", 0, NULL },
		{ "\"\"\"", 0, NULL },
	};
	size_t				i;

	for (i = 0; i < sizeof traces / sizeof traces[0]; i++)
		add_one(*state, traces[i][0], traces[i][1]);
	assert_matches(*state, cases, sizeof cases / sizeof cases[0]);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
CN_TEST_MAIN(
	T(test_opens_and_counts_in_slices),
	T(test_moves_pages_and_ends),
	T(test_home_while_counting_keeps_the_place),
	T(test_sorts_by_keyset_with_ties_and_absent_values),
	T(test_sort_keeps_the_cursor_and_its_place),
	T(test_filter_matches_problem_and_id),
	T(test_reload_keeps_the_cursor_and_counts_new_traces),
	T(test_outcome_column_follows_the_root_summary),
	T(test_filter_reads_by_candidates),
	T(test_filter_rare_match_at_the_far_end),
	T(test_filter_keeps_the_cursor_across_keys_and_sorts),
	T(test_filter_utf8_problem_text),
	T(test_filter_special_characters_are_literal))
#undef T

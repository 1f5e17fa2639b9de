/*
 * test-tree-chain.c - the tree model on long chains (issue 15): the
 * chains the import records (store-chain.c), G and goto across them in a
 * few reads, folds inside a chain, a sibling added to a chain later (a
 * rerun), and the window staying window-sized.
 *
 * Trace "chain": c0 -> c1 -> ... -> c2999 (visits falling with depth).
 * Trace "fork": root with two children, f0 -> ... -> f1999 and the leaf z.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "store.h"
#include "store-live.h"
#include "tree-model.h"
#include "cn-test.h"
#include "tmpdb.h"
#include "tm-test.h"

#define CHAIN	3000
#define FORK	2000
#define HEIGHT	20

static void
node(struct fx *fx, const char *ext, const char *parent, double visits)
{
	fx_node(fx, ext, parent, ext, visits, CN_NOVAL, CN_NOVAL);
}

static int
setup(void **state)
{
	struct fx	*fx = fx_begin("c.jsonl");
	char		 ext[16], par[16];
	int		 i;

	trace(fx, "chain");
	node(fx, "c0", NULL, CHAIN);
	for (i = 1; i < CHAIN; i++) {
		snprintf(ext, sizeof ext, "c%d", i);
		snprintf(par, sizeof par, "c%d", i - 1);
		node(fx, ext, par, CHAIN - i);
	}
	trace(fx, "fork");
	node(fx, "root", NULL, 1);
	node(fx, "f0", "root", 1);
	for (i = 1; i < FORK; i++) {
		snprintf(ext, sizeof ext, "f%d", i);
		snprintf(par, sizeof par, "f%d", i - 1);
		node(fx, ext, par, 1);
	}
	node(fx, "z", "root", 1);
	return fx_end(fx, state);
}

/* The trace in a HEIGHT-row window, with the best path open if best. */
static void
open_chain(struct fx *fx, const char *name, int best)
{
	char	*cause = NULL;

	open_trace(fx, name, HEIGHT);
	if (best)
		assert_int_equal(tm_best_path(fx->tm, &cause), 0);
}

/* The window is one path: each row one deeper than the row above. */
static void
assert_window_is_path(struct fx *fx, int last_depth)
{
	int	i, n = tm_nrows(fx->tm);

	assert_int_equal(n, HEIGHT);
	for (i = 0; i < n; i++)
		assert_int_equal(tm_row(fx->tm, i)->node.depth,
		    last_depth - (n - 1 - i));
}

static void
test_chain_is_recorded(void **state)
{
	struct fx		*fx = *state;
	struct store_anc	*a;
	int64_t			 top, at, end, mid;
	size_t			 na;
	int			 d, dt, de;
	char			*cause = NULL;

	mid = id_of(fx, "chain/c1500");
	assert_int_equal(store_chain_of(fx->st, mid, &top, &d, &dt, &cause),
	    1);
	assert_int_equal(top, id_of(fx, "chain/c0"));
	assert_int_equal(d, 1500);
	assert_int_equal(dt, 0);
	assert_int_equal(store_chain_at(fx->st, top, 1500, &at, &cause), 1);
	assert_int_equal(at, mid);
	assert_int_equal(store_chain_down(fx->st, mid, &end, &de, &cause), 1);
	assert_int_equal(end, id_of(fx, "chain/c2999"));
	assert_int_equal(de, CHAIN - 1);
	/* 1500 ancestors in one entry, the same as one per level says. */
	assert_int_equal(store_ancestor_runs(fx->st, mid, &a, &na, &cause),
	    0);
	assert_int_equal(na, 1);
	assert_int_equal(a[0].id, top);
	assert_int_equal(a[0].depth, 0);
	assert_int_equal(a[0].to, 1499);
	free(a);
	assert_int_equal(store_ancestor_keys(fx->st, mid, &a, &na, &cause),
	    0);
	assert_int_equal(na, 1500);
	assert_int_equal(a[1499].id, id_of(fx, "chain/c1499"));
	assert_int_equal(a[1499].to, a[1499].depth);
	free(a);
	/* The fork's chain starts below the root, which has two children. */
	assert_int_equal(store_chain_of(fx->st, id_of(fx, "fork/f7"), &top, &d,
	    &dt, &cause), 1);
	assert_int_equal(top, id_of(fx, "fork/f0"));
	assert_int_equal(store_chain_of(fx->st, id_of(fx, "fork/root"), &top,
	    &d, &dt, &cause), 0);
}

static void
test_chain_end_lands_on_last_node(void **state)
{
	struct fx	*fx = *state;

	open_chain(fx, "chain", 1);
	fx_play(fx, "G @ c2999");
	assert_int_equal(tm_cursor(fx->tm), HEIGHT - 1);
	assert_window_is_path(fx, CHAIN - 1);
	assert_true(tm_memory(fx->tm) < 32 * 1024);
	/* Nothing below the end; up (HEIGHT + 5) and back down again. */
	fx_play(fx,
	    "+1 @ c2999\n"
	    "-25 @ c2974\n"
	    "p1 g @ c0");
}

static void
test_chain_end_without_best_path_stays_folded(void **state)
{
	struct fx	*fx = *state;

	/* Only the root is open: the end is its child. */
	open_chain(fx, "chain", 0);
	fx_play(fx, "G @ c1");
	assert_int_equal(tm_nrows(fx->tm), 2);
}

static void
test_chain_goto_middle(void **state)
{
	struct fx		*fx = *state;
	const struct tm_row	*r;
	int			 i;

	open_chain(fx, "chain", 0);
	fx_play(fx, ">chain/c1500 @ c1500");
	assert_int_equal(tm_cursor_node(fx->tm)->depth, 1500);
	/* Nothing below it (folded): the rows above fill the screen. */
	assert_int_equal(tm_cursor(fx->tm), HEIGHT - 1);
	assert_window_is_path(fx, 1500);
	for (i = 0; i < tm_cursor(fx->tm); i++) {
		r = tm_row(fx->tm, i);
		assert_true(r->expanded);
	}
	assert_false(tm_row(fx->tm, tm_cursor(fx->tm))->expanded);
	assert_true(tm_memory(fx->tm) < 32 * 1024);
	/* G now ends on it (the chain below is folded); opening shows. */
	fx_play(fx,
	    "G @ c1500\n"
	    "e +1 @ c1501");
}

static void
test_chain_fold_inside_opened_stretch(void **state)
{
	struct fx	*fx = *state;

	open_chain(fx, "chain", 1);
	fx_play(fx, ">chain/c1500 -5 @ c1495\n"
	    "c");
	assert_false(tm_row(fx->tm, tm_cursor(fx->tm))->expanded);
	assert_int_equal(tm_cursor(fx->tm), tm_nrows(fx->tm) - 1);
	/*
	 * G stops at the fold, even on the best path; goto below the fold
	 * opens it again; collapse all forgets the opened stretches.
	 */
	fx_play(fx,
	    "G @ c1495\n"
	    ">chain/c2000 @ c2000\n"
	    "G @ c2999\n"
	    "C G @ c1");
}

static void
test_chain_climbs_to_the_sibling(void **state)
{
	struct fx	*fx = *state;

	open_chain(fx, "fork", 0);
	/* Out of a 2000-deep chain to the root's other child, and back. */
	fx_play(fx,
	    "G @ z\n"
	    ">fork/f1998 e +1 @ f1999\n"
	    "+1 @ z\n"
	    "-1 @ f1999");
}

static void
test_chain_with_a_rerun_sibling(void **state)
{
	struct fx		*fx = *state;
	struct store_rerun	 rr;
	int64_t			 id, end;
	int			 de;
	char			*cause = NULL;

	/* A rerun answer at c999: the chain splits there. */
	memset(&rr, 0, sizeof rr);
	rr.text = "a rerun answer";
	assert_int_equal(store_live_begin(fx->st, &cause), 0);
	assert_int_equal(store_live_rerun_add(fx->st,
	    id_of(fx, "chain/c999"), &rr, &id, &cause), 0);
	assert_int_equal(store_live_end(fx->st, 1, &cause), 0);
	assert_int_equal(store_chain_down(fx->st, id_of(fx, "chain/c0"), &end,
	    &de, &cause), 1);
	assert_int_equal(end, id_of(fx, "chain/c999"));
	assert_int_equal(de, 999);
	assert_int_equal(store_chain_down(fx->st, id_of(fx, "chain/c1000"),
	    &end, &de, &cause), 1);
	assert_int_equal(end, id_of(fx, "chain/c2999"));

	/* The best path goes on down the chain; G ends on the rerun. */
	open_chain(fx, "chain", 1);
	assert_int_equal(tm_end(fx->tm, &cause), 0);
	assert_int_equal(tm_cursor_node(fx->tm)->id, id);
	assert_int_equal(tm_cursor_node(fx->tm)->depth, 1000);
	fx_play(fx, "-1 @ c2999\n"
	    ">chain/c2500");
	assert_int_equal(tm_cursor_node(fx->tm)->depth, 2500);
	assert_window_is_path(fx, 2500 + HEIGHT - 1 - HEIGHT / 2);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
CN_TEST_MAIN(
	T(test_chain_is_recorded),
	T(test_chain_end_lands_on_last_node),
	T(test_chain_end_without_best_path_stays_folded),
	T(test_chain_goto_middle),
	T(test_chain_fold_inside_opened_stretch),
	T(test_chain_climbs_to_the_sibling),
	T(test_chain_with_a_rerun_sibling))
#undef T

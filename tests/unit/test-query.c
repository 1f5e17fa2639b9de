/*
 * test-query.c - the query layer (analysis/query.h) that the statistics
 * commands and the TUI's comparison views share: the walk over traces
 * (its tick, stopping, failing), the disagreement list with the kept
 * trace's preorder, the signal pairs with their depths, and a diff.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include "cn-test.h"
#include "query.h"
#include "store-test.h"

/* compare.canopy.jsonl: one trace "go", r -> a (a1, a2), b, c. */
#define GO	"tests/e2e/fixtures/compare.canopy.jsonl"

struct walk {
	int	 calls, ticks, stop_at, fail_at;
	int64_t	 last_done, last_total;
	int64_t	 ids[4];	/* the traces fn saw, in order */
};

static int
walk_fn(struct store *st, int64_t trace, void *arg, char **cause)
{
	struct walk	*w = arg;

	(void)st;
	assert_true(trace > 0 && w->calls < 4);
	w->ids[w->calls] = trace;
	if (++w->calls == w->fail_at) {
		*cause = xstrdup("failed on purpose");
		return -1;
	}
	return 0;
}

static int
walk_tick(void *arg, int64_t done, int64_t total)
{
	struct walk	*w = arg;

	w->ticks++;
	w->last_done = done;
	w->last_total = total;
	return w->stop_at > 0 && done == w->stop_at;
}

/* The id of the database's one trace. */
static int64_t
only_trace(struct tmpdb *db)
{
	struct walk	w;
	char		*cause = NULL;

	memset(&w, 0, sizeof w);
	assert_int_equal(query_traces_each(db->st, 0, walk_fn, &w, NULL, NULL,
	    &cause), 0);
	assert_int_equal(w.calls, 1);
	return w.ids[0];
}

static void
test_traces_each(void **state)
{
	struct tmpdb	*db = *state;
	struct walk	 w;
	char		*cause = NULL;
	int64_t		 second;

	tmpdb_import_file(db, "canopy-jsonl", GO, NULL);
	tmpdb_import_file(db, "llm-reasoners",
	    "tests/fixtures/reasoners/mcts-rap-gsm8k.json", NULL);
	/* Every trace, a tick before each and one at the end. */
	memset(&w, 0, sizeof w);
	assert_int_equal(query_traces_each(db->st, 0, walk_fn, &w, walk_tick,
	    &w, &cause), 0);
	assert_int_equal(w.calls, 2);
	assert_int_equal(w.ticks, 3);
	assert_int_equal(w.last_done, 2);
	assert_int_equal(w.last_total, 2);
	assert_true(w.ids[0] < w.ids[1]);
	second = w.ids[1];
	/* One trace. */
	memset(&w, 0, sizeof w);
	assert_int_equal(query_traces_each(db->st, second, walk_fn, &w, NULL,
	    NULL, &cause), 0);
	assert_int_equal(w.calls, 1);
	assert_int_equal(w.ids[0], second);
	/* A tick that says stop: no error, no further trace, no last tick. */
	memset(&w, 0, sizeof w);
	w.stop_at = 1;
	assert_int_equal(query_traces_each(db->st, 0, walk_fn, &w, walk_tick,
	    &w, &cause), 0);
	assert_int_equal(w.calls, 1);
	assert_int_equal(w.ticks, 2);
	/* fn's failure ends the walk with its cause. */
	memset(&w, 0, sizeof w);
	w.fail_at = 1;
	assert_int_equal(query_traces_each(db->st, 0, walk_fn, &w, NULL, NULL,
	    &cause), -1);
	assert_int_equal(w.calls, 1);
	assert_string_equal(cause, "failed on purpose");
	free(cause);
}

static void
test_disagree(void **state)
{
	struct tmpdb		*db = *state;
	struct query_disagree	 q = { .sa = "q", .sb = "prm:qwen-7b",
				    .scale = AN_SCALE_RANK, .n = 2 };
	const char		*pre_of[] = { "go/r", "go/a", "go/a1",
				    "go/a2", "go/b", "go/c" };
	char			*cause = NULL;
	size_t			 i;

	tmpdb_import_file(db, "canopy-jsonl", GO, NULL);
	q.keep_trace = only_trace(db);
	assert_int_equal(query_traces_each(db->st, 0, query_disagree_trace,
	    &q, NULL, NULL, &cause), 0);
	query_disagree_end(&q);
	/* Ranked among siblings with both: a, b, c and a1, a2. */
	assert_int_equal(q.scored, 5);
	assert_int_equal(q.nc, 2);
	assert_true(q.c[0].score >= q.c[1].score);
	for (i = 0; i < q.nc; i++) {
		assert_int_equal(q.c[i].trace, q.keep_trace);
		assert_int_equal(q.c[i].pre,
		    query_disagree_pre(&q, q.c[i].node));
	}
	/* Preorder, children in id order. */
	for (i = 0; i < sizeof pre_of / sizeof pre_of[0]; i++)
		assert_int_equal(query_disagree_pre(&q,
		    store_test_resolve(db->st, pre_of[i])), (int64_t)i);
	assert_int_equal(query_disagree_pre(&q, 999999), -1);
	query_disagree_free(&q);
	assert_null(q.c);
	assert_null(q.pre);
}

static void
test_pairs(void **state)
{
	struct tmpdb		*db = *state;
	struct query_pairs	 p = { .sa = "q", .sb = "prm:qwen-7b" };
	double			 a[8], b[8];
	char			*cause = NULL;

	tmpdb_import_file(db, "canopy-jsonl", GO, NULL);
	assert_int_equal(query_pairs_add(db->st, only_trace(db), &p,
	    &cause), 0);
	/* Every node with both but the root (no prm:qwen-7b). */
	assert_int_equal(p.n, 5);
	assert_int_equal(p.maxd, 2);
	assert_int_equal(query_pairs_at(&p, 0, a, b), 0);
	assert_int_equal(query_pairs_at(&p, 1, a, b), 3);
	assert_int_equal(query_pairs_at(&p, 2, a, NULL), 2);
	assert_int_equal(query_pairs_at(&p, -1, a, b), 5);
	query_pairs_free(&p);
	/* One signal: b is absent. */
	p.sa = "q";
	assert_int_equal(query_pairs_add(db->st, only_trace(db), &p,
	    &cause), 0);
	assert_int_equal(p.n, 6);
	assert_int_equal(query_pairs_at(&p, 0, a, b), 1);
	assert_double_equal(a[0], 0.1, 1e-12);
	assert_false(cn_hasval(b[0]));
	query_pairs_free(&p);
}

static void
test_diff(void **state)
{
	struct tmpdb		*db = *state;
	struct query_side	 x, y;
	struct an_align		 al;
	unsigned		*m;
	char			*cause = NULL;

	tmpdb_import_file(db, "canopy-jsonl", GO, NULL);
	memset(&x, 0, sizeof x);
	memset(&y, 0, sizeof y);
	assert_int_equal(query_side_load(db->st,
	    store_test_resolve(db->st, "go/r"), "r", &x, &cause), 0);
	assert_int_equal(query_side_load(db->st,
	    store_test_resolve(db->st, "go/a"), "a", &y, &cause), 0);
	/* r's root pairs with a: their texts and values differ. */
	assert_int_equal(query_diff(&x, &y, &al, &m), 1);
	assert_int_equal(al.pairs[0].a, (int32_t)x.root);
	assert_int_equal(al.pairs[0].b, (int32_t)y.root);
	assert_true(m[0] & (1u << CN_SIG_Q));
	assert_true(m[0] & (1u << CN_SIG_VISITS));
	free(m);
	an_align_free(&al);
	/* A subtree against itself: all the same. */
	assert_int_equal(query_diff(&y, &y, &al, &m), 0);
	assert_int_equal(al.both, 3);
	assert_int_equal(al.only_a + al.only_b, 0);
	free(m);
	an_align_free(&al);
	query_side_free(&x);
	query_side_free(&y);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_traces_each, tmpdb_setup,
		    tmpdb_teardown),
		cmocka_unit_test_setup_teardown(test_disagree, tmpdb_setup,
		    tmpdb_teardown),
		cmocka_unit_test_setup_teardown(test_pairs, tmpdb_setup,
		    tmpdb_teardown),
		cmocka_unit_test_setup_teardown(test_diff, tmpdb_setup,
		    tmpdb_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

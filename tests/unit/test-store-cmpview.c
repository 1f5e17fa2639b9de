/*
 * test-store-cmpview.c - the reads of the TUI's replay view: the search
 * history llm-reasoners kept (one entry per MCTS iteration, in order),
 * none for a trace without one, and the source ids in id order.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>

#include <cmocka.h>

#include "cn-test.h"

#include "store-cmpview.h"
#include "tmpdb.h"
#include "store-test.h"

struct iters {
	int	 n;
	char	 nodes[8][64];
	char	 chosen[8][64];
};

static int
iter_cb(int64_t iter, const char *nodes, const char *chosen, void *arg)
{
	struct iters	*it = arg;

	assert_int_equal(iter, it->n);
	assert_true(it->n < 8);
	snprintf(it->nodes[it->n], 64, "%s", nodes != NULL ? nodes : "NULL");
	snprintf(it->chosen[it->n], 64, "%s", chosen != NULL ? chosen :
	    "NULL");
	it->n++;
	return 0;
}

struct exts {
	int	 n;
	int64_t	 last;
	char	 ext[16][16];
};

static int
ext_cb(int64_t id, const char *ext, void *arg)
{
	struct exts	*e = arg;

	assert_true(id > e->last);	/* id order */
	e->last = id;
	assert_true(e->n < 16);
	snprintf(e->ext[e->n++], 16, "%s", ext);
	return 0;
}

static void
test_history(void **state)
{
	struct tmpdb	*db = *state;
	struct iters	 it;
	struct exts	 e;
	char		*cause = NULL;
	int64_t		 t;

	tmpdb_import_file(db, "llm-reasoners",
	    "tests/fixtures/reasoners/mcts-rap-gsm8k.json", NULL);
	t = store_test_trace_id(db->st, "mcts-rap-gsm8k");
	memset(&it, 0, sizeof it);
	assert_int_equal(store_trace_iterations(db->st, t, iter_cb, &it,
	    &cause), 0);
	/* Three snapshots: the tree growing 2, 4, 5 nodes. */
	assert_int_equal(it.n, 3);
	assert_string_equal(it.nodes[0], "10-11");
	assert_string_equal(it.nodes[1], "10-13");
	assert_string_equal(it.nodes[2], "10-14");
	assert_string_equal(it.chosen[0], "11");
	assert_string_equal(it.chosen[2], "11-12,14");
	memset(&e, 0, sizeof e);
	assert_int_equal(store_trace_ext_ids(db->st, t, ext_cb, &e, &cause),
	    0);
	assert_int_equal(e.n, 5);
	assert_string_equal(e.ext[0], "10");
	assert_string_equal(e.ext[4], "14");
}

static void
test_no_history(void **state)
{
	struct tmpdb	*db = *state;
	struct iters	 it;
	char		*cause = NULL;

	tmpdb_import_file(db, "canopy-jsonl",
	    "tests/e2e/fixtures/compare.canopy.jsonl", NULL);
	memset(&it, 0, sizeof it);
	assert_int_equal(store_trace_iterations(db->st,
	    store_test_trace_id(db->st, "go"), iter_cb, &it, &cause), 0);
	assert_int_equal(it.n, 0);
	/* A trace that does not exist has no history either. */
	assert_int_equal(store_trace_iterations(db->st, 999, iter_cb, &it,
	    &cause), 0);
	assert_int_equal(it.n, 0);
}

CN_TEST_MAIN(
	cmocka_unit_test_setup_teardown(test_history, tmpdb_setup,
	    tmpdb_teardown),
	cmocka_unit_test_setup_teardown(test_no_history, tmpdb_setup,
	    tmpdb_teardown))

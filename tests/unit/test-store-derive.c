/*
 * test-store-derive.c - store/store-derive.c: a trace in bulk (parents
 * that arrive after their children, signals on only some nodes, ratings)
 * and derived signals written back, replaced and never duplicated; only
 * what changed is written, and the skeleton comes from its index.
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
#include "store-derive.h"
#include "store-int.h"
#include "tmpdb.h"
#include "store-test.h"
#include "cn-test.h"

/* The child c comes before its parent b; u has no q and one label. */
static const char	 two_traces[] =
    "{\"type\":\"trace\",\"id\":\"t1\"}\n"
    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"r\",\"parent\":null,"
    "\"text\":\"root\",\"signals\":{\"q\":0.5}}\n"
    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"c\",\"parent\":\"b\","
    "\"text\":\"leaf\",\"signals\":{\"q\":0.25,\"prm:x\":0.75}}\n"
    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"b\",\"parent\":\"r\","
    "\"text\":\"mid\",\"signals\":{\"q\":1}}\n"
    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"u\",\"parent\":\"r\","
    "\"labels\":[{\"author\":\"h\",\"rating\":1},"
    "{\"author\":\"g\",\"rating\":0}]}\n"
    "{\"type\":\"trace\",\"id\":\"t2\"}\n"
    "{\"type\":\"node\",\"trace\":\"t2\",\"id\":\"r\",\"parent\":null,"
    "\"signals\":{\"q\":0.1}}\n";

/* A database and the two traces t1 and t2 loaded from it. */
struct fx {
	struct tmpdb		db;
	struct store_dtree	t1;
	struct store_dtree	t2;
};

static int
setup(void **state)
{
	struct fx	*fx = xcalloc(1, sizeof *fx);

	tmpdb_open(&fx->db);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	store_dtree_free(&fx->t1);
	store_dtree_free(&fx->t2);
	tmpdb_close(&fx->db);
	free(fx);
	return 0;
}

/* Imports text, then loads t1 and t2 with the load flags given. */
static void
load(struct fx *fx, const char *text, int flags1, int flags2)
{
	struct store	*st = fx->db.st;
	char		*cause = NULL;

	tmpdb_import_ok(&fx->db, "canopy-jsonl", "in.jsonl", text);
	assert_int_equal(store_dtree_load(st, store_test_trace_id(st, "t1"),
	    flags1, &fx->t1, &cause), 0);
	assert_int_equal(store_dtree_load(st, store_test_trace_id(st, "t2"),
	    flags2, &fx->t2, &cause), 0);
}

/* Index order is id order; parents resolve whatever the arrival order. */
static void
test_store_derive_load(void **state)
{
	struct fx		*fx = *state;
	struct tmpdb		*db = &fx->db;
	struct store_dtree	*t1 = &fx->t1, *t2 = &fx->t2;
	double			 v[4];
	char			*cause = NULL;

	load(fx, two_traces, STORE_DTREE_TEXT, 0);
	assert_int_equal(t1->n, 4);
	assert_true(t1->ids[0] < t1->ids[1] && t1->ids[1] < t1->ids[2] &&
	    t1->ids[2] < t1->ids[3]);
	/* Rows are written in file order: r, c, b, u. */
	assert_string_equal(t1->text[0], "root");
	assert_string_equal(t1->text[1], "leaf");
	assert_null(t1->text[3]);
	assert_int_equal(t1->parent[0], -1);
	assert_int_equal(t1->parent[1], 2);
	assert_int_equal(t1->parent[2], 0);
	assert_int_equal(t1->parent[3], 0);
	assert_int_equal(store_dtree_index(t1, t1->ids[2]), 2);
	assert_int_equal(store_dtree_index(t1, t2->ids[0]), -1);
	assert_int_equal(t2->n, 1);
	assert_null(t2->text);

	assert_int_equal(store_dtree_signal(db->st, t1, "q", v, &cause), 0);
	assert_double_equal(v[1], 0.25, 1e-12);
	assert_true(isnan(v[3]));
	assert_int_equal(store_dtree_signal(db->st, t1, "prm:x", v, &cause),
	    0);
	assert_double_equal(v[1], 0.75, 1e-12);
	assert_true(isnan(v[0]) && isnan(v[2]) && isnan(v[3]));
	/* Ratings +1 and 0 average to 0.5, read as 0.75. */
	assert_int_equal(store_dtree_signal(db->st, t1, "rating", v,
	    &cause), 0);
	assert_double_equal(v[3], 0.75, 1e-12);
	assert_true(isnan(v[0]));
	assert_int_equal(store_dtree_signal(db->st, t1, "nosuch", v,
	    &cause), 0);
	assert_true(isnan(v[0]) && isnan(v[1]));
	assert_int_equal(store_signal_known(db->st, "prm:x", NULL), 1);
	assert_int_equal(store_signal_known(db->st, "q", NULL), 1);
	assert_int_equal(store_signal_known(db->st, "reward", NULL), 0);
	assert_int_equal(store_signal_known(db->st, "rating", NULL), 1);
	assert_int_equal(store_signal_known(db->st, "nosuch", NULL), 0);
}

/*
 * Loading only some common signals (store_dtree_want) gives the same
 * skeleton; a signal not loaded is read from the index when asked.
 */
static void
test_store_derive_load_some(void **state)
{
	struct fx		*fx = *state;
	struct tmpdb		*db = &fx->db;
	struct store_dtree	*full = &fx->t1, one, none;
	double			 v[4], w[4];
	char			*cause = NULL;
	int64_t			 id;
	int			 i;

	load(fx, two_traces, STORE_DTREE_TEXT, 0);
	id = store_test_trace_id(db->st, "t1");
	assert_int_equal(store_dtree_load(db->st, id, store_dtree_want("q"),
	    &one, &cause), 0);
	assert_int_equal(store_dtree_load(db->st, id,
	    store_dtree_want("prm:x"), &none, &cause), 0);
	assert_int_equal(one.n, 4);
	assert_int_equal(none.n, 4);
	for (i = 0; i < 4; i++) {
		assert_int_equal(one.ids[i], full->ids[i]);
		assert_int_equal(one.parent[i], full->parent[i]);
		assert_int_equal(none.parent[i], full->parent[i]);
	}
	assert_true(one.has_sig[CN_SIG_Q] && !one.has_sig[CN_SIG_REWARD]);
	assert_null(one.sig[CN_SIG_VISITS]);
	assert_false(none.has_sig[CN_SIG_Q]);
	assert_double_equal(one.sig[CN_SIG_Q][2], 1, 0);
	assert_int_equal(store_dtree_signal(db->st, full, "q", v, &cause),
	    0);
	assert_int_equal(store_dtree_signal(db->st, &none, "q", w, &cause),
	    0);
	for (i = 0; i < 4; i++) {
		assert_true(isnan(v[i]) == isnan(w[i]));
		if (!isnan(v[i]))
			assert_double_equal(v[i], w[i], 0);
	}
	assert_true(isnan(w[3]));
	store_dtree_free(&one);
	store_dtree_free(&none);
}

/* Writing again replaces: a value that became absent is removed. */
static void
test_store_derive_write_replaces(void **state)
{
	struct fx		*fx = *state;
	struct tmpdb		*db = &fx->db;
	struct store_dtree	*t1 = &fx->t1, *t2 = &fx->t2;
	const double		 first[] = { 1, 2, 3, NAN };
	const double		 second[] = { NAN, 5, 6, 7 };
	const double		 other[] = { 9 };
	double			 v[4];
	int64_t			 w;
	char			*cause = NULL;

	load(fx, two_traces, STORE_DTREE_TEXT, 0);
	assert_int_equal(store_derive_begin(db->st, &cause), 0);
	assert_int_equal(store_derive_write(db->st, t2, "mc", other, &w,
	    &cause), 0);
	assert_int_equal(w, 1);
	assert_int_equal(store_derive_write(db->st, t1, "mc", first, &w,
	    &cause), 0);
	assert_int_equal(w, 3);
	assert_int_equal(store_derive_write(db->st, t1, "mc", second, &w,
	    &cause), 0);
	assert_int_equal(w, 3);
	assert_int_equal(store_derive_end(db->st, 1, &cause), 0);
	assert_int_equal(store_dtree_signal(db->st, t1, "mc", v, &cause), 0);
	assert_true(isnan(v[0]));
	assert_double_equal(v[1], 5, 0);
	assert_double_equal(v[3], 7, 0);
	/* The other trace's values of the same name are untouched. */
	assert_int_equal(store_dtree_signal(db->st, t2, "mc", v, &cause), 0);
	assert_double_equal(v[0], 9, 0);
	/* A rolled-back derive leaves nothing. */
	assert_int_equal(store_derive_begin(db->st, &cause), 0);
	assert_int_equal(store_derive_write(db->st, t2, "tmp", other, &w,
	    &cause), 0);
	assert_int_equal(store_derive_end(db->st, 0, &cause), 0);
	assert_int_equal(store_signal_known(db->st, "tmp", NULL), 0);
	/* The common signals are columns, never derived over. */
	assert_int_equal(store_derive_write(db->st, t1, "q", first, &w,
	    &cause), -1);
	assert_string_equal(cause, "'q' is a common signal; a derived signal"
	    " needs a name of its own");
	free(cause);
}

/*
 * Writes mc and best_leaf over t1 from v, their counts into w; returns
 * how many rows that changed.
 */
static int
write_two(struct fx *fx, const double *const *v, int64_t *w)
{
	static const char *const	 names[2] = { "mc", "best_leaf" };
	sqlite3				*db = fx->db.st->db;
	char				*cause = NULL;
	int				 before = sqlite3_total_changes(db);

	assert_int_equal(store_derive_write_many(fx->db.st, &fx->t1, 2, names,
	    v, w, &cause), 0);
	return sqlite3_total_changes(db) - before;
}

/*
 * Deriving again writes only what changed: the same values change no row,
 * one new value one row, one value gone one row; what is read back is
 * what a full replacement would leave.
 */
static void
test_store_derive_write_only_changes(void **state)
{
	struct fx		*fx = *state;
	struct tmpdb		*db = &fx->db;
	struct store_dtree	*t1 = &fx->t1;
	const double		 first[] = { 1, 2, 3, NAN };
	const double		 second[] = { 1, 2.5, NAN, NAN };
	double			 v[4];
	const double		*vv[2] = { first, second };
	int64_t			 w[2];
	char			*cause = NULL;

	load(fx, two_traces, STORE_DTREE_TEXT, 0);
	assert_int_equal(store_derive_begin(db->st, &cause), 0);
	/* Two new names in signal_names, five values in signals. */
	assert_int_equal(write_two(fx, vv, w), 7);
	assert_int_equal(w[0], 3);
	assert_int_equal(w[1], 2);
	/* Nothing changed: nothing written, the counts are the same. */
	assert_int_equal(write_two(fx, vv, w), 0);
	assert_int_equal(w[0], 3);
	assert_int_equal(w[1], 2);
	/* mc takes second: node 1 changes, node 2 loses its value. */
	vv[0] = second;
	assert_int_equal(write_two(fx, vv, w), 2);
	assert_int_equal(w[0], 2);
	assert_int_equal(store_derive_end(db->st, 1, &cause), 0);
	assert_int_equal(store_dtree_signal(db->st, t1, "mc", v, &cause), 0);
	assert_double_equal(v[0], 1, 0);
	assert_double_equal(v[1], 2.5, 0);
	assert_true(isnan(v[2]) && isnan(v[3]));
	assert_int_equal(store_dtree_signal(db->st, t1, "best_leaf", v,
	    &cause), 0);
	assert_double_equal(v[1], 2.5, 0);
	assert_true(isnan(v[2]));
}

/*
 * Traces whose nodes interleave in one file: t2's root gets an id inside
 * t1's range, so t1's ids are not one dense range. Parents are still
 * found, signals read, and deriving over t1 leaves t2's node alone.
 */
static const char	 interleaved[] =
    "{\"type\":\"trace\",\"id\":\"t1\"}\n"
    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"r\",\"parent\":null,"
    "\"signals\":{\"q\":0.5}}\n"
    "{\"type\":\"trace\",\"id\":\"t2\"}\n"
    "{\"type\":\"node\",\"trace\":\"t2\",\"id\":\"r\",\"parent\":null,"
    "\"signals\":{\"prm:x\":0.875}}\n"
    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"b\",\"parent\":\"r\","
    "\"signals\":{\"q\":1}}\n"
    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"c\",\"parent\":\"b\","
    "\"signals\":{\"q\":0.375,\"prm:x\":0.125}}\n";

static void
test_store_derive_interleaved(void **state)
{
	struct fx		*fx = *state;
	struct tmpdb		*db = &fx->db;
	struct store_dtree	*t1 = &fx->t1, *t2 = &fx->t2;
	const double		 mine[] = { 1, 2, 3 };
	const double		 other[] = { 9 };
	double			 v[3];
	int64_t			 w;
	char			*cause = NULL;

	load(fx, interleaved, 0, STORE_DTREE_TEXT);
	assert_int_equal(t1->n, 3);
	assert_int_equal(t2->n, 1);
	assert_true(t1->ids[0] < t2->ids[0] && t2->ids[0] < t1->ids[1]);
	assert_int_equal(t1->parent[0], -1);
	assert_int_equal(t1->parent[1], 0);
	assert_int_equal(t1->parent[2], 1);
	assert_int_equal(store_dtree_index(t1, t1->ids[2]), 2);
	assert_int_equal(store_dtree_index(t1, t2->ids[0]), -1);
	assert_double_equal(t1->sig[CN_SIG_Q][2], 0.375, 0);
	assert_int_equal(store_dtree_signal(db->st, t1, "prm:x", v, &cause),
	    0);
	assert_double_equal(v[2], 0.125, 0);
	assert_true(isnan(v[0]) && isnan(v[1]));
	assert_int_equal(store_dtree_signal(db->st, t2, "prm:x", v, &cause),
	    0);
	assert_double_equal(v[0], 0.875, 0);

	assert_int_equal(store_derive_begin(db->st, &cause), 0);
	assert_int_equal(store_derive_write(db->st, t2, "mc", other, &w,
	    &cause), 0);
	assert_int_equal(store_derive_write(db->st, t1, "mc", mine, &w,
	    &cause), 0);
	assert_int_equal(w, 3);
	/* Again with one value gone: t2's value, inside the range, stays. */
	assert_int_equal(store_derive_write(db->st, t1, "mc", (const double[])
	    { NAN, 2, 3 }, &w, &cause), 0);
	assert_int_equal(store_derive_end(db->st, 1, &cause), 0);
	assert_int_equal(store_dtree_signal(db->st, t1, "mc", v, &cause), 0);
	assert_true(isnan(v[0]));
	assert_double_equal(v[2], 3, 0);
	assert_int_equal(store_dtree_signal(db->st, t2, "mc", v, &cause), 0);
	assert_double_equal(v[0], 9, 0);
}

/*
 * The skeleton is read from the covering index nodes_skel, never from the
 * table's rows with their step texts: what makes a load over 1M nodes
 * take a fraction of a second. The query is the one store_dtree_load
 * runs.
 */
static void
test_store_derive_skeleton_index(void **state)
{
	struct tmpdb	*db = &((struct fx *)*state)->db;
	sqlite3_stmt	*s;
	int		 covered = 0;

	assert_int_equal(sqlite3_prepare_v2(db->st->db, "EXPLAIN QUERY PLAN"
	    " SELECT id, parent_id, visits, q, prior, reward, value, outcome"
	    " FROM nodes WHERE trace_id = ?3 ORDER BY id", -1, &s, NULL),
	    SQLITE_OK);
	while (sqlite3_step(s) == SQLITE_ROW) {
		const char	*d = (const char *)sqlite3_column_text(s, 3);

		if (d != NULL && strstr(d, "COVERING INDEX nodes_skel") != NULL)
			covered = 1;
		assert_null(strstr(d != NULL ? d : "", "TEMP B-TREE"));
	}
	sqlite3_finalize(s);
	assert_true(covered);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
CN_TEST_MAIN(
	T(test_store_derive_load),
	T(test_store_derive_load_some),
	T(test_store_derive_write_replaces),
	T(test_store_derive_write_only_changes),
	T(test_store_derive_interleaved),
	T(test_store_derive_skeleton_index))
#undef T

/*
 * test-store-read.c - the store's read verbs on real SQLite databases:
 * annotations, label counts, addresses (resolved, unique, reversible),
 * interrupted queries and signal statistics. The import sink:
 * test-store.c.
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
#include <sqlite3.h>

#include "store-int.h"
#include "cn-test.h"
#include "store-test.h"

static int
collect_ann(const struct cn_annotation *a, void *arg)
{
	buf_printf(arg, "%s:%d:%d:%s:%s ", a->author, a->rating,
	    a->first_error, a->tags != NULL ? a->tags : "-",
	    a->note != NULL ? a->note : "-");
	return 0;
}

static void
test_store_annotations_round_trip(void **state)
{
	struct tmpdb		*fx = *state;
	struct cn_annotation	 a;
	struct cn_buf		 col;
	struct cn_node		 n;
	char			*cause = NULL;

	setenv("CANOPY_NOW", "1700000000", 1);
	store_test_begin_root(fx, CN_NOVAL);
	store_test_node(fx, "s", "r", "step");
	memset(&a, 0, sizeof a);
	a.node_ext = "s";
	a.author = "alice";
	a.rating = -1;
	a.first_error = 1;
	a.tags = "arith,flagged";
	assert_int_equal(fx->sink.annotation(fx->sink.arg, &a, &cause), CN_OK);
	a.author = "bob";
	a.rating = CN_NORATING;
	a.first_error = 0;
	a.tags = NULL;
	a.note = "looks fine";
	assert_int_equal(fx->sink.annotation(fx->sink.arg, &a, &cause), CN_OK);
	a.rating = 5;
	assert_int_equal(fx->sink.annotation(fx->sink.arg, &a, &cause), CN_BAD);
	assert_string_equal(cause, "trace t: node s: rating 5 is not -1, 0 or"
	    " +1");
	free(cause);
	a.rating = 1;
	a.node_ext = "nope";
	assert_int_equal(fx->sink.annotation(fx->sink.arg, &a, &cause), CN_BAD);
	assert_string_equal(cause, "trace t: annotation for unknown node nope");
	free(cause);
	store_test_end_ok(fx, NULL);
	store_test_get(fx->st, "t/s", &n);
	assert_int_equal(n.annotation_count, 2);
	{
		struct cn_trace	t;

		assert_int_equal(store_trace_find(fx->st, "t", &t, &cause), 1);
		assert_int_equal(t.annotation_count, 2);
		cn_trace_clear(&t);
	}
	buf_init(&col);
	assert_int_equal(store_annotations_each(fx->st, n.id, collect_ann,
	    &col, &cause), 0);
	assert_string_equal(col.s, "alice:-1:1:arith,flagged:- "
	    "bob:-99:0:-:looks fine ");
	buf_free(&col);
	cn_node_clear(&n);
	unsetenv("CANOPY_NOW");
}

static int
label_count_cb(int64_t id, int64_t count, void *arg)
{
	int64_t	*out = arg;

	out[0] = id;
	out[1] = count;
	return 0;
}

static int
brief_count_cb(const struct cn_trace *t, void *arg)
{
	int64_t	*out = arg;

	out[2] = t->annotation_count;
	return 0;
}

/*
 * The traces list reads the annotation count the triggers keep in the
 * traces table: change that column behind the store's back and the list
 * says what the column says (it does not count the annotations again).
 */
static void
test_store_label_counts_come_from_the_traces_table(void **state)
{
	struct tmpdb		*fx = *state;
	struct cn_annotation	 a;
	sqlite3			*db;
	int64_t			 got[3] = { 0, 0, 0 };
	char			*cause = NULL;

	store_test_begin_root(fx, CN_NOVAL);
	memset(&a, 0, sizeof a);
	a.node_ext = "r";
	a.author = "me";
	a.rating = 1;
	assert_int_equal(fx->sink.annotation(fx->sink.arg, &a, &cause), CN_OK);
	assert_int_equal(fx->sink.annotation(fx->sink.arg, &a, &cause), CN_OK);
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_trace_label_counts(fx->st, label_count_cb, got,
	    &cause), 0);
	assert_int_equal(got[1], 2);
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE traces SET"
	    " annotation_count = 42", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(store_trace_label_counts(fx->st, label_count_cb, got,
	    &cause), 0);
	assert_int_equal(got[1], 42);
	assert_int_equal(store_traces_brief_page(fx->st, 0, 10, brief_count_cb,
	    got, &cause), 0);
	assert_int_equal(got[2], 42);
}

static void
test_store_resolve_addresses(void **state)
{
	struct tmpdb	*fx = *state;
	int64_t		 id = 0, root;
	char		*cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "run/7", NULL);	/* trace ids may hold a slash */
	store_test_node(fx, "0", NULL, "root");
	store_test_node(fx, "0.1", "0", "child");
	store_test_end_ok(fx, NULL);
	id = store_test_resolve(fx->st, "run%2F7/0.1");
	assert_string_took(store_node_address(fx->st, id), "run%2F7/0.1");
	/* An older canopy's unescaped address still resolves. */
	assert_int_equal(store_test_resolve(fx->st, "run/7/0.1"), id);
	assert_int_equal(store_test_resolve(fx->st, "run%2f7/0.1"), id);
	root = store_test_resolve(fx->st, "run%2F7");
	assert_string_took(store_node_address(fx->st, root), "run%2F7/0");
	assert_int_equal(store_test_resolve(fx->st, "run/7"), root);
	assert_int_equal(store_node_resolve(fx->st, "run%2F7/9", &id, &cause),
	    0);
	assert_int_equal(store_node_resolve(fx->st, "run/7/9", &id, &cause),
	    0);
	assert_int_equal(store_node_resolve(fx->st, "nope", &id, &cause), 0);
}

/* One row of a query on the database file, as text (heap). */
static char *
sql_text(struct tmpdb *fx, const char *sql)
{
	sqlite3		*db;
	sqlite3_stmt	*s;
	char		*v = NULL;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
		v = strdup((const char *)sqlite3_column_text(s, 0));
	sqlite3_finalize(s);
	sqlite3_close(db);
	return v;
}

/*
 * Trace "p" node "q/r" and trace "p/q" node "r" once shared the address
 * "p/q/r". Escaped, each has its own, it resolves back to its node, and
 * the views give the same strings as the C code. Plain ids are unchanged.
 */
static void
test_store_addresses_are_unique_and_reversible(void **state)
{
	static const char *const ids[][2] = {
		{ "p", "q/r" }, { "p/q", "r" }, { "a%b", "c%2Fd" },
		{ "a%2Fb", "c/d" }, { "%", "/" }, { "plain", "n-1.2" },
	};
	static const char *const want[] = {
		"p/q%2Fr", "p%2Fq/r", "a%25b/c%252Fd", "a%252Fb/c%2Fd",
		"%25/%2F", "plain/n-1.2",
	};
	struct tmpdb	*fx = *state;
	int64_t		 id[6];
	char		*a, *v, sql[160];
	size_t		 i, j;

	store_test_begin(fx, NULL);
	for (i = 0; i < 6; i++) {
		store_test_trace(fx, ids[i][0], NULL);
		store_test_node(fx, "root", NULL, "root");
		store_test_node(fx, ids[i][1], "root", "x");
	}
	store_test_end_ok(fx, NULL);
	assert_string_took(store_address_make("p/", NULL), "p%2F");
	for (i = 0; i < 6; i++) {
		a = store_address_make(ids[i][0], ids[i][1]);
		assert_string_equal(a, want[i]);
		id[i] = store_test_resolve(fx->st, a);
		free(a);
		assert_string_took(store_node_address(fx->st, id[i]), want[i]);
		for (j = 0; j < i; j++)
			assert_true(id[j] != id[i]);
		snprintf(sql, sizeof sql, "SELECT address FROM v_nodes"
		    " WHERE id = %lld", (long long)id[i]);
		assert_string_took(sql_text(fx, sql), want[i]);
		snprintf(sql, sizeof sql, "SELECT parent FROM v_nodes"
		    " WHERE id = %lld", (long long)id[i]);
		v = sql_text(fx, sql);
		a = store_address_make(ids[i][0], "root");
		assert_string_equal(v, a);
		free(a);
		free(v);
	}
}

static void
test_store_interrupt_flag_stops_queries(void **state)
{
	struct tmpdb			*fx = *state;
	static volatile sig_atomic_t	 flag;
	struct store_stats		 s;
	char				 id[16], *cause = NULL;
	int				 i;

	store_test_begin_root(fx, CN_NOVAL);
	for (i = 1; i < 3000; i++) {
		snprintf(id, sizeof id, "%d", i);
		store_test_node(fx, id, "r", "x");
	}
	store_test_end_ok(fx, NULL);
	store_interrupt_on(fx->st, &flag);
	flag = 0;
	assert_int_equal(store_stats_get(fx->st, &s, &cause), 0);
	store_stats_free(&s);
	flag = 1;	/* as a SIGTERM handler would */
	assert_int_equal(store_stats_get(fx->st, &s, &cause), -1);
	assert_non_null(strstr(cause, "interrupted"));
	free(cause);
	flag = 0;
	assert_int_equal(store_stats_get(fx->st, &s, &cause), 0);
	store_stats_free(&s);
}

static void
test_store_stats_counts_signals_by_name(void **state)
{
	struct tmpdb		*fx = *state;
	struct store_stats	 s;
	struct cn_node		 n;
	struct cn_signal	 more[2] = { { "prm:a", 0.5 }, { "orm", 1 } };
	char			*cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	cn_node_init(&n);
	n.ext_id = "r";
	n.sig[CN_SIG_VISITS] = 3;
	n.sig[CN_SIG_Q] = 0.1;
	n.more = more;
	n.nmore = 2;
	assert_int_equal(fx->sink.node(fx->sink.arg, &n, &cause), CN_OK);
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_stats_get(fx->st, &s, &cause), 0);
	assert_int_equal(s.nodes, 1);
	assert_int_equal(s.nsignals, 4);
	assert_string_equal(s.signals[0].name, "visits");
	assert_string_equal(s.signals[1].name, "q");
	assert_string_equal(s.signals[2].name, "orm");
	assert_string_equal(s.signals[3].name, "prm:a");
	assert_int_equal(s.signals[3].count, 1);
	store_stats_free(&s);
}

static int
collect_ext(const struct cn_node *n, void *arg)
{
	buf_printf(arg, "%s:%lld ", n->ext_id,
	    (long long)n->annotation_count);
	return 0;
}

/* The ext ids (and label counts) store_preorder_stream gives. */
static void
check_stream(struct tmpdb *fx, const char *from, int depth, const char *want)
{
	struct cn_buf	 col;
	char		*cause = NULL;

	buf_init(&col);
	assert_int_equal(store_preorder_stream(fx->st,
	    store_test_resolve(fx->st, from), depth, collect_ext, &col,
	    &cause), 0);
	assert_string_equal(col.s != NULL ? col.s : "", want);
	buf_free(&col);
}

/*
 * The stream puts children in ordinal order even where that is not id
 * order (ordinals rewritten behind the store's back), with the label
 * count read per node once the trace has labels.
 */
static void
test_store_preorder_stream_by_ordinal(void **state)
{
	struct tmpdb		*fx = *state;
	sqlite3			*db;

	store_test_begin_root(fx, CN_NOVAL);
	store_test_node(fx, "a", "r", "step");
	store_test_node(fx, "b", "r", "step");
	store_test_node(fx, "c", "r", "step");
	store_test_node(fx, "a1", "a", "step");
	store_test_node(fx, "a2", "a", "step");
	store_test_end_ok(fx, NULL);
	check_stream(fx, "t/r", -1, "r:0 a:0 a1:0 a2:0 b:0 c:0 ");
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE nodes SET ordinal = 2 -"
	    " ordinal WHERE ext_id IN ('a', 'b', 'c')", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	check_stream(fx, "t/r", -1, "r:0 c:0 b:0 a:0 a1:0 a2:0 ");
	check_stream(fx, "t/r", 1, "r:0 c:0 b:0 a:0 ");
	check_stream(fx, "t/a", 0, "a:0 ");
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO annotations(node_id,"
	    " author, rating, created, updated) SELECT id, 'me', 1, 0, 0"
	    " FROM nodes WHERE ext_id = 'a2'", 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
	check_stream(fx, "t/a", -1, "a:0 a1:0 a2:1 ");
}

/* Gives node ext of trace "t" the id one past the greatest plus skip. */
static void
move_node(struct tmpdb *fx, const char *ext, int skip)
{
	sqlite3		*db;
	sqlite3_stmt	*s;

	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "UPDATE nodes SET id ="
	    " (SELECT max(id) + 1 + ?2 FROM nodes) WHERE ext_id = ?1 AND"
	    " trace_id = (SELECT id FROM traces WHERE ext_id = 't')", -1, &s,
	    NULL), SQLITE_OK);
	sqlite3_bind_text(s, 1, ext, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, skip);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	assert_int_equal(sqlite3_changes(db), 1);
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/*
 * A trace's skeleton is read from the indexes when its ids are dense,
 * skipping another trace's nodes in its id range, and from the rows when
 * they are sparse: the same walk either way.
 */
static void
test_store_preorder_stream_dense_and_sparse(void **state)
{
	struct tmpdb	*fx = *state;
	const char	*want = "r:0 a:0 a1:0 b:0 c:0 ";

	store_test_begin_root(fx, CN_NOVAL);
	store_test_node(fx, "a", "r", "step");
	store_test_node(fx, "b", "r", "step");
	store_test_node(fx, "c", "r", "step");
	store_test_node(fx, "a1", "a", "step");
	store_test_trace(fx, "u", NULL);
	store_test_node(fx, "ur", NULL, "root");
	store_test_node(fx, "u1", "ur", "step");
	store_test_node(fx, "u2", "ur", "step");
	store_test_end_ok(fx, NULL);
	check_stream(fx, "t/r", -1, want);
	/* b past u's nodes: t's range holds them (dense). */
	move_node(fx, "b", 0);
	check_stream(fx, "t/r", -1, want);
	check_stream(fx, "u/ur", -1, "ur:0 u1:0 u2:0 ");
	/* c far beyond: sparse, read from the rows. */
	move_node(fx, "c", 1000);
	check_stream(fx, "t/r", -1, want);
	check_stream(fx, "t/r", 1, "r:0 a:0 b:0 c:0 ");
	check_stream(fx, "t/a", -1, "a:0 a1:0 ");
}

/*
 * The same walks through the spool that big selections out of id order
 * take (forced by the test hook, in buckets of two nodes).
 */
static void
test_store_preorder_stream_spooled(void **state)
{
	assert_int_equal(setenv("CANOPY_TEST_SPOOL_MIN", "1", 1), 0);
	test_store_preorder_stream_by_ordinal(state);
	assert_int_equal(unsetenv("CANOPY_TEST_SPOOL_MIN"), 0);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tmpdb_setup, tmpdb_teardown)
CN_TEST_MAIN(
	T(test_store_annotations_round_trip),
	T(test_store_addresses_are_unique_and_reversible),
	T(test_store_label_counts_come_from_the_traces_table),
	T(test_store_resolve_addresses),
	T(test_store_interrupt_flag_stops_queries),
	T(test_store_stats_counts_signals_by_name),
	T(test_store_preorder_stream_by_ordinal),
	T(test_store_preorder_stream_dense_and_sparse),
	T(test_store_preorder_stream_spooled))
#undef T

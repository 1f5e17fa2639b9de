/*
 * test-store.c - the store: the import sink and finalization, and every
 * read verb, on real SQLite databases (opening and the schema:
 * test-store-open.c).
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

struct collect {
	struct cn_buf	b;
};

static int
collect_node(const struct cn_node *n, void *arg)
{
	struct collect	*c = arg;

	buf_printf(&c->b, "%s@%d.%d ", n->ext_id, n->depth, n->ordinal);
	return 0;
}

static void
test_store_import_builds_tree_and_summaries(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_counts	 c;
	struct cn_node			 n;
	struct collect			 col;
	struct cn_trace			 t;
	char				*cause = NULL;

	store_test_begin(fx, "aa");
	store_test_trace(fx, "t1", "What is 2+2?");
	store_test_node(fx, "r", NULL, "What is 2+2?");
	assert_int_equal(store_test_node_rc(fx, "a",
	    "r", "step a", 10, 0.5, 1, NULL), CN_OK);
	assert_int_equal(store_test_node_rc(fx, "b",
	    "r", "step b", 3, 0.9, 0, NULL), CN_OK);
	assert_int_equal(store_test_node_rc(fx, "a1",
	    "a", "leaf a1", 4, 0.7, 1, NULL), CN_OK);
	assert_int_equal(store_test_node_rc(fx, "a2",
	    "a", "leaf a2", 6, 0.2, 0, NULL), CN_OK);
	store_test_end_ok(fx, &c);
	assert_int_equal(c.traces, 1);
	assert_int_equal(c.nodes, 5);
	assert_int_equal(c.signals, 12);

	store_test_get(fx->st, "t1/r", &n);
	assert_string_equal(n.role, "root");
	assert_int_equal(n.parent_id, 0);
	assert_int_equal(n.child_count, 2);
	assert_int_equal(n.subtree_size, 5);
	assert_int_equal(n.leaf_count, 3);
	assert_int_equal(n.ok_leaves, 1);
	assert_int_equal(n.outcome_leaves, 3);
	assert_double_equal(n.best_leaf_reward, 0.9, 1e-12);
	cn_node_clear(&n);

	store_test_get(fx->st, "t1/a", &n);
	assert_string_equal(n.role, "step");
	assert_string_equal(n.text, "step a");
	assert_int_equal(n.depth, 1);
	assert_int_equal(n.ordinal, 0);
	assert_int_equal(n.subtree_size, 3);
	assert_double_equal(n.best_leaf_reward, 0.7, 1e-12);
	assert_double_equal(n.sig[CN_SIG_VISITS], 10, 0);
	assert_false(cn_hasval(n.sig[CN_SIG_Q]));
	cn_node_clear(&n);

	store_test_get(fx->st, "t1/a2", &n);
	assert_int_equal(n.depth, 2);
	assert_int_equal(n.ordinal, 1);
	assert_int_equal(n.child_count, 0);
	assert_int_equal(n.subtree_size, 1);
	assert_int_equal(n.ok_leaves, 0);
	assert_int_equal(n.outcome_leaves, 1);
	cn_node_clear(&n);

	buf_init(&col.b);
	assert_int_equal(store_trace_find(fx->st, "t1", &t, &cause), 1);
	assert_int_equal(t.node_count, 5);
	assert_int_equal(t.max_depth, 2);
	assert_string_equal(t.problem, "What is 2+2?");
	assert_string_equal(t.format, "test");
	assert_double_equal(t.best_reward, 0.9, 1e-12);
	assert_double_equal(t.outcome, 1.0 / 3, 1e-12);
	assert_int_equal(store_preorder_each(fx->st, t.id, -1, collect_node,
	    &col, &cause), 0);
	assert_string_equal(col.b.s, "r@0.0 a@1.0 a1@2.0 a2@2.1 b@1.1 ");
	buf_reset(&col.b);
	assert_int_equal(store_preorder_each(fx->st, t.id, 1, collect_node,
	    &col, &cause), 0);
	assert_string_equal(col.b.s, "r@0.0 a@1.0 b@1.1 ");
	buf_reset(&col.b);
	assert_int_equal(store_subtree_each(fx->st,
	    store_test_resolve(fx->st, "t1/a"), 1, collect_node, &col, &cause),
	    0);
	assert_string_equal(col.b.s, "a@1.0 a1@2.0 a2@2.1 ");
	buf_reset(&col.b);
	assert_int_equal(store_subtree_each(fx->st,
	    store_test_resolve(fx->st, "t1/a"), 0, collect_node, &col, &cause),
	    0);
	assert_string_equal(col.b.s, "a@1.0 ");
	buf_reset(&col.b);
	assert_int_equal(store_children_each(fx->st, t.root_id, 1, -1,
	    collect_node, &col, &cause), 0);
	assert_string_equal(col.b.s, "b@1.1 ");
	buf_free(&col.b);
	cn_trace_clear(&t);
}

static void
test_store_import_resolves_parents_given_later(void **state)
{
	struct tmpdb	*fx = *state;
	struct cn_node	 n;
	struct collect	 col;
	struct cn_trace	 t;
	char		*cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	/* The parent is not seen yet. */
	store_test_node(fx, "c1", "p", "child one");
	store_test_node(fx, "g", "c1", "grandchild");
	store_test_node(fx, "p", "r", "parent");
	store_test_node(fx, "c2", "p", "child two");
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	store_test_get(fx->st, "t/g", &n);
	assert_int_equal(n.depth, 3);
	cn_node_clear(&n);
	store_test_get(fx->st, "t/c2", &n);
	assert_int_equal(n.depth, 2);
	assert_int_equal(n.ordinal, 1);		/* c1 arrived first */
	cn_node_clear(&n);
	store_test_get(fx->st, "t/p", &n);
	assert_int_equal(n.subtree_size, 4);
	cn_node_clear(&n);
	buf_init(&col.b);
	assert_int_equal(store_trace_find(fx->st, "t", &t, &cause), 1);
	assert_int_equal(store_preorder_each(fx->st, t.id, -1, collect_node,
	    &col, &cause), 0);
	assert_string_equal(col.b.s, "r@0.0 p@1.0 c1@2.0 g@3.0 c2@2.1 ");
	buf_free(&col.b);
	cn_trace_clear(&t);
}

static void
stats_line(struct store *st, char *out, size_t len)
{
	struct store_stats	s;
	char			*cause = NULL;

	assert_int_equal(store_stats_get(st, &s, &cause), 0);
	snprintf(out, len, "%lld %lld %lld %zu", (long long)s.traces,
	    (long long)s.nodes, (long long)s.annotations, s.nsignals);
	store_stats_free(&s);
}

static void
test_store_import_unknown_parent_rolls_back(void **state)
{
	struct tmpdb	*fx = *state;
	char		 before[64], after[64], *cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "keep", NULL);
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	stats_line(fx->st, before, sizeof before);

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
	store_test_node(fx, "x", "nope", "orphan");
	assert_int_equal(store_import_end(fx->st, 1, NULL, &cause), -1);
	assert_string_equal(cause, "in.jsonl:7:3: trace t: node x: unknown"
	    " parent nope");
	free(cause);
	stats_line(fx->st, after, sizeof after);
	assert_string_equal(before, after);
}

static void
test_store_import_cycle_fails(void **state)
{
	struct tmpdb	*fx = *state;
	char		*cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
	store_test_node(fx, "a", "b", "a");
	store_test_node(fx, "b", "a", "b");
	assert_int_equal(store_import_end(fx->st, 1, NULL, &cause), -1);
	assert_string_equal(cause, "in.jsonl:7:3: trace t: node a: is in a"
	    " parent cycle (not reachable from the root)");
	free(cause);
}

static void
test_store_import_rejects_moves_and_second_root(void **state)
{
	struct tmpdb	*fx = *state;
	char		*cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
	store_test_node(fx, "a", "r", "a");
	/* A node again under another parent (test-store-upsert.c: updates). */
	assert_int_equal(store_test_node_rc(fx, "a", "a", "again", CN_NOVAL,
	    CN_NOVAL, CN_NOVAL, &cause), CN_BAD);
	assert_string_equal(cause, "trace t: node a: parent a, but r (first"
	    " on line 7): a later record may update a node, not move it");
	free(cause);
	assert_int_equal(store_test_node_rc(fx, "r2", NULL, "root 2", CN_NOVAL,
	    CN_NOVAL, CN_NOVAL, &cause), CN_BAD);
	assert_string_equal(cause, "trace t: second root node r2 (the root is"
	    " r): every node but one needs a parent");
	free(cause);
	/* Rejected records leave the rest importable. */
	store_test_end_ok(fx, NULL);
	assert_true(store_test_resolve(fx->st, "t/a") > 0);
}

static void
test_store_import_missing_root_fails(void **state)
{
	struct tmpdb	*fx = *state;
	char		*cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "a", "b", "a");
	store_test_node(fx, "b", "a", "b");
	assert_int_equal(store_import_end(fx->st, 1, NULL, &cause), -1);
	assert_string_equal(cause, "in.jsonl: trace t: no root node (every"
	    " node names a parent)");
	free(cause);
}

static void
test_store_import_abort_leaves_nothing(void **state)
{
	struct tmpdb	*fx = *state;
	char		 s[64];

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
	assert_int_equal(store_import_end(fx->st, 0, NULL, NULL), 0);
	stats_line(fx->st, s, sizeof s);
	assert_string_equal(s, "0 0 0 0");
}

static void
test_store_trace_id_collision_gets_suffix(void **state)
{
	struct tmpdb	*fx = *state;
	struct cn_trace	 t;
	char		*cause = NULL;

	store_test_begin(fx, "x1");
	store_test_trace(fx, "t", "first");
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	store_test_begin(fx, "x2");
	store_test_trace(fx, "t", "second");
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_trace_find(fx->st, "t~2", &t, &cause), 1);
	assert_string_equal(t.problem, "second");
	cn_trace_clear(&t);
}

static void
test_store_scores_attach_to_existing_nodes(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_counts	 c;
	struct cn_trace			 t;
	struct cn_node			 n;
	const char			*path[] = { "step a", "leaf" };
	char				*cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", "p");
	store_test_node(fx, "r", NULL, "root");
	store_test_node(fx, "a", "r", "step a");
	store_test_node(fx, "l", "a", "leaf");
	store_test_end_ok(fx, NULL);

	store_test_begin(fx, NULL);
	memset(&t, 0, sizeof t);
	t.ext_id = "t";		/* a bare id attaches to the stored trace */
	assert_int_equal(fx->sink.trace(fx->sink.arg, &t, &cause), CN_OK);
	assert_int_equal(fx->sink.score(fx->sink.arg, "a", "q", 0.25, &cause),
	    CN_OK);
	assert_int_equal(fx->sink.score(fx->sink.arg, "a", "prm:x", 0.5,
	    &cause), CN_OK);
	assert_int_equal(fx->sink.score_path(fx->sink.arg, path, 2, "prm:x",
	    0.75, &cause), CN_OK);
	assert_int_equal(fx->sink.score(fx->sink.arg, "zz", "q", 1, &cause),
	    CN_BAD);
	assert_string_equal(cause, "trace t: no node zz");
	free(cause);
	assert_int_equal(fx->sink.score_path(fx->sink.arg, path, 1, "", 1,
	    &cause), CN_BAD);
	free(cause);
	store_test_end_ok(fx, &c);
	assert_int_equal(c.scores, 3);
	assert_int_equal(c.traces, 0);
	/* A score can raise the trace's best q. */
	assert_int_equal(store_trace_find(fx->st, "t", &t, &cause), 1);
	assert_double_equal(t.best_q, 0.25, 0);
	cn_trace_clear(&t);

	store_test_get(fx->st, "t/a", &n);
	assert_double_equal(n.sig[CN_SIG_Q], 0.25, 0);
	assert_int_equal(n.nmore, 1);
	assert_string_equal(n.more[0].name, "prm:x");
	assert_double_equal(n.more[0].value, 0.5, 0);
	cn_node_clear(&n);
	store_test_get(fx->st, "t/l", &n);
	assert_double_equal(n.more[0].value, 0.75, 0);
	cn_node_clear(&n);
}

static int
collect_ann(const struct cn_annotation *a, void *arg)
{
	struct collect	*c = arg;

	buf_printf(&c->b, "%s:%d:%d:%s:%s ", a->author, a->rating,
	    a->first_error, a->tags != NULL ? a->tags : "-",
	    a->note != NULL ? a->note : "-");
	return 0;
}

static void
test_store_annotations_round_trip(void **state)
{
	struct tmpdb		*fx = *state;
	struct cn_annotation	 a;
	struct collect		 col;
	struct cn_node		 n;
	char			*cause = NULL;

	setenv("CANOPY_NOW", "1700000000", 1);
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
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
	buf_init(&col.b);
	assert_int_equal(store_annotations_each(fx->st, n.id, collect_ann,
	    &col, &cause), 0);
	assert_string_equal(col.b.s, "alice:-1:1:arith,flagged:- "
	    "bob:-99:0:-:looks fine ");
	buf_free(&col.b);
	cn_node_clear(&n);
	unsetenv("CANOPY_NOW");
}

static void
test_store_import_known_by_sha(void **state)
{
	struct tmpdb	*fx = *state;
	int64_t		 when = 0;
	char		*name = NULL, *cause = NULL;

	setenv("CANOPY_NOW", "1700000000", 1);
	assert_int_equal(store_import_known(fx->st, "abc", &when, &name,
	    &cause), 0);
	store_test_begin(fx, "abc");
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_import_known(fx->st, "abc", &when, &name,
	    &cause), 1);
	assert_int_equal(when, 1700000000);
	assert_string_equal(name, "in.jsonl");
	free(name);
	unsetenv("CANOPY_NOW");
}

/* A hash given at the end is recorded; the size says who may be known. */
static void
test_store_import_sha_at_end(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_meta	 m = { "in.jsonl", "test", NULL, 0, 0,
					    4096 };
	char				*name = NULL, *cause = NULL;

	assert_int_equal(store_import_size_known(fx->st, 4096, &cause), 0);
	assert_int_equal(store_import_begin(fx->st, &m, &fx->sink, &cause), 0);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
	store_import_sha256(fx->st, "def");
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_import_known(fx->st, "def", NULL, &name,
	    &cause), 1);
	assert_string_equal(name, "in.jsonl");
	free(name);
	assert_int_equal(store_import_size_known(fx->st, 4096, &cause), 1);
	assert_int_equal(store_import_size_known(fx->st, 4097, &cause), 0);
	/* A failed import records nothing. */
	m.bytes = 4097;
	assert_int_equal(store_import_begin(fx->st, &m, &fx->sink, &cause), 0);
	store_import_sha256(fx->st, "ghi");
	assert_int_equal(store_import_end(fx->st, 0, NULL, NULL), 0);
	assert_int_equal(store_import_known(fx->st, "ghi", NULL, NULL,
	    &cause), 0);
	assert_int_equal(store_import_size_known(fx->st, 4097, &cause), 0);
}

/*
 * A structural error names the file, line and column of the node and the
 * trace as the file wrote it, even when the store renamed it (t~2).
 */
static void
test_store_structural_error_names_the_id_as_written(void **state)
{
	struct tmpdb	*fx = *state;
	char		*cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", "first");
	store_test_node(fx, "r", NULL, "root");
	store_test_end_ok(fx, NULL);
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", "second");	/* stored as t~2 */
	store_test_node(fx, "r", NULL, "root");
	store_test_node(fx, "x", "nope", "orphan");
	assert_int_equal(store_import_end(fx->st, 1, NULL, &cause), -1);
	assert_string_equal(cause, "in.jsonl:7:3: trace t: node x: unknown"
	    " parent nope");
	free(cause);
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

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
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
	char		*a, *cause = NULL;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "run/7", NULL);	/* trace ids may hold a slash */
	store_test_node(fx, "0", NULL, "root");
	store_test_node(fx, "0.1", "0", "child");
	store_test_end_ok(fx, NULL);
	id = store_test_resolve(fx->st, "run%2F7/0.1");
	a = store_node_address(fx->st, id);
	assert_string_equal(a, "run%2F7/0.1");
	free(a);
	/* An older canopy's unescaped address still resolves. */
	assert_int_equal(store_test_resolve(fx->st, "run/7/0.1"), id);
	assert_int_equal(store_test_resolve(fx->st, "run%2f7/0.1"), id);
	root = store_test_resolve(fx->st, "run%2F7");
	a = store_node_address(fx->st, root);
	assert_string_equal(a, "run%2F7/0");
	free(a);
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
	a = store_address_make("p/", NULL);
	assert_string_equal(a, "p%2F");
	free(a);
	for (i = 0; i < 6; i++) {
		a = store_address_make(ids[i][0], ids[i][1]);
		assert_string_equal(a, want[i]);
		id[i] = store_test_resolve(fx->st, a);
		free(a);
		a = store_node_address(fx->st, id[i]);
		assert_string_equal(a, want[i]);
		free(a);
		for (j = 0; j < i; j++)
			assert_true(id[j] != id[i]);
		snprintf(sql, sizeof sql, "SELECT address FROM v_nodes"
		    " WHERE id = %lld", (long long)id[i]);
		v = sql_text(fx, sql);
		assert_string_equal(v, want[i]);
		free(v);
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
test_store_deep_chain_walks_without_recursion(void **state)
{
	struct tmpdb	*fx = *state;
	struct cn_trace	 t;
	char		 id[16], parent[16], *cause = NULL;
	int		 i, count = 0;
	struct collect	 col;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "deep", NULL);
	store_test_node(fx, "0", NULL, "root");
	for (i = 1; i < 50000; i++) {
		snprintf(id, sizeof id, "%d", i);
		snprintf(parent, sizeof parent, "%d", i - 1);
		store_test_node(fx, id, parent, "x");
	}
	store_test_end_ok(fx, NULL);
	assert_int_equal(store_trace_find(fx->st, "deep", &t, &cause), 1);
	assert_int_equal(t.max_depth, 49999);
	buf_init(&col.b);
	assert_int_equal(store_preorder_each(fx->st, t.id, 2, collect_node,
	    &col, &cause), 0);
	assert_string_equal(col.b.s, "0@0.0 1@1.0 2@2.0 ");
	buf_free(&col.b);
	(void)count;
	cn_trace_clear(&t);
}

static void
test_store_evicted_traces_resume(void **state)
{
	struct tmpdb	*fx = *state;
	struct cn_node	 n;

	/* A tiny open-node limit forces traces out and back in. */
	fx->st->open_max = 3;
	store_test_begin(fx, NULL);
	store_test_trace(fx, "a", "A");
	store_test_node(fx, "r", NULL, "root a");
	store_test_node(fx, "x", "r", "a x");
	store_test_trace(fx, "b", "B");
	store_test_node(fx, "r", NULL, "root b");
	store_test_node(fx, "y", "r", "b y");
	store_test_trace(fx, "a", NULL);
	store_test_node(fx, "z", "x", "a z");
	store_test_node(fx, "w", "r", "a w");
	store_test_end_ok(fx, NULL);
	store_test_get(fx->st, "a/r", &n);
	assert_int_equal(n.subtree_size, 4);
	assert_int_equal(n.child_count, 2);
	cn_node_clear(&n);
	store_test_get(fx->st, "a/w", &n);
	assert_int_equal(n.ordinal, 1);
	cn_node_clear(&n);
	store_test_get(fx->st, "b/r", &n);
	assert_int_equal(n.subtree_size, 2);
	cn_node_clear(&n);
}

static void
test_store_interrupt_flag_stops_queries(void **state)
{
	struct tmpdb			*fx = *state;
	static volatile sig_atomic_t	 flag;
	struct store_stats		 s;
	char				 id[16], *cause = NULL;
	int				 i;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
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

/* The journal mode of the file, as a fresh SQLite connection reads it. */
static void
assert_journal_wal(const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*s;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static void
test_store_bulk_import_stays_in_wal(void **state)
{
	struct tmpdb	*fx = *state;

	/* A bulk import never leaves WAL (readers would wait for it). */
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
	assert_journal_wal(fx->path);
	store_test_end_ok(fx, NULL);
	assert_journal_wal(fx->path);
}

static void
test_store_empty_new_traces_are_dropped(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_counts	 c;
	struct cn_trace			 t;
	char				 s[64], *cause = NULL;

	store_test_begin(fx, NULL);
	memset(&t, 0, sizeof t);
	t.ext_id = "nope";	/* a score file naming an unknown trace */
	assert_int_equal(fx->sink.trace(fx->sink.arg, &t, &cause), CN_OK);
	assert_int_equal(fx->sink.score(fx->sink.arg, "n1", "q", 1, &cause),
	    CN_BAD);
	free(cause);
	store_test_end_ok(fx, &c);
	assert_int_equal(c.traces, 0);
	stats_line(fx->st, s, sizeof s);
	assert_string_equal(s, "0 0 0 0");
}

static void
test_store_many_open_traces_are_evicted_and_resumed(void **state)
{
	struct tmpdb	*fx = *state;
	struct cn_node	 n;
	char		 name[32], s[64];
	int		 i;

	/* More traces than stay open at once, then back to the first. */
	store_test_begin(fx, NULL);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof name, "g%d", i);
		store_test_trace(fx, name, "prompt");
		store_test_node(fx, "r", NULL, "prompt");
		store_test_node(fx, "1", "r", "step");
	}
	store_test_trace(fx, "g0", NULL);
	store_test_node(fx, "2", "r", "another step");
	store_test_node(fx, "3", "1", "below the first");
	store_test_end_ok(fx, NULL);
	stats_line(fx->st, s, sizeof s);
	assert_string_equal(s, "300 602 0 0");
	store_test_get(fx->st, "g0/r", &n);
	assert_int_equal(n.subtree_size, 4);
	assert_int_equal(n.child_count, 2);
	cn_node_clear(&n);
	store_test_get(fx->st, "g0/2", &n);
	assert_int_equal(n.ordinal, 1);
	cn_node_clear(&n);
	store_test_get(fx->st, "g0/3", &n);
	assert_int_equal(n.depth, 2);
	cn_node_clear(&n);
	store_test_get(fx->st, "g299/r", &n);
	assert_int_equal(n.subtree_size, 2);
	cn_node_clear(&n);
}

static void
test_store_checkpoint_commits_and_goes_on(void **state)
{
	struct tmpdb	*fx = *state;
	struct store	*other = NULL;
	struct cn_node	 n;
	char		*cause = NULL, s[64];
	int64_t		 v0;

	assert_int_equal(store_open(&other, fx->path, STORE_READONLY, &cause),
	    0);
	v0 = store_data_version(other);
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node(fx, "r", NULL, "root");
	store_test_node(fx, "a", "r", "a");
	store_test_node(fx, "c", "later", "waits for its parent");
	assert_int_equal(store_import_checkpoint(fx->st, &cause), 0);
	/* Another connection sees the committed nodes and a new version. */
	stats_line(other, s, sizeof s);
	assert_string_equal(s, "1 3 0 0");
	assert_true(store_data_version(other) != v0);
	/* Until the next record, the write lock is free for others. */
	assert_int_equal(store_import_checkpoint(fx->st, &cause), 0);
	{
		struct store			*w = NULL;
		struct store_import_meta	 m = { "o", "test", NULL, 0, 0, 0 };
		struct imp_sink			 ws;

		assert_int_equal(store_open(&w, fx->path, 0, &cause), 0);
		assert_int_equal(store_import_begin(w, &m, &ws, &cause), 0);
		assert_int_equal(store_import_end(w, 0, NULL, &cause), 0);
		store_close(w);
	}
	store_test_node(fx, "later", "a", "parent arrives");
	store_test_end_ok(fx, NULL);
	store_test_get(fx->st, "t/c", &n);
	assert_int_equal(n.depth, 3);
	cn_node_clear(&n);
	store_test_get(fx->st, "t/r", &n);
	assert_int_equal(n.subtree_size, 4);
	cn_node_clear(&n);
	store_close(other);
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

/*
 * Nodes and named signals are written in batches: across several batches
 * and a short last one, every node comes back whole, with its parent, and
 * a name given twice in one node keeps its last value.
 */
static void
test_store_import_batches(void **state)
{
	struct tmpdb			*fx = *state;
	struct store_import_counts	 c;
	struct cn_annotation		 a;
	struct cn_node			 n;
	struct cn_signal		 more[3];
	char				 id[16], parent[16], text[32], addr[24];
	char				*cause = NULL;
	int				 i;

	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	for (i = 0; i < 77; i++) {
		snprintf(id, sizeof id, "n%d", i);
		snprintf(parent, sizeof parent, "n%d", (i - 1) / 3);
		snprintf(text, sizeof text, "step %d", i);
		more[0].name = "prm";
		more[0].value = i;
		more[1].name = "orm";
		more[1].value = -i;
		more[2].name = "prm";
		more[2].value = i + 0.5;
		cn_node_init(&n);
		n.ext_id = id;
		n.parent_ext = i == 0 ? NULL : parent;
		n.text = text;
		n.sig[CN_SIG_VISITS] = 100 - i;
		n.more = more;
		n.nmore = i % 2 == 0 ? 3 : 1;	/* odd ones: prm only */
		assert_int_equal(fx->sink.node(fx->sink.arg, &n, &cause),
		    CN_OK);
	}
	/* An annotation names a node still waiting to be written. */
	memset(&a, 0, sizeof a);
	a.node_ext = "n76";
	a.author = "alice";
	a.rating = 1;
	assert_int_equal(fx->sink.annotation(fx->sink.arg, &a, &cause), CN_OK);
	store_test_end_ok(fx, &c);
	assert_int_equal(c.nodes, 77);
	assert_int_equal(c.annotations, 1);
	for (i = 0; i < 77; i++) {
		snprintf(addr, sizeof addr, "t/n%d", i);
		snprintf(text, sizeof text, "step %d", i);
		store_test_get(fx->st, addr, &n);
		assert_string_equal(n.text, text);
		assert_double_equal(n.sig[CN_SIG_VISITS], 100 - i, 0);
		if (i == 0)
			assert_int_equal(n.parent_id, 0);
		else {
			snprintf(parent, sizeof parent, "t/n%d", (i - 1) / 3);
			assert_int_equal(n.parent_id,
			    store_test_resolve(fx->st, parent));
			assert_int_equal(n.ordinal, (i - 1) % 3);
		}
		if (i % 2 == 0) {
			/* (read back in name order) */
			assert_int_equal(n.nmore, 2);
			assert_string_equal(n.more[0].name, "orm");
			assert_double_equal(n.more[0].value, -i, 0);
			assert_string_equal(n.more[1].name, "prm");
			assert_double_equal(n.more[1].value, i + 0.5, 0);
		} else {
			assert_int_equal(n.nmore, 1);
			assert_double_equal(n.more[0].value, i, 0);
		}
		cn_node_clear(&n);
	}
}

int
main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, tmpdb_setup, tmpdb_teardown)
	const struct CMUnitTest tests[] = {
		T(test_store_import_builds_tree_and_summaries),
		T(test_store_import_resolves_parents_given_later),
		T(test_store_import_unknown_parent_rolls_back),
		T(test_store_import_cycle_fails),
		T(test_store_import_rejects_moves_and_second_root),
		T(test_store_import_missing_root_fails),
		T(test_store_import_abort_leaves_nothing),
		T(test_store_trace_id_collision_gets_suffix),
		T(test_store_scores_attach_to_existing_nodes),
		T(test_store_annotations_round_trip),
		T(test_store_import_known_by_sha),
		T(test_store_addresses_are_unique_and_reversible),
		T(test_store_structural_error_names_the_id_as_written),
		T(test_store_label_counts_come_from_the_traces_table),
		T(test_store_import_sha_at_end),
		T(test_store_import_batches),
		T(test_store_resolve_addresses),
		T(test_store_deep_chain_walks_without_recursion),
		T(test_store_evicted_traces_resume),
		T(test_store_bulk_import_stays_in_wal),
		T(test_store_interrupt_flag_stops_queries),
		T(test_store_empty_new_traces_are_dropped),
		T(test_store_many_open_traces_are_evicted_and_resumed),
		T(test_store_checkpoint_commits_and_goes_on),
		T(test_store_stats_counts_signals_by_name),
	};
#undef T
	return cmocka_run_group_tests(tests, NULL, NULL);
}

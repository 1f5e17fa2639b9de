/*
 * test-tree-model.c - the window-only tree model and the store's browse
 * reads (store-browse.c), against a real database filled through the
 * store's import sink.
 *
 * Trace "t" (visits, q; "prm:x" on the root's children):
 *
 *	r "root"
 *	├ a "alpha step"     visits 10 q 0.5  prm 0.1
 *	│ ├ a1 "alpha one"
 *	│ └ a2 "alpha two"
 *	├ b "bravo step"     visits 30 q 0.2  prm 0.7
 *	│ └ b1 "bravo one"   visits 30
 *	│   └ b1x "the needle in bravo"  visits 12 q 0.8 outcome 1
 *	└ c "charlie leaf"   visits 20 q 0.9  prm 0.4
 *
 * Trace "big": a root with 1000 children n0..n999, each with 2 children.
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
#include "tree-model.h"
#include "cn-test.h"
#include "tmpdb.h"
#include "tm-test.h"

static void
score(struct fx *fx, const char *ext, double v)
{
	char	*cause = NULL;

	assert_int_equal(fx->sink.score(fx->sink.arg, ext, "prm:x", v,
	    &cause), CN_OK);
}

static void
annotate(struct fx *fx, const char *ext, int rating)
{
	struct cn_annotation	a;
	char			*cause = NULL;

	memset(&a, 0, sizeof a);
	a.node_ext = ext;
	a.author = "tester";
	a.rating = rating;
	assert_int_equal(fx->sink.annotation(fx->sink.arg, &a, &cause), CN_OK);
}

static int
setup(void **state)
{
	struct fx	*fx = fx_begin("t.jsonl");
	char		 ext[16], par[16];
	int		 i;

	fx->play = *state;
	trace(fx, "t");
	fx_node(fx, "r", NULL, "root", 60, 0.4, CN_NOVAL);
	fx_node(fx, "a", "r", "alpha step", 10, 0.5, CN_NOVAL);
	fx_node(fx, "a1", "a", "alpha one", CN_NOVAL, CN_NOVAL, 0);
	fx_node(fx, "a2", "a", "alpha two", CN_NOVAL, CN_NOVAL, CN_NOVAL);
	fx_node(fx, "b", "r", "bravo step", 30, 0.2, CN_NOVAL);
	fx_node(fx, "b1", "b", "bravo one", 30, CN_NOVAL, CN_NOVAL);
	fx_node(fx, "b1x", "b1", "the needle in bravo", 12, 0.8, 1);
	fx_node(fx, "c", "r", "charlie leaf", 20, 0.9, CN_NOVAL);
	annotate(fx, "b", -1);
	annotate(fx, "b1x", 1);
	score(fx, "a", 0.1);
	score(fx, "b", 0.7);
	score(fx, "c", 0.4);
	trace(fx, "big");
	fx_node(fx, "root", NULL, "big root", CN_NOVAL, CN_NOVAL, CN_NOVAL);
	for (i = 0; i < 1000; i++) {
		snprintf(ext, sizeof ext, "n%d", i);
		fx_node(fx, ext, "root", ext, i, CN_NOVAL, CN_NOVAL);
		snprintf(par, sizeof par, "%s", ext);
		snprintf(ext, sizeof ext, "n%d.0", i);
		fx_node(fx, ext, par, "left", CN_NOVAL, CN_NOVAL, CN_NOVAL);
		snprintf(ext, sizeof ext, "n%d.1", i);
		fx_node(fx, ext, par, "right", CN_NOVAL, CN_NOVAL, CN_NOVAL);
	}
	return fx_end(fx, state);
}

#define assert_rows(fx, want)	assert_string_took(fx_rows(fx), want)

/*
 * The cases that only play keys on trace "t" opened height rows high: a
 * test each, named for its row, which cmocka hands setup as prestate.
 */
struct fx_case {
	int		 height;
	const char	*script;
};

static void
test_tree_model_play(void **state)
{
	struct fx	*fx = *state;

	open_trace(fx, "t", fx->play->height);
	fx_play(fx, fx->play->script);
}

static const struct fx_case play_best_path_by_visits_then_q = { 10,
    "b = r a b b1 b1x* c" };

/*
 * Collapsing a leaf moves to its parent and leaves it open, and a
 * second collapse folds it; moving past the end stops on the last
 * row.
 */
static const struct fx_case play_expand_collapse_and_move = { 10,
    "+1 e = r a* a1 a2 b c\n"
    "+2 = r a a1 a2* b c\n"
    "c = r a* a1 a2 b c\n"
    "c = r a* b c\n"
    "+50 = r a b c*\n"
    "-50 = r* a b c\n"
    "t = r*\n"
    "t = r* a b c" };

/*
 * Near the end a page takes the cursor the rest of the way; a bigger
 * window keeps the cursor on its node.
 */
static const struct fx_case play_scrolls_a_small_window = { 3,
    "d10 = r* a a1\n"
    "+3 = a a1 a2*\n"
    "p1 = b b1 b1x*\n"
    "p1 = b1 b1x c*\n"
    "p1 = b1 b1x c*\n"
    "p-1 = a1 a2 b*\n"
    "p-1 = r a* a1\n"
    "p-1 = r* a a1\n"
    "G = b1 b1x c*\n"
    "g = r* a a1\n"
    "+1 h20 = r a* a1 a2 b b1 b1x c" };

/*
 * First child unfolds a folded node (g +1 f); collapse all forgets
 * the folds, the cursor goes to a visible row.
 */
static const struct fx_case play_goto_unfolds_ancestors = { 10,
    ">t/b1x = r a b b1 b1x* c\n"
    "u = r a b b1* b1x c\n"
    "u f = r a b b1* b1x c\n"
    "g +1 f = r a a1* a2 b b1 b1x c\n"
    "C = r a* b c" };

static void
test_tree_model_opens_with_root_expanded(void **state)
{
	struct fx	*fx = *state;

	open_trace(fx, "t", 10);
	assert_rows(fx, "r* a b c");
	assert_true(tm_row(fx->tm, 0)->expanded);
	assert_false(tm_row(fx->tm, 1)->expanded);
	assert_int_equal(tm_row(fx->tm, 1)->node.child_count, 2);
}

/*
 * Sorts siblings by signal sig, or the side-table signal name (sig -1);
 * sig -1 with no name: the original order.
 */
static void
sort_by(struct fx *fx, int sig, const char *name, int asc)
{
	struct store_sort	 s = { sig, name, asc };
	char			*cause = NULL;

	if (tm_set_sort(fx->tm, &s, &cause) != 0)
		fail_msg("sort: %s", cause);
}

static void
test_tree_model_sorts_siblings_by_signal(void **state)
{
	struct fx	*fx = *state;

	open_trace(fx, "t", 10);
	sort_by(fx, CN_SIG_VISITS, NULL, 0);
	assert_rows(fx, "r* b c a");
	sort_by(fx, CN_SIG_Q, NULL, 0);
	assert_rows(fx, "r* c a b");
	sort_by(fx, CN_SIG_Q, NULL, 1);
	assert_rows(fx, "r* b a c");
	/* A side-table signal. */
	sort_by(fx, -1, "prm:x", 0);
	assert_rows(fx, "r* b c a");
	/* Absent values come last, ties keep the original order. */
	fx_play(fx, "d10");
	sort_by(fx, CN_SIG_OUTCOME, NULL, 0);
	fx_play(fx,
	    "= r* a a1 a2 b b1 b1x c\n"
	    "+1 s1 = r a a1 a2 b* b1 b1x c\n"
	    "s-1 = r a* a1 a2 b b1 b1x c");
	/* Original order again; walking up and down past deep rows. */
	sort_by(fx, -1, NULL, 0);
	fx_play(fx,
	    "G = r a a1 a2 b b1 b1x c*\n"
	    "-2 = r a a1 a2 b b1* b1x c");
}

static void
test_tree_model_leaves_and_expand_all(void **state)
{
	struct fx	*fx = *state;

	open_trace(fx, "t", 10);
	/*
	 * The next leaf from the root is a1, then a2, b1x, c. A collapse
	 * inside "expand all" sticks; expand all again reopens. Walking up
	 * from below the "expand all" node keeps its state.
	 */
	fx_play(fx,
	    "l1 @ a1\n"
	    "l1 @ a2\n"
	    "l1 @ b1x\n"
	    "l1 @ c\n"
	    "l1 @ c\n"
	    "l-1 @ b1x\n"
	    "C >t/b = r a b* c\n"
	    "X = r a b* b1 b1x c\n"
	    "+1 c = r a b b1* c\n"
	    "-1 X = r a b* b1 b1x c\n"
	    "h2 G = b1x c*\n"
	    "-3 = b* b1");
	assert_true(tm_row(fx->tm, 1)->expanded);
}

static void
test_tree_model_search_finds_folded_nodes(void **state)
{
	struct fx	*fx = *state;
	struct cn_trace	 t;
	char		*cause = NULL;
	int64_t		 id = 0, n = 0;

	memset(&t, 0, sizeof t);
	assert_int_equal(store_trace_find(fx->st, "t", &t, &cause), 1);
	assert_int_equal(store_search_count(fx->st, t.id, "needle", &n,
	    &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_search_step(fx->st, t.id, "NEED", 0, 1, &id,
	    &cause), 1);
	assert_int_equal(id, id_of(fx, "t/b1x"));
	/* Words are ANDed; punctuation does not reach FTS5 syntax. */
	assert_int_equal(store_search_count(fx->st, t.id, "step \"(", &n,
	    &cause), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_search_count(fx->st, t.id, "alpha-step", &n,
	    &cause), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_search_step(fx->st, t.id, "step", id, 1, &id,
	    &cause), 0);
	assert_int_equal(store_search_step(fx->st, t.id, "step", INT64_MAX,
	    -1, &id, &cause), 1);
	assert_int_equal(id, id_of(fx, "t/b"));
	/* Other traces' nodes are not hits. */
	assert_int_equal(store_search_count(fx->st, t.id, "left", &n, &cause),
	    0);
	assert_int_equal(n, 0);
	open_trace(fx, "t", 10);
	assert_int_equal(tm_goto(fx->tm, id_of(fx, "t/b1x"), &cause), 0);
	assert_true(tm_row(fx->tm, 2)->expanded);
	cn_trace_clear(&t);
}

static void
test_tree_model_signal_names_and_ancestors(void **state)
{
	struct fx	*fx = *state;
	struct cn_trace	 t;
	char		**names = NULL, *cause = NULL;
	size_t		 n = 0;

	memset(&t, 0, sizeof t);
	assert_int_equal(store_trace_find(fx->st, "t", &t, &cause), 1);
	assert_int_equal(store_trace_signal_names(fx->st, t.id, &names, &n,
	    &cause), 0);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "prm:x");
	store_names_free(names, n);
	cn_trace_clear(&t);
	assert_int_equal(store_trace_find(fx->st, "big", &t, &cause), 1);
	assert_int_equal(store_trace_signal_names(fx->st, t.id, &names, &n,
	    &cause), 0);
	assert_int_equal(n, 0);
	cn_trace_clear(&t);
}

struct traces_seen {
	struct cn_buf	b;
};

static int
trace_seen_cb(const struct cn_trace *t, void *arg)
{
	struct traces_seen	*ts = arg;

	buf_printf(&ts->b, "%s:%lld:%d:%.3g:%.3g:%.3g ", t->ext_id,
	    (long long)t->node_count, t->max_depth, t->best_reward, t->best_q,
	    t->outcome);
	return 0;
}

static int
label_seen_cb(int64_t id, int64_t count, void *arg)
{
	struct traces_seen	*ts = arg;

	buf_printf(&ts->b, "#%lld=%lld ", (long long)id, (long long)count);
	return 0;
}

static int
ext_cb(const struct cn_node *n, void *arg)
{
	buf_printf(arg, "%s ", n->ext_id);
	return 0;
}

/* Sibling pages in a signal order (and the original one). */
static void
test_tree_model_children_sorted_pages(void **state)
{
	struct fx		*fx = *state;
	struct store_sort	 s = { CN_SIG_Q, NULL, 0 };
	struct cn_buf		 b;
	char			*cause = NULL;
	int64_t			*ids = NULL;
	size_t			 n = 0;

	buf_init(&b);
	assert_int_equal(store_children_sorted_each(fx->st, id_of(fx, "t/r"),
	    &s, 1, 2, ext_cb, &b, &cause), 0);
	assert_string_equal(b.s, "a b ");
	buf_reset(&b);
	s.sig = -1;
	assert_int_equal(store_children_sorted_each(fx->st, id_of(fx, "t/r"),
	    &s, 1, -1, ext_cb, &b, &cause), 0);
	assert_string_equal(b.s, "b c ");
	s.sig = CN_SIG_VISITS;
	assert_int_equal(store_children_sorted_ids(fx->st, id_of(fx, "t/r"),
	    &s, &ids, &n, &cause), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[0], id_of(fx, "t/b"));
	assert_int_equal(ids[2], id_of(fx, "t/a"));
	free(ids);
	buf_free(&b);
}

/* Trace pages read only roots and their children; labels in one pass. */
static void
test_tree_model_trace_pages_and_labels(void **state)
{
	struct fx		*fx = *state;
	struct traces_seen	 ts;
	struct cn_trace		 t;
	char			*cause = NULL, want[64];

	buf_init(&ts.b);
	assert_int_equal(store_traces_brief_page(fx->st, 0, 1, trace_seen_cb,
	    &ts, &cause), 0);
	assert_string_equal(ts.b.s, "t:8:3:nan:0.9:0.5 ");
	memset(&t, 0, sizeof t);
	assert_int_equal(store_trace_find(fx->st, "t", &t, &cause), 1);
	buf_reset(&ts.b);
	assert_int_equal(store_traces_brief_page(fx->st, t.id, 10,
	    trace_seen_cb, &ts, &cause), 0);
	assert_string_equal(ts.b.s, "big:3001:2:nan:nan:nan ");
	buf_reset(&ts.b);
	assert_int_equal(store_trace_label_counts(fx->st, label_seen_cb, &ts,
	    &cause), 0);
	snprintf(want, sizeof want, "#%lld=2 ", (long long)t.id);
	assert_string_equal(ts.b.s, want);
	cn_trace_clear(&t);
	assert_int_equal(store_trace_find(fx->st, "nosuch", &t, &cause),
	    0);
	assert_int_equal(store_trace_find(fx->st, "#1", &t, &cause), 1);
	assert_string_equal(t.ext_id, "t");
	cn_trace_clear(&t);
	buf_free(&ts.b);
}

/* A wide node: paging through 1000 children keeps memory flat. */
static void
test_tree_model_wide_node_pages_with_flat_memory(void **state)
{
	struct fx	*fx = *state;
	size_t		 m0, m1;
	int		 i;

	open_trace(fx, "big", 20);
	assert_int_equal(tm_nrows(fx->tm), 20);
	m0 = tm_memory(fx->tm);
	for (i = 0; i < 60; i++)
		fx_play(fx, "p1");
	m1 = tm_memory(fx->tm);
	assert_true(m1 <= m0 + 256);
	/* Expanding every node keeps the window at 20 rows. */
	fx_play(fx,
	    "@ n999\n"
	    "G @ n999\n"
	    "d5 G @ n999.1");
	assert_int_equal(tm_nrows(fx->tm), 20);
	fx_play(fx, ">big/n500.0 @ n500.0");
	assert_int_equal(tm_cursor(fx->tm), 10);
	fx_play(fx,
	    "-1 @ n500\n"
	    "-1 @ n499.1");
	assert_true(tm_memory(fx->tm) < 64 * 1024);
}

/* 1000 siblings sorted by a signal: one sort, then steps by index. */
static void
test_tree_model_wide_node_sorted_by_signal(void **state)
{
	struct fx	*fx = *state;

	open_trace(fx, "big", 5);
	sort_by(fx, CN_SIG_VISITS, NULL, 0);
	fx_play(fx,
	    "= root* n999 n998 n997 n996\n"
	    "p1 = n995* n994 n993 n992 n991\n"
	    "G = n4 n3 n2 n1 n0*\n"
	    ">big/n500 s1 @ n499\n"
	    "s-1 s-1 @ n501\n"
	    "-1 @ n502");
	/* Ascending, then the original order again. */
	sort_by(fx, CN_SIG_VISITS, NULL, 1);
	fx_play(fx, "g = root* n0 n1 n2 n3");
	sort_by(fx, -1, NULL, 1);
	fx_play(fx, "G @ n999");
	assert_true(tm_memory(fx->tm) < 64 * 1024);
}

static void
test_tree_model_reload_keeps_cursor_and_folds(void **state)
{
	struct fx	*fx = *state;
	char		*cause = NULL;

	open_trace(fx, "t", 10);
	assert_int_equal(tm_goto(fx->tm, id_of(fx, "t/a2"), &cause), 0);
	assert_rows(fx, "r a a1 a2* b c");
	assert_int_equal(tm_reload(fx->tm, &cause), 0);
	assert_rows(fx, "r a a1 a2* b c");
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
#define PLAY(name) { "test_tree_model_" #name, test_tree_model_play,	\
	setup, teardown, (void *)(uintptr_t)&play_##name }
CN_TEST_MAIN(
	T(test_tree_model_opens_with_root_expanded),
	PLAY(best_path_by_visits_then_q),
	PLAY(expand_collapse_and_move),
	PLAY(scrolls_a_small_window),
	T(test_tree_model_sorts_siblings_by_signal),
	PLAY(goto_unfolds_ancestors),
	T(test_tree_model_leaves_and_expand_all),
	T(test_tree_model_search_finds_folded_nodes),
	T(test_tree_model_signal_names_and_ancestors),
	T(test_tree_model_wide_node_pages_with_flat_memory),
	T(test_tree_model_wide_node_sorted_by_signal),
	T(test_tree_model_trace_pages_and_labels),
	T(test_tree_model_children_sorted_pages),
	T(test_tree_model_reload_keeps_cursor_and_folds))
#undef T
#undef PLAY

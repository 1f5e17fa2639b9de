/*
 * test-imp-rollout-store.c - the rollout and score importers against the
 * real store: prefix trees land with the right subtree summaries, late
 * rollout ends update earlier nodes, and score files attach signals to
 * nodes named by id or by step path.
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

#include "cn-test.h"
#include "store-test.h"

struct find {
	const char	*needle;
	char		*ext;
	int64_t		 root;
};

static int
find_cb(const struct cn_trace *t, void *arg)
{
	struct find	*f = arg;

	if (t->problem != NULL && strstr(t->problem, f->needle) != NULL) {
		f->ext = xstrdup(t->ext_id);
		f->root = t->root_id;
	}
	return 0;
}

/* The ext_id and root of the trace whose problem holds needle. */
static void
find_trace(struct tmpdb *db, const char *needle, struct find *f)
{
	char	*cause = NULL;

	memset(f, 0, sizeof *f);
	f->needle = needle;
	assert_int_equal(store_traces_each(db->st, find_cb, f, &cause), 0);
	assert_non_null(f->ext);
}

/* Reads node "<trace>/<ext>" into *n (caller clears). */
static void
get_node(struct tmpdb *db, const char *trace, const char *ext,
    struct cn_node *n)
{
	char	*addr = xasprintf("%s/%s", trace, ext);

	store_test_get(db->st, addr, n);
	free(addr);
}

/*
 * Imports text (named in.jsonl) with format and options o (NULL: the
 * defaults), which must succeed; its report in *rep (NULL: not wanted;
 * else the caller frees it) and its counts in *c.
 */
static void
import_text(struct tmpdb *db, const char *format, const char *text,
    const struct imp_opts *o, struct imp_report *rep,
    struct store_import_counts *c)
{
	struct imp_report	 mine;
	char			*cause = NULL;

	if (tmpdb_import_text(db, format, "in.jsonl", text, o,
	    rep != NULL ? rep : &mine, c, &cause) != 0)
		fail_msg("import: %s", cause);
	if (rep == NULL)
		imp_report_free(&mine);
}

static void
test_imp_rollout_store_fixture(void **state)
{
	struct tmpdb			*db = *state;
	struct store_import_counts	 c;
	struct find			 fa, fb;
	struct cn_node			 n;
	char				*cause = NULL;

	tmpdb_import_file(db, "verl", "tests/fixtures/verl/12.jsonl", &c);
	assert_int_equal(c.traces, 2);
	assert_int_equal(c.nodes, 24);

	find_trace(db, "Natalia", &fa);
	find_trace(db, "2^10", &fb);
	/* Group A: 4 leaves (72 twice, 144, 24, the short 72) and the
	   strict-prefix sample ending at an inner node. */
	assert_int_equal(store_node_get(db->st, fa.root, &n, &cause), 1);
	assert_int_equal(n.subtree_size, 12);
	assert_int_equal(n.leaf_count, 4);
	assert_int_equal(n.ok_leaves, 2);
	assert_int_equal(n.outcome_leaves, 4);
	cn_node_clear(&n);
	get_node(db, fa.ext, "2", &n);
	assert_int_equal(n.terminal, 1);
	assert_int_equal(n.child_count, 2);
	assert_double_equal(n.sig[CN_SIG_REWARD], 0, 1e-12);
	assert_double_equal(n.sig[CN_SIG_OUTCOME], 0, 1e-12);
	assert_double_equal(record_sink_sig(&n, "rollouts"), 1, 1e-12);
	cn_node_clear(&n);
	get_node(db, fa.ext, "4", &n);
	assert_string_equal(n.text, "The answer is \\boxed{72}.");
	assert_int_equal(n.depth, 4);
	assert_double_equal(record_sink_sig(&n, "rollouts"), 2, 1e-12);
	cn_node_clear(&n);

	assert_int_equal(store_node_get(db->st, fb.root, &n, &cause), 1);
	assert_int_equal(n.subtree_size, 12);
	assert_int_equal(n.leaf_count, 4);
	assert_int_equal(n.ok_leaves, 3);
	assert_double_equal(n.best_leaf_reward, 1, 1e-12);
	cn_node_clear(&n);
	free(fa.ext);
	free(fb.ext);
}

/* A later run ending at a node sent earlier updates it by score(). */
static void
test_imp_rollout_store_late_end(void **state)
{
	struct tmpdb			*db = *state;
	struct store_import_counts	 c;
	struct find			 f;
	struct cn_node			 n;

	import_text(db, "verl",
	    "{\"input\":\"Q\",\"output\":\"A\\n\\nB\",\"score\":1,\"acc\":1}\n"
	    "{\"input\":\"P\",\"output\":\"X\",\"score\":0}\n"
	    "{\"input\":\"Q\",\"output\":\"A\\n\\nB\",\"score\":0,\"acc\":0}"
	    "\n", NULL, NULL, &c);
	assert_int_equal(c.traces, 2);
	assert_int_equal(c.nodes, 5);
	find_trace(db, "Q", &f);
	get_node(db, f.ext, "2", &n);
	assert_double_equal(n.sig[CN_SIG_REWARD], 0.5, 1e-12);
	assert_double_equal(n.sig[CN_SIG_OUTCOME], 0.5, 1e-12);
	assert_double_equal(record_sink_sig(&n, "rollouts"), 2, 1e-12);
	cn_node_clear(&n);
	free(f.ext);
}

/* Scores by node id and by step path; unmatched lines counted. */
static void
test_imp_scores_store(void **state)
{
	struct tmpdb			*db = *state;
	struct imp_opts			 o = { 1, NULL, "prm", 0 };
	struct imp_report		 rep;
	struct store_import_counts	 c;
	struct find			 f;
	struct cn_node			 n;
	char				*in, *want;

	import_text(db, "chat-jsonl",
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"},"
	    "{\"role\":\"assistant\",\"content\":\"a\\n\\nb\"}],\"reward\":1}\n"
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"},"
	    "{\"role\":\"assistant\",\"content\":\"a\\n\\nc\"}],\"reward\":0}"
	    "\n", NULL, NULL, &c);
	assert_int_equal(c.nodes, 4);
	find_trace(db, "Q", &f);
	in = xasprintf(
	    "{\"trace\":\"%s\",\"node\":\"2\",\"value\":0.9}\n"
	    "{\"trace\":\"%s\",\"path\":[\"a\",\"c\"],\"value\":0.1}\n"
	    "{\"trace\":\"%s\",\"node\":\"1\",\"value\":0.5,\"name\":\"orm\"}\n"
	    "{\"trace\":\"%s\",\"node\":\"77\",\"value\":0.5}\n"
	    "{\"trace\":\"%s\",\"path\":[\"a\",\"zzz\"],\"value\":0.5}\n",
	    f.ext, f.ext, f.ext, f.ext, f.ext);
	import_text(db, "canopy-scores", in, &o, &rep, &c);
	free(in);
	assert_int_equal(rep.records, 5);
	assert_int_equal(rep.bad, 2);
	assert_int_equal(c.scores, 3);
	assert_int_equal(c.traces, 0);
	assert_int_equal(c.nodes, 0);
	want = xasprintf("in.jsonl:4:1: trace %s: no node 77", f.ext);
	assert_string_equal(rep.first_bad[0], want);
	free(want);
	want = xasprintf("in.jsonl:5:1: trace %s: no node at step 2 of the "
	    "path (\"zzz\")", f.ext);
	assert_string_equal(rep.first_bad[1], want);
	free(want);
	imp_report_free(&rep);

	get_node(db, f.ext, "2", &n);
	assert_string_equal(n.text, "b");
	assert_double_equal(record_sink_sig(&n, "prm"), 0.9, 1e-12);
	assert_double_equal(n.sig[CN_SIG_REWARD], 1, 1e-12);
	cn_node_clear(&n);
	get_node(db, f.ext, "3", &n);
	assert_string_equal(n.text, "c");
	assert_double_equal(record_sink_sig(&n, "prm"), 0.1, 1e-12);
	cn_node_clear(&n);
	get_node(db, f.ext, "1", &n);
	assert_double_equal(record_sink_sig(&n, "orm"), 0.5, 1e-12);
	assert_false(cn_hasval(record_sink_sig(&n, "prm")));
	cn_node_clear(&n);
	free(f.ext);
}

/*
 * A score file naming a trace the database does not hold: the line is
 * counted as unmatched. (The store currently also creates an empty trace
 * for the bare id; see the report to the lead.)
 */
static void
test_imp_scores_store_unknown_trace(void **state)
{
	struct tmpdb			*db = *state;
	struct imp_opts			 o = { 1, NULL, "prm", 0 };
	struct imp_report		 rep;
	struct store_import_counts	 c;

	import_text(db, "canopy-scores",
	    "{\"trace\":\"nope\",\"node\":\"1\",\"value\":0.9}\n", &o, &rep,
	    &c);
	assert_int_equal(rep.bad, 1);
	assert_int_equal(c.scores, 0);
	assert_string_equal(rep.first_bad[0],
	    "in.jsonl:1:1: trace nope: no node 1");
	imp_report_free(&rep);
}

CN_TEST_MAIN(
	cmocka_unit_test_setup_teardown(test_imp_rollout_store_fixture,
	    tmpdb_setup, tmpdb_teardown),
	cmocka_unit_test_setup_teardown(test_imp_rollout_store_late_end,
	    tmpdb_setup, tmpdb_teardown),
	cmocka_unit_test_setup_teardown(test_imp_scores_store,
	    tmpdb_setup, tmpdb_teardown),
	cmocka_unit_test_setup_teardown(
	    test_imp_scores_store_unknown_trace, tmpdb_setup,
	    tmpdb_teardown))

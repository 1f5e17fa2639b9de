/*
 * test-imp-a-store.c - the prm800k, prm800k-scored, processbench and
 * math-shepherd importers feeding the real store: each fixture is imported
 * into a fresh database, the store's counts (traces, nodes, annotations,
 * signals by name) must be the ones python3 counts in the fixture, and
 * node addresses must resolve to the expected nodes.
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
#include "tmpdb.h"

/* The count of signal name in the store's stats, or -1 if absent. */
static int64_t
sig_count(const struct store_stats *s, const char *name)
{
	size_t	i;

	for (i = 0; i < s->nsignals; i++)
		if (strcmp(s->signals[i].name, name) == 0)
			return s->signals[i].count;
	return -1;
}

static void
check_stats(struct tmpdb *db, int64_t traces, int64_t nodes, int64_t ann)
{
	struct store_stats	s;
	char			*cause = NULL;

	assert_int_equal(store_stats_get(db->st, &s, &cause), 0);
	assert_int_equal(s.traces, traces);
	assert_int_equal(s.nodes, nodes);
	assert_int_equal(s.annotations, ann);
	store_stats_free(&s);
}

/* Resolves address and fills *n (caller clears). */
static void
resolve(struct tmpdb *db, const char *address, struct cn_node *n)
{
	int64_t	 id;
	char	*cause = NULL;

	if (store_node_resolve(db->st, address, &id, &cause) != 1)
		fail_msg("address %s does not resolve (%s)", address,
		    cause != NULL ? cause : "not found");
	assert_int_equal(store_node_get(db->st, id, n, &cause), 1);
}

static void
test_imp_a_store_prm800k(void **state)
{
	struct tmpdb		*db = *state;
	struct store_stats	 s;
	struct cn_node		 n;
	char			*cause = NULL;

	tmpdb_import_file(db, "prm800k", "tests/fixtures/real/prm800k/"
	    "phase1_train.sample.jsonl", NULL);
	check_stats(db, 2, 141, 121);
	tmpdb_import_file(db, "prm800k", "tests/fixtures/real/prm800k/"
	    "phase2_train.sample.jsonl", NULL);
	check_stats(db, 6, 227, 164);
	assert_int_equal(store_stats_get(db->st, &s, &cause), 0);
	assert_int_equal(sig_count(&s, "verifier"), 4);
	store_stats_free(&s);

	resolve(db, "e90a38f3-2022-07-30T23:23:32.118856/2.h", &n);
	assert_string_equal(n.role, "human");
	assert_string_equal(n.text, "We have $3p+e=1.24$ and $5p+e=1.82$.");
	assert_int_equal(n.depth, 2);
	assert_true(n.chosen);
	assert_int_equal(n.child_count, 1);
	cn_node_clear(&n);
	/* Phase 2, record 1: 6 chained steps, then 7.0 and 6 unlabelled. */
	resolve(db, "cc88bf76-2022-11-22T16:51:29.980606/13", &n);
	assert_string_equal(n.text, "# Answer\n\n7200");
	assert_int_equal(n.depth, 13);
	assert_true(n.terminal);
	cn_node_clear(&n);
	resolve(db, "cc88bf76-2022-11-22T16:51:29.980606/6.0", &n);
	assert_int_equal(n.child_count, 4);
	assert_int_equal(n.subtree_size, 11);
	cn_node_clear(&n);
}

static void
test_imp_a_store_scored(void **state)
{
	struct tmpdb		*db = *state;
	struct store_stats	 s;
	struct cn_node		 n;
	char			*cause = NULL;

	tmpdb_import_file(db, "prm800k-scored", "tests/fixtures/real/prm800k/"
	    "scored_test_samples.sample.jsonl", NULL);
	check_stats(db, 1, 5, 0);
	assert_int_equal(store_stats_get(db->st, &s, &cause), 0);
	assert_int_equal(sig_count(&s, "prm"), 4);
	assert_int_equal(sig_count(&s, "prm:p-1"), 4);
	assert_int_equal(sig_count(&s, "prm:p0"), 4);
	assert_int_equal(sig_count(&s, "prm_score"), 1);
	assert_int_equal(sig_count(&s, "orm_score"), 1);
	assert_int_equal(sig_count(&s, "outcome"), 1);
	store_stats_free(&s);
	/* The trace id holds '/': the address still resolves. */
	resolve(db, "test/precalculus/779.json/1.4", &n);
	assert_int_equal(n.depth, 4);
	assert_true(n.terminal);
	assert_double_equal(n.sig[CN_SIG_OUTCOME], 1, 0);
	cn_node_clear(&n);
}

static void
test_imp_a_store_processbench(void **state)
{
	struct tmpdb		*db = *state;
	struct store_stats	 s;
	struct cn_node		 n;
	char			*cause = NULL;

	tmpdb_import_file(db, "processbench", "tests/fixtures/real/processbench"
	    "/"
	    "gsm8k.sample.json", NULL);
	check_stats(db, 6, 39, 23);
	tmpdb_import_file(db, "processbench", "tests/fixtures/real/processbench"
	    "/"
	    "math.sample.json", NULL);
	check_stats(db, 9, 66, 38);
	assert_int_equal(store_stats_get(db->st, &s, &cause), 0);
	assert_int_equal(sig_count(&s, "outcome"), 9);
	store_stats_free(&s);
	resolve(db, "math-1/17", &n);
	assert_int_equal(n.depth, 17);
	assert_double_equal(n.sig[CN_SIG_OUTCOME], 0, 0);
	cn_node_clear(&n);
	resolve(db, "math-1/10", &n);
	assert_int_equal(n.annotation_count, 1);
	cn_node_clear(&n);
}

static void
test_imp_a_store_shepherd(void **state)
{
	struct tmpdb		*db = *state;
	struct store_stats	 s;
	char			*cause = NULL;

	tmpdb_import_file(db, "math-shepherd",
	    "tests/fixtures/shepherd/math-shepherd.sample.jsonl", NULL);
	check_stats(db, 3, 12, 0);
	/* Same line numbers, another file: the store suffixes the ids. */
	tmpdb_import_file(db, "math-shepherd",
	    "tests/fixtures/shepherd/trl-stepwise.sample.jsonl", NULL);
	check_stats(db, 5, 20, 0);
	assert_int_equal(store_stats_get(db->st, &s, &cause), 0);
	assert_int_equal(sig_count(&s, "shepherd"), 15);
	store_stats_free(&s);
}

CN_TEST_MAIN(
	cmocka_unit_test_setup_teardown(test_imp_a_store_prm800k,
	    tmpdb_setup, tmpdb_teardown),
	cmocka_unit_test_setup_teardown(test_imp_a_store_scored,
	    tmpdb_setup, tmpdb_teardown),
	cmocka_unit_test_setup_teardown(test_imp_a_store_processbench,
	    tmpdb_setup, tmpdb_teardown),
	cmocka_unit_test_setup_teardown(test_imp_a_store_shepherd,
	    tmpdb_setup, tmpdb_teardown))

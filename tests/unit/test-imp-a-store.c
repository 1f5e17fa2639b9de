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
#include "store-test.h"

#define REAL	"tests/fixtures/real/"

/*
 * The fixtures of each format in import order, with the store's totals
 * (traces, nodes, annotations) after each: a test imports those of its
 * format into one fresh database.
 */
static const struct a_import {
	const char	*format, *rel;
	int64_t		 traces, nodes, ann;
} a_imports[] = {
	{ "prm800k", REAL "prm800k/phase1_train.sample.jsonl", 2, 141, 121 },
	{ "prm800k", REAL "prm800k/phase2_train.sample.jsonl", 6, 227, 164 },
	{ "prm800k-scored", REAL "prm800k/scored_test_samples.sample.jsonl",
	    1, 5, 0 },
	{ "processbench", REAL "processbench/gsm8k.sample.json", 6, 39, 23 },
	{ "processbench", REAL "processbench/math.sample.json", 9, 66, 38 },
	{ "math-shepherd", "tests/fixtures/shepherd/math-shepherd.sample.jsonl",
	    3, 12, 0 },
	/* Same line numbers, another file: the store suffixes the ids. */
	{ "math-shepherd", "tests/fixtures/shepherd/trl-stepwise.sample.jsonl",
	    5, 20, 0 },
};

/* Imports the fixtures of format, checking the totals after each. */
static void
import_all(struct tmpdb *db, const char *format)
{
	const struct a_import	*a;
	struct store_stats	 s;
	char			*cause = NULL;
	size_t			 i, n = 0;

	for (i = 0; i < sizeof a_imports / sizeof a_imports[0]; i++) {
		a = &a_imports[i];
		if (strcmp(a->format, format) != 0)
			continue;
		n++;
		tmpdb_import_file(db, format, a->rel, NULL);
		assert_int_equal(store_stats_get(db->st, &s, &cause), 0);
		assert_int_equal(s.traces, a->traces);
		assert_int_equal(s.nodes, a->nodes);
		assert_int_equal(s.annotations, a->ann);
		store_stats_free(&s);
	}
	if (n == 0)
		fail_msg("no fixture of %s", format);
}

/*
 * Checks the store's count of each named signal: pairs of a name and its
 * count (int), ended by NULL.
 */
static void
check_signals(struct tmpdb *db, ...)
{
	struct store_stats	 s;
	va_list			 ap;
	const char		*name;
	char			*cause = NULL;
	size_t			 i;

	assert_int_equal(store_stats_get(db->st, &s, &cause), 0);
	va_start(ap, db);
	while ((name = va_arg(ap, const char *)) != NULL) {
		for (i = 0; i < s.nsignals; i++)
			if (strcmp(s.signals[i].name, name) == 0)
				break;
		if (i == s.nsignals)
			fail_msg("no signal %s", name);
		assert_int_equal(s.signals[i].count, va_arg(ap, int));
	}
	va_end(ap);
	store_stats_free(&s);
}

static void
test_imp_a_store_prm800k(void **state)
{
	struct tmpdb	*db = *state;
	struct cn_node	 n;

	import_all(db, "prm800k");
	check_signals(db, "verifier", 4, NULL);

	store_test_get(db->st, "e90a38f3-2022-07-30T23:23:32.118856/2.h", &n);
	assert_string_equal(n.role, "human");
	assert_string_equal(n.text, "We have $3p+e=1.24$ and $5p+e=1.82$.");
	assert_int_equal(n.depth, 2);
	assert_true(n.chosen);
	assert_int_equal(n.child_count, 1);
	cn_node_clear(&n);
	/* Phase 2, record 1: 6 chained steps, then 7.0 and 6 unlabelled. */
	store_test_get(db->st, "cc88bf76-2022-11-22T16:51:29.980606/13", &n);
	assert_string_equal(n.text, "# Answer\n\n7200");
	assert_int_equal(n.depth, 13);
	assert_true(n.terminal);
	cn_node_clear(&n);
	store_test_assert_node(db->st, "cc88bf76-2022-11-22T16:51:29.980606/6.0",
	    "children=4 subtree=11");
}

static void
test_imp_a_store_scored(void **state)
{
	struct tmpdb	*db = *state;
	struct cn_node	 n;

	import_all(db, "prm800k-scored");
	check_signals(db, "prm", 4, "prm:p-1", 4, "prm:p0", 4, "prm_score", 1,
	    "orm_score", 1, "outcome", 1, NULL);
	/* The trace id holds '/': the address still resolves. */
	store_test_get(db->st, "test/precalculus/779.json/1.4", &n);
	assert_int_equal(n.depth, 4);
	assert_true(n.terminal);
	assert_double_equal(n.sig[CN_SIG_OUTCOME], 1, 0);
	cn_node_clear(&n);
}

static void
test_imp_a_store_processbench(void **state)
{
	struct tmpdb	*db = *state;

	import_all(db, "processbench");
	check_signals(db, "outcome", 9, NULL);
	store_test_assert_node(db->st, "math-1/17", "depth=17 outcome=0");
	store_test_assert_node(db->st, "math-1/10", "annotations=1");
}

static void
test_imp_a_store_shepherd(void **state)
{
	struct tmpdb	*db = *state;

	import_all(db, "math-shepherd");
	check_signals(db, "shepherd", 15, NULL);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tmpdb_setup, tmpdb_teardown)
CN_TEST_MAIN(
	T(test_imp_a_store_prm800k),
	T(test_imp_a_store_scored),
	T(test_imp_a_store_processbench),
	T(test_imp_a_store_shepherd))
#undef T

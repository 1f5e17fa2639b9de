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

#include "importers.h"
#include "store.h"
#include "cn-test.h"

struct fx {
	struct store	*st;
	char		 path[64];
};

static int
setup(void **state)
{
	struct fx	*fx = calloc(1, sizeof *fx);
	char		*cause = NULL;
	int		 fd;

	strcpy(fx->path, "/tmp/test-imp-a-XXXXXX");
	fd = mkstemp(fx->path);
	assert_true(fd >= 0);
	close(fd);
	unlink(fx->path);
	assert_int_equal(store_open(&fx->st, fx->path, 0, &cause), 0);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;
	char		 p[80];

	store_close(fx->st);
	unlink(fx->path);
	snprintf(p, sizeof p, "%s-wal", fx->path);
	unlink(p);
	snprintf(p, sizeof p, "%s-shm", fx->path);
	unlink(p);
	free(fx);
	return 0;
}

/* Imports a fixture of the source tree with format into fx's store. */
static void
import(struct fx *fx, const char *format, const char *rel)
{
	const struct imp_format		*f = imp_format_find(format);
	struct store_import_meta	 m;
	struct store_import_counts	 c;
	struct imp_sink			 sink;
	struct imp_report		 r;
	struct imp_opts			 o;
	const char			*top = getenv("CANOPY_SRCDIR");
	char				*path, *cause = NULL;
	FILE				*in;
	int				 rc;

	assert_non_null(f);
	path = xasprintf("%s/%s", top != NULL ? top : "..", rel);
	in = fopen(path, "r");
	if (in == NULL)
		fail_msg("cannot open %s", path);
	memset(&m, 0, sizeof m);
	m.file = rel;
	m.format = format;
	memset(&r, 0, sizeof r);
	memset(&o, 0, sizeof o);
	assert_int_equal(store_import_begin(fx->st, &m, &sink, &cause), 0);
	rc = f->run(in, rel, &o, &sink, &r, &cause);
	if (rc != 0)
		fail_msg("import %s: %s", rel, cause);
	assert_int_equal(r.bad, 0);
	if (store_import_end(fx->st, 1, &c, &cause) != 0)
		fail_msg("import end %s: %s", rel, cause);
	fclose(in);
	free(path);
	imp_report_free(&r);
}

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
check_stats(struct fx *fx, int64_t traces, int64_t nodes, int64_t ann)
{
	struct store_stats	s;
	char			*cause = NULL;

	assert_int_equal(store_stats_get(fx->st, &s, &cause), 0);
	assert_int_equal(s.traces, traces);
	assert_int_equal(s.nodes, nodes);
	assert_int_equal(s.annotations, ann);
	store_stats_free(&s);
}

/* Resolves address and fills *n (caller clears). */
static void
resolve(struct fx *fx, const char *address, struct cn_node *n)
{
	int64_t	 id;
	char	*cause = NULL;

	if (store_node_resolve(fx->st, address, &id, &cause) != 1)
		fail_msg("address %s does not resolve (%s)", address,
		    cause != NULL ? cause : "not found");
	assert_int_equal(store_node_get(fx->st, id, n, &cause), 1);
}

static void
test_imp_a_store_prm800k(void **state)
{
	struct fx		*fx = *state;
	struct store_stats	 s;
	struct cn_node		 n;
	char			*cause = NULL;

	import(fx, "prm800k", "tests/fixtures/real/prm800k/"
	    "phase1_train.sample.jsonl");
	check_stats(fx, 2, 141, 121);
	import(fx, "prm800k", "tests/fixtures/real/prm800k/"
	    "phase2_train.sample.jsonl");
	check_stats(fx, 6, 227, 164);
	assert_int_equal(store_stats_get(fx->st, &s, &cause), 0);
	assert_int_equal(sig_count(&s, "verifier"), 4);
	store_stats_free(&s);

	resolve(fx, "e90a38f3-2022-07-30T23:23:32.118856/2.h", &n);
	assert_string_equal(n.role, "human");
	assert_string_equal(n.text, "We have $3p+e=1.24$ and $5p+e=1.82$.");
	assert_int_equal(n.depth, 2);
	assert_true(n.chosen);
	assert_int_equal(n.child_count, 1);
	cn_node_clear(&n);
	/* Phase 2, record 1: 6 chained steps, then 7.0 and 6 unlabelled. */
	resolve(fx, "cc88bf76-2022-11-22T16:51:29.980606/13", &n);
	assert_string_equal(n.text, "# Answer\n\n7200");
	assert_int_equal(n.depth, 13);
	assert_true(n.terminal);
	cn_node_clear(&n);
	resolve(fx, "cc88bf76-2022-11-22T16:51:29.980606/6.0", &n);
	assert_int_equal(n.child_count, 4);
	assert_int_equal(n.subtree_size, 11);
	cn_node_clear(&n);
}

static void
test_imp_a_store_scored(void **state)
{
	struct fx		*fx = *state;
	struct store_stats	 s;
	struct cn_node		 n;
	char			*cause = NULL;

	import(fx, "prm800k-scored", "tests/fixtures/real/prm800k/"
	    "scored_test_samples.sample.jsonl");
	check_stats(fx, 1, 5, 0);
	assert_int_equal(store_stats_get(fx->st, &s, &cause), 0);
	assert_int_equal(sig_count(&s, "prm"), 4);
	assert_int_equal(sig_count(&s, "prm:p-1"), 4);
	assert_int_equal(sig_count(&s, "prm:p0"), 4);
	assert_int_equal(sig_count(&s, "prm_score"), 1);
	assert_int_equal(sig_count(&s, "orm_score"), 1);
	assert_int_equal(sig_count(&s, "outcome"), 1);
	store_stats_free(&s);
	/* The trace id holds '/': the address still resolves. */
	resolve(fx, "test/precalculus/779.json/1.4", &n);
	assert_int_equal(n.depth, 4);
	assert_true(n.terminal);
	assert_double_equal(n.sig[CN_SIG_OUTCOME], 1, 0);
	cn_node_clear(&n);
}

static void
test_imp_a_store_processbench(void **state)
{
	struct fx		*fx = *state;
	struct store_stats	 s;
	struct cn_node		 n;
	char			*cause = NULL;

	import(fx, "processbench", "tests/fixtures/real/processbench/"
	    "gsm8k.sample.json");
	check_stats(fx, 6, 39, 23);
	import(fx, "processbench", "tests/fixtures/real/processbench/"
	    "math.sample.json");
	check_stats(fx, 9, 66, 38);
	assert_int_equal(store_stats_get(fx->st, &s, &cause), 0);
	assert_int_equal(sig_count(&s, "outcome"), 9);
	store_stats_free(&s);
	resolve(fx, "math-1/17", &n);
	assert_int_equal(n.depth, 17);
	assert_double_equal(n.sig[CN_SIG_OUTCOME], 0, 0);
	cn_node_clear(&n);
	resolve(fx, "math-1/10", &n);
	assert_int_equal(n.annotation_count, 1);
	cn_node_clear(&n);
}

static void
test_imp_a_store_shepherd(void **state)
{
	struct fx		*fx = *state;
	struct store_stats	 s;
	char			*cause = NULL;

	import(fx, "math-shepherd",
	    "tests/fixtures/shepherd/math-shepherd.sample.jsonl");
	check_stats(fx, 3, 12, 0);
	/* Same line numbers, another file: the store suffixes the ids. */
	import(fx, "math-shepherd",
	    "tests/fixtures/shepherd/trl-stepwise.sample.jsonl");
	check_stats(fx, 5, 20, 0);
	assert_int_equal(store_stats_get(fx->st, &s, &cause), 0);
	assert_int_equal(sig_count(&s, "shepherd"), 15);
	store_stats_free(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_imp_a_store_prm800k,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_imp_a_store_scored,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_imp_a_store_processbench,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_imp_a_store_shepherd,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

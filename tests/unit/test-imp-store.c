/*
 * test-imp-store.c - the tree importers (moatless, llm-reasoners,
 * alphamath, katago) into the real store sink: every fixture imports into
 * a fresh database, the store's finalization accepts it (parents given
 * later, resumed traces, one root each), and store_stats_get counts what
 * the fixture holds (counted from the files with python3 and written
 * here). Addresses resolve to the expected nodes.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cn-test.h"

#include "tmpdb.h"

/* A signal name and the number of nodes that carry it. */
struct want_sig {
	const char	*name;
	int64_t		 count;
};

/* A node: its address, depth, parent's address (NULL: a root), text. */
struct want_node {
	const char	*address;
	int		 depth;
	const char	*parent;
	const char	*text;		/* NULL: not checked */
};

/*
 * A fixture imported alone into a fresh database and what the store then
 * holds: exactly these signals (up to a NULL name) and these nodes (up to
 * a NULL address). A test each, named for its row (FIXTURE below).
 */
struct fixture {
	const char		*format;
	const char		*file;
	int64_t			 traces;
	int64_t			 nodes;
	struct want_sig		 sigs[7];
	struct want_node	 at[4];
};

/* Imports relpath with format into a fresh temporary database db. */
static struct store *
import(struct tmpdb *db, const char *format, const char *relpath)
{
	tmpdb_open(db);
	tmpdb_import_file(db, format, relpath, NULL);
	return db->st;
}

static void
check_stats(struct store *st, int64_t traces, int64_t nodes,
    int64_t annotations, const struct want_sig *sigs, size_t nsigs)
{
	struct store_stats	 s;
	char			*cause = NULL;
	size_t			 i, k;

	assert_int_equal(store_stats_get(st, &s, &cause), 0);
	assert_int_equal(s.traces, traces);
	assert_int_equal(s.nodes, nodes);
	assert_int_equal(s.annotations, annotations);
	/* Exactly these signals, with these counts. */
	assert_int_equal(s.nsignals, nsigs);
	for (i = 0; i < nsigs; i++) {
		for (k = 0; k < s.nsignals; k++)
			if (strcmp(s.signals[k].name, sigs[i].name) == 0)
				break;
		if (k == s.nsignals)
			fail_msg("no signal %s", sigs[i].name);
		if (s.signals[k].count != sigs[i].count)
			fail_msg("signal %s: %lld, want %lld", sigs[i].name,
			    (long long)s.signals[k].count,
			    (long long)sigs[i].count);
	}
	store_stats_free(&s);
}

/* The node at address: its depth and its parent's address. */
static void
check_node(struct store *st, const char *address, int depth,
    const char *parent, const char *text)
{
	struct cn_node	 n;
	int64_t		 id;
	char		*cause = NULL, *pa;

	if (store_node_resolve(st, address, &id, &cause) != 1)
		fail_msg("%s: not found", address);
	assert_int_equal(store_node_get(st, id, &n, &cause), 1);
	assert_int_equal(n.depth, depth);
	if (parent == NULL)
		assert_int_equal(n.parent_id, 0);
	else {
		pa = store_node_address(st, n.parent_id);
		assert_non_null(pa);
		assert_string_equal(pa, parent);
		free(pa);
	}
	if (text != NULL)
		assert_string_equal(n.text, text);
	cn_node_clear(&n);
}

static void
test_imp_store_fixture(void **state)
{
	const struct fixture	*f = *state;
	const struct want_node	*w;
	struct tmpdb		 db;
	struct store		*st;
	size_t			 nsigs = 0;

	while (f->sigs[nsigs].name != NULL)
		nsigs++;
	st = import(&db, f->format, f->file);
	check_stats(st, f->traces, f->nodes, 0, f->sigs, nsigs);
	for (w = f->at; w->address != NULL; w++)
		check_node(st, w->address, w->depth, w->parent, w->text);
	tmpdb_close(&db);
}

static const struct fixture moatless_haiku = { "moatless",
    "tests/fixtures/real/moatless/"
    "search_tree.claude-3-5-haiku.django-cache.json", 1, 4,
    { { "visits", 4 }, { "reward", 1 } },
    { { "search_tree.claude-3-5-haiku.django-cache/3", 3,
    "search_tree.claude-3-5-haiku.django-cache/2", NULL } } };

static const struct fixture moatless_legacy_fields = { "moatless",
    "tests/fixtures/real/moatless/"
    "search_tree.one_node.legacy_action_fields.json", 1, 1,
    { { "visits", 1 }, { "reward", 1 } }, { { NULL, 0, NULL, NULL } } };

static const struct fixture moatless_transitions = { "moatless",
    "tests/fixtures/real/moatless/legacy_transitions.django__django-16139."
    "trajectory-correction.json", 1, 10,
    { { "visits", 10 } },
    { { "legacy_transitions.django__django-16139.trajectory-correction/9",
    9, "legacy_transitions.django__django-16139.trajectory-correction/8",
    "Finished" } } };

static const struct fixture katago = { "katago",
    "tests/fixtures/real/katago/basic.responses.jsonl", 1, 32,
    { { "visits", 14 }, { "q", 14 }, { "prior", 9 }, { "utility", 14 },
    { "lcb", 9 }, { "scoreLead", 14 } },
    { { "foo", 0, NULL, "foo" },
    { "foo/t2.2%2FD4%2F2", 4, "foo/t2.2%2FD4%2F1", "C4" },
    { "foo/t72/D1", 2, "foo/t72", "D1" } } };

/* Line 2 lists children before their parents. */
static const struct fixture alphamath_mcts = { "alphamath",
    "tests/fixtures/alphamath/mcts.jsonl", 2, 8,
    { { "visits", 8 }, { "q", 7 }, { "prior", 8 }, { "value", 6 } },
    { { "gsm8k-17/0.0.0", 2, "gsm8k-17/0.0", NULL },
    { "mcts:1/0.0.1", 2, "mcts:1/0.0",
    "Thought: I still need to check the units." } } };

static const struct fixture alphamath_beam = { "alphamath",
    "tests/fixtures/alphamath/step-beam.jsonl", 1, 3,
    { { "value", 2 } }, { { NULL, 0, NULL, NULL } } };

static const struct fixture reasoners_mcts = { "llm-reasoners",
    "tests/fixtures/reasoners/mcts-rap-gsm8k.json", 1, 5,
    { { "q", 4 }, { "reward", 4 }, { "r_useful", 4 }, { "r_conf", 4 } },
    { { "mcts-rap-gsm8k/14", 3, "mcts-rap-gsm8k/12", NULL } } };

static const struct fixture reasoners_beam = { "llm-reasoners",
    "tests/fixtures/reasoners/beam-search.json", 1, 4,
    { { "reward", 3 } },
    { { "beam-search/3", 2, "beam-search/2",
    "So 2 + 2 = 1 + 1 + 1 + 1 = 4." } } };

/* The moatless annotations reach the store as notes without a rating. */
static void
test_imp_store_moatless_notes(void **state)
{
	struct tmpdb			 db;
	struct store_import_counts	 counts;
	struct imp_report		 rep;
	char				*cause = NULL;
	static const char		 doc[] = "{\"root\": {\"node_id\": 0, "
	    "\"children\": [{\"node_id\": 1, \"reward\": {\"value\": -40, "
	    "\"explanation\": \"wrong file\"}}]}}";

	(void)state;
	tmpdb_open(&db);
	assert_int_equal(tmpdb_import_text(&db, "moatless", "t.json", doc,
	    NULL, &rep, &counts, &cause), 0);
	assert_int_equal(counts.annotations, 1);
	assert_int_equal(counts.nodes, 2);
	tmpdb_close(&db);
}

#define FIXTURE(name) { "test_imp_store_" #name,			\
	test_imp_store_fixture, NULL, NULL, (void *)(uintptr_t)&name }
CN_TEST_MAIN(
	FIXTURE(moatless_haiku),
	FIXTURE(moatless_legacy_fields),
	FIXTURE(moatless_transitions),
	FIXTURE(katago),
	FIXTURE(alphamath_mcts),
	FIXTURE(alphamath_beam),
	FIXTURE(reasoners_mcts),
	FIXTURE(reasoners_beam),
	cmocka_unit_test(test_imp_store_moatless_notes))
#undef FIXTURE

/*
 * test-imp-reasoners.c - the llm-reasoners TreeLog importer. No real
 * TreeLog JSON was available: tests/fixtures/reasoners/ holds files
 * written from reasoners/visualization/tree_log.py and tree_snapshot.py
 * (an MCTS run with one snapshot per iteration and RAP-style list states;
 * a beam search with actions on the edges); their byte copies are the
 * goldens tests/import/llm-reasoners/mcts-rap-2 and beam-1, which check
 * every node. Here: exact sink calls, malformed documents with exact
 * messages, cycles, --skip-bad.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cn-test.h"

#include "importers.h"
#include "imp-test.h"

/* Text from a member; the rest of node and edge data to extra. */
static void
test_imp_reasoners_small(void **state)
{
	struct imp_run		 ir;

	(void)state;
	imp_run_named(&ir, "llm-reasoners", "s.json",
	    "{\"logs\":[{\"nodes\":{\"0\":{\"id\":0,\"data\":{\"text\":\"t\","
	    "\"other\":1},\"foo\":2},\"1\":{\"id\":1,\"data\":{},"
	    "\"selected_edge\":null}},\"edges\":{\"0\":{\"id\":0,\"source\":0,"
	    "\"target\":1,\"data\":{\"Q\":0.5,\"value\":0.25,\"flag\":true,"
	    "\"note\":\"n\",\"score\":null},\"label\":\"x\"}}}]}", 0);
	assert_run(&ir, 0, NULL);
	assert_string_equal(imp_run_log(&ir),
	    "trace s format=\"llm-reasoners\" problem=\"t\"\n"
	    "node 0 parent=- role=root text=\"t\" extra=\"{\\\"data\\\":"
	    "{\\\"other\\\":1},\\\"foo\\\":2}\" line=0\n"
	    "node 1 parent=0 role=step q=0.5 value=0.25 extra=\"{\\\"edge\\\":"
	    "{\\\"flag\\\":true,\\\"note\\\":\\\"n\\\",\\\"label\\\":"
	    "\\\"x\\\"}}\" line=0\n");
	imp_run_free(&ir);
}

#define NOTLOG	"r.json: not an llm-reasoners TreeLog: expected " \
	"{\"logs\": [snapshot, ...]} with at least one snapshot"
#define NOTSNAP	"not a snapshot: expected {\"nodes\": {...}, " \
	"\"edges\": {...}}"
#define TWO	"\"nodes\":{\"0\":{\"id\":0},\"1\":{\"id\":1}}"

static void
test_imp_reasoners_malformed(void **state)
{	static const struct imp_bad_case cases[] = {
		{ "\x1f\x8b\x08",
		    "r.json:1:1: gzip-compressed (the "
		    "visualizer's upload form): gunzip it first",
		    "" },
		{ "{\"logs\":[{\"nodes\":{\"0\":{\"id\":0},",
		    "r.json:1:33: truncated JSON (unexpected end of input)",
		    "" },
		{ "{}",
		    NOTLOG,
		    "" },
		{ "{\"logs\":[]}",
		    NOTLOG,
		    "" },
		{ "{\"logs\":{}}",
		    NOTLOG,
		    "" },
		{ "{\"logs\":[{\"nodes\":5}]}",
		    "r.json: logs[0]: " NOTSNAP,
		    "" },
		{ "{\"logs\":[{\"nodes\":{}},{\"nodes\":{},\"edges\":3}]}",
		    "r.json: logs[1]: " NOTSNAP,
		    "" },
		{ "{\"logs\":[3,{\"nodes\":{\"0\":{\"id\":0}},\"edges\":{}}]}",
		    "r.json: logs[0]: " NOTSNAP,
		    "" },
		{ "{\"logs\":[{" TWO ",\"edges\":{\"0\":{\"id\":0,\"source\":0,"
		    "\"target\":7}}}]}",
		    "r.json: edge 0: target 7 is not a node",
		    "" },
		{ "{\"logs\":[{" TWO ",\"edges\":{\"0\":{\"id\":0,\"source\":0,"
		    "\"target\":1},\"1\":{\"id\":1,\"source\":0,\"target\":1}}}"
		    "]}",
		    "r.json: edge 1: node 1 already has a parent (edge 0)",
		    "" },
		{ "{\"logs\":[{" TWO ",\"edges\":{\"0\":{\"id\":0,"
		    "\"target\":1}}}]}",
		    "r.json: edge 0: \"source\" or \"target\" "
		    "is missing or not an integer",
		    "" },
		{ "{\"logs\":[{" TWO ",\"edges\":{\"0\":{\"id\":0,\"source\":0,"
		    "\"target\":1,\"data\":[]}}}]}",
		    "r.json: edge 0: \"data\" is not an object",
		    "" },
		{ "{\"logs\":[{" TWO ",\"edges\":{\"0\":{\"id\":0,\"source\":0,"
		    "\"target\":1},\"1\":{\"id\":1,\"source\":1,\"target\":0}}}"
		    "]}",
		    "r.json: no root node (every node has an edge into it)",
		    "" },
		{ "{\"logs\":[{\"nodes\":{\"0\":{\"id\":0},\"1\":{\"id\":1.5}},"
		    "\"edges\":{}}]}",
		    "r.json: node 1: \"id\" is not an integer",
		    "" },
		{ "{\"logs\":[{\"nodes\":{\"0\":{\"id\":0,\"selected_edge\":"
		    "\"e\"}},\"edges\":{}}]}",
		    "r.json: node 0: \"selected_edge\" is not an integer",
		    "" },
		{ "{\"logs\":[{\"nodes\":{\"0\":3},\"edges\":{}}]}",
		    "r.json: node 0: not an object",
		    "" },
		{ "{\"logs\":[{\"nodes\":{\"0\":{\"id\":0,\"data\":{\"Q\":NaN}}"
		    "},"
		    "\"edges\":{}}]}",
		    "r.json:1:44: NaN and Infinity are not JSON numbers",
		    "" },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("llm-reasoners", "r.json", cases);
}

/* Nodes 1 and 2 are each other's parent: a cycle beside the root. */
static const char cycle_in[] =
"{\"logs\":[{\"nodes\":{\"0\":{\"id\":0},\"1\":{\"id\":1},\"2\":{\"id\":2},"
"\"3\":{\"id\":3}},\"edges\":{\"0\":{\"id\":0,\"source\":2,\"target\":1},"
"\"1\":{\"id\":1,\"source\":1,\"target\":2},\"2\":{\"id\":2,\"source\":0,"
"\"target\":3}}}]}";

static void
test_imp_reasoners_cycle(void **state)
{
	struct imp_run		 ir;
	static const struct imp_bad_case cases[] = {
		{ cycle_in,
		    "r.json: node 1: no path to the root (parent links "
		    "form a cycle)",
		    "trace r format=\"llm-reasoners\"\n"
		    "node 0 parent=- role=root line=0\n" },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("llm-reasoners", "r.json", cases);
	imp_run_named(&ir, "llm-reasoners", "r.json",
	    cycle_in, 1);
	assert_run(&ir, 0, NULL);
	assert_int_equal(ir.rep.records, 4);
	imp_assert_bad(&ir, 2,
	    "r.json: node 1: no path to "
	    "the root (parent links form a cycle)",
	    "r.json: node 2: no path to "
	    "the root (parent links form a cycle)", NULL);
	assert_string_equal(imp_run_log(&ir),
	    "trace r format=\"llm-reasoners\"\n"
	    "node 0 parent=- role=root line=0\n"
	    "node 3 parent=0 role=step line=0\n");
	imp_run_free(&ir);
}

/* --skip-bad: a bad edge and what it cuts off are counted, not fatal. */
static void
test_imp_reasoners_skip_bad(void **state)
{
	struct imp_run		 ir;

	(void)state;
	imp_run_named(&ir, "llm-reasoners", "r.json",
	    "{\"logs\":[{\"nodes\":{\"0\":{\"id\":0},\"1\":{\"id\":1},"
	    "\"2\":{\"id\":2},\"3\":7,\"4\":{\"id\":4}},\"edges\":{"
	    "\"0\":{\"id\":0,\"source\":0,\"target\":1},"
	    "\"1\":{\"id\":1,\"source\":1,\"target\":2,\"data\":3},"
	    "\"2\":{\"id\":2,\"source\":0,\"target\":2},"
	    "\"3\":{\"id\":3,\"source\":0,\"target\":3},"
	    "\"4\":{\"id\":4,\"source\":3,\"target\":4}}}]}", 1);
	assert_run(&ir, 0, NULL);
	imp_assert_bad(&ir, 4,
	    "r.json: node 3: not an object",
	    "r.json: edge 1: \"data\" is not an object",
	    "r.json: edge 3: target 3 is not a node",
	    "r.json: node 4: parent 3 is not in the tree", NULL);
	assert_string_equal(imp_run_log(&ir),
	    "trace r format=\"llm-reasoners\"\n"
	    "node 0 parent=- role=root line=0\n"
	    "node 1 parent=0 role=step line=0\n"
	    "node 2 parent=0 role=step line=0\n");
	imp_run_free(&ir);
}

static void
test_imp_reasoners_sink_fatal(void **state)
{
	(void)state;
	imp_check_sink_fails("llm-reasoners", "f.json", cycle_in, NULL, 2,
	    CN_FATAL, "f.json: node 0: recorded failure at call 2");
}

static void
test_imp_reasoners_sniff(void **state)
{
	static const char yes[] = "{\n  \"logs\": [\n    {\n      \"nodes\"";

	(void)state;
	imp_assert_sniff("llm-reasoners", yes, sizeof yes - 1, 1, NULL);
	imp_assert_sniff_str("llm-reasoners", "{\"root\": {", 0,
	    "does not start with {\"logs\": (an llm-reasoners TreeLog)");
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_reasoners_small),
	cmocka_unit_test(test_imp_reasoners_malformed),
	cmocka_unit_test(test_imp_reasoners_cycle),
	cmocka_unit_test(test_imp_reasoners_skip_bad),
	cmocka_unit_test(test_imp_reasoners_sink_fatal),
	cmocka_unit_test(test_imp_reasoners_sniff))

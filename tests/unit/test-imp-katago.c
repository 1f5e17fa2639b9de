/*
 * test-imp-katago.c - the KataGo analysis importer: the real regression
 * output of KataGo (tests/fixtures/real/katago), exact sink calls for small
 * hand-written inputs (partial reports, reused ids, warnings), malformed
 * lines with their exact messages. Stops, --skip-bad and sink failures are
 * goldens in tests/import/katago/.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cn-test.h"

#include "importers.h"
#include "imp-test.h"

#define REAL "tests/fixtures/real/katago/basic.responses.jsonl"

static void
assert_near(double got, double want)
{
	assert_true(fabs(got - want) < 1e-9);
}

/* The real file: five final reports of queries that all use id "foo". */
static void
test_imp_katago_real_counts(void **state)
{
	struct imp_run		 ir;

	(void)state;
	imp_run_file(&ir, "katago", REAL, 0);
	imp_assert_ok(&ir, 5, 0);
	assert_int_equal(ir.rs.ntraces, 1);
	assert_int_equal(ir.rs.nresumes, 0);
	assert_int_equal(ir.rs.nnodes, 32);
	assert_int_equal(ir.rs.nann, 0);
	imp_assert_counts(&ir,
	    "1 node role=root\n"
	    "5 node role=step\n"
	    "26 node role=action\n"
	    "17 node chosen\n"
	    "0 node terminal\n"
	    "14 node visits\n"
	    "14 node q\n"
	    "9 node prior\n"
	    "14 node utility\n"
	    "9 node lcb\n"
	    "14 node scoreLead\n");
	assert_string_equal(ir.rs.traces[0].ext_id, "foo");
	assert_string_equal(ir.rs.traces[0].format, "katago");
	imp_run_free(&ir);
}

static void
test_imp_katago_real_nodes(void **state)
{
	struct imp_run		 ir;
	const struct cn_node	*n;

	(void)state;
	imp_run_file(&ir, "katago", REAL, 0);
	assert_int_equal(ir.rc, 0);
	n = record_sink_node(&ir.rs, "foo", "root");
	assert_non_null(n);
	assert_null(n->parent_ext);
	assert_string_equal(n->role, "root");
	assert_string_equal(n->text, "foo");

	n = record_sink_node(&ir.rs, "foo", "t2");
	assert_non_null(n);
	assert_string_equal(n->parent_ext, "root");
	assert_string_equal(n->text, "turn 2");
	assert_near(n->sig[CN_SIG_VISITS], 10);
	assert_near(n->sig[CN_SIG_Q], 0.613943483);
	assert_near(record_sink_sig(n, "utility"), 0.239520097);
	assert_near(record_sink_sig(n, "scoreLead"), 7.09331671);
	assert_false(cn_hasval(n->sig[CN_SIG_PRIOR]));
	assert_int_equal(n->src_line, 1);
	assert_non_null(strstr(n->extra, "\"currentPlayer\":\"W\""));

	n = record_sink_node(&ir.rs, "foo", "t2/Q5");
	assert_non_null(n);
	assert_string_equal(n->parent_ext, "t2");
	assert_string_equal(n->role, "action");
	assert_string_equal(n->text, "Q5");
	assert_true(n->chosen);
	assert_near(n->sig[CN_SIG_VISITS], 9);
	assert_near(n->sig[CN_SIG_Q], 0.611029508);
	assert_near(n->sig[CN_SIG_PRIOR], 0.746874392);
	assert_near(record_sink_sig(n, "utility"), 0.232894846);
	assert_near(record_sink_sig(n, "lcb"), 0.65662659);
	assert_near(record_sink_sig(n, "scoreLead"), 7.02175857);
	assert_non_null(strstr(n->extra, "\"utilityLcb\":0.360566676"));

	/* The pv chain: pv[0] is the move itself. */
	n = record_sink_node(&ir.rs, "foo", "t2/Q5/4");
	assert_non_null(n);
	assert_string_equal(n->parent_ext, "t2/Q5/3");
	assert_string_equal(n->text, "Q7");
	assert_true(n->chosen);
	assert_false(cn_hasval(n->sig[CN_SIG_VISITS]));
	assert_null(record_sink_node(&ir.rs, "foo", "t2/Q5/5"));

	/* A second query with id "foo" analysed turn 2 again. */
	n = record_sink_node(&ir.rs, "foo", "t2.2");
	assert_non_null(n);
	assert_string_equal(n->text, "turn 2 (analysis 2)");
	assert_near(n->sig[CN_SIG_Q], 0.00801913141);
	assert_int_equal(n->src_line, 2);
	assert_non_null(strstr(n->extra, "\"ownership\":[-0.377942,"));
	assert_non_null(strstr(n->extra, "\"policy\":["));

	n = record_sink_node(&ir.rs, "foo", "t3.2");
	assert_non_null(n);
	assert_near(n->sig[CN_SIG_VISITS], 20);
	assert_non_null(strstr(n->extra, "\"ownershipStdev\":["));

	n = record_sink_node(&ir.rs, "foo", "t72/J9");
	assert_non_null(n);
	assert_false(n->chosen);
	assert_near(n->sig[CN_SIG_VISITS], 1);
	assert_near(record_sink_sig(n, "lcb"), -1.20941665);
	assert_int_equal(n->src_line, 5);
	/* pv ["J9"] is the move alone: no chain. */
	assert_null(record_sink_node(&ir.rs, "foo", "t72/J9/1"));
	imp_run_free(&ir);
}

/*
 * Partial reports are superseded by the final one of their (id, turn);
 * a partial never followed by a final one is imported at the end; traces
 * are resumed; warnings become notes; action echoes are ignored.
 */
static const char small_in[] =
"{\"id\":\"a\",\"turnNumber\":1,\"isDuringSearch\":true,"
    "\"rootInfo\":{\"visits\":5,\"winrate\":0.4},"
    "\"moveInfos\":[{\"move\":\"D4\",\"order\":0,\"visits\":4,"
    "\"winrate\":0.45,\"prior\":0.5,\"pv\":[\"D4\",\"Q16\"]}]}\n"
"{\"id\":\"b\",\"turnNumber\":0,\"isDuringSearch\":false,"
    "\"rootInfo\":{\"visits\":3,\"winrate\":0.5,\"currentPlayer\":\"B\"},"
    "\"moveInfos\":[{\"move\":\"pass\",\"order\":0,\"visits\":2,"
    "\"winrate\":0.5,\"prior\":0.1,\"pv\":[\"pass\"],\"pvVisits\":[2]}]}\n"
"{\"id\":\"a\",\"turnNumber\":1,\"isDuringSearch\":false,"
    "\"rootInfo\":{\"visits\":10,\"winrate\":0.42},"
    "\"moveInfos\":[{\"move\":\"Q16\",\"order\":0,\"visits\":9,"
    "\"winrate\":0.43,\"prior\":0.4,\"utility\":0.1,\"lcb\":0.41,"
    "\"scoreLead\":1.5,\"pv\":[\"Q16\",\"D4\"],\"pvVisits\":[9,3],"
    "\"pvEdgeVisits\":[9,2]}]}\n"
"{\"id\":\"a\",\"turnNumber\":2,\"isDuringSearch\":true,"
    "\"rootInfo\":{\"visits\":7,\"winrate\":0.6},\"moveInfos\":[]}\n"
"\n"
"{\"id\":\"a\",\"turnNumber\":2,\"isDuringSearch\":true,"
    "\"rootInfo\":{\"visits\":8,\"winrate\":0.61}}\n"
"{\"id\":\"b\",\"warning\":\"unknown field\",\"field\":\"foo\"}\n"
"{\"action\":\"query_version\",\"id\":\"v\",\"version\":\"1.15.3\","
    "\"git_hash\":\"x\"}\n"
"{\"error\":\"could not parse\"}\n";

static void
test_imp_katago_small_sequence(void **state)
{
	struct imp_run		 ir;

	(void)state;
	imp_run_named(&ir, "katago", "k.jsonl",
	    small_in, 0);
	imp_assert_ok(&ir, 8, 0);
	assert_string_equal(imp_run_log(&ir),
	    "trace b format=\"katago\"\n"
	    "node root parent=- role=root text=\"b\" line=2\n"
	    "node t0 parent=root role=step text=\"turn 0\" visits=3 q=0.5 "
	    "extra=\"{\\\"rootInfo\\\":{\\\"currentPlayer\\\":\\\"B\\\"}}\" "
	    "line=2\n"
	    "node t0/pass parent=t0 role=action text=\"pass\" chosen "
	    "visits=2 q=0.5 prior=0.1 extra=\"{\\\"order\\\":0}\" line=2\n"
	    "trace a format=\"katago\"\n"
	    "node root parent=- role=root text=\"a\" line=3\n"
	    "node t1 parent=root role=step text=\"turn 1\" visits=10 q=0.42 "
	    "line=3\n"
	    "node t1/Q16 parent=t1 role=action text=\"Q16\" chosen visits=9 "
	    "q=0.43 prior=0.4 utility=0.1 lcb=0.41 scoreLead=1.5 "
	    "extra=\"{\\\"order\\\":0}\" line=3\n"
	    "node t1/Q16/1 parent=t1/Q16 role=action text=\"D4\" chosen "
	    "visits=3 extra=\"{\\\"edgeVisits\\\":2}\" line=3\n"
	    "trace b\n"
	    "annotation root author=katago:warning note=\"foo: unknown "
	    "field\"\n"
	    "trace a\n"
	    "node t2 parent=root role=step text=\"turn 2\" visits=8 q=0.61 "
	    "extra=\"{\\\"isDuringSearch\\\":true}\" line=6\n");
	assert_int_equal(ir.rs.ntraces, 2);
	assert_int_equal(ir.rs.nresumes, 2);
	imp_run_free(&ir);
}

static void
test_imp_katago_malformed(void **state)
{	static const struct imp_bad_case cases[] = {
		{ "{\"id\":\"a\",\"turnNumber\":1\n",
		    "bad.jsonl:1:25: truncated JSON (unexpected end of "
		    "input)", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":\"1\"}\n",
		    "bad.jsonl:1:1: \"turnNumber\" is missing or not an "
		    "integer "
		    ">= 0", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":-1}\n",
		    "bad.jsonl:1:1: \"turnNumber\" is missing or not an "
		    "integer "
		    ">= 0", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1.5}\n",
		    "bad.jsonl:1:1: \"turnNumber\" is missing or not an "
		    "integer "
		    ">= 0", NULL },
		{ "{\"turnNumber\":1}\n",
		    "bad.jsonl:1:1: no \"id\" string", NULL },
		{ "[1,2]\n",
		    "bad.jsonl:1:1: not a JSON object", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,\"moveInfos\":{}}\n",
		    "bad.jsonl:1:1: \"moveInfos\" is not an array", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,\"rootInfo\":[]}\n",
		    "bad.jsonl:1:1: \"rootInfo\" is not an object", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,\"rootInfo\":{\"visits\":"
		    "\"9\"}}\n",
		    "bad.jsonl:1:1: rootInfo.visits is not a number", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,"
		    "\"moveInfos\":[{\"move\":\"D4\","
		    "\"visits\":\"9\"}]}\n",
		    "bad.jsonl:1:1: moveInfos[0].visits is not a "
		    "number", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,"
		    "\"moveInfos\":[{\"visits\":9}]}"
		    "\n",
		    "bad.jsonl:1:1: moveInfos[0]: no \"move\" string", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,\"moveInfos\":[3]}\n",
		    "bad.jsonl:1:1: moveInfos[0] is not an object", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,"
		    "\"moveInfos\":[{\"move\":\"D4\"},"
		    "{\"move\":\"D4\"}]}\n",
		    "bad.jsonl:1:1: move D4 is listed twice in "
		    "moveInfos", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,"
		    "\"moveInfos\":[{\"move\":\"D4\","
		    "\"pv\":[\"D4\",5]}]}\n",
		    "bad.jsonl:1:1: moveInfos[0].pv[1] is not a move", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,"
		    "\"moveInfos\":[{\"move\":\"D4\","
		    "\"pv\":\"D4\"}]}\n",
		    "bad.jsonl:1:1: moveInfos[0].pv is not an array", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,"
		    "\"moveInfos\":[{\"move\":\"D4\","
		    "\"pvVisits\":[1,null]}]}\n",
		    "bad.jsonl:1:1: moveInfos[0].pvVisits[1] is not a "
		    "number", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,\"isDuringSearch\":1}\n",
		    "bad.jsonl:1:1: \"isDuringSearch\" is not a "
		    "boolean", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,"
		    "\"rootInfo\":{\"winrate\":NaN}}"
		    "\n",
		    "bad.jsonl:1:48: NaN and Infinity are not JSON "
		    "numbers", NULL },
		{ "{\"id\":\"a\",\"turnNumber\":1,"
		    "\"rootInfo\":{\"visits\":1e999}}"
		    "\n",
		    "bad.jsonl:1:47: rootInfo.visits: number out of range "
		    "(not finite)", NULL },
		{ "{\"id\":\"a\xff\"}\n",
		    "bad.jsonl:1:9: invalid UTF-8 (byte 0xff)", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("katago", "bad.jsonl", cases);
}

static void
test_imp_katago_sniff(void **state)
{
	static const char resp[] = "{\"id\":\"foo\",\"isDuringSearch\":false,"
	    "\"moveInfos\":[";

	(void)state;
	imp_assert_sniff("katago", resp, sizeof resp - 1, 1, NULL);
	imp_assert_sniff_str("katago", "{\"id\":\"foo\",\"moves\":[]}", 0,
	    "no \"moveInfos\", \"rootInfo\" or \"isDuringSearch\" (KataGo "
	    "analysis responses)");
	assert_non_null(imp_format_find("katago"));
	/* The first line of the real file goes to katago, not elsewhere. */
	{
		char	buf[4096];
		size_t	n = imp_test_head(REAL, buf, sizeof buf);

		imp_assert_sniffs_as("katago", buf, n, "moatless", "alphamath",
		    "llm-reasoners", NULL);
	}
}

/*
 * The engine's input (the real queries of the same regression test) is not
 * what canopy reads: sniffing and an import say so, not "no turnNumber".
 */
#define QUERIES "tests/fixtures/real/katago/basic.queries.jsonl"
#define QUERY_WHY "a KataGo query (the analysis engine's input: " \
	"\"moves\", \"rules\"), not a response; canopy reads the engine's " \
	"responses: run `katago analysis` on the queries and import its output"

static void
test_imp_katago_query_file(void **state)
{
	struct imp_run	ir;
	char		buf[4096], *why = NULL;
	size_t		n;

	(void)state;
	n = imp_test_head(QUERIES, buf, sizeof buf);
	imp_assert_sniff("katago", buf, n, 0, QUERY_WHY);
	assert_null(imp_sniff(buf, n, &why));
	assert_non_null(strstr(why, "  katago           " QUERY_WHY "\n"));
	free(why);

	imp_run_file(&ir, "katago", QUERIES, 0);
	assert_int_equal(ir.rc, -1);
	assert_string_equal(ir.cause, "basic.queries.jsonl:1:1: " QUERY_WHY);
	assert_string_equal(imp_run_log(&ir), "");
	imp_run_free(&ir);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_katago_real_counts),
	cmocka_unit_test(test_imp_katago_real_nodes),
	cmocka_unit_test(test_imp_katago_small_sequence),
	cmocka_unit_test(test_imp_katago_malformed),
	cmocka_unit_test(test_imp_katago_sniff),
	cmocka_unit_test(test_imp_katago_query_file))

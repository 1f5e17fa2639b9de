/*
 * test-imp-scores.c - the canopy-scores importer through fmemopen() input
 * and a recording sink: node and path lines, score names, trace selection,
 * malformed lines and nodes the sink does not know.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn-test.h"

#include "imp-test.h"

#define FMT	"canopy-scores"

/* Node ids, paths, per-line names; trace() only when the trace changes. */
static void
test_imp_scores_lines(void **state)
{
	struct imp_opts	 o = { 0, NULL, "prm:v1", 0 };
	struct imp_run	 ir;

	(void)state;
	imp_run_text_with(&ir, FMT, "s.jsonl",
	    "{\"trace\":\"t1\",\"node\":\"n2\",\"value\":0.7}\n"
	    "{\"trace\":\"t1\",\"node\":3,\"value\":-1,\"name\":\"orm\"}\n"
	    "\n"
	    "{\"trace\":\"t2\",\"path\":[\"step 1\",\"step \\\"2\\\"\"],"
	    "\"value\":0.25}\r\n"
	    "{\"trace\":\"t1\",\"node\":\"r\",\"value\":true,\"name\":null}"
	    "\n", &o, 0, 0);
	assert_int_equal(ir.rc, 0);
	assert_int_equal(ir.rep.records, 4);
	assert_int_equal(ir.rep.bad, 0);
	assert_string_equal(imp_run_log(&ir),
	    "trace t1\n"
	    "score n2 prm:v1=0.7\n"
	    "score 3 orm=-1\n"
	    "trace t2\n"
	    "score_path t=\"step 1\" > t=\"step \\\"2\\\"\" prm:v1=0.25\n"
	    "trace t1\n"
	    "score r prm:v1=1\n");
	imp_run_free(&ir);
}

static void
test_imp_scores_malformed(void **state)
{
	struct imp_opts			 o = { 0, NULL, "rm", 0 };
	static const struct imp_bad_case noname[] = {
		{ "{\"trace\":\"t1\",\"node\":\"n2\",\"value\":0.7}\n",
		    "s.jsonl:1:1: no \"name\" and no score name given "
		    "(--scores NAME)", NULL },
		{ NULL, NULL, NULL }
	};
	static const struct imp_bad_case cases[] = {
		{ "{\"trace\":\"t1\",\"node\":\"n2\",\"value\":\"0.7\"}\n",
		    "s.jsonl:1:35: \"value\" is not a number", NULL },
		{ "{\"trace\":\"t1\",\"node\":\"n2\"}\n",
		    "s.jsonl:1:1: missing \"value\"", NULL },
		{ "{\"node\":\"n2\",\"value\":1}\n",
		    "s.jsonl:1:1: missing \"trace\"", NULL },
		{ "{\"trace\":1.5,\"node\":\"n2\",\"value\":1}\n",
		    "s.jsonl:1:10: \"trace\" is not a string or an "
		    "integer", NULL },
		{ "{\"trace\":\"t\",\"value\":1}\n",
		    "s.jsonl:1:1: missing \"node\" or \"path\"", NULL },
		{ "{\"trace\":\"t\",\"node\":\"n\",\"path\":[\"a\"],"
		    "\"value\":1}\n",
		    "s.jsonl:1:32: both \"node\" and \"path\"", NULL },
		{ "{\"trace\":\"t\",\"path\":[],\"value\":1}\n",
		    "s.jsonl:1:21: \"path\" is not a non-empty array of "
		    "strings", NULL },
		{ "{\"trace\":\"t\",\"path\":[\"a\",2],\"value\":1}\n",
		    "s.jsonl:1:21: \"path\" is not a non-empty array of "
		    "strings", NULL },
		{ "{\"trace\":\"t\",\"node\":{},\"value\":1}\n",
		    "s.jsonl:1:21: \"node\" is not a string or an "
		    "integer", NULL },
		{ "{\"trace\":\"t\",\"node\":\"n\",\"value\":1,\"name\":\"\"}"
		    "\n",
		    "s.jsonl:1:42: \"name\" is not a non-empty string", NULL },
		{ "{\"trace\":\"t\",\"node\":\"n\",\"value\":1e999}\n",
		    "s.jsonl:1:33: value: number out of range (not finite)", NULL },
		{ "{\"trace\":\"t\",\"node\":\"n\",\"val",
		    "s.jsonl:1:29: truncated JSON (unexpected end of "
		    "input)", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad(FMT, "s.jsonl", noname);
	imp_check_bad_opts(FMT, "s.jsonl", &o, cases);
}

/*
 * Unknown traces and nodes (CN_BAD from the store) are counted under
 * skip_bad; the trace is selected again on the next line after a
 * rejected selection.
 */
static void
test_imp_scores_unmatched(void **state)
{
	struct imp_opts	 o = { 1, NULL, "rm", 0 };
	struct imp_run	 ir;
	const char	*in =
	    "{\"trace\":\"t1\",\"node\":\"n1\",\"value\":1}\n"
	    "{\"trace\":\"t1\",\"node\":\"n9\",\"value\":2}\n"
	    "{\"trace\":\"t1\",\"node\":\"n2\",\"value\":3}\n";

	(void)state;
	/* Call 3 is the score of n9. */
	imp_run_text_with(&ir, FMT, "s.jsonl", in, &o, 3, CN_BAD);
	assert_int_equal(ir.rc, 0);
	assert_int_equal(ir.rep.records, 3);
	imp_assert_bad(&ir, 1,
	    "s.jsonl:2:1: recorded failure at call 3", NULL);
	assert_string_equal(imp_run_log(&ir),
	    "trace t1\n"
	    "score n1 rm=1\n"
	    "score n9 rm=2\n"
	    "score n2 rm=3\n");
	imp_run_free(&ir);

	/* An unknown trace: its line is bad, the next one selects again. */
	imp_run_text_with(&ir, FMT, "s.jsonl", in, &o, 1, CN_BAD);
	assert_int_equal(ir.rc, 0);
	imp_assert_bad(&ir, 1,
	    "s.jsonl:1:1: recorded failure at call 1", NULL);
	assert_string_equal(imp_run_log(&ir),
	    "trace t1\n"
	    "trace t1\n"
	    "score n9 rm=2\n"
	    "score n2 rm=3\n");
	imp_run_free(&ir);

	/* Without skip_bad the first unmatched line is the cause. */
	o.skip_bad = 0;
	imp_check_sink_fails(FMT, "s.jsonl", in, &o, 3, CN_BAD,
	    "s.jsonl:2:1: recorded failure at call 3");

	/* A fatal sink error stops with skip_bad too. */
	o.skip_bad = 1;
	imp_run_text_with(&ir, FMT, "s.jsonl", in, &o, 2, CN_FATAL);
	assert_run(&ir, -1,
	    "s.jsonl:1:1: recorded failure at call 2");
	assert_int_equal(ir.rep.bad, 0);
	imp_run_free(&ir);
}

static void
test_imp_scores_sniff(void **state)
{
	const char	*a =
	    "{\"trace\":\"t1\",\"node\":\"n2\",\"value\":0.7}\n";
	const char	*b =
	    "{\"trace\":\"t1\",\"path\":[\"x\"],\"value\":1}\n";
	const char	*c =
	    "{\"type\":\"node\",\"node\":\"n2\",\"value\":1}\n";
	const char	*d = "{\"trace\":\"t1\",\"node\":\"n2\"}\n";

	(void)state;
	imp_assert_sniff_str(FMT, a, 1, NULL);
	imp_assert_sniff_str(FMT, b, 1, NULL);
	imp_assert_sniff_str(FMT, c, 0, "has \"type\"");
	imp_assert_sniff_str(FMT, d, 0,
	    "no \"value\" with \"node\" or \"path\"");
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_scores_lines),
	cmocka_unit_test(test_imp_scores_malformed),
	cmocka_unit_test(test_imp_scores_unmatched),
	cmocka_unit_test(test_imp_scores_sniff))

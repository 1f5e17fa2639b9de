/*
 * test-imp-alphamath.c - the AlphaMath / Super_MARIO importer. No real
 * dump was available: tests/fixtures/alphamath/ holds files written from
 * Super_MARIO's code (mcts.py and step_beam.py return_states, solver_demo.py
 * output). Exact sink calls, malformed lines with exact messages,
 * --skip-bad and sink verdicts.
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

#define MCTS	"tests/fixtures/alphamath/mcts.jsonl"
#define BEAM	"tests/fixtures/alphamath/step-beam.jsonl"

static void
test_imp_alphamath_mcts(void **state)
{
	struct imp_run		 ir;
	const struct cn_trace	*t;
	const struct cn_node	*n;

	(void)state;
	imp_check_file(&ir, "alphamath", MCTS, 2,
	    "2 node role=root\n"
	    "6 node role=step\n"
	    "3 node terminal\n"
	    "8 node visits\n");
	imp_assert_totals(&ir, 2, 8, 0);
	/* q only where visit_count > 0; value only where not -100. */
	imp_assert_counts(&ir,
	    "7 node q\n"
	    "8 node prior\n"
	    "6 node value\n");

	t = record_sink_trace(&ir.rs, "mcts:1");
	assert_non_null(t);
	assert_string_equal(t->format, "alphamath");
	assert_string_equal(t->problem, "How many minutes are there in 3 "
	    "hours and 15 minutes?");
	assert_string_equal(t->ground_truth, "195");
	assert_null(t->extra);
	t = record_sink_trace(&ir.rs, "gsm8k-17");
	assert_non_null(t);
	assert_string_equal(t->ground_truth, "3");
	assert_string_equal(t->extra, "{\"id\":\"gsm8k-17\",\"level\":1}");

	n = record_sink_node(&ir.rs, "mcts:1", "0");
	assert_string_equal(n->role, "root");
	assert_null(n->parent_ext);
	assert_string_equal(n->text, "How many minutes are there in 3 hours "
	    "and 15 minutes?");
	assert_true(n->sig[CN_SIG_VISITS] == 4);
	assert_true(n->sig[CN_SIG_Q] == 0.35);
	assert_true(n->sig[CN_SIG_VALUE] == 0.1);
	n = record_sink_node(&ir.rs, "mcts:1", "0.0");
	assert_string_equal(n->parent_ext, "0");
	assert_string_equal(n->text, "Thought: Convert 3 hours to minutes "
	    "first.\nAction: python_interpreter\nAction Input: print(3 * 60)\n"
	    "Observation: 180");
	assert_false(n->terminal);
	assert_string_equal(n->extra, "{\"action\":\"python_interpreter\","
	    "\"action_input\":\"print(3 * 60)\"}");
	n = record_sink_node(&ir.rs, "mcts:1", "0.0.0");
	assert_string_equal(n->parent_ext, "0.0");
	assert_true(n->terminal);
	assert_true(n->sig[CN_SIG_PRIOR] == 0.91);
	assert_string_equal(n->extra, "{\"final_answer\":\"195\"}");
	n = record_sink_node(&ir.rs, "mcts:1", "0.0.1");
	assert_true(n->sig[CN_SIG_VISITS] == 0);
	assert_false(cn_hasval(n->sig[CN_SIG_Q]));
	assert_false(cn_hasval(n->sig[CN_SIG_VALUE]));
	assert_null(n->extra);
	/* Children before parents in the file: the store links them. */
	n = record_sink_node(&ir.rs, "gsm8k-17", "0.0.0");
	assert_string_equal(n->parent_ext, "0.0");
	assert_int_equal(n->src_line, 2);
	assert_ptr_equal(n, &ir.rs.nodes[5].n);
	imp_run_free(&ir);
}

static void
test_imp_alphamath_step_beam(void **state)
{
	struct imp_run		 ir;

	(void)state;
	imp_run_file(&ir, "alphamath", BEAM, 0);
	assert_run(&ir, 0, NULL);
	assert_int_equal(ir.rs.ntraces, 1);
	assert_int_equal(ir.rs.nnodes, 3);
	imp_assert_counts(&ir,
	    "2 node value\n"
	    "0 node visits\n"
	    "2 node terminal\n");
	assert_string_equal(imp_run_log(&ir),
	    "trace step-beam:1 format=\"alphamath\" problem=\"What is 7 times "
	    "8?\" extra=\"{\\\"react\\\":{\\\"solutions\\\":[{\\\"question\\\":"
	    "\\\"What is 7 times 8?\\\",\\\"ground_truth\\\":null,"
	    "\\\"value\\\":"
	    "0.95,\\\"final_answer\\\":\\\"56\\\","
	    "\\\"solution\\\":\\\"Thought: "
	    "7 * 8 = 56.\\\\nFinal Answer: 56\\\","
	    "\\\"tag\\\":\\\"0.0\\\"}]}}\"\n"
	    "node 0 parent=- role=root text=\"What is 7 times 8?\" line=1\n"
	    "node 0.0 parent=0 role=step text=\"Thought: 7 * 8 = 56.\\n"
	    "Final Answer: 56\" terminal value=0.95 "
	    "extra=\"{\\\"final_answer\\\":\\\"56\\\"}\" line=1\n"
	    "node 0.1 parent=0 role=step text=\"Thought: 7 * 8 = 54.\\n"
	    "Final Answer: 54\" terminal value=-0.7 "
	    "extra=\"{\\\"final_answer\\\":\\\"54\\\"}\" line=1\n");
	imp_run_free(&ir);
}

static void
test_imp_alphamath_malformed(void **state)
{	static const struct imp_bad_case cases[] = {
		{ "{\"question\":\"q\",\"react\":{\"0\":{},\"0..1\":{}}}\n",
		    "am.jsonl:1:1: tag 0..1: not a dotted path of "
		    "integers", NULL },
		{ "{\"question\":\"q\",\"react\":{\"0\":{},\"0.\":{}}}\n",
		    "am.jsonl:1:1: tag 0.: not a dotted path of "
		    "integers", NULL },
		{ "{\"question\":\"q\",\"react\":{\".1\":{}}}\n",
		    "am.jsonl:1:1: tag .1: not a dotted path of "
		    "integers", NULL },
		{ "{\"question\":\"q\",\"react\":{\"0.1\":{}}}\n",
		    "am.jsonl:1:1: no root tag (a tag without a dot, e.g. "
		    "\"0\")", NULL },
		{ "{\"question\":\"q\",\"react\":{\"solutions\":[]}}\n",
		    "am.jsonl:1:1: no root tag (a tag without a dot, e.g. "
		    "\"0\")", NULL },
		{ "{\"question\":\"q\",\"react\":{\"0\":{},\"1\":{}}}\n",
		    "am.jsonl:1:1: tag 1: a second root (no parent)", NULL },
		{ "{\"question\":\"q\",\"react\":{\"0\":{},\"0.3.1\":{}}}\n",
		    "am.jsonl:1:1: tag 0.3.1: parent 0.3 is not in the "
		    "tree", NULL },
		{ "{\"question\":\"q\",\"react\":{\"0\":{},\"0.0\":{},"
		    "\"0.0\":{}}}\n",
		    "am.jsonl:1:1: tag 0.0: duplicate id", NULL },
		{ "{\"question\":\"q\",\"react\":{\"0\":[]}}\n",
		    "am.jsonl:1:1: tag 0: state is not an object", NULL },
		{ "{\"question\":\"q\",\"react\":{\"0\":{\"visit_count\":"
		    "\"2\"}}}\n",
		    "am.jsonl:1:1: tag 0: \"visit_count\" is not a "
		    "number", NULL },
		{ "{\"question\":\"q\",\"react\":{\"0\":{\"text\":5}}}\n",
		    "am.jsonl:1:1: tag 0: \"text\" is not a string", NULL },
		{ "{\"question\":\"q\",\"react\":{\"0\":{\"final_answer\":"
		    "[]}}}\n",
		    "am.jsonl:1:1: tag 0: \"final_answer\" is not a "
		    "string", NULL },
		{ "{\"question\":\"q\"}\n",
		    "am.jsonl:1:1: no \"react\" object", NULL },
		{ "{\"question\":\"q\",\"react\":[]}\n",
		    "am.jsonl:1:1: no \"react\" object", NULL },
		{ "{\"question\":7,\"react\":{\"0\":{}}}\n",
		    "am.jsonl:1:1: \"question\" is not a string", NULL },
		{ "[]\n",
		    "am.jsonl:1:1: not a JSON object", NULL },
		{ "{\"question\":\"q\",\n",
		    "am.jsonl:1:17: truncated JSON "
		    "(unexpected end of input)", NULL },
		{ "{\"question\":\"q\","
		    "\"react\":{\"0\":{\"value\":Infinity}}}\n",
		    "am.jsonl:1:39: NaN and Infinity are not JSON "
		    "numbers", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("alphamath", "am.jsonl", cases);
}

static void
test_imp_alphamath_sink_verdicts(void **state)
{
	struct imp_run		 ir;
	static const char	 two[] =
	    "{\"question\":\"a\",\"react\":{\"0\":{},\"0.0\":{}}}\n"
	    "{\"question\":\"b\",\"react\":{\"0\":{}}}\n";

	(void)state;
	/* The sink rejects node 0.0 (call 3): one bad record, go on. */
	imp_run_buf(&ir, "alphamath", "v.jsonl", two, strlen(two), 1, 3,
	    CN_BAD);
	assert_int_equal(ir.rc, 0);
	imp_assert_bad(&ir, 1,
	    "v.jsonl:1:1: recorded failure at call 3", NULL);
	assert_int_equal(ir.rs.ntraces, 2);
	imp_run_free(&ir);

	/* CN_FATAL stops. */
	imp_check_sink_fails("alphamath", "v.jsonl", two,
	    &(struct imp_opts){ .skip_bad = 1 }, 1, CN_FATAL,
	    "v.jsonl:1:1: recorded failure at call 1");
}

static void
test_imp_alphamath_sniff(void **state)
{
	static const char yes[] = "{\"question\": \"q\", \"answer\": \"1\", "
	    "\"react\": {\"0\": {\"text\": \"\"";
	static const char no[] = "{\"question\": \"q\", \"react\": \"text\"}";
	char	*why = NULL;

	(void)state;
	assert_int_equal(imp_test_sniff("alphamath",
	    yes, sizeof yes - 1, &why), 1);
	assert_int_equal(imp_test_sniff("alphamath",
	    no, sizeof no - 1, &why), 0);
	assert_non_null(why);
	free(why);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_alphamath_mcts),
	cmocka_unit_test(test_imp_alphamath_step_beam),
	cmocka_unit_test(test_imp_alphamath_malformed),
	cmocka_unit_test(test_imp_alphamath_sink_verdicts),
	cmocka_unit_test(test_imp_alphamath_sniff))

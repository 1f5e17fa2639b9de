/*
 * test-imp-alphamath.c - the AlphaMath / Super_MARIO importer. No real
 * dump was available: tests/fixtures/alphamath/ holds files written from
 * Super_MARIO's code (mcts.py and step_beam.py return_states, solver_demo.py
 * output); their byte copies are the goldens tests/import/alphamath/
 * mcts-1 and step-beam-2, which check every node (the sink's verdicts are
 * goldens there too). Here: malformed lines with exact messages, sniffing.
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
test_imp_alphamath_sniff(void **state)
{
	static const char yes[] = "{\"question\": \"q\", \"answer\": \"1\", "
	    "\"react\": {\"0\": {\"text\": \"\"";
	static const char no[] = "{\"question\": \"q\", \"react\": \"text\"}";

	(void)state;
	imp_assert_sniff("alphamath", yes, sizeof yes - 1, 1, NULL);
	imp_assert_sniff("alphamath", no, sizeof no - 1, 0, "no \"react\": "
	    "{\"<tag>\": ...} tree (Super_MARIO JSONL)");
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_alphamath_malformed),
	cmocka_unit_test(test_imp_alphamath_sniff))

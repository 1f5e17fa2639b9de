/*
 * test-imp-omegaprm.c - the omegaprm importer (OpenR OmegaPRM, MATH-APS):
 * exact sink calls for a small tree and for flat prefixes merged into a
 * prefix tree, --step-sep, bad records with line:col, --skip-bad, and
 * sniffing of both shapes. The goldens in tests/import/omegaprm/ hold
 * larger hand-written cases (provenance in their SOURCES).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cn-test.h"

#include "imp-test.h"

/* The tree shape: path ids, mc as a signal, unknown members in extra. */
static void
test_imp_omegaprm_tree(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_run_text(&ir, "omegaprm",
	    "{\"question\": \"Q\", \"final_answer\": \"4\", "
	    "\"reasoning_steps\": {\"text\": \"Q\", \"mc_value\": 0.5, "
	    "\"children\": [{\"text\": "
	    "\"a\", \"mc_value\": 1.0, \"children\": []}, {\"text\": \"b\", "
	    "\"mc_value\": 0, \"children\": [{\"text\": \"c\", \"mc_value\": "
	    "0.25, \"depth\": 2}]}]}, \"question_id\": 3, \"source\": \"x\"}\n",
	    0);
	assert_run(&ir, 0, NULL);
	assert_string_equal(imp_run_log(&ir),
	    "trace omegaprm-3 format=\"omegaprm\" problem=\"Q\" truth=\"4\" "
	    "extra=\"{\\\"source\\\":\\\"x\\\"}\"\n"
	    "node 0 parent=- role=root text=\"Q\" mc=0.5 line=1\n"
	    "node 0.0 parent=0 role=step text=\"a\" mc=1 line=1\n"
	    "node 0.1 parent=0 role=step text=\"b\" mc=0 line=1\n"
	    "node 0.1.0 parent=0.1 role=step text=\"c\" mc=0.25 "
	    "extra=\"{\\\"depth\\\":2}\" line=1\n");
	imp_run_free(&ir);
}

/* --step-sep splits the prefixes as it splits rollouts. */
static void
test_imp_omegaprm_step_sep(void **state)
{
	struct imp_run	ir;
	struct imp_opts	o;

	(void)state;
	memset(&o, 0, sizeof o);
	o.step_sep = " ки";
	imp_run_text_with(&ir, "omegaprm", "t",
	    "{\"question\": \"Q\", \"reasoning_steps\": ["
	    "{\"solution_prefix\": \"Q a ки b\", \"mc_value\": 1}]}\n",
	    &o, 0, 0);
	assert_int_equal(ir.rc, 0);
	assert_string_equal(imp_run_log(&ir),
	    "trace omegaprm-L1 format=\"omegaprm\" problem=\"Q\"\n"
	    "node 0 parent=- role=root text=\"Q\" line=1\n"
	    "node 0.0 parent=0 role=step text=\" a\" line=1\n"
	    "node 0.0.0 parent=0.0 role=step text=\" b\" mc=1 line=1\n");
	imp_run_free(&ir);
}

/* A bad record sends nothing: it is checked whole first. */
static void
test_imp_omegaprm_malformed(void **state)
{
	static const struct imp_bad_case cases[] = {
		{ "[1]\n", "t:1:1: expected an object, not array", NULL },
		{ "{\"reasoning_steps\": []}\n",
		    "t:1:1: question: missing (a string is required)", NULL },
		{ "{\"question\": \"Q\"}\n",
		    "t:1:1: reasoning_steps: missing (a tree {text, mc_value, "
		    "children} or a list of {solution_prefix, mc_value} is "
		    "required)", NULL },
		{ "{\"question\": \"Q\", \"reasoning_steps\": \"Q\"}\n",
		    "t:1:19: reasoning_steps: expected an object (tree) or an "
		    "array (prefixes), not string", NULL },
		{ "{\"question\": \"Q\", \"question_id\": 1.5, "
		    "\"reasoning_steps\": []}\n",
		    "t:1:19: question_id: expected an integer or a non-empty "
		    "string", NULL },
		{ "{\"question\": \"Q\", \"reasoning_steps\": "
		    "[{\"solution_prefix\": \"P a\"}]}\n",
		    "t:1:40: reasoning_steps[0].solution_prefix: does not "
		    "start with the question (each prefix is the question, "
		    "then steps)", NULL },
		{ "{\"question\": \"Q\", \"reasoning_steps\": "
		    "[{\"solution_prefix\": \"Q\", \"mc_value\": \"1\"}]}\n",
		    "t:1:64: reasoning_steps[0].mc_value: expected a number, "
		    "not string", NULL },
		{ "{\"question\": \"Q\", \"reasoning_steps\": {\"text\": "
		    "\"Q\", \"children\": [{\"mc_value\": 1}]}}\n",
		    "t:1:65: reasoning_steps.children[0].text: missing (a "
		    "string is required)", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("omegaprm", "t", cases);
}

static void
test_imp_omegaprm_sniff(void **state)
{
	static const char tree[] = "{\"question\": \"Q\", \"final_answer\": "
	    "\"3\", \"reasoning_steps\": {\"text\": \"Q\", \"mc_val";
	static const char flat[] = "{\"question\": \"Q\", \"final_answer\": "
	    "\"3\", \"reasoning_steps\": [{\"solution_prefix\": \"Q";

	(void)state;
	/* Registered (so `canopy formats` lists it), read line by line. */
	assert_non_null(imp_format_find("omegaprm"));
	assert_int_equal(imp_format_find("omegaprm")->lines, 1);
	imp_assert_sniffs_as("omegaprm", tree, sizeof tree - 1, "prm800k",
	    "math-shepherd", "alphamath", "katago", "chat-jsonl", "verl",
	    "canopy-scores", NULL);
	imp_assert_sniffs_as("omegaprm", flat, sizeof flat - 1, "prm800k",
	    "math-shepherd", "alphamath", "katago", "chat-jsonl", "verl",
	    "canopy-scores", NULL);
	imp_assert_sniff_str("omegaprm", "{\"question\": \"Q\", \"steps\": []}",
	    0, "first record has no \"question\" string with "
	    "\"reasoning_steps\" (OmegaPRM tree or prefixes)");
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_omegaprm_tree),
	cmocka_unit_test(test_imp_omegaprm_step_sep),
	cmocka_unit_test(test_imp_omegaprm_malformed),
	cmocka_unit_test(test_imp_omegaprm_sniff))

/*
 * test-imp-shepherd.c - the math-shepherd importer (both record shapes).
 * No real Math-Shepherd file exists in any indexed repository: the
 * fixtures in tests/fixtures/shepherd/ are hand-written from the dataset
 * card's schema (see the README there).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cn-test.h"

#include "imp-test.h"

#define TAGGED	"tests/fixtures/shepherd/math-shepherd.sample.jsonl"
#define TRL	"tests/fixtures/shepherd/trl-stepwise.sample.jsonl"
#define KI	"\xd0\xba\xd0\xb8"

static void
test_imp_shepherd_fixture_tagged(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_check_file(&ir, "math-shepherd", TAGGED, 3,
	    "3 trace\n"
	    "12 node\n"
	    "7 node shepherd=1\n"
	    "2 node shepherd=-1\n"
	    "3 node terminal\n");
	/* Automatic labels are signals, never annotations. */
	assert_int_equal(imp_count(&ir, "annotation", NULL), 0);
	/* Step texts with '+' in them keep their own labels. */
	assert_line(&ir,
	    "trace shepherd-2 format=\"math-shepherd\" problem=\"A shirt "
	    "costs $20 and is discounted by 25%. What is the sale price?\" "
	    "extra=\"{\\\"task\\\":\\\"GSM8K\\\"}\"\n"
	    "node root parent=- role=root text=\"A shirt costs $20 and is "
	    "discounted by 25%. What is the sale price?\" line=2\n"
	    "node 1 parent=root role=step text=\"The discount is 20 * 0.25 = "
	    "$5.\" shepherd=1 line=2\n"
	    "node 2 parent=1 role=step text=\"The sale price is 20 + 5 = "
	    "$25.\" shepherd=-1 line=2\n"
	    "node 3 parent=2 role=step text=\"The answer is: 25\" terminal "
	    "shepherd=-1 line=2");
	assert_line(&ir, "node 2 parent=1 role=step text=\"Check: $x^2 - 5x + "
	    "6 = (x-2)(x-3)$, and $2 + 3 = 5$.\" shepherd=1 line=3");
	imp_run_free(&ir);
}

static void
test_imp_shepherd_fixture_trl(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_check_file(&ir, "math-shepherd", TRL, 2,
	    "2 trace\n"
	    "8 node\n"
	    "4 node shepherd=1\n"
	    "2 node shepherd=-1\n");
	assert_line(&ir, "node 2 parent=1 role=step text=\"With the new ones "
	    "he has 36 + 5 = 41 pencils.\" shepherd=1 line=1");
	assert_line(&ir, "node 3 parent=2 role=step text=\"The answer is: 25\" "
	    "terminal shepherd=-1 line=2");
	imp_run_free(&ir);
}

#define IN2	"\"input\": \"P Step 1: a " KI "\\nStep 2: b " KI "\""

static void
test_imp_shepherd_malformed(void **state)
{	static const struct imp_bad_case cases[] = {
		{ "\"text\"",
		    "t:1:1: expected an object, not string", NULL },
		{ "{\"question\": \"x\"}",
		    "t:1:1: neither {input, label} "
		    "(Math-Shepherd) nor {prompt, completions, labels} (TRL "
		    "stepwise)", NULL },
		{ "{\"input\": 3, \"label\": \"x\"}",
		    "t:1:2: input: expected a string, not number", NULL },
		{ "{" IN2 "}",
		    "t:1:1: label: missing (a string is required)", NULL },
		{ "{\"input\": \"P a " KI "\", \"label\": \"P a +\"}",
		    "t:1:2: input: no \"Step 1:\" (the problem ends where it "
		    "begins)", NULL },
		{ "{\"input\": \"P Step 1: a\", \"label\": \"P Step 1: a\"}",
		    "t:1:2: input: no step tags (\"" KI "\" at the end of a "
		    "line)", NULL },
		/* Fewer labels than tags: the label ends where tag 2 is. */
		{ "{" IN2 ", \"label\": \"P Step 1: a +\\nStep 2: b \"}",
		    "t:1:47: label: ends before input byte 28 (1 of 2 step "
		    "tags "
		    "labelled)", NULL },
		/* A tag facing something that is not '+' or '-'. */
		{ "{" IN2 ", \"label\": \"P Step 1: a +\\nStep 2: b *\"}",
		    "t:1:47: label: byte 25 faces step tag 2 (input byte 28) "
		    "but is "
		    "not '+' or '-'", NULL },
		/* More labels than tags: the label goes on after the input. */
		{ "{" IN2 ", \"label\": \"P Step 1: a +\\nStep 2: b +\\nStep "
		    "3: "
		    "c +\"}",
		    "t:1:47: label: has 12 bytes after the end of the "
		    "input (which has 2 step tags)", NULL },
		{ "{" IN2 ", \"label\": \"P Step 1: A +\\nStep 2: b +\"}",
		    "t:1:47: label: differs from the input at label byte 11 "
		    "(input "
		    "byte 11): the label must be the input with each step tag "
		    "replaced by '+' or '-'", NULL },
		{ "{\"input\": \"P Step 1: a " KI "\\nmore\", \"label\": \"P "
		    "Step "
		    "1: a +\\nmore\"}",
		    "t:1:2: input: text after the last step tag "
		    "(byte 18)", NULL },
		{ "{\"input\": \"P " KI "\\nStep 1: a " KI "\", \"label\": \"P "
		    "+\\nStep 1: a +\"}",
		    "t:1:2: input: step tag 1 (byte 3) comes "
		    "before \"Step 1:\"", NULL },
		{ "{\"prompt\": \"Q\", \"completions\": [\"a\", \"b\"], "
		    "\"labels\": [true]}",
		    "t:1:44: labels: 1 labels for 2 "
		    "completions", NULL },
		{ "{\"prompt\": \"Q\", \"completions\": [\"a\", \"b\"], "
		    "\"labels\": [true, \"false\"]}",
		    "t:1:61: labels[1]: expected "
		    "true or false, not string", NULL },
		{ "{\"prompt\": \"Q\", \"completions\": [1], \"labels\": "
		    "[true]}",
		    "t:1:33: completions[0]: expected a string, not "
		    "number", NULL },
		{ "{\"prompt\": \"Q\", \"completions\": [], \"labels\": []}",
		    "t:1:17: completions: empty (a solution has at least one "
		    "step)", NULL },
		{ "{\"prompt\": \"Q\", \"labels\": []}",
		    "t:1:1: completions: missing (an array is "
		    "required)", NULL },
		{ "{\"input\": \"P Step 1: a " KI "\"",
		    "t:1:29: truncated JSON "
		    "(unexpected end of input)", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("math-shepherd", "t", cases);
}

static void
test_imp_shepherd_sniff(void **state)
{
	const char	*t;

	(void)state;
	imp_assert_sniff_str("math-shepherd", "{\"input\": \"P Step 1: a "
	    "" KI "\\nStep 2: b", 1, NULL);
	imp_assert_sniff_str("math-shepherd", "{\"input\": \"P\", \"label\": "
	    "\"P\"}\n", 1, NULL);
	imp_assert_sniff_str("math-shepherd", "{\"prompt\": \"Q\", "
	    "\"completions\": [\"a", 1, NULL);
	imp_assert_sniff_str("math-shepherd", "{\"input\": \"P Step 1: "
	    "a", 0, "first record has neither an "
	    "\"input\" string with step tags and a \"label\", nor \"prompt\" "
	    "and \"completions\"");
	imp_assert_sniff_str("math-shepherd", "{\"input\": \"x\", \"output\": "
	    "\"y\", \"score\": 1}\n", 0, "first record has neither an "
	    "\"input\" string with step tags and "
	    "a \"label\", nor \"prompt\" and \"completions\"");
	imp_assert_sniff_str("math-shepherd", "Step 1: " KI "\n", 0, "first "
	    "line is not a JSON object");
	t = "{\"input\": \"P Step 1: a " KI "\", \"label\": \"P Step 1: a +\", "
	    "\"task\": \"GSM8K\"}\n";
	imp_assert_sniffs_as("math-shepherd", t, strlen(t), NULL);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_shepherd_fixture_tagged),
	cmocka_unit_test(test_imp_shepherd_fixture_trl),
	cmocka_unit_test(test_imp_shepherd_malformed),
	cmocka_unit_test(test_imp_shepherd_sniff))

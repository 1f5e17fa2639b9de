/*
 * test-imp-prm800k.c - the prm800k and prm800k-scored importers: the real
 * samples with counts taken from them by python3, exact sink sequences for
 * small records, bad records with line:col, --skip-bad, and sniffing.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cn-test.h"

#include "imp-test.h"

#define PHASE1	"tests/fixtures/real/prm800k/phase1_train.sample.jsonl"
#define PHASE2	"tests/fixtures/real/prm800k/phase2_train.sample.jsonl"
#define SCORED	"tests/fixtures/real/prm800k/" \
	"scored_test_samples.sample.jsonl"

#define P1_AUTHOR1 "author=prm800k:e90a38f3-3135-4465-87af-3e6322e3d772"

static void
test_imp_prm800k_real_phase1(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_check_file(&ir, "prm800k", PHASE1, 2,
	    "2 trace\n"
	    "141 node\n"
	    "2 node role=root\n"
	    "24 node role=step\n"
	    "104 node role=alternative\n"
	    "11 node role=human\n"
	    "35 node chosen\n"
	    "2 node terminal\n"
	    "121 annotation\n"
	    "29 annotation rating=1\n"
	    "36 annotation rating=0\n"
	    "56 annotation rating=-1\n"
	    "0 annotation tags\n"
	    "14 annotation " P1_AUTHOR1 "\n");

	assert_int_equal(imp_count(&ir, "trace",
	    "id=e90a38f3-2022-07-30T23:23:32.118856", "format=prm800k",
	    "problem^=Three pencils and a jumbo eraser cost $\\$1.24$.",
	    "truth=29", "extra={\"labeler\":"
	    "\"e90a38f3-3135-4465-87af-3e6322e3d772\",\"timestamp\":"
	    "\"2022-07-30T23:23:32.118856\",\"generation\":null,"
	    "\"is_quality_control_question\":false,"
	    "\"is_initial_screening_question\":false,\"label\":{"
	    "\"total_time\":293250,\"finish_reason\":\"solution\"}}",
	    NULL), 1);
	/* Step 2: five -1 completions, then the human one continues. */
	assert_line(&ir, "annotation 2.4 " P1_AUTHOR1 " rating=-1\n"
	    "node 2.h parent=1.0 role=human text=\"We have $3p+e=1.24$ and "
	    "$5p+e=1.82$.\" chosen extra=\"{\\\"source\\\":\\\"human\\\","
	    "\\\"flagged\\\":false}\" line=1\n"
	    "node 3.0 parent=2.h role=step text=\"To solve this system, let's "
	    "subtract the first equation from the second equation. This will "
	    "eliminate e.\" chosen extra=\"{\\\"flagged\\\":false}\" line=1\n"
	    "annotation 3.0 " P1_AUTHOR1 " rating=1");
	/* Step 6: chosen_completion 4, the answer. */
	assert_line(&ir, "node 6.3 parent=5.0 role=alternative text=\"So the "
	    "price of a pencil is 29 cents.\\n\\n# Answer\\n\\n29\" terminal "
	    "extra=\"{\\\"flagged\\\":false}\" line=1");
	assert_line(&ir, "node 6.4 parent=5.0 role=step text=\"That means a "
	    "pencil costs 29 cents.\\n\\n# Answer\\n\\n29\" terminal chosen "
	    "extra=\"{\\\"flagged\\\":false}\" line=1");
	/* Record 2 gave up at step 30: 7 unrated, unchosen completions. */
	assert_int_equal(imp_count(&ir, "node", "id^=30.", "parent=29.0",
	    "role=alternative", "line=2", NULL), 7);
	assert_int_equal(imp_count(&ir, "annotation", "id^=30.", NULL), 0);
	assert_line(&ir, "node 30.0 parent=29.0 role=alternative text=\"We can "
	    "use ${8\\\\choose 3}=56$.\" extra=\"{\\\"flagged\\\":false}\" "
	    "line=2");
	imp_run_free(&ir);
}

static void
test_imp_prm800k_real_phase2(void **state)
{
	struct imp_run		 ir;
	const struct rs_record	*r;

	(void)state;
	imp_check_file(&ir, "prm800k", PHASE2, 4,
	    "4 trace\n"
	    "86 node\n"
	    "4 node role=root\n"
	    "66 node role=step\n"
	    "16 node role=alternative\n"
	    "0 node role=human\n"
	    "27 node chosen\n");
	/* The unlabelled pre-generated steps: role step, not chosen. */
	assert_int_equal(imp_count(&ir, "node", "role=step", NULL) -
	    imp_count(&ir, "node", "role=step", "chosen", NULL), 39);
	imp_assert_counts(&ir,
	    "8 node terminal\n"
	    "4 node id=root verifier\n"
	    "43 annotation\n"
	    "22 annotation rating=1\n"
	    "11 annotation rating=0\n"
	    "10 annotation rating=-1\n");
	/* pre_generated_steps became nodes: not in any extra. */
	imp_assert_counts(&ir,
	    "0 trace extra*=\"pre_generated_steps\":\n"
	    "4 trace extra*=\"pre_generated_answer\":\n"
	    "4 trace extra*=\"ground_truth_solution\":\n");

	/* The first root: its text, then only the verifier score. */
	r = imp_find(&ir, "node", NULL, "root");
	assert_true(record_sink_fields_are(r, "parent=-", "role=root",
	    "text^=A Senate committee has 5 Democrats, 5 Republicans, and 1 "
	    "Independent.", "verifier=0.00115461", "line=1", NULL));
	/*
	 * Record 1: step 7's first completion (flagged null: the
	 * pre-generated one) is rated -1; the rest of the pre-generated
	 * solution hangs below it as steps 8..13.
	 */
	assert_line(&ir, "node 7.0 parent=6.0 role=alternative text=\"For "
	    "the Democrats, there are 5! ways to order them in a line, but "
	    "only half of them are distinct around a circle, since reversing "
	    "the order gives the same seating.\" extra=\"{\\\"flagged\\\":"
	    "null}\" line=1\n"
	    "annotation 7.0 author=prm800k:cc88bf76-df08-4041-be67-"
	    "3464279cb3b1 rating=-1");
	assert_line(&ir, "node 8 parent=7.0 role=step text=\"So, there are "
	    "5!/2 = 60 ways to order the Democrats around a circle.\" line=1");
	assert_line(&ir, "node 13 parent=12 role=step text=\"# Answer\\n\\n"
	    "7200\" terminal line=1");
	/* Record 3: two completions carry the pre-generated text: the first. */
	assert_int_equal(imp_count(&ir, "node", "id=4", "parent=3.0",
	    "role=step", "line=3", NULL), 1);
	/* Record 2 was labelled to its end: nothing unlabelled follows. */
	assert_int_equal(imp_count(&ir, "node", "id=20", "line=2", NULL), 0);
	assert_int_equal(imp_count(&ir, "node", "id^=19.", "line=2", NULL), 5);
	imp_run_free(&ir);
}

/*
 * Phase-1 "give_up" records end with a step whose three members are null:
 * labelling stopped there, so the record imports without it. Anywhere
 * but last it is refused like any step with nothing chosen.
 */
static void
test_imp_prm800k_give_up_null_step(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_run_text(&ir, "prm800k",
	    "{\"labeler\": \"L\", \"timestamp\": \"T\", \"question\": "
	    "{\"problem\": \"P\"}, \"label\": {\"steps\": [{\"completions\": "
	    "[{\"text\": \"a\", \"rating\": 0}], \"human_completion\": null, "
	    "\"chosen_completion\": 0}, {\"completions\": null, "
	    "\"human_completion\": null, \"chosen_completion\": null}], "
	    "\"finish_reason\": \"give_up\"}}\n", 0);
	imp_assert_ok(&ir, 1, 0);
	assert_string_equal(imp_run_log(&ir),
	    "trace L-T format=\"prm800k\" problem=\"P\" "
	    "extra=\"{\\\"labeler\\\":\\\"L\\\",\\\"timestamp\\\":\\\"T\\\","
	    "\\\"label\\\":{\\\"finish_reason\\\":\\\"give_up\\\"}}\"\n"
	    "node root parent=- role=root text=\"P\" line=1\n"
	    "node 1.0 parent=root role=step text=\"a\" chosen line=1\n"
	    "annotation 1.0 author=prm800k:L rating=0\n");
	imp_run_free(&ir);

	imp_run_text(&ir, "prm800k",
	    "{\"labeler\": \"L\", \"timestamp\": \"T\", \"question\": "
	    "{\"problem\": \"P\"}, \"label\": {\"steps\": [{\"completions\": "
	    "null, \"human_completion\": null, \"chosen_completion\": null}, "
	    "{\"completions\": [{\"text\": \"a\", \"rating\": 0}], "
	    "\"chosen_completion\": 0}]}}\n", 0);
	assert_run(&ir, -1, "t:1:86: label.steps[0]: no chosen or "
	    "human completion, but later steps follow");
	imp_run_free(&ir);
}

static void
p8_bad(const char *format, const char *text, const char *cause)
{
	struct imp_run	ir;

	imp_run_text(&ir, format, text, 0);
	assert_int_equal(ir.rc, -1);
	assert_non_null(ir.cause);
	assert_string_equal(ir.cause, cause);
	assert_string_equal(imp_run_log(&ir), "");
	imp_run_free(&ir);
}

#define Q	"\"question\": {\"problem\": \"P\"}"
#define HEAD	"{\"labeler\": \"L\", \"timestamp\": \"T\", " Q ", "
#define C(t, r)	"{\"text\": \"" t "\", \"rating\": " r "}"

static void
test_imp_prm800k_malformed(void **state)
{
	(void)state;
	p8_bad("prm800k", "\n[1]\n", "t:2:1: expected an object, not array");
	p8_bad("prm800k", "{\"timestamp\": \"T\"}",
	    "t:1:1: labeler: missing (a string is required)");
	p8_bad("prm800k", "{\"labeler\": \"L\", \"timestamp\": 5}",
	    "t:1:18: timestamp: expected a string, not number");
	p8_bad("prm800k", "{\"labeler\": \"L\", \"timestamp\": \"T\"}",
	    "t:1:1: question: missing (an object is required)");
	p8_bad("prm800k", "{\"labeler\": \"L\", \"timestamp\": \"T\", "
	    "\"question\": {\"problem\": [\"P\"]}}",
	    "t:1:49: question.problem: expected a string, not array");
	p8_bad("prm800k", "{\"labeler\": \"L\", \"timestamp\": \"T\", "
	    "\"question\": {\"problem\": \"P\", \"pre_generated_steps\": "
	    "[\"a\", "
	    "2]}}", "t:1:94: question.pre_generated_steps[1]: expected a "
	    "string, not number");
	p8_bad("prm800k", "{\"labeler\": \"L\", \"timestamp\": \"T\", "
	    "\"question\": {\"problem\": \"P\", "
	    "\"pre_generated_verifier_score\":"
	    " \"high\"}}", "t:1:65: question.pre_generated_verifier_score: "
	    "expected a number, not string");
	p8_bad("prm800k", HEAD "\"label\": {}}",
	    "t:1:66: label.steps: missing (an array is required)");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": {}}}",
	    "t:1:76: label.steps: expected an array, not object");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [7]}}",
	    "t:1:86: label.steps[0]: expected an object, not number");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{}]}}",
	    "t:1:86: label.steps[0].completions: missing (an array is "
	    "required)");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{\"completions\": "
	    "[\"a\"]}]}}", "t:1:103: label.steps[0].completions[0]: expected "
	    "an object, not string");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{\"completions\": "
	    "[{\"rating\": 1}]}]}}", "t:1:103: label.steps[0].completions[0]."
	    "text: missing (a string is required)");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{\"completions\": "
	    "[" C("a", "2") "]}]}}", "t:1:117: label.steps[0].completions[0]."
	    "rating: expected -1, 0, 1 or null, not 2");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{\"completions\": "
	    "[" C("a", "\"1\"") "]}]}}", "t:1:117: label.steps[0]."
	    "completions[0].rating: expected -1, 0, 1 or null, not string");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{\"completions\": "
	    "[{\"text\": \"a\", \"flagged\": \"no\"}]}]}}", "t:1:117: "
	    "label.steps[0].completions[0].flagged: expected true or false, "
	    "not string");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{\"completions\": "
	    "[" C("a", "1") "], \"chosen_completion\": 1}]}}", "t:1:132: "
	    "label.steps[0].chosen_completion: 1 is not null or a completion "
	    "index 0..0");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{\"completions\": "
	    "[" C("a", "1") "], \"chosen_completion\": 0.5}]}}", "t:1:132: "
	    "label.steps[0].chosen_completion: 0.5 is not null or a "
	    "completion index 0..0");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{\"completions\": "
	    "[" C("a", "1") "], \"human_completion\": 3}]}}", "t:1:132: "
	    "label.steps[0].human_completion: expected an object, a string "
	    "or null, not number");
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{\"completions\": "
	    "[" C("a", "1") "], \"human_completion\": {\"rating\": null}}]}}",
	    "t:1:132: label.steps[0].human_completion.text: missing (a "
	    "string is required)");
	/* Labelling stopped at step 1 yet step 2 exists: no parent for it. */
	p8_bad("prm800k", HEAD "\"label\": {\"steps\": [{\"completions\": "
	    "[" C("a", "-1") "], \"chosen_completion\": null}, "
	    "{\"completions\": [" C("b", "1") "]}]}}", "t:1:86: "
	    "label.steps[0]: no chosen or human completion, but later steps "
	    "follow");
	p8_bad("prm800k", "{\"labeler\": \"L\",\n", "t:1:17: truncated JSON "
	    "(unexpected end of input)");
	p8_bad("prm800k", "{\"labeler\": \"L\", \"timestamp\": \"T\", " Q
	    ", \"label\": {\"steps\": [], \"x\": NaN}}",
	    "t:1:94: NaN and Infinity are not JSON numbers");
	p8_bad("prm800k", "{\"labeler\": \"L\", \"timestamp\": \"T\", " Q
	    ", \"label\": {\"steps\": [], \"x\": 1e999}}",
	    "t:1:94: label.x: number out of range (not finite)");
}

static void
test_imp_prm800k_duplicate_and_skip_bad(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_run_text(&ir, "prm800k",
	    HEAD "\"label\": {\"steps\": []}}\n"
	    HEAD "\"label\": {\"steps\": [5]}}\n"
	    "not json\n"
	    HEAD "\"label\": {\"steps\": []}}\n"
	    "{\"labeler\": \"L\", \"timestamp\": \"U\", " Q ", \"label\": "
	    "{\"steps\": []}}\n", 1);
	assert_run(&ir, 0, NULL);
	assert_int_equal(ir.rep.records, 5);
	imp_assert_bad(&ir, 3,
	    "t:2:86: label.steps[0]: "
	    "expected an object, not number",
	    "t:3:1: invalid JSON",
	    "t:4:18: timestamp: "
	    "duplicate trace id L-T (first at line 1)", NULL);
	assert_string_equal(imp_run_log(&ir),
	    "trace L-T format=\"prm800k\" problem=\"P\" "
	    "extra=\"{\\\"labeler\\\":\\\"L\\\","
	    "\\\"timestamp\\\":\\\"T\\\"}\"\n"
	    "node root parent=- role=root text=\"P\" line=1\n"
	    "trace L-U format=\"prm800k\" problem=\"P\" "
	    "extra=\"{\\\"labeler\\\":\\\"L\\\","
	    "\\\"timestamp\\\":\\\"U\\\"}\"\n"
	    "node root parent=- role=root text=\"P\" line=5\n");
	imp_run_free(&ir);

	/* Without --skip-bad the first bad record stops the import. */
	imp_run_text(&ir, "prm800k",
	    HEAD "\"label\": {\"steps\": []}}\n"
	    HEAD "\"label\": {\"steps\": []}}\n", 0);
	assert_run(&ir, -1, "t:2:18: timestamp: duplicate trace id "
	    "L-T (first at line 1)");
	assert_int_equal(ir.rep.records, 2);
	imp_run_free(&ir);
}

static void
test_imp_prm800k_scored_real(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_check_file(&ir, "prm800k-scored", SCORED, 1,
	    "1 trace\n"
	    "5 node\n"
	    "4 node prm\n"
	    "4 node prm:p-1 prm:p0\n"
	    "1 node prm_score\n"
	    "1 node orm_score\n"
	    "1 node outcome\n"
	    "0 annotation\n");
	assert_line(&ir, "trace test/precalculus/779.json "
	    "format=\"prm800k-scored\" "
	    "problem=\"A $90^\\\\circ$ rotation around the origin in the "
	    "counter-clockwise direction is applied to $7 + 2i.$  What is the "
	    "resulting complex number?\" truth=\"-2+7i\" extra=\"{\\\"subject"
	    "\\\":\\\"Precalculus\\\",\\\"level\\\":2,\\\"unique_id\\\":\\\""
	    "test/precalculus/779.json\\\"}\"");
	assert_line(&ir, "node 1.2 parent=1.1 role=step text=\"So, I can "
	    "write the rotation as $(7 + 2i)i = 7i + 2i^2.$\" prm=0.9101 "
	    "prm:p-1=0.0571027 prm:p0=0.0327973 line=1");
	assert_line(&ir, "node 1.4 parent=1.3 role=step text=\"This is the "
	    "resulting complex number after the rotation.\\n\\n# Answer\\n\\n"
	    "7i - 2\" terminal outcome=1 prm=0.138499 prm:p-1=0.750761 "
	    "prm:p0=0.11074 prm_score=0.0915755 orm_score=0.632645 "
	    "extra=\"{\\\"answer\\\":\\\"7i - 2\\\"}\" line=1");
	imp_run_free(&ir);
}

#define PROBS	"{\"-1\": 0.5, \"0\": 0.25, \"1\": 0.25}"

#define SC(rest) "{\"problem\": \"P\", \"steps\": [\"a\"], " rest "}"

static void
test_imp_prm800k_scored_malformed(void **state)
{
	struct imp_run	ir;

	(void)state;
	p8_bad("prm800k-scored", "{\"steps\": []}",
	    "t:1:1: problem: missing (a string is required)");
	p8_bad("prm800k-scored", "{\"problem\": \"P\", \"steps\": [], "
	    "\"rating_probs\": []}", "t:1:18: steps: empty (a sample has at "
	    "least one step)");
	p8_bad("prm800k-scored", "{\"problem\": \"P\", \"steps\": [1], "
	    "\"rating_probs\": [" PROBS "]}", "t:1:28: steps[0]: expected a "
	    "string, not number");
	p8_bad("prm800k-scored", SC("\"rating_probs\": []"), "t:1:34: "
	    "rating_probs: 0 entries for 1 steps");
	p8_bad("prm800k-scored", SC("\"rating_probs\": [{\"-1\": 0.5, "
	    "\"0\": 0.5}]"), "t:1:51: rating_probs[0].1: missing (a number is "
	    "required)");
	p8_bad("prm800k-scored", SC("\"rating_probs\": [{\"1\": \"0.5\", "
	    "\"-1\": 0.5, \"0\": 0.5}]"), "t:1:52: rating_probs[0].1: expected "
	    "a number, not string");
	p8_bad("prm800k-scored", SC("\"rating_probs\": [[]]"), "t:1:51: "
	    "rating_probs[0]: expected an object, not array");
	p8_bad("prm800k-scored", SC("\"rating_probs\": [" PROBS "], "
	    "\"is_correct\": 1"), "t:1:87: is_correct: expected true or "
	    "false, not number");
	p8_bad("prm800k-scored", SC("\"rating_probs\": [" PROBS "], "
	    "\"prm_score\": \"x\""), "t:1:87: prm_score: expected a number, "
	    "not string");

	/* A file cut off inside its last record. */
	p8_bad("prm800k-scored", "{\"problem\": \"P\", \"steps\": [\"a",
	    "t:1:30: truncated JSON (unexpected end of input)");

	imp_run_text(&ir, "prm800k-scored",
	    SC("\"rating_probs\": [" PROBS "]") "\n"
	    SC("\"rating_probs\": 3") "\n"
	    SC("\"rating_probs\": [" PROBS "]") "\n", 1);
	assert_int_equal(ir.rc, 0);
	assert_int_equal(ir.rep.records, 3);
	imp_assert_bad(&ir, 1,
	    "t:2:34: rating_probs: "
	    "expected an array, not number", NULL);
	/* Both good samples of P: one trace, two chains. */
	imp_assert_counts(&ir,
	    "1 trace\n"
	    "1 node id=1.1\n"
	    "1 node id=2.1 line=3\n");
	imp_run_free(&ir);
}

static void
test_imp_prm800k_sniff(void **state)
{
	static char	 b[100000];
	size_t		 n;

	(void)state;
	/* 200 bytes end inside the first record's question. */
	n = imp_test_head(PHASE1, b, 200);
	imp_assert_sniff("prm800k", b, n, 1, NULL);
	imp_assert_sniff("prm800k-scored", b, n, 0, "first record has no "
	    "\"steps\" and "
	    "\"rating_probs\" arrays");
	imp_assert_sniffs_as("prm800k", b, n, NULL);
	n = imp_test_head(PHASE2, b, sizeof b);
	imp_assert_sniff("prm800k", b, n, 1, NULL);
	n = imp_test_head(SCORED, b, sizeof b);
	imp_assert_sniff("prm800k-scored", b, n, 1, NULL);
	imp_assert_sniff("prm800k", b, n, 0, "first record has no \"labeler\" "
	    "string "
	    "with a \"question\" object or \"is_quality_control_question\"");
	imp_assert_sniffs_as("prm800k-scored", b, n, NULL);
	imp_assert_sniff_str("prm800k", "\n\n{\"labeler\": \"x\", "
	    "\"question\": {\"pro", 1, NULL);
	imp_assert_sniff_str("prm800k", "{\"labeler\": 1, \"question\": "
	    "{}}", 0, "first record has no \"labeler\" string with a "
	    "\"question\" object or \"is_quality_control_question\"");
	imp_assert_sniff_str("prm800k", "labeler,question\n", 0, "first line "
	    "is not a JSON object");
	imp_assert_sniff_str("prm800k-scored", "{\"steps\": [], "
	    "\"rating_probs\": [", 1, NULL);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_prm800k_real_phase1),
	cmocka_unit_test(test_imp_prm800k_real_phase2),
	cmocka_unit_test(test_imp_prm800k_give_up_null_step),
	cmocka_unit_test(test_imp_prm800k_malformed),
	cmocka_unit_test(test_imp_prm800k_duplicate_and_skip_bad),
	cmocka_unit_test(test_imp_prm800k_scored_real),
	cmocka_unit_test(test_imp_prm800k_scored_malformed),
	cmocka_unit_test(test_imp_prm800k_sniff))

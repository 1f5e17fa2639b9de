/*
 * test-imp-processbench.c - the ProcessBench importer: the real sample
 * splits, exact sink sequences for small arrays, bad elements with their
 * line:col, --skip-bad, and sniffing.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cn-test.h"

#include "imp-test.h"

#define GSM8K	"tests/fixtures/real/processbench/gsm8k.sample.json"
#define MATH	"tests/fixtures/real/processbench/math.sample.json"

/* Counts below were taken from the fixtures with python3 (json.load). */
static void
test_imp_processbench_real_gsm8k(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_check_file(&ir, "processbench", GSM8K, 6,
	    "6 trace\n"
	    "39 node\n"
	    "6 node id=root role=root\n"
	    "23 annotation author=processbench\n"
	    "19 annotation rating=1\n"
	    "4 annotation rating=-1 first_error\n"
	    "4 annotation first_error\n"
	    "2 node terminal outcome=1\n"
	    "4 node terminal outcome=0\n"
	    "6 node outcome\n");

	/* gsm8k-0: label 1, so step 2 is the first error; 4 steps. */
	assert_int_equal(imp_count(&ir, "trace", "id=gsm8k-0",
	    "format=processbench", "problem^=Sue lives in a fun neighborhood.",
	    "extra={\"generator\":\"Qwen2-7B-Instruct\"}", NULL), 1);
	assert_true(record_sink_fields_are(imp_find(&ir, "node", "gsm8k-0",
	    "2"), "parent=1", "role=step", "text^=On Saturday, they take back "
	    "one third of the flamingos. Since there were 18 flamingos, "
	    "\\(1/3 \\times 18 = 6\\) flamingos are taken back.", "line=8",
	    NULL));
	assert_line(&ir, "annotation 1 author=processbench rating=1\n"
	    "node 2 parent=1 role=step text=\"On Saturday, they take back one "
	    "third of the flamingos. Since there were 18 flamingos, \\\\(1/3 "
	    "\\\\times 18 = 6\\\\) flamingos are taken back. So, they have "
	    "\\\\(18 - 6 = 12\\\\) flamingos left in their possession. Then, "
	    "they paint these 6 flamingos white and put them back out on "
	    "Sue's front yard. Now, Sue has the original 12 pink flamingos "
	    "plus the 6 new white ones. Thus, by the end of Saturday, Sue has "
	    "\\\\(12 + 6 = 18\\\\) pink flamingos and 6 white flamingos.\" "
	    "line=8\n"
	    "annotation 2 author=processbench rating=-1 first_error");
	/* gsm8k-200 (line 57): label -1, every step +1, 8 steps, correct. */
	assert_int_equal(imp_count(&ir, "node", "id=root", "line=57", NULL), 1);
	assert_line(&ir, "node 8 parent=7 role=step text=\"Therefore, the "
	    "length of the red rope is 20 centimeters.\" terminal outcome=1 "
	    "line=69");
	assert_int_equal(imp_count(&ir, "node", "id=root", "line=74", NULL), 1);
	imp_run_free(&ir);
}

static void
test_imp_processbench_real_math(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_check_file(&ir, "processbench", MATH, 3,
	    "3 trace\n"
	    "27 node\n"
	    "12 annotation rating=1\n"
	    "3 annotation rating=-1 first_error\n"
	    "3 node terminal outcome=0\n");
	/* math-0: label 0, two steps: the first is the error. */
	assert_line(&ir, "node root parent=- role=root text=\"Determine the "
	    "remainder of 194 (mod 11).\" line=2");
	assert_line(&ir, "annotation 1 author=processbench rating=-1 "
	    "first_error\n"
	    "node 2 parent=1 role=step text=\"Since we're looking for the "
	    "remainder (mod 11), I'll focus on the remainder term, which is "
	    "9. So, the remainder of 194 (mod 11) is: \\\\boxed{9}.\" "
	    "terminal outcome=0 line=8");
	/* math-1: 17 steps, label 9: node 10 is the error, 11.. unrated. */
	assert_true(record_sink_fields_are(imp_find(&ir, "node", NULL, "17"),
	    "parent=16", "role=step", "text*=\\boxed{3, -5}", "terminal",
	    "outcome=0", "line=34", NULL));
	assert_int_equal(imp_count(&ir, "annotation", "id=10", "rating=-1",
	    NULL), 1);
	assert_int_equal(imp_count(&ir, "annotation", "id=11", NULL), 0);
	imp_run_free(&ir);
}

/*
 * Bytes a JSON array may hold between elements (the exact calls of a
 * plain array: tests/import/processbench/sequence-2.calls).
 */
static void
test_imp_processbench_blanks(void **state)
{
	struct imp_run	ir;

	(void)state;
	/*
	 * cJSON takes every byte up to 0x20 as whitespace, NUL too; the
	 * element offsets (and so the lines) must agree with it.
	 */
	{
		static const char nul[] = "[\n\0\x01{\"id\": \"n\", "
		    "\"problem\": \"P\", \"steps\": [\n\"s\"], "
		    "\"final_answer_correct\": true, \"label\": -1},\0\n"
		    "{\"id\": 2}]";

		imp_run_mem(&ir, "processbench", nul, sizeof nul - 1, 1);
		assert_int_equal(ir.rc, 0);
		assert_int_equal(ir.rep.records, 2);
		assert_int_equal(ir.rep.bad, 1);
		assert_string_equal(ir.rep.first_bad[0], "t:4:2: id: expected "
		    "a string, not number");
		assert_line(&ir, "node 1 parent=root role=step text=\"s\" "
		    "terminal outcome=1 line=3");
		imp_run_free(&ir);
	}
}

#define PB_OK_REST "\"steps\": [\"s\"], \"final_answer_correct\": true, " \
	"\"label\": -1"

static void
test_imp_processbench_malformed(void **state)
{	static const struct imp_bad_case cases[] = {
		{ "{\"id\": \"a\"}",
		    "t:1:1: expected a JSON array of "
		    "ProcessBench records, not object", NULL },
		{ "[\n  3\n]",
		    "t:2:3: expected an object, not number", NULL },
		{ "[\n  {\"problem\": \"P\", " PB_OK_REST "}\n]",
		    "t:2:3: id: missing (a string is required)", NULL },
		{ "[\n  {\"id\": 7, \"problem\": \"P\", " PB_OK_REST "}\n]",
		    "t:2:4: id: expected a string, not number", NULL },
		{ "[\n  {\"id\": \"a\", \"problem\": null, " PB_OK_REST "}\n]",
		    "t:2:15: problem: expected a string, not null", NULL },
		{ "[{\"id\": \"a\", \"problem\": \"P\", \"steps\": \"s\", "
		    "\"final_answer_correct\": true, \"label\": -1}]",
		    "t:1:30: steps: expected an array, not string", NULL },
		{ "[{\"id\": \"a\", \"problem\": \"P\", \"steps\": [], "
		    "\"final_answer_correct\": true, \"label\": -1}]",
		    "t:1:30: steps: empty (a solution has at least one "
		    "step)", NULL },
		{ "[{\"id\": \"a\", \"problem\": \"P\", \"steps\": [\"s\",\n"
		    "   false], \"final_answer_correct\": true, \"label\": "
		    "-1}]",
		    "t:2:4: steps[1]: expected a string, not boolean", NULL },
		{ "[{\"id\": \"a\", \"problem\": \"P\", \"steps\": [\"s\"], "
		    "\"final_answer_correct\": \"yes\", \"label\": -1}]",
		    "t:1:46: final_answer_correct: expected true or false, not "
		    "string", NULL },
		{ "[{\"id\": \"a\", \"problem\": \"P\", \"steps\": [\"s\"], "
		    "\"final_answer_correct\": true}]",
		    "t:1:2: label: missing (a number is required)", NULL },
		{ "[{\"id\": \"a\", \"problem\": \"P\", \"steps\": [\"s\", "
		    "\"t\"], "
		    "\"final_answer_correct\": true, \"label\": 2}]",
		    "t:1:81: label: 2 is not -1 or a step index 0..1", NULL },
		{ "[{\"id\": \"a\", \"problem\": \"P\", \"steps\": [\"s\"], "
		    "\"final_answer_correct\": true, \"label\": 0.5}]",
		    "t:1:76: label: 0.5 is not -1 or a step index 0..0", NULL },
		{ "[{\"id\": \"a\", \"problem\": \"P\", \"steps\": [\"s\"], "
		    "\"final_answer_correct\": true, \"label\": -2}]",
		    "t:1:76: label: -2 is not -1 or a step index 0..0", NULL },
		/* Document-level errors stop the import whatever --skip-bad
		   says. */
		{ "[\n  {\"id\": \"a\", \"problem\": \"P\", " PB_OK_REST "},\n"
		    "  {\"id\": \"b\", \"problem\": \"P\", \"steps\": [\"s",
		    "t:3:43: truncated JSON (unexpected end of input)", NULL },
		{ "[\n  {\"id\": \"a\", \"problem\": \"P\" \"steps\": []}\n]",
		    "t:2:30: invalid JSON", NULL },
		{ "[{\"id\": \"a\xff\"}]",
		    "t:1:11: invalid UTF-8 (byte 0xff)", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("processbench", "t", cases);
}

static void
test_imp_processbench_duplicate_id(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_run_text(&ir, "processbench",
	    "[\n  {\"id\": \"a\", \"problem\": \"P\", " PB_OK_REST "},\n"
	    "  {\"id\": \"a\", \"problem\": \"Q\", " PB_OK_REST "}\n]", 0);
	assert_run(&ir, -1, "t:3:4: id: duplicate id \"a\" (first "
	    "at line 2)");
	assert_int_equal(imp_count(&ir, "trace", NULL), 1);
	imp_run_free(&ir);
}

static void
test_imp_processbench_skip_bad(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_run_text(&ir, "processbench",
	    "[\n"
	    "  {\"id\": \"a\", \"problem\": \"P\", " PB_OK_REST "},\n"
	    "  {\"id\": \"b\", \"problem\": \"P\", \"steps\": [\"s\"], "
	    "\"final_answer_correct\": true, \"label\": 3},\n"
	    "  [],\n"
	    "  {\"id\": \"c\", \"problem\": \"P\", " PB_OK_REST "}\n"
	    "]\n", 1);
	assert_run(&ir, 0, NULL);
	assert_int_equal(ir.rep.records, 4);
	imp_assert_bad(&ir, 2,
	    "t:3:77: label: 3 is not -1 or a step index 0..0",
	    "t:4:3: expected an object, not array", NULL);
	imp_assert_counts(&ir,
	    "2 trace\n"
	    "1 trace id=a\n"
	    "1 trace id=c\n");
	/* Nothing of a bad element reaches the sink. */
	assert_int_equal(imp_count(&ir, "node", NULL), 4);
	imp_run_free(&ir);
}

/* A sink refusal mid-record is a bad record too, with the position. */
static void
test_imp_processbench_sink_refusal(void **state)
{
	struct imp_run		 ir;
	const struct imp_format	*f = imp_format_find("processbench");
	struct imp_opts		 o;
	FILE			*in;
	const char		*text = "[{\"id\": \"a\", \"problem\": "
	    "\"P\", "
	    PB_OK_REST "}]";

	(void)state;
	memset(&ir, 0, sizeof ir);
	memset(&o, 0, sizeof o);
	record_sink_init(&ir.rs, &ir.sink);
	ir.rs.fail_at = 2;
	ir.rs.fail_rc = CN_FATAL;
	in = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	ir.rc = f->run(in, "t", &o, &ir.sink, &ir.rep, &ir.cause);
	fclose(in);
	assert_run(&ir, -1, "t:1: node root: recorded failure at "
	    "call 2");
	imp_run_free(&ir);
}

static void
test_imp_processbench_sniff(void **state)
{
	char	*path, buf[300];
	FILE	*f;
	size_t	 n;

	(void)state;
	/* The first 300 bytes of the real file end inside the problem. */
	path = imp_test_path(GSM8K);
	f = fopen(path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	free(path);
	assert_int_equal(n, sizeof buf);
	imp_assert_sniff("processbench", buf, n, 0, "first element has no "
	    "\"steps\" with \"label\", "
	    "\"final_answer_correct\" or \"generator\"");
	imp_assert_sniff("processbench", "[ {\"id\": \"x\", \"generator\": "
	    "\"g\", \"steps\": [\"a", 44, 1, NULL);
	imp_assert_sniff("processbench", "[{\"steps\": [], \"label\": "
	    "0}]", 27, 1, NULL);
	imp_assert_sniff("processbench", "{\"steps\": []}", 13, 0, "not a JSON "
	    "array");
	imp_assert_sniff("processbench", "[1, 2]", 6, 0, "a JSON array, but "
	    "its first element is "
	    "not an object");
	imp_assert_sniff("processbench", "[{\"steps\": "
	    "[\"a\"]}]", 18, 0, "first element has no "
	    "\"steps\" with \"label\", \"final_answer_correct\" or "
	    "\"generator\"");
	/* Whole-registry sniffing picks processbench for the real file. */
	{
		char	big[4096];

		path = imp_test_path(GSM8K);
		f = fopen(path, "r");
		n = fread(big, 1, sizeof big, f);
		fclose(f);
		free(path);
		imp_assert_sniffs_as("processbench", big, n, NULL);
	}
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_processbench_real_gsm8k),
	cmocka_unit_test(test_imp_processbench_real_math),
	cmocka_unit_test(test_imp_processbench_blanks),
	cmocka_unit_test(test_imp_processbench_malformed),
	cmocka_unit_test(test_imp_processbench_duplicate_id),
	cmocka_unit_test(test_imp_processbench_skip_bad),
	cmocka_unit_test(test_imp_processbench_sink_refusal),
	cmocka_unit_test(test_imp_processbench_sniff))

/*
 * test-imp-pretty.c - the JSON-lines formats fed pretty-printed JSON
 * (importers/imp-jsonl.c): records one after another over many lines, a
 * top-level array (indented, or on one line), with messages that point
 * into the file; the breaks in structure that stop the import; and a
 * JSONL file whose first line is cut short, which stays JSONL.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "cn-test.h"

#include "imp-test.h"

#define REAL	"tests/fixtures/real/prm800k/phase1_train.sample.jsonl"
#define PRETTY	"tests/fixtures/pretty/phase1_train.sample.pretty.json"
#define ARRAY	"tests/fixtures/pretty/phase1_train.sample.array.json"

/* The counts the real JSONL file gives (test-imp-prm800k.c). */
static void
assert_phase1(struct imp_run *ir)
{
	assert_int_equal(ir->rc, 0);
	assert_null(ir->cause);
	assert_int_equal(ir->rep.records, 2);
	assert_int_equal(ir->rep.bad, 0);
	imp_assert_counts(ir,
	    "2 trace\n"
	    "141 node\n"
	    "11 node role=human\n"
	    "35 node chosen\n"
	    "121 annotation\n"
	    "56 annotation rating=-1\n");
}

/*
 * The same import from the file of a row, whose nodes start at the lines
 * given (up to two; NULL ends): a test each, with the row as prestate.
 */
struct pretty_case {
	const char	*file;
	const char	*line[2];
	long		 nodes[2];
};

static void
test_imp_pretty_file(void **state)
{
	const struct pretty_case	*c = *state;
	struct imp_run			 ir;
	size_t				 i;

	imp_run_file(&ir, "prm800k", c->file, 0);
	assert_phase1(&ir);
	for (i = 0; i < 2 && c->line[i] != NULL; i++)
		assert_int_equal(imp_count(&ir, "node", c->line[i], NULL),
		    c->nodes[i]);
	imp_run_free(&ir);
}

/* Records one after another: the same import, lines of record starts. */
static const struct pretty_case objects = { PRETTY,
    { "line=1", "line=129" }, { 16, 125 } };
/* A top-level array of the records. */
static const struct pretty_case array = { ARRAY, { "line=2", NULL },
    { 16, 0 } };
/* The real JSONL file, for the counts above. */
static const struct pretty_case jsonl_same = { REAL, { NULL, NULL },
    { 0, 0 } };

/* Auto-detection looks at the first record, wherever it starts. */
static void
test_imp_pretty_sniff(void **state)
{
	char	buf[8192];
	size_t	n;

	(void)state;
	n = imp_test_head(PRETTY, buf, sizeof buf);
	imp_assert_sniffs_as("prm800k", buf, n, "processbench", "moatless",
	    "omegaprm", NULL);
	n = imp_test_head(ARRAY, buf, sizeof buf);
	imp_assert_sniffs_as("prm800k", buf, n, "processbench", "moatless",
	    "omegaprm", NULL);
	imp_assert_sniffs_as("canopy-scores", "[{\"trace\": \"t\", \"node\": "
	    "\"n\", \"value\": 1}]", 41, "canopy-jsonl", NULL);
	imp_assert_sniffs_as("omegaprm", "[\n {\n  \"question\": \"Q\",\n  "
	    "\"reasoning_steps\": [", 46, "prm800k", NULL);
}

#define HEAD	"{\"labeler\": \"L\", \"timestamp\": \"T\", \"question\": " \
	"{\"problem\": \"P\"}, \"label\": {\"steps\": []}}"

/* What HEAD sends first. */
#define TRACE	"trace L-T format=\"prm800k\" problem=\"P\" extra=\"{" \
	"\\\"labeler\\\":\\\"L\\\",\\\"timestamp\\\":\\\"T\\\"}\"\n"

/* Messages point into the file: line and column of the member. */
static void
test_imp_pretty_positions(void **state)
{
	static const struct imp_bad_case cases[] = {
		/* A member on the third line of an indented record. */
		{ "[\n  {\"labeler\": \"L\", \"timestamp\": \"T\",\n"
		    "   \"question\": {\"problem\": 7}}\n]\n",
		    "t:3:17: question.problem: expected a string, not number",
		    NULL },
		/* The second element of an array on one line. */
		{ "[" HEAD ", {\"labeler\": 2}]",
		    "t:1:93: labeler: expected a string, not number",
		    TRACE
		    "node root parent=- role=root text=\"P\" line=1\n" },
		/* Not JSON inside the second record of a stream. */
		{ "{\"labeler\": \"L\", \"timestamp\": \"T\",\n \"question\": "
		    "{\"problem\": \"P\"}, \"label\": {\"steps\": []}}\n"
		    "{\n  \"labeler\": \"L\",\n  \"timestamp\": tru\n}\n",
		    "t:5:16: invalid JSON",
		    TRACE
		    "node root parent=- role=root text=\"P\" line=1\n" },
		/* Cut off inside a record: the end of what is there. */
		{ "{\n \"labeler\": \"L\",\n \"timestamp\": \"T\",\n\n",
		    "t:3:19: truncated JSON (unexpected end of input)", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("prm800k", "t", cases);
}

/* Where the next record starts is unknown: these stop, skip-bad or not. */
static void
test_imp_pretty_structure(void **state)
{
	static const struct imp_bad_case cases[] = {
		{ "[" HEAD " " HEAD "]",
		    "t:1:91: expected ',' or ']' after an element of the "
		    "top-level array",
		    TRACE
		    "node root parent=- role=root text=\"P\" line=1\n" },
		{ "[\n" HEAD "\n]\n{}\n",
		    "t:4:1: text after the top-level array",
		    TRACE
		    "node root parent=- role=root text=\"P\" line=2\n" },
		{ "[\n" HEAD ",\n",
		    "t:3:1: truncated JSON (the top-level array is not "
		    "closed)",
		    TRACE
		    "node root parent=- role=root text=\"P\" line=2\n" },
		{ "[\n" HEAD ",\n]\n",
		    "t:3:1: expected a record (an element of the top-level "
		    "array)",
		    TRACE
		    "node root parent=- role=root text=\"P\" line=2\n" },
		{ NULL, NULL, NULL }
	};
	struct imp_opts	o;

	(void)state;
	memset(&o, 0, sizeof o);
	imp_check_bad("prm800k", "t", cases);
	o.skip_bad = 1;
	imp_check_bad_opts("prm800k", "t", &o, cases);
}

/*
 * A JSONL file whose first line is cut short stays JSONL: the next line
 * starts a record of its own, so that line is one bad record.
 */
static void
test_imp_pretty_jsonl_cut_first_line(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_run_text(&ir, "prm800k", "{\"labeler\": \"L\",\n" HEAD "\n", 1);
	assert_int_equal(ir.rc, 0);
	assert_int_equal(ir.rep.records, 2);
	imp_assert_bad(&ir, 1, "t:1:17: truncated JSON (unexpected end of "
	    "input)", NULL);
	assert_int_equal(imp_count(&ir, "node", "line=2", NULL), 1);
	imp_run_free(&ir);
}

/* canopy's own format, pretty-printed: its positions too. */
static void
test_imp_pretty_canopy(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_run_text(&ir, "canopy-jsonl",
	    "[\n {\"type\": \"trace\", \"id\": \"t\"},\n"
	    " {\"type\": \"node\", \"trace\": \"t\",\n  \"id\": \"a\"},\n"
	    " {\"type\": \"node\", \"trace\": \"t\",\n  \"id\": 1.5}\n]\n", 0);
	assert_run(&ir, -1, "t:6:3: member \"id\" must be a "
	    "string or an integer");
	assert_int_equal(imp_count(&ir, "node", "id=a", "line=3", NULL), 1);
	imp_run_free(&ir);
}

#define FILE_CASE(c)							\
	{ "test_imp_pretty_" #c, test_imp_pretty_file, NULL, NULL,	\
	    (void *)(uintptr_t)&c }
CN_TEST_MAIN(
	FILE_CASE(objects),
	FILE_CASE(array),
	FILE_CASE(jsonl_same),
	cmocka_unit_test(test_imp_pretty_sniff),
	cmocka_unit_test(test_imp_pretty_positions),
	cmocka_unit_test(test_imp_pretty_structure),
	cmocka_unit_test(test_imp_pretty_jsonl_cut_first_line),
	cmocka_unit_test(test_imp_pretty_canopy))
#undef FILE_CASE

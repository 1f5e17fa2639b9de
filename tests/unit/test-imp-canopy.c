/*
 * test-imp-canopy.c - the canopy-jsonl importer against a recording sink:
 * exact call sequences, exact error causes with line:col, the nested form,
 * deep and long input, and the skip-bad policy. Inputs are written here.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn-test.h"

#include "imp-test.h"

#define FMT	"canopy-jsonl"

/* Runs the importer over text, named "t.jsonl". */
static void
run(struct imp_run *ir, const char *text, int skip_bad)
{
	imp_run_named(ir, FMT, "t.jsonl", text, skip_bad);
}

static void
test_imp_canopy_nested_errors(void **state)
{
	static const struct imp_bad_case cases[] = {
		{ "{\"type\":\"trace\",\"id\":\"m\",\"root\":{\"children\":"
		    "[{\"parent\":\"x\"}]}}\n",
		    "t.jsonl:1:47: member \"parent\" is not allowed in a "
		    "nested "
		    "tree (nesting gives the trace and the parent)",
		    "trace m format=\"canopy-jsonl\"\n"
		    "node 0 parent=- role=root line=1\n" },
		{ "{\"type\":\"trace\",\"id\":\"m\",\"root\":{\"children\":"
		    "{}}}\n",
		    "t.jsonl:1:45: invalid JSON (member \"children\" must be "
		    "an "
		    "array)", NULL },
		{ "{\"type\":\"trace\",\"id\":\"m\",\"root\":{\"children\":"
		    "[1]}}\n",
		    "t.jsonl:1:46: invalid JSON (each element of \"children\" "
		    "must "
		    "be a node object)", NULL },
		{ "{\"type\":\"trace\",\"id\":\"m\",\"root\":{\"text\":5}}\n",
		    "t.jsonl:1:34: member \"text\" must be a string",
		    "trace m format=\"canopy-jsonl\"\n" },
		{ "{\"type\":\"trace\",\"id\":\"m\",\"root\":{\"text\":\"a\" "
		    "\"b\"}}\n",
		    "t.jsonl:1:45: invalid JSON (expected ',' or '}')", NULL },
		{ "{\"type\":\"nest\",\"id\":\"m\",\"root\":{}}\n",
		    "t.jsonl:1:2: unknown type \"nest\" (expected trace, node "
		    "or "
		    "score)", NULL },
		{ "{\"type\":\"trace\",\"id\":\"m\",\"root\":{\"q\":NaN}}\n",
		    "t.jsonl:1:38: NaN and Infinity are not JSON numbers",
		    "trace m format=\"canopy-jsonl\"\n" },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad(FMT, "t.jsonl", cases);
}

/* A chain of depth levels in the nested form, with or without ids. */
static char *
deep_chain(int levels, int ids)
{
	struct cn_buf	b;
	int		i;

	buf_init(&b);
	buf_adds(&b, "{\"type\":\"trace\",\"id\":\"deep\",\"root\":");
	for (i = 0; i < levels; i++) {
		if (ids)
			buf_printf(&b, "{\"id\":\"d%d\",\"text\":\"s%d"
			    "\"", i, i);
		else
			buf_printf(&b, "{\"text\":\"s%d\"", i);
		if (i + 1 < levels)
			buf_adds(&b, ",\"children\":[");
	}
	for (i = 0; i < levels; i++)
		buf_adds(&b, i == 0 ? "}" : "]}");
	buf_adds(&b, "}\n");
	return buf_take(&b);
}

static void
test_imp_canopy_deep_chain(void **state)
{
	struct imp_run	 ir;
	const char	*log, *last;
	char		*text;
	size_t		 lines = 0;

	(void)state;
	text = deep_chain(50000, 1);
	run(&ir, text, 0);
	free(text);
	assert_int_equal(ir.rc, 0);
	log = imp_run_log(&ir);
	for (last = log; *last != '\0'; last++)
		lines += *last == '\n';
	assert_int_equal(lines, 50001);	/* the trace and 50,000 nodes */
	last = strstr(log, "node d49999 ");
	assert_non_null(last);
	assert_string_equal(last,
	    "node d49999 parent=d49998 role=step text=\"s49999\" line=1\n");
	imp_run_free(&ir);
}

static void
test_imp_canopy_deep_chain_needs_ids(void **state)
{
	struct imp_run	 ir;
	char		*text;

	(void)state;
	/* Paths are synthesised down to depth 1000, then ids are needed. */
	text = deep_chain(1002, 0);
	run(&ir, text, 0);
	assert_int_equal(ir.rc, -1);
	assert_int_equal(imp_count(&ir, "node", "id=0.0.0", "parent=0.0",
	    NULL), 1);
	assert_non_null(strstr(ir.cause, ": node at depth 1001 has no \"id\" "
	    "(ids are synthesised only down to depth 1000)"));
	assert_memory_equal(ir.cause, "t.jsonl:1:", 10);
	imp_run_free(&ir);
	free(text);
}

static void
test_imp_canopy_long_line(void **state)
{
	struct imp_run	 ir;
	struct cn_buf	 b;
	const char	*log, *t;
	size_t		 n = 10 * 1024 * 1024, i;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "{\"type\":\"node\",\"trace\":\"big\",\"id\":\"n\","
	    "\"text\":\"");
	for (i = 0; i < n; i++)
		buf_addc(&b, (char)('a' + i % 26));
	buf_adds(&b, "\"}\n");
	run(&ir, b.s, 0);
	assert_int_equal(ir.rc, 0);
	log = imp_run_log(&ir);
	t = strstr(log, "text=\"");
	assert_non_null(t);
	t += 6;
	assert_memory_equal(t, "abcdefghijklmnopqrstuvwxyzabc", 29);
	assert_int_equal(t[n], '"');
	assert_string_equal(t + n, "\" line=1\n");
	imp_run_free(&ir);
	buf_free(&b);
}

static void
test_imp_canopy_bad_input(void **state)
{
	static const struct imp_bad_case cases[] = {
		{ "{\"type\":\"trace\",\"id\":\"t\"}\n"
		    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\",\"text\":"
		    "\"x\xff\"}\n",
		    "t.jsonl:2:46: invalid UTF-8 (byte 0xff)",
		    "trace t format=\"canopy-jsonl\"\n" },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\","
		    "\"signals\":{\"q\":NaN}}\n",
		    "t.jsonl:1:52: NaN and Infinity are not JSON "
		    "numbers", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\","
		    "\"signals\":{\"q\":-Infinity}}\n",
		    "t.jsonl:1:52: NaN and Infinity are not JSON "
		    "numbers", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\","
		    "\"signals\":{\"q\":1e999}}\n",
		    "t.jsonl:1:52: signals.q: number out of range (not finite)", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\"}\n"
		    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"b\",\"parent\""
		    ":\"a\"",
		    "t.jsonl:2:49: truncated last line (the file ends inside a "
		    "JSON value, without a newline)",
		    "trace t format=\"canopy-jsonl\"\n"
		    "node a parent=- role=root line=1\n" },
		{ "{\"type\":\"node\",\"trace\":\"t\",\n",
		    "t.jsonl:1:28: truncated JSON (unexpected end of "
		    "input)", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\"} x\n",
		    "t.jsonl:1:38: unexpected text after the JSON "
		    "value", NULL },
		{ "[1,2]\n",
		    "t.jsonl:1:1: expected a JSON object", NULL },
		{ "{\"trace\":\"t\",\"id\":\"a\"}\n",
		    "t.jsonl:1:1: missing member \"type\"", NULL },
		{ "{\"id\":\"a\",\"type\":\"edge\"}\n",
		    "t.jsonl:1:11: unknown type \"edge\" (expected trace, node "
		    "or "
		    "score)", NULL },
		{ "{\"type\":3}\n",
		    "t.jsonl:1:2: member \"type\" must be a string", NULL },
		{ "{\"type\":\"node\",\"id\":\"a\"}\n",
		    "t.jsonl:1:1: missing member \"trace\"", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\"}\n",
		    "t.jsonl:1:1: missing member \"id\"", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":1.5}\n",
		    "t.jsonl:1:28: member \"id\" must be a string or an "
		    "integer", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\",\"text\":4}"
		    "\n",
		    "t.jsonl:1:37: member \"text\" must be a string", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\","
		    "\"terminal\":\"yes\"}\n",
		    "t.jsonl:1:37: member \"terminal\" must be true or "
		    "false", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\","
		    "\"signals\":{\"q\":\"0.5\"}}\n",
		    "t.jsonl:1:37: signal \"q\" must be a number", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\","
		    "\"signals\":[1]}\n",
		    "t.jsonl:1:37: member \"signals\" must be an "
		    "object", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\","
		    "\"labels\":[{\"author\":\"x\",\"rating\":2}]}\n",
		    "t.jsonl:1:37: label 1: \"rating\" must be -1, 0, 1 or "
		    "null", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\","
		    "\"labels\":[{\"author\":\"x\",\"tags\":[\"a,b\"]}]}\n",
		    "t.jsonl:1:37: label 1: tag \"a,b\" contains a "
		    "comma", NULL },
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\","
		    "\"labels\":[{\"rating\":1}]}\n",
		    "t.jsonl:1:37: label 1: \"author\" must be a non-empty "
		    "string", NULL },
		{ "{\"type\":\"score\",\"trace\":\"t\",\"node\":\"a\","
		    "\"name\":\"x\",\"value\":\"high\"}\n",
		    "t.jsonl:1:51: member \"value\" must be a number", NULL },
		{ "{\"type\":\"score\",\"trace\":\"t\",\"node\":\"a\","
		    "\"name\":\"x\",\"value\":1,\"scale\":\"p\"}\n",
		    "t.jsonl:1:61: unknown member \"scale\" in a score "
		    "record", NULL },
		/* A key-like text inside a string is not the member. */
		{ "{\"type\":\"node\",\"trace\":\"t\",\"text\":\"say "
		    "\\\"id\\\": "
		    "1\",\"id\":[]}\n",
		    "t.jsonl:1:51: member \"id\" must be a string or an "
		    "integer", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad(FMT, "t.jsonl", cases);
}

static void
test_imp_canopy_two_roots_and_duplicates(void **state)
{
	static const char		 dup[] =
	    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\"}\n"
	    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\",\"parent\":\"a\"}"
	    "\n";
	static const char		 two[] =
	    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\"}\n"
	    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"b\",\"parent\":\"a\"}"
	    "\n";
	static const struct imp_bad_case cases[] = {
		{ "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\"}\n"
		    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"b\","
		    "\"parent\":null}\n",
		    "t.jsonl:2:37: trace \"t\" already has a root (node \"a\", "
		    "line 1)",
		    "trace t format=\"canopy-jsonl\"\n"
		    "node a parent=- role=root line=1\n" },
		{ "{\"type\":\"trace\",\"id\":\"t\"}\n"
		    "{\"type\":\"trace\",\"id\":\"t\"}\n",
		    "t.jsonl:2:17: duplicate trace \"t\" (first given on line "
		    "1)",
		    "trace t format=\"canopy-jsonl\"\n" },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad(FMT, "t.jsonl", cases);
	/* The store rejects a duplicate id with CN_BAD: call 3 here. */
	imp_check_sink_fails(FMT, "t.jsonl", dup, NULL, 3, CN_BAD,
	    "t.jsonl:2:28: recorded failure at call 3");
	/* A fatal sink error stops even with skip_bad. */
	imp_check_sink_fails(FMT, "t.jsonl", two,
	    &(struct imp_opts){ .skip_bad = 1 }, 3, CN_FATAL,
	    "t.jsonl:2:28: recorded failure at call 3");
}

static void
test_imp_canopy_empty_and_blank(void **state)
{
	struct imp_run	ir;

	(void)state;
	run(&ir, "\n  \n\t\n", 0);
	assert_int_equal(ir.rc, 0);
	assert_string_equal(imp_run_log(&ir), "");
	assert_int_equal(ir.rep.records, 0);
	imp_run_free(&ir);
	/* A byte-order mark and CRLF line ends are accepted. */
	run(&ir, "\xef\xbb\xbf{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\"}"
	    "\r\n",
	    0);
	assert_int_equal(ir.rc, 0);
	assert_string_equal(imp_run_log(&ir),
	    "trace t format=\"canopy-jsonl\"\nnode a parent=- role=root "
	    "line=1\n");
	imp_run_free(&ir);
}

static void
test_imp_canopy_sniff(void **state)
{
	const char	*yes[] = {
		"{\"type\":\"trace\",\"id\":\"t\"}\n{",
		"\n\n  {\"id\":1, \"type\" : \"node\"}\n",
		"{\"type\":\"score\"}",
		/* Cut off by the sniff buffer. */
		"{\"type\":\"trace\",\"id\":\"t\",\"root\":{\"text\":\"abc",
		/* A bad first record still goes to this importer. */
		"{\"type\":\"node\",\"signals\":{\"q\":NaN}}\n",
		NULL
	};
	const char	*no[][2] = {
		{ "", "no records" },
		{ "[{\"type\":\"node\"}]", "the first record is not a JSON "
		    "object" },
		{ "{\"type\":\"message\"}\n", "the first record's \"type\" is "
		    "\"message\", not trace, node or score" },
		{ "{\"labeler\":\"x\"}\n", "the first object has no "
		    "\"type\"" },
		{ "{\"a\":\n", "the first line is not JSON" },
		{ NULL, NULL }
	};
	char		*why;
	int		 i;

	(void)state;
	for (i = 0; yes[i] != NULL; i++) {
		why = NULL;
		assert_int_equal(imp_test_sniff(FMT, yes[i], strlen(yes[i]),
		    &why), 1);
		assert_null(why);
	}
	for (i = 0; no[i][0] != NULL; i++) {
		why = NULL;
		assert_int_equal(imp_test_sniff(FMT, no[i][0], strlen(no[i][0]),
		    &why), 0);
		assert_non_null(why);
		assert_string_equal(why, no[i][1]);
		free(why);
	}
	/* The registry knows it and picks it. */
	assert_non_null(imp_format_find("canopy-jsonl"));
	assert_ptr_equal(imp_sniff(yes[0], strlen(yes[0]), NULL),
	    imp_format_find("canopy-jsonl"));
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_canopy_nested_errors),
	cmocka_unit_test(test_imp_canopy_deep_chain),
	cmocka_unit_test(test_imp_canopy_deep_chain_needs_ids),
	cmocka_unit_test(test_imp_canopy_long_line),
	cmocka_unit_test(test_imp_canopy_bad_input),
	cmocka_unit_test(test_imp_canopy_two_roots_and_duplicates),
	cmocka_unit_test(test_imp_canopy_empty_and_blank),
	cmocka_unit_test(test_imp_canopy_sniff))

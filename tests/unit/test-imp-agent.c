/*
 * test-imp-agent.c - the text of an agent's action (importers/imp-agent.c):
 * which argument the headline shows for each kind of action (the table in
 * docs/format.md, "Agent actions"), and the arguments as key: value lines.
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

#include "canopy.h"
#include "imp-agent.h"

static const char *const skip[] = { "thoughts", "action_args_class", NULL };

/* One row: an action, its arguments as JSON, the main argument or NULL. */
static const struct {
	const char	*name;
	const char	*args;
	const char	*want;
} rows[] = {
	/* A file beats a symbol, a symbol beats a query. */
	{ "StringReplace", "{\"old_str\":\"a\",\"new_str\":\"b\","
	    "\"path\":\"django/core/cache/backends/filebased.py\"}",
	    "django/core/cache/backends/filebased.py" },
	{ "FindClass", "{\"file_pattern\":\"**/cache/*.py\","
	    "\"class_name\":\"FileBasedCache\"}", "FileBasedCache" },
	{ "FindFunction", "{\"class_name\":\"FileBasedCache\","
	    "\"function_name\":\"has_key\"}", "has_key" },
	{ "SemanticSearch", "{\"file_pattern\":null,\"query\":\"has_key "
	    "race\",\"category\":\"implementation\"}", "has_key race" },
	{ "FindCodeSnippet", "{\"code_snippet\":\"os.path.exists(\"}",
	    "os.path.exists(" },
	{ "RunCommand", "{\"timeout\":5,\"command\":\"pytest -x\"}",
	    "pytest -x" },
	{ "RunTests", "{\"test_files\":[\"tests/cache/tests.py\","
	    "\"tests/x.py\"]}", "tests/cache/tests.py" },
	{ "ReadFile", "{\"file_path\":\"a.py\",\"start_line\":3}", "a.py" },
	/* Only a file pattern: that. */
	{ "FindClass", "{\"file_pattern\":\"**/*.py\"}", "**/*.py" },
	/* A list of objects: the first one's keys. */
	{ "ViewCode", "{\"files\":[{\"start_line\":1,\"file_path\":\"b.py\"},"
	    "{\"file_path\":\"c.py\"}]}", "b.py" },
	{ "SearchCode", "{\"search_requests\":[{\"file_pattern\":\"**/x.py\","
	    "\"query\":\"q\"}]}", "q" },
	/* Finish and Reject: their reason is a sentence, not a headline. */
	{ "Finish", "{\"finish_reason\":\"Fixed it.\"}", NULL },
	{ "Reject", "{\"rejection_reason\":\"Cannot.\"}", NULL },
	/* Fallback: the first string argument, skipping the non-arguments. */
	{ "PlanToCode", "{\"thoughts\":\"t\",\"action\":\"modify\","
	    "\"instructions\":\"i\"}", "modify" },
	{ "Custom", "{\"n\":1,\"flag\":true,\"empty\":\"\",\"what\":\"w\"}",
	    "w" },
	/* No string at all, or nothing. */
	{ "DecideRelevance", "{\"relevant\":true,\"complete\":false}", NULL },
	{ "Finished", "{}", NULL },
};

static void
test_imp_agent_main_arg(void **state)
{
	const char	*got;
	cJSON		*args;
	size_t		 i;

	(void)state;
	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		args = cJSON_Parse(rows[i].args);
		assert_non_null(args);
		got = imp_agent_main_arg(rows[i].name, args, skip);
		if (rows[i].want == NULL && got != NULL)
			fail_msg("row %zu %s: want none, got \"%s\"", i,
			    rows[i].name, got);
		if (rows[i].want != NULL && (got == NULL ||
		    strcmp(got, rows[i].want) != 0))
			fail_msg("row %zu %s: want \"%s\", got \"%s\"", i,
			    rows[i].name, rows[i].want, got ? got : "(none)");
		cJSON_Delete(args);
	}
	assert_null(imp_agent_main_arg("X", NULL, skip));
}

/* Renders name/args with imp_agent_text and compares with want. */
static void
agent_text_is(const char *name, const char *thoughts, const char *json,
    const char *want)
{
	struct cn_buf	 b;
	cJSON		*args;

	args = json != NULL ? cJSON_Parse(json) : NULL;
	assert_true(json == NULL || args != NULL);
	buf_init(&b);
	imp_agent_text(&b, name, thoughts, args, skip);
	assert_string_equal(b.s != NULL ? b.s : "", want);
	buf_free(&b);
	cJSON_Delete(args);
}

static void
test_imp_agent_text(void **state)
{
	(void)state;
	/* Multi-line values go on their own lines, indented: no \n. */
	agent_text_is("StringReplace", "Fix it.",
	    "{\"thoughts\":\"x\",\"path\":\"a.py\",\"old_str\":\"if x:\\n"
	    "    y\",\"new_str\":\"try:\\n    y\",\"action_args_class\":\"c\"}",
	    "StringReplace a.py\n\nFix it.\n\npath: a.py\nold_str:\n"
	    "  if x:\n      y\nnew_str:\n  try:\n      y");
	/* The headline takes the main argument's first line only. */
	agent_text_is("RunCommand", NULL, "{\"command\":\"make\\nmake check\"}",
	    "RunCommand make\n\ncommand:\n  make\n  make check");
	/* Nulls are left out; numbers and booleans as JSON; a list of
	 * scalars on one line; objects nest. */
	agent_text_is("ViewCode", "", "{\"files\":[{\"file_path\":\"b.py\","
	    "\"span_ids\":[\"A\",\"B.c\"],\"start_line\":null}],\"n\":2,"
	    "\"ok\":true,\"opts\":{\"depth\":1.5,\"tags\":[]},\"gone\":null}",
	    "ViewCode b.py\n\nfiles:\n  - file_path: b.py\n"
	    "    span_ids: A, B.c\nn: 2\nok: true\nopts:\n  depth: 1.5\n"
	    "  tags:");
	/* Past eight levels a value stays compact JSON. */
	agent_text_is("X", NULL, "{\"a\":{\"b\":{\"c\":{\"d\":{\"e\":{\"f\":"
	    "{\"g\":{\"h\":{\"i\":[1,{\"j\":null}]}}}}}}}}}",
	    "X\n\na:\n  b:\n    c:\n      d:\n        e:\n          f:\n"
	    "            g:\n              h:\n                i: [1,{\"j\":null}]");
	/* No arguments, no thoughts: the name alone. */
	agent_text_is("Finish", NULL, "{}", "Finish");
	agent_text_is("Finish", NULL, NULL, "Finish");
	/* A second action follows after a blank line. */
	{
		struct cn_buf	 b;
		cJSON		*a = cJSON_Parse("{\"query\":\"q\"}");

		buf_init(&b);
		imp_agent_text(&b, "SemanticSearch", NULL, a, skip);
		imp_agent_text(&b, "Finish", "done", NULL, skip);
		assert_string_equal(b.s, "SemanticSearch q\n\nquery: q\n\n"
		    "Finish\n\ndone");
		buf_free(&b);
		cJSON_Delete(a);
	}
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_agent_main_arg),
	cmocka_unit_test(test_imp_agent_text))

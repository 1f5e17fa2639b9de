/*
 * test-imp-rollout.c - the verl and chat-jsonl importers and their shared
 * prefix-tree builder, through fmemopen() input and a recording sink. The
 * inputs are written from the schemas in formats.md section 7 (no real
 * veRL dump or scored chat file exists). Expected trace ids were computed
 * outside canopy (FNV-1a 64 in Python) from the documented key. The verl
 * cases that are a file and its exact sink calls (groups, prefixes,
 * duplicates, scattered resumes, CRLF, BOM, empty outputs) are goldens in
 * tests/import/verl/.
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

#include "imp-rollout.h"
#include "imp-test.h"

/* FNV-1a 64 of "Q", "user\0Q\0", "system\0S\0user\0Q\0". */
#define ID_Q	"verl-af640c4c86023e1c"
#define ID_CQ	"chat-d845a8a5ab35507f"
#define ID_CSQ	"chat-8d7b9fb58a7da8fd"

/* opts->step_sep replaces the blank-line rule. */
static void
test_imp_verl_custom_separator(void **state)
{
	struct imp_opts	 o = { 0, "<step>", NULL, 0 };
	const char	*in =
	    "{\"input\":\"Q\",\"output\":\"a\\n\\nb<step>c<step><step>d"
	    "<step>\",\"score\":1}\n"
	    "{\"input\":\"Q\",\"output\":\"a\\n\\nb<step>x\",\"score\":0}\n";

	(void)state;
	imp_check_log("verl", "t.jsonl", in, &o,
	    "trace " ID_Q " format=\"verl\" problem=\"Q\"\n"
	    "node r parent=- role=root text=\"Q\" line=1\n"
	    "node 1 parent=r role=step text=\"a\\n\\nb\" line=1\n"
	    "node 2 parent=1 role=step text=\"c\" line=1\n"
	    "node 3 parent=2 role=step text=\"d\" terminal reward=1 "
	    "rollouts=1 line=1\n"
	    "node 4 parent=1 role=step text=\"x\" terminal reward=0 "
	    "rollouts=1 line=2\n");
}

static void
test_imp_verl_malformed(void **state)
{	static const struct imp_bad_case cases[] = {
		{ "{\"input\":\"Q\",\"output\":7,\"score\":1}\n",
		    "t.jsonl:1:23: \"output\" is not a string", NULL },
		{ "{\"input\":\"Q\",\"score\":1}\n",
		    "t.jsonl:1:1: missing \"output\"", NULL },
		{ "{\"input\":[\"Q\"],\"output\":\"a\",\"score\":1}\n",
		    "t.jsonl:1:10: \"input\" is not a string", NULL },
		{ "{\"input\":\"Q\",\"output\":\"a\",\"score\":\"high\"}\n",
		    "t.jsonl:1:35: \"score\" is not a number", NULL },
		{ "{\"input\":\"Q\",\"output\":\"a\",\"score\":1,\"step\":\"3\""
		    "}\n",
		    "t.jsonl:1:44: \"step\" is not a number", NULL },
		{ "[1,2]\n",
		    "t.jsonl:1:1: record is not a JSON object", NULL },
		/* Truncated file: the last line is cut inside a string. */
		{ "{\"input\":\"Q\",\"output\":\"a\",\"score\":1}\n"
		    "{\"input\":\"Q\",\"output\":\"a\\n\\nb",
		    "t.jsonl:2:30: truncated JSON (unexpected end of "
		    "input)", NULL },
		{ "{\"input\":\"Q\",\"output\":\"a\",\"score\":NaN}\n",
		    "t.jsonl:1:35: NaN and Infinity are not JSON "
		    "numbers", NULL },
		{ "{\"input\":\"Q\",\"output\":\"a\xff\",\"score\":1}\n",
		    "t.jsonl:1:25: invalid UTF-8 (byte 0xff)", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("verl", "t.jsonl", cases);
}

static void
test_imp_verl_sniff(void **state)
{
	const char	*ok =
	    "{\"input\":\"Q\",\"output\":\"a\",\"score\":1}\n";
	const char	*cut = "{\"input\":\"Q\",\"output\":\"a very long";
	const char	*nested = "{\"input\":\"\\\"output\\\":\","
	    "\"x\":{\"output\":\"a\"},\"score\":1}\n";

	(void)state;
	imp_assert_sniff_str("verl", ok, 1, NULL);
	imp_assert_sniff_str("verl", cut, 1, NULL);
	/* A byte-order mark before the first record is not part of it. */
	imp_assert_sniff_str("verl",
	    "\xef\xbb\xbf{\"input\":\"Q\",\"output\":\"a\",\"score\":1}\n", 1,
	    NULL);
	imp_assert_sniff_str("verl", "{\"input\":\"Q\",\"output\":\"a\"}\n", 0,
	    "no \"score\"");
	/* "output" inside a nested object or a string does not count. */
	imp_assert_sniff_str("verl", nested, 0,
	    "no \"input\" and \"output\" strings");
	imp_assert_sniff_str("chat-jsonl", ok, 0, "no \"messages\" array");
}

static void
test_imp_rollout_split(void **state)
{
	struct rollout_steps	 st;
	const char		*t = "\n\nA\n\n\nB\n \t\n C\n\n";

	(void)state;
	memset(&st, 0, sizeof st);
	rollout_split(&st, "step", t, strlen(t), NULL);
	assert_int_equal(st.n, 3);
	assert_int_equal(st.v[0].len, 1);
	assert_memory_equal(st.v[0].text, "A", 1);
	assert_int_equal(st.v[0].first, 1);
	assert_int_equal(st.v[1].len, 1);
	assert_memory_equal(st.v[1].text, "B", 1);
	assert_int_equal(st.v[1].first, 0);
	assert_int_equal(st.v[2].len, 2);
	assert_memory_equal(st.v[2].text, " C", 2);
	/* A single line break does not split. */
	rollout_split(&st, "user", "x\ny", 3, NULL);
	assert_int_equal(st.n, 4);
	assert_int_equal(st.v[3].len, 3);
	assert_int_equal(st.v[3].first, 1);
	assert_string_equal(st.v[3].role, "user");
	rollout_steps_free(&st);
}

/* A chat group: the prompt is everything before the first assistant
   message; later messages keep their role and are split into steps. */
static void
test_imp_chat_group(void **state)
{
	const char	*in =
	    "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
	    "{\"role\":\"user\",\"content\":\"Q\"},"
	    "{\"role\":\"assistant\",\"content\":\"a1\\n\\na2\"},"
	    "{\"role\":\"tool\",\"content\":\"out\"},"
	    "{\"role\":\"assistant\",\"content\":\"done\"}],\"reward\":1,"
	    "\"id\":\"s1\"}\n"
	    "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
	    "{\"role\":\"user\",\"content\":\"Q\"},"
	    "{\"role\":\"assistant\",\"content\":\"a1\\n\\nb2\"}],"
	    "\"reward\":0,\"id\":\"s2\"}\n"
	    "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
	    "{\"role\":\"user\",\"content\":\"Q\"},"
	    "{\"role\":\"assistant\",\"content\":\"a1\"},"
	    "{\"role\":\"assistant\",\"content\":\"a2\"}],\"reward\":0.5}\n"
	    "{\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
	    "{\"role\":\"user\",\"content\":\"Q\"},"
	    "{\"role\":\"assistant\",\"content\":\"a1\\n\\na2\"},"
	    "{\"role\":\"tool\",\"content\":\"out\"},"
	    "{\"role\":\"assistant\",\"content\":\"retry\"}]}\n";

	(void)state;
	/* Line 3: "a2" starting a new message is not the step "a2" that
	   continued the first message, so it forks. */
	imp_check_log("chat-jsonl", "t.jsonl", in, NULL,
	    "trace " ID_CSQ " format=\"chat-jsonl\" "
	    "problem=\"system: S\\n\\nuser: Q\"\n"
	    "node r parent=- role=root text=\"system: S\\n\\nuser: Q\" "
	    "line=1\n"
	    "node 1 parent=r role=assistant text=\"a1\" line=1\n"
	    "node 2 parent=1 role=assistant text=\"a2\" line=1\n"
	    "node 3 parent=2 role=tool text=\"out\" line=1\n"
	    "node 4 parent=3 role=assistant text=\"done\" terminal reward=1 "
	    "rollouts=1 extra=\"{\\\"id\\\":\\\"s1\\\"}\" line=1\n"
	    "node 5 parent=1 role=assistant text=\"b2\" terminal reward=0 "
	    "rollouts=1 extra=\"{\\\"id\\\":\\\"s2\\\"}\" line=2\n"
	    "node 6 parent=1 role=assistant text=\"a2\" terminal reward=0.5 "
	    "rollouts=1 line=3\n"
	    "node 7 parent=3 role=assistant text=\"retry\" terminal "
	    "rollouts=1 line=4\n");
}

/* One prompt message: the root is its content. Content parts and
   tool calls give the text. */
static void
test_imp_chat_content_forms(void **state)
{
	const char	*in =
	    "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\","
	    "\"text\":\"Q\"}]},{\"role\":\"assistant\",\"content\":null,"
	    "\"tool_calls\":[{\"id\":\"c1\"}]},{\"role\":\"assistant\","
	    "\"content\":[{\"type\":\"text\",\"text\":\"x\"},"
	    "{\"type\":\"text\",\"text\":\"y\"}]}],\"reward\":true}\r\n";

	(void)state;
	imp_check_log("chat-jsonl", "t.jsonl", in, NULL,
	    "trace " ID_CQ " format=\"chat-jsonl\" problem=\"Q\"\n"
	    "node r parent=- role=root text=\"Q\" line=1\n"
	    "node 1 parent=r role=assistant "
	    "text=\"[{\\\"id\\\":\\\"c1\\\"}]\" line=1\n"
	    "node 2 parent=1 role=assistant text=\"xy\" terminal reward=1 "
	    "rollouts=1 line=1\n");
}

/* Function tool calls read as actions: name and main argument, then the
   arguments one to a line; each call is a step. Arguments given as JSON
   text or as an object; a call that is not a function keeps the JSON. */
static void
test_imp_chat_tool_calls(void **state)
{
	const char	*in =
	    "{\"messages\":[{\"role\":\"user\",\"content\":\"Fix it\"},"
	    "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
	    "{\"id\":\"c1\",\"type\":\"function\",\"function\":{\"name\":"
	    "\"read_file\",\"arguments\":\"{\\\"path\\\":\\\"a.py\\\","
	    "\\\"lines\\\":[1,2]}\"}},{\"id\":\"c2\",\"type\":\"function\","
	    "\"function\":{\"name\":\"run\",\"arguments\":{\"command\":"
	    "\"make\\nmake check\"}}}]},"
	    "{\"role\":\"tool\",\"content\":\"ok\"},"
	    "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":"
	    "[{\"id\":\"c3\",\"type\":\"web\"}]}]}\n";

	(void)state;
	imp_check_log("chat-jsonl", "t.jsonl", in, NULL,
	    "trace chat-9144fa80e30836f2 format=\"chat-jsonl\" "
	    "problem=\"Fix it\"\n"
	    "node r parent=- role=root text=\"Fix it\" line=1\n"
	    "node 1 parent=r role=assistant text=\"read_file a.py\\n"
	    "path: a.py\\nlines: 1, 2\" line=1\n"
	    "node 2 parent=1 role=assistant text=\"run make\\ncommand:\\n"
	    "  make\\n  make check\" line=1\n"
	    "node 3 parent=2 role=tool text=\"ok\" line=1\n"
	    "node 4 parent=3 role=assistant text=\"[{\\\"id\\\":\\\"c3\\\","
	    "\\\"type\\\":\\\"web\\\"}]\" terminal rollouts=1 line=1\n");
}

static void
test_imp_chat_malformed(void **state)
{	static const struct imp_bad_case cases[] = {
		{ "{\"messages\":{\"role\":\"user\"}}\n",
		    "t.jsonl:1:13: \"messages\" is not an array", NULL },
		{ "{\"reward\":1}\n",
		    "t.jsonl:1:1: missing \"messages\"", NULL },
		{ "{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"}]}\n",
		    "t.jsonl:1:13: no assistant message", NULL },
		{ "{\"messages\":[{\"role\":\"assistant\",\"content\":\"A\"}]}"
		    "\n",
		    "t.jsonl:1:13: no prompt before the first assistant "
		    "message", NULL },
		{ "{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"},"
		    "{\"role\":\"assistant\",\"content\":5}]}\n",
		    "t.jsonl:1:13: messages[1].content is not a string", NULL },
		{ "{\"messages\":[\"hi\"]}\n",
		    "t.jsonl:1:13: messages[0] is not an object", NULL },
		{ "{\"messages\":[{\"content\":\"Q\"}]}\n",
		    "t.jsonl:1:13: messages[0] has no \"role\" string", NULL },
		{ "{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"},"
		    "{\"role\":\"assistant\",\"content\":\"A\"}],\"reward\":\"1"
		    "\"}\n",
		    "t.jsonl:1:89: \"reward\" is not a number", NULL },
		{ "{\"messages\":[{\"role\":\"user\",\"content\":\"Q",
		    "t.jsonl:1:41: truncated JSON (unexpected end of "
		    "input)", NULL },
		{ "{\"messages\":[{\"role\":\"user\",\"content\":\"Q\"},\n",
		    "t.jsonl:1:44: truncated JSON (unexpected end of "
		    "input)", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("chat-jsonl", "t.jsonl", cases);
}

static void
test_imp_chat_sniff(void **state)
{
	const char	*ok = "{\"messages\":[{\"role\":\"user\"";

	(void)state;
	imp_assert_sniff_str("chat-jsonl", ok, 1, NULL);
	imp_assert_sniff_str("verl", ok, 0,
	    "no \"input\" and \"output\" strings");
	imp_assert_sniff_str("chat-jsonl", "{\"messages\":\"x\"}", 0,
	    "no \"messages\" array");
}

/* The shipped fixtures: two verl groups (one scattered), one chat group. */
static void
test_imp_rollout_fixtures(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_run_file(&ir, "verl", "tests/fixtures/verl/12.jsonl", 0);
	assert_run(&ir, 0, NULL);
	assert_int_equal(ir.rep.records, 10);
	/* Group A, group B, group A resumed for its last sample. */
	assert_int_equal(imp_count(&ir, "trace", NULL), 3);
	assert_int_equal(imp_count(&ir, "trace", "id^=verl-12-", "problem",
	    NULL), 2);
	/* 12 nodes per group: 11 distinct steps below each root. */
	assert_int_equal(imp_count(&ir, "node", NULL), 24);
	assert_int_equal(imp_count(&ir, "node", "role=root", NULL), 2);
	/* Leaves: A has 4 (one shared by two samples), B has 4; plus the
	   inner node where A's strict-prefix sample ended. */
	imp_assert_counts(&ir,
	    "9 node terminal\n"
	    "1 node rollouts=2\n"
	    "5 node outcome=1\n");
	imp_run_free(&ir);

	imp_run_file(&ir, "chat-jsonl", "tests/fixtures/chat/rollouts.jsonl",
	    0);
	assert_run(&ir, 0, NULL);
	assert_int_equal(imp_count(&ir, "trace", NULL), 1);
	/* root, the shared first step, "20% of 25..." under it, two
	   answers below that, two tool turns, their two answers, and r5. */
	imp_assert_counts(&ir,
	    "10 node\n"
	    "2 node role=tool\n"
	    "1 node reward=0.9 rollouts=2\n");
	imp_run_free(&ir);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_rollout_split),
	cmocka_unit_test(test_imp_verl_custom_separator),
	cmocka_unit_test(test_imp_verl_malformed),
	cmocka_unit_test(test_imp_verl_sniff),
	cmocka_unit_test(test_imp_chat_group),
	cmocka_unit_test(test_imp_chat_content_forms),
	cmocka_unit_test(test_imp_chat_tool_calls),
	cmocka_unit_test(test_imp_chat_malformed),
	cmocka_unit_test(test_imp_chat_sniff),
	cmocka_unit_test(test_imp_rollout_fixtures))

/*
 * test-export.c - each export writer on one small database of two traces
 * labeled by two authors, with preferences: the exact records written,
 * what is skipped and why, and the --author and --trace filters.
 * (The fixture is ours: written for these cases.)
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
#include <sqlite3.h>

#include "canopy.h"
#include "export.h"
#include "tmpdb.h"

static const char fixture[] =
"{\"type\":\"trace\",\"id\":\"t1\",\"problem\":\"What is 2+2?\","
    "\"ground_truth\":\"4\",\"seed\":7}\n"
"{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"r\",\"text\":\"What is 2+2?\"}\n"
"{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"a\",\"parent\":\"r\","
    "\"text\":\"2+2 = 4\",\"chosen\":true,\"signals\":{\"prm:x\":0.5},"
    "\"labels\":[{\"author\":\"alice\",\"rating\":1},"
    "{\"author\":\"bob\",\"rating\":1}]}\n"
"{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"b\",\"parent\":\"a\","
    "\"text\":\"So the answer is 4\",\"terminal\":true,\"chosen\":true,"
    "\"signals\":{\"outcome\":1},\"labels\":[{\"author\":\"alice\","
    "\"rating\":1},{\"author\":\"bob\",\"rating\":0}]}\n"
"{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"d\",\"parent\":\"a\","
    "\"text\":\"So it is 5\",\"k\":[1]}\n"
"{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"c\",\"parent\":\"r\","
    "\"text\":\"2+2 = 5\",\"labels\":[{\"author\":\"alice\",\"rating\":-1,"
    "\"first_error\":true},{\"author\":\"bob\",\"rating\":-1}]}\n"
"{\"type\":\"trace\",\"id\":\"t2\",\"problem\":\"3*3?\"}\n"
"{\"type\":\"node\",\"trace\":\"t2\",\"id\":\"r\",\"text\":\"3*3?\"}\n"
"{\"type\":\"node\",\"trace\":\"t2\",\"id\":\"x\",\"parent\":\"r\","
    "\"text\":\"3*3 = 6\",\"labels\":[{\"author\":\"alice\",\"rating\":-1},"
    "{\"author\":\"bob\",\"rating\":1,\"tags\":[\"arith\",\"flagged\"],"
    "\"note\":\"hm\"}]}\n"
"{\"type\":\"node\",\"trace\":\"t2\",\"id\":\"y\",\"parent\":\"x\","
    "\"text\":\"answer 6\",\"terminal\":true,\"labels\":[{\"author\":"
    "\"alice\",\"rating\":-1}]}\n";

/*
 * Preferences: nothing writes them yet but the labeling commands, so the
 * test puts them in through SQLite itself: a over c (siblings), b over d
 * (siblings one level down), b over c (not siblings).
 */
static const char prefs_sql[] =
	"INSERT INTO preferences(chosen_id, rejected_id, author, created)"
	" SELECT x.id, y.id, ?1, ?2 FROM nodes x, nodes y"
	" WHERE x.ext_id = ?3 AND y.ext_id = ?4";

static void
add_pref(sqlite3 *db, const char *author, int when, const char *chosen,
    const char *rejected)
{
	sqlite3_stmt	*s;

	assert_int_equal(sqlite3_prepare_v2(db, prefs_sql, -1, &s, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(s, 1, author, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 2, when);
	sqlite3_bind_text(s, 3, chosen, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, rejected, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(s), SQLITE_DONE);
	sqlite3_finalize(s);
}

static int
setup(void **state)
{
	struct tmpdb		*db;
	sqlite3			*sq;

	setenv("CANOPY_NOW", "1700000000", 1);
	tmpdb_setup(state);
	db = *state;
	tmpdb_import_ok(db, "canopy-jsonl", "lab.jsonl", fixture);
	assert_int_equal(sqlite3_open(db->path, &sq), SQLITE_OK);
	add_pref(sq, "alice", 1, "a", "c");
	add_pref(sq, "bob", 2, "b", "d");
	add_pref(sq, "bob", 3, "b", "c");
	sqlite3_close(sq);
	return 0;
}

/* Runs format on the database; returns what it wrote (heap). */
static char *
run(struct tmpdb *db, const char *format, const char *author,
    const char *trace, struct export_counts *c)
{
	const struct export_format	*f = export_format_find(format);
	struct export_opts		 o = { author, 0 };
	struct cn_trace			 t;
	char				*buf = NULL, *cause = NULL;
	size_t				 len = 0;
	FILE				*out;

	assert_non_null(f);
	if (trace != NULL) {
		assert_int_equal(store_trace_find(db->st, trace, &t, NULL), 1);
		o.trace = t.id;
		cn_trace_clear(&t);
	}
	memset(c, 0, sizeof *c);
	out = open_memstream(&buf, &len);
	assert_non_null(out);
	if (f->run(db->st, &o, out, c, &cause) != 0)
		fail_msg("%s: %s", format, cause);
	fclose(out);
	return buf;
}

static void
check(struct tmpdb *db, const char *format, const char *author,
    const char *trace, const char *expected, int64_t records,
    int64_t skipped, const char *first_skip)
{
	struct export_counts	 c;
	char			*got;

	got = run(db, format, author, trace, &c);
	assert_string_equal(got, expected);
	assert_int_equal(c.records, records);
	assert_int_equal(c.skipped, skipped);
	if (first_skip == NULL)
		assert_null(c.first_skip);
	else
		assert_string_equal(c.first_skip, first_skip);
	free(c.first_skip);
	free(got);
}

/*
 * Every labeled path of every author; bob's path in t2 stops at x with
 * no wrong step, and y below it is unrated: ProcessBench cannot say.
 */
static void
test_export_processbench(void **state)
{
	check(*state, "processbench", NULL, NULL,
	    "[\n"
	    "{\"id\":\"t1/b@alice\",\"problem\":\"What is 2+2?\",\"steps\":"
	    "[\"2+2 = 4\",\"So the answer is 4\"],\"final_answer_correct\":"
	    "true,\"label\":-1,\"author\":\"alice\"},\n"
	    "{\"id\":\"t1/c@alice\",\"problem\":\"What is 2+2?\",\"steps\":"
	    "[\"2+2 = 5\"],\"final_answer_correct\":false,"
	    "\"final_answer_correct_derived\":true,\"label\":0,\"author\":"
	    "\"alice\"},\n"
	    "{\"id\":\"t1/b@bob\",\"problem\":\"What is 2+2?\",\"steps\":"
	    "[\"2+2 = 4\",\"So the answer is 4\"],\"final_answer_correct\":"
	    "true,\"label\":-1,\"author\":\"bob\"},\n"
	    "{\"id\":\"t1/c@bob\",\"problem\":\"What is 2+2?\",\"steps\":"
	    "[\"2+2 = 5\"],\"final_answer_correct\":false,"
	    "\"final_answer_correct_derived\":true,\"label\":0,\"author\":"
	    "\"bob\"},\n"
	    "{\"id\":\"t2/y@alice\",\"problem\":\"3*3?\",\"steps\":"
	    "[\"3*3 = 6\",\"answer 6\"],\"final_answer_correct\":false,"
	    "\"final_answer_correct_derived\":true,\"label\":0,\"author\":"
	    "\"alice\"}\n"
	    "]\n", 5, 1,
	    "t2/x@bob: no wrong step, and step 2 is unrated (ProcessBench "
	    "needs the first error or every step checked)");
}

/* One author: names lose the "@author"; tags end with "ки". */
static void
test_export_shepherd(void **state)
{
	check(*state, "math-shepherd", "alice", NULL,
	    "{\"input\":\"What is 2+2? Step 1: 2+2 = 4 \xd0\xba\xd0\xb8\\n"
	    "Step 2: So the answer is 4 \xd0\xba\xd0\xb8\",\"label\":"
	    "\"What is 2+2? Step 1: 2+2 = 4 +\\nStep 2: So the answer is 4 +\","
	    "\"id\":\"t1/b\",\"author\":\"alice\"}\n"
	    "{\"input\":\"What is 2+2? Step 1: 2+2 = 5 \xd0\xba\xd0\xb8\","
	    "\"label\":\"What is 2+2? Step 1: 2+2 = 5 -\",\"id\":\"t1/c\","
	    "\"author\":\"alice\"}\n"
	    "{\"input\":\"3*3? Step 1: 3*3 = 6 \xd0\xba\xd0\xb8\\nStep 2: "
	    "answer 6 \xd0\xba\xd0\xb8\",\"label\":\"3*3? Step 1: 3*3 = 6 -\\n"
	    "Step 2: answer 6 -\",\"id\":\"t2\",\"author\":\"alice\"}\n",
	    3, 0, NULL);
}

/* A neutral rating (bob's 0 on b) is not an error: true. */
static void
test_export_trl(void **state)
{
	check(*state, "trl-stepwise", "bob", NULL,
	    "{\"prompt\":\"What is 2+2?\",\"completions\":[\"2+2 = 4\","
	    "\"So the answer is 4\"],\"labels\":[true,true],\"id\":\"t1/b\","
	    "\"author\":\"bob\"}\n"
	    "{\"prompt\":\"What is 2+2?\",\"completions\":[\"2+2 = 5\"],"
	    "\"labels\":[false],\"id\":\"t1/c\",\"author\":\"bob\"}\n"
	    "{\"prompt\":\"3*3?\",\"completions\":[\"3*3 = 6\"],\"labels\":"
	    "[true],\"id\":\"t2\",\"author\":\"bob\"}\n", 3, 0, NULL);
}

/*
 * One record per trace and author: step 1 of t1 holds a and c (both
 * labeled), the chain going on through a; the unlabeled d is left out.
 * bob's "flagged" tag becomes PRM800K's flagged. Timestamps come from the
 * labels' time (CANOPY_NOW) with a sequence number.
 */
static void
test_export_prm800k(void **state)
{
	check(*state, "prm800k", NULL, "t2",
	    "{\"labeler\":\"alice\",\"timestamp\":"
	    "\"2023-11-14T22:13:20.000001\",\"generation\":null,"
	    "\"is_quality_control_question\":false,"
	    "\"is_initial_screening_question\":false,\"question\":"
	    "{\"problem\":\"3*3?\"},\"label\":{\"steps\":[{\"completions\":"
	    "[{\"text\":\"3*3 = 6\",\"rating\":-1,\"flagged\":false}],"
	    "\"human_completion\":null,\"chosen_completion\":0},"
	    "{\"completions\":[{\"text\":\"answer 6\",\"rating\":-1,"
	    "\"flagged\":false}],\"human_completion\":null,"
	    "\"chosen_completion\":0}],\"total_time\":0,\"finish_reason\":"
	    "\"found_error\"}}\n"
	    "{\"labeler\":\"bob\",\"timestamp\":"
	    "\"2023-11-14T22:13:20.000002\",\"generation\":null,"
	    "\"is_quality_control_question\":false,"
	    "\"is_initial_screening_question\":false,\"question\":"
	    "{\"problem\":\"3*3?\"},\"label\":{\"steps\":[{\"completions\":"
	    "[{\"text\":\"3*3 = 6\",\"rating\":1,\"flagged\":true}],"
	    "\"human_completion\":null,\"chosen_completion\":0}],"
	    "\"total_time\":0,\"finish_reason\":\"solution\"}}\n", 2, 0, NULL);
	check(*state, "prm800k", "alice", "t1",
	    "{\"labeler\":\"alice\",\"timestamp\":"
	    "\"2023-11-14T22:13:20.000001\",\"generation\":null,"
	    "\"is_quality_control_question\":false,"
	    "\"is_initial_screening_question\":false,\"question\":"
	    "{\"problem\":\"What is 2+2?\",\"ground_truth_answer\":\"4\"},"
	    "\"label\":{\"steps\":[{\"completions\":[{\"text\":\"2+2 = 4\","
	    "\"rating\":1,\"flagged\":false},{\"text\":\"2+2 = 5\",\"rating\":"
	    "-1,\"flagged\":false}],\"human_completion\":null,"
	    "\"chosen_completion\":0},{\"completions\":[{\"text\":"
	    "\"So the answer is 4\",\"rating\":1,\"flagged\":false}],"
	    "\"human_completion\":null,\"chosen_completion\":0}],"
	    "\"total_time\":0,\"finish_reason\":\"found_error\"}}\n",
	    1, 0, NULL);
}

/* Siblings make pairs, the prompt holding the path so far; b over c not. */
static void
test_export_dpo(void **state)
{
	check(*state, "dpo-pairs", NULL, NULL,
	    "{\"prompt\":\"What is 2+2?\",\"chosen\":\"2+2 = 4\",\"rejected\":"
	    "\"2+2 = 5\",\"chosen_address\":\"t1/a\",\"rejected_address\":"
	    "\"t1/c\",\"author\":\"alice\"}\n"
	    "{\"prompt\":\"What is 2+2?\\n2+2 = 4\",\"chosen\":"
	    "\"So the answer is 4\",\"rejected\":\"So it is 5\","
	    "\"chosen_address\":\"t1/b\",\"rejected_address\":\"t1/d\","
	    "\"author\":\"bob\"}\n", 2, 1,
	    "t1/b: preferred over a node that is not its sibling (a DPO pair "
	    "shares one prompt)");
	check(*state, "dpo-pairs", "alice", NULL,
	    "{\"prompt\":\"What is 2+2?\",\"chosen\":\"2+2 = 4\",\"rejected\":"
	    "\"2+2 = 5\",\"chosen_address\":\"t1/a\",\"rejected_address\":"
	    "\"t1/c\",\"author\":\"alice\"}\n", 1, 0, NULL);
}

/*
 * Everything of a trace, extra members back at the top level; only one
 * author's labels with --author; preferences counted as not written.
 */
static void
test_export_canopy_jsonl(void **state)
{
	check(*state, "canopy-jsonl", "bob", "t2",
	    "{\"type\":\"trace\",\"id\":\"t2\",\"problem\":\"3*3?\","
	    "\"ground_truth\":null}\n"
	    "{\"type\":\"node\",\"trace\":\"t2\",\"id\":\"r\",\"parent\":null,"
	    "\"role\":\"root\",\"text\":\"3*3?\"}\n"
	    "{\"type\":\"node\",\"trace\":\"t2\",\"id\":\"x\",\"parent\":\"r\","
	    "\"role\":\"step\",\"text\":\"3*3 = 6\",\"labels\":[{\"author\":"
	    "\"bob\",\"rating\":1,\"tags\":[\"arith\",\"flagged\"],\"note\":"
	    "\"hm\"}]}\n"
	    "{\"type\":\"node\",\"trace\":\"t2\",\"id\":\"y\",\"parent\":\"x\","
	    "\"role\":\"step\",\"text\":\"answer 6\",\"terminal\":true}\n",
	    1, 0, NULL);
	check(*state, "canopy-jsonl", NULL, "t1",
	    "{\"type\":\"trace\",\"id\":\"t1\",\"problem\":\"What is 2+2?\","
	    "\"ground_truth\":\"4\",\"seed\":7}\n"
	    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"r\",\"parent\":null,"
	    "\"role\":\"root\",\"text\":\"What is 2+2?\"}\n"
	    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"a\",\"parent\":\"r\","
	    "\"role\":\"step\",\"text\":\"2+2 = 4\",\"chosen\":true,"
	    "\"signals\":{\"prm:x\":0.5},\"labels\":[{\"author\":\"alice\","
	    "\"rating\":1},{\"author\":\"bob\",\"rating\":1}]}\n"
	    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"b\",\"parent\":\"a\","
	    "\"role\":\"step\",\"text\":\"So the answer is 4\",\"terminal\":"
	    "true,\"chosen\":true,\"signals\":{\"outcome\":1},\"labels\":"
	    "[{\"author\":\"alice\",\"rating\":1},{\"author\":\"bob\","
	    "\"rating\":0}]}\n"
	    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"d\",\"parent\":\"a\","
	    "\"role\":\"step\",\"text\":\"So it is 5\",\"k\":[1]}\n"
	    "{\"type\":\"node\",\"trace\":\"t1\",\"id\":\"c\",\"parent\":\"r\","
	    "\"role\":\"step\",\"text\":\"2+2 = 5\",\"labels\":[{\"author\":"
	    "\"alice\",\"rating\":-1,\"first_error\":true},{\"author\":\"bob\","
	    "\"rating\":-1}]}\n", 1, 3,
	    "canopy-jsonl has no record for preferences (use dpo-pairs)");
}

/* An author with no labels: nothing written, nothing skipped. */
static void
test_export_no_labels(void **state)
{
	check(*state, "processbench", "carol", NULL, "[]\n", 0, 0, NULL);
	check(*state, "math-shepherd", "carol", NULL, "", 0, 0, NULL);
	assert_null(export_format_find("nosuch"));
}

CN_TEST_MAIN_GROUP(setup, tmpdb_teardown,
	cmocka_unit_test(test_export_processbench),
	cmocka_unit_test(test_export_shepherd),
	cmocka_unit_test(test_export_trl),
	cmocka_unit_test(test_export_prm800k),
	cmocka_unit_test(test_export_dpo),
	cmocka_unit_test(test_export_canopy_jsonl),
	cmocka_unit_test(test_export_no_labels))

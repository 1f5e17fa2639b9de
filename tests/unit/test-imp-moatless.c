/*
 * test-imp-moatless.c - the moatless importer: the three real files
 * (tests/fixtures/real/moatless: a current-layout search tree, an older
 * node layout, legacy transitions), exact sink calls for small
 * hand-written trees in each layout, malformed documents with their exact
 * messages, cycles in flat lists, --skip-bad, deep nesting.
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

#define DIR		"tests/fixtures/real/moatless/"
#define TREE		DIR "search_tree.claude-3-5-haiku.django-cache.json"
#define OLD		DIR "search_tree.one_node.legacy_action_fields.json"
#define TRANS		DIR "legacy_transitions.django__django-16139." \
			    "trajectory-correction.json"

static int
starts(const char *s, const char *prefix)
{
	return s != NULL && strncmp(s, prefix, strlen(prefix)) == 0;
}

static int
ends(const char *s, const char *suffix)
{
	size_t	n, m;

	if (s == NULL)
		return 0;
	n = strlen(s);
	m = strlen(suffix);
	return n >= m && strcmp(s + n - m, suffix) == 0;
}

static void
test_imp_moatless_real_tree(void **state)
{
	struct imp_run		 ir;
	const struct cn_trace	*t;
	const struct cn_node	*n;

	(void)state;
	imp_check_file(&ir, "moatless", TREE, 4,
	    "1 node role=root\n"
	    "3 node role=action\n"
	    "1 node terminal\n"
	    "4 node visits\n"
	    "1 node reward\n"
	    "0 node q\n"
	    "0 node value_sum\n");
	imp_assert_totals(&ir, 1, 4, 0);

	/* No instance id in the file, and unique_id is a counter. */
	t = record_sink_trace(&ir.rs,
	    "search_tree.claude-3-5-haiku.django-cache");
	assert_non_null(t);
	assert_string_equal(t->format, "moatless");
	assert_true(starts(t->problem, "FileBasedCache has_key is "
	    "susceptible to race conditions\nDescription\n\t \n\t\t(last "));
	assert_int_equal(strlen(t->problem), 1083);
	assert_non_null(strstr(t->extra, "\"max_iterations\":15"));
	assert_non_null(strstr(t->extra, "\"selector\":{\"type\":"
	    "\"BestFirstSelector\""));
	assert_null(strstr(t->extra, "\"root\""));

	n = record_sink_node(&ir.rs, NULL, "0");
	assert_non_null(n);
	assert_null(n->parent_ext);
	assert_string_equal(n->role, "root");
	assert_string_equal(n->text, t->problem);
	assert_true(n->sig[CN_SIG_REWARD] == 100);
	assert_true(n->sig[CN_SIG_VISITS] == 0);

	n = record_sink_node(&ir.rs, NULL, "1");
	assert_non_null(n);
	assert_string_equal(n->parent_ext, "0");
	assert_string_equal(n->role, "action");
	/* The headline, the thoughts, the arguments one to a line. */
	assert_string_equal(n->text, "SemanticSearch FileBasedCache has_key "
	    "method implementation\n\nI'll help address this race condition "
	    "in the FileBasedCache's has_key method. Let's first locate the "
	    "relevant code and then propose a fix.\n\nquery: FileBasedCache "
	    "has_key method implementation\ncategory: implementation");
	assert_true(starts(n->observation, "Found the following relevant "
	    "code:\ndjango/core/cache/backends/filebase"));
	assert_false(n->terminal);
	assert_false(cn_hasval(n->sig[CN_SIG_REWARD]));
	/* The heavy fields stay in extra; assistant_message (= thoughts)
	 * and output (= the last observation) are not repeated. */
	assert_non_null(strstr(n->extra, "\"completions\":{\"build_action\":"));
	assert_non_null(strstr(n->extra, "\"file_context\":"));
	assert_non_null(strstr(n->extra, "\"completion\":{\"model\":"
	    "\"claude-3-5-haiku-20241022\""));
	assert_null(strstr(n->extra, "\"assistant_message\""));
	assert_null(strstr(n->extra, "\"output\""));

	/* An edit: old and new strings as lines; the diff goes under the
	 * observation's message and leaves extra. */
	n = record_sink_node(&ir.rs, NULL, "2");
	assert_non_null(n);
	assert_true(starts(n->text, "StringReplace django/core/cache/backends/"
	    "filebased.py\n\nThe problem is exactly as described"));
	assert_non_null(strstr(n->text, "\n\npath: django/core/cache/"
	    "backends/filebased.py\nold_str:\n      def has_key(self, key, "
	    "version=None):\n          fname = self._key_to_file(key, "
	    "version)\n"));
	assert_null(strstr(n->text, "\\n"));
	assert_non_null(strstr(n->observation, "Review the changes"));
	assert_non_null(strstr(n->observation, "\n\n--- django/core/cache/"
	    "backends/filebased.py\n+++ django/core/cache/backends/"
	    "filebased.py\n@@ -90,10 +90,11 @@\n"));
	assert_null(strstr(n->extra, "\"diff\""));
	assert_non_null(strstr(n->extra, "\"patch\":\"--- a/django/core/"));

	n = record_sink_node(&ir.rs, NULL, "3");
	assert_non_null(n);
	assert_string_equal(n->parent_ext, "2");
	assert_true(n->terminal);
	/* Finish names no argument on its headline. */
	assert_true(starts(n->text, "Finish\n\nThe changes address the race "
	    "condition by:\n1. Removing"));
	assert_true(ends(n->text, "\n\nfinish_reason: Fixed race "
	    "condition in FileBasedCache.has_key() method by replacing "
	    "separate exists() check with a try-except block that handles "
	    "FileNotFoundError, eliminating the potential for race conditions "
	    "between file existence check and file opening."));
	assert_string_equal(n->observation, "Fixed race condition in "
	    "FileBasedCache.has_key() method by replacing separate exists() "
	    "check with a try-except block that handles FileNotFoundError, "
	    "eliminating the potential for race conditions between file "
	    "existence check and file opening.");
	imp_run_free(&ir);
}

static void
test_imp_moatless_real_old_layout(void **state)
{
	struct imp_run		 ir;
	const struct cn_node	*n;

	(void)state;
	imp_run_file(&ir, "moatless", OLD, 0);
	assert_run(&ir, 0, NULL);
	imp_assert_totals(&ir, 1, 1, 0);
	assert_int_equal(imp_count(&ir, "node", "reward", NULL), 1);
	assert_int_equal(imp_count(&ir, "node", "visits", NULL), 1);
	assert_non_null(record_sink_trace(&ir.rs,
	    "search_tree.one_node.legacy_action_fields"));
	n = record_sink_node(&ir.rs, NULL, "0");
	assert_non_null(n);
	assert_string_equal(n->role, "root");
	/* The older layout keeps the issue in "message". */
	assert_true(starts(n->text, "FileBasedCache has_key is susceptible"));
	assert_string_equal(ir.rs.traces[0].problem, n->text);
	assert_null(n->observation);
	assert_string_equal(n->extra, "{\"file_context\":{\"max_tokens\":8000,"
	    "\"files\":[],\"test_files\":[]},\"completions\":{},"
	    "\"possible_actions\":[],\"max_expansions\":1}");
	imp_run_free(&ir);
}

static void
test_imp_moatless_real_transitions(void **state)
{
	struct imp_run		 ir;
	const struct cn_node	*n;
	const struct cn_trace	*t;
	size_t			 i;

	(void)state;
	imp_run_file(&ir, "moatless", TRANS, 0);
	assert_run(&ir, 0, NULL);
	assert_int_equal(ir.rep.records, 10);
	imp_assert_totals(&ir, 1, 10, 0);
	imp_assert_counts(&ir,
	    "1 node role=root\n"
	    "1 node terminal\n"
	    "10 node visits\n");
	t = record_sink_trace(&ir.rs, "legacy_transitions.django__django-16139."
	    "trajectory-correction");
	assert_non_null(t);
	assert_true(starts(t->problem, "Accessing UserAdmin via to_field "
	    "leads to link to PasswordRe"));
	assert_non_null(strstr(t->extra, "\"trace_id\":\"coder_django__"
	    "django-16139_20240827-060131\""));
	assert_null(strstr(t->extra, "\"transitions\""));
	/* A chain: each transition follows the previous state. */
	for (i = 1; i < 10; i++) {
		char id[8], parent[8];

		snprintf(id, sizeof id, "%zu", i);
		snprintf(parent, sizeof parent, "%zu", i - 1);
		n = record_sink_node(&ir.rs, NULL, id);
		assert_non_null(n);
		assert_string_equal(n->parent_ext, parent);
	}
	n = record_sink_node(&ir.rs, NULL, "0");
	assert_string_equal(n->text, t->problem);
	n = record_sink_node(&ir.rs, NULL, "1");
	/* The state names the action; the main argument is the first
	 * search request's query. */
	assert_true(starts(n->text, "SearchCode UserChangeForm class "
	    "definition in Django auth forms\n\nTo address the issue of "
	    "the broken link to PasswordResetForm"));
	assert_non_null(strstr(n->text, "\n\nsearch_requests:\n  - "
	    "file_pattern: **/auth/forms.py\n"));
	assert_true(starts(n->observation, "{\"ranked_spans\":"));
	n = record_sink_node(&ir.rs, NULL, "7");
	assert_true(starts(n->text, "EditCode <replace>\n\ncontent:\n  "
	    "<replace>\n"));
	/* The edit's diff is shown under the message, not kept in extra. */
	assert_true(starts(n->observation,
	    "Applied the change to django/contrib/auth/forms.py.\n\n"
	    "--- django/contrib/auth/forms.py\n+++ django/contrib/auth/"
	    "forms.py\n@@ -163,93 +163,12 @@\n"));
	assert_null(strstr(n->extra, "\"diff\""));
	n = record_sink_node(&ir.rs, NULL, "9");
	assert_string_equal(n->text, "Finished");
	assert_true(n->terminal);
	assert_true(n->sig[CN_SIG_VISITS] == 0);
	imp_run_free(&ir);
}

/* Current layout, with an older-layout child, rewards and notes. */
static const char tree_in[] =
"{\"max_expansions\": 3, \"metadata\": {\"instance_id\": \"demo-1\"}, "
"\"root\": {\"node_id\": 0, \"user_message\": \"Fix bug\", \"visits\": 4, "
"\"value\": 120, \"reward\": null, \"children\": [\n"
" {\"node_id\": 1, \"assistant_message\": \"Look first.\", \"action_steps\": "
"[{\"action\": {\"thoughts\": \"Look first.\", \"query\": \"bug\", "
"\"file_pattern\": null, \"action_args_class\": "
"\"moatless.actions.semantic_search.SemanticSearchArgs\"}, \"observation\": "
"{\"message\": \"found it\", \"terminal\": false, \"properties\": "
"{\"hits\": 1}}, \"completion\": null}], \"visits\": 3, \"value\": 150, "
"\"reward\": {\"value\": 50, \"explanation\": \"Useful search.\", "
"\"feedback\": null}, \"children\": [\n"
"  {\"node_id\": 2, \"action_steps\": [{\"action\": {\"thoughts\": "
"\"Done.\", \"finish_reason\": \"fixed\", \"action_args_class\": "
"\"moatless.actions.finish.FinishArgs\"}, \"observation\": {\"message\": "
"\"fixed\", \"terminal\": true}}], \"visits\": 1, \"value\": 90, "
"\"reward\": {\"value\": 90, \"explanation\": null, \"feedback\": "
"\"try tests\"}, \"children\": []}]},\n"
" {\"node_id\": 3, \"action\": {\"thoughts\": \"Guess.\", \"path\": "
"\"a.py\", \"action_args_class\": "
"\"moatless.actions.view_code.ViewCodeArgs\"}, \"observation\": "
"{\"message\": \"contents\", \"terminal\": false}, \"message\": "
"\"please look\", \"visits\": 0, \"value\": null, \"reward\": {\"value\": "
"-20, \"explanation\": \"Wrong file.\"}, \"children\": []}]}}\n";

static void
test_imp_moatless_small_tree(void **state)
{
	struct imp_run		 ir;

	(void)state;
	imp_run_named(&ir, "moatless", "runs/demo.json",
	    tree_in, 0);
	assert_run(&ir, 0, NULL);
	assert_int_equal(ir.rep.records, 4);
	assert_string_equal(imp_run_log(&ir),
	    "trace demo-1 format=\"moatless\" problem=\"Fix bug\" "
	    "extra=\"{\\\"max_expansions\\\":3,\\\"metadata\\\":"
	    "{\\\"instance_id\\\":\\\"demo-1\\\"}}\"\n"
	    "node 0 parent=- role=root text=\"Fix bug\" visits=4 q=30 "
	    "value_sum=120 line=0\n"
	    "node 1 parent=0 role=action text=\"SemanticSearch bug\\n\\n"
	    "Look first.\\n\\nquery: bug\" obs=\"found it\" visits=3 q=50 "
	    "reward=50 value_sum=150 extra=\"{\\\"action_steps\\\":"
	    "[{\\\"observation\\\":{\\\"properties\\\":{\\\"hits\\\":1}}}]}\" "
	    "line=0\n"
	    "annotation 1 author=moatless:value note=\"Useful search.\"\n"
	    "node 2 parent=1 role=action text=\"Finish\\n\\nDone.\\n\\n"
	    "finish_reason: fixed\" obs=\"fixed\" terminal "
	    "visits=1 q=90 reward=90 value_sum=90 line=0\n"
	    "annotation 2 author=moatless:value note=\"Feedback: try tests\"\n"
	    "node 3 parent=0 role=action text=\"ViewCode a.py\\n\\nGuess."
	    "\\n\\npath: a.py\" obs=\"contents\" visits=0 "
	    "reward=-20 extra=\"{\\\"message\\\":\\\"please look\\\"}\" "
	    "line=0\n"
	    "annotation 3 author=moatless:value note=\"Wrong file.\"\n");
	assert_int_equal(ir.rs.ann[0].a.rating, CN_NORATING);
	imp_run_free(&ir);
}

/*
 * December 2024 layout (the golden tests/import/moatless/dec2024-2.in):
 * the step's action holds the thoughts, the node's action the class and
 * arguments. The step text is both, never the bare word "action".
 */
static void
test_imp_moatless_dec2024_layout(void **state)
{
	struct imp_run	ir;

	(void)state;
	imp_run_file(&ir, "moatless", "tests/import/moatless/dec2024-2.in",
	    0);
	assert_run(&ir, 0, NULL);
	assert_int_equal(imp_count(&ir, "node", NULL), 3);
	/* The root carries the first action and its observation. */
	assert_line(&ir, "node 0 parent=- role=root text=\"FileBasedCache "
	    "has_key is susceptible to race conditions\\n\\nSemanticSearch "
	    "FileBasedCache has_key\\n\\nFind the cache backend first.\\n\\n"
	    "query: FileBasedCache has_key\\ncategory: implementation\" "
	    "obs=\"Found 1 hit in filebased.py\" "
	    "visits=2 q=75 value_sum=150 line=0");
	/* A null step observation: the node's own is used. */
	/* A list of objects: "- " before each, the main argument from
	 * the first. */
	assert_line(&ir, "node 1 parent=0 role=action text=\"ViewCode "
	    "django/core/cache/backends/filebased.py\\n\\nOpen the file at "
	    "has_key.\\n\\nfiles:\\n  - file_path: django/core/cache/"
	    "backends/filebased.py\\n    span_ids: FileBasedCache.has_key\" "
	    "obs=\"def has_key("
	    "self, key, version=None):\" visits=1 q=75 reward=75 "
	    "value_sum=75 extra=\"{\\\"observation\\\":{\\\"properties"
	    "\\\":{\\\"tokens\\\":120}}}\" line=0");
	/* "Arguments" goes like "Args". */
	assert_int_equal(imp_count(&ir, "node", "id=2", "text^=StringReplace "
	    "django/core/cache/backends/filebased.py\n\nOpen the file under "
	    "the lock.\n\npath: ", NULL), 1);
	assert_int_equal(imp_count(&ir, "node", "text^=action", NULL), 0);
	imp_run_free(&ir);

	/* The older layout's scratch_pad reads as the thoughts. */
	imp_run_text(&ir, "moatless",
	    "{\"node_id\": 0, \"message\": \"Fix\", \"children\": [{"
	    "\"node_id\": 1, \"action\": {\"scratch_pad\": \"Look.\", "
	    "\"query\": \"bug\", \"action_args_class\": "
	    "\"moatless.actions.search.SemanticSearchArguments\"}, "
	    "\"children\": []}]}", 0);
	assert_int_equal(ir.rc, 0);
	assert_line(&ir, "node 1 parent=0 role=action text=\"SemanticSearch "
	    "bug\\n\\nLook.\\n\\nquery: bug\" line=0");
	imp_run_free(&ir);
}

/* Without an instance id, trajectory.json takes its directory's name. */
static void
test_imp_moatless_trace_id_from_dir(void **state)
{
	(void)state;
	imp_check_log("moatless", "out/django__django-16379/trajectory.json",
	    "{\"root\": {\"node_id\": 0, \"user_message\": \"x\"}}", NULL,
	    "trace django__django-16379 format=\"moatless\" problem=\"x\"\n"
	    "node 0 parent=- role=root text=\"x\" line=0\n");
	/* A string unique_id is an id; an integer one is not. */
	imp_check_log("moatless", "t.json",
	    "{\"unique_id\": \"u-9\", \"root\": {\"node_id\": 0}}", NULL,
	    "trace u-9 format=\"moatless\" extra=\"{\\\"unique_id\\\":"
	    "\\\"u-9\\\"}\"\nnode 0 parent=- role=root line=0\n");
}

static const char flat_in[] =
"[{\"node_id\":0,\"parent_id\":null,\"user_message\":\"P\"},\n"
" {\"node_id\":1,\"parent_id\":0,\"reward\":{\"value\":5}},\n"
" {\"node_id\":2,\"parent_id\":3},\n"
" {\"node_id\":3,\"parent_id\":2},\n"
" {\"node_id\":4,\"parent_id\":9},\n"
" {\"node_id\":5,\"parent_id\":4}]\n";

/* The flat list: cycles and missing parents are found before the sink. */
static void
test_imp_moatless_flat_cycle(void **state)
{
	struct imp_run		 ir;
	static const char	 head[] =
	    "trace flat format=\"moatless\" problem=\"P\"\n"
	    "node 0 parent=- role=root text=\"P\" line=0\n"
	    "node 1 parent=0 role=action reward=5 line=0\n";

	(void)state;
	imp_run_named(&ir, "moatless", "flat.json",
	    flat_in, 0);
	assert_run(&ir, -1, "flat.json: node 2: no path to the root "
	    "(parent links form a cycle)");
	assert_string_equal(imp_run_log(&ir), head);
	imp_run_free(&ir);

	imp_run_named(&ir, "moatless", "flat.json",
	    flat_in, 1);
	assert_run(&ir, 0, NULL);
	assert_string_equal(imp_run_log(&ir), head);
	assert_int_equal(ir.rep.records, 6);
	imp_assert_bad(&ir, 4,
	    "flat.json: node 2: no path to "
	    "the root (parent links form a cycle)",
	    "flat.json: node 3: no path to "
	    "the root (parent links form a cycle)",
	    "flat.json: node 4: parent 9 is not in the tree",
	    "flat.json: node 5: ancestor 4 was rejected", NULL);
	imp_run_free(&ir);
}

static void
test_imp_moatless_malformed(void **state)
{	static const struct imp_bad_case cases[] = {
		{ "{\"root\": {\"node_id\": 0,\n  \"children\": [",
		    "x.json:2:16: truncated JSON (unexpected end of "
		    "input)", NULL },
		{ "",
		    "x.json:1:1: truncated JSON (unexpected end of "
		    "input)", NULL },
		{ "{\"foo\": 1}",
		    "x.json: not a moatless trajectory: expected "
		    "a \"root\" node, \"transitions\" or a list of "
		    "nodes", NULL },
		{ "\"root\"",
		    "x.json: not a moatless trajectory: expected "
		    "a \"root\" node, \"transitions\" or a list of "
		    "nodes", NULL },
		{ "{\"root\": {\"node_id\": 0,\n \"visits\": NaN}}",
		    "x.json:2:12: NaN and Infinity are not JSON "
		    "numbers", NULL },
		{ "[{\"node_id\":0,\"parent_id\":1},{\"node_id\":1,"
		    "\"parent_id\":0}]",
		    "x.json: no root node (every node has a parent_id)", NULL },
		{ "{\"transitions\": [{\"id\": 0, \"previous_state_id\": 0}]}",
		    "x.json: no root transition (every transition has a "
		    "previous_state_id)", NULL },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("moatless", "x.json", cases);
}

static void
test_imp_moatless_bad_nodes(void **state)
{
	static const char head[] = "trace x format=\"moatless\"\n";
	static const char head0[] = "trace x format=\"moatless\"\n"
	    "node 0 parent=- role=root line=0\n";
	static const struct imp_bad_case cases[] = {
		{ "{\"root\": {\"user_message\": \"u\"}}",
		    "x.json: root: \"node_id\" is missing or not an integer",
		    "trace x format=\"moatless\" problem=\"u\"\n" },
		{ "{\"root\": {\"node_id\": 1.5}}",
		    "x.json: root: \"node_id\" is missing or not an integer",
		    head },
		{ "{\"root\": {\"node_id\": 0, \"children\": {}}}",
		    "x.json: root: \"children\" is not an array",
		    head },
		{ "{\"root\": {\"node_id\": 0, \"children\": [{\"node_id\": 1,"
		    " \"visits\": \"3\"}]}}",
		    "x.json: child 0 of node 0: \"visits\" is not a number",
		    head0 },
		{ "{\"root\": {\"node_id\": 0, \"children\": [{\"node_id\": 1},"
		    " {\"node_id\": 2, \"reward\": {\"value\": \"high\"}}]}}",
		    "x.json: child 1 of node 0: \"reward.value\" is not a "
		    "number",
		    "trace x format=\"moatless\"\n"
		    "node 0 parent=- role=root line=0\n"
		    "node 1 parent=0 role=action line=0\n" },
		{ "{\"root\": {\"node_id\": 0, \"children\": [{\"node_id\": 1,"
		    " \"action_steps\": {}}]}}",
		    "x.json: child 0 of node 0: \"action_steps\" is not an "
		    "array",
		    head0 },
		{ "{\"root\": {\"node_id\": 0, \"children\": [{\"node_id\": 1,"
		    " \"action_steps\": [1]}]}}",
		    "x.json: child 0 of node 0: action_steps[0] is not an "
		    "object",
		    head0 },
		{ "{\"root\": {\"node_id\": 0, \"children\": [{\"node_id\": 1,"
		    " \"terminal\": \"yes\"}]}}",
		    "x.json: child 0 of node 0: \"terminal\" is not a boolean",
		    head0 },
		{ "{\"root\": {\"node_id\": 0, \"children\": [7]}}",
		    "x.json: child 0 of node 0: not an object",
		    head0 },
		{ "[{\"node_id\": 0}, 3]",
		    "x.json: [1]: not an object",
		    "" },
		{ "[{\"node_id\": 0}, {\"node_id\": 1, \"parent_id\": true}]",
		    "x.json: [1]: \"parent_id\" is not an integer",
		    "" },
		{ "{\"transitions\": [{\"id\": 0}, {\"id\": 1, "
		    "\"previous_state_id\": 0, \"actions\": [3]}]}",
		    "x.json: transitions[1]: actions[0] is not an object",
		    "" },
		{ "{\"transitions\": [{\"id\": 0}, {\"id\": 1, "
		    "\"previous_state_id\": 0, \"properties\": {\"visits\": "
		    "\"2\"}}]}",
		    "x.json: transitions[1]: \"properties.visits\" is neither "
		    "a "
		    "number nor a list",
		    "" },
		{ NULL, NULL, NULL }
	};

	(void)state;
	imp_check_bad("moatless", "x.json", cases);
}

/* Nesting is walked with a stack: 450 levels (cJSON allows ~490). */
static void
test_imp_moatless_deep(void **state)
{
	struct imp_run		 ir;
	struct cn_buf		 b;
	const struct cn_node	*n;
	int			 i, depth = 450;

	(void)state;
	buf_init(&b);
	buf_adds(&b, "{\"root\": ");
	for (i = 0; i < depth; i++)
		buf_printf(&b, "{\"node_id\": %d, \"children\": [", i);
	for (i = 0; i < depth; i++)
		buf_adds(&b, "]}");
	buf_adds(&b, "}");
	imp_run_named(&ir, "moatless", "deep.json",
	    b.s, 0);
	assert_run(&ir, 0, NULL);
	assert_int_equal(ir.rs.nnodes, depth);
	n = record_sink_node(&ir.rs, NULL, "449");
	assert_non_null(n);
	assert_string_equal(n->parent_ext, "448");
	imp_run_free(&ir);
	buf_free(&b);
}

static void
test_imp_moatless_sink_fatal(void **state)
{
	(void)state;
	imp_check_sink_fails("moatless", "t.json", tree_in, NULL, 3, CN_FATAL,
	    "t.json: node 1: recorded failure at call 3");
}

static void
test_imp_moatless_sniff(void **state)
{
	static const char tree[] = "{\n  \"agent_settings\": null,\n  "
	    "\"actions\": [],\n  \"expander\": {\"random_settings\": false, "
	    "\"max_expansions\": 1},\n  \"max_iterations\": 15,";
	static const char trans[] = "{\"name\": \"MoatlessTools\", "
	    "\"transition_rules\": {}, \"transitions\": [";

	(void)state;
	imp_assert_sniff("moatless", tree, sizeof tree - 1, 1, NULL);
	imp_assert_sniff("moatless", trans, sizeof trans - 1, 1, NULL);
	imp_assert_sniff_str("moatless", "{\"logs\": [", 0, "no moatless "
	    "search tree (\"max_expansions\", \"node_id\") or \"transitions\" "
	    "keys");
}

/* The first 4 KB of each real file: moatless, and none of the others. */
static void
test_imp_moatless_sniff_real(void **state)
{
	static const char *const files[] = { TREE, OLD, TRANS };
	const struct imp_format	*f;
	char			 buf[4096], *why;
	size_t			 i, n;

	(void)state;
	for (i = 0; i < sizeof files / sizeof files[0]; i++) {
		n = imp_test_head(files[i], buf, sizeof buf);
		assert_int_equal(n, sizeof buf);
		why = NULL;
		assert_int_equal(imp_test_sniff("moatless", buf, n, &why), 1);
		assert_null(why);
		for (f = imp_formats; f->name != NULL; f++) {
			if (f->run == imp_test_format("moatless")->run)
				break;
			/* Formats sniffed before moatless must decline. */
			why = NULL;
			assert_int_equal(f->sniff(buf, n, &why), 0);
			free(why);
		}
		imp_assert_sniffs_as("moatless", buf, n, "katago", "alphamath",
		    "llm-reasoners", NULL);
	}
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_moatless_real_tree),
	cmocka_unit_test(test_imp_moatless_real_old_layout),
	cmocka_unit_test(test_imp_moatless_real_transitions),
	cmocka_unit_test(test_imp_moatless_small_tree),
	cmocka_unit_test(test_imp_moatless_dec2024_layout),
	cmocka_unit_test(test_imp_moatless_trace_id_from_dir),
	cmocka_unit_test(test_imp_moatless_flat_cycle),
	cmocka_unit_test(test_imp_moatless_malformed),
	cmocka_unit_test(test_imp_moatless_bad_nodes),
	cmocka_unit_test(test_imp_moatless_deep),
	cmocka_unit_test(test_imp_moatless_sink_fatal),
	cmocka_unit_test(test_imp_moatless_sniff),
	cmocka_unit_test(test_imp_moatless_sniff_real))

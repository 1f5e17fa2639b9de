/*
 * test-row-text.c - what a tree row shows of a node's text (tui/row-text.c)
 * and the roles of the lines of diffs in the detail pane
 * (tui/diff-lines.c).
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
#include "diff-lines.h"
#include "row-text.h"

static void
row_is(const char *role, const char *text, const char *want)
{
	struct cn_node	 n;
	const char	*s;
	size_t		 len;

	cn_node_init(&n);
	n.role = role;
	n.text = text;
	row_text(&n, &s, &len);
	assert_int_equal(len, strlen(want));
	assert_memory_equal(s, want, len);
}

static void
test_row_text(void **state)
{
	(void)state;
	/* An action shows its headline. */
	row_is("action", "StringReplace django/core/cache/backends/"
	    "filebased.py\n\nThe problem is...\n\npath: x",
	    "StringReplace django/core/cache/backends/filebased.py");
	row_is("action", "Finish", "Finish");
	row_is("action", "", "");
	row_is("action", NULL, "");
	/* Other roles show the whole text (the row marks the newlines). */
	row_is("step", "a\nb", "a\nb");
	row_is("root", "Issue\n\nSemanticSearch q", "Issue\n\nSemanticSearch q");
	row_is(NULL, "x\ny", "x\ny");
}

/* Scans text line by line; want holds one letter per line: d default,
 * a added, r removed, h hunk/header. */
static void
roles_are(const char *text, const char *want)
{
	struct diff_scan	 ds;
	const char		*line, *nl, *next;
	char			 got[64];
	size_t			 k = 0, len;
	enum theme_role		 r;

	memset(&ds, 0, sizeof ds);
	for (line = text; line != NULL && k < sizeof got - 1; line = next) {
		nl = strchr(line, '\n');
		len = nl != NULL ? (size_t)(nl - line) : strlen(line);
		next = nl != NULL ? nl + 1 : NULL;
		r = diff_line_role(&ds, line, len, next,
		    next != NULL ? strcspn(next, "\n") : 0);
		got[k++] = r == ROLE_DIFF_ADD ? 'a' : r == ROLE_DIFF_DEL ?
		    'r' : r == ROLE_DIFF_HUNK ? 'h' : r == ROLE_DEFAULT ?
		    'd' : '?';
	}
	got[k] = '\0';
	assert_string_equal(got, want);
}

static void
test_diff_lines(void **state)
{
	(void)state;
	/* moatless' edit diff after the observation's message. */
	roles_are("The file was edited.\n\n--- a.py\n+++ a.py\n"
	    "@@ -90,3 +90,3 @@\n \n-    if x:\n+    try:\n     y\n",
	    "ddhhhdrad" "d");
	/* git's headers; "\ No newline" is context. */
	roles_are("diff --git a/x b/x\nindex 1..2 100644\n--- a/x\n+++ b/x\n"
	    "@@ -1 +1 @@\n-a\n+b\n\\ No newline at end of file",
	    "hhhhhrad");
	/* A hunk alone opens a diff; prose after it closes it. */
	roles_are("@@ -1,2 +1,2 @@\n-x\n+y\nDone: that was it.\n+1 to that",
	    "hradd");
	/* Plain text with dashes and pluses is not a diff. */
	roles_are("- item\n+ more\n--- not a header\nnext", "dddd");
	/* Inside a diff "+++ " after no "--- " is an added "++ " line. */
	roles_are("@@ -1 +1 @@\n+++ x\n--- y\n+++ z", "hahh");
}

CN_TEST_MAIN(
	cmocka_unit_test(test_row_text),
	cmocka_unit_test(test_diff_lines))

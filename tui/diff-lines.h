/*
 * diff-lines.h - finds unified diffs in text (an agent's patch, an edit's
 * observation) so the detail pane colours them: added lines, removed lines,
 * hunk and file headers. Pure (no curses): tests/unit/test-row-text.c.
 */
#ifndef CN_DIFF_LINES_H
#define CN_DIFF_LINES_H

#include <stddef.h>

#include "theme.h"

/* Where a scan is; zero it before the first line of a text. */
struct diff_scan {
	int	in;		/* inside a diff */
	int	file;		/* the line before was "--- " over "+++ " */
};

/*
 * The role of line[0..len) (without its '\n') of a text scanned line by
 * line; next[0..nextlen) is the line after it (NULL at the end). A diff
 * starts at "diff --git ", at "--- " followed by "+++ ", or at a hunk
 * header "@@ -N"; it goes on over lines that start with ' ', '+', '-',
 * '\\', "@@", "diff " or "index ", and over empty lines. Outside a diff
 * every line is ROLE_DEFAULT; inside, '+' lines are ROLE_DIFF_ADD, '-'
 * lines ROLE_DIFF_DEL, hunk and file headers ROLE_DIFF_HUNK, the rest
 * (context) ROLE_DEFAULT.
 */
enum theme_role diff_line_role(struct diff_scan *, const char *line,
	    size_t len, const char *next, size_t nextlen);

#endif /* CN_DIFF_LINES_H */

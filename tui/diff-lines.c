/*
 * diff-lines.c - the roles of the lines of unified diffs in text
 * (diff-lines.h).
 */
#include "config.h"

#include <string.h>

#include "diff-lines.h"

/* Does line[0..len) start with prefix p? */
static int
diff_starts(const char *line, size_t len, const char *p)
{
	size_t	n = strlen(p);

	return line != NULL && len >= n && memcmp(line, p, n) == 0;
}

/* A hunk header: "@@ -" and a digit. */
static int
diff_hunk(const char *line, size_t len)
{
	return diff_starts(line, len, "@@ -") && len > 4 &&
	    line[4] >= '0' && line[4] <= '9';
}

/* "--- old" over "+++ new": the file header that opens a diff. */
static int
diff_file(const char *line, size_t len, const char *next, size_t nextlen)
{
	return diff_starts(line, len, "--- ") &&
	    diff_starts(next, nextlen, "+++ ");
}

enum theme_role
diff_line_role(struct diff_scan *ds, const char *line, size_t len,
    const char *next, size_t nextlen)
{
	int	file = ds->file;

	ds->file = 0;
	if (!ds->in) {
		if (!diff_starts(line, len, "diff --git ") &&
		    !diff_file(line, len, next, nextlen) &&
		    !diff_hunk(line, len))
			return ROLE_DEFAULT;
		ds->in = 1;
	}
	if (len == 0)
		return ROLE_DEFAULT;
	if (diff_file(line, len, next, nextlen)) {
		/* Then "+++ " is its new file, not an added "++ " line. */
		ds->file = 1;
		return ROLE_DIFF_HUNK;
	}
	if ((file && diff_starts(line, len, "+++ ")) ||
	    diff_starts(line, len, "@@") || diff_starts(line, len, "diff ") ||
	    diff_starts(line, len, "index "))
		return ROLE_DIFF_HUNK;
	switch (line[0]) {
	case '+':
		return ROLE_DIFF_ADD;
	case '-':
		return ROLE_DIFF_DEL;
	case ' ':
	case '\\':
		return ROLE_DEFAULT;
	}
	/* Anything else ends the diff; it may open another. */
	ds->in = 0;
	return diff_line_role(ds, line, len, next, nextlen);
}

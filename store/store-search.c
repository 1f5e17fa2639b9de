/*
 * store-search.c - full-text search of a trace's nodes for the TUI: the
 * user's words as an FTS5 query, the next or previous match and the
 * number of matches, each a bounded read of the nodes_fts index.
 */
#include "config.h"

#include <stdlib.h>

#include "store-int.h"

/*
 * Search. CROSS JOIN keeps the full-text index as the outer loop: the
 * planner would otherwise walk every node of the trace and probe the
 * index for each (seconds on a million nodes). The rowid range lets FTS5
 * seek in its doclists, so a whole-word query costs well under a
 * millisecond; a prefix query ("word"*) merges the doclists of every term
 * with that prefix and costs about 0.3 s per million nodes, so it is only
 * used when the words as typed match nothing.
 */
static const char sql_search_next[] =
	"SELECT f.rowid FROM nodes_fts f CROSS JOIN nodes n ON n.id = f.rowid"
	" WHERE nodes_fts MATCH ?1 AND f.rowid > ?3 AND n.trace_id = ?2"
	" ORDER BY f.rowid LIMIT 1";
static const char sql_search_prev[] =
	"SELECT f.rowid FROM nodes_fts f CROSS JOIN nodes n ON n.id = f.rowid"
	" WHERE nodes_fts MATCH ?1 AND f.rowid < ?3 AND n.trace_id = ?2"
	" ORDER BY f.rowid DESC LIMIT 1";
/* Counting stops at 1001 so a common word costs a bounded time. */
static const char sql_search_count[] =
	"SELECT count(*) FROM (SELECT 1 FROM nodes_fts f"
	" CROSS JOIN nodes n ON n.id = f.rowid"
	" WHERE nodes_fts MATCH ?1 AND n.trace_id = ?2 LIMIT 1001)";
static const char sql_search_any[] =
	"SELECT 1 FROM nodes_fts f CROSS JOIN nodes n ON n.id = f.rowid"
	" WHERE nodes_fts MATCH ?1 AND n.trace_id = ?2 LIMIT 1";

/*
 * Turns the user's words into an FTS5 query: the text is cut into tokens
 * at what the unicode61 tokenizer treats as separators (ASCII other than
 * letters and digits), each token is quoted; with prefix, the last one is
 * a prefix. NULL when there is no token.
 */
static char *
fts_query(const char *q, int prefix)
{
	struct cn_buf	 b;
	const char	*p = q, *start;
	int		 ntok = 0;

	buf_init(&b);
	for (;;) {
		while (*p != '\0' && (unsigned char)*p < 0x80 &&
		    !((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')))
			p++;
		if (*p == '\0')
			break;
		start = p;
		while (*p != '\0' && ((unsigned char)*p >= 0x80 ||
		    (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')))
			p++;
		if (ntok++ > 0)
			buf_addc(&b, ' ');
		buf_addc(&b, '"');
		buf_add(&b, start, (size_t)(p - start));
		buf_addc(&b, '"');
	}
	if (ntok == 0) {
		buf_free(&b);
		return NULL;
	}
	if (prefix)
		buf_adds(&b, " *");
	return buf_take(&b);
}

/*
 * The FTS5 query for the user's words in a trace: whole words when they
 * match something there, else the last word as a prefix. NULL: no word.
 */
static int
search_form(struct store *st, int64_t trace, const char *query, char **fq,
    char **cause)
{
	int64_t	one;
	int	rc;

	if ((*fq = fts_query(query, 0)) == NULL)
		return 0;
	if ((rc = store_one_int64(st, sql_search_any, &one, "search", cause,
	    "ti", *fq, trace)) == 1)
		return 0;
	free(*fq);
	*fq = NULL;
	if (rc < 0)
		return -1;
	*fq = fts_query(query, 1);
	return 0;
}

/*
 * Runs sql, bound by types to (FTS5 query, trace, from), for the user's
 * words: as store_one_int64(), or 0 when there is no word.
 */
static int
search_run(struct store *st, const char *sql, const char *types,
    int64_t trace, const char *query, int64_t from, int64_t *out,
    char **cause)
{
	char	*fq;
	int	 rc;

	if (search_form(st, trace, query, &fq, cause) != 0)
		return -1;
	if (fq == NULL)
		return 0;
	rc = store_one_int64(st, sql, out, "search", cause, types, fq, trace,
	    from);
	free(fq);
	return rc;
}

int
store_search_step(struct store *st, int64_t trace, const char *query,
    int64_t from, int dir, int64_t *id, char **cause)
{
	return search_run(st, dir > 0 ? sql_search_next : sql_search_prev,
	    "tii", trace, query, from, id, cause);
}

int
store_search_count(struct store *st, int64_t trace, const char *query,
    int64_t *count, char **cause)
{
	*count = 0;
	/* count(*) always gives a row. */
	return search_run(st, sql_search_count, "ti", trace, query, 0, count,
	    cause) < 0 ? -1 : 0;
}

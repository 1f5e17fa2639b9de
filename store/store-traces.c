/*
 * store-traces.c - the traces list as keyset reads (store-traces.h).
 *
 * Every order is "key, then id" over an index on the key (the rowid ends
 * each index, so (key, id) is the index order) and a page is read with a
 * row-value condition from a position, never with OFFSET. Absent values
 * sort as +infinity (9e999) so that one index serves both directions:
 * ascending puts them last, descending first, as the list always did. The
 * SQL of each column is spelled out by macros at compile time; the filter
 * is a bound LIKE pattern, and its candidates from the trigram index, when
 * it has few enough, a temporary table of ids (enum store_tset).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "store-traces.h"
#include "textsafe.h"

#define TL_SELECT							\
	"SELECT t.id, t.ext_id, t.format, t.root_id, t.node_count,"	\
	" t.max_depth, t.best_reward, t.best_q, t.leaf_outcome,"	\
	" t.annotation_count, t.problem, "
/* ?3: the LIKE pattern, or NULL for every trace. */
#define TL_FILTER							\
	"(?3 IS NULL OR t.ext_id LIKE ?3 ESCAPE '\\'"			\
	" OR t.problem LIKE ?3 ESCAPE '\\' OR t.format LIKE ?3 ESCAPE '\\')"

/*
 * The statements of one sort key K, in the order of enum tl_stmt. A
 * position is (key, id); "after it" is read as the rest of its key's ties
 * by id, then the bigger keys, two index ranges that SQLite searches
 * directly (a row-value condition is not used as a range on an expression
 * index, and ties, such as a million traces of 3 nodes, would be scanned).
 *
 * FROM and IN give the three ways a filter's rows are found (enum
 * store_tset): the sort index walked with LIKE on each row; the same walk
 * testing the id against the candidate set first (a probe of its rowid,
 * which needs no row read: "+" keeps SQLite from driving the loop by the
 * set); or the candidate set read whole and sorted, when it is small.
 */
#define TL_FROM(K, FROM)	K " FROM " FROM " WHERE "
#define TL_AFTER(K, FROM, IN, EQ, GT, DIR)				\
	"SELECT * FROM (" TL_SELECT TL_FROM(K, FROM) K " = ?1 AND t.id "	\
	EQ " ?2 AND " IN TL_FILTER " ORDER BY t.id " DIR " LIMIT ?4)"	\
	" UNION ALL SELECT * FROM (" TL_SELECT TL_FROM(K, FROM) K " " GT	\
	" ?1 AND " IN TL_FILTER " ORDER BY " K " " DIR ", t.id " DIR	\
	" LIMIT ?4) LIMIT ?4"
#define TL_STMTS3(K, FROM, IN) {					\
	TL_AFTER(K, FROM, IN, ">", ">", "ASC"),				\
	TL_AFTER(K, FROM, IN, "<", "<", "DESC"),			\
	TL_SELECT TL_FROM(K, FROM) IN TL_FILTER " ORDER BY " K ", t.id"	\
	" LIMIT ?4",							\
	TL_SELECT TL_FROM(K, FROM) IN TL_FILTER " ORDER BY " K " DESC,"	\
	" t.id DESC LIMIT ?4",						\
	TL_SELECT TL_FROM(K, "traces t") "t.id = ?2",			\
	"SELECT count(*), ifnull(sum(" TL_FILTER "), 0),"		\
	" ifnull(sum(" TL_FILTER " AND CASE WHEN ?6 THEN (" K ", t.id)"	\
	" > (?1, ?2) ELSE (" K ", t.id) < (?1, ?2) END), 0)"		\
	" FROM traces t WHERE t.id > ?4 AND t.id <= ?5",		\
}
#define TL_IN_SET	"+t.id IN (SELECT id FROM temp.tl_cand) AND "
#define TL_SET_FROM	"temp.tl_cand c CROSS JOIN traces t ON t.id = c.id"
#define TL_STMTS(K) {							\
	TL_STMTS3(K, "traces t", ""),					\
	TL_STMTS3(K, "traces t", TL_IN_SET),				\
	TL_STMTS3(K, TL_SET_FROM, ""),					\
}

enum tl_stmt { TL_GT, TL_LT, TL_FIRST, TL_LAST, TL_GET, TL_COUNT, TL_N };

/*
 * The keys must be written exactly as the indexes of schema_traces
 * (store-schema.c) write them, or SQLite will not use the index.
 */
static const char *const tl_sql[STORE_TCOL_COUNT][STORE_TSET_COUNT][TL_N] = {
	TL_STMTS("t.ext_id"),
	TL_STMTS("t.format"),
	TL_STMTS("t.node_count"),
	TL_STMTS("t.max_depth"),
	TL_STMTS("ifnull(t.best_reward, 9e999)"),
	TL_STMTS("ifnull(t.best_q, 9e999)"),
	TL_STMTS("ifnull(t.leaf_outcome, 9e999)"),
	TL_STMTS("t.annotation_count"),
};

void
store_tkey_clear(struct store_tkey *k)
{
	if (k == NULL)
		return;
	free(k->s);
	memset(k, 0, sizeof *k);
}

void
store_tkey_copy(struct store_tkey *to, const struct store_tkey *from)
{
	*to = *from;
	to->s = from->s != NULL ? xstrdup(from->s) : NULL;
}

static void
key_bind(sqlite3_stmt *s, const struct store_tkey *k)
{
	switch (k->type) {
	case SQLITE_INTEGER:
		sqlite3_bind_int64(s, 1, k->i);
		break;
	case SQLITE_FLOAT:
		sqlite3_bind_double(s, 1, k->d);
		break;
	case SQLITE_TEXT:
		store_bind_text(s, 1, k->s != NULL ? k->s : "");
		break;
	default:
		sqlite3_bind_null(s, 1);
		break;
	}
	sqlite3_bind_int64(s, 2, k->id);
}

/* The filter as a LIKE pattern (heap), or NULL for none. */
static char *
filter_pattern(const char *f)
{
	struct cn_buf	b;

	if (f == NULL || *f == '\0')
		return NULL;
	buf_init(&b);
	buf_addc(&b, '%');
	for (; *f != '\0'; f++) {
		if (*f == '%' || *f == '_' || *f == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *f);
	}
	buf_addc(&b, '%');
	return b.s;
}

static int
tl_prepare(struct store *st, const struct store_tlist *q, enum tl_stmt w,
    sqlite3_stmt **s, char **pat, char **cause)
{
	int	col = q->col, set = q->set;

	if (col < 0 || col >= STORE_TCOL_COUNT)
		col = STORE_TCOL_ID;
	if (set < 0 || set >= STORE_TSET_COUNT || q->filter == NULL ||
	    *q->filter == '\0')
		set = STORE_TSET_NONE;
	/* Not cached: 144 statements would crowd the store's cache. */
	if (sqlite3_prepare_v2(st->db, tl_sql[col][set][w], -1, s, NULL) !=
	    SQLITE_OK)
		return store_err(st, "list traces", cause);
	*pat = filter_pattern(q->filter);
	store_bind_text(*s, 3, *pat);
	return 0;
}

struct tl_walk {
	store_tlist_cb	 cb;
	void		*arg;
	int64_t		 nrows;
};

static int
tl_row(sqlite3_stmt *s, void *arg)
{
	struct tl_walk		*w = arg;
	struct cn_trace		 t;
	struct store_tkey	 k;
	int			 r;

	store_trace_cols(s, &t, 0);
	t.problem = (const char *)sqlite3_column_text(s, 10);
	memset(&k, 0, sizeof k);
	k.id = t.id;
	k.type = sqlite3_column_type(s, 11);
	if (k.type == SQLITE_INTEGER)
		k.i = sqlite3_column_int64(s, 11);
	else if (k.type == SQLITE_FLOAT)
		k.d = sqlite3_column_double(s, 11);
	else if (k.type == SQLITE_TEXT)
		k.s = store_col_text(s, 11);
	w->nrows++;
	r = w->cb(&t, &k, w->arg);
	store_tkey_clear(&k);
	return r;
}

int
store_tlist_read(struct store *st, const struct store_tlist *q,
    const struct store_tkey *from, int dir, int64_t limit,
    store_tlist_cb cb, void *arg, char **cause)
{
	struct tl_walk	 tw = { cb, arg, 0 };
	sqlite3_stmt	*s;
	char		*pat;
	enum tl_stmt	 w;
	int		 fwd, r;

	if (limit <= 0)
		return 0;
	/* Forward in the list is ascending in the key unless desc. */
	fwd = (dir > 0) != (q->desc != 0);
	if (from == NULL)
		w = fwd ? TL_FIRST : TL_LAST;
	else
		w = fwd ? TL_GT : TL_LT;
	if (tl_prepare(st, q, w, &s, &pat, cause) != 0)
		return -1;
	if (from != NULL)
		key_bind(s, from);
	sqlite3_bind_int64(s, 4, limit);
	r = store_rows_each(st, s, 1, "list traces", tl_row, &tw, cause);
	free(pat);
	return r;
}

int
store_tlist_get(struct store *st, const struct store_tlist *q, int64_t id,
    store_tlist_cb cb, void *arg, char **cause)
{
	struct tl_walk	 tw = { cb, arg, 0 };
	sqlite3_stmt	*s;
	char		*pat;
	int		 r;

	if (tl_prepare(st, q, TL_GET, &s, &pat, cause) != 0)
		return -1;
	sqlite3_bind_int64(s, 2, id);
	r = store_rows_each(st, s, 1, "list traces", tl_row, &tw, cause);
	free(pat);
	if (r != 0)
		return -1;
	return tw.nrows > 0;
}

int
store_tlist_matches(struct store *st, const struct store_tlist *q,
    int64_t id, char **cause)
{
	int64_t	all, match, before;

	if (store_tlist_count(st, q, NULL, id - 1, id, &all, &match, &before,
	    cause) != 0)
		return -1;
	return match > 0;
}

int
store_tlist_count(struct store *st, const struct store_tlist *q,
    const struct store_tkey *at, int64_t after, int64_t upto, int64_t *all,
    int64_t *match, int64_t *before, char **cause)
{
	sqlite3_stmt	*s;
	char		*pat;
	int		 rc;

	*all = *match = *before = 0;
	if (tl_prepare(st, q, TL_COUNT, &s, &pat, cause) != 0)
		return -1;
	if (at != NULL)
		key_bind(s, at);
	sqlite3_bind_int64(s, 4, after);
	sqlite3_bind_int64(s, 5, upto);
	sqlite3_bind_int(s, 6, q->desc != 0);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*all = sqlite3_column_int64(s, 0);
		*match = sqlite3_column_int64(s, 1);
		*before = sqlite3_column_int64(s, 2);
	}
	free(pat);
	if (rc != SQLITE_ROW) {
		store_err(st, "count traces", cause);
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_finalize(s);
	return 0;
}

/*
 * The filter as a query of the trigram index: each 3-character window
 * quoted, all of them required (the index keeps no positions, so this
 * finds rows holding the windows in any order: candidates, confirmed by
 * the LIKE). NULL when the filter is shorter than 3 characters, which
 * make no trigram, or is not UTF-8, whose windows the index would cut
 * elsewhere.
 */
static char *
filter_match(const char *f)
{
	struct cn_buf	 b;
	size_t		 n = 0, i, *at;
	size_t		 flen;
	const char	*p;
	uint32_t	 cp;
	int		 len;

	if (f == NULL)
		return NULL;
	flen = strlen(f);
	at = xreallocarray(NULL, flen + 1, sizeof *at);
	for (p = f; *p != '\0'; p += len) {
		len = textsafe_decode(p, flen - (size_t)(p - f), &cp);
		if (len < 0) {
			free(at);
			return NULL;
		}
		at[n++] = (size_t)(p - f);
	}
	at[n] = (size_t)(p - f);
	buf_init(&b);
	for (i = 0; i + 3 <= n; i++) {
		if (i > 0)
			buf_adds(&b, " AND ");
		buf_addc(&b, '"');
		for (p = f + at[i]; p < f + at[i + 3]; p++) {
			if (*p == '"')
				buf_addc(&b, '"');
			buf_addc(&b, *p);
		}
		buf_addc(&b, '"');
	}
	free(at);
	if (n < 3) {
		buf_free(&b);
		return NULL;
	}
	return b.s;
}

/*
 * Runs sql once with ?1 bound to match (when not NULL) and ?2 to limit
 * (when it has them); *n gets the first column of its row (0 without). Not cached: one
 * run per filter keystroke, and the store's cache is for the hot paths.
 */
static int
tf_row(sqlite3_stmt *s, void *arg)
{
	*(int64_t *)arg = sqlite3_column_int64(s, 0);
	return 1;	/* the first row is all */
}

static int
tf_run(struct store *st, const char *sql, const char *match, int64_t limit,
    int64_t *n, char **cause)
{
	*n = 0;
	return store_walk(st, sql, STORE_UNCACHED, "filter traces", tf_row, n,
	    cause, "ti", match, limit) < 0 ? -1 : 0;
}

int
store_tlist_filter(struct store *st, struct store_tlist *q, int64_t *ncand,
    char **cause)
{
	static const char	 has_index[] = "SELECT count(*) FROM sqlite_master"
	    " WHERE type = 'table' AND name = 'traces_fts'";
	static const char	 count[] = "SELECT count(*) FROM (SELECT rowid"
	    " FROM traces_fts WHERE traces_fts MATCH ?1 LIMIT ?2)";
	static const char	 fill[] = "INSERT INTO temp.tl_cand"
	    " SELECT rowid FROM traces_fts WHERE traces_fts MATCH ?1 LIMIT ?2";
	char			*match;
	int64_t			 n, none, max = STORE_TSET_WALK_MAX;

	q->set = STORE_TSET_NONE;
	*ncand = -1;
	if ((match = filter_match(q->filter)) == NULL)
		return 0;
	/* A database not yet migrated (opened read-only) walks. */
	if (tf_run(st, has_index, NULL, 1, &n, cause) != 0)
		goto fail;
	if (n == 0)
		goto done;
	if (store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS"
	    " tl_cand(id INTEGER PRIMARY KEY); DELETE FROM temp.tl_cand",
	    cause) != 0)
		goto fail;
	if (tf_run(st, count, match, max + 1, &n, cause) != 0)
		goto fail;
	if (n > max)
		goto done;
	if (tf_run(st, fill, match, max, &none, cause) != 0)
		goto fail;
	*ncand = n;
	q->set = n > STORE_TSET_SCAN_MAX ? STORE_TSET_WALK : STORE_TSET_SCAN;
done:
	free(match);
	return 0;
fail:
	free(match);
	return -1;
}

int
store_traces_max_id(struct store *st, int64_t *id, char **cause)
{
	static const char	 sql[] = "SELECT ifnull(max(id), 0) FROM traces";

	*id = 0;
	return store_one_int64(st, sql, id, "count traces", cause, "") < 0 ?
	    -1 : 0;
}

/* As store-browse.c's brief outcome: a leaf root counts its own. */
#define TL_OUTCOME_OF(T)						\
	"(SELECT CASE WHEN s.node_id IS NULL THEN r.outcome"		\
	" WHEN s.outcome_leaves > 0 THEN 1.0 * s.ok_leaves"		\
	" / s.outcome_leaves END FROM nodes r"				\
	" LEFT JOIN subtrees s ON s.node_id = r.id WHERE r.id = "	\
	T ".root_id)"

int
store_traces_outcome(struct store *st, int64_t id, char **cause)
{
	static const char	 sql[] = "UPDATE traces SET leaf_outcome = "
	    TL_OUTCOME_OF("traces") " WHERE id = ?1";

	return store_exec_id(st, sql, id, "import: trace outcome", cause);
}

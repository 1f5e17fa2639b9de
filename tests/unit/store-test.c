/*
 * store-test.c - the store tests' shared helpers (store-test.h). They
 * fail the running cmocka test on an unexpected status.
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
#include <sqlite3.h>

#include "store-int.h"
#include "store-test.h"

void
store_test_begin(struct tmpdb *fx, const char *sha)
{
	struct store_import_meta	 m;
	char				*cause = NULL;

	memset(&m, 0, sizeof m);
	m.file = "in.jsonl";
	m.format = "test";
	m.sha256 = sha;
	assert_int_equal(store_import_begin(fx->st, &m, &fx->sink, &cause), 0);
}

void
store_test_end_ok(struct tmpdb *fx, struct store_import_counts *c)
{
	char	*cause = NULL;

	assert_int_equal(store_import_end(fx->st, 1, c, &cause), 0);
	assert_null(cause);
}

void
store_test_end_fails(struct tmpdb *fx, const char *want)
{
	char	*cause = NULL;

	assert_int_equal(store_import_end(fx->st, 1, NULL, &cause), -1);
	assert_string_equal(cause, want);
	free(cause);
}

void
store_test_checkpoint(struct tmpdb *fx)
{
	char	*cause = NULL;

	assert_int_equal(store_import_checkpoint(fx->st, &cause), 0);
	assert_null(cause);
}

void
store_test_trace(struct tmpdb *fx, const char *ext, const char *problem)
{
	struct cn_trace	t;
	char		*cause = NULL;

	memset(&t, 0, sizeof t);
	t.ext_id = ext;
	t.problem = problem;
	assert_int_equal(fx->sink.trace(fx->sink.arg, &t, &cause), CN_OK);
}

int
store_test_node_rc(struct tmpdb *fx, const char *ext, const char *parent,
    const char *text, double visits, double reward, double outcome,
    char **causep)
{
	struct cn_node	n;
	char		*cause = NULL;
	int		 rc;

	cn_node_init(&n);
	n.ext_id = ext;
	n.parent_ext = parent;
	n.text = text;
	n.src_line = 7;
	n.src_col = 3;
	n.sig[CN_SIG_VISITS] = visits;
	n.sig[CN_SIG_REWARD] = reward;
	n.sig[CN_SIG_OUTCOME] = outcome;
	rc = fx->sink.node(fx->sink.arg, &n, &cause);
	if (causep != NULL)
		*causep = cause;
	else
		free(cause);
	return rc;
}

void
store_test_node_sig(struct tmpdb *fx, const char *ext, const char *parent,
    const char *text, double visits, double reward, double outcome)
{
	char	*cause = NULL;

	assert_int_equal(store_test_node_rc(fx, ext, parent, text, visits,
	    reward, outcome, &cause), CN_OK);
	assert_null(cause);
}

void
store_test_node_bad(struct tmpdb *fx, const char *ext, const char *parent,
    const char *text, double visits, const char *want)
{
	char	*cause = NULL;

	assert_int_equal(store_test_node_rc(fx, ext, parent, text, visits,
	    CN_NOVAL, CN_NOVAL, &cause), CN_BAD);
	assert_string_equal(cause, want);
	free(cause);
}

void
store_test_node(struct tmpdb *fx, const char *ext, const char *parent,
    const char *text)
{
	store_test_node_sig(fx, ext, parent, text, CN_NOVAL, CN_NOVAL,
	    CN_NOVAL);
}

void
store_test_begin_root(struct tmpdb *fx, double visits)
{
	store_test_begin(fx, NULL);
	store_test_trace(fx, "t", NULL);
	store_test_node_sig(fx, "r", NULL, "root", visits, CN_NOVAL,
	    CN_NOVAL);
}

int64_t
store_test_resolve(struct store *st, const char *addr)
{
	int64_t	 id = 0;
	char	*cause = NULL;

	assert_int_equal(store_node_resolve(st, addr, &id, &cause), 1);
	return id;
}

void
store_test_get(struct store *st, const char *addr, struct cn_node *n)
{
	char	*cause = NULL;

	cn_node_init(n);
	assert_int_equal(store_node_get(st, store_test_resolve(st, addr), n,
	    &cause), 1);
}

int64_t
store_test_trace_id(struct store *st, const char *ext)
{
	struct cn_trace	 t;
	char		*cause = NULL;
	int64_t		 id;

	memset(&t, 0, sizeof t);
	assert_int_equal(store_trace_find(st, ext, &t, &cause), 1);
	id = t.id;
	cn_trace_clear(&t);
	return id;
}

int64_t
store_test_hits(struct store *st, const char *ext, const char *words)
{
	int64_t	 n = -1;
	char	*cause = NULL;

	assert_int_equal(store_search_count(st, store_test_trace_id(st, ext),
	    words, &n, &cause), 0);
	return n;
}

void
store_test_assert_hits(struct store *st, const char *ext, const char *hits)
{
	const char	*p = hits;
	char		 word[32];
	long long	 want;
	int64_t		 got;
	int		 used;

	while (sscanf(p, " %31[^= ]=%lld%n", word, &want, &used) == 2) {
		p += used;
		if ((got = store_test_hits(st, ext, word)) != want)
			fail_msg("%s: %s has %lld hits, not %lld", ext, word,
			    (long long)got, want);
	}
	p += strspn(p, " ");
	if (*p != '\0')
		fail_msg("%s: cannot read hits at \"%s\"", ext, p);
}

void
store_test_assert_index(struct store *st, const char *ext, const char *hits)
{
	store_test_assert_hits(st, ext, hits);
	store_test_fts_intact(st);
}

void
store_test_fts_intact(struct store *st)
{
	assert_int_equal(sqlite3_exec(st->db, "INSERT INTO nodes_fts(nodes_fts,"
	    " rank) VALUES('integrity-check', 1)", NULL, NULL, NULL),
	    SQLITE_OK);
}

void
store_test_assert_node(struct store *st, const char *addr, const char *facts)
{
	struct cn_node	 n;
	const char	*p = facts;
	char		 key[16];
	double		 want, d;
	size_t		 i;
	int		 used;

	store_test_get(st, addr, &n);
	{
		const struct {
			const char	*key;
			double		 got;
		} f[] = {
			{ "depth", n.depth }, { "ordinal", n.ordinal },
			{ "children", (double)n.child_count },
			{ "subtree", (double)n.subtree_size },
			{ "leaves", (double)n.leaf_count },
			{ "ok", (double)n.ok_leaves },
			{ "outcomes", (double)n.outcome_leaves },
			{ "best", n.best_leaf_reward },
			{ "visits", n.sig[CN_SIG_VISITS] },
			{ "reward", n.sig[CN_SIG_REWARD] },
			{ "outcome", n.sig[CN_SIG_OUTCOME] },
			{ "annotations", (double)n.annotation_count },
			{ "terminal", n.terminal }, { "chosen", n.chosen },
		};

		while (sscanf(p, " %15[a-z]=%lf%n", key, &want, &used) == 2) {
			p += used;
			for (i = 0; i < sizeof f / sizeof f[0]; i++)
				if (strcmp(f[i].key, key) == 0)
					break;
			if (i == sizeof f / sizeof f[0])
				fail_msg("%s: no fact %s", addr, key);
			d = f[i].got - want;
			if (d > 1e-12 || d < -1e-12)
				fail_msg("%s: %s is %.15g, not %.15g", addr,
				    key, f[i].got, want);
		}
	}
	p += strspn(p, " ");
	if (*p != '\0')
		fail_msg("%s: cannot read facts at \"%s\"", addr, p);
	cn_node_clear(&n);
}

int64_t
store_test_int64(struct store *st, const char *sql)
{
	sqlite3_stmt	*s;
	int64_t		 n;

	assert_int_equal(sqlite3_prepare_v2(st->db, sql, -1, &s, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

void
store_test_stats_line(struct store *st, char *out, size_t len)
{
	struct store_stats	s;
	char			*cause = NULL;

	assert_int_equal(store_stats_get(st, &s, &cause), 0);
	snprintf(out, len, "%lld %lld %lld %zu", (long long)s.traces,
	    (long long)s.nodes, (long long)s.annotations, s.nsignals);
	store_stats_free(&s);
}

void
store_test_assert_wal(const char *path)
{
	sqlite3		*db;
	sqlite3_stmt	*s;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &s,
	    NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "wal");
	sqlite3_finalize(s);
	sqlite3_close(db);
}

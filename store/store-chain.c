/*
 * store-chain.c - long only-child runs ("chains"), recorded at import, and
 * the reads that cross them. An agent run or a ProcessBench chain is one
 * path thousands of steps deep; walking it a level at a time (even inside
 * one recursive statement) costs ~1 us a level, 100 ms for a 100,000-step
 * chain. The `chains` table names, for each node of a run of at least
 * STORE_CHAIN_MIN nodes, the run's top and the node's depth, so the node
 * at any depth of the run, its end and a node's ancestors in it are each
 * one indexed read.
 *
 * A row only says "node_id descends from top, at depth", which nothing
 * added later can make false. Whether a stretch of it still has no other
 * child (a rerun may have added a sibling since) is checked against the
 * subtree sizes the writers keep current: from x down to y is an
 * only-child run exactly when size(x) = depth(y) - depth(x) + size(y).
 */
#include "config.h"

#include <stdlib.h>

#include "store-int.h"
#include "store-skel.h"

/* Shorter runs are walked: a few levels cost less than the rows. */
#define STORE_CHAIN_MIN	64

static const char sql_put[] =
	"INSERT OR IGNORE INTO chains(top, depth, node_id) VALUES (?, ?, ?)";
static const char sql_of[] =
	"SELECT c.top, c.depth, n.depth FROM chains c"
	" JOIN nodes n ON n.id = c.top WHERE c.node_id = ?1"
	" ORDER BY n.depth LIMIT 1";
static const char sql_at[] =
	"SELECT node_id FROM chains WHERE top = ?1 AND depth = ?2";
static const char sql_depth[] =
	"SELECT depth FROM chains WHERE node_id = ?1 AND top = ?2";
static const char sql_end[] =
	"SELECT node_id, depth FROM chains WHERE top = ?1"
	" ORDER BY depth DESC LIMIT 1";
static const char sql_size[] =
	"SELECT coalesce((SELECT size FROM subtrees WHERE node_id = ?1), 1)";

/*
 * Up from ?1 (not itself) as keys, nearest first, stopping after the
 * first node that is in a recorded chain (ch = 1): the caller crosses
 * the chain in one read and goes on from its top.
 */
static const char sql_up[] =
	"WITH RECURSIVE a(id, pid, depth, d, ch) AS ("
	" SELECT id, parent_id, depth, 0, 0 FROM nodes WHERE id = ?1"
	" UNION ALL SELECT n.id, n.parent_id, n.depth, a.d + 1,"
	" EXISTS (SELECT 1 FROM chains c WHERE c.node_id = n.id)"
	" FROM nodes n JOIN a ON n.id = a.pid WHERE a.ch = 0)"
	" SELECT a.id, a.depth, coalesce(s.child_count, 0), a.ch FROM a"
	" LEFT JOIN subtrees s ON s.node_id = a.id WHERE a.d > 0"
	" ORDER BY a.d";

int
store_chains_record(struct store *st, const struct skel_kids *kd,
    const int32_t *parent, const int32_t *depth, const int64_t *ids,
    uint32_t n, char **cause)
{
	uint32_t	 i, j, len;
	int32_t		 p;

#define ONLY_CHILD(x)	(kd->off[(x) + 1] - kd->off[(x)] == 1)
	for (i = 0; i < n; i++) {
		p = parent[i];
		/* A run starts below a node with no or several children. */
		if (p >= 0 && ONLY_CHILD((uint32_t)p))
			continue;
		for (len = 1, j = i; ONLY_CHILD(j); len++)
			j = kd->kids[kd->off[j]];
		if (len < STORE_CHAIN_MIN)
			continue;
		for (j = i;; j = kd->kids[kd->off[j]]) {
			if (store_run(st, sql_put, "import: chain", cause,
			    "idi", ids[i], (int)depth[j], ids[j]) != 0)
				return -1;
			if (!ONLY_CHILD(j))
				break;
		}
	}
#undef ONLY_CHILD
	return 0;
}

int
store_chain_of(struct store *st, int64_t node, int64_t *top, int *depth,
    int *top_depth, char **cause)
{
	sqlite3_stmt	*s;
	int		 rc;

	if ((s = store_stmt(st, sql_of, cause, "i", node)) == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*top = sqlite3_column_int64(s, 0);
		*depth = sqlite3_column_int(s, 1);
		*top_depth = sqlite3_column_int(s, 2);
	}
	return store_found(st, s, rc, "chain", cause);
}

int
store_chain_at(struct store *st, int64_t top, int depth, int64_t *node,
    char **cause)
{
	return store_one_int64(st, sql_at, node, "chain", cause, "id", top,
	    depth);
}

int
store_chain_depth(struct store *st, int64_t top, int64_t node, int *depth,
    char **cause)
{
	int64_t	d;
	int	rc;

	rc = store_one_int64(st, sql_depth, &d, "chain", cause, "ii", node,
	    top);
	if (rc == 1)
		*depth = (int)d;
	return rc;
}

/* Whether x (at depth dx) down to y (at dy) is an only-child run. */
static int
run_pure(struct store *st, int64_t x, int dx, int64_t y, int dy, int *pure,
    char **cause)
{
	int64_t	sx, sy;

	if (store_one_int64(st, sql_size, &sx, "chain", cause, "i", x) < 0 ||
	    store_one_int64(st, sql_size, &sy, "chain", cause, "i", y) < 0)
		return -1;
	*pure = sx - sy == (int64_t)dy - dx;
	return 0;
}

int
store_chain_down(struct store *st, int64_t node, int64_t *end,
    int *end_depth, char **cause)
{
	sqlite3_stmt	*s;
	int64_t		 top, e = node, m;
	int		 dx, dt, de = 0, lo, hi, mid, pure, rc;

	*end = node;
	rc = store_chain_of(st, node, &top, &dx, &dt, cause);
	*end_depth = dx;
	if (rc <= 0)
		return rc;
	if ((s = store_stmt(st, sql_end, cause, "i", top)) == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		e = sqlite3_column_int64(s, 0);
		de = sqlite3_column_int(s, 1);
	}
	if ((rc = store_found(st, s, rc, "chain", cause)) <= 0)
		return rc;
	if (run_pure(st, node, dx, e, de, &pure, cause) != 0)
		return -1;
	if (!pure) {
		/* A sibling was added since: the last depth still pure. */
		lo = dx;
		hi = de;
		e = node;
		while (hi - lo > 1) {
			mid = lo + (hi - lo) / 2;
			if ((rc = store_chain_at(st, top, mid, &m, cause)) < 0)
				return -1;
			if (rc == 0 ||
			    run_pure(st, node, dx, m, mid, &pure, cause) != 0)
				return rc == 0 ? 0 : -1;
			if (pure) {
				lo = mid;
				e = m;
			} else
				hi = mid;
		}
		de = lo;
	}
	*end = e;
	*end_depth = de;
	return 1;
}

int
store_ancestor_runs(struct store *st, int64_t node, struct store_anc **v,
    size_t *n, char **cause)
{
	sqlite3_stmt	*s;
	struct store_anc *a, t;
	int64_t		 from = node, top;
	size_t		 cap = 0, i;
	int		 rc, ch, dc, dt;

	*v = NULL;
	*n = 0;
	for (;;) {
		if ((s = store_stmt(st, sql_up, cause, "i", from)) == NULL)
			goto fail;
		ch = 0;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			store_anc_push(s, v, n, &cap);
			ch = sqlite3_column_int(s, 3);
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE) {
			store_err(st, "ancestors", cause);
			goto fail;
		}
		if (!ch)
			break;
		/* The last row is in a chain: the rest of it in one entry. */
		a = &(*v)[*n - 1];
		if (store_chain_of(st, a->id, &top, &dc, &dt, cause) != 1)
			goto fail;
		if (top != a->id) {
			a->id = top;
			a->depth = dt;
			a->child_count = 1;
		}
		from = top;
	}
	/* Root first, as store_ancestor_keys. */
	for (i = 0; i < *n / 2; i++) {
		t = (*v)[i];
		(*v)[i] = (*v)[*n - 1 - i];
		(*v)[*n - 1 - i] = t;
	}
	return 0;
fail:
	free(*v);
	*v = NULL;
	*n = 0;
	return -1;
}

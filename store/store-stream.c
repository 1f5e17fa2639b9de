/*
 * store-stream.c - a subtree in preorder, read in bulk for `show` on
 * million-node traces. The trace's skeleton (id, parent, ordinal: no
 * text) is read in one pass and the preorder worked out in memory; then
 * the nodes are read in that order, a chunk of ids at a time, each chunk
 * one statement stepping through a JSON array of ids (a seek per node,
 * no statement reset or bind per node), with their other signals merged
 * in from a parallel read of the signals table in the same order. Nodes
 * are numbered in file order, which is rarely preorder (bench/gen writes
 * each node's children together), so reading ranges in id order instead
 * would pass over most rows several times. A big selection out of id
 * order goes through the spool instead (store-spool.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-int.h"
#include "store-skel.h"
#include "store-stream.h"

/* Nodes read by one statement: their ids as JSON text, ~16 KiB. */
#define STREAM_CHUNK	2048
/* sql_rows' column of j.key: after STORE_NODE_COLS' 26. */
#define STREAM_KEY	26

static const char sql_node_trace[] =
	"SELECT n.trace_id, t.annotation_count FROM nodes n"
	" JOIN traces t ON t.id = n.trace_id WHERE n.id = ?1";
static const char sql_skel[] =
	"SELECT id, coalesce(parent_id, 0), ordinal FROM nodes"
	" WHERE trace_id = ?1 ORDER BY id";
/*
 * The same skeleton from two index-only reads when the trace's ids are
 * dense: its ids (nodes_skel or nodes_ext), then (parent, ordinal, id)
 * of every child of a node in its id range (nodes_children), which
 * holds the ordinal that nodes_skel lacks. Neither touches the rows and
 * their text: at 1M nodes, half the pages the one statement above reads.
 */
static const char sql_skel_ids[] =
	"SELECT id FROM nodes WHERE trace_id = ?1 ORDER BY id";
static const char sql_skel_kids[] =
	"SELECT parent_id, ordinal, id FROM nodes"
	" WHERE parent_id BETWEEN ?1 AND ?2";
static const char sql_skel_ord[] = "SELECT ordinal FROM nodes WHERE id = ?1";
/* Above this many ids in the range per id of the trace, the rows win. */
#define SKEL_SPARSE	4
/*
 * CROSS JOIN keeps the array the outer loop, so rows come in its order;
 * j.key, the position in it, is checked.
 */
#define STREAM_ROWS							\
	" FROM json_each(?1) j CROSS JOIN nodes n ON n.id = j.value"	\
	" LEFT JOIN subtrees s ON s.node_id = n.id"
static const char sql_rows[] = STORE_NODE_COLS ", j.key" STREAM_ROWS;
/* A trace without labels: no label count per node (a seek each). */
static const char sql_rows_unlabelled[] =
	STORE_NODE_COLS_UNLABELLED ", 0, j.key" STREAM_ROWS;
/* Per node, by name id (sorted by name in C). */
static const char sql_sigs[] =
	"SELECT j.key, s.name_id, s.value FROM json_each(?1) j"
	" CROSS JOIN signals s ON s.node_id = j.value";
static const char sql_names[] =
	"SELECT id, name FROM signal_names ORDER BY name";

/* The index of id in ids[0..n) (ascending), or -1. */
static int32_t
skel_find(const int64_t *ids, uint32_t n, int64_t id)
{
	uint32_t	lo = 0, hi = n, mid;

	/* A trace imported alone has consecutive ids: no search. */
	if (n > 0 && id >= ids[0] && (uint64_t)(id - ids[0]) < n &&
	    ids[id - ids[0]] == id)
		return (int32_t)(id - ids[0]);

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < n && ids[lo] == id ? (int32_t)lo : -1;
}

static void
skel_grow(struct stream_skel *sk, size_t *cap)
{
	if (sk->n < *cap)
		return;
	*cap = *cap == 0 ? 1024 : *cap * 2;
	sk->id = xreallocarray(sk->id, *cap, sizeof *sk->id);
	sk->par = xreallocarray(sk->par, *cap, sizeof *sk->par);
	sk->ord = xreallocarray(sk->ord, *cap, sizeof *sk->ord);
}

/*
 * Fills parents and ordinals from nodes_children. A node no child row
 * of the trace names (a root, or one whose parent is gone) has no parent
 * here either and gets its ordinal by a point read: one per root.
 */
static int
skel_kids_read(struct store *st, struct stream_skel *sk, char **cause)
{
	sqlite3_stmt	*s;
	uint32_t	 i;
	int32_t		 pi, ci;
	int		 rc;

	for (i = 0; i < sk->n; i++)
		sk->par[i] = -2;
	if ((s = store_prepare(st, sql_skel_kids, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, sk->id[0]);
	sqlite3_bind_int64(s, 2, sk->id[sk->n - 1]);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pi = skel_find(sk->id, sk->n, sqlite3_column_int64(s, 0));
		ci = skel_find(sk->id, sk->n, sqlite3_column_int64(s, 2));
		if (pi < 0 || ci < 0)
			continue;
		sk->par[ci] = pi;
		sk->ord[ci] = sqlite3_column_int(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, "read subtree", cause);
	if ((s = store_prepare(st, sql_skel_ord, cause)) == NULL)
		return -1;
	for (i = 0; i < sk->n; i++) {
		if (sk->par[i] != -2)
			continue;
		sk->par[i] = -1;
		sqlite3_bind_int64(s, 1, sk->id[i]);
		rc = sqlite3_step(s);
		sk->ord[i] = rc == SQLITE_ROW ? sqlite3_column_int(s, 0) : 0;
		sqlite3_reset(s);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return store_err(st, "read subtree", cause);
	}
	return 0;
}

/*
 * Reads the skeleton of trace: by the indexes when its ids are dense
 * (the usual case: an import numbers a trace's nodes together), else
 * from the rows. There a parent is looked up among the ids read so far;
 * one with a greater id than its child (rare) is looked up after.
 */
static int
skel_read(struct store *st, int64_t trace, struct stream_skel *sk,
    char **cause)
{
	sqlite3_stmt	*s;
	int64_t		*late = NULL, pid;
	size_t		 cap = 0, nlate = 0, i;
	int		 rc;

	memset(sk, 0, sizeof *sk);
	if ((s = store_prepare(st, sql_skel_ids, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, trace);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && sk->n < INT32_MAX) {
		skel_grow(sk, &cap);
		sk->id[sk->n++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_err(st, "read subtree", cause);
	if (sk->n > 0 && (uint64_t)(sk->id[sk->n - 1] - sk->id[0]) / sk->n <
	    SKEL_SPARSE)
		return skel_kids_read(st, sk, cause);
	sk->n = 0;
	if ((s = store_prepare(st, sql_skel, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, trace);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sk->n == INT32_MAX)
			break;
		skel_grow(sk, &cap);
		sk->id[sk->n] = sqlite3_column_int64(s, 0);
		pid = sqlite3_column_int64(s, 1);
		sk->ord[sk->n] = sqlite3_column_int(s, 2);
		sk->par[sk->n] = pid == 0 ? -1 : skel_find(sk->id, sk->n, pid);
		if (pid != 0 && pid > sk->id[sk->n]) {
			late = xreallocarray(late, nlate + 1, 2 * sizeof *late);
			late[2 * nlate] = sk->n;
			late[2 * nlate + 1] = pid;
			nlate++;
		}
		sk->n++;
	}
	sqlite3_reset(s);
	for (i = 0; i < nlate; i++)
		sk->par[late[2 * i]] = skel_find(sk->id, sk->n, late[2 * i + 1]);
	free(late);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return store_err(st, "read subtree", cause);
	return 0;
}

static void
skel_free(struct stream_skel *sk)
{
	free(sk->id);
	free(sk->par);
	free(sk->ord);
	memset(sk, 0, sizeof *sk);
}

static int
key_cmp(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * Puts each node's children in ordinal order (then id order, as they
 * arrived): importers give them in that order already, which one pass
 * checks; the others are sorted.
 */
static void
kids_sort(struct skel_kids *k, const int32_t *ord, uint32_t n)
{
	uint64_t	*key = NULL;
	uint32_t	 p, i, a, b, len;
	size_t		 cap = 0;

	for (p = 0; p < n; p++) {
		a = k->off[p];
		b = k->off[p + 1];
		for (i = a + 1; i < b; i++)
			if (ord[k->kids[i]] < ord[k->kids[i - 1]])
				break;
		if (i >= b)
			continue;
		len = b - a;
		if (len > cap) {
			cap = len;
			key = xreallocarray(key, cap, sizeof *key);
		}
		/* The ordinal, offset to sort unsigned, above the index. */
		for (i = 0; i < len; i++)
			key[i] = (uint64_t)((uint32_t)ord[k->kids[a + i]] ^
			    0x80000000u) << 32 | k->kids[a + i];
		qsort(key, len, sizeof *key, key_cmp);
		for (i = 0; i < len; i++)
			k->kids[a + i] = (uint32_t)key[i];
	}
	free(key);
}

/*
 * The preorder of the subtree of root, down to max_depth levels below it
 * (< 0: all), into a new array of *m skeleton indices. An explicit stack:
 * a chain a million deep must not use the C stack. A walk longer than
 * the trace has gone round a cycle of parents and stops there.
 */
static uint32_t *
skel_preorder(const struct skel_kids *k, uint32_t n, uint32_t root,
    int max_depth, uint32_t *m)
{
	struct frame {
		uint32_t	 node;
		uint32_t	 next;	/* the next of its children */
	}		*stack;
	uint32_t	*pre, sp = 0, c;
	size_t		 cap = 64;

	pre = xreallocarray(NULL, n, sizeof *pre);
	stack = xreallocarray(NULL, cap, sizeof *stack);
	pre[0] = root;
	*m = 1;
	if (max_depth != 0) {
		stack[0].node = root;
		stack[0].next = k->off[root];
		sp = 1;
	}
	while (sp > 0 && *m < n) {
		struct frame	*f = &stack[sp - 1];

		if (f->next == k->off[f->node + 1]) {
			sp--;
			continue;
		}
		c = k->kids[f->next++];
		pre[(*m)++] = c;
		if (max_depth >= 0 && sp >= (uint32_t)max_depth)
			continue;
		if (sp == cap) {
			cap *= 2;
			stack = xreallocarray(stack, cap, sizeof *stack);
		}
		stack[sp].node = c;
		stack[sp].next = k->off[c];
		sp++;
	}
	free(stack);
	return pre;
}

static int
name_id_cmp(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* The other signals' names, sorted, and each name id's rank. */
static int
names_read(struct stream *w, char **cause)
{
	sqlite3_stmt	*s;
	int64_t		*pairs;
	size_t		 cap = 0, i;
	int		 rc;

	if ((s = store_prepare(w->st, sql_names, cause)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (w->nnames == cap) {
			cap = cap == 0 ? 16 : cap * 2;
			w->names = xreallocarray(w->names, cap,
			    sizeof *w->names);
			w->name_ids = xreallocarray(w->name_ids, cap,
			    sizeof *w->name_ids);
		}
		w->name_ids[w->nnames] = sqlite3_column_int64(s, 0);
		w->names[w->nnames++] = store_col_text(s, 1);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(w->st, "read signal names", cause);
	/* (id, rank) pairs sorted by id, for a binary search per signal. */
	pairs = xreallocarray(NULL, w->nnames + 1, 2 * sizeof *pairs);
	for (i = 0; i < w->nnames; i++) {
		pairs[2 * i] = w->name_ids[i];
		pairs[2 * i + 1] = (int64_t)i;
	}
	qsort(pairs, w->nnames, 2 * sizeof *pairs, name_id_cmp);
	for (i = 0; i < w->nnames; i++) {
		w->name_ids[i] = pairs[2 * i];
		pairs[i] = pairs[2 * i + 1];
	}
	w->by_id = xreallocarray(NULL, w->nnames + 1, sizeof *w->by_id);
	for (i = 0; i < w->nnames; i++)
		w->by_id[i] = (uint32_t)pairs[i];
	free(pairs);
	return 0;
}

/*
 * The other signals of the node at key (its position in the chunk, or
 * its id for the spool's read), in name order as store_node_get gives
 * them, into w->more: the signal read is stepped past the rows of nodes
 * gone since the skeleton was read, or not selected.
 */
int
stream_sigs(struct stream *w, int64_t key, size_t *nmore)
{
	sqlite3_stmt	*s = w->sigs;
	int64_t		 nkey;
	int32_t		 at;
	uint32_t	 r;
	size_t		 j;
	double		 v;
	int		 rc;

	*nmore = 0;
	while (w->sig_row) {
		nkey = sqlite3_column_int64(s, 0);
		if (nkey > key)
			break;
		if (nkey == key && (at = skel_find(w->name_ids,
		    (uint32_t)w->nnames, sqlite3_column_int64(s, 1))) >= 0) {
			if (*nmore == w->cap) {
				w->cap = w->cap == 0 ? 8 : w->cap * 2;
				w->more = xreallocarray(w->more, w->cap,
				    sizeof *w->more);
				w->rank = xreallocarray(w->rank, w->cap,
				    sizeof *w->rank);
			}
			r = w->by_id[at];
			v = sqlite3_column_double(s, 2);
			/* Insertion by name: a node has a few. */
			for (j = *nmore; j > 0 && w->rank[j - 1] > r; j--) {
				w->rank[j] = w->rank[j - 1];
				w->more[j] = w->more[j - 1];
			}
			w->rank[j] = r;
			w->more[j].name = w->names[r];
			w->more[j].value = v;
			(*nmore)++;
		}
		if ((rc = sqlite3_step(s)) != SQLITE_ROW) {
			w->sig_row = 0;
			if (rc != SQLITE_DONE)
				return store_err(w->st, "read signals",
				    w->cause);
		}
	}
	return 0;
}

/* The nodes pre[0..m), each passed to the callback, in that order. */
static int
stream_chunk(struct stream *w, const uint32_t *pre, uint32_t m)
{
	struct cn_node	 n;
	char		 num[24];
	int64_t		 key, last = -1;
	uint32_t	 j;
	size_t		 nmore;
	int		 rc, r = 0;

	buf_reset(&w->ids);
	buf_addc(&w->ids, '[');
	for (j = 0; j < m; j++) {
		if (j > 0)
			buf_addc(&w->ids, ',');
		buf_add(&w->ids, num, (size_t)snprintf(num, sizeof num,
		    "%lld", (long long)w->sk->id[pre[j]]));
	}
	buf_addc(&w->ids, ']');
	sqlite3_bind_text(w->rows, 1, w->ids.s, (int)w->ids.len, SQLITE_STATIC);
	sqlite3_bind_text(w->sigs, 1, w->ids.s, (int)w->ids.len, SQLITE_STATIC);
	if ((rc = sqlite3_step(w->sigs)) != SQLITE_ROW && rc != SQLITE_DONE)
		r = store_err(w->st, "read signals", w->cause);
	w->sig_row = rc == SQLITE_ROW;
	while (r == 0 && (rc = sqlite3_step(w->rows)) == SQLITE_ROW) {
		/* A node gone since the skeleton was read has no row. */
		key = sqlite3_column_int64(w->rows, STREAM_KEY);
		if (key <= last) {
			r = store_err(w->st, "read subtree: rows out of order",
			    w->cause);
			break;
		}
		last = key;
		if ((r = stream_sigs(w, key, &nmore)) != 0)
			break;
		store_node_cols(w->rows, &n, 0);
		n.more = w->more;
		n.nmore = nmore;
		r = w->cb(&n, w->arg);
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = store_err(w->st, "read subtree", w->cause);
	sqlite3_reset(w->rows);
	sqlite3_reset(w->sigs);
	return r;
}

/* The nodes pre[0..m), a seek each, in chunks. */
static int
stream_direct(struct stream *w, const uint32_t *pre, uint32_t m, int labels)
{
	uint32_t	i;
	int		r = 0;

	/* Not cached: the callback reads the store while these step. */
	if (sqlite3_prepare_v2(w->st->db, labels ? sql_rows :
	    sql_rows_unlabelled, -1, &w->rows, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(w->st->db, sql_sigs, -1, &w->sigs, NULL) !=
	    SQLITE_OK)
		return store_err(w->st, "read subtree", w->cause);
	for (i = 0; r == 0 && i < m; i += STREAM_CHUNK)
		r = stream_chunk(w, pre + i, m - i < STREAM_CHUNK ?
		    m - i : STREAM_CHUNK);
	return r;
}

int
store_preorder_stream(struct store *st, int64_t node, int max_depth,
    store_node_cb cb, void *arg, char **cause)
{
	struct stream		 w;
	struct stream_skel	 sk;
	struct skel_kids	 k;
	sqlite3_stmt		*s;
	uint32_t		*pre, m;
	int64_t			 trace, labels, lo, hi;
	int32_t			 root;
	int			 r, test;

	memset(&w, 0, sizeof w);
	memset(&k, 0, sizeof k);
	buf_init(&w.ids);
	w.st = st;
	w.cb = cb;
	w.arg = arg;
	w.cause = cause;
	w.sk = &sk;
	/* One snapshot: the skeleton and the rows must agree. */
	if (store_exec(st, "SAVEPOINT stream", cause) != 0)
		return -1;
	memset(&sk, 0, sizeof sk);
	if ((s = store_prepare(st, sql_node_trace, cause)) == NULL) {
		r = -1;
		goto out;
	}
	sqlite3_bind_int64(s, 1, node);
	r = sqlite3_step(s);
	trace = r == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	labels = r == SQLITE_ROW ? sqlite3_column_int64(s, 1) : 0;
	if ((r = store_found(st, s, r, "read subtree", cause)) != 1)
		goto out;
	if ((r = skel_read(st, trace, &sk, cause)) != 0 ||
	    (r = names_read(&w, cause)) != 0)
		goto out;
	if ((root = skel_find(sk.id, sk.n, node)) < 0)
		goto out;
	skel_kids_build(&k, sk.par, sk.n);
	kids_sort(&k, sk.ord, sk.n);
	/* Only the ids are needed from here: the peak is at the kids. */
	free(sk.par);
	free(sk.ord);
	sk.par = NULL;
	sk.ord = NULL;
	pre = skel_preorder(&k, sk.n, (uint32_t)root, max_depth, &m);
	skel_kids_free(&k);
	if (spool_wanted(&sk, pre, m, &lo, &hi, &test))
		r = spool_stream(&w, pre, m, lo, hi, labels != 0, test);
	else
		r = stream_direct(&w, pre, m, labels != 0);
	free(pre);
out:
	sqlite3_finalize(w.rows);
	sqlite3_finalize(w.sigs);
	store_names_free(w.names, w.nnames);
	free(w.name_ids);
	free(w.by_id);
	free(w.more);
	free(w.rank);
	buf_free(&w.ids);
	skel_free(&sk);
	store_exec(st, "RELEASE stream", NULL);
	return r;
}

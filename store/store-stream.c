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
 * would pass over most rows several times.
 *
 * That seek per node still reads most pages of the table many times
 * over when preorder jumps about the ids. A big selection out of id
 * order is therefore spooled: the rows are read once in id order (a
 * rowid range scan, signals merged from their own range scan) and each
 * node's fields written to an unlinked temporary file, into the bucket of
 * its preorder rank (SPOOL_PER ranks each, written in blocks). The walk
 * then reads one bucket at a time and passes its nodes to the callback
 * in rank order: the file is written and read in sequence, never
 * touched at random, and memory holds one bucket, not the trace.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-int.h"
#include "store-skel.h"

/* Nodes read by one statement: their ids as JSON text, ~16 KiB. */
#define STREAM_CHUNK	2048
/* sql_rows' column of j.key: after STORE_NODE_COLS' 26. */
#define STREAM_KEY	26
/*
 * Selections smaller than this are read a seek per node: the spool's
 * scan of the whole id range costs more than it saves below it.
 */
#define SPOOL_MIN	50000
/* Preorder ranks per bucket: its nodes are in memory at once. */
#define SPOOL_PER	8192
/* Bytes a bucket gathers before they are written. */
#define SPOOL_BLOCK	(1u << 15)

/* The trace's skeleton, in id order. */
struct stream_skel {
	int64_t		*id;	/* ascending */
	int32_t		*par;	/* index of the parent, -1 none */
	int32_t		*ord;
	uint32_t	 n;
};

/* The walk's reads and the names of other signals, sorted. */
struct stream {
	struct store		*st;
	store_node_cb		 cb;
	void			*arg;
	char			**cause;
	const struct stream_skel *sk;
	sqlite3_stmt		*rows;
	sqlite3_stmt		*sigs;
	int			 sig_row;	/* sigs is on a row */
	char			**names;	/* sorted */
	int64_t			*name_ids;	/* ascending */
	uint32_t		*by_id;		/* rank of name_ids[i] */
	size_t			 nnames;
	struct cn_signal	*more;		/* the node's, borrowed names */
	uint32_t		*rank;
	size_t			 cap;
	struct cn_buf		 ids;		/* the chunk, a JSON array */
};

/*
 * A node as spooled: a byte saying which of its doubles are there, its
 * SPOOL_NINT integers as zigzag varints (in spool_ints' order), those
 * doubles, its strings (each NUL-terminated), then nmore (name rank as a
 * varint, value) pairs. The bench's nodes take ~70 bytes besides their
 * text, not the ~170 of the fields as they are.
 */
#define SPOOL_NINT	20
#define SPOOL_NDBL	(CN_SIG_COUNT + 1)
#define SPOOL_NSTR	5

/* A run of one bucket's records in the file. */
struct spool_chunk {
	uint64_t	 at;
	uint32_t	 len;
	uint32_t	 next;	/* the bucket's next, or UINT32_MAX */
};

/* The spool of a selection of m nodes. */
struct spool {
	int			 fd;
	uint32_t		 m;
	uint32_t		 per;	/* ranks per bucket */
	uint32_t		 block;	/* bytes per write */
	uint32_t		 nb;	/* buckets */
	uint32_t		*rank;	/* by skeleton index, UINT32_MAX: none */
	uint32_t		*at;	/* by rank: in its bucket, or none */
	struct cn_buf		*wb;	/* by bucket: not yet written */
	uint64_t		*size;	/* by bucket: bytes */
	uint32_t		*head;	/* by bucket: first chunk */
	uint32_t		*tail;
	struct spool_chunk	*chunk;
	uint32_t		 nchunk;
	uint64_t		 pos;	/* bytes written */
	int			 err;	/* errno of a failed write */
};

static const char sql_node_trace[] =
	"SELECT n.trace_id, t.annotation_count FROM nodes n"
	" JOIN traces t ON t.id = n.trace_id WHERE n.id = ?1";
static const char sql_skel[] =
	"SELECT id, coalesce(parent_id, 0), ordinal FROM nodes"
	" WHERE trace_id = ?1 ORDER BY id";
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
/* The spool's reads: every row from id ?1 to id ?2, in id order. */
#define SPOOL_ROWS							\
	" FROM nodes n LEFT JOIN subtrees s ON s.node_id = n.id"	\
	" WHERE n.id BETWEEN ?1 AND ?2 ORDER BY n.id"
static const char sql_spool_rows[] = STORE_NODE_COLS SPOOL_ROWS;
static const char sql_spool_rows_unlabelled[] =
	STORE_NODE_COLS_UNLABELLED ", 0" SPOOL_ROWS;
static const char sql_spool_sigs[] =
	"SELECT node_id, name_id, value FROM signals"
	" WHERE node_id BETWEEN ?1 AND ?2 ORDER BY node_id, name_id";
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

/*
 * Reads the skeleton of trace. A parent is looked up among the ids read
 * so far; one with a greater id than its child (rare) is looked up after.
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
	if ((s = store_prepare(st, sql_skel, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, trace);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (sk->n == INT32_MAX)
			break;
		if (sk->n == cap) {
			cap = cap == 0 ? 1024 : cap * 2;
			sk->id = xreallocarray(sk->id, cap, sizeof *sk->id);
			sk->par = xreallocarray(sk->par, cap, sizeof *sk->par);
			sk->ord = xreallocarray(sk->ord, cap, sizeof *sk->ord);
		}
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
static int
sigs_gather(struct stream *w, int64_t key, size_t *nmore)
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
		if ((r = sigs_gather(w, key, &nmore)) != 0)
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

/*
 * Whether to spool the selection pre[0..m): it is big, its ids are out
 * of order and they are most of the rows from the least to the greatest
 * (a range scan of other traces' rows would cost more than the seeks).
 * CANOPY_TEST_SPOOL_MIN, for tests only, spools any selection of at
 * least that many nodes, in buckets of two nodes written a record at a
 * time, so that a small trace takes every path.
 */
static int
spool_wanted(const struct stream_skel *sk, const uint32_t *pre, uint32_t m,
    int64_t *lo, int64_t *hi, int *test)
{
	const char	*e = getenv("CANOPY_TEST_SPOOL_MIN");
	uint32_t	 j, down = 0;
	int64_t		 id;

	*lo = *hi = sk->id[pre[0]];
	for (j = 1; j < m; j++) {
		id = sk->id[pre[j]];
		if (id < sk->id[pre[j - 1]])
			down++;
		if (id < *lo)
			*lo = id;
		if (id > *hi)
			*hi = id;
	}
	if ((*test = e != NULL && *e != '\0'))
		return m >= strtoul(e, NULL, 10);
	if (m < SPOOL_MIN || (uint64_t)(*hi - *lo) / 4 >= m)
		return 0;
	/* Nearly in id order, seeks read each page about once. */
	return down >= m / 16;
}

/* Writes bucket k's gathered records as a chunk of the file. */
static int
spool_flush(struct spool *sp, uint32_t k)
{
	struct cn_buf	*b = &sp->wb[k];
	const char	*p = b->s;
	size_t		 left = b->len;
	ssize_t		 n;
	uint32_t	 c;

	if (left == 0)
		return 0;
	while (left > 0 && sp->err == 0) {
		if ((n = write(sp->fd, p, left)) >= 0) {
			p += n;
			left -= (size_t)n;
		} else if (errno != EINTR)
			sp->err = errno;
	}
	if (sp->err != 0)
		return -1;
	c = sp->nchunk++;
	sp->chunk = xreallocarray(sp->chunk, sp->nchunk, sizeof *sp->chunk);
	sp->chunk[c].at = sp->pos;
	sp->chunk[c].len = (uint32_t)b->len;
	sp->chunk[c].next = UINT32_MAX;
	if (sp->head[k] == UINT32_MAX)
		sp->head[k] = c;
	else
		sp->chunk[sp->tail[k]].next = c;
	sp->tail[k] = c;
	sp->pos += b->len;
	buf_reset(b);
	return 0;
}

static uint8_t *
spool_put(uint8_t *p, int64_t v)
{
	uint64_t	u = ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);

	for (; u >= 0x80; u >>= 7)
		*p++ = (uint8_t)(u | 0x80);
	*p++ = (uint8_t)u;
	return p;
}

static const uint8_t *
spool_get(const uint8_t *p, int64_t *v)
{
	uint64_t	u = 0;
	int		shift = 0;

	do {
		u |= (uint64_t)(*p & 0x7f) << shift;
		shift += 7;
	} while (*p++ & 0x80);
	*v = (int64_t)(u >> 1) ^ -(int64_t)(u & 1);
	return p;
}

/* The bits of CN_NOVAL, the absent double, exactly. */
static int
spool_absent(double d)
{
	static const double	none = CN_NOVAL;

	return memcmp(&d, &none, sizeof d) == 0;
}

/*
 * Appends the row's node and its nmore other signals to the bucket of
 * rank, recording where it starts.
 */
static int
spool_add(struct stream *w, struct spool *sp, uint32_t rank, size_t nmore)
{
	struct cn_node	 n;
	uint32_t	 k = rank / sp->per, j;
	struct cn_buf	*b = &sp->wb[k];
	size_t		 at = b->len, len[SPOOL_NSTR], i;
	const char	*str[SPOOL_NSTR];
	double		 dbl[SPOOL_NDBL];
	uint8_t		 head[1 + 10 * SPOOL_NINT + 8 * SPOOL_NDBL], *p;

	if (sp->size[k] >= UINT32_MAX) {
		if (w->cause != NULL)
			*w->cause = xstrdup("read subtree: too much text to"
			    " spool");
		return -1;
	}
	sp->at[rank] = (uint32_t)sp->size[k];
	store_node_cols(w->rows, &n, 0);
	str[0] = n.ext_id;
	str[1] = n.role;
	str[2] = n.text;
	str[3] = n.observation;
	str[4] = n.extra;
	for (j = 0; j < SPOOL_NSTR; j++)
		len[j] = str[j] != NULL ? strlen(str[j]) : 0;
	{
		const int64_t	v[SPOOL_NINT] = { n.id, n.trace_id,
		    n.parent_id, n.child_count, n.subtree_size, n.leaf_count,
		    n.ok_leaves, n.outcome_leaves, n.annotation_count,
		    n.ordinal, n.depth, n.terminal, n.chosen,
		    strcmp(n.origin, "rerun") == 0, (int64_t)nmore,
		    /* A string's length plus one; 0: NULL. */
		    str[0] != NULL ? (int64_t)len[0] + 1 : 0,
		    str[1] != NULL ? (int64_t)len[1] + 1 : 0,
		    str[2] != NULL ? (int64_t)len[2] + 1 : 0,
		    str[3] != NULL ? (int64_t)len[3] + 1 : 0,
		    str[4] != NULL ? (int64_t)len[4] + 1 : 0 };

		memcpy(dbl, n.sig, sizeof n.sig);
		dbl[CN_SIG_COUNT] = n.best_leaf_reward;
		p = head + 1;
		for (j = 0; j < SPOOL_NINT; j++)
			p = spool_put(p, v[j]);
		head[0] = 0;
		for (j = 0; j < SPOOL_NDBL; j++) {
			if (spool_absent(dbl[j]))
				continue;
			head[0] |= (uint8_t)(1u << j);
			memcpy(p, &dbl[j], sizeof dbl[j]);
			p += sizeof dbl[j];
		}
	}
	buf_add(b, head, (size_t)(p - head));
	for (j = 0; j < SPOOL_NSTR; j++)
		if (str[j] != NULL)
			buf_add(b, str[j], len[j] + 1);
	for (i = 0; i < nmore; i++) {
		p = spool_put(head, w->rank[i]);
		memcpy(p, &w->more[i].value, sizeof w->more[i].value);
		buf_add(b, head, (size_t)(p - head) + sizeof w->more[i].value);
	}
	sp->size[k] += b->len - at;
	return b->len >= sp->block ? spool_flush(sp, k) : 0;
}

/* Spools the selected nodes from one read of the rows of ids lo..hi. */
static int
spool_fill(struct stream *w, struct spool *sp, int64_t lo, int64_t hi)
{
	const struct stream_skel *sk = w->sk;
	uint32_t		 i = 0, k;
	size_t			 nmore;
	int64_t			 id;
	int			 rc, r = 0;

	sqlite3_bind_int64(w->rows, 1, lo);
	sqlite3_bind_int64(w->rows, 2, hi);
	sqlite3_bind_int64(w->sigs, 1, lo);
	sqlite3_bind_int64(w->sigs, 2, hi);
	if ((rc = sqlite3_step(w->sigs)) != SQLITE_ROW && rc != SQLITE_DONE)
		r = store_err(w->st, "read signals", w->cause);
	w->sig_row = rc == SQLITE_ROW;
	while (r == 0 && (rc = sqlite3_step(w->rows)) == SQLITE_ROW) {
		id = sqlite3_column_int64(w->rows, 0);
		while (i < sk->n && sk->id[i] < id)
			i++;
		/* Another trace's row, or not selected. */
		if (i == sk->n || sk->id[i] != id || sp->rank[i] == UINT32_MAX)
			continue;
		if ((r = sigs_gather(w, id, &nmore)) == 0)
			r = spool_add(w, sp, sp->rank[i], nmore);
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = store_err(w->st, "read subtree", w->cause);
	sqlite3_reset(w->rows);
	sqlite3_reset(w->sigs);
	for (k = 0; r == 0 && k < sp->nb; k++)
		r = spool_flush(sp, k);
	return r;
}

/* The record at rec as a node borrowing its strings from it. */
static void
spool_node(struct stream *w, const char *rec, struct cn_node *n)
{
	const uint8_t	*p = (const uint8_t *)rec;
	const char	*str[SPOOL_NSTR];
	double		 dbl[SPOOL_NDBL];
	int64_t		 v[SPOOL_NINT], rank;
	uint32_t	 j, mask = *p++;
	size_t		 nmore;

	for (j = 0; j < SPOOL_NINT; j++)
		p = spool_get(p, &v[j]);
	for (j = 0; j < SPOOL_NDBL; j++) {
		dbl[j] = CN_NOVAL;
		if (mask & (1u << j)) {
			memcpy(&dbl[j], p, sizeof dbl[j]);
			p += sizeof dbl[j];
		}
	}
	for (j = 0; j < SPOOL_NSTR; j++) {
		str[j] = v[15 + j] == 0 ? NULL : (const char *)p;
		p += v[15 + j];
	}
	cn_node_init(n);
	n->id = v[0];
	n->trace_id = v[1];
	n->parent_id = v[2];
	n->child_count = v[3];
	n->subtree_size = v[4];
	n->leaf_count = v[5];
	n->ok_leaves = v[6];
	n->outcome_leaves = v[7];
	n->annotation_count = v[8];
	n->ordinal = (int)v[9];
	n->depth = (int)v[10];
	n->terminal = (int)v[11];
	n->chosen = (int)v[12];
	n->origin = v[13] ? "rerun" : "imported";
	nmore = (size_t)v[14];
	n->ext_id = str[0];
	n->role = str[1];
	n->text = str[2];
	n->observation = str[3];
	n->extra = str[4];
	memcpy(n->sig, dbl, sizeof n->sig);
	n->best_leaf_reward = dbl[CN_SIG_COUNT];
	if (nmore > w->cap) {
		w->cap = nmore;
		w->more = xreallocarray(w->more, w->cap, sizeof *w->more);
		w->rank = xreallocarray(w->rank, w->cap, sizeof *w->rank);
	}
	for (j = 0; j < nmore; j++) {
		p = spool_get(p, &rank);
		w->more[j].name = (uint64_t)rank < w->nnames ?
		    w->names[rank] : "";
		memcpy(&w->more[j].value, p, sizeof w->more[j].value);
		p += sizeof w->more[j].value;
	}
	n->more = w->more;
	n->nmore = nmore;
}

/* Reads bucket k's chunks, in order, into *buf (of *cap bytes). */
static int
spool_load(struct stream *w, struct spool *sp, uint32_t k, char **buf,
    size_t *cap)
{
	const struct spool_chunk *c;
	uint32_t		 i;
	size_t			 at = 0, got;
	ssize_t			 n;

	if (sp->size[k] > *cap) {
		*cap = (size_t)sp->size[k];
		free(*buf);
		*buf = xreallocarray(NULL, *cap, 1);
	}
	for (i = sp->head[k]; i != UINT32_MAX; i = c->next) {
		c = &sp->chunk[i];
		for (got = 0; got < c->len; got += (size_t)n) {
			n = pread(sp->fd, *buf + at + got, c->len - got,
			    (off_t)(c->at + got));
			if (n < 0 && errno == EINTR)
				n = 0;
			else if (n <= 0) {
				if (w->cause != NULL)
					*w->cause = xasprintf("read subtree:"
					    " reading its spool: %s", n < 0 ?
					    strerror(errno) : "short read");
				return -1;
			}
		}
		at += c->len;
	}
	return 0;
}

/* Passes the spooled nodes to the callback in preorder, a bucket a time. */
static int
spool_walk(struct stream *w, struct spool *sp)
{
	struct cn_node	 n;
	char		*buf = NULL;
	size_t		 cap = 0;
	uint32_t	 k, j, end;
	int		 r = 0;

	for (k = 0; r == 0 && k < sp->nb; k++) {
		if ((r = spool_load(w, sp, k, &buf, &cap)) != 0)
			break;
		end = sp->m - k * sp->per < sp->per ? sp->m : (k + 1) * sp->per;
		for (j = k * sp->per; r == 0 && j < end; j++) {
			/* Gone since the skeleton was read. */
			if (sp->at[j] == UINT32_MAX)
				continue;
			spool_node(w, buf + sp->at[j], &n);
			r = w->cb(&n, w->arg);
		}
	}
	free(buf);
	return r;
}

/* Where the spool goes: $TMPDIR, else /tmp. */
static const char *
spool_dir(void)
{
	const char	*dir = getenv("TMPDIR");

	return dir != NULL && *dir != '\0' ? dir : "/tmp";
}

/*
 * The temporary file, unlinked at once so that it goes however the
 * process ends.
 */
static int
spool_open(struct spool *sp, char **cause)
{
	char	*path;

	path = xasprintf("%s/canopy-spool-XXXXXX", spool_dir());
	if ((sp->fd = mkstemp(path)) == -1) {
		if (cause != NULL)
			*cause = xasprintf("read subtree: cannot make a"
			    " spool in %s: %s (set TMPDIR)", spool_dir(),
			    strerror(errno));
		free(path);
		return -1;
	}
	unlink(path);
	free(path);
	return 0;
}

static void
spool_free(struct spool *sp)
{
	uint32_t	k;

	for (k = 0; k < sp->nb; k++)
		buf_free(&sp->wb[k]);
	free(sp->wb);
	free(sp->rank);
	free(sp->at);
	free(sp->size);
	free(sp->head);
	free(sp->tail);
	free(sp->chunk);
	if (sp->fd != -1)
		close(sp->fd);
}

/*
 * Reads the selection pre[0..m) of ids lo..hi through a spool, then walks
 * it in preorder.
 */
static int
spool_stream(struct stream *w, const uint32_t *pre, uint32_t m, int64_t lo,
    int64_t hi, int labels, int test)
{
	struct spool	 sp;
	uint32_t	 j;
	int		 r;

	memset(&sp, 0, sizeof sp);
	sp.fd = -1;
	sp.m = m;
	sp.per = test ? 2 : SPOOL_PER;
	sp.block = test ? 1 : SPOOL_BLOCK;
	sp.nb = (m + sp.per - 1) / sp.per;
	sp.wb = xcalloc(sp.nb, sizeof *sp.wb);
	sp.size = xcalloc(sp.nb, sizeof *sp.size);
	sp.head = xreallocarray(NULL, sp.nb, sizeof *sp.head);
	sp.tail = xreallocarray(NULL, sp.nb, sizeof *sp.tail);
	memset(sp.head, 0xff, sp.nb * sizeof *sp.head);
	sp.rank = xreallocarray(NULL, w->sk->n, sizeof *sp.rank);
	memset(sp.rank, 0xff, w->sk->n * sizeof *sp.rank);
	for (j = 0; j < m; j++)
		sp.rank[pre[j]] = j;
	sp.at = xreallocarray(NULL, m, sizeof *sp.at);
	memset(sp.at, 0xff, m * sizeof *sp.at);
	if (spool_open(&sp, w->cause) != 0) {
		spool_free(&sp);
		return -1;
	}
	/* Not cached: the callback reads the store while these step. */
	if (sqlite3_prepare_v2(w->st->db, labels ? sql_spool_rows :
	    sql_spool_rows_unlabelled, -1, &w->rows, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(w->st->db, sql_spool_sigs, -1, &w->sigs,
	    NULL) != SQLITE_OK)
		r = store_err(w->st, "read subtree", w->cause);
	else
		r = spool_fill(w, &sp, lo, hi);
	if (r != 0 && sp.err != 0 && w->cause != NULL)
		*w->cause = xasprintf("read subtree: writing its spool of %u"
		    " nodes in %s: %s (set TMPDIR to a bigger disk)", m,
		    spool_dir(), strerror(sp.err));
	/* The walk needs none of the skeleton, nor the write buffers. */
	free(sp.rank);
	sp.rank = NULL;
	for (j = 0; j < sp.nb; j++)
		buf_free(&sp.wb[j]);
	if (r == 0)
		r = spool_walk(w, &sp);
	spool_free(&sp);
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

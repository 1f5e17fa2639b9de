/*
 * store-spool.c - a big subtree out of id order for the preorder walk
 * (store-stream.c). Reading its nodes a seek each in preorder reads most
 * pages of the table many times over when preorder jumps about the ids
 * (bench/gen numbers each node's children together). So the rows are
 * read once in id order (a rowid range scan, signals merged from their
 * own range scan) and each node's fields written to an unlinked
 * temporary file, into the bucket of its preorder rank (SPOOL_PER ranks
 * each, written in blocks). The walk then reads one bucket at a time and
 * passes its nodes to the callback in rank order: the file is written
 * and read in sequence, never touched at random, and memory holds one
 * bucket (or one chunk of a big one), not the trace.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-stream.h"

/*
 * Selections smaller than this are read a seek per node: the spool's
 * scan of the whole id range costs more than it saves below it.
 */
#define SPOOL_MIN	50000
/* Preorder ranks per bucket: its nodes are in memory at once. */
#define SPOOL_PER	8192
/* Bytes a bucket gathers before they are written. */
#define SPOOL_BLOCK	(1u << 15)
/* A bigger bucket is read a chunk at a time (nodes of 2 KiB and more). */
#define SPOOL_LOAD	(16u << 20)

/*
 * A node as spooled: a byte saying which of its doubles are there, its
 * SPOOL_NINT integers as zigzag varints (in spool_add's order), those
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
	uint32_t		 load;	/* bytes of a bucket read whole */
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

/*
 * Whether to spool the selection pre[0..m): it is big, its ids are out
 * of order and they are most of the rows from the least to the greatest
 * (a range scan of other traces' rows would cost more than the seeks).
 * CANOPY_TEST_SPOOL_MIN, for tests only, spools any selection of at
 * least that many nodes, in buckets of two nodes written a record at a
 * time and read whole up to 256 bytes, so that a small trace takes every
 * path.
 */
int
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
		if ((r = stream_sigs(w, id, &nmore)) == 0)
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

/* Makes *buf (of *cap bytes) hold at least want bytes. */
static void
spool_room(char **buf, size_t *cap, size_t want)
{
	if (want > *cap) {
		*cap = want;
		free(*buf);
		*buf = xreallocarray(NULL, *cap, 1);
	}
}

/* Reads chunk c of the spool into dst. */
static int
spool_read(struct stream *w, struct spool *sp, const struct spool_chunk *c,
    char *dst)
{
	size_t	got;
	ssize_t	n;

	for (got = 0; got < c->len; got += (size_t)n) {
		n = pread(sp->fd, dst + got, c->len - got, (off_t)(c->at + got));
		if (n < 0 && errno == EINTR)
			n = 0;
		else if (n <= 0) {
			if (w->cause != NULL)
				*w->cause = xasprintf("read subtree: reading"
				    " its spool: %s", n < 0 ? strerror(errno) :
				    "short read");
			return -1;
		}
	}
	return 0;
}

/* Passes the nodes of ranks from..end, all in *buf, to the callback. */
static int
spool_pass(struct stream *w, struct spool *sp, uint32_t from, uint32_t end,
    const char *buf)
{
	struct cn_node	n;
	uint32_t	j;
	int		r = 0;

	for (j = from; r == 0 && j < end; j++) {
		/* Gone since the skeleton was read. */
		if (sp->at[j] == UINT32_MAX)
			continue;
		spool_node(w, buf + sp->at[j], &n);
		r = w->cb(&n, w->arg);
	}
	return r;
}

/*
 * The nodes of ranks from..end in bucket k, one chunk of it in memory at
 * a time: for a bucket of big nodes, too big to hold (a chunk never
 * splits a record).
 */
static int
spool_pass_chunks(struct stream *w, struct spool *sp, uint32_t k,
    uint32_t from, uint32_t end, char **buf, size_t *cap)
{
	struct cn_node	 n;
	uint32_t	*ci = NULL, i, j, cur = UINT32_MAX;
	uint64_t	*start = NULL, at = 0;
	size_t		 nc = 0, lo, hi, mid;
	int		 r = 0;

	for (i = sp->head[k]; i != UINT32_MAX; i = sp->chunk[i].next) {
		ci = xreallocarray(ci, nc + 1, sizeof *ci);
		start = xreallocarray(start, nc + 1, sizeof *start);
		ci[nc] = i;
		start[nc++] = at;
		at += sp->chunk[i].len;
	}
	for (j = from; r == 0 && j < end; j++) {
		if ((at = sp->at[j]) == UINT32_MAX)
			continue;
		/* The last chunk starting at or before the node. */
		for (lo = 0, hi = nc; hi - lo > 1; ) {
			mid = lo + (hi - lo) / 2;
			if (start[mid] <= at)
				lo = mid;
			else
				hi = mid;
		}
		if (ci[lo] != cur) {
			spool_room(buf, cap, sp->chunk[ci[lo]].len);
			if ((r = spool_read(w, sp, &sp->chunk[ci[lo]],
			    *buf)) != 0)
				break;
			cur = ci[lo];
		}
		spool_node(w, *buf + (at - start[lo]), &n);
		r = w->cb(&n, w->arg);
	}
	free(ci);
	free(start);
	return r;
}

/*
 * Passes the spooled nodes to the callback in preorder, a bucket at a
 * time, read whole unless it is bigger than sp->load.
 */
static int
spool_walk(struct stream *w, struct spool *sp)
{
	char		*buf = NULL;
	size_t		 cap = 0, at;
	uint32_t	 k, i, end;
	int		 r = 0;

	for (k = 0; r == 0 && k < sp->nb; k++) {
		end = sp->m - k * sp->per < sp->per ? sp->m : (k + 1) * sp->per;
		if (sp->size[k] > sp->load) {
			r = spool_pass_chunks(w, sp, k, k * sp->per, end, &buf,
			    &cap);
			continue;
		}
		spool_room(&buf, &cap, (size_t)sp->size[k]);
		at = 0;
		for (i = sp->head[k]; r == 0 && i != UINT32_MAX;
		    i = sp->chunk[i].next) {
			r = spool_read(w, sp, &sp->chunk[i], buf + at);
			at += sp->chunk[i].len;
		}
		if (r == 0)
			r = spool_pass(w, sp, k * sp->per, end, buf);
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
int
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
	sp.load = test ? 256 : SPOOL_LOAD;
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

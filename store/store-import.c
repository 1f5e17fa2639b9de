/*
 * store-import.c - the store's import sink: streams nodes into SQLite in
 * one transaction and, when the import ends, finalizes every trace (parent
 * resolution, cycle and orphan checks, depth, ordinals, subtree summaries).
 *
 * Memory: per trace being imported, about 60 bytes per node (ids, parent,
 * depth, ordinal, sibling count, line, reward, outcome and the ext id
 * itself), so a 1M-node trace costs ~60 MB while it is open; finalizing
 * frees the id map first and then needs ~16 bytes per node more. Text is
 * never kept: it goes straight to SQLite. When the open traces hold more than OPEN_NODES_MAX nodes, traces
 * other than the current one are finalized and dropped; resuming one
 * reloads its skeleton from the database.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store-int.h"

#define OPEN_NODES_MAX	250000	/* then older traces are finalized */
#define OPEN_TRACES_MAX	256	/* rollout dumps hold many small traces */
#define PENDING		(-2)	/* parent named but not seen yet */
#define NOPARENT	(-1)	/* the root */

/* A string -> dense index map: index i is the i-th key added. */
struct smap {
	uint32_t	*slots;		/* index + 1; 0 = empty */
	uint32_t	 nslots;	/* power of two */
	uint32_t	 n;
	uint32_t	*off;		/* key of index i: arena + off[i] */
	uint32_t	 offcap;
	char		*arena;
	size_t		 alen, acap;
};

struct pending {
	int32_t		 seq;
	char		*parent_ext;
};

/* One trace being imported. */
struct imp_trace {
	int64_t		 id;		/* traces.id */
	char		*ext;		/* as stored (renamed on collision) */
	int		 loaded;	/* skeleton in memory */
	int		 dirty;		/* nodes added since last finalize */
	int		 finalized;	/* subtrees rows written at least once */
	int		 fresh;		/* created by this import */
	double		 best_reward;	/* of the nodes added, or CN_NOVAL */
	double		 best_q;
	uint32_t	 n, cap;
	int64_t		*ids;
	int32_t		*parent;	/* seq, NOPARENT or PENDING */
	int32_t		*depth;		/* as written to the row */
	int32_t		*ord;		/* ordinal as written to the row */
	int32_t		*nchild;	/* children seen with a known parent */
	int32_t		*line;
	double		*reward;
	int8_t		*outcome;	/* -1 none, 0, 1 */
	struct smap	 map;		/* ext id -> seq */
	int32_t		 root;		/* seq, or -1 */
	struct pending	*pend;
	size_t		 npend, pendcap;
};

/*
 * Nodes are written NODE_BATCH rows to an INSERT, their named signals
 * SIG_BATCH rows to one: one statement per row cost a third more (bench/,
 * 100k nodes: 0.53 s against 0.35 s). The import numbers the nodes itself,
 * so a row's id is known before it is written.
 */
#define NODE_BATCH	16
#define SIG_BATCH	32
#define NODE_NSTR	5		/* ext_id, role, text, observation, extra */
#define NOSTR		SIZE_MAX

struct brow {
	int64_t		 id, trace, parent;	/* parent 0: none yet */
	int		 ord, depth, terminal, chosen, origin;
	double		 sig[CN_SIG_COUNT];
	size_t		 str[NODE_NSTR];	/* offsets in bstr, or NOSTR */
};

struct srow {
	int64_t		 node, name;
	double		 v;
};

struct store_imp {
	int64_t		 import_id;
	struct timespec	 t0;
	char		*sha256;	/* given at the end, or NULL */
	struct imp_trace **traces;
	size_t		 ntraces, tcap;
	struct smap	 tmap;		/* requested ext id -> traces[] index */
	struct imp_trace *cur;
	uint64_t	 open_nodes;
	uint64_t	 open_max;	/* evict above this many open nodes */
	size_t		 open_traces;	/* traces with a skeleton in memory */
	struct store_import_counts counts;
	int64_t		 fts_done;	/* nodes up to this id are indexed */
	int		 journal_swapped; /* WAL -> DELETE for this import */
	int		 in_txn;	/* between a checkpoint and the next
					   record, the write lock is free */
	const char	*format;
	char		*file;
	/* signal name -> signal_names.id, cached */
	struct smap	 sigmap;
	int64_t		*sigids;
	/* rows not yet written: see imp_flush */
	int64_t		 next_id;	/* id of the next node */
	struct brow	 rows[NODE_BATCH];
	int		 nrows;
	char		*bstr;		/* the rows' strings */
	size_t		 blen, bcap;
	struct srow	*srows;		/* their named signals */
	size_t		 nsrows, srcap;
};

/* ---- string map ---- */

static uint32_t
smap_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static void
smap_free(struct smap *m)
{
	free(m->slots);
	free(m->off);
	free(m->arena);
	memset(m, 0, sizeof *m);
}

/* Index of key, or -1. */
static int64_t
smap_get(const struct smap *m, const char *key)
{
	uint32_t	i, v;

	if (m->nslots == 0)
		return -1;
	for (i = smap_hash(key) & (m->nslots - 1);; i = (i + 1) & (m->nslots - 1)) {
		if ((v = m->slots[i]) == 0)
			return -1;
		if (strcmp(m->arena + m->off[v - 1], key) == 0)
			return v - 1;
	}
}

static const char *
smap_key(const struct smap *m, uint32_t idx)
{
	return m->arena + m->off[idx];
}

static void
smap_place(struct smap *m, uint32_t idx)
{
	uint32_t	i;

	i = smap_hash(m->arena + m->off[idx]) & (m->nslots - 1);
	while (m->slots[i] != 0)
		i = (i + 1) & (m->nslots - 1);
	m->slots[i] = idx + 1;
}

/* Adds key (not present) and returns its index. */
static uint32_t
smap_add(struct smap *m, const char *key)
{
	size_t		len = strlen(key) + 1;
	uint32_t	idx = m->n, i;

	if ((uint64_t)(m->n + 1) * 2 > m->nslots) {
		free(m->slots);
		m->nslots = m->nslots == 0 ? 32 : m->nslots * 2;
		m->slots = xcalloc(m->nslots, sizeof *m->slots);
		for (i = 0; i < m->n; i++)
			smap_place(m, i);
	}
	if (m->alen + len > m->acap) {
		m->acap = m->acap == 0 ? 256 : m->acap;
		while (m->alen + len > m->acap)
			m->acap *= 2;
		m->arena = xrealloc(m->arena, m->acap);
	}
	if (m->n == m->offcap) {
		m->offcap = m->offcap == 0 ? 16 : m->offcap * 2;
		m->off = xreallocarray(m->off, m->offcap, sizeof *m->off);
	}
	if (m->alen > UINT32_MAX - len)
		fatalx("import: too many node ids in one trace");
	memcpy(m->arena + m->alen, key, len);
	m->off[idx] = (uint32_t)m->alen;
	m->alen += len;
	m->n++;
	smap_place(m, idx);
	return idx;
}

/* ---- trace skeletons ---- */

static void
trace_grow(struct imp_trace *t)
{
	if (t->n < t->cap)
		return;
	t->cap = t->cap == 0 ? 16 : t->cap * 2;
	t->ids = xreallocarray(t->ids, t->cap, sizeof *t->ids);
	t->parent = xreallocarray(t->parent, t->cap, sizeof *t->parent);
	t->depth = xreallocarray(t->depth, t->cap, sizeof *t->depth);
	t->ord = xreallocarray(t->ord, t->cap, sizeof *t->ord);
	t->nchild = xreallocarray(t->nchild, t->cap, sizeof *t->nchild);
	t->line = xreallocarray(t->line, t->cap, sizeof *t->line);
	t->reward = xreallocarray(t->reward, t->cap, sizeof *t->reward);
	t->outcome = xreallocarray(t->outcome, t->cap, sizeof *t->outcome);
}

static void
trace_unload(struct store_imp *im, struct imp_trace *t)
{
	size_t	i;

	im->open_nodes -= t->loaded ? t->n : 0;
	im->open_traces -= t->loaded ? 1 : 0;
	free(t->ids);
	free(t->parent);
	free(t->depth);
	free(t->ord);
	free(t->nchild);
	free(t->line);
	free(t->reward);
	free(t->outcome);
	for (i = 0; i < t->npend; i++)
		free(t->pend[i].parent_ext);
	free(t->pend);
	smap_free(&t->map);
	t->ids = NULL;
	t->parent = t->depth = t->ord = t->nchild = t->line = NULL;
	t->reward = NULL;
	t->outcome = NULL;
	t->pend = NULL;
	t->n = t->cap = 0;
	t->npend = t->pendcap = 0;
	t->root = -1;
	t->loaded = 0;
}

static void
trace_free(struct store_imp *im, struct imp_trace *t)
{
	if (t == NULL)
		return;
	trace_unload(im, t);
	free(t->ext);
	free(t);
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t	x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* ---- batched rows ---- */

#define NODE_COLS	"INSERT INTO nodes(id, trace_id, parent_id, ext_id," \
	" ordinal, depth, role, text, observation, terminal, chosen, origin," \
	" visits, q, prior, reward, value, outcome, extra) VALUES "
#define NODE_ROW	"(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define NODE_NPARAM	19
#define NODE_ROW2	NODE_ROW "," NODE_ROW
#define NODE_ROW4	NODE_ROW2 "," NODE_ROW2
#define NODE_ROW8	NODE_ROW4 "," NODE_ROW4
#define NODE_ROW16	NODE_ROW8 "," NODE_ROW8
#define SIG_COLS	"INSERT INTO signals(node_id, name_id, value) VALUES "
#define SIG_ROW		"(?,?,?)"
#define SIG_ROW2	SIG_ROW "," SIG_ROW
#define SIG_ROW4	SIG_ROW2 "," SIG_ROW2
#define SIG_ROW8	SIG_ROW4 "," SIG_ROW4
#define SIG_ROW16	SIG_ROW8 "," SIG_ROW8
#define SIG_ROW32	SIG_ROW16 "," SIG_ROW16

static const char	 node1_sql[] = NODE_COLS NODE_ROW;
static const char	 node_batch_sql[] = NODE_COLS NODE_ROW16;
static const char	 sig1_sql[] = SIG_COLS SIG_ROW;
static const char	 sig_batch_sql[] = SIG_COLS SIG_ROW32;

/* Copies str into the batch's strings; returns its offset. */
static size_t
brow_str(struct store_imp *im, const char *str)
{
	size_t	n, off;

	if (str == NULL)
		return NOSTR;
	n = strlen(str) + 1;
	if (im->blen + n > im->bcap) {
		im->bcap = im->blen + n > 2 * im->bcap ? im->blen + n :
		    2 * im->bcap;
		im->bstr = xrealloc(im->bstr, im->bcap);
	}
	off = im->blen;
	memcpy(im->bstr + off, str, n);
	im->blen += n;
	return off;
}

static void
bind_brow(struct store_imp *im, sqlite3_stmt *s, int base,
    const struct brow *r)
{
	static const int	 strcol[NODE_NSTR] = { 4, 7, 8, 9, 19 };
	int			 k;

	sqlite3_bind_int64(s, base + 1, r->id);
	sqlite3_bind_int64(s, base + 2, r->trace);
	if (r->parent != 0)
		sqlite3_bind_int64(s, base + 3, r->parent);
	else
		sqlite3_bind_null(s, base + 3);
	sqlite3_bind_int(s, base + 5, r->ord);
	sqlite3_bind_int(s, base + 6, r->depth);
	sqlite3_bind_int(s, base + 10, r->terminal);
	sqlite3_bind_int(s, base + 11, r->chosen);
	sqlite3_bind_int(s, base + 12, r->origin);
	for (k = 0; k < CN_SIG_COUNT; k++)
		store_bind_val(s, base + 13 + k, r->sig[k]);
	/* The strings stay put until the statement has run. */
	for (k = 0; k < NODE_NSTR; k++)
		if (r->str[k] == NOSTR)
			sqlite3_bind_null(s, base + strcol[k]);
		else
			sqlite3_bind_text(s, base + strcol[k],
			    im->bstr + r->str[k], -1, SQLITE_STATIC);
}

/* Runs s once its parameters are bound. */
static int
batch_step(struct store *st, sqlite3_stmt *s, const char *what,
    char **cause)
{
	int	rc = sqlite3_step(s);

	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, what, cause);
	return 0;
}

/*
 * Writes the rows held back. Whatever reads nodes or signals during an
 * import (finalization, lookups, annotations, scores) flushes first.
 */
static int
imp_flush(struct store *st, char **cause)
{
	struct store_imp	*im = st->imp;
	sqlite3_stmt		*s;
	size_t			 i, j;
	int			 r;

	if (im->nrows == NODE_BATCH) {
		if ((s = store_prepare(st, node_batch_sql, cause)) == NULL)
			return -1;
		for (r = 0; r < NODE_BATCH; r++)
			bind_brow(im, s, r * NODE_NPARAM, &im->rows[r]);
		if (batch_step(st, s, "import: add nodes", cause) != 0)
			return -1;
	} else
		for (r = 0; r < im->nrows; r++) {
			if ((s = store_prepare(st, node1_sql, cause)) == NULL)
				return -1;
			bind_brow(im, s, 0, &im->rows[r]);
			if (batch_step(st, s, "import: add node", cause) != 0)
				return -1;
		}
	im->nrows = 0;
	im->blen = 0;
	for (i = 0; i < im->nsrows; ) {
		int	 n = im->nsrows - i >= SIG_BATCH ? SIG_BATCH : 1;

		if ((s = store_prepare(st, n > 1 ? sig_batch_sql : sig1_sql,
		    cause)) == NULL)
			return -1;
		for (j = 0; j < (size_t)n; j++) {
			const struct srow	*sr = &im->srows[i + j];

			sqlite3_bind_int64(s, 3 * (int)j + 1, sr->node);
			sqlite3_bind_int64(s, 3 * (int)j + 2, sr->name);
			sqlite3_bind_double(s, 3 * (int)j + 3, sr->v);
		}
		if (batch_step(st, s, "import: signal", cause) != 0)
			return -1;
		i += (size_t)n;
	}
	im->nsrows = 0;
	return 0;
}

/* Loads the skeleton of a trace that is already in the database. */
static int
trace_load(struct store *st, struct imp_trace *t, char **cause)
{
	static const char	 sql[] =
	    "SELECT id, ext_id, parent_id, depth, ordinal, reward, outcome"
	    " FROM nodes WHERE trace_id = ? ORDER BY id";
	struct store_imp	*im = st->imp;
	sqlite3_stmt		*s;
	int64_t			*pids = NULL, *hit;
	uint32_t		 i;
	int			 rc;

	if (t->loaded)
		return 0;
	if (imp_flush(st, cause) != 0)
		return -1;
	t->root = -1;
	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, t->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		double	o;

		trace_grow(t);
		pids = xreallocarray(pids, t->cap, sizeof *pids);
		i = t->n++;
		t->ids[i] = sqlite3_column_int64(s, 0);
		smap_add(&t->map, (const char *)sqlite3_column_text(s, 1));
		pids[i] = sqlite3_column_type(s, 2) == SQLITE_NULL ? 0 :
		    sqlite3_column_int64(s, 2);
		t->depth[i] = sqlite3_column_int(s, 3);
		t->ord[i] = sqlite3_column_int(s, 4);
		t->nchild[i] = 0;
		t->line[i] = 0;
		t->reward[i] = store_col_val(s, 5);
		o = store_col_val(s, 6);
		t->outcome[i] = cn_hasval(o) ? (o == 1.0) : -1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		free(pids);
		return store_err(st, "load trace", cause);
	}
	for (i = 0; i < t->n; i++) {
		if (pids[i] == 0) {
			t->parent[i] = NOPARENT;
			t->root = (int32_t)i;
			continue;
		}
		hit = bsearch(&pids[i], t->ids, t->n, sizeof *t->ids, cmp_i64);
		t->parent[i] = hit == NULL ? NOPARENT : (int32_t)(hit - t->ids);
		if (hit != NULL)
			t->nchild[t->parent[i]]++;
	}
	free(pids);
	t->loaded = 1;
	im->open_nodes += t->n;
	im->open_traces++;
	return 0;
}

/* ---- finalization ---- */

/* The ext id of node seq (heap): from the map, or the row once it is gone. */
static char *
node_name(struct store *st, struct imp_trace *t, uint32_t seq)
{
	static const char	 sql[] = "SELECT ext_id FROM nodes WHERE id = ?";
	sqlite3_stmt		*s;
	char			*name = NULL;

	if (t->map.n > seq)
		return xstrdup(smap_key(&t->map, seq));
	if ((s = store_prepare(st, sql, NULL)) != NULL) {
		sqlite3_bind_int64(s, 1, t->ids[seq]);
		if (sqlite3_step(s) == SQLITE_ROW)
			name = store_col_text(s, 0);
		sqlite3_reset(s);
	}
	return name != NULL ? name : xasprintf("#%lld", (long long)t->ids[seq]);
}

/* Fails finalization with "trace T: node N: what (line L)"; adopts what. */
static int
fin_err(struct store *st, struct imp_trace *t, char **cause, uint32_t seq,
    char *what)
{
	char	*msg, *name = node_name(st, t, seq);

	if (t->line[seq] > 0)
		msg = xasprintf("trace %s: node %s: %s (line %d)", t->ext,
		    name, what, t->line[seq]);
	else
		msg = xasprintf("trace %s: node %s: %s", t->ext, name, what);
	free(name);
	free(what);
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return -1;
}

/*
 * Finalizes one trace. With final == 0 (a checkpoint), a trace whose
 * parents are not all known yet is left for later instead of failing.
 * With final, the skeleton is consumed (the caller unloads the trace):
 * the id map is freed first and the summaries reuse the skeleton's
 * arrays, so a 1M-node tree finalizes in about 53 bytes a node.
 */
static int
trace_finalize(struct store *st, struct imp_trace *t, int final,
    char **cause)
{
	static const char	 fix_sql[] =
	    "UPDATE nodes SET parent_id = ?, depth = ?, ordinal = ?"
	    " WHERE id = ?";
	static const char	 sub_sql[] =
	    "INSERT OR REPLACE INTO subtrees(node_id, child_count, size,"
	    " leaves, ok_leaves, outcome_leaves, best_leaf_reward)"
	    " VALUES (?, ?, ?, ?, ?, ?, ?)";
	static const char	 trace_sql[] =
	    "UPDATE traces SET root_id = ?1, node_count = ?2, max_depth = ?3,"
	    " best_reward = CASE WHEN best_reward IS NULL OR best_reward < ?5"
	    " THEN ?5 ELSE best_reward END,"
	    " best_q = CASE WHEN best_q IS NULL OR best_q < ?6"
	    " THEN ?6 ELSE best_q END WHERE id = ?4";
	uint32_t		*off = NULL, *kids = NULL, *order = NULL;
	uint32_t		 n = t->n, i, j, p, head, tail;
	int32_t			*size, *leaves, *ok, *outc, *depth = NULL;
	int32_t			*own[4] = { NULL, NULL, NULL, NULL };
	double			*best, *own_best = NULL;
	sqlite3_stmt		*s;
	size_t			 k;
	int64_t			 idx;
	int			 rc = -1, maxd = 0;

	if (!t->dirty || !t->loaded)
		return 0;
	/* Resolve parents named before they appeared. */
	for (k = 0; k < t->npend; k++) {
		idx = smap_get(&t->map, t->pend[k].parent_ext);
		if (idx < 0) {
			if (!final)
				return 0;
			return fin_err(st, t, cause, (uint32_t)t->pend[k].seq,
			    xasprintf("unknown parent %s",
			    t->pend[k].parent_ext));
		}
	}
	for (k = 0; k < t->npend; k++) {
		t->parent[t->pend[k].seq] =
		    (int32_t)smap_get(&t->map, t->pend[k].parent_ext);
		free(t->pend[k].parent_ext);
	}
	t->npend = 0;
	if (t->root < 0) {
		if (cause != NULL)
			*cause = xasprintf("trace %s: no root node (every node"
			    " names a parent)", t->ext);
		return -1;
	}
	if (final)
		smap_free(&t->map);

	/* Children lists in arrival order, then a breadth-first walk. */
	off = xcalloc((size_t)n + 1, sizeof *off);
	for (i = 0; i < n; i++)
		if (t->parent[i] >= 0)
			off[t->parent[i] + 1]++;
	for (i = 0; i < n; i++)
		off[i + 1] += off[i];
	kids = xcalloc(n, sizeof *kids);
	order = xcalloc(n, sizeof *order);	/* first the fill counts */
	for (i = 0; i < n; i++)
		if (t->parent[i] >= 0) {
			j = (uint32_t)t->parent[i];
			kids[off[j] + order[j]++] = i;
		}
	depth = xcalloc(n, sizeof *depth);
	head = tail = 0;
	order[tail++] = (uint32_t)t->root;
	depth[t->root] = 0;
	while (head < tail) {
		i = order[head++];
		for (j = off[i]; j < off[i + 1]; j++) {
			order[tail++] = kids[j];
			depth[kids[j]] = depth[i] + 1;
			if (depth[kids[j]] > maxd)
				maxd = depth[kids[j]];
		}
	}
	if (tail < n) {
		/* Every node has a known parent, so the rest form cycles. */
		char	*seen = xcalloc(n, 1);

		for (i = 0; i < tail; i++)
			seen[order[i]] = 1;
		for (i = 0; i < n && seen[i]; i++)
			;
		free(seen);
		fin_err(st, t, cause, i, xstrdup("is in a parent cycle (not"
		    " reachable from the root)"));
		goto out;
	}

	/* Rows whose parent, depth or ordinal changed since written. */
	for (p = 0; p < n; p++) {
		for (j = off[p]; j < off[p + 1]; j++) {
			int32_t	o = (int32_t)(j - off[p]);

			i = kids[j];
			if (depth[i] == t->depth[i] && o == t->ord[i])
				continue;
			if ((s = store_prepare(st, fix_sql, cause)) == NULL)
				goto out;
			sqlite3_bind_int64(s, 1, t->ids[p]);
			sqlite3_bind_int(s, 2, depth[i]);
			sqlite3_bind_int(s, 3, o);
			sqlite3_bind_int64(s, 4, t->ids[i]);
			if (sqlite3_step(s) != SQLITE_DONE) {
				store_err(st, "import: fix node", cause);
				goto out;
			}
			t->depth[i] = depth[i];
			t->ord[i] = o;
		}
	}
	free(kids);
	kids = NULL;

	/*
	 * Subtree summaries, leaves first. A final pass reuses arrays the
	 * skeleton no longer needs; a checkpoint keeps the skeleton whole.
	 */
	if (final) {
		size = t->nchild;
		leaves = t->ord;
		ok = depth;
		outc = t->depth;
		best = t->reward;
	} else {
		size = own[0] = xcalloc(n, sizeof *size);
		leaves = own[1] = xcalloc(n, sizeof *leaves);
		ok = own[2] = xcalloc(n, sizeof *ok);
		outc = own[3] = xcalloc(n, sizeof *outc);
		best = own_best = xcalloc(n, sizeof *best);
		memcpy(best, t->reward, n * sizeof *best);
	}
	for (i = 0; i < n; i++) {
		int	leaf = off[i] == off[i + 1];

		size[i] = 0;
		leaves[i] = leaf;
		ok[i] = leaf && t->outcome[i] == 1;
		outc[i] = leaf && t->outcome[i] >= 0;
		if (!leaf)
			best[i] = CN_NOVAL;
	}
	for (k = n; k-- > 0;) {
		int32_t	pp;

		i = order[k];
		size[i] += 1;
		if ((pp = t->parent[i]) < 0)
			continue;
		size[pp] += size[i];
		leaves[pp] += leaves[i];
		ok[pp] += ok[i];
		outc[pp] += outc[i];
		if (cn_hasval(best[i]) &&
		    (!cn_hasval(best[pp]) || best[i] > best[pp]))
			best[pp] = best[i];
	}
	for (i = 0; i < n; i++) {
		if (off[i] == off[i + 1])
			continue;
		if ((s = store_prepare(st, sub_sql, cause)) == NULL)
			goto out;
		sqlite3_bind_int64(s, 1, t->ids[i]);
		sqlite3_bind_int64(s, 2, (int64_t)(off[i + 1] - off[i]));
		sqlite3_bind_int64(s, 3, size[i]);
		sqlite3_bind_int64(s, 4, leaves[i]);
		sqlite3_bind_int64(s, 5, ok[i]);
		sqlite3_bind_int64(s, 6, outc[i]);
		store_bind_val(s, 7, best[i]);
		if (sqlite3_step(s) != SQLITE_DONE) {
			store_err(st, "import: subtree summary", cause);
			goto out;
		}
	}
	if ((s = store_prepare(st, trace_sql, cause)) == NULL)
		goto out;
	sqlite3_bind_int64(s, 1, t->ids[t->root]);
	sqlite3_bind_int64(s, 2, n);
	sqlite3_bind_int(s, 3, maxd);
	sqlite3_bind_int64(s, 4, t->id);
	store_bind_val(s, 5, t->best_reward);
	store_bind_val(s, 6, t->best_q);
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_err(st, "import: trace totals", cause);
		goto out;
	}
	t->dirty = 0;
	t->finalized = 1;
	rc = 0;
out:
	free(off);
	free(kids);
	free(order);
	free(depth);
	for (k = 0; k < 4; k++)
		free(own[k]);
	free(own_best);
	return rc;
}

/* Finalizes and drops every open trace but the current one. */
static int
imp_evict(struct store *st, char **cause)
{
	struct store_imp	*im = st->imp;
	size_t			 i;

	if (imp_flush(st, cause) != 0)
		return -1;
	for (i = 0; i < im->ntraces; i++) {
		struct imp_trace *t = im->traces[i];

		if (t == im->cur || !t->loaded || t->npend > 0 || t->n == 0)
			continue;
		if (trace_finalize(st, t, 1, cause) != 0)
			return -1;
		trace_unload(im, t);
	}
	return 0;
}

/* ---- the sink ---- */

/*
 * Takes the write lock again after a checkpoint, when the next record
 * comes: a follow waiting for its file to grow must not keep other
 * writers out.
 */
static int
nodes_max_id(struct store *st, int64_t *max, char **cause)
{
	static const char	 sql[] = "SELECT coalesce(max(id), 0) FROM nodes";
	sqlite3_stmt		*s;

	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_err(st, "import: last node", cause);
	}
	*max = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	return 0;
}

/*
 * (Re)starts the transaction. Another writer may have added nodes while
 * the lock was free; they are indexed already (each import indexes the
 * text of its rows before it commits), and new ids come after theirs.
 */
static int
imp_txn(struct store *st, char **cause)
{
	struct store_imp	*im = st->imp;
	int64_t			 max;

	if (im->in_txn)
		return 0;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	im->in_txn = 1;
	if (nodes_max_id(st, &max, cause) != 0)
		return -1;
	im->fts_done = max;
	im->next_id = max + 1;
	return 0;
}

static int
sink_fatal(char **cause, char *msg)
{
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return CN_FATAL;
}

static int
sink_bad(char **cause, char *msg)
{
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return CN_BAD;
}

static int
trace_has_fields(const struct cn_trace *t)
{
	return t->format != NULL || t->source != NULL || t->problem != NULL ||
	    t->ground_truth != NULL || t->extra != NULL;
}

/* Finds the database trace with this ext id; 1 found, 0 not, -1 error. */
static int
trace_lookup(struct store *st, const char *ext, int64_t *id, char **cause)
{
	static const char	 sql[] = "SELECT id FROM traces WHERE ext_id = ?";
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	store_bind_text(s, 1, ext);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		return 1;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, "import: find trace", cause);
	return 0;
}

static int
sink_trace(void *arg, const struct cn_trace *tr, char **cause)
{
	static const char	 ins_sql[] =
	    "INSERT INTO traces(ext_id, import_id, format, source, problem,"
	    " ground_truth, extra) VALUES (?, ?, ?, ?, ?, ?, ?)";
	static const char	 upd_sql[] =
	    "UPDATE traces SET problem = coalesce(?, problem),"
	    " ground_truth = coalesce(?, ground_truth),"
	    " extra = coalesce(?, extra) WHERE id = ?";
	struct store		*st = arg;
	struct store_imp	*im = st->imp;
	struct imp_trace	*t;
	sqlite3_stmt		*s;
	int64_t			 idx, id;
	char			*ext;
	int			 n, found;

	if (cause != NULL)
		*cause = NULL;
	if (imp_txn(st, cause) != 0)
		return CN_FATAL;
	if (tr->ext_id == NULL || *tr->ext_id == '\0')
		return sink_bad(cause, xstrdup("trace without an id"));
	if ((idx = smap_get(&im->tmap, tr->ext_id)) >= 0) {
		t = im->traces[idx];
		im->cur = t;
		if (!trace_has_fields(tr))
			return CN_OK;
		if ((s = store_prepare(st, upd_sql, cause)) == NULL)
			return CN_FATAL;
		store_bind_text(s, 1, tr->problem);
		store_bind_text(s, 2, tr->ground_truth);
		store_bind_text(s, 3, tr->extra);
		sqlite3_bind_int64(s, 4, t->id);
		if (sqlite3_step(s) != SQLITE_DONE)
			return store_err(st, "import: update trace", cause);
		return CN_OK;
	}
	t = xcalloc(1, sizeof *t);
	t->root = -1;
	t->best_reward = t->best_q = CN_NOVAL;
	if (!trace_has_fields(tr)) {
		/* A bare id: attach to a trace from an earlier import. */
		if ((found = trace_lookup(st, tr->ext_id, &id, cause)) < 0) {
			free(t);
			return CN_FATAL;
		}
		if (found) {
			t->id = id;
			t->ext = xstrdup(tr->ext_id);
			goto add;
		}
	}
	/* A new trace; an id taken by an earlier import gets a suffix. */
	ext = xstrdup(tr->ext_id);
	for (n = 2;; n++) {
		if ((found = trace_lookup(st, ext, &id, cause)) < 0) {
			free(ext);
			free(t);
			return CN_FATAL;
		}
		if (!found)
			break;
		free(ext);
		ext = xasprintf("%s~%d", tr->ext_id, n);
	}
	if ((s = store_prepare(st, ins_sql, cause)) == NULL) {
		free(ext);
		free(t);
		return CN_FATAL;
	}
	store_bind_text(s, 1, ext);
	sqlite3_bind_int64(s, 2, im->import_id);
	store_bind_text(s, 3, tr->format != NULL ? tr->format : im->format);
	store_bind_text(s, 4, tr->source != NULL ? tr->source : im->file);
	store_bind_text(s, 5, tr->problem);
	store_bind_text(s, 6, tr->ground_truth);
	store_bind_text(s, 7, tr->extra);
	if (sqlite3_step(s) != SQLITE_DONE) {
		free(ext);
		free(t);
		return store_err(st, "import: add trace", cause);
	}
	t->id = sqlite3_last_insert_rowid(st->db);
	t->ext = ext;
	t->loaded = 1;
	t->fresh = 1;
	im->open_traces++;
	im->counts.traces++;
add:
	if (im->ntraces == im->tcap) {
		im->tcap = im->tcap == 0 ? 16 : im->tcap * 2;
		im->traces = xreallocarray(im->traces, im->tcap,
		    sizeof *im->traces);
	}
	im->traces[im->ntraces++] = t;
	smap_add(&im->tmap, tr->ext_id);
	im->cur = t;
	if (im->open_traces > OPEN_TRACES_MAX && imp_evict(st, cause) != 0)
		return CN_FATAL;
	return CN_OK;
}

static int64_t
signal_id(struct store *st, const char *name, char **cause)
{
	static const char	 ins_sql[] =
	    "INSERT OR IGNORE INTO signal_names(name) VALUES (?)";
	static const char	 get_sql[] =
	    "SELECT id FROM signal_names WHERE name = ?";
	struct store_imp	*im = st->imp;
	sqlite3_stmt		*s;
	int64_t			 idx, id;

	if ((idx = smap_get(&im->sigmap, name)) >= 0)
		return im->sigids[idx];
	if ((s = store_prepare(st, ins_sql, cause)) == NULL)
		return -1;
	store_bind_text(s, 1, name);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: signal name", cause);
	if ((s = store_prepare(st, get_sql, cause)) == NULL)
		return -1;
	store_bind_text(s, 1, name);
	if (sqlite3_step(s) != SQLITE_ROW)
		return store_err(st, "import: signal name", cause);
	id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	idx = smap_add(&im->sigmap, name);
	im->sigids = xreallocarray(im->sigids, im->sigmap.n, sizeof *im->sigids);
	im->sigids[idx] = id;
	return id;
}

/* Sets (or replaces) the named signal of a node already written. */
static int
signal_put(struct store *st, int64_t node, const char *name, double v,
    char **cause)
{
	static const char	 sql[] =
	    "INSERT OR REPLACE INTO signals(node_id, name_id, value)"
	    " VALUES (?, ?, ?)";
	sqlite3_stmt		*s;
	int64_t			 sid;

	if ((sid = signal_id(st, name, cause)) < 0)
		return -1;
	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, node);
	sqlite3_bind_int64(s, 2, sid);
	sqlite3_bind_double(s, 3, v);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: signal", cause);
	return 0;
}

static int
sink_node(void *arg, const struct cn_node *nd, char **cause)
{
	struct store		*st = arg;
	struct store_imp	*im = st->imp;
	struct imp_trace	*t = im->cur;
	struct brow		*r;
	int64_t			 idx, id, sid;
	int32_t			 parent = NOPARENT, depth = 0, ord = 0;
	uint32_t		 seq;
	size_t			 i, j, first;
	int			 k;

	if (cause != NULL)
		*cause = NULL;
	if (imp_txn(st, cause) != 0)
		return CN_FATAL;
	if (t == NULL)
		return sink_fatal(cause, xstrdup("node before any trace"));
	if (nd->ext_id == NULL || *nd->ext_id == '\0')
		return sink_bad(cause, xstrdup("node without an id"));
	if (!t->loaded && trace_load(st, t, cause) != 0)
		return CN_FATAL;
	if ((idx = smap_get(&t->map, nd->ext_id)) >= 0) {
		if (t->line[idx] > 0)
			return sink_bad(cause, xasprintf("trace %s: duplicate"
			    " node id %s (first on line %d)", t->ext,
			    nd->ext_id, t->line[idx]));
		return sink_bad(cause, xasprintf("trace %s: duplicate node id"
		    " %s", t->ext, nd->ext_id));
	}
	if (nd->parent_ext == NULL) {
		if (t->root >= 0)
			return sink_bad(cause, xasprintf("trace %s: second root"
			    " node %s (the root is %s): every node but one"
			    " needs a parent", t->ext, nd->ext_id,
			    smap_key(&t->map, (uint32_t)t->root)));
	} else if ((idx = smap_get(&t->map, nd->parent_ext)) >= 0) {
		parent = (int32_t)idx;
		depth = t->depth[parent] + 1;
		ord = t->nchild[parent]++;
	} else
		parent = PENDING;

	/* Rows go out NODE_BATCH at a time (imp_flush). */
	if (im->nrows == NODE_BATCH && imp_flush(st, cause) != 0)
		return CN_FATAL;
	id = im->next_id++;
	r = &im->rows[im->nrows++];
	r->id = id;
	r->trace = t->id;
	r->parent = parent >= 0 ? t->ids[parent] : 0;
	r->ord = ord;
	r->depth = depth;
	r->terminal = nd->terminal != 0;
	r->chosen = nd->chosen != 0;
	r->origin = nd->origin != NULL && strcmp(nd->origin, "rerun") == 0;
	for (k = 0; k < CN_SIG_COUNT; k++)
		r->sig[k] = nd->sig[k];
	r->str[0] = brow_str(im, nd->ext_id);
	r->str[1] = brow_str(im, nd->role != NULL ? nd->role :
	    nd->parent_ext == NULL ? "root" : "step");
	r->str[2] = brow_str(im, nd->text);
	r->str[3] = brow_str(im, nd->observation);
	r->str[4] = brow_str(im, nd->extra);
	for (k = 0; k < CN_SIG_COUNT; k++)
		if (cn_hasval(nd->sig[k]))
			im->counts.signals++;
	first = im->nsrows;
	for (i = 0; i < nd->nmore; i++) {
		if ((sid = signal_id(st, nd->more[i].name, cause)) < 0)
			return CN_FATAL;
		im->counts.signals++;
		/* The first value of a name goes in; a repeat replaces it. */
		for (j = first; j < im->nsrows; j++)
			if (im->srows[j].name == sid)
				break;
		if (j == im->nsrows) {
			if (im->nsrows == im->srcap) {
				im->srcap = im->srcap == 0 ? 64 : 2 * im->srcap;
				im->srows = xreallocarray(im->srows, im->srcap,
				    sizeof *im->srows);
			}
			im->srows[im->nsrows++].node = id;
		}
		im->srows[j].name = sid;
		im->srows[j].v = nd->more[i].value;
	}

	trace_grow(t);
	seq = t->n++;
	smap_add(&t->map, nd->ext_id);
	t->ids[seq] = id;
	t->parent[seq] = parent;
	t->depth[seq] = depth;
	t->ord[seq] = ord;
	t->nchild[seq] = 0;
	t->line[seq] = nd->src_line > INT32_MAX ? 0 : (int32_t)nd->src_line;
	t->reward[seq] = nd->sig[CN_SIG_REWARD];
	if (cn_hasval(nd->sig[CN_SIG_REWARD]) && (!cn_hasval(t->best_reward) ||
	    nd->sig[CN_SIG_REWARD] > t->best_reward))
		t->best_reward = nd->sig[CN_SIG_REWARD];
	if (cn_hasval(nd->sig[CN_SIG_Q]) && (!cn_hasval(t->best_q) ||
	    nd->sig[CN_SIG_Q] > t->best_q))
		t->best_q = nd->sig[CN_SIG_Q];
	t->outcome[seq] = cn_hasval(nd->sig[CN_SIG_OUTCOME]) ?
	    (nd->sig[CN_SIG_OUTCOME] == 1.0) : -1;
	if (parent == NOPARENT)
		t->root = (int32_t)seq;
	if (parent == PENDING) {
		if (t->npend == t->pendcap) {
			t->pendcap = t->pendcap == 0 ? 16 : t->pendcap * 2;
			t->pend = xreallocarray(t->pend, t->pendcap,
			    sizeof *t->pend);
		}
		t->pend[t->npend].seq = (int32_t)seq;
		t->pend[t->npend].parent_ext = xstrdup(nd->parent_ext);
		t->npend++;
	}
	t->dirty = 1;
	im->counts.nodes++;
	if (++im->open_nodes > im->open_max && imp_evict(st, cause) != 0)
		return CN_FATAL;
	return CN_OK;
}

/* Finds a node of the current trace by ext id: 1, 0 not found, -1 error. */
static int
node_lookup(struct store *st, const char *ext, int64_t *id, char **cause)
{
	static const char	 sql[] =
	    "SELECT id FROM nodes WHERE trace_id = ? AND ext_id = ?";
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, st->imp->cur->id);
	store_bind_text(s, 2, ext);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	return store_found(st, s, rc, "import: find node", cause);
}

/*
 * Before a record that reads what came before it (annotations, scores):
 * the write lock, and the rows held back written.
 */
static int
imp_ready(struct store *st, char **cause)
{
	if (cause != NULL)
		*cause = NULL;
	if (imp_txn(st, cause) != 0 || imp_flush(st, cause) != 0)
		return -1;
	return 0;
}

/* What every score needs: CN_OK, or the sink's answer. */
static int
score_begin(struct store *st, const char *name, char **cause)
{
	if (imp_ready(st, cause) != 0)
		return CN_FATAL;
	if (st->imp->cur == NULL)
		return sink_fatal(cause, xstrdup("score before any trace"));
	if (name == NULL || *name == '\0')
		return sink_bad(cause, xstrdup("score without a name"));
	return CN_OK;
}

static int
sink_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	static const char	 sql[] =
	    "INSERT INTO annotations(node_id, author, rating, first_error,"
	    " tags, note, created, updated) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
	struct store		*st = arg;
	struct store_imp	*im = st->imp;
	sqlite3_stmt		*s;
	int64_t			 id, now;
	int			 found;

	if (imp_ready(st, cause) != 0)
		return CN_FATAL;
	if (im->cur == NULL)
		return sink_fatal(cause, xstrdup("annotation before any trace"));
	if (a->node_ext == NULL)
		return sink_bad(cause, xstrdup("annotation without a node"));
	if (a->rating != CN_NORATING && (a->rating < -1 || a->rating > 1))
		return sink_bad(cause, xasprintf("trace %s: node %s: rating %d"
		    " is not -1, 0 or +1", im->cur->ext, a->node_ext,
		    a->rating));
	if ((found = node_lookup(st, a->node_ext, &id, cause)) < 0)
		return CN_FATAL;
	if (!found)
		return sink_bad(cause, xasprintf("trace %s: annotation for"
		    " unknown node %s", im->cur->ext, a->node_ext));
	if ((s = store_prepare(st, sql, cause)) == NULL)
		return CN_FATAL;
	now = a->created != 0 ? a->created : cn_now();
	sqlite3_bind_int64(s, 1, id);
	store_bind_text(s, 2, a->author != NULL ? a->author : "unknown");
	if (a->rating != CN_NORATING)
		sqlite3_bind_int(s, 3, a->rating);
	sqlite3_bind_int(s, 4, a->first_error != 0);
	store_bind_text(s, 5, a->tags);
	store_bind_text(s, 6, a->note);
	sqlite3_bind_int64(s, 7, now);
	sqlite3_bind_int64(s, 8, a->updated != 0 ? a->updated : now);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: add annotation", cause);
	im->counts.annotations++;
	return CN_OK;
}

/* Sets a signal on a node: a column for the common ones, else a row. */
static int
score_put(struct store *st, int64_t id, const char *name, double v,
    char **cause)
{
	/* One statement per column: column names cannot be bound. */
	static const char *const col_sql[CN_SIG_COUNT] = {
		"UPDATE nodes SET visits = ? WHERE id = ?",
		"UPDATE nodes SET q = ? WHERE id = ?",
		"UPDATE nodes SET prior = ? WHERE id = ?",
		"UPDATE nodes SET reward = ? WHERE id = ?",
		"UPDATE nodes SET value = ? WHERE id = ?",
		"UPDATE nodes SET outcome = ? WHERE id = ?",
	};
	static const char	 best_sql[] =
	    "UPDATE traces SET"
	    " best_reward = CASE WHEN ?2 AND (best_reward IS NULL OR"
	    " best_reward < ?1) THEN ?1 ELSE best_reward END,"
	    " best_q = CASE WHEN ?3 AND (best_q IS NULL OR best_q < ?1)"
	    " THEN ?1 ELSE best_q END"
	    " WHERE id = (SELECT trace_id FROM nodes WHERE id = ?4)";
	sqlite3_stmt		*s;
	int			 k;

	if ((k = cn_sig_lookup(name)) < 0)
		return signal_put(st, id, name, v, cause);
	if ((s = store_prepare(st, col_sql[k], cause)) == NULL)
		return -1;
	sqlite3_bind_double(s, 1, v);
	sqlite3_bind_int64(s, 2, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: score", cause);
	if (k != CN_SIG_REWARD && k != CN_SIG_Q)
		return 0;
	/* A later score can only raise the trace's best (never lowers it). */
	if ((s = store_prepare(st, best_sql, cause)) == NULL)
		return -1;
	sqlite3_bind_double(s, 1, v);
	sqlite3_bind_int(s, 2, k == CN_SIG_REWARD);
	sqlite3_bind_int(s, 3, k == CN_SIG_Q);
	sqlite3_bind_int64(s, 4, id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: score", cause);
	return 0;
}

static int
sink_score(void *arg, const char *node_ext, const char *name, double v,
    char **cause)
{
	struct store		*st = arg;
	struct store_imp	*im = st->imp;
	int64_t			 id;
	int			 found, rc;

	if ((rc = score_begin(st, name, cause)) != CN_OK)
		return rc;
	if ((found = node_lookup(st, node_ext, &id, cause)) < 0)
		return CN_FATAL;
	if (!found)
		return sink_bad(cause, xasprintf("trace %s: no node %s",
		    im->cur->ext, node_ext));
	if (score_put(st, id, name, v, cause) != 0)
		return CN_FATAL;
	im->counts.scores++;
	im->counts.signals++;
	return CN_OK;
}

static int
sink_score_path(void *arg, const char *const *texts, size_t ntexts,
    const char *name, double v, char **cause)
{
	static const char	 root_sql[] =
	    "SELECT id FROM nodes WHERE trace_id = ? AND parent_id IS NULL";
	static const char	 kid_sql[] =
	    "SELECT id FROM nodes WHERE parent_id = ? AND text = ?"
	    " ORDER BY ordinal LIMIT 1";
	struct store		*st = arg;
	struct store_imp	*im = st->imp;
	sqlite3_stmt		*s;
	int64_t			 id = 0;
	size_t			 i;
	int			 rc;

	if ((rc = score_begin(st, name, cause)) != CN_OK)
		return rc;
	if ((s = store_prepare(st, root_sql, cause)) == NULL)
		return CN_FATAL;
	sqlite3_bind_int64(s, 1, im->cur->id);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, "import: score", cause);
	if (rc == SQLITE_DONE)
		return sink_bad(cause, xasprintf("trace %s: no root node",
		    im->cur->ext));
	for (i = 0; i < ntexts; i++) {
		if ((s = store_prepare(st, kid_sql, cause)) == NULL)
			return CN_FATAL;
		sqlite3_bind_int64(s, 1, id);
		store_bind_text(s, 2, texts[i]);
		rc = sqlite3_step(s);
		if (rc == SQLITE_ROW)
			id = sqlite3_column_int64(s, 0);
		sqlite3_reset(s);
		if (rc == SQLITE_DONE)
			return sink_bad(cause, xasprintf("trace %s: no node at"
			    " step %zu of the path (\"%.40s\")", im->cur->ext,
			    i + 1, texts[i]));
		if (rc != SQLITE_ROW)
			return store_err(st, "import: score", cause);
	}
	if (score_put(st, id, name, v, cause) != 0)
		return CN_FATAL;
	im->counts.scores++;
	im->counts.signals++;
	return CN_OK;
}

/* ---- import lifecycle ---- */

int
store_import_known(struct store *st, const char *sha256, int64_t *when,
    char **name, char **cause)
{
	static const char	 sql[] =
	    "SELECT started, file FROM imports WHERE sha256 = ?"
	    " ORDER BY id LIMIT 1";
	sqlite3_stmt		*s;
	int			 rc;

	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	store_bind_text(s, 1, sha256);
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		if (when != NULL)
			*when = sqlite3_column_int64(s, 0);
		if (name != NULL)
			*name = store_col_text(s, 1);
	}
	return store_found(st, s, rc, "find import", cause);
}

int
store_import_size_known(struct store *st, int64_t bytes, char **cause)
{
	static const char	 sql[] =
	    "SELECT 1 FROM imports WHERE sha256 IS NOT NULL"
	    " AND (bytes IS NULL OR bytes = ?) LIMIT 1";
	sqlite3_stmt		*s;

	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, bytes);
	return store_found(st, s, sqlite3_step(s), "find import", cause);
}

void
store_import_sha256(struct store *st, const char *sha256)
{
	if (st->imp == NULL)
		fatalx("store_import_sha256: no import is running");
	free(st->imp->sha256);
	st->imp->sha256 = sha256 != NULL ? xstrdup(sha256) : NULL;
}

static void
imp_free(struct store *st)
{
	struct store_imp	*im = st->imp;
	size_t			 i;

	if (im == NULL)
		return;
	for (i = 0; i < im->ntraces; i++)
		trace_free(im, im->traces[i]);
	free(im->traces);
	smap_free(&im->tmap);
	smap_free(&im->sigmap);
	free(im->sigids);
	free(im->file);
	free(im->sha256);
	free(im->bstr);
	free(im->srows);
	free(im);
	st->imp = NULL;
}

/* The current journal mode is WAL: 1, else 0. */
static int
journal_is_wal(struct store *st)
{
	sqlite3_stmt	*s;
	int		 wal = 0;

	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s, NULL) !=
	    SQLITE_OK)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		wal = sqlite3_stricmp((const char *)sqlite3_column_text(s, 0),
		    "wal") == 0;
	sqlite3_finalize(s);
	return wal;
}

/*
 * Leaves WAL for a rollback journal when no other connection has the file
 * open (SQLite refuses otherwise, and the import stays in WAL). Returns 1
 * if it switched.
 */
static int
journal_to_delete(struct store *st)
{
	if (!journal_is_wal(st))
		return 0;
	store_exec(st, "PRAGMA journal_mode=DELETE", NULL);
	return !journal_is_wal(st);
}

/* Back to WAL after an import that left it; a failure is only logged. */
static void
journal_to_wal(struct store *st)
{
	char	*c = NULL;

	if (store_exec(st, "PRAGMA journal_mode=WAL", &c) != 0)
		log_debug("import: back to WAL: %s", c);
	free(c);
}

int
store_import_begin(struct store *st, const struct store_import_meta *meta,
    struct imp_sink *sink, char **cause)
{
	static const char	 sql[] =
	    "INSERT INTO imports(file, format, sha256, bytes, started)"
	    " VALUES (?, ?, ?, ?, ?)";
	struct store_imp	*im;
	int			 swapped;
	sqlite3_stmt		*s;

	if (st->readonly) {
		if (cause != NULL)
			*cause = xasprintf("%s: opened read-only", st->path);
		return -1;
	}
	if (st->imp != NULL)
		fatalx("store_import_begin: an import is already running");
	/*
	 * A bigger page cache for the load (imports are short-lived), and no
	 * foreign-key checks: every id this sink writes comes from a row it
	 * just wrote or looked up, and a statement that may abort opens a
	 * savepoint per row (measured: 9% of the import).
	 */
	if (store_exec(st, "PRAGMA cache_size=-16384", cause) != 0 ||
	    store_exec(st, "PRAGMA foreign_keys=OFF", cause) != 0)
		return -1;
	swapped = !meta->live && journal_to_delete(st);
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0) {
		store_exec(st, "PRAGMA foreign_keys=ON", NULL);
		if (swapped)
			journal_to_wal(st);
		return -1;
	}
	im = xcalloc(1, sizeof *im);
	st->imp = im;
	im->in_txn = 1;
	im->journal_swapped = swapped;
	clock_gettime(CLOCK_MONOTONIC, &im->t0);
	im->file = xstrdup(meta->file != NULL ? meta->file : "-");
	im->open_max = st->open_max != 0 ? st->open_max : OPEN_NODES_MAX;
	im->format = meta->format;
	if ((s = store_prepare(st, sql, cause)) == NULL)
		goto fail;
	store_bind_text(s, 1, im->file);
	store_bind_text(s, 2, meta->format != NULL ? meta->format : "unknown");
	store_bind_text(s, 3, meta->sha256);
	if (meta->bytes > 0)
		sqlite3_bind_int64(s, 4, meta->bytes);
	sqlite3_bind_int64(s, 5, cn_now());
	if (sqlite3_step(s) != SQLITE_DONE) {
		store_err(st, "start import", cause);
		goto fail;
	}
	im->import_id = sqlite3_last_insert_rowid(st->db);
	if (nodes_max_id(st, &im->fts_done, cause) != 0)
		goto fail;
	im->next_id = im->fts_done + 1;
	sink->trace = sink_trace;
	sink->node = sink_node;
	sink->annotation = sink_annotation;
	sink->score = sink_score;
	sink->score_path = sink_score_path;
	sink->arg = st;
	return 0;
fail:
	store_exec(st, "ROLLBACK", NULL);
	store_exec(st, "PRAGMA foreign_keys=ON", NULL);
	if (swapped)
		journal_to_wal(st);
	imp_free(st);
	return -1;
}

/*
 * Indexes the text of the nodes added since the last call. Done in bulk,
 * not per node: any statement that may abort (the foreign keys of the node
 * insert) opens a savepoint, and FTS5 flushes its pending terms at every
 * savepoint, which made per-row indexing four times slower than the rest
 * of the import put together.
 */
static int
imp_index_text(struct store *st, char **cause)
{
	static const char	 sql[] =
	    "INSERT INTO nodes_fts(rowid, text) SELECT id, text FROM nodes"
	    " WHERE id > ? AND text IS NOT NULL ORDER BY id";
	struct store_imp	*im = st->imp;
	struct timespec		 t0, t1;
	sqlite3_stmt		*s;
	int			 rc;

	if (imp_flush(st, cause) != 0)
		return -1;
	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	sqlite3_bind_int64(s, 1, im->fts_done);
	rc = sqlite3_step(s);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	im->counts.index_seconds += (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	if (rc != SQLITE_DONE)
		return store_err(st, "import: index text", cause);
	return nodes_max_id(st, &im->fts_done, cause);
}

/*
 * Drops a trace this import created but gave no node (e.g. named only by
 * a score that matched nothing): every trace has one root.
 */
static int
trace_drop_empty(struct store *st, struct imp_trace *t, char **cause)
{
	static const char	 sql[] = "DELETE FROM traces WHERE id = ?";
	sqlite3_stmt		*s;

	if (!t->fresh || !t->loaded || t->n > 0)
		return 0;
	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, t->id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "import: drop empty trace", cause);
	t->fresh = 0;
	st->imp->counts.traces--;
	return 0;
}

static int
imp_finalize_all(struct store *st, int final, char **cause)
{
	struct store_imp	*im = st->imp;
	size_t			 i;

	if (imp_flush(st, cause) != 0)
		return -1;
	for (i = 0; i < im->ntraces; i++) {
		if (trace_finalize(st, im->traces[i], final, cause) != 0)
			return -1;
		if (final && trace_drop_empty(st, im->traces[i], cause) != 0)
			return -1;
	}
	return 0;
}

static int
imp_record(struct store *st, char **cause)
{
	static const char	 sql[] =
	    "UPDATE imports SET traces = ?, nodes = ?, signals = ?,"
	    " annotations = ?, seconds = ?, sha256 = coalesce(?, sha256)"
	    " WHERE id = ?";
	struct store_imp	*im = st->imp;
	struct timespec		 t1;
	sqlite3_stmt		*s;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, im->counts.traces);
	sqlite3_bind_int64(s, 2, im->counts.nodes);
	sqlite3_bind_int64(s, 3, im->counts.signals);
	sqlite3_bind_int64(s, 4, im->counts.annotations);
	sqlite3_bind_double(s, 5, (double)(t1.tv_sec - im->t0.tv_sec) +
	    (double)(t1.tv_nsec - im->t0.tv_nsec) / 1e9);
	store_bind_text(s, 6, im->sha256);
	sqlite3_bind_int64(s, 7, im->import_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, "record import", cause);
	return 0;
}

int
store_import_checkpoint(struct store *st, char **cause)
{
	if (st->imp == NULL || !st->imp->in_txn)
		return 0;
	if (imp_finalize_all(st, 0, cause) != 0 ||
	    imp_index_text(st, cause) != 0 || imp_record(st, cause) != 0)
		return -1;
	if (store_exec(st, "COMMIT", cause) != 0)
		return -1;
	st->imp->in_txn = 0;
	return 0;
}

int
store_import_end(struct store *st, int ok, struct store_import_counts *out,
    char **cause)
{
	struct store_imp	*im = st->imp;
	int			 rc = 0;

	if (im == NULL)
		return 0;
	if (ok) {
		if (imp_txn(st, cause) != 0 ||
		    imp_finalize_all(st, 1, cause) != 0 ||
		    imp_index_text(st, cause) != 0 ||
		    imp_record(st, cause) != 0 ||
		    store_exec(st, "COMMIT", cause) != 0)
			rc = -1;
	} else
		rc = 0;
	if (out != NULL)
		*out = im->counts;
	if (!ok || rc != 0)
		store_exec(st, "ROLLBACK", NULL);
	store_exec(st, "PRAGMA foreign_keys=ON", NULL);
	if (im->journal_swapped)
		journal_to_wal(st);
	imp_free(st);
	return ok ? rc : 0;
}

void
store_import_abort(struct store *st)
{
	if (st->imp == NULL)
		return;
	store_exec(st, "ROLLBACK", NULL);
	store_exec(st, "PRAGMA foreign_keys=ON", NULL);
	if (st->imp->journal_swapped)
		journal_to_wal(st);
	imp_free(st);
}

/*
 * store-batch.c - the rows an import holds back: nodes are written
 * NODE_BATCH to a statement and their named signals SIG_BATCH to one.
 */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store-imp.h"

/*
 * OR FAIL, not the default ABORT: a multi-row INSERT that may abort makes
 * SQLite copy every page it touches that existed before the statement to
 * a statement journal (a temporary file), so that it can undo its own
 * rows. With 16 KiB pages that was ~8 GB of writes for the 1M-node bench
 * file (16x the database) and a third of the writer thread's time. The
 * import never needs that undo: any failed write fails the import, which
 * rolls back its whole transaction (store_import_end, abort).
 */
#define NODE_COLS	"INSERT OR FAIL INTO nodes(id, trace_id, parent_id, ext_id," \
	" ordinal, depth, role, text, observation, terminal, chosen, origin," \
	" visits, q, prior, reward, value, outcome, extra) VALUES "
#define NODE_ROW	"(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
#define NODE_NPARAM	19
#define NODE_ROW2	NODE_ROW "," NODE_ROW
#define NODE_ROW4	NODE_ROW2 "," NODE_ROW2
#define NODE_ROW8	NODE_ROW4 "," NODE_ROW4
#define NODE_ROW16	NODE_ROW8 "," NODE_ROW8
#define SIG_COLS	"INSERT OR FAIL INTO signals(node_id, name_id, value) VALUES "
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
size_t
imp_brow_str(struct store_imp *im, const char *str)
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

/* Flushes between two writebacks: 16 rows each, ~8 MB of WAL. */
#define WAL_WRITEBACK	1024

/*
 * The import's WAL, opened read-only beside SQLite's own handle (-1 for a
 * database without a WAL file, e.g. in memory).
 */
void
imp_wal_open(struct store *st)
{
	const char	*db = sqlite3_db_filename(st->db, "main");
	char		*wal;

	st->imp->wal_fd = -1;
	if (db == NULL || *db == '\0')
		return;
	wal = xasprintf("%s-wal", db);
	st->imp->wal_fd = open(wal, O_RDONLY | O_CLOEXEC);
	free(wal);
}

/*
 * Starts the kernel writing the WAL's pages out while the import goes
 * on, without waiting for it. Automatic checkpoints are off, so the whole
 * tree sits dirty in the page cache until the commit's fsync, which then
 * wrote ~500 MB at once for the 1M-node bench file (seconds before the
 * tree is browsable). Only earlier, never different: durability is still
 * the commit's fsync, so a kill loses exactly what it lost before.
 */
static void
imp_wal_writeback(struct store_imp *im)
{
#ifdef SYNC_FILE_RANGE_WRITE
	if (im->wal_fd >= 0)
		(void)sync_file_range(im->wal_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
	(void)im;
#endif
}

/*
 * Writes the rows held back. Whatever reads nodes or signals during an
 * import (finalization, lookups, annotations, scores) flushes first.
 */
int
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
	if (++im->flushes % WAL_WRITEBACK == 0)
		imp_wal_writeback(im);
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

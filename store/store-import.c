/*
 * store-import.c - the import lifecycle: begin (the write lock and the
 * imports row), checkpoint (commit and go on, for --follow), end (finalize
 * every trace, index the text, record, commit) and abort. The sink is in
 * store-sink.c, the batched rows in store-batch.c, finalization in
 * store-finalize.c.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "store-imp.h"

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

	if ((s = store_stmt(st, sql, cause, "t", sha256)) == NULL)
		return -1;
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

	return store_one_int64(st, sql, NULL, "find import", cause, "i",
	    bytes);
}

void
store_import_sha256(struct store *st, const char *sha256)
{
	/*
	 * A programming error, not bad input: the caller holds the import it
	 * began, and this call has no way to report a failure.
	 */
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
	if (im->wal_fd >= 0)
		close(im->wal_fd);
	free(im);
	st->imp = NULL;
}

/* Puts back what store_import_begin changed on the connection. */
static void
imp_restore(struct store *st)
{
	store_exec(st, "PRAGMA foreign_keys=ON", NULL);
	store_exec(st, "PRAGMA wal_autocheckpoint=1000", NULL);
}

/*
 * The refusal of a file imported before: 1 and *cause "already imported
 * on <when> as <name> (use --force to import again)" if an import other
 * than ours has this sha256, 0 if none, -1 on error. Asked under the write
 * lock, so two imports of one file cannot both pass it.
 */
static int
imp_known(struct store *st, const char *sha256, char **cause)
{
	static const char	 sql[] =
	    "SELECT started, file FROM imports WHERE sha256 = ?1"
	    " AND id IS NOT ?2 ORDER BY id LIMIT 1";
	sqlite3_stmt		*s;
	struct tm		 tm;
	time_t			 tt;
	char			 when[64], *name;
	int			 rc;

	/* Import ids start at 1: 0 binds NULL, no import of ours. */
	if ((s = store_stmt(st, sql, cause, "tn", sha256,
	    st->imp != NULL ? st->imp->import_id : (int64_t)0)) == NULL)
		return -1;
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW)
		return store_found(st, s, rc, "find import", cause);
	tt = (time_t)sqlite3_column_int64(s, 0);
	name = store_col_text(s, 1);
	sqlite3_reset(s);
	gmtime_r(&tt, &tm);
	strftime(when, sizeof when, "%Y-%m-%d %H:%M UTC", &tm);
	if (cause != NULL)
		*cause = xasprintf("already imported on %s as %s (use --force"
		    " to import again)", when, name != NULL ? name : "?");
	free(name);
	return 1;
}

int
store_import_begin(struct store *st, const struct store_import_meta *meta,
    struct imp_sink *sink, char **cause)
{
	static const char	 sql[] =
	    "INSERT INTO imports(file, format, sha256, bytes, started)"
	    " VALUES (?, ?, ?, ?, ?)";
	struct store_imp	*im;
	int			 k;

	if (cause != NULL)
		*cause = NULL;
	if (st->readonly) {
		if (cause != NULL)
			*cause = xasprintf("%s: opened read-only", st->path);
		return -1;
	}
	if (st->imp != NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: an import is already running on"
			    " this connection", st->path);
		return -1;
	}
	/*
	 * A bigger page cache for the load (imports are short-lived), and no
	 * foreign-key checks: every id this sink writes comes from a row it
	 * just wrote or looked up, and a statement that may abort opens a
	 * savepoint per row (measured: 9% of the import). The file stays in
	 * WAL, so readers always see the last commit; a bulk import turns
	 * automatic checkpoints off (they would copy pages it is about to
	 * write again) and checkpoints once at its end.
	 */
	if (store_exec(st, "PRAGMA cache_size=-16384", cause) != 0 ||
	    store_exec(st, "PRAGMA foreign_keys=OFF", cause) != 0 ||
	    (!meta->live && store_exec(st, "PRAGMA wal_autocheckpoint=0",
	    cause) != 0)) {
		imp_restore(st);
		return -1;
	}
	/* Waits (store_busy) while another import holds the write lock. */
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0) {
		imp_restore(st);
		return -1;
	}
	if (meta->sha256 != NULL && !meta->force &&
	    (k = imp_known(st, meta->sha256, cause)) != 0) {
		store_exec(st, "ROLLBACK", NULL);
		imp_restore(st);
		return k < 0 ? -1 : STORE_IMPORT_KNOWN;
	}
	im = xcalloc(1, sizeof *im);
	st->imp = im;
	im->in_txn = 1;
	im->force = meta->force;
	im->live = meta->live;
	clock_gettime(CLOCK_MONOTONIC, &im->t0);
	im->file = xstrdup(meta->file != NULL ? meta->file : "-");
	im->sha256 = meta->sha256 != NULL ? xstrdup(meta->sha256) : NULL;
	im->open_max = st->open_max != 0 ? st->open_max : OPEN_NODES_MAX;
	im->format = meta->format;
	imp_wal_open(st);
	if (store_run(st, sql, "start import", cause, "tttni", im->file,
	    meta->format != NULL ? meta->format : "unknown", meta->sha256,
	    meta->bytes > 0 ? meta->bytes : (int64_t)0, cn_now()) != 0)
		goto fail;
	im->import_id = sqlite3_last_insert_rowid(st->db);
	if (imp_ids(st, cause) != 0)
		goto fail;
	/*
	 * A bulk load into an empty table builds the skeleton index after
	 * its tree's commit (store-index.c); a follow commits as it goes and
	 * keeps it.
	 */
	if (!im->live && store_skel_defer(st, cause) != 0)
		goto fail;
	imp_sink_fill(st, sink);
	return 0;
fail:
	store_exec(st, "ROLLBACK", NULL);
	imp_restore(st);
	imp_free(st);
	return -1;
}

/*
 * Indexes the text of the nodes the import committed, in transactions of
 * their own (store-index.c): readers see the tree before its index. Its
 * failure (e.g. interrupted) does not undo the import: the next writer,
 * or `canopy index`, goes on from the watermark.
 */
static void
imp_index_text(struct store *st, struct store_import_counts *counts)
{
	struct timespec		 t0, t1;
	char			*cause = NULL;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (store_index_catch_up(st, NULL, NULL, NULL, &cause) != 0) {
		log_debug("import: text index: %s", cause);
		free(cause);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	counts->index_seconds += (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
}

/*
 * Drops a trace this import created but gave no node (e.g. named only by
 * a score that matched nothing): every trace has one root.
 */
static int
trace_drop_empty(struct store *st, struct imp_trace *t, char **cause)
{
	static const char	 sql[] = "DELETE FROM traces WHERE id = ?";

	if (!t->fresh || !t->loaded || t->n > 0)
		return 0;
	if (store_exec_id(st, sql, t->id, "import: drop empty trace",
	    cause) != 0)
		return -1;
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

/* Seconds since the import began. */
static double
imp_seconds(const struct store_imp *im)
{
	struct timespec		 t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - im->t0.tv_sec) +
	    (double)(t1.tv_nsec - im->t0.tv_nsec) / 1e9;
}

static int
imp_record(struct store *st, char **cause)
{
	static const char	 sql[] =
	    "UPDATE imports SET traces = ?, nodes = ?, signals = ?,"
	    " annotations = ?, seconds = ?, sha256 = coalesce(?, sha256)"
	    " WHERE id = ?";
	struct store_imp	*im = st->imp;

	return store_run(st, sql, "record import", cause, "iiiifti",
	    im->counts.traces, im->counts.nodes, im->counts.signals,
	    im->counts.annotations, imp_seconds(im), im->sha256,
	    im->import_id);
}

int
store_import_checkpoint(struct store *st, char **cause)
{
	if (st->imp == NULL || !st->imp->in_txn)
		return 0;
	if (imp_finalize_all(st, 0, cause) != 0 ||
	    imp_record(st, cause) != 0)
		return -1;
	if (store_exec(st, "COMMIT", cause) != 0)
		return -1;
	st->imp->in_txn = 0;
	imp_index_text(st, &st->imp->counts);
	return 0;
}

/*
 * Copies the import's pages from the WAL into the database and lets the
 * next writer start the WAL from its beginning (journal_size_limit then
 * truncates it). PASSIVE: it never waits for readers, so a reader holding
 * an old snapshot only delays the reuse of the WAL, never the import.
 */
static void
imp_wal_checkpoint(struct store *st)
{
	int	 nlog = 0, nckpt = 0;

	if (sqlite3_wal_checkpoint_v2(st->db, NULL, SQLITE_CHECKPOINT_PASSIVE,
	    &nlog, &nckpt) != SQLITE_OK)
		log_debug("import: checkpoint: %s", sqlite3_errmsg(st->db));
	else
		log_debug("import: checkpoint: %d of %d frames", nckpt, nlog);
}

int
store_import_end(struct store *st, int ok, struct store_import_counts *out,
    char **cause)
{
	struct store_imp	*im = st->imp;
	int			 rc = 0, live;

	if (cause != NULL)
		*cause = NULL;
	if (im == NULL)
		return 0;
	if (ok) {
		if (imp_txn(st, cause) != 0 ||
		    imp_finalize_all(st, 1, cause) != 0 ||
		    imp_flush(st, cause) != 0)
			rc = -1;
		/* The sha256 may have come at the end: ask again, locked. */
		if (rc == 0 && im->sha256 != NULL && !im->force &&
		    (rc = imp_known(st, im->sha256, cause)) > 0)
			rc = STORE_IMPORT_KNOWN;
		if (rc == 0 && (imp_record(st, cause) != 0 ||
		    store_exec(st, "COMMIT", cause) != 0))
			rc = -1;
	}
	if (!ok || rc != 0)
		store_exec(st, "ROLLBACK", NULL);
	else {
		im->counts.tree_seconds = imp_seconds(im);
		/* Automatic checkpoints are still off, as for the tree. */
		imp_index_text(st, &im->counts);
	}
	if (out != NULL)
		*out = im->counts;
	live = im->live;
	imp_free(st);
	imp_restore(st);
	if (ok && rc == 0 && !live)
		imp_wal_checkpoint(st);
	return ok ? rc : 0;
}

void
store_import_abort(struct store *st)
{
	if (st->imp == NULL)
		return;
	store_exec(st, "ROLLBACK", NULL);
	imp_free(st);
	imp_restore(st);
}

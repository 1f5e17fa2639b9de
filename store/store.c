/*
 * store.c - opening and closing the database, the statement cache and the
 * error helpers. store/ is the only code that holds SQL.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store-int.h"

int
store_err(struct store *st, const char *what, char **cause)
{
	if (cause != NULL)
		*cause = xasprintf("%s: %s", what, sqlite3_errmsg(st->db));
	return -1;
}

int
store_found(struct store *st, sqlite3_stmt *s, int rc, const char *what,
    char **cause)
{
	sqlite3_reset(s);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return store_err(st, what, cause);
	return 0;
}

int
store_step_done(struct store *st, sqlite3_stmt *s, const char *what,
    char **cause)
{
	if (sqlite3_step(s) != SQLITE_DONE)
		return store_err(st, what, cause);
	return 0;
}

int
store_rows_each(struct store *st, sqlite3_stmt *s, int finalize,
    const char *what, store_row_cb row, void *arg, char **cause)
{
	int	rc, r = 0;

	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((r = row(s, arg)) != 0)
			break;
	if (r == 0 && rc != SQLITE_DONE)
		r = store_err(st, what, cause);
	if (finalize)
		sqlite3_finalize(s);
	else
		sqlite3_reset(s);
	return r;
}

int
store_exec_id(struct store *st, const char *sql, int64_t id,
    const char *what, char **cause)
{
	return store_run(st, sql, what, cause, "i", id);
}

/* Binds the arguments to ?1, ?2, ... as types says (store-int.h). */
static void
store_bindv(sqlite3_stmt *s, const char *types, va_list ap)
{
	int64_t	v;
	int	i;

	for (i = 1; types[i - 1] != '\0'; i++) {
		switch (types[i - 1]) {
		case 'i':
			sqlite3_bind_int64(s, i, va_arg(ap, int64_t));
			break;
		case 'n':
			if ((v = va_arg(ap, int64_t)) != 0)
				sqlite3_bind_int64(s, i, v);
			break;
		case 'd':
			sqlite3_bind_int(s, i, va_arg(ap, int));
			break;
		case 't':
			store_bind_text(s, i, va_arg(ap, const char *));
			break;
		case 'v':
			store_bind_val(s, i, va_arg(ap, double));
			break;
		case 'f':
			sqlite3_bind_double(s, i, va_arg(ap, double));
			break;
		}
	}
}

/*
 * sql, bound: the cached statement (what NULL), or one prepared for the
 * caller to finalize, whose prepare error is "what: ...".
 */
static sqlite3_stmt *
store_stmtv(struct store *st, const char *sql, const char *what,
    char **cause, const char *types, va_list ap)
{
	sqlite3_stmt	*s;

	if (what == NULL)
		s = store_prepare(st, sql, cause);
	else if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK) {
		store_err(st, what, cause);
		s = NULL;
	}
	if (s != NULL)
		store_bindv(s, types, ap);
	return s;
}

sqlite3_stmt *
store_stmt(struct store *st, const char *sql, char **cause,
    const char *types, ...)
{
	sqlite3_stmt	*s;
	va_list		 ap;

	va_start(ap, types);
	s = store_stmtv(st, sql, NULL, cause, types, ap);
	va_end(ap);
	return s;
}

int
store_run(struct store *st, const char *sql, const char *what,
    char **cause, const char *types, ...)
{
	sqlite3_stmt	*s;
	va_list		 ap;

	va_start(ap, types);
	s = store_stmtv(st, sql, NULL, cause, types, ap);
	va_end(ap);
	return s != NULL ? store_step_done(st, s, what, cause) : -1;
}

int
store_one_int64(struct store *st, const char *sql, int64_t *out,
    const char *what, char **cause, const char *types, ...)
{
	sqlite3_stmt	*s;
	va_list		 ap;
	int		 rc;

	va_start(ap, types);
	s = store_stmtv(st, sql, NULL, cause, types, ap);
	va_end(ap);
	if (s == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW && out != NULL)
		*out = sqlite3_column_int64(s, 0);
	return store_found(st, s, rc, what, cause);
}

int
store_walk(struct store *st, const char *sql, int cached, const char *what,
    store_row_cb row, void *arg, char **cause, const char *types, ...)
{
	sqlite3_stmt	*s;
	va_list		 ap;

	va_start(ap, types);
	s = store_stmtv(st, sql, cached ? NULL : what, cause, types, ap);
	va_end(ap);
	if (s == NULL)
		return -1;
	return store_rows_each(st, s, !cached, what, row, arg, cause);
}

int
store_step_row(struct store *st, sqlite3_stmt *s, const char *what,
    char **cause)
{
	if (s == NULL)
		return -1;
	if (sqlite3_step(s) != SQLITE_ROW) {
		sqlite3_reset(s);
		return store_err(st, what, cause);
	}
	return 0;
}

int
store_ids_read(struct store *st, sqlite3_stmt *s, size_t max,
    const char *what, int64_t **ids, size_t *n, char **cause)
{
	size_t	cap = 0;
	int	rc = SQLITE_DONE;

	*ids = NULL;
	*n = 0;
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == cap)
			*ids = xgrow(*ids, &cap, 64, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	sqlite3_reset(s);
	if (*n < max && rc != SQLITE_DONE) {
		free(*ids);
		*ids = NULL;
		*n = 0;
		return store_err(st, what, cause);
	}
	return 0;
}

int
store_exec(struct store *st, const char *sql, char **cause)
{
	char	*msg = NULL;

	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if (cause != NULL)
			*cause = xstrdup(msg != NULL ? msg :
			    sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

sqlite3_stmt *
store_prepare(struct store *st, const char *sql, char **cause)
{
	sqlite3_stmt	*s;
	int		 i;

	for (i = 0; i < st->nstmts; i++) {
		if (st->stmts[i].sql == sql) {
			s = st->stmts[i].stmt;
			sqlite3_reset(s);
			sqlite3_clear_bindings(s);
			return s;
		}
	}
	if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &s,
	    NULL) != SQLITE_OK) {
		store_err(st, "prepare", cause);
		return NULL;
	}
	if (st->nstmts == STORE_STMT_MAX) {
		/* Every SQL string is static: more than fit is a build bug. */
		sqlite3_finalize(s);
		if (cause != NULL)
			*cause = xasprintf("prepare: statement cache full (%d)",
			    STORE_STMT_MAX);
		return NULL;
	}
	st->stmts[st->nstmts].sql = sql;
	st->stmts[st->nstmts].stmt = s;
	st->nstmts++;
	return s;
}

int
store_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

int
store_bind_val(sqlite3_stmt *s, int i, double v)
{
	if (!cn_hasval(v))
		return sqlite3_bind_null(s, i);
	return sqlite3_bind_double(s, i, v);
}

char *
store_col_text(sqlite3_stmt *s, int i)
{
	const unsigned char	*t;

	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return NULL;
	t = sqlite3_column_text(s, i);
	return xstrndup((const char *)t, (size_t)sqlite3_column_bytes(s, i));
}

double
store_col_val(sqlite3_stmt *s, int i)
{
	if (sqlite3_column_type(s, i) == SQLITE_NULL)
		return CN_NOVAL;
	return sqlite3_column_double(s, i);
}

/* Whether the last error says the file or its directory is read-only. */
static int
store_err_readonly(struct store *st)
{
	int	rc = sqlite3_extended_errcode(st->db);

	return (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN;
}

/* Whether path with suffix (e.g. "-wal") exists and is not empty. */
static int
store_side_file(const char *path, const char *suffix)
{
	struct stat	 sb;
	char		*p;
	int		 r;

	p = xasprintf("%s%s", path, suffix);
	r = stat(p, &sb) == 0 && sb.st_size > 0;
	free(p);
	return r;
}

/*
 * Why a read-only open failed, for a file SQLite could not read: in a
 * folder we cannot write, a WAL database needs its -shm file to share the
 * -wal with a writer. Opening it as immutable would skip the -wal (and a
 * hot rollback journal) and show torn, uncommitted or stale rows, so this
 * case is refused with what to do instead.
 */
static char *
store_readonly_cause(struct store *st)
{
	if (store_side_file(st->path, "-wal"))
		return xstrdup("cannot read it safely: its folder is not"
		    " writable, and SQLite needs a -shm file there to read the"
		    " changes in its -wal file (ask its owner to close it, or"
		    " copy the database with its -wal file to a writable"
		    " folder)");
	if (store_side_file(st->path, "-journal"))
		return xstrdup("cannot read it safely: an interrupted write"
		    " left a -journal file that only a writer can roll back,"
		    " and the file or its folder is not writable");
	return xstrdup("cannot read it safely: its folder is not writable,"
	    " and SQLite must create a -shm file beside it to read a WAL"
	    " database that others may write (copy the database to a"
	    " writable folder, or have the folder made writable)");
}

/*
 * SQLite's busy handler: waits without a limit (writers take turns; an
 * import may hold the lock for minutes), short sleeps first. Gives up only
 * when the interrupt flag is set. The notice goes out once, after about a
 * quarter of a second, so a brief wait stays silent.
 */
#define STORE_NOTICE_AT	30	/* 55 ms in 1..10 ms steps, then 10 ms */
static int
store_busy(void *arg, int n)
{
	struct store	*st = arg;
	struct timespec	 ts;
	char		*msg;
	long		 ms;

	if (st->interrupt != NULL && *st->interrupt != 0)
		return 0;
	if (n == STORE_NOTICE_AT && st->notice != NULL && !st->noticed) {
		st->noticed = 1;
		msg = xasprintf("waiting for another import to finish (%s)...",
		    st->path);
		st->notice(msg, st->notice_arg);
		free(msg);
	}
	ms = n < 10 ? n + 1 : n < 100 ? 10 : 50;
	ts.tv_sec = 0;
	ts.tv_nsec = ms * 1000000L;
	nanosleep(&ts, NULL);
	return 1;
}

void
store_notice_on(struct store *st, store_notice_cb cb, void *arg)
{
	st->notice = cb;
	st->notice_arg = arg;
}

/*
 * A writer keeps the file in WAL: a file an older canopy left in a
 * rollback journal (its bulk import was killed) goes back, so readers
 * never wait for writers. The WAL is cut back to 64 MiB when reset.
 */
static int
store_wal_on(struct store *st, char **cause)
{
	sqlite3_stmt	*s;
	int		 wal = 0;

	if (store_exec(st, "PRAGMA journal_size_limit=67108864", cause) != 0)
		return -1;
	if (sqlite3_prepare_v2(st->db, "PRAGMA journal_mode", -1, &s,
	    NULL) != SQLITE_OK)
		return store_err(st, "journal mode", cause);
	if (sqlite3_step(s) == SQLITE_ROW)
		wal = sqlite3_stricmp((const char *)sqlite3_column_text(s, 0),
		    "wal") == 0;
	sqlite3_finalize(s);
	if (wal || strcmp(st->path, ":memory:") == 0)
		return 0;
	return store_journal_wal(st, cause);
}

int
store_journal_wal(struct store *st, char **cause)
{
	char	*c = NULL;
	int	 n = 0, rc;

	/*
	 * Leaving a rollback journal needs an exclusive lock, and SQLite
	 * answers "busy" at once, without its busy handler: wait here, as
	 * store_busy would (a second process creating the same new file).
	 */
	for (;;) {
		if (store_exec(st, "PRAGMA journal_mode=WAL", &c) == 0)
			return 0;
		rc = sqlite3_extended_errcode(st->db) & 0xff;
		if ((rc != SQLITE_BUSY && rc != SQLITE_LOCKED) ||
		    !store_busy(st, n++))
			break;
		free(c);
		c = NULL;
	}
	if (cause != NULL)
		*cause = c;
	else
		free(c);
	return -1;
}

/* Opens path for writing, which migrates its schema, and closes it. */
static int
store_upgrade(const char *path)
{
	struct store	*rw;

	if (store_open(&rw, path, 0, NULL) != 0)
		return -1;
	store_close(rw);
	return 0;
}

int
store_open(struct store **out, const char *path, int flags, char **cause)
{
	struct store	*st;
	struct stat	 sb;
	char		*c = NULL;
	int		 oflags, rc;

	*out = NULL;
	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		if (cause != NULL)
			*cause = xasprintf("%s: is a directory, not a database",
			    path);
		return -1;
	}
	if ((flags & STORE_READONLY) && strcmp(path, ":memory:") != 0 &&
	    access(path, F_OK) != 0) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	/* Not a database yet, and not "not a canopy database" either. */
	if ((flags & STORE_READONLY) && stat(path, &sb) == 0 &&
	    S_ISREG(sb.st_mode) && sb.st_size == 0 &&
	    !store_side_file(path, "-wal")) {
		if (cause != NULL)
			*cause = xasprintf("%s: the database is empty (nothing"
			    " has been imported into it yet)", path);
		return -1;
	}
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	st->readonly = (flags & STORE_READONLY) != 0;
	oflags = st->readonly ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &st->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		if (cause != NULL)
			*cause = xasprintf("%s: cannot open: %s", path,
			    st->db != NULL ? sqlite3_errmsg(st->db) :
			    "out of memory");
		store_close(st);
		return -1;
	}
	sqlite3_extended_result_codes(st->db, 1);
	sqlite3_busy_handler(st->db, store_busy, st);
	if (!st->readonly && sqlite3_db_readonly(st->db, "main") == 1) {
		if (cause != NULL)
			*cause = xasprintf("%s: the database is read-only (no"
			    " permission to write it)", path);
		store_close(st);
		return -1;
	}
	if (store_exec(st, "PRAGMA foreign_keys=ON", cause) != 0)
		goto fail;
	if (store_schema_migrate(st, &c) != 0) {
		/*
		 * A file an older canopy wrote: a reader that may write it
		 * upgrades it once (a short write transaction), then reads.
		 */
		if (st->stale && access(path, W_OK) == 0 &&
		    store_upgrade(path) == 0) {
			free(c);
			store_close(st);
			return store_open(out, path, flags, cause);
		}
		if (store_err_readonly(st)) {
			free(c);
			c = st->readonly ? store_readonly_cause(st) :
			    xstrdup("cannot write it: the file or its"
			    " directory is read-only");
		}
		if (cause != NULL)
			*cause = c;
		else
			free(c);
		goto fail;
	}
	if (!st->readonly && store_wal_on(st, cause) != 0)
		goto fail;
	*out = st;
	return 0;
fail:
	if (cause != NULL && *cause != NULL) {
		c = xasprintf("%s: %s", path, *cause);
		free(*cause);
		*cause = c;
	}
	store_close(st);
	return -1;
}

void
store_close(struct store *st)
{
	int	i;

	if (st == NULL)
		return;
	store_import_abort(st);
	for (i = 0; i < st->nstmts; i++)
		sqlite3_finalize(st->stmts[i].stmt);
	if (st->db != NULL)
		sqlite3_close(st->db);
	free(st->path);
	free(st);
}

int
store_schema_version(struct store *st)
{
	return st->version;
}

int64_t
store_data_version(struct store *st)
{
	static const char	 sql[] = "PRAGMA data_version";
	int64_t			 v = -1;

	store_one_int64(st, sql, &v, "data version", NULL, "");
	return v;
}

/* SQLite's progress callback: non-zero stops the running statement. */
static int
store_progress(void *arg)
{
	const volatile sig_atomic_t	*flag = arg;

	return *flag != 0;
}

void
store_interrupt_on(struct store *st, const volatile sig_atomic_t *flag)
{
	/* Checked every 10k virtual-machine steps: well under a millisecond. */
	sqlite3_progress_handler(st->db, 10000, store_progress,
	    (void *)(uintptr_t)flag);
	st->interrupt = flag;
}

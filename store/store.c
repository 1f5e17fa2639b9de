/*
 * store.c - opening and closing the database, the statement cache and the
 * error helpers. store/ is the only code that holds SQL.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
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
	if (st->nstmts == STORE_STMT_MAX)
		fatalx("store: statement cache full");
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

/*
 * Reopens a read-only database as immutable: a WAL database in a
 * directory we cannot write cannot create its -shm file, but it can still
 * be read when nothing else writes it.
 */
static int
store_reopen_immutable(struct store *st)
{
	struct cn_buf	 uri;
	const char	*p;

	buf_init(&uri);
	buf_adds(&uri, "file:");
	for (p = st->path; *p != '\0'; p++) {
		if (*p == '%' || *p == '?' || *p == '#')
			buf_printf(&uri, "%%%02X", (unsigned char)*p);
		else
			buf_addc(&uri, *p);
	}
	buf_adds(&uri, "?immutable=1");
	sqlite3_close(st->db);
	st->db = NULL;
	if (sqlite3_open_v2(uri.s, &st->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		buf_free(&uri);
		return -1;
	}
	buf_free(&uri);
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
	sqlite3_busy_timeout(st->db, 5000);
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
		if (store_err_readonly(st)) {
			free(c);
			c = NULL;
			if (st->readonly && store_reopen_immutable(st) == 0 &&
			    store_schema_migrate(st, &c) == 0)
				goto done;
			free(c);
			c = xstrdup(st->readonly ? "cannot read it: its"
			    " directory is not writable (SQLite's WAL needs a"
			    " -shm file there)" : "cannot write it: the file or"
			    " its directory is read-only");
		}
		if (cause != NULL)
			*cause = c;
		else
			free(c);
		goto fail;
	}
done:
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
	sqlite3_stmt		*s;
	int64_t			 v = -1;

	if ((s = store_prepare(st, sql, NULL)) == NULL)
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_reset(s);
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
}

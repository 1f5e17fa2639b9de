/*
 * test-store-faults.c - the store's promises under faults and concurrency:
 * readers see exactly the committed state while another connection writes
 * and after a writer is killed; the file stays in WAL; writers wait their
 * turn; of two imports of one file, one is kept; an empty file is named.
 */
#include "config.h"

#include <sys/types.h>
#include <sys/wait.h>

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store.h"
#include "cn-test.h"
#include "store-test.h"

struct fx {
	char	path[64];
};

static int
setup(void **state)
{
	struct fx	*fx = calloc(1, sizeof *fx);

	tmpdb_path_new(fx->path);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*fx = *state;

	tmpdb_path_remove(fx->path);
	free(fx);
	return 0;
}

static struct store *
open_rw(struct fx *fx)
{
	struct store	*st = NULL;
	char		*cause = NULL;

	assert_int_equal(store_open(&st, fx->path, 0, &cause), 0);
	assert_null(cause);
	return st;
}

static struct store *
open_ro(struct fx *fx)
{
	struct store	*st = NULL;
	char		*cause = NULL;

	assert_int_equal(store_open(&st, fx->path, STORE_READONLY, &cause), 0);
	assert_null(cause);
	return st;
}

/*
 * Sends a trace of n nodes (a chain under one root); with a long text, an
 * import of tens of thousands of nodes outgrows the page cache, so
 * uncommitted pages reach the WAL file before the commit.
 */
static void
send_trace(struct imp_sink *sink, const char *name, int n, size_t textlen)
{
	struct cn_trace	 t;
	struct cn_node	 nd;
	char		 id[32], pid[32], *text, *cause = NULL;
	int		 i;

	memset(&t, 0, sizeof t);
	t.ext_id = name;
	t.problem = "p";
	assert_int_equal(sink->trace(sink->arg, &t, &cause), CN_OK);
	text = malloc(textlen + 1);
	memset(text, 'x', textlen);
	text[textlen] = '\0';
	for (i = 0; i < n; i++) {
		cn_node_init(&nd);
		snprintf(id, sizeof id, "n%d", i);
		snprintf(pid, sizeof pid, "n%d", i / 4);
		nd.ext_id = id;
		nd.parent_ext = i == 0 ? NULL : pid;
		nd.text = text;
		assert_int_equal(sink->node(sink->arg, &nd, &cause), CN_OK);
	}
	free(text);
}

static void
import_trace(struct store *st, const char *name, int n, const char *sha)
{
	struct store_import_meta	 m = { "in.jsonl", "test", sha, 0, 0, 0 };
	struct imp_sink			 sink;
	char				*cause = NULL;

	assert_int_equal(store_import_begin(st, &m, &sink, &cause), 0);
	send_trace(&sink, name, n, 10);
	assert_int_equal(store_import_end(st, 1, NULL, &cause), 0);
	assert_null(cause);
}

/* "traces nodes" as the store counts them. */
static void
counts(struct store *st, int64_t *traces, int64_t *nodes)
{
	struct store_stats	 s;
	char			*cause = NULL;

	assert_int_equal(store_stats_get(st, &s, &cause), 0);
	*traces = s.traces;
	*nodes = s.nodes;
	store_stats_free(&s);
}

/*
 * While one connection writes a large import (its pages spilling into the
 * WAL), others open the file, read exactly the last commit, pass an
 * integrity check without waiting (no busy timeout at all), and see the
 * import once it commits.
 */
static void
test_faults_readers_during_a_write(void **state)
{
	struct fx			*fx = *state;
	struct store_import_meta	 m = { "big", "test", NULL, 0, 0, 0 };
	struct store			*w, *r, *r2;
	struct imp_sink			 sink;
	sqlite3				*db;
	sqlite3_stmt			*s;
	int64_t				 nt, nn;
	char				*cause = NULL;

	w = open_rw(fx);
	import_trace(w, "a", 10, NULL);
	/* Nobody else has the file open when the import starts. */
	assert_int_equal(store_import_begin(w, &m, &sink, &cause), 0);
	send_trace(&sink, "b", 30000, 700);

	r = open_ro(fx);
	counts(r, &nt, &nn);
	assert_int_equal(nt, 1);
	assert_int_equal(nn, 10);
	r2 = open_ro(fx);		/* opened during the write */
	counts(r2, &nt, &nn);
	assert_int_equal(nt, 1);
	assert_int_equal(nn, 10);
	store_close(r2);
	r2 = open_rw(fx);		/* a writer's open need not wait */
	counts(r2, &nt, &nn);
	assert_int_equal(nn, 10);
	store_close(r2);
	assert_int_equal(sqlite3_open_v2(fx->path, &db, SQLITE_OPEN_READONLY,
	    NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 0);
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1,
	    &s, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(s, 0), "ok");
	sqlite3_finalize(s);
	sqlite3_close(db);
	store_test_assert_wal(fx->path);

	assert_int_equal(store_import_end(w, 1, NULL, &cause), 0);
	counts(r, &nt, &nn);
	assert_int_equal(nt, 2);
	assert_int_equal(nn, 30010);
	store_close(r);
	store_close(w);
}

/*
 * A writer killed mid-import (SIGKILL: no cleanup at all) leaves the file
 * in WAL; readers see the state before it; the next writer goes on.
 */
static void
test_faults_killed_writer(void **state)
{
	struct fx			*fx = *state;
	struct store_import_meta	 m = { "big", "test", NULL, 0, 0, 0 };
	struct store			*st;
	struct imp_sink			 sink;
	int64_t				 nt, nn;
	pid_t				 pid;
	int				 p[2], status;
	char				 c, *cause = NULL;

	st = open_rw(fx);
	import_trace(st, "a", 10, NULL);
	store_close(st);
	assert_int_equal(pipe(p), 0);
	if ((pid = fork()) == 0) {
		close(p[0]);
		if (store_open(&st, fx->path, 0, &cause) != 0 ||
		    store_import_begin(st, &m, &sink, &cause) != 0)
			_exit(2);
		send_trace(&sink, "b", 30000, 700);
		if (write(p[1], "k", 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	assert_true(pid > 0);
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status));

	store_test_assert_wal(fx->path);
	st = open_ro(fx);
	counts(st, &nt, &nn);
	assert_int_equal(nt, 1);
	assert_int_equal(nn, 10);
	store_close(st);
	st = open_rw(fx);
	import_trace(st, "c", 5, NULL);
	counts(st, &nt, &nn);
	assert_int_equal(nt, 2);
	assert_int_equal(nn, 15);
	store_close(st);
	store_test_assert_wal(fx->path);
}

static int	noticed;
static char	notice_text[256];

static void
notice_cb(const char *msg, void *arg)
{
	(void)arg;
	noticed++;
	snprintf(notice_text, sizeof notice_text, "%s", msg);
}

/*
 * Two imports of one file at once (its sha256 known only at the end, as
 * when the file is hashed while it is read): the second waits for the
 * first, longer than the old 5 s limit, says once that it waits, and is
 * refused at its end like a sequential re-import. One trace is kept.
 */
static void
test_faults_concurrent_imports_of_one_file(void **state)
{
	struct fx			*fx = *state;
	struct store_import_meta	 m = { "same.jsonl", "test", NULL, 0,
					    0, 0 };
	struct store			*st;
	struct imp_sink			 sink;
	struct timespec			 ts = { 5, 500000000L };
	int64_t				 nt, nn;
	pid_t				 pid;
	int				 go[2], status, k;
	char				 c, *cause = NULL;

	st = open_rw(fx);
	store_close(st);
	assert_int_equal(pipe(go), 0);
	if ((pid = fork()) == 0) {
		close(go[1]);
		if (read(go[0], &c, 1) != 1 ||
		    store_open(&st, fx->path, 0, &cause) != 0)
			_exit(2);
		store_notice_on(st, notice_cb, NULL);
		if (store_import_begin(st, &m, &sink, &cause) != 0)
			_exit(3);
		send_trace(&sink, "t", 3, 10);
		store_import_sha256(st, "same");
		k = store_import_end(st, 1, NULL, &cause);
		if (k != STORE_IMPORT_KNOWN || cause == NULL ||
		    strncmp(cause, "already imported on ", 20) != 0 ||
		    strstr(cause, " as same.jsonl (use --force to import"
		    " again)") == NULL)
			_exit(4);
		if (noticed != 1 || strstr(notice_text, "waiting for another"
		    " import to finish (") == NULL)
			_exit(5);
		store_close(st);
		_exit(0);
	}
	assert_true(pid > 0);
	close(go[0]);
	st = open_rw(fx);
	assert_int_equal(store_import_begin(st, &m, &sink, &cause), 0);
	send_trace(&sink, "t", 3, 10);
	assert_int_equal(write(go[1], "g", 1), 1);
	close(go[1]);
	nanosleep(&ts, NULL);
	store_import_sha256(st, "same");
	assert_int_equal(store_import_end(st, 1, NULL, &cause), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	counts(st, &nt, &nn);
	assert_int_equal(nt, 1);
	assert_int_equal(nn, 3);
	store_close(st);
}

/*
 * A sha256 known at the start is refused at once (under the lock); --force
 * imports again; a second import on one connection is an error, not an
 * exit.
 */
static void
test_faults_known_file_refused_at_begin(void **state)
{
	struct fx			*fx = *state;
	struct store_import_meta	 m = { "f.jsonl", "test", "abc", 0, 0,
					    0 };
	struct store			*st;
	struct imp_sink			 sink;
	int64_t				 nt, nn;
	char				*cause = NULL;

	st = open_rw(fx);
	import_trace(st, "t", 2, "abc");
	assert_int_equal(store_import_begin(st, &m, &sink, &cause),
	    STORE_IMPORT_KNOWN);
	assert_non_null(strstr(cause, "already imported on "));
	assert_non_null(strstr(cause, " as in.jsonl (use --force to import"
	    " again)"));
	free(cause);
	cause = NULL;
	m.force = 1;
	assert_int_equal(store_import_begin(st, &m, &sink, &cause), 0);
	assert_int_equal(store_import_begin(st, &m, &sink, &cause), -1);
	assert_non_null(strstr(cause, "an import is already running"));
	free(cause);
	cause = NULL;
	send_trace(&sink, "t", 2, 10);
	assert_int_equal(store_import_end(st, 1, NULL, &cause), 0);
	counts(st, &nt, &nn);
	assert_int_equal(nt, 2);
	store_close(st);
}

/* An empty file is "empty", not "not a canopy database". */
static void
test_faults_zero_byte_database(void **state)
{
	struct fx	*fx = *state;
	struct store	*st = NULL;
	FILE		*f;
	char		*cause = NULL;

	assert_non_null(f = fopen(fx->path, "w"));
	fclose(f);
	assert_int_equal(store_open(&st, fx->path, STORE_READONLY, &cause),
	    -1);
	assert_non_null(strstr(cause, "the database is empty"));
	assert_null(strstr(cause, "not a canopy database"));
	free(cause);
	st = open_rw(fx);		/* a writer makes it a database */
	store_close(st);
	st = open_ro(fx);
	store_close(st);
}

/* A file an older canopy left in a rollback journal goes back to WAL. */
static void
test_faults_rollback_file_back_to_wal(void **state)
{
	struct fx	*fx = *state;
	struct store	*st;
	sqlite3		*db;

	st = open_rw(fx);
	store_close(st);
	assert_int_equal(sqlite3_open(fx->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode=DELETE", 0, 0,
	    0), SQLITE_OK);
	sqlite3_close(db);
	st = open_ro(fx);		/* a reader changes nothing */
	store_close(st);
	st = open_rw(fx);
	store_close(st);
	store_test_assert_wal(fx->path);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)

CN_TEST_MAIN(
	T(test_faults_readers_during_a_write),
	T(test_faults_killed_writer),
	T(test_faults_concurrent_imports_of_one_file),
	T(test_faults_known_file_refused_at_begin),
	T(test_faults_zero_byte_database),
	T(test_faults_rollback_file_back_to_wal))

/*
 * test-store-open.c - opening a database: the schema a new one gets,
 * migrations of every older version, files that are not canopy databases
 * and read-only opens.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "store-int.h"
#include "cn-test.h"
#include "tmpdb.h"

/*
 * Makes p a file that has had sql run on it: a new canopy database with
 * canopy set (to be changed back to an older or newer one), else an
 * empty SQLite file.
 */
static void
sql_file(const char *p, int canopy, const char *sql)
{
	struct store	*st = NULL;
	sqlite3		*db;
	char		*cause = NULL;

	unlink(p);
	if (canopy) {
		assert_int_equal(store_open(&st, p, 0, &cause), 0);
		store_close(st);
	}
	assert_int_equal(sqlite3_open(p, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, 0, 0, 0), SQLITE_OK);
	sqlite3_close(db);
}

/* The first row of sql on p through a plain SQLite connection *db. */
static sqlite3_stmt *
first_row(const char *p, sqlite3 **db, const char *sql)
{
	sqlite3_stmt	*s;

	assert_int_equal(sqlite3_open(p, db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(*db, sql, -1, &s, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(s), SQLITE_ROW);
	return s;
}

/* Opening p with flags must fail; returns the cause (the caller frees). */
static char *
open_fails(const char *p, int flags)
{
	struct store	*st = NULL;
	char		*cause = NULL;

	assert_int_equal(store_open(&st, p, flags, &cause), -1);
	assert_null(st);
	assert_non_null(cause);
	return cause;
}

static void
test_store_open_creates_latest_schema(void **state)
{
	struct tmpdb	*fx = *state;

	sqlite3		*db;
	sqlite3_stmt	*s;

	assert_int_equal(store_schema_version(fx->st), store_schema_latest());
	assert_true(store_schema_latest() >= 1);
	/* A new file has 16 KiB pages and WAL, as the schema comment says. */
	s = first_row(fx->path, &db, "SELECT page_size, journal_mode"
	    " FROM pragma_page_size, pragma_journal_mode");
	assert_int_equal(sqlite3_column_int(s, 0), 16384);
	assert_string_equal((const char *)sqlite3_column_text(s, 1), "wal");
	sqlite3_finalize(s);
	sqlite3_close(db);
}

/* Opening p, made by sql_file(p, canopy, sql), fails with cause want. */
static void
refused(const char *p, int canopy, const char *sql, const char *want)
{
	sql_file(p, canopy, sql);
	assert_string_took(open_fails(p, 0), want);
	unlink(p);
}

static void
test_store_open_refuses_foreign_sqlite(void **state)
{
	(void)state;
	refused("/tmp/test-store-foreign.db", 0, "CREATE TABLE x(a)",
	    "/tmp/test-store-foreign.db: not a canopy database (an SQLite"
	    " file written by another program)");
}

static void
test_store_open_refuses_garbage_file(void **state)
{
	char		*cause;
	const char	*p = "/tmp/test-store-garbage.db";
	FILE		*f;
	int		 i;

	(void)state;
	f = fopen(p, "w");
	for (i = 0; i < 200; i++)
		fputs("this is not a database at all\n", f);
	fclose(f);
	cause = open_fails(p, 0);
	assert_non_null(strstr(cause, "not a canopy database"));
	assert_non_null(strstr(cause, "file is not a database"));
	free(cause);
	unlink(p);
}

/* A version-1 file gains imports.bytes when opened; its rows stay. */
static void
test_store_migrates_v1(void **state)
{
	struct store	*st = NULL;
	sqlite3		*db;
	sqlite3_stmt	*s;
	char		*cause = NULL;
	const char	*p = "/tmp/test-store-v1.db";

	(void)state;
	/* Back to what version 1 wrote, with an import recorded. */
	sql_file(p, 1, "DROP INDEX traces_format;"
	    " DROP INDEX traces_nodes; DROP INDEX traces_depth;"
	    " DROP INDEX traces_reward; DROP INDEX traces_q;"
	    " DROP INDEX traces_outcome; DROP INDEX traces_labels;"
	    " ALTER TABLE traces DROP COLUMN leaf_outcome;"
	    " ALTER TABLE imports DROP COLUMN"
	    " bytes; INSERT INTO imports(file, format, sha256, started)"
	    " VALUES ('a.jsonl', 'canopy-jsonl', 'abc', 1);"
	    " PRAGMA user_version=1");

	assert_int_equal(store_open(&st, p, 0, &cause), 0);
	/* An import of unknown size may be any file: hash before import. */
	assert_int_equal(store_import_size_known(st, 12345, &cause), 1);
	store_close(st);
	s = first_row(p, &db, "SELECT file, bytes,"
	    " (SELECT user_version FROM pragma_user_version) FROM imports");
	assert_string_equal((const char *)sqlite3_column_text(s, 0),
	    "a.jsonl");
	assert_int_equal(sqlite3_column_type(s, 1), SQLITE_NULL);
	assert_int_equal(sqlite3_column_int(s, 2), store_schema_latest());
	assert_true(store_schema_latest() >= 4);
	sqlite3_finalize(s);
	sqlite3_close(db);
	unlink(p);
}

static void
test_store_open_refuses_newer_schema(void **state)
{
	char	want[160];

	(void)state;
	snprintf(want, sizeof want, "/tmp/test-store-newer.db: written by a"
	    " newer canopy (schema version 99; this canopy knows up to %d)",
	    store_schema_latest());
	refused("/tmp/test-store-newer.db", 1, "PRAGMA user_version=99", want);
}

static void
test_store_migrates_every_old_version(void **state)
{
	struct store	*st = NULL;
	char		*cause = NULL;
	const char	*p = "/tmp/test-store-migrate.db";
	int		 v;

	(void)state;
	/* From an empty file (version 0) up to the latest, step by step. */
	for (v = 0; v < store_schema_latest(); v++) {
		unlink(p);
		assert_int_equal(store_open(&st, p, 0, &cause), 0);
		assert_int_equal(store_schema_version(st),
		    store_schema_latest());
		store_close(st);
		/* Reopening an up-to-date file migrates nothing. */
		assert_int_equal(store_open(&st, p, STORE_READONLY, &cause), 0);
		assert_int_equal(store_schema_version(st),
		    store_schema_latest());
		store_close(st);
	}
	unlink(p);
}

static void
test_store_readonly_missing_file_fails(void **state)
{
	(void)state;
	assert_string_took(open_fails("/tmp/no-such-canopy.db", STORE_READONLY),
	    "/tmp/no-such-canopy.db: No such file or directory");
}

static void
test_store_readonly_refuses_import(void **state)
{
	struct tmpdb			*fx = *state;
	struct store			*ro = NULL;
	struct store_import_meta	 m = { "f", "test", NULL, 0, 0, 0 };
	struct imp_sink			 sink;
	char				*cause = NULL;

	assert_int_equal(store_open(&ro, fx->path, STORE_READONLY, &cause), 0);
	assert_int_equal(store_import_begin(ro, &m, &sink, &cause), -1);
	assert_non_null(strstr(cause, "opened read-only"));
	free(cause);
	store_close(ro);
}

#define T(f) cmocka_unit_test_setup_teardown(f, tmpdb_setup, tmpdb_teardown)
CN_TEST_MAIN(
	T(test_store_open_creates_latest_schema),
	cmocka_unit_test(test_store_open_refuses_foreign_sqlite),
	cmocka_unit_test(test_store_open_refuses_garbage_file),
	cmocka_unit_test(test_store_open_refuses_newer_schema),
	cmocka_unit_test(test_store_migrates_v1),
	cmocka_unit_test(test_store_migrates_every_old_version),
	cmocka_unit_test(test_store_readonly_missing_file_fails),
	T(test_store_readonly_refuses_import))
#undef T

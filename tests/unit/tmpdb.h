/*
 * tmpdb.h - the temporary-database fixture of the unit tests: a fresh
 * database in its own file (as the CLI uses one: WAL, journal switches),
 * removed with its -wal and -shm files afterwards, and importing into it
 * through the public importer registry. Header-only (static inline);
 * include after cmocka.h. The source-tree paths come from imp-test.h;
 * records sent through the store's sink by hand: store-test.h.
 */
#ifndef CN_TMPDB_H
#define CN_TMPDB_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "imp-test.h"
#include "store.h"

/* A test's database; sink is for tests that send records themselves. */
struct tmpdb {
	struct store		*st;
	struct imp_sink		 sink;
	char			 path[64];
};

/*
 * Names a new temporary file for a database (path: 64 bytes) and removes
 * it: the store creates the file, and an empty one is not a database.
 */
static inline void
tmpdb_path_new(char *path)
{
	int	fd;

	strcpy(path, "/tmp/canopy-test-XXXXXX");
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
}

/* Removes a database file with the journal files SQLite may leave. */
static inline void
tmpdb_path_remove(const char *path)
{
	static const char *const	 suffixes[] = { "-wal", "-shm",
	    "-journal" };
	char				 p[80];
	size_t				 i;

	unlink(path);
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++) {
		snprintf(p, sizeof p, "%s%s", path, suffixes[i]);
		unlink(p);
	}
}

/* Opens a fresh database in a new temporary file. */
static inline void
tmpdb_open(struct tmpdb *db)
{
	char	*cause = NULL;

	memset(db, 0, sizeof *db);
	tmpdb_path_new(db->path);
	if (store_open(&db->st, db->path, 0, &cause) != 0)
		fail_msg("store_open %s: %s", db->path, cause);
	assert_null(cause);
}

/* Closes the database and removes its files. */
static inline void
tmpdb_close(struct tmpdb *db)
{
	store_close(db->st);
	db->st = NULL;
	tmpdb_path_remove(db->path);
}

/* cmocka setup: *state becomes a struct tmpdb with an open database. */
static inline int
tmpdb_setup(void **state)
{
	struct tmpdb	*db = xcalloc(1, sizeof *db);

	tmpdb_open(db);
	*state = db;
	return 0;
}

static inline int
tmpdb_teardown(void **state)
{
	struct tmpdb	*db = *state;

	tmpdb_close(db);
	free(db);
	return 0;
}

/*
 * Imports in (named name, the import's file) with format and options o
 * (NULL: the defaults) as one store import, committed if the importer
 * succeeds. Fills *rep (zeroed first; the caller frees it) and *c (may be
 * NULL). Returns 0, or -1 with *cause from the importer or the store.
 */
static inline int
tmpdb_import(struct tmpdb *db, const char *format, const char *name,
    FILE *in, const struct imp_opts *o, struct imp_report *rep,
    struct store_import_counts *c, char **cause)
{
	const struct imp_format		*f = imp_test_format(format);
	struct store_import_meta	 m = { .file = name, .format = format };
	struct imp_opts			 defaults = { 0 };
	struct imp_sink			 sink;
	int				 rc;

	memset(rep, 0, sizeof *rep);
	*cause = NULL;
	if (store_import_begin(db->st, &m, &sink, cause) != 0)
		fail_msg("store_import_begin: %s", *cause);
	rc = f->run(in, name, o != NULL ? o : &defaults, &sink, rep, cause);
	if (store_import_end(db->st, rc == 0, c, rc == 0 ? cause : NULL) != 0)
		rc = -1;
	return rc;
}

/* The same for text. */
static inline int
tmpdb_import_text(struct tmpdb *db, const char *format, const char *name,
    const char *text, const struct imp_opts *o, struct imp_report *rep,
    struct store_import_counts *c, char **cause)
{
	FILE	*in;
	int	 rc;

	in = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	assert_non_null(in);
	rc = tmpdb_import(db, format, name, in, o, rep, c, cause);
	fclose(in);
	return rc;
}

/* Imports text (named name) with format, failing the test on an error. */
static inline void
tmpdb_import_ok(struct tmpdb *db, const char *format, const char *name,
    const char *text)
{
	struct imp_report	 rep;
	char			*cause = NULL;

	if (tmpdb_import_text(db, format, name, text, NULL, &rep, NULL,
	    &cause) != 0)
		fail_msg("import: %s", cause);
	imp_report_free(&rep);
}

/*
 * Imports a file of the source tree (named by its relative path) with
 * format, failing the test on an error or a bad record.
 */
static inline void
tmpdb_import_file(struct tmpdb *db, const char *format, const char *rel,
    struct store_import_counts *c)
{
	struct imp_report	 rep;
	char			*path = imp_test_path(rel), *cause = NULL;
	FILE			*in;

	if ((in = fopen(path, "r")) == NULL)
		fail_msg("cannot open %s", path);
	if (tmpdb_import(db, format, rel, in, NULL, &rep, c, &cause) != 0)
		fail_msg("import %s: %s", rel, cause);
	assert_int_equal(rep.bad, 0);
	fclose(in);
	free(path);
	imp_report_free(&rep);
}

/*
 * cmocka setup whose prestate is canopy-jsonl text: tmpdb_setup, then
 * the text imported as "t.jsonl" (TMPDB_TEST_JSONL names the pair).
 */
static inline int
tmpdb_setup_jsonl(void **state)
{
	const char	*text = *state;

	tmpdb_setup(state);
	tmpdb_import_ok(*state, "canopy-jsonl", "t.jsonl", text);
	return 0;
}

#define TMPDB_TEST_JSONL(f, text)					\
	cmocka_unit_test_prestate_setup_teardown(f, tmpdb_setup_jsonl,	\
	    tmpdb_teardown, (void *)(uintptr_t)(text))

#endif /* CN_TMPDB_H */

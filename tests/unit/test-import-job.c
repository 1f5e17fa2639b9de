/*
 * test-import-job.c - one import job (src/import-job.c) as later callers
 * will use it, without the CLI: a stream or a file, named or sniffed
 * format, notices and progress phases through callbacks, a file imported
 * before is skipped, a bad record and a stop roll the import back.
 */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cn-test.h"

#include "import-job.h"
#include "tmpdb.h"

static const char three[] =
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"r\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\",\"parent\":\"r\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"b\",\"parent\":\"a\"}\n";

struct fx {
	struct tmpdb		 db;
	char			 file[80];
	struct import_job	 job;
	struct import_result	 r;
	FILE			*in;
	char			 notes[1024];
	enum import_phase	 phases[64];
	int			 nphases;
	volatile sig_atomic_t	 stop;
	int			 stop_at_begin;
};

static void
on_notice(void *arg, const char *msg)
{
	struct fx	*x = arg;

	strncat(x->notes, msg, sizeof x->notes - strlen(x->notes) - 2);
	strcat(x->notes, "\n");
}

static void
on_progress(void *arg, const struct import_progress *p)
{
	struct fx	*x = arg;

	if (x->nphases < 64)
		x->phases[x->nphases++] = p->phase;
	if (p->phase == IMPORT_BEGUN && x->stop_at_begin)
		x->stop = 1;
}

static int
setup(void **state)
{
	struct fx	*x = calloc(1, sizeof *x);

	tmpdb_open(&x->db);
	snprintf(x->file, sizeof x->file, "%s.jsonl", x->db.path);
	x->job.st = x->db.st;
	x->job.notice = on_notice;
	x->job.progress = on_progress;
	x->job.arg = x;
	x->job.stop = &x->stop;
	*state = x;
	return 0;
}

static int
teardown(void **state)
{
	struct fx	*x = *state;

	import_result_free(&x->r);
	if (x->in != NULL)
		fclose(x->in);
	tmpdb_close(&x->db);
	unlink(x->file);
	free(x);
	return 0;
}

/* Runs the job on a stream of s named "mem". */
static enum import_status
run_stream(struct fx *x, const char *s)
{
	assert_non_null(x->in = fmemopen((void *)(uintptr_t)s, strlen(s),
	    "r"));
	x->job.in = x->in;
	x->job.path = "mem";
	return import_job_run(&x->job, &x->r);
}

static int64_t
nodes(struct fx *x, int64_t *imports)
{
	struct store_stats	s;
	char			*cause = NULL;
	int64_t			n;

	assert_int_equal(store_stats_get(x->db.st, &s, &cause), 0);
	n = s.nodes;
	*imports = s.imports;
	store_stats_free(&s);
	return n;
}

static void
test_import_job_stream_named_format(void **state)
{
	struct fx	*x = *state;
	int64_t		 imports;

	x->job.format = "canopy-jsonl";
	assert_int_equal(run_stream(x, three), IMPORT_OK);
	assert_string_equal(x->r.format, "canopy-jsonl");
	assert_int_equal(x->r.counts.traces, 1);
	assert_int_equal(x->r.counts.nodes, 3);
	assert_null(x->r.cause);
	/* Named, not detected: nothing to say. */
	assert_string_equal(x->notes, "");
	assert_int_equal(nodes(x, &imports), 3);
	assert_int_equal(imports, 1);
	/* Phases in order: begun first, then finishing, then done. */
	assert_true(x->nphases >= 3);
	assert_int_equal(x->phases[0], IMPORT_BEGUN);
	assert_int_equal(x->phases[x->nphases - 2], IMPORT_FINISHING);
	assert_int_equal(x->phases[x->nphases - 1], IMPORT_DONE);
}

static void
test_import_job_stream_sniffed(void **state)
{
	struct fx	*x = *state;

	assert_int_equal(run_stream(x, three), IMPORT_OK);
	assert_string_equal(x->notes, "mem: format canopy-jsonl (detected)\n");
}

static void
test_import_job_file_known_before(void **state)
{
	struct fx	*x = *state;
	FILE		*f;
	int64_t		 imports;

	assert_non_null(f = fopen(x->file, "w"));
	fputs(three, f);
	fclose(f);
	x->job.path = x->file;
	assert_int_equal(import_job_run(&x->job, &x->r), IMPORT_OK);
	import_result_free(&x->r);
	assert_int_equal(import_job_run(&x->job, &x->r), IMPORT_KNOWN);
	assert_non_null(x->r.known_as);
	assert_true(x->r.known_when > 0);
	assert_int_equal(nodes(x, &imports), 3);
	assert_int_equal(imports, 1);
}

static void
test_import_job_bad_record_rolls_back(void **state)
{
	struct fx	*x = *state;
	int64_t		 imports;

	assert_int_equal(run_stream(x, "{\"type\":\"node\",\"trace\":\"t\","
	    "\"id\":\"r\"}\n{\"type\":\"node\",\"trace\":\"t\"}\n"),
	    IMPORT_FAILED);
	assert_non_null(x->r.cause);
	assert_non_null(strstr(x->r.cause, "mem:2:"));
	assert_string_equal(x->r.consequence,
	    "mem: nothing imported (use --skip-bad to skip bad records)");
	assert_int_equal(nodes(x, &imports), 0);
	assert_int_equal(imports, 0);
	assert_int_equal(x->phases[x->nphases - 1], IMPORT_DONE);
}

static void
test_import_job_stop_rolls_back(void **state)
{
	struct fx	*x = *state;
	int64_t		 imports;

	/* Asked to stop once the transaction is open: at the first record. */
	x->stop_at_begin = 1;
	assert_int_equal(run_stream(x, three), IMPORT_INTERRUPTED);
	assert_string_equal(x->r.cause,
	    "import interrupted: nothing imported from mem");
	assert_null(x->r.consequence);
	assert_int_equal(nodes(x, &imports), 0);
	assert_int_equal(imports, 0);
	/* The store is usable afterwards. */
	x->stop = 0;
	x->stop_at_begin = 0;
	import_result_free(&x->r);
	fclose(x->in);
	assert_int_equal(run_stream(x, three), IMPORT_OK);
	assert_int_equal(nodes(x, &imports), 3);
}

CN_TEST_MAIN(
	cmocka_unit_test_setup_teardown(
	    test_import_job_stream_named_format, setup, teardown),
	cmocka_unit_test_setup_teardown(
	    test_import_job_stream_sniffed, setup, teardown),
	cmocka_unit_test_setup_teardown(
	    test_import_job_file_known_before, setup, teardown),
	cmocka_unit_test_setup_teardown(
	    test_import_job_bad_record_rolls_back, setup, teardown),
	cmocka_unit_test_setup_teardown(
	    test_import_job_stop_rolls_back, setup, teardown))

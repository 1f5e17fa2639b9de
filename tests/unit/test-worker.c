/*
 * test-worker.c - the TUI's background jobs (tui/worker.c): a job reads
 * through its own read-only connection and ends DONE, FAILED with its
 * cause, or CANCELLED when the UI asked; progress reaches the UI; a
 * database that cannot be opened fails the job, not the program.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <time.h>

#include <cmocka.h>

#include "cn-test.h"

#include "tmpdb.h"
#include "worker.h"

struct job {
	int64_t		traces;
	int		loops;
};

static int
count_cb(const struct cn_trace *t, void *arg)
{
	(void)t;
	((struct job *)arg)->traces++;
	return 0;
}

static int
job_count(struct worker *w, struct store *st, void *arg, char **cause)
{
	worker_progress(w, 1, 2);
	return store_traces_each(st, count_cb, arg, cause);
}

static int
job_fail(struct worker *w, struct store *st, void *arg, char **cause)
{
	(void)w;
	(void)st;
	(void)arg;
	*cause = xstrdup("no such signal");
	return -1;
}

/* Runs until cancelled, reporting each round. */
static int
job_spin(struct worker *w, struct store *st, void *arg, char **cause)
{
	struct job	*j = arg;
	struct timespec	 ts = { 0, 1000000 };

	(void)st;
	(void)cause;
	while (!worker_cancelled(w)) {
		j->loops++;
		worker_progress(w, j->loops, 0);
		nanosleep(&ts, NULL);
	}
	return 0;
}

/* Polls until the job leaves WORKER_RUNNING (or about 10 s pass). */
static int
wait_end(struct worker *w, char **cause)
{
	int	i, s = WORKER_RUNNING;

	for (i = 0; i < 1000 && s == WORKER_RUNNING; i++) {
		worker_wait(w, 10);
		s = worker_poll(w, NULL, NULL, cause);
	}
	return s;
}

static void
test_done(void **state)
{
	struct tmpdb	 db;
	struct job	 j = { 0, 0 };
	struct worker	*w;
	int64_t		 done, total;
	char		*cause = NULL;

	(void)state;
	tmpdb_open(&db);
	tmpdb_import_file(&db, "canopy-jsonl",
	    "tests/e2e/fixtures/compare.canopy.jsonl", NULL);
	w = worker_start(db.path, job_count, &j);
	assert_int_equal(wait_end(w, &cause), WORKER_DONE);
	assert_null(cause);
	worker_poll(w, &done, &total, NULL);
	assert_int_equal(done, 1);
	assert_int_equal(total, 2);
	/* Results are read after DONE: the job wrote them. */
	assert_int_equal(j.traces, 1);
	worker_free(w);
	tmpdb_close(&db);
}

static void
test_failed(void **state)
{
	struct tmpdb	 db;
	struct job	 j = { 0, 0 };
	struct worker	*w;
	char		*cause = NULL;

	(void)state;
	tmpdb_open(&db);
	w = worker_start(db.path, job_fail, &j);
	assert_int_equal(wait_end(w, &cause), WORKER_FAILED);
	assert_non_null(cause);
	assert_string_equal(cause, "no such signal");
	free(cause);
	/* The cause is handed over once. */
	cause = NULL;
	assert_int_equal(worker_poll(w, NULL, NULL, &cause), WORKER_FAILED);
	assert_null(cause);
	worker_free(w);
	tmpdb_close(&db);
}

static void
test_cancel(void **state)
{
	struct tmpdb	 db;
	struct job	 j = { 0, 0 };
	struct worker	*w;
	int64_t		 done = 0;
	int		 i;

	(void)state;
	tmpdb_open(&db);
	w = worker_start(db.path, job_spin, &j);
	/* It runs, and its progress reaches the UI... */
	for (i = 0; i < 1000 && done < 3; i++) {
		worker_wait(w, 10);
		assert_int_equal(worker_poll(w, &done, NULL, NULL),
		    WORKER_RUNNING);
	}
	assert_true(done >= 3);
	/* ...until Esc. */
	worker_cancel(w);
	assert_int_equal(wait_end(w, NULL), WORKER_CANCELLED);
	worker_free(w);
	tmpdb_close(&db);
}

static void
test_no_db(void **state)
{
	struct job	 j = { 0, 0 };
	struct worker	*w;
	char		*cause = NULL;

	(void)state;
	w = worker_start("/nonexistent/canopy.db", job_count, &j);
	assert_int_equal(wait_end(w, &cause), WORKER_FAILED);
	assert_non_null(cause);
	free(cause);
	assert_int_equal(j.traces, 0);
	worker_free(w);
}

/* Freeing a running job cancels it and waits for its thread. */
static void
test_free_running(void **state)
{
	struct tmpdb	 db;
	struct job	 j = { 0, 0 };
	struct worker	*w;

	(void)state;
	tmpdb_open(&db);
	w = worker_start(db.path, job_spin, &j);
	worker_free(w);
	tmpdb_close(&db);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_done),
	cmocka_unit_test(test_failed),
	cmocka_unit_test(test_cancel),
	cmocka_unit_test(test_no_db),
	cmocka_unit_test(test_free_running))

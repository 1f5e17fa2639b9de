/*
 * worker.h - a job run on a thread of its own with its own read-only
 * connection to the database, so that a scan of every trace (the
 * disagreement list, calibration, a diff) never holds up a key. The loop
 * polls it from a view's idle(): the job hands over its progress and its
 * end under a mutex, and the view reads the job's results only after
 * worker_poll() said WORKER_DONE. Internal to tui/.
 */
#ifndef CN_WORKER_H
#define CN_WORKER_H

#include <stdint.h>

#include "store.h"

struct worker;

/*
 * The job: reads through st (opened read-only for it, closed after),
 * writes its results into arg, reports progress, returns 0 or -1 with
 * *cause. It should look at worker_cancelled() between steps.
 */
typedef int (*worker_fn)(struct worker *, struct store *st, void *arg,
    char **cause);

#define WORKER_RUNNING	0
#define WORKER_DONE	1
#define WORKER_FAILED	2	/* *cause says why */
#define WORKER_CANCELLED 3

/* Starts fn(arg) on a new thread over database path; never NULL. */
struct worker	*worker_start(const char *path, worker_fn fn, void *arg);
/* In the job: done of total steps so far. */
void		 worker_progress(struct worker *, int64_t done, int64_t total);
/* In the job: whether the UI asked it to stop. */
int		 worker_cancelled(struct worker *);

/*
 * From the UI: the job's state and progress; *cause (may be NULL) gets a
 * heap copy of the failure once.
 */
int		 worker_poll(struct worker *, int64_t *done, int64_t *total,
		    char **cause);
/*
 * Waits at most ms milliseconds for the job to report something; returns
 * at once when it already has since the last call. Lets the loop poll
 * without spinning a core.
 */
void		 worker_wait(struct worker *, int ms);
/* Asks the job to stop; it ends at its next check. */
void		 worker_cancel(struct worker *);
/* Cancels, waits for the thread and frees; NULL-safe. */
void		 worker_free(struct worker *);

#endif /* CN_WORKER_H */

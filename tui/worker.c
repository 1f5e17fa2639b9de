/*
 * worker.c - a background job with its own read-only store connection.
 * A thread rather than chunks per frame: the reads it makes
 * (store_dtree_load, store_dtree_signal) are the very ones `canopy
 * disagree` and `canopy calibrate` make, so the TUI shows the same
 * numbers, and neither a million-node trace's load nor its statistics can
 * be cut into frame-sized steps without rewriting them. SQLite gives each
 * thread its own connection; the two share nothing but this struct.
 */
#include "config.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "worker.h"

struct worker {
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 cv;
	char		*path;
	worker_fn	 fn;
	void		*arg;

	/* Under mu. */
	int		 state;		/* WORKER_* */
	int		 cancel;
	int		 news;		/* reported since the last wait */
	int64_t		 done, total;
	char		*cause;
};

/* Called with mu held after a change: wakes worker_wait, releases mu. */
static void
worker_news(struct worker *w)
{
	w->news = 1;
	pthread_cond_broadcast(&w->cv);
	pthread_mutex_unlock(&w->mu);
}

static void
worker_set(struct worker *w, int state, char *cause)
{
	pthread_mutex_lock(&w->mu);
	w->state = state;
	w->cause = cause;
	worker_news(w);
}

static void *
worker_main(void *arg)
{
	struct worker	*w = arg;
	struct store	*st = NULL;
	char		*cause = NULL;
	int		 rc;

	if (store_open(&st, w->path, STORE_READONLY, &cause) != 0) {
		worker_set(w, WORKER_FAILED, cause);
		return NULL;
	}
	rc = w->fn(w, st, w->arg, &cause);
	store_close(st);
	if (worker_cancelled(w)) {
		free(cause);
		worker_set(w, WORKER_CANCELLED, NULL);
	} else if (rc != 0)
		worker_set(w, WORKER_FAILED, cause != NULL ? cause :
		    xstrdup("failed"));
	else
		worker_set(w, WORKER_DONE, NULL);
	return NULL;
}

struct worker *
worker_start(const char *path, worker_fn fn, void *arg)
{
	struct worker	*w;
	int		 e;

	w = xcalloc(1, sizeof *w);
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->cv, NULL);
	w->path = xstrdup(path);
	w->fn = fn;
	w->arg = arg;
	w->state = WORKER_RUNNING;
	if ((e = pthread_create(&w->thread, NULL, worker_main, w)) != 0)
		fatalx("pthread_create: error %d", e);
	return w;
}

void
worker_progress(struct worker *w, int64_t done, int64_t total)
{
	pthread_mutex_lock(&w->mu);
	w->done = done;
	w->total = total;
	worker_news(w);
}

int
worker_cancelled(struct worker *w)
{
	int	c;

	pthread_mutex_lock(&w->mu);
	c = w->cancel;
	pthread_mutex_unlock(&w->mu);
	return c;
}

int
worker_poll(struct worker *w, int64_t *done, int64_t *total, char **cause)
{
	int	s;

	pthread_mutex_lock(&w->mu);
	s = w->state;
	if (done != NULL)
		*done = w->done;
	if (total != NULL)
		*total = w->total;
	if (cause != NULL && w->cause != NULL) {
		*cause = w->cause;
		w->cause = NULL;
	}
	pthread_mutex_unlock(&w->mu);
	return s;
}

void
worker_wait(struct worker *w, int ms)
{
	struct timespec	ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_nsec += (long)ms * 1000000L;
	ts.tv_sec += ts.tv_nsec / 1000000000L;
	ts.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&w->mu);
	while (!w->news && w->state == WORKER_RUNNING)
		if (pthread_cond_timedwait(&w->cv, &w->mu, &ts) == ETIMEDOUT)
			break;
	w->news = 0;
	pthread_mutex_unlock(&w->mu);
}

void
worker_cancel(struct worker *w)
{
	pthread_mutex_lock(&w->mu);
	w->cancel = 1;
	pthread_mutex_unlock(&w->mu);
}

void
worker_free(struct worker *w)
{
	if (w == NULL)
		return;
	worker_cancel(w);
	pthread_join(w->thread, NULL);
	pthread_mutex_destroy(&w->mu);
	pthread_cond_destroy(&w->cv);
	free(w->cause);
	free(w->path);
	free(w);
}

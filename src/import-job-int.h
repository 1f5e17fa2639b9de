/*
 * import-job-int.h - what import-job.c and import-follow.c share; not
 * for callers of import-job.h.
 */
#ifndef CN_IMPORT_JOB_INT_H
#define CN_IMPORT_JOB_INT_H

#include <stdio.h>

#include "import-job.h"

/* How much of a file the sniffers see. */
#define JOB_SNIFF_BYTES	65536

/*
 * The sink in front of the importer: counts nodes, reports progress and
 * checks the job's stop flag, then passes each record on to real.
 */
struct job_front {
	struct imp_sink		 real;
	const struct import_job	*job;
	FILE			*f;		/* its position is the
						   progress, or NULL */
	int64_t			 bytes;		/* or the bytes read */
	int64_t			 size;
	int64_t			 nodes;
	double			 t0, last;
	unsigned int		 ticks;
};

/* Fills *sink with fr's front over real (real may be sink). */
void	 job_front_init(struct job_front *fr, const struct import_job *,
	    const struct imp_sink *real, struct imp_sink *sink);
/* Reports progress in phase to the job's callback, if any. */
void	 job_progress(struct job_front *, enum import_phase phase);
/* Sends a formatted notice to the job's callback, if any. */
/* Shows the store's "waiting for another import" notice through job. */
void	 job_watch_store(const struct import_job *, struct store *);
void	 job_notice(const struct import_job *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The importer options of a job. */
void	 job_imp_opts(const struct import_job *, struct imp_opts *);
/*
 * The job's format, or the one that buf (n bytes of the file) sniffs as.
 * Returns 0, or -1 with r->status and r->cause set.
 */
int	 job_pick_format(const struct import_job *, const char *buf,
	    size_t n, struct import_result *r, const struct imp_format **);

/* import-follow.c: the job of a follow (job->follow); fills r. */
void	 job_follow_run(const struct import_job *, struct import_result *r);

#endif /* CN_IMPORT_JOB_INT_H */

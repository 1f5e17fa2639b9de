/*
 * import-job.h - one import of one file, shared by `canopy import`, its
 * --follow and later callers (a TUI import, `annotations import`, live
 * reruns): skip a file imported before, pick the format, chain the sinks
 * (progress and stop check, writer thread, store), run the importer and
 * end the transaction. A job prints nothing: messages go to the notice
 * callback, progress to the progress callback, the outcome to struct
 * import_result, and the caller words it.
 */
#ifndef CN_IMPORT_JOB_H
#define CN_IMPORT_JOB_H

#include <signal.h>
#include <stdio.h>

#include "canopy.h"
#include "importers.h"
#include "store.h"

/* What a job came to. */
enum import_status {
	IMPORT_OK,		/* committed */
	IMPORT_KNOWN,		/* imported before: skipped (known_*) */
	IMPORT_NO_FORMAT,	/* no importer takes the file (cause) */
	IMPORT_FAILED,		/* cause; a plain import left nothing, a
				   follow kept what it had committed */
	IMPORT_INTERRUPTED,	/* plain import: stop was set, rolled back */
	IMPORT_EMPTY		/* follow: stopped before a first line */
};

/* Where a job is, for a progress display. */
enum import_phase {
	IMPORT_BEGUN,		/* the store's transaction is open */
	IMPORT_READING,		/* at most every 0.1 s while parsing */
	IMPORT_FINISHING,	/* parsed; the store finalizes */
	IMPORT_DONE,		/* ended, well or not */
	IMPORT_FOLLOWING	/* follow: a commit, or waiting for data */
};

struct import_progress {
	enum import_phase	 phase;
	int64_t			 bytes;		/* read so far */
	int64_t			 size;		/* of the file (plain) */
	int64_t			 nodes;		/* sent to the store */
	double			 seconds;	/* since the job started */
};

/* Callback arguments are borrowed for the duration of the call. */
typedef void (*import_progress_fn)(void *arg,
		    const struct import_progress *);
/* A one-line message such as "run.jsonl: format prm800k (detected)". */
typedef void (*import_notice_fn)(void *arg, const char *msg);
/*
 * Opens the store for a job given none, once the file is worth importing.
 * Returns NULL after reporting why (the job's cause stays NULL).
 */
typedef struct store *(*import_open_fn)(void *arg);

/* A follow of a file that an earlier follow committed a part of. */
enum import_resume {
	IMPORT_RESUME_AUTO,	/* resume if its committed part is unchanged,
				   else refuse; start if never followed */
	IMPORT_RESUME_ONLY,	/* resume, or refuse (--resume) */
	IMPORT_RESUME_REPLACE	/* delete what earlier follows imported and
				   start at line 1 (--replace) */
};

/* What to import and how. Strings and pointers are borrowed. */
struct import_job {
	struct store		*st;		/* open for writing, or NULL:
						   open() then close it */
	import_open_fn		 open;
	const char		*path;		/* the file, or in's name */
	FILE			*in;		/* or NULL; plain import only:
						   a stream read instead of
						   path, not checked against
						   earlier imports */
	const char		*format;	/* NULL or "auto": sniff */
	int			 skip_bad;
	int			 force;		/* even if imported before */
	const char		*score_name;	/* canopy-scores NAME */
	const char		*step_sep;	/* rollout step separator */
	int			 follow;	/* import as the file grows */
	double			 follow_idle;	/* > 0: end after so long
						   without data */
	double			 follow_interval; /* seconds between commits;
						   0: 1 */
	enum import_resume	 resume;
	/*
	 * Plain import: once *stop is non-zero (a signal handler), the job
	 * stops at the next record, or interrupts the store's finalization,
	 * and rolls back. A follow ends through follow_stop() instead.
	 */
	const volatile sig_atomic_t *stop;
	import_progress_fn	 progress;	/* or NULL */
	import_notice_fn	 notice;	/* or NULL */
	void			*arg;		/* for the callbacks */
};

/* What came of a job; import_result_free() frees it. */
struct import_result {
	enum import_status	 status;
	const char		*format;	/* name, once chosen */
	struct store_import_counts counts;
	struct imp_report	 report;	/* skipped records */
	double			 seconds;
	/*
	 * Why it failed, then what that means for the data (such as
	 * "run.jsonl: nothing imported"), each one line or NULL (heap).
	 */
	char			*cause;
	char			*consequence;
	int64_t			 known_when;	/* IMPORT_KNOWN: unix time */
	char			*known_as;	/* and name (heap) */
	size_t			 held;		/* follow: bytes of an
						   unfinished last line */
	int64_t			 resumed_lines;	/* follow: lines skipped as
						   committed before */
};

/*
 * Runs job; fills *r (which the caller frees with import_result_free,
 * whatever the status). Returns r->status.
 */
enum import_status import_job_run(const struct import_job *job,
		    struct import_result *r);
void		 import_result_free(struct import_result *);

/*
 * Checks that path is a regular, readable file, non-empty unless
 * empty_ok. Returns 0 and *size, or -1 and *cause ("PATH: why").
 */
int		 import_check_file(const char *path, int64_t *size,
		    int empty_ok, char **cause);

#endif /* CN_IMPORT_JOB_H */

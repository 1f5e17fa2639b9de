/*
 * import-job.c - one import of one file (import-job.h): the chain every
 * caller shares. It decides and reports; it never prints, and it writes
 * rows only through the store's sink.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "import-job.h"
#include "import-job-int.h"
#include "pipe.h"

void
job_notice(const struct import_job *job, const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	if (job->notice == NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		fatalx("out of memory");
	va_end(ap);
	job->notice(job->arg, s);
	free(s);
}

void
job_progress(struct job_front *fr, enum import_phase phase)
{
	struct import_progress	p;
	off_t			pos;

	if (fr->job->progress == NULL)
		return;
	memset(&p, 0, sizeof p);
	p.phase = phase;
	if (fr->f != NULL && (pos = ftello(fr->f)) > 0)
		p.bytes = (int64_t)pos;
	p.bytes += fr->bytes;
	p.size = fr->size;
	p.nodes = fr->nodes;
	p.seconds = cn_clock() - fr->t0;
	fr->job->progress(fr->job->arg, &p);
}

/*
 * Before each record: a stop asked for, and a progress report at most
 * every 0.1 s (reading the clock on every record would cost more than
 * the report).
 */
static int
front_tick(struct job_front *fr, char **cause)
{
	double	t;

	if (fr->job->stop != NULL && *fr->job->stop) {
		if (cause != NULL)
			*cause = xstrdup("interrupted");
		return CN_FATAL;
	}
	if (fr->job->follow || fr->job->progress == NULL ||
	    ++fr->ticks % 256 != 0)
		return CN_OK;
	t = cn_clock();
	if (t - fr->last < 0.1)
		return CN_OK;
	fr->last = t;
	job_progress(fr, IMPORT_READING);
	return CN_OK;
}

static int
front_trace(void *arg, const struct cn_trace *t, char **cause)
{
	struct job_front	*fr = arg;
	int			 k;

	if ((k = front_tick(fr, cause)) != CN_OK)
		return k;
	return fr->real.trace(fr->real.arg, t, cause);
}

static int
front_node(void *arg, const struct cn_node *n, char **cause)
{
	struct job_front	*fr = arg;
	int			 k;

	if ((k = front_tick(fr, cause)) != CN_OK)
		return k;
	fr->nodes++;
	return fr->real.node(fr->real.arg, n, cause);
}

static int
front_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	struct job_front	*fr = arg;
	int			 k;

	if ((k = front_tick(fr, cause)) != CN_OK)
		return k;
	return fr->real.annotation(fr->real.arg, a, cause);
}

static int
front_score(void *arg, const char *node, const char *name, double v,
    char **cause)
{
	struct job_front	*fr = arg;
	int			 k;

	if ((k = front_tick(fr, cause)) != CN_OK)
		return k;
	return fr->real.score(fr->real.arg, node, name, v, cause);
}

static int
front_score_path(void *arg, const char *const *texts, size_t n,
    const char *name, double v, char **cause)
{
	struct job_front	*fr = arg;
	int			 k;

	if ((k = front_tick(fr, cause)) != CN_OK)
		return k;
	return fr->real.score_path(fr->real.arg, texts, n, name, v, cause);
}

void
job_front_init(struct job_front *fr, const struct import_job *job,
    const struct imp_sink *real, struct imp_sink *sink)
{
	fr->job = job;
	fr->real = *real;
	fr->t0 = fr->last = cn_clock();
	*sink = (struct imp_sink){ front_trace, front_node, front_annotation,
	    front_score, front_score_path, fr };
}

void
job_imp_opts(const struct import_job *job, struct imp_opts *o)
{
	memset(o, 0, sizeof *o);
	o->skip_bad = job->skip_bad ? 1 : 0;
	o->score_name = job->score_name;
	o->step_sep = job->step_sep;
}

int
job_pick_format(const struct import_job *job, const char *buf, size_t n,
    struct import_result *r, const struct imp_format **fmt)
{
	const char	*nt;
	char		*why = NULL;

	if (job->format != NULL && strcmp(job->format, "auto") != 0) {
		if ((*fmt = imp_format_find(job->format)) != NULL)
			return 0;
		r->cause = xasprintf("%s: unknown format '%s'", job->path,
		    job->format);
		r->status = IMPORT_FAILED;
		return -1;
	}
	if ((*fmt = imp_sniff(buf, n, &why)) == NULL) {
		/* Binary or empty input: one line, not a list of formats. */
		if ((nt = imp_not_text(buf, n)) != NULL)
			r->cause = xasprintf("%s: %s", job->path, nt);
		else
			r->cause = xasprintf("%s: no import format matches; "
			    "tried:\n%s(choose one with --format NAME; see "
			    "canopy formats)", job->path,
			    why != NULL ? why : "");
		r->status = IMPORT_NO_FORMAT;
		free(why);
		return -1;
	}
	job_notice(job, "%s: format %s (detected)", job->path, (*fmt)->name);
	return 0;
}

int
import_check_file(const char *path, int64_t *size, int empty_ok,
    char **cause)
{
	struct stat	sb;
	const char	*why = NULL;

	if (stat(path, &sb) != 0)
		why = strerror(errno);
	else if (S_ISDIR(sb.st_mode))
		why = "is a directory, not a file";
	else if (!S_ISREG(sb.st_mode))
		why = "not a regular file";
	else if (sb.st_size == 0 && !empty_ok)
		why = "empty file, nothing to import";
	else if (access(path, R_OK) != 0)
		why = strerror(errno);
	if (why != NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, why);
		return -1;
	}
	*size = (int64_t)sb.st_size;
	return 0;
}

/*
 * Skips a file imported before: hashes it first only if an earlier import
 * may have read it (one of the same size); otherwise *hs hashes it as the
 * importer reads it, which saves reading it twice. Returns the stream, or
 * NULL with r filled (IMPORT_KNOWN or IMPORT_FAILED).
 */
static FILE *
plain_open(const struct import_job *job, struct store *st, int64_t size,
    char sha[65], struct cn_sha256_stream **hs, struct import_result *r)
{
	char	*cause = NULL;
	FILE	*f;
	int	 k;

	if ((k = store_import_size_known(st, size, &cause)) < 0)
		goto fail;
	if (k == 1) {
		if (cn_sha256_file(job->path, sha, &cause) != 0)
			goto fail;
		k = store_import_known(st, sha, &r->known_when, &r->known_as,
		    &cause);
		if (k < 0)
			goto fail;
		if (k == 1 && !job->force) {
			r->status = IMPORT_KNOWN;
			return NULL;
		}
		f = fopen(job->path, "r");
	} else
		f = cn_sha256_open(job->path, hs);
	if (f == NULL)
		cause = xstrdup(strerror(errno));
	else
		return f;
fail:
	r->cause = xasprintf("%s: %s", job->path, cause);
	r->status = IMPORT_FAILED;
	free(cause);
	return NULL;
}

/* Ends a plain import that failed or was stopped: rolls back, says so. */
static void
plain_fail(const struct import_job *job, struct store *st,
    struct import_result *r, char *cause, const char *after)
{
	store_import_end(st, 0, NULL, NULL);
	if (job->stop != NULL && *job->stop) {
		r->status = IMPORT_INTERRUPTED;
		r->cause = xasprintf("import interrupted: nothing imported "
		    "from %s", job->path);
		free(cause);
		return;
	}
	r->status = IMPORT_FAILED;
	if (after == NULL) {
		r->cause = cause != NULL ? cause : xstrdup("import failed");
		if (!job->skip_bad)
			r->consequence = xasprintf("%s: nothing imported (use "
			    "--skip-bad to skip bad records)", job->path);
		else
			r->consequence = xasprintf("%s: nothing imported",
			    job->path);
	} else {
		r->cause = xasprintf("%s: %s; %s", job->path, cause, after);
		free(cause);
	}
}

/* A plain import: one transaction, all or nothing. */
static void
plain_run(const struct import_job *job, struct store *st,
    struct import_result *r)
{
	const struct imp_format		*fmt;
	struct store_import_meta	 meta;
	struct imp_opts			 iopts;
	struct imp_sink			 sink, front;
	struct job_front		 fr;
	struct pipe			*pipe = NULL;
	struct cn_sha256_stream		*hs = NULL;
	FILE				*f = NULL;
	char				 sha[65], *buf = NULL;
	char				*cause = NULL, *pcause = NULL;
	int64_t				 size;
	size_t				 n;
	int				 k;

	memset(&fr, 0, sizeof fr);
	if (job->in != NULL) {
		/* A stream: nothing to check it against, no hash. */
		f = job->in;
		size = 0;
	} else {
		if (import_check_file(job->path, &size, 0, &r->cause) != 0) {
			r->status = IMPORT_FAILED;
			return;
		}
		if ((f = plain_open(job, st, size, sha, &hs, r)) == NULL)
			return;
	}
	buf = xmalloc(JOB_SNIFF_BYTES);
	if (job->in != NULL && job->format != NULL &&
	    strcmp(job->format, "auto") != 0)
		n = 0;	/* a stream need not be rewound */
	else {
		n = fread(buf, 1, JOB_SNIFF_BYTES, f);
		if (ferror(f) || fseeko(f, 0, SEEK_SET) != 0) {
			r->cause = xasprintf("%s: %s%s", job->path,
			    strerror(errno), job->in == NULL ? "" : " (the "
			    "format of a stream read once must be named)");
			r->status = IMPORT_FAILED;
			goto out;
		}
	}
	if (job_pick_format(job, buf, n, r, &fmt) != 0)
		goto out;
	r->format = fmt->name;

	memset(&meta, 0, sizeof meta);
	meta.file = job->path;
	meta.format = fmt->name;
	meta.sha256 = hs == NULL && job->in == NULL ? sha : NULL;
	meta.bytes = size;
	meta.force = job->force;
	/*
	 * Waiting for another writer's turn and a long finalization give up
	 * too when a stop is asked for.
	 */
	if (job->stop != NULL)
		store_interrupt_on(st, job->stop);
	if ((k = store_import_begin(st, &meta, &sink, &cause)) != 0) {
		/* Another import of the file committed first (under the lock). */
		r->status = k == STORE_IMPORT_KNOWN ? IMPORT_KNOWN :
		    IMPORT_FAILED;
		r->cause = xasprintf("%s: %s", job->path, cause);
		goto out;
	}
	job_imp_opts(job, &iopts);
	/*
	 * Parse in this thread, write in another: an import then takes about
	 * as long as the slower of the two. Progress and the stop check stay
	 * in this thread, in front of the importer.
	 */
	if (!fmt->sync) {
		pipe = pipe_start(&sink, iopts.skip_bad, job->path, &front);
		sink = front;
	}
	job_front_init(&fr, job, &sink, &sink);
	fr.f = f;
	fr.size = size;
	job_progress(&fr, IMPORT_BEGUN);
	k = fmt->run(f, job->path, &iopts, &sink, &r->report, &cause);
	if (pipe != NULL && pipe_finish(pipe, &r->report, &pcause) != 0) {
		/* The writer's error comes first: the importer saw it stop. */
		free(cause);
		cause = pcause;
		k = -1;
	}
	job_progress(&fr, IMPORT_FINISHING);
	if (k != 0) {
		plain_fail(job, st, r, cause, NULL);
		cause = NULL;
		goto done;
	}
	if (hs != NULL) {
		if (cn_sha256_end(f, hs, sha, &cause) != 0) {
			plain_fail(job, st, r, cause, "nothing imported");
			cause = NULL;
			goto done;
		}
		store_import_sha256(st, sha);
	}
	if ((k = store_import_end(st, 1, &r->counts, &cause)) ==
	    STORE_IMPORT_KNOWN) {
		/* Another import of this file committed while this one ran. */
		r->status = IMPORT_KNOWN;
		r->cause = xasprintf("%s: %s", job->path, cause);
		goto done;
	}
	if (k != 0) {
		/* Finalizing rolled back already. */
		plain_fail(job, st, r, cause, "nothing imported");
		cause = NULL;
		goto done;
	}
	r->status = IMPORT_OK;
done:
	job_progress(&fr, IMPORT_DONE);
out:
	if (f != NULL && f != job->in)
		fclose(f);
	free(buf);
	free(cause);
}

/* The store waits for another writer: pass its one notice on. */
static void
job_store_notice(const char *msg, void *arg)
{
	const struct import_job	*job = arg;

	job->notice(job->arg, msg);
}

void
job_watch_store(const struct import_job *job, struct store *st)
{
	if (job->notice != NULL)
		store_notice_on(st, job_store_notice, (void *)(uintptr_t)job);
}

enum import_status
import_job_run(const struct import_job *job, struct import_result *r)
{
	struct store	*st = job->st;
	double		 t0;

	memset(r, 0, sizeof *r);
	r->status = IMPORT_FAILED;
	t0 = cn_clock();
	if (job->follow)
		job_follow_run(job, r);
	else if (st == NULL && (st = job->open(job->arg)) == NULL)
		r->status = IMPORT_FAILED;
	else {
		job_watch_store(job, st);
		plain_run(job, st, r);
		if (job->st == NULL)
			store_close(st);
	}
	r->seconds = cn_clock() - t0;
	return r->status;
}

void
import_result_free(struct import_result *r)
{
	if (r == NULL)
		return;
	free(r->cause);
	free(r->consequence);
	free(r->known_as);
	imp_report_free(&r->report);
	memset(r, 0, sizeof *r);
}

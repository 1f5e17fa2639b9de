/*
 * import-follow.c - the job of `import --follow` (import-job.h): imports a
 * file as it grows, committing at every checkpoint of the follower
 * (follow.h) together with where the committed lines end, so that a
 * later follow of the same file resumes there.
 */
#include "config.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import-job.h"
#include "import-job-int.h"
#include "follow.h"
#include "store-follow.h"

/* What the follower's callbacks need. */
struct follow_job {
	const struct import_job	*job;
	struct store		*st;
	struct follow		*fw;
	struct job_front	 fr;
	int64_t			 import_id;	/* its follows row, or 0 */
	/* A resumed follow: the store's sink, and the file's key. */
	int			 resumed;
	struct imp_sink		 real;
	char			 key[PATH_MAX];
};

/*
 * A resumed follow's trace(): a trace that an earlier follow of the file
 * created is continued. The importer, which has not seen the trace's
 * first lines this time, starts it as new (format and source set); the
 * store would then start a second copy under another id.
 */
static int
fj_trace(void *arg, const struct cn_trace *t, char **cause)
{
	struct follow_job	*c = arg;
	struct cn_trace		 bare;
	int			 k;

	if (t->problem == NULL && t->ground_truth == NULL &&
	    t->extra == NULL && (t->format != NULL || t->source != NULL)) {
		k = store_follow_has_trace(c->st, c->key, t->ext_id, cause);
		if (k < 0)
			return CN_FATAL;
		if (k == 1) {
			bare = *t;
			bare.format = bare.source = NULL;
			return c->real.trace(c->real.arg, &bare, cause);
		}
	}
	return c->real.trace(c->real.arg, t, cause);
}

/*
 * Whether a format's records are in the store once its lines are read.
 * The rollout formats hold a group until the next one starts, so the end
 * of the lines read is not the end of what was committed, and a resume
 * there would lose the group: their follows record no position. (Until
 * struct imp_format says so with its own flag.)
 */
static int
fj_format_resumable(const struct imp_format *fmt)
{
	return strcmp(fmt->name, "verl") != 0 &&
	    strcmp(fmt->name, "chat-jsonl") != 0;
}

static int
fj_node(void *arg, const struct cn_node *n, char **cause)
{
	struct follow_job	*c = arg;

	return c->real.node(c->real.arg, n, cause);
}

static int
fj_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	struct follow_job	*c = arg;

	return c->real.annotation(c->real.arg, a, cause);
}

static int
fj_score(void *arg, const char *node, const char *name, double v,
    char **cause)
{
	struct follow_job	*c = arg;

	return c->real.score(c->real.arg, node, name, v, cause);
}

static int
fj_score_path(void *arg, const char *const *texts, size_t n,
    const char *name, double v, char **cause)
{
	struct follow_job	*c = arg;

	return c->real.score_path(c->real.arg, texts, n, name, v, cause);
}

/* Records the committed end, in the transaction about to commit. */
static int
fj_mark(struct follow_job *c, char **cause)
{
	long long	b, l;
	char		h[65];

	if (c->import_id == 0)
		return 0;
	follow_prefix(c->fw, &b, &l, h);
	return store_follow_mark(c->st, c->import_id, b, l, h, cause);
}

static int
fj_checkpoint(void *arg, char **cause)
{
	struct follow_job	*c = arg;

	if (fj_mark(c, cause) != 0 ||
	    store_import_checkpoint(c->st, cause) != 0)
		return -1;
	c->fr.bytes = follow_info(c->fw)->bytes;
	job_progress(&c->fr, IMPORT_FOLLOWING);
	return 0;
}

static void
fj_waiting(void *arg)
{
	struct follow_job	*c = arg;

	c->fr.bytes = follow_info(c->fw)->bytes;
	job_progress(&c->fr, IMPORT_FOLLOWING);
}

static void
fj_note(void *arg, const char *note)
{
	struct follow_job	*c = arg;

	/* The follower's notes say what it did: never dropped. */
	if (c->job->notice != NULL)
		c->job->notice(c->job->arg, note);
	else
		fprintf(stderr, "%s\n", note);
}

/* Fails the follow with "PATH: cause" (adopts cause). */
static int
fj_fail(const struct import_job *job, struct import_result *r, char *cause)
{
	r->status = IMPORT_FAILED;
	r->cause = xasprintf("%s: %s", job->path, cause);
	free(cause);
	return -1;
}

/*
 * A file followed before: deletes what earlier follows imported
 * (--replace), or makes the stream start after the lines they committed
 * when those are unchanged, or refuses. key is the file's canonical path.
 */
static int
fj_resume(struct follow_job *c, const char *key, struct import_result *r)
{
	const struct import_job		*job = c->job;
	struct store_follow_mark	 m;
	long long			 b = 0, l = 0;
	int64_t				 n;
	char				 h[65], *cause = NULL;
	int				 k;

	if (job->resume == IMPORT_RESUME_REPLACE) {
		if ((n = store_follow_forget(c->st, key, &cause)) < 0)
			return fj_fail(job, r, cause);
		if (n > 0)
			job_notice(job, "%s: deleted the %lld trace%s that "
			    "earlier follows imported; importing from the "
			    "start", job->path, (long long)n, n == 1 ? "" :
			    "s");
		return 0;
	}
	if ((k = store_follow_last(c->st, key, &m, &cause)) < 0)
		return fj_fail(job, r, cause);
	if (k == 0) {
		if (job->resume != IMPORT_RESUME_ONLY)
			return 0;
		r->status = IMPORT_FAILED;
		r->cause = xasprintf("%s: --resume: no earlier follow of "
		    "this file committed anything to this database",
		    job->path);
		return -1;
	}
	if ((k = follow_skip(c->fw, m.bytes, &cause)) < 0)
		return fj_fail(job, r, cause);
	if (k == 1)
		follow_prefix(c->fw, &b, &l, h);
	if (k == 0 || strcmp(h, m.sha256) != 0) {
		r->status = IMPORT_FAILED;
		r->cause = xasprintf("%s: an earlier follow imported its "
		    "first %lld line%s (%lld bytes), which have changed since",
		    job->path, (long long)m.lines, m.lines == 1 ? "" : "s",
		    (long long)m.bytes);
		r->consequence = xasprintf("%s: nothing imported (--replace "
		    "deletes what earlier follows imported and imports the "
		    "file from the start)", job->path);
		return -1;
	}
	r->resumed_lines = l;
	c->resumed = 1;
	job_notice(job, "%s: resuming after line %lld, where an earlier "
	    "follow's committed data ends", job->path, l);
	return 0;
}

/* Opens the store, settles a resume and begins the import. */
static int
fj_begin(struct follow_job *c, const struct imp_format *fmt,
    struct imp_sink *sink, struct import_result *r)
{
	const struct import_job		*job = c->job;
	struct store_import_meta	 meta;
	char				*key = c->key, *cause = NULL;

	c->st = job->st != NULL ? job->st : job->open(job->arg);
	if (c->st == NULL) {
		r->status = IMPORT_FAILED;
		return -1;
	}
	job_watch_store(job, c->st);
	if (realpath(job->path, key) == NULL)
		snprintf(key, sizeof c->key, "%s", job->path);
	if (fj_format_resumable(fmt) && fj_resume(c, key, r) != 0)
		return -1;
	memset(&meta, 0, sizeof meta);
	meta.file = job->path;
	meta.format = fmt->name;
	meta.sha256 = NULL;	/* the contents are still changing */
	meta.live = 1;		/* a TUI may watch: stay in WAL mode */
	if (store_import_begin(c->st, &meta, sink, &cause) != 0)
		return fj_fail(job, r, cause);
	if (fj_format_resumable(fmt) &&
	    store_follow_begin(c->st, key, &c->import_id, &cause) != 0) {
		store_import_end(c->st, 0, NULL, NULL);
		return fj_fail(job, r, cause);
	}
	if (c->resumed) {
		c->real = *sink;
		/* fj_trace skips known traces; the rest forward to the store. */
		*sink = (struct imp_sink){ fj_trace, fj_node, fj_annotation,
		    fj_score, fj_score_path, c };
	}
	return 0;
}

void
job_follow_run(const struct import_job *job, struct import_result *r)
{
	const struct imp_format	*fmt;
	struct follow_opts	 fo;
	struct follow_job	 c;
	struct imp_opts		 iopts;
	struct imp_sink		 sink;
	const char		*ferr;
	char			*buf = NULL, *cause = NULL;
	size_t			 n;
	int			 k;

	memset(&c, 0, sizeof c);
	c.job = job;
	memset(&fo, 0, sizeof fo);
	fo.interval = job->follow_interval > 0 ? job->follow_interval : 1;
	fo.idle = job->follow_idle;
	fo.checkpoint = fj_checkpoint;
	fo.waiting = fj_waiting;
	fo.note = fj_note;
	fo.arg = &c;
	if ((c.fw = follow_open(job->path, &fo, &r->cause)) == NULL)
		goto out;

	/* The format, from the first complete lines (waiting for one). */
	if ((k = follow_head(c.fw, JOB_SNIFF_BYTES, &buf, &n,
	    &r->cause)) < 0)
		goto out;
	if (k == 0) {
		r->status = IMPORT_EMPTY;
		goto out;
	}
	if (job_pick_format(job, buf, n, r, &fmt) != 0) {
		/* A follow cannot go on without one: a plain failure. */
		r->status = IMPORT_FAILED;
		goto out;
	}
	r->format = fmt->name;
	if (!fmt->lines) {
		r->cause = xasprintf("%s: --follow needs a JSON-lines format; "
		    "%s is one document", job->path, fmt->name);
		goto out;
	}
	/* Open the database only once the file is worth importing. */
	if (fj_begin(&c, fmt, &sink, r) != 0)
		goto out;
	job_front_init(&c.fr, job, &sink, &sink);
	job_progress(&c.fr, IMPORT_BEGUN);
	job_imp_opts(job, &iopts);
	iopts.first_line = (long)r->resumed_lines + 1;
	/*
	 * No writer thread (pipe.h) here: checkpoints run in this thread,
	 * between records, and a followed file is paced by its writer.
	 */
	k = fmt->run(follow_info(c.fw)->stream, job->path, &iopts, &sink,
	    &r->report, &cause);
	if (k != 0) {
		store_import_end(c.st, 0, NULL, NULL);
		job_progress(&c.fr, IMPORT_DONE);
		ferr = follow_info(c.fw)->error;
		r->cause = ferr != NULL ? xstrdup(ferr) : cause != NULL ?
		    cause : xstrdup("import failed");
		if (r->cause != cause)
			free(cause);
		r->consequence = xasprintf("%s: stopped; what was committed "
		    "before stays in the database%s", job->path,
		    job->skip_bad ? "" : " (use --skip-bad to skip bad "
		    "records)");
		goto out;
	}
	if (fj_mark(&c, &cause) != 0 ||
	    store_import_end(c.st, 1, &r->counts, &cause) != 0) {
		store_import_end(c.st, 0, NULL, NULL);
		job_progress(&c.fr, IMPORT_DONE);
		r->cause = xasprintf("%s: %s; the records read since the "
		    "last commit were not imported", job->path, cause);
		free(cause);
		goto out;
	}
	job_progress(&c.fr, IMPORT_DONE);
	r->held = follow_info(c.fw)->held;
	r->status = IMPORT_OK;
out:
	follow_close(c.fw);
	if (job->st == NULL)
		store_close(c.st);
	free(buf);
}

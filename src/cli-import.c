/*
 * cli-import.c - `canopy import`: parses its arguments, runs one import
 * job per file (import-job.h) and words what came of it: the summary, the
 * skipped records, the progress bar or the --follow status line.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "follow.h"
#include "import-job.h"

/* What the job's callbacks need to draw on stderr. */
struct cli_job {
	const char	*path;
	const char	*db;		/* follow: opened by the job */
	int		 follow;
	double		 delay;		/* seconds before the first bar */
	int		 shown;		/* a bar or status line is drawn */
};

/* Erases the bar or status line, if one is drawn. */
static void
cli_job_erase(struct cli_job *c)
{
	if (c->shown)
		fputs("\r\033[K", stderr);
	c->shown = 0;
}

/*
 * A progress bar once the import has run for delay seconds; for a follow,
 * "following run.jsonl: 1234 nodes, 2.1 MB read".
 */
static void
cli_job_progress(void *arg, const struct import_progress *p)
{
	struct cli_job	*c = arg;
	char		 bar[31];
	double		 frac, b;
	int		 i, fill;

	switch (p->phase) {
	case IMPORT_BEGUN:
		if (c->follow)
			fprintf(stderr, "%s: following (Ctrl-C stops and keeps "
			    "what was read)\n", c->path);
		break;
	case IMPORT_READING:
		if (p->seconds < c->delay)
			break;
		frac = p->size > 0 ? (double)p->bytes / (double)p->size : 0;
		if (frac > 1)
			frac = 1;
		fill = (int)(frac * 30);
		for (i = 0; i < 30; i++)
			bar[i] = i < fill ? '=' : ' ';
		bar[30] = '\0';
		fprintf(stderr, "\r[%s] %3d%%  %.1f/%.1f MB  %.1f s", bar,
		    (int)(frac * 100), (double)p->bytes / 1e6,
		    (double)p->size / 1e6, p->seconds);
		c->shown = 1;
		break;
	case IMPORT_FINISHING:
		/* The parse is over; the store still finalizes. */
		if (c->shown)
			fprintf(stderr, "\r\033[K[%s] 100%%  finishing...",
			    "==============================");
		break;
	case IMPORT_DONE:
		cli_job_erase(c);
		break;
	case IMPORT_FOLLOWING:
		b = (double)p->bytes;
		fprintf(stderr, "\r\033[Kfollowing %s: %lld node%s, %.1f %s "
		    "read", c->path, (long long)p->nodes, p->nodes == 1 ? "" :
		    "s", b < 1e6 ? b / 1e3 : b / 1e6, b < 1e6 ? "kB" : "MB");
		c->shown = 1;
		break;
	}
}

/* A notice goes on its own line, above the bar or status line. */
static void
cli_job_notice(void *arg, const char *msg)
{
	struct cli_job	*c = arg;

	cli_job_erase(c);
	fprintf(stderr, "%s\n", msg);
}

static struct store *
cli_job_open(void *arg)
{
	struct cli_job	*c = arg;
	struct store	*st;

	return cli_open_write("import", c->db, &st) == 0 ? st : NULL;
}

/* sep then "1 trace", "3 traces". */
static void
count(struct cn_buf *b, const char *sep, int64_t n, const char *what)
{
	buf_printf(b, "%s%lld %s%s", sep, (long long)n, what,
	    n == 1 ? "" : "s");
}

/* The skipped records and the summary line of an import that ended well. */
static void
report_done(const char *path, const struct import_result *r, int quiet)
{
	const struct imp_report		*rep = &r->report;
	const struct store_import_counts *counts = &r->counts;
	struct cn_buf			 b;
	int				 i;

	if (rep->bad > 0) {
		fprintf(stderr, "%s: skipped %ld bad record%s:\n", path,
		    rep->bad, rep->bad == 1 ? "" : "s");
		for (i = 0; i < rep->nfirst_bad; i++)
			fprintf(stderr, "  %s\n", rep->first_bad[i]);
		if (rep->bad > rep->nfirst_bad)
			fprintf(stderr, "  ... and %ld more\n",
			    rep->bad - rep->nfirst_bad);
	}
	if (quiet)
		return;
	buf_init(&b);
	buf_printf(&b, "%s: ", path);
	count(&b, "", counts->traces, "trace");
	count(&b, ", ", counts->nodes, "node");
	if (counts->updates > 0) {
		count(&b, " (", counts->updates, "update");
		buf_adds(&b, ")");
	}
	count(&b, ", ", counts->signals, "signal");
	count(&b, ", ", counts->annotations, "annotation");
	if (counts->scores > 0)
		count(&b, ", ", counts->scores, "score");
	buf_printf(&b, " in %.2f s (%s)", r->seconds, r->format);
	puts(b.s);
	buf_free(&b);
}

/* Prints why a job failed, and what that left, as "canopy import: ...". */
static void
report_failed(const struct import_result *r)
{
	if (r->cause != NULL)
		fprintf(stderr, "canopy import: %s\n", r->cause);
	if (r->consequence != NULL)
		fprintf(stderr, "canopy import: %s\n", r->consequence);
}

/* The seconds in environment variable name, else dflt: hooks for tests. */
static double
env_seconds(const char *name, double dflt)
{
	const char	*e = getenv(name);

	return e != NULL && *e != '\0' ? strtod(e, NULL) : dflt;
}

/* Sets up the job of path and its callbacks' context from o. */
static void
cli_job_init(struct import_job *job, struct cli_job *c, const char *path,
    const struct cli_import_opts *o)
{
	memset(job, 0, sizeof *job);
	memset(c, 0, sizeof *c);
	c->path = path;
	job->path = path;
	job->format = o->format;
	job->skip_bad = o->skip_bad;
	job->force = o->force;
	job->score_name = o->score_name;
	job->step_sep = o->step_sep;
	job->arg = c;
	if (!o->quiet) {
		job->notice = cli_job_notice;
		if (isatty(STDERR_FILENO))
			job->progress = cli_job_progress;
	}
	/* CANOPY_PROGRESS_DELAY lets tests see the bar at once. */
	c->delay = env_seconds("CANOPY_PROGRESS_DELAY", 0.5);
}

/*
 * Runs the job and words what came of it; returns a CLI_* code (CLI_OK
 * and CLI_IMPORTED are both 0). Each outcome comes from one kind of job
 * only: a held last line and IMPORT_EMPTY from a follow, the rest from a
 * plain import.
 */
static int
cli_job_finish(struct import_job *job, const struct cli_import_opts *o)
{
	struct import_result	 r;
	struct tm		 tm;
	time_t			 tt;
	char			 when_s[64];
	const char		*path = job->path;
	int			 rc = CLI_IMPORT_FAILED;

	switch (import_job_run(job, &r)) {
	case IMPORT_OK:
		if (r.held > 0)
			fprintf(stderr, "%s: an incomplete last line (%zu "
			    "bytes, no newline yet) was not imported\n", path,
			    r.held);
		report_done(path, &r, o->quiet);
		rc = CLI_IMPORTED;
		break;
	case IMPORT_EMPTY:
		if (!o->quiet)
			fprintf(stderr, "%s: stopped before a first line; "
			    "nothing imported\n", path);
		rc = CLI_OK;
		break;
	case IMPORT_KNOWN:
		rc = CLI_IMPORTED;
		if (r.known_as == NULL) {
			/* Found under the write lock: the store's words. */
			printf("%s\n", r.cause);
			break;
		}
		tt = (time_t)r.known_when;
		gmtime_r(&tt, &tm);
		strftime(when_s, sizeof when_s, "%Y-%m-%d %H:%M UTC", &tm);
		printf("%s: already imported on %s as %s (use --force to "
		    "import again)\n", path, when_s, r.known_as);
		break;
	case IMPORT_NO_FORMAT:
		if (o->quiet)
			rc = CLI_NO_FORMAT;
		else
			report_failed(&r);
		break;
	case IMPORT_INTERRUPTED:
		report_failed(&r);
		rc = CLI_IMPORT_STOPPED;
		break;
	default:
		report_failed(&r);
		break;
	}
	import_result_free(&r);
	return rc;
}

int
cli_import_file(struct store *st, const char *path,
    const struct cli_import_opts *o)
{
	struct import_job	 job;
	struct cli_job		 c;

	cli_job_init(&job, &c, path, o);
	job.st = st;
	job.stop = o->stop;
	return cli_job_finish(&job, o);
}

/*
 * import --follow: imports path as it grows, committing at least once a
 * second, until a signal (or CANOPY_FOLLOW_IDLE seconds without new
 * data); a file followed before resumes where its committed data ends.
 */
static int
import_follow(const char *db, const char *path,
    const struct cli_import_opts *o, enum import_resume resume)
{
	struct import_job	 job;
	struct cli_job		 c;

	cli_job_init(&job, &c, path, o);
	c.db = db;
	c.follow = 1;
	job.open = cli_job_open;
	job.follow = 1;
	job.resume = resume;
	/* A hook for tests and scripts: end after so long without data. */
	job.follow_idle = env_seconds("CANOPY_FOLLOW_IDLE", 0);
	/* And for crash tests: commit more often than once a second. */
	job.follow_interval = env_seconds("CANOPY_FOLLOW_INTERVAL", 0);
	return cli_job_finish(&job, o);
}

/*
 * --step-sep: turns \n, \t, \r and \\ into bytes, in place (the strings
 * of argv are the program's to change).
 */
static int
take_step_sep(void *p, char *arg)
{
	char	*s = arg, *w = s;

	*(const char **)p = arg;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0' && strchr("ntr\\", s[1])) {
			s++;
			*w++ = *s == 'n' ? '\n' : *s == 't' ? '\t' :
			    *s == 'r' ? '\r' : '\\';
		} else
			*w++ = *s;
	}
	*w = '\0';
	return 0;
}

/*
 * --resume and --replace: how a follow treats what was imported before
 * (*r becomes v); one excludes the other.
 */
struct resume_opt {
	enum import_resume	*r;
	enum import_resume	 v;
};

static int
take_resume(void *p, char *arg)
{
	const struct resume_opt	*o = p;

	(void)arg;
	if (*o->r != IMPORT_RESUME_AUTO && *o->r != o->v)
		return -1;
	*o->r = o->v;
	return 0;
}

int
cmd_import(int argc, char **argv, const char *db)
{
	static const char		 excl[] = "--resume and --replace"
	    " exclude each other";
	const struct cli_cmd		*c = cli_cmd_find("import");
	struct cli_import_opts		 o;
	struct store			*st = NULL;
	enum import_resume		 resume = IMPORT_RESUME_AUTO;
	const char			*path;
	char				*cause = NULL;
	int64_t				 size;
	int				 i, r, failed = 0, follow = 0;
	int				 derive = 0;
	struct resume_opt		 ro = { &resume, IMPORT_RESUME_ONLY },
					 rp = { &resume, IMPORT_RESUME_REPLACE };
	const struct cli_opt		 opts[] = {
		CLI_OPT_STR("format", 0, &o.format),
		CLI_OPT_FLAG("skip-bad", 0, &o.skip_bad),
		CLI_OPT_FLAG("force", 0, &o.force),
		CLI_OPT_STR("scores", 0, &o.score_name),
		CLI_OPT_FN("step-sep", 0, &o.step_sep, take_step_sep, NULL),
		CLI_OPT_FLAG("follow", 0, &follow),
		CLI_OPT_FN0("resume", 0, &ro, take_resume, excl),
		CLI_OPT_FN0("replace", 0, &rp, take_resume, excl),
		CLI_OPT_FLAG("derive", 0, &derive),
		CLI_OPT_END
	};

	memset(&o, 0, sizeof o);
	if ((r = cli_opts(c, argc, argv, opts, &db)) >= 0)
		return r;
	if (optind == argc)
		return cli_usage_error(c, "no file to import");
	if (o.score_name != NULL && *o.score_name == '\0')
		return cli_usage_error(c, "--scores needs a name");
	if (o.step_sep != NULL && *o.step_sep == '\0')
		return cli_usage_error(c, "--step-sep needs a separator");
	/* Score files have one format. */
	if (o.score_name != NULL)
		o.format = "canopy-scores";
	if (o.format != NULL && strcmp(o.format, "auto") != 0 &&
	    imp_format_find(o.format) == NULL)
		return cli_usage_error(c, "unknown format '%s' (see canopy "
		    "formats)", o.format);
	if (follow && derive)
		return cli_usage_error(c, "--derive does not go with --follow "
		    "(run canopy derive when the search is done)");
	if (!follow && resume != IMPORT_RESUME_AUTO)
		return cli_usage_error(c, "--resume and --replace go with "
		    "--follow");
	path = cli_db_path(db);
	/*
	 * Before the follower waits: scripts may signal it then. A plain
	 * import stops at the next record and rolls back.
	 */
	if (follow_catch_signals() != 0)
		return cli_fail("import", "cannot catch signals: %s",
		    strerror(errno));
	if (follow) {
		if (argc - optind != 1)
			return cli_usage_error(c, "--follow takes one file");
		if (import_check_file(argv[optind], &size, 1, &cause) != 0) {
			return cli_fail_cause("import", cause, NULL);
		}
		if (o.format != NULL && strcmp(o.format, "auto") != 0 &&
		    !imp_format_find(o.format)->lines)
			return cli_fail("import", "--follow needs a JSON-lines "
			    "format; %s is one document", o.format);
		return import_follow(path, argv[optind], &o, resume);
	}
	o.stop = follow_stop_flag_ptr();
	for (i = optind; i < argc; i++) {
		/* Open the database only once a file is worth importing. */
		if (st == NULL) {
			if (import_check_file(argv[i], &size, 0,
			    &cause) != 0) {
				cli_fail_cause("import", cause, NULL);
				cause = NULL;
				failed = 1;
				continue;
			}
			if (cli_open_write("import", path, &st) != 0)
				return CLI_FAIL;
		}
		r = cli_import_file(st, argv[i], &o);
		if (r == CLI_IMPORT_STOPPED || follow_signal() != 0)
			break;
		if (r != CLI_IMPORTED)
			failed = 1;
	}
	/* Not over a failed or stopped import: derive what is whole. */
	if (derive && st != NULL && !failed && follow_signal() == 0 &&
	    cli_derive_all(st) != CLI_OK)
		failed = 1;
	store_close(st);
	/* Stopped by a signal: the shell's code for a death by it. */
	if (follow_signal() != 0)
		return 128 + follow_signal();
	return failed ? CLI_FAIL : CLI_OK;
}

/*
 * cli-import.c - `canopy import`: checks each file, skips what was
 * imported before, picks the format, runs the importer into the store in
 * one transaction, and reports (summary, skipped records, progress).
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "follow.h"
#include "pipe.h"

/* How much of a file the sniffers see. */
#define SNIFF_BYTES	65536

/*
 * A sink in front of the store's that draws a progress bar on stderr, when
 * stderr is a terminal and the import has run for more than half a second.
 */
struct progress {
	struct imp_sink	 real;
	FILE		*f;
	off_t		 size;
	double		 t0, last;
	double		 delay;		/* seconds before the first draw */
	unsigned int	 ticks;
	int		 shown;
	/* --follow: a status line instead of the bar. */
	int		 follow;
	int64_t		 nodes;
	const char	*path;
};

static double
now_mono(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
progress_tick(struct progress *p)
{
	char	bar[31];
	double	t, frac;
	off_t	pos;
	int	i, fill;

	/* Reading the clock on every record would cost more than the bar. */
	if (p->follow || ++p->ticks % 256 != 0)
		return;
	t = now_mono();
	if (t - p->t0 < p->delay || t - p->last < 0.1)
		return;
	p->last = t;
	pos = ftello(p->f);
	frac = p->size > 0 && pos > 0 ? (double)pos / (double)p->size : 0;
	if (frac > 1)
		frac = 1;
	fill = (int)(frac * 30);
	for (i = 0; i < 30; i++)
		bar[i] = i < fill ? '=' : ' ';
	bar[30] = '\0';
	fprintf(stderr, "\r[%s] %3d%%  %.1f/%.1f MB  %.1f s", bar,
	    (int)(frac * 100), (double)pos / 1e6, (double)p->size / 1e6,
	    t - p->t0);
	p->shown = 1;
}

static int
pg_trace(void *arg, const struct cn_trace *t, char **cause)
{
	struct progress	*p = arg;

	progress_tick(p);
	return p->real.trace(p->real.arg, t, cause);
}

static int
pg_node(void *arg, const struct cn_node *n, char **cause)
{
	struct progress	*p = arg;

	p->nodes++;
	progress_tick(p);
	return p->real.node(p->real.arg, n, cause);
}

static int
pg_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	struct progress	*p = arg;

	progress_tick(p);
	return p->real.annotation(p->real.arg, a, cause);
}

static int
pg_score(void *arg, const char *node, const char *name, double v,
    char **cause)
{
	struct progress	*p = arg;

	progress_tick(p);
	return p->real.score(p->real.arg, node, name, v, cause);
}

static int
pg_score_path(void *arg, const char *const *texts, size_t n,
    const char *name, double v, char **cause)
{
	struct progress	*p = arg;

	progress_tick(p);
	return p->real.score_path(p->real.arg, texts, n, name, v, cause);
}

/* The parse is over; the store still finalizes (or rolls back). */
static void
progress_finishing(struct progress *p)
{
	if (p->shown)
		fprintf(stderr, "\r\033[K[%s] 100%%  finishing...",
		    "==============================");
}

static void
progress_done(struct progress *p)
{
	if (p->shown)
		fputs("\r\033[K", stderr);
	p->shown = 0;
}

/* "1 trace", "3 traces". */
static void
count(struct cn_buf *b, int64_t n, const char *what)
{
	buf_printf(b, "%lld %s%s", (long long)n, what, n == 1 ? "" : "s");
}

/*
 * Checks that path is a regular file, non-empty unless empty_ok; prints
 * why not.
 */
static int
check_file(const char *path, off_t *size, int empty_ok)
{
	struct stat	sb;

	if (stat(path, &sb) != 0) {
		cli_fail("import", "%s: %s", path, strerror(errno));
		return -1;
	}
	if (S_ISDIR(sb.st_mode)) {
		cli_fail("import", "%s: is a directory, not a file", path);
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		cli_fail("import", "%s: not a regular file", path);
		return -1;
	}
	if (sb.st_size == 0 && !empty_ok) {
		cli_fail("import", "%s: empty file, nothing to import", path);
		return -1;
	}
	if (access(path, R_OK) != 0) {
		cli_fail("import", "%s: %s", path, strerror(errno));
		return -1;
	}
	*size = sb.st_size;
	return 0;
}

/* The skipped records and the summary line of an import that ended well. */
static void
report_done(const char *path, const struct imp_report *rep,
    const struct store_import_counts *counts, double secs,
    const char *format, int quiet)
{
	struct cn_buf	b;
	int		i;

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
	count(&b, counts->traces, "trace");
	buf_adds(&b, ", ");
	count(&b, counts->nodes, "node");
	buf_adds(&b, ", ");
	count(&b, counts->signals, "signal");
	buf_adds(&b, ", ");
	count(&b, counts->annotations, "annotation");
	if (counts->scores > 0) {
		buf_adds(&b, ", ");
		count(&b, counts->scores, "score");
	}
	buf_printf(&b, " in %.2f s (%s)", secs, format);
	puts(b.s);
	buf_free(&b);
}

int
cli_import_file(struct store *st, const char *path,
    const struct cli_import_opts *o)
{
	const struct imp_format		*fmt;
	struct store_import_meta	 meta;
	struct store_import_counts	 counts;
	struct imp_report		 rep;
	struct imp_opts			 iopts;
	struct imp_sink			 sink, front;
	struct pipe			*pipe = NULL;
	struct cn_sha256_stream		*hs = NULL;
	struct progress			 pg;
	struct tm			 tm;
	time_t				 tt;
	const char			*e;
	FILE				*f = NULL;
	char				 sha[65], when_s[64], *buf = NULL;
	char				*cause = NULL, *why = NULL;
	char				*name = NULL, *pcause = NULL;
	int64_t				 when;
	size_t				 n;
	off_t				 size;
	double				 t0;
	int				 rc = CLI_IMPORT_FAILED, k;

	memset(&rep, 0, sizeof rep);
	t0 = now_mono();
	if (check_file(path, &size, 0) != 0)
		return CLI_IMPORT_FAILED;
	/*
	 * A file is hashed before its import only if an earlier import may
	 * have read it (one of the same size); else the import stream hashes
	 * it as the importer reads it, which saves reading it twice.
	 */
	if ((k = store_import_size_known(st, (int64_t)size, &cause)) < 0) {
		cli_fail("import", "%s: %s", path, cause);
		goto out;
	}
	if (k == 1) {
		if (cn_sha256_file(path, sha, &cause) != 0) {
			cli_fail("import", "%s: %s", path, cause);
			goto out;
		}
		k = store_import_known(st, sha, &when, &name, &cause);
		if (k < 0) {
			cli_fail("import", "%s: %s", path, cause);
			goto out;
		}
		if (k == 1 && !o->force) {
			tt = (time_t)when;
			gmtime_r(&tt, &tm);
			strftime(when_s, sizeof when_s, "%Y-%m-%d %H:%M UTC",
			    &tm);
			printf("%s: already imported on %s as %s (use --force"
			    " to import again)\n", path, when_s, name);
			rc = CLI_IMPORTED;
			goto out;
		}
		f = fopen(path, "r");
	} else
		f = cn_sha256_open(path, &hs);
	if (f == NULL) {
		cli_fail("import", "%s: %s", path, strerror(errno));
		goto out;
	}
	buf = xmalloc(SNIFF_BYTES);
	n = fread(buf, 1, SNIFF_BYTES, f);
	if (ferror(f) || fseeko(f, 0, SEEK_SET) != 0) {
		cli_fail("import", "%s: %s", path, strerror(errno));
		goto out;
	}
	if (o->format != NULL && strcmp(o->format, "auto") != 0)
		fmt = imp_format_find(o->format);
	else {
		fmt = imp_sniff(buf, n, &why);
		if (fmt == NULL) {
			if (o->quiet)
				rc = CLI_NO_FORMAT;
			else {
				cli_fail("import", "%s: no import format "
				    "matches; tried:\n%s(choose one with "
				    "--format NAME; see canopy formats)", path,
				    why != NULL ? why : "");
				rc = CLI_IMPORT_FAILED;
			}
			goto out;
		}
		if (!o->quiet)
			fprintf(stderr, "%s: format %s (detected)\n", path,
			    fmt->name);
	}

	memset(&meta, 0, sizeof meta);
	meta.file = path;
	meta.format = fmt->name;
	meta.sha256 = hs == NULL ? sha : NULL;
	meta.bytes = (int64_t)size;
	meta.force = o->force;
	if ((k = store_import_begin(st, &meta, &sink, &cause)) != 0) {
		if (k == STORE_IMPORT_KNOWN) {
			printf("%s: %s\n", path, cause);
			rc = CLI_IMPORTED;
		} else
			cli_fail("import", "%s: %s", path, cause);
		goto out;
	}
	memset(&pg, 0, sizeof pg);
	if (!o->quiet && isatty(STDERR_FILENO)) {
		pg.real = sink;
		pg.f = f;
		pg.size = size;
		pg.t0 = t0;
		/* CANOPY_PROGRESS_DELAY lets tests see the bar at once. */
		e = getenv("CANOPY_PROGRESS_DELAY");
		pg.delay = e != NULL && *e != '\0' ? strtod(e, NULL) : 0.5;
		sink.trace = pg_trace;
		sink.node = pg_node;
		sink.annotation = pg_annotation;
		sink.score = pg_score;
		sink.score_path = pg_score_path;
		sink.arg = &pg;
	}
	memset(&iopts, 0, sizeof iopts);
	iopts.skip_bad = o->skip_bad ? 1 : 0;
	iopts.score_name = o->score_name;
	iopts.step_sep = o->step_sep;
	/*
	 * Parse in this thread, write in another: an import then takes about
	 * as long as the slower of the two. Score files stay synchronous:
	 * their report of what did not match names each line, which only the
	 * importer knows.
	 */
	if (strcmp(fmt->name, "canopy-scores") != 0) {
		pipe = pipe_start(&sink, iopts.skip_bad, path, &front);
		sink = front;
	}
	k = fmt->run(f, path, &iopts, &sink, &rep, &cause);
	if (pipe != NULL && pipe_finish(pipe, &rep, &pcause) != 0) {
		/* The writer's error comes first: the importer saw it stop. */
		free(cause);
		cause = pcause;
		k = -1;
	}
	progress_finishing(&pg);
	if (k != 0) {
		store_import_end(st, 0, NULL, NULL);
		progress_done(&pg);
		fprintf(stderr, "canopy import: %s\n", cause != NULL ? cause :
		    "import failed");
		if (!o->skip_bad)
			fprintf(stderr, "canopy import: %s: nothing imported "
			    "(use --skip-bad to skip bad records)\n", path);
		else
			fprintf(stderr, "canopy import: %s: nothing imported\n",
			    path);
		goto out;
	}
	if (hs != NULL) {
		if (cn_sha256_end(f, hs, sha, &cause) != 0) {
			store_import_end(st, 0, NULL, NULL);
			progress_done(&pg);
			cli_fail("import", "%s: %s; nothing imported", path,
			    cause);
			goto out;
		}
		store_import_sha256(st, sha);
	}
	memset(&counts, 0, sizeof counts);
	k = store_import_end(st, 1, &counts, &cause);
	progress_done(&pg);
	if (k == STORE_IMPORT_KNOWN) {
		/* Another import of this file committed while this one ran. */
		printf("%s: %s\n", path, cause);
		rc = CLI_IMPORTED;
		goto out;
	}
	if (k != 0) {
		cli_fail("import", "%s: %s; nothing imported", path, cause);
		goto out;
	}
	report_done(path, &rep, &counts, now_mono() - t0, fmt->name,
	    o->quiet);
	rc = CLI_IMPORTED;
out:
	if (f != NULL)
		fclose(f);
	free(buf);
	free(cause);
	free(why);
	free(name);
	imp_report_free(&rep);
	return rc;
}

/* The store waits for another writer: say so once, on stderr. */
static void
import_notice(const char *msg, void *arg)
{
	(void)arg;
	fprintf(stderr, "canopy import: %s\n", msg);
}

/* --follow: what the follower's callbacks need. */
struct follow_ctx {
	struct store	*st;
	struct progress	*pg;		/* status line, or NULL */
	struct follow	*fw;
};

/* "following run.jsonl: 1234 nodes, 2.1 MB read" on a terminal. */
static void
follow_status(struct follow_ctx *c)
{
	double	b;

	if (c->pg == NULL)
		return;
	b = (double)follow_bytes(c->fw);
	fprintf(stderr, "\r\033[Kfollowing %s: %lld node%s, %.1f %s read",
	    c->pg->path, (long long)c->pg->nodes, c->pg->nodes == 1 ? "" :
	    "s", b < 1e6 ? b / 1e3 : b / 1e6, b < 1e6 ? "kB" : "MB");
	c->pg->shown = 1;
}

static int
follow_checkpoint(void *arg, char **cause)
{
	struct follow_ctx	*c = arg;

	if (store_import_checkpoint(c->st, cause) != 0)
		return -1;
	follow_status(c);
	return 0;
}

static void
follow_waiting(void *arg)
{
	follow_status(arg);
}

/* A note goes on its own line, above the status line. */
static void
follow_note(void *arg, const char *note)
{
	struct follow_ctx	*c = arg;

	if (c->pg != NULL && c->pg->shown)
		fputs("\r\033[K", stderr);
	fprintf(stderr, "%s\n", note);
	if (c->pg != NULL)
		c->pg->shown = 0;
}

/*
 * import --follow: imports path as it grows, committing at least once a
 * second, until Ctrl-C (or CANOPY_FOLLOW_IDLE seconds without new data).
 */
static int
import_follow(const char *db, const char *path,
    const struct cli_import_opts *o)
{
	const struct imp_format		*fmt;
	struct store_import_meta	 meta;
	struct store_import_counts	 counts;
	struct imp_report		 rep;
	struct imp_opts			 iopts;
	struct imp_sink			 sink;
	struct progress			 pg;
	struct follow_opts		 fo;
	struct follow_ctx		 ctx;
	struct follow			*fw = NULL;
	struct store			*st = NULL;
	const char			*e;
	char				*buf = NULL, *cause = NULL;
	char				*why = NULL;
	size_t				 n;
	double				 t0;
	int				 rc = CLI_FAIL, k;

	memset(&rep, 0, sizeof rep);
	memset(&ctx, 0, sizeof ctx);
	memset(&pg, 0, sizeof pg);
	t0 = now_mono();
	memset(&fo, 0, sizeof fo);
	fo.interval = 1;
	/* A hook for tests and scripts: end after so long without data. */
	e = getenv("CANOPY_FOLLOW_IDLE");
	fo.idle = e != NULL && *e != '\0' ? strtod(e, NULL) : 0;
	fo.checkpoint = follow_checkpoint;
	fo.waiting = follow_waiting;
	fo.note = follow_note;
	fo.arg = &ctx;
	if ((fw = follow_open(path, &fo, &cause)) == NULL) {
		cli_fail("import", "%s", cause);
		goto out;
	}
	ctx.fw = fw;

	/* The format, from the first complete lines (waiting for one). */
	k = follow_head(fw, SNIFF_BYTES, &buf, &n, &cause);
	if (k < 0) {
		cli_fail("import", "%s", cause);
		goto out;
	}
	if (k == 0) {
		if (!o->quiet)
			fprintf(stderr, "%s: stopped before a first line; "
			    "nothing imported\n", path);
		rc = CLI_OK;
		goto out;
	}
	if (o->format != NULL && strcmp(o->format, "auto") != 0)
		fmt = imp_format_find(o->format);
	else {
		fmt = imp_sniff(buf, n, &why);
		if (fmt == NULL) {
			cli_fail("import", "%s: no import format matches; "
			    "tried:\n%s(choose one with --format NAME; see "
			    "canopy formats)", path, why != NULL ? why : "");
			goto out;
		}
		if (!o->quiet)
			fprintf(stderr, "%s: format %s (detected)\n", path,
			    fmt->name);
	}
	if (!fmt->lines) {
		cli_fail("import", "%s: --follow needs a JSON-lines format; "
		    "%s is one document", path, fmt->name);
		goto out;
	}
	/* Open the database only once the file is worth importing. */
	if (cli_open_write("import", db, &st) != 0)
		goto out;
	store_notice_on(st, import_notice, NULL);
	ctx.st = st;

	memset(&meta, 0, sizeof meta);
	meta.file = path;
	meta.format = fmt->name;
	meta.sha256 = NULL;	/* the contents are still changing */
	meta.live = 1;		/* a TUI may watch: stay in WAL mode */
	if (store_import_begin(st, &meta, &sink, &cause) != 0) {
		cli_fail("import", "%s: %s", path, cause);
		goto out;
	}
	if (!o->quiet && isatty(STDERR_FILENO)) {
		pg.real = sink;
		pg.follow = 1;
		pg.path = path;
		sink.trace = pg_trace;
		sink.node = pg_node;
		sink.annotation = pg_annotation;
		sink.score = pg_score;
		sink.score_path = pg_score_path;
		sink.arg = &pg;
		ctx.pg = &pg;
		fprintf(stderr, "%s: following (Ctrl-C stops and keeps what "
		    "was read)\n", path);
	}
	memset(&iopts, 0, sizeof iopts);
	iopts.skip_bad = o->skip_bad ? 1 : 0;
	iopts.score_name = o->score_name;
	iopts.step_sep = o->step_sep;
	/*
	 * No writer thread (pipe.h) here: checkpoints run in this thread,
	 * between records, and a followed file is paced by its writer.
	 */
	k = fmt->run(follow_stream(fw), path, &iopts, &sink, &rep, &cause);
	if (k != 0) {
		store_import_end(st, 0, NULL, NULL);
		progress_done(&pg);
		if (follow_error(fw) != NULL)
			fprintf(stderr, "canopy import: %s\n",
			    follow_error(fw));
		else
			fprintf(stderr, "canopy import: %s\n", cause != NULL ?
			    cause : "import failed");
		fprintf(stderr, "canopy import: %s: stopped; what was "
		    "committed before stays in the database%s\n", path,
		    o->skip_bad ? "" : " (use --skip-bad to skip bad "
		    "records)");
		goto out;
	}
	memset(&counts, 0, sizeof counts);
	k = store_import_end(st, 1, &counts, &cause);
	progress_done(&pg);
	if (k != 0) {
		cli_fail("import", "%s: %s; the records read since the last "
		    "commit were not imported", path, cause);
		goto out;
	}
	if (follow_held(fw) > 0)
		fprintf(stderr, "%s: an incomplete last line (%zu bytes, no "
		    "newline yet) was not imported\n", path,
		    follow_held(fw));
	report_done(path, &rep, &counts, now_mono() - t0, fmt->name,
	    o->quiet);
	rc = CLI_OK;
out:
	follow_close(fw);
	store_close(st);
	free(buf);
	free(cause);
	free(why);
	imp_report_free(&rep);
	return rc;
}

/* Turns \n, \t, \r and \\ in a --step-sep argument into bytes, in place. */
static void
import_unescape(char *s)
{
	char	*w = s;

	for (; *s != '\0'; s++) {
		if (*s == '\\' && s[1] != '\0' && strchr("ntr\\", s[1])) {
			s++;
			*w++ = *s == 'n' ? '\n' : *s == 't' ? '\t' :
			    *s == 'r' ? '\r' : '\\';
		} else
			*w++ = *s;
	}
	*w = '\0';
}

int
cmd_import(int argc, char **argv, const char *db)
{
	static const struct option	 longopts[] = {
		{ "db",		required_argument,	NULL, 'd' },
		{ "format",	required_argument,	NULL, 'f' },
		{ "skip-bad",	no_argument,		NULL, 's' },
		{ "force",	no_argument,		NULL, 'F' },
		{ "scores",	required_argument,	NULL, 'S' },
		{ "step-sep",	required_argument,	NULL, 'T' },
		{ "follow",	no_argument,		NULL, 'w' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL,		0,			NULL, 0 }
	};
	const struct cli_cmd		*c = cli_cmd_find("import");
	struct cli_import_opts		 o;
	struct store			*st = NULL;
	const char			*path;
	int				 ch, i, failed = 0, follow = 0;

	memset(&o, 0, sizeof o);
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
		switch (ch) {
		case 'd':
			db = optarg;
			break;
		case 'f':
			o.format = optarg;
			break;
		case 's':
			o.skip_bad = 1;
			break;
		case 'F':
			o.force = 1;
			break;
		case 'S':
			o.score_name = optarg;
			break;
		case 'T':
			import_unescape(optarg);
			o.step_sep = optarg;
			break;
		case 'w':
			follow = 1;
			break;
		case 'h':
			cli_help(c, stdout);
			return CLI_OK;
		default:
			return cli_getopt_error(c, ch, argv);
		}
	}
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
	path = cli_db_path(db);
	if (follow) {
		off_t	size;

		if (argc - optind != 1)
			return cli_usage_error(c, "--follow takes one file");
		if (check_file(argv[optind], &size, 1) != 0)
			return CLI_FAIL;
		if (o.format != NULL && strcmp(o.format, "auto") != 0 &&
		    !imp_format_find(o.format)->lines)
			return cli_fail("import", "--follow needs a JSON-lines "
			    "format; %s is one document", o.format);
		/* Before the follower waits: scripts may signal it then. */
		if (follow_catch_signals() != 0)
			return cli_fail("import", "cannot catch signals: %s",
			    strerror(errno));
		return import_follow(path, argv[optind], &o);
	}
	for (i = optind; i < argc; i++) {
		/* Open the database only once a file is worth importing. */
		if (st == NULL) {
			off_t	size;

			if (check_file(argv[i], &size, 0) != 0) {
				failed = 1;
				continue;
			}
			if (cli_open_write("import", path, &st) != 0)
				return CLI_FAIL;
			store_notice_on(st, import_notice, NULL);
		}
		if (cli_import_file(st, argv[i], &o) != CLI_IMPORTED)
			failed = 1;
	}
	store_close(st);
	return failed ? CLI_FAIL : CLI_OK;
}

/*
 * importers.h - importers are pure functions from a stream to a sink
 * (struct imp_sink in canopy.h). They open nothing, fetch nothing and keep
 * no global state; tests feed them fmemopen() streams and a recording sink.
 * This header also holds the registry that the CLI and the TUI share.
 */
#ifndef CN_IMPORTERS_H
#define CN_IMPORTERS_H

#include <stdio.h>

#include "canopy.h"

/* How many bad-record messages a report keeps. */
#define IMP_REPORT_KEEP	5

/*
 * Caps on what input may ask for (docs/format.md, "Limits"). Past one, the
 * record (or the file, for single-document formats) is refused with
 * "name:line:col: what", so no allocation grows with a hostile input
 * beyond these.
 */
#define IMP_MAX_RECORD	((size_t)64 << 20)	/* bytes in one JSONL line */
#define IMP_MAX_DOC	((size_t)1 << 30)	/* bytes in a JSON document */
#define IMP_MAX_DEPTH	1000	/* nested arrays and objects in a value */
#define IMP_MAX_ID	4096	/* bytes in a trace or node id */

/* Options shared by every importer. */
struct imp_opts {
	int		 skip_bad;	/* skip bad records instead of failing */
	const char	*step_sep;	/* verl/chat-jsonl step separator, or NULL */
	const char	*score_name;	/* --scores NAME, or NULL */
	long		 first_line;	/* number of the stream's first line
					   (a resumed follow starts past the
					   lines it skipped); 0 means 1 */
};

/* What an importer saw; filled as it goes. */
struct imp_report {
	long		 records;	/* records read (lines or elements) */
	long		 bad;		/* records skipped under skip_bad */
	char		*first_bad[IMP_REPORT_KEEP];	/* owned messages */
	int		 nfirst_bad;
};
void	 imp_report_free(struct imp_report *);
/* Records a skipped record's message (adopts msg). */
void	 imp_report_bad(struct imp_report *, char *msg);

/*
 * An importer. Reads in (named name in messages) to the end, sending what
 * it parses to sink. Returns 0, or -1 with *cause = "name:line:col: what"
 * at the first hard error (or the first bad record without skip_bad).
 */
typedef int (*imp_run_fn)(FILE *in, const char *name,
    const struct imp_opts *, const struct imp_sink *, struct imp_report *,
    char **cause);

/*
 * Sniffs the first bytes of a file (buf, len; may end mid-record). Returns
 * 1 if this importer takes it; otherwise 0 and *why (heap) says why not.
 * imp_sniff has already refused input that is not text (imp_not_text).
 */
typedef int (*imp_sniff_fn)(const char *buf, size_t len, char **why);

struct imp_format {
	const char	*name;		/* --format NAME */
	const char	*desc;		/* one line for `canopy formats` */
	const char	*example;	/* an example file name */
	imp_run_fn	 run;
	imp_sniff_fn	 sniff;
	int		 lines;		/* one record per line, read with
					   imp_lines: import --follow can
					   read it as it grows */
	int		 sync;		/* run in the caller's thread, never
					   behind a threaded sink (pipe.c):
					   its report names each input line
					   the sink refused, which only the
					   importer knows when it happens */
};

/* The registry, in sniffing order, terminated by a NULL name. */
extern const struct imp_format imp_formats[];

/* Finds a format by name, or NULL. */
const struct imp_format *imp_format_find(const char *name);

/*
 * Chooses a format for the first bytes of a file. Returns the format, or
 * NULL with *why (heap): for text, one line per format tried saying why it
 * did not fit; for input that is not text at all, the single line of
 * imp_not_text, since listing every format would only bury it.
 */
const struct imp_format *imp_sniff(const char *buf, size_t len, char **why);

/*
 * Why the first bytes of a file (buf, len) cannot be any format's input:
 * "empty file", "empty file (only whitespace)", "only a byte order mark"
 * or "not a text file (it holds NUL bytes)"; NULL when they may be text.
 * A static string.
 */
const char *imp_not_text(const char *buf, size_t len);

/* ---- helpers for importers (imp-util.c) ---- */

/*
 * A line reader that counts lines. Lines may be long (a 10 MB line is
 * fine) up to max bytes (IMP_MAX_RECORD unless the caller changes it
 * after imp_lines_init); a longer line is read to its end but only its
 * first max bytes are kept, and over is set, so memory stays bounded.
 */
struct imp_lines {
	FILE		*in;
	char		*line;		/* current line, NUL-terminated, no \n */
	size_t		 len;
	size_t		 cap;
	size_t		 max;		/* longest line kept whole */
	long		 lineno;	/* 1-based number of the current line */
	int		 partial;	/* last line had no '\n' */
	int		 over;		/* this line was longer than max */
};
void	 imp_lines_init(struct imp_lines *, FILE *);
/* Reads the next line: 1 got one, 0 end of file, -1 read error. */
int	 imp_lines_next(struct imp_lines *);
void	 imp_lines_free(struct imp_lines *);

/*
 * Reads a whole stream into a heap buffer (single-document formats).
 * A stream longer than max bytes (IMP_MAX_DOC for the importers) fails
 * with "name: larger than N bytes" before more than max is held.
 */
int	 imp_slurp(FILE *in, const char *name, size_t max, char **buf,
	    size_t *len, char **cause);

/*
 * Line and column (both 1-based) of byte offset off in buf, for errors in
 * single-document formats. Columns count bytes.
 */
void	 imp_position(const char *buf, size_t off, long *line, long *col);

/*
 * Checks that s[0..len) is valid UTF-8. Returns 1 if so; otherwise 0 and
 * *bad is the offset of the first bad byte.
 */
int	 imp_utf8_valid(const char *s, size_t len, size_t *bad);

/*
 * Sends a bad-record error through the skip_bad policy: with skip_bad the
 * message goes to the report and 0 is returned (go on); without it *cause
 * takes msg and -1 is returned (stop). Adopts msg.
 */
int	 imp_bad(const struct imp_opts *, struct imp_report *, char *msg,
	    char **cause);

/*
 * What an importer makes of a sink's status rc: CN_OK goes on; otherwise
 * "<fmt ...>: <the sink's cause>" goes through imp_bad when rc is CN_BAD
 * (CN_BAD: skipped; CN_FATAL: stop, with *cause) and becomes *cause for
 * any other rc (CN_FATAL). Adopts *scausep and sets it to NULL.
 */
int	 imp_sink_status(const struct imp_opts *, struct imp_report *,
	    char **cause, int rc, char **scausep, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

/*
 * What a tree importer carries through one run: the input's name for
 * messages, the options, the sink, the report, and where the cause that
 * stops the run goes (may be NULL).
 */
struct imp_ctx {
	const char		*name;
	const struct imp_opts	*opts;
	const struct imp_sink	*sink;
	struct imp_report	*rep;
	char			**cause;
};
void	 imp_ctx_init(struct imp_ctx *, const char *name,
	    const struct imp_opts *, const struct imp_sink *,
	    struct imp_report *, char **cause);
/* "<name>: msg" (msg adopted) through imp_bad: 0 skipped, -1 stop. */
int	 imp_ctx_bad(struct imp_ctx *, char *msg);
/* imp_sink_status for the run, the message starting "<name>: what". */
int	 imp_ctx_sink(struct imp_ctx *, int rc, const char *what,
	    char **scausep);

/*
 * A sink in front of another that refuses ids longer than IMP_MAX_ID
 * (trace, node, parent and annotated or scored node ids) with CN_BAD, so
 * the importer's skip-bad policy and line numbers apply. Every format's
 * run goes through one; g holds it and must outlive the import.
 */
struct imp_guard {
	struct imp_sink		 sink;
	const struct imp_sink	*real;
};
const struct imp_sink *imp_guard(struct imp_guard *g,
	    const struct imp_sink *real);

#endif /* CN_IMPORTERS_H */

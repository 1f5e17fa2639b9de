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

/* Options shared by every importer. */
struct imp_opts {
	int		 skip_bad;	/* skip bad records instead of failing */
	const char	*step_sep;	/* verl/chat-jsonl step separator, or NULL */
	const char	*score_name;	/* --scores NAME, or NULL */
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
};

/* The registry, in sniffing order, terminated by a NULL name. */
extern const struct imp_format imp_formats[];

/* Finds a format by name, or NULL. */
const struct imp_format *imp_format_find(const char *name);

/*
 * Chooses a format for the first bytes of a file. Returns the format, or
 * NULL with *why (heap) listing each format tried and why it did not fit.
 */
const struct imp_format *imp_sniff(const char *buf, size_t len, char **why);

/* ---- helpers for importers (imp-util.c) ---- */

/*
 * A line reader that counts lines. Lines may be any length (a 10 MB line
 * is fine); memory is bounded by the longest line.
 */
struct imp_lines {
	FILE		*in;
	char		*line;		/* current line, NUL-terminated, no \n */
	size_t		 len;
	size_t		 cap;
	long		 lineno;	/* 1-based number of the current line */
	int		 partial;	/* last line had no '\n' */
};
void	 imp_lines_init(struct imp_lines *, FILE *);
/* Reads the next line: 1 got one, 0 end of file, -1 read error. */
int	 imp_lines_next(struct imp_lines *);
void	 imp_lines_free(struct imp_lines *);

/* Reads a whole stream into a heap buffer (single-document formats). */
int	 imp_slurp(FILE *in, const char *name, char **buf, size_t *len,
	    char **cause);

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

#endif /* CN_IMPORTERS_H */

/*
 * cli.h - the canopy command line: one function per command (cli-*.c),
 * helpers shared by the commands (cli.c) and the demo database (demo.c).
 * Commands print to stdout, messages to stderr, and return an exit code.
 */
#ifndef CN_CLI_H
#define CN_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "canopy.h"
#include "importers.h"
#include "store.h"

/* Exit codes of every command. */
#define CLI_OK		0
#define CLI_FAIL	1
#define CLI_USAGE	2

/* Width that `show` and `traces` fit their lines to. */
#define CLI_COLS	100

/*
 * A command: run gets the arguments from the command name on (argv[0] is
 * the name) and the database given before the command, or NULL.
 */
struct cli_cmd {
	const char	*name;
	int		(*run)(int argc, char **argv, const char *db);
	const char	*usage;		/* "canopy show [--db F] ..." */
	const char	*summary;	/* one line for `canopy --help` */
	const char	*help;		/* options and details */
};

/* The commands, terminated by a NULL name (main.c). */
extern const struct cli_cmd cli_cmds[];
const struct cli_cmd *cli_cmd_find(const char *name);

/* Prints a command's help (usage, summary, details) to f. */
void	 cli_help(const struct cli_cmd *, FILE *f);
/*
 * Reports a usage error of cmd (or of canopy itself when cmd is NULL) with
 * a hint to --help on stderr; returns CLI_USAGE.
 */
int	 cli_usage_error(const struct cli_cmd *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* Prints "canopy CMD: message" on stderr; returns CLI_FAIL. */
int	 cli_fail(const char *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/*
 * Reports a getopt_long error (ch is '?' or ':', with optstring starting
 * with ':') as a usage error of cmd; returns CLI_USAGE.
 */
int	 cli_getopt_error(const struct cli_cmd *, int ch, char **argv);
/*
 * For 'h' prints cmd's help on stdout and returns CLI_OK, else reports the
 * getopt error ch as cli_getopt_error() does and returns CLI_USAGE.
 */
int	 cli_opt_default(const struct cli_cmd *, int ch, char **argv);
/* Reports argv[optind] as an unexpected argument of cmd; CLI_USAGE. */
int	 cli_extra_arg(const struct cli_cmd *, char **argv);
/*
 * Reports cause (adopted and freed), or fallback when it is NULL, as
 * cli_fail() does; returns CLI_FAIL.
 */
int	 cli_fail_cause(const char *cmd, char *cause, const char *fallback);

/*
 * The options of a command, a table ended by CLI_OPT_END. Each row is an
 * option --name (NULL: short only) and/or -letter (0: long only) and what
 * its value does to the variable at p.
 */
enum cli_kind {
	CLI_FLAG,	/* no value: the int at p becomes 1 */
	CLI_STR,	/* the const char * at p becomes the value */
	CLI_INT,	/* a whole number from min to max into the int at p */
	CLI_NUM,	/* a number from min to max into the double at p */
	CLI_FN,		/* fn(p, value) */
	CLI_FN0		/* fn(p, NULL): an option without a value */
};
struct cli_opt {
	const char	*name;
	int		 letter;
	enum cli_kind	 kind;
	void		*p;
	double		 min, max;
	/* CLI_FN, CLI_FN0: 0, or -1 when the value (or option) is bad. */
	int		(*fn)(void *p, char *value);
	/* A bad value is the usage error "bad, not 'VALUE'" (CLI_FN0: bad). */
	const char	*bad;
};
#define CLI_OPT_FLAG(name, letter, p) \
	{ name, letter, CLI_FLAG, p, 0, 0, NULL, NULL }
#define CLI_OPT_STR(name, letter, p) \
	{ name, letter, CLI_STR, p, 0, 0, NULL, NULL }
#define CLI_OPT_INT(name, letter, p, min, max, bad) \
	{ name, letter, CLI_INT, p, min, max, NULL, bad }
#define CLI_OPT_NUM(name, letter, p, min, max, bad) \
	{ name, letter, CLI_NUM, p, min, max, NULL, bad }
#define CLI_OPT_FN(name, letter, p, fn, bad) \
	{ name, letter, CLI_FN, p, 0, 0, fn, bad }
#define CLI_OPT_FN0(name, letter, p, fn, bad) \
	{ name, letter, CLI_FN0, p, 0, 0, fn, bad }
#define CLI_OPT_END	{ NULL, 0, CLI_FLAG, NULL, 0, 0, NULL, NULL }
/* Rows a table holds at the most. */
#define CLI_OPTS_MAX	16

/*
 * Parses the options of argv (argv[0] is the command) by the table opts,
 * with -h/--help, and --db F into *db unless db is NULL, as getopt_long
 * does (options may follow operands; --name may be cut short where that
 * is unambiguous). Stops at a bad value of an option, reported as a usage
 * error of cmd (returns CLI_USAGE), or at help or an unknown or incomplete
 * option (returns 'h', '?' or ':' as getopt_long does, for the caller to
 * report). Returns -1 when all were taken; the operands start at optind.
 */
int	 cli_opts_scan(const struct cli_cmd *, int argc, char **argv,
	    const struct cli_opt *opts, const char **db);
/*
 * cli_opts_scan() that reports help and getopt errors as cli_opt_default()
 * does: returns -1 when all were taken, else the exit code.
 */
int	 cli_opts(const struct cli_cmd *, int argc, char **argv,
	    const struct cli_opt *opts, const char **db);
/* cli_opts() for a command that takes no operands. */
int	 cli_opts_only(const struct cli_cmd *, int argc, char **argv,
	    const struct cli_opt *opts, const char **db);

/* The database: opt (--db), else $CANOPY_DB, else ./canopy.db. */
const char *cli_db_path(const char *opt);
/*
 * Opens the database for reading (it must exist) or for writing (created
 * if absent). On failure prints why, naming cmd, and returns -1.
 */
int	 cli_open_read(const char *cmd, const char *path, struct store **);
/*
 * Where -o output goes: stdout for NULL or "-"; a regular file is written
 * beside it (*tmp, heap; rename it over output when done, unlink it on
 * error: never a half file); anything else (a device, a FIFO) in place,
 * with *tmp NULL. NULL (errno set) when it cannot be opened.
 */
FILE	*cli_out_open(const char *output, char **tmp);
/*
 * The -o FILE output of command cmd, from cli_out_begin() to cli_out_end()
 * (always called, after a zeroed struct at least): f is where to write.
 */
struct cli_out {
	FILE		*f;
	const char	*cmd, *path;
	char		*tmp;
};
/* Opens output (cli_out_open); CLI_OK, or CLI_FAIL reported for cmd. */
int	 cli_out_begin(struct cli_out *, const char *cmd, const char *output);
/*
 * Once all was written and flushed: closes a file and renames it over
 * output. CLI_OK, or CLI_FAIL reported for the command.
 */
int	 cli_out_commit(struct cli_out *);
/* Closes what is open and removes an uncommitted file. */
void	 cli_out_end(struct cli_out *);
int	 cli_open_write(const char *cmd, const char *path, struct store **);
/*
 * Opens the database for writing, which must exist already (commands that
 * add to imported traces); on failure prints why and returns -1.
 */
int	 cli_open_update(const char *cmd, const char *path, struct store **);

/*
 * What a command that uses the database holds from its options to its
 * exit, so that its body says only what is its own: its entry and name
 * for messages, the store, a cause from store/, its -o output and its exit
 * code. cli_ctx_init() first (rc CLI_FAIL); cli_ctx_end() releases all of
 * it, also what was never opened, and returns rc.
 */
struct cli_ctx {
	const struct cli_cmd	*cmd;	/* NULL for a subcommand */
	const char		*name;
	struct store		*st;
	char			*cause;
	struct cli_out		 out;
	int			 rc;
};
enum cli_db_mode { CLI_DB_READ, CLI_DB_WRITE, CLI_DB_UPDATE };
void	 cli_ctx_init(struct cli_ctx *, const char *name);
/* cli_open_read/write/update() of --db opt; 0, or -1 reported. */
int	 cli_ctx_open(struct cli_ctx *, enum cli_db_mode, const char *opt);
/* cli_fail_cause() of x->cause, which it takes; rc becomes CLI_FAIL. */
int	 cli_ctx_fail(struct cli_ctx *, const char *fallback);
int	 cli_ctx_end(struct cli_ctx *);

/*
 * Appends s to b so that it is safe on a terminal: what textsafe_unsafe()
 * names (controls, C1, U+2028/9, bidi controls) and invalid UTF-8 become
 * escapes such as \x1b, \t, \n, \u202e. Columns are wcwidth's.
 * With firstline, stops at the first newline. With maxw > 0, writes at
 * most maxw columns and ends a cut string with "..." inside that width.
 * Returns the columns written.
 */
size_t	 cli_escape(struct cn_buf *b, const char *s, size_t maxw,
	    int firstline);

/*
 * Appends s as cli_escape() does on one line in at most maxw columns, then
 * spaces up to width columns: a column of a table. Returns the columns
 * written.
 */
size_t	 cli_column(struct cn_buf *b, const char *s, size_t maxw,
	    size_t width);

/* Formats a signal value as `show` and `traces` print it. */
void	 cli_value(struct cn_buf *b, double v);

/* ---- cli-import.c ---- */

struct cli_import_opts {
	const char	*format;	/* NULL or "auto": sniff */
	int		 skip_bad;
	int		 force;
	int		 quiet;		/* no summary nor progress */
	const char	*score_name;	/* --scores NAME, or NULL */
	const char	*step_sep;	/* --step-sep SEP, unescaped, or NULL */
	/* Stop at the next record and roll back once *stop, or NULL. */
	const volatile sig_atomic_t *stop;
};

/* cli_import_file results. */
#define CLI_IMPORTED	0
#define CLI_IMPORT_FAILED 1
#define CLI_NO_FORMAT	3	/* no importer takes the file */
#define CLI_IMPORT_STOPPED 4	/* o->stop was set: rolled back */

/*
 * Imports one file into st (one transaction): checks the file, skips it
 * if already imported (unless force), picks the format, runs the importer
 * and reports on stderr/stdout. Returns one of the results above.
 */
int	 cli_import_file(struct store *, const char *path,
	    const struct cli_import_opts *);

/* ---- the commands ---- */
int	 cmd_import(int, char **, const char *);
int	 cmd_show(int, char **, const char *);
int	 cmd_traces(int, char **, const char *);
int	 cmd_stats(int, char **, const char *);
int	 cmd_index(int, char **, const char *);
int	 cmd_formats(int, char **, const char *);
int	 cmd_demo(int, char **, const char *);
int	 cmd_models(int, char **, const char *);	/* cli-live.c */
int	 cmd_rerun(int, char **, const char *);	/* cli-live.c */
int	 cmd_score(int, char **, const char *);	/* cli-score.c */
int	 cmd_annotate(int, char **, const char *);	/* cli-annotate.c */
int	 cmd_prefer(int, char **, const char *);	/* cli-annotate.c */
int	 cmd_annotations(int, char **, const char *);	/* cli-annotate.c */
int	 cmd_export(int, char **, const char *);	/* cli-export.c */
int	 cmd_agreement(int, char **, const char *);	/* cli-export.c */
int	 cmd_report(int, char **, const char *);	/* cli-export.c */
/* derive, calibrate, disagree and hist, by argv[0] (cli-analysis.c). */
int	 cmd_analysis(int, char **, const char *);
int	 cli_derive_all(struct store *);		/* cli-analysis.c */
int	 cmd_diff(int, char **, const char *);	/* cli-diff.c */

/*
 * cli-show.c: prints trace or address name as `canopy show` does, down to
 * depth levels below it (< 0: all). Returns an exit code.
 */
struct cli_show_opts {
	int		 depth;
	const char	*signals;	/* comma-separated names, or NULL */
	int		 json;
	int		 extra;
};
int	 cli_show(struct store *, const char *name,
	    const struct cli_show_opts *);
/* cli-list.c: prints the trace list as `canopy traces` does. */
int	 cli_traces(struct store *, int json);

/* ---- demo.c ---- */

/*
 * The demo database: override if not NULL, else
 * $XDG_DATA_HOME/canopy/demo.db (default ~/.local/share/canopy/demo.db).
 * Builds it once, when absent, from the demo files (CANOPY_DEMO_DIR, the
 * installed $(pkgdatadir)/demo, or demo/ of the source tree next to the
 * running binary). Returns 0 and *path (heap), or -1 and *cause.
 */
int	 demo_open_path(const char *override, char **path, char **cause);

#endif /* CN_CLI_H */

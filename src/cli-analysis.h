/*
 * cli-analysis.h - what the statistics commands (cli-analysis.c,
 * cli-calib.c) share: their options and helpers. Internal to the CLI.
 */
#ifndef CN_CLI_ANALYSIS_H
#define CN_CLI_ANALYSIS_H

#include "analysis.h"
#include "cli.h"
#include "query.h"

/* Options every command here shares. */
struct aopts {
	const char	*trace;		/* --trace T, or NULL: every trace */
	int		 json;
	int		 by_depth;
	int		 bins;
	int		 n;
	enum an_scale	 scale;
	const char	*signal, *against;
	const char	**deltas, **diffs;
	size_t		 ndeltas, ndiffs;
};

/*
 * s made safe for a terminal (cli_escape), as a heap string: signal and
 * trace names come from imported files and may hold control bytes.
 */
char	*cli_an_esc(const char *s);
/*
 * The id of the trace named trace, or 0 when trace is NULL (every trace).
 * Prints why (naming cmd) and returns -1 on failure.
 */
int	 cli_an_trace(const char *cmd, struct store *, const char *trace,
	    int64_t *id);
/*
 * Checks that some node has signal sa and sb (either may be NULL), then
 * calls fn (query.h) on the trace named trace, or on every trace when
 * NULL. Prints why (naming cmd) and returns -1 on failure.
 */
int	 cli_an_each(const char *cmd, struct store *, const char *trace,
	    const char *sa, const char *sb, query_trace_fn *fn, void *arg);
/* Fails (printed, naming cmd) unless some node has signal name. */
int	 cli_an_signal_check(const char *cmd, struct store *,
	    const char *name);

/* cli-calib.c: the commands; return exit codes. */
int	 cli_an_calibrate(const struct cli_cmd *, struct store *,
	    const struct aopts *);
int	 cli_an_hist(const struct cli_cmd *, struct store *,
	    const struct aopts *);

#endif /* CN_CLI_ANALYSIS_H */

/*
 * main.c - canopy's entry point: global options, then dispatch to one
 * command (src/cli-*.c). Exit codes: 0 ok, 1 failure, 2 usage.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "tui.h"

static int	cmd_tui(int, char **, const char *);
static int	cmd_demo_tui(int, char **, const char *);

const struct cli_cmd cli_cmds[] = {
	{ "import", cmd_import,
	  "canopy import [--db F] [--format NAME|auto] [--skip-bad] [--force] "
	  "[--scores NAME] [--step-sep SEP] [--derive] "
	  "[--follow [--resume|--replace]] "
	  "FILE...",
	  "Import trace files into the database, one transaction per file.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --format NAME    the file format (see canopy formats); default\n"
	  "                   auto: detected from the first 64 KiB\n"
	  "  --skip-bad       skip bad records, count them and go on\n"
	  "  --force          import a file again even if it was imported\n"
	  "  --scores NAME    the files are score files (canopy-scores); NAME\n"
	  "                   names the signal of lines that have no \"name\"\n"
	  "  --step-sep SEP   verl, chat-jsonl: split steps at SEP (\\n, \\t,\n"
	  "                   \\r, \\\\ understood), not at blank lines\n"
	  "  --follow         keep reading FILE as a running search appends\n"
	  "                   to it (like tail -F), committing every second;\n"
	  "                   Ctrl-C stops and keeps what was read\n"
	  "  --resume         with --follow: resume where an earlier follow of\n"
	  "                   FILE stopped, or fail (default: resume if its\n"
	  "                   committed lines are unchanged, else refuse)\n"
	  "  --replace        with --follow: delete what earlier follows of\n"
	  "                   FILE imported and import it from the start\n"
	  "  --derive         then derive mc, mc_hard and best_leaf over every\n"
	  "                   trace, as canopy derive does\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "A file whose contents were imported before is skipped. A bad record\n"
	  "fails the file (file:line:col: what) and leaves the database as it\n"
	  "was, unless --skip-bad is given. Ctrl-C (or SIGTERM, SIGHUP) stops\n"
	  "an import at the next record and rolls the file back.\n"
	  "\n"
	  "With --follow, one JSON-lines FILE is imported as it grows: only\n"
	  "complete lines are read, truncation and replacement (log rotation)\n"
	  "are followed, and a TUI open on the database shows new nodes as\n"
	  "they are committed. Single-document formats (processbench,\n"
	  "moatless, llm-reasoners) cannot be followed. Following a file again\n"
	  "(after Ctrl-C or a crash) resumes after the lines already committed.\n"
	  "\n"
	  "Derived signals (mc, mc_hard, best_leaf, ...) are not computed by an\n"
	  "import unless --derive is given (they add ~15% to a large import):\n"
	  "use --derive, or run canopy derive afterwards.\n" },
	{ "show", cmd_show,
	  "canopy show [--db F] TRACE [--depth N] [--signals a,b] [--json] "
	  "[--extra]",
	  "Print a trace (or the subtree at an address TRACE/NODE) as a tree.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --depth N        only N levels below the first node shown\n"
	  "  --signals a,b    show only these signals (default: all)\n"
	  "  --json           one JSON object per node (address, parent, depth,\n"
	  "                   role, text, observation, terminal, chosen,\n"
	  "                   signals, annotations, extra)\n"
	  "  --extra          also print each node's unmapped source fields\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "TRACE is a trace id as `canopy traces` lists it, \"#N\" for the\n"
	  "trace with database id N, or an address \"TRACE/NODE\".\n" },
	{ "traces", cmd_traces,
	  "canopy traces [--db F] [--json]",
	  "List the traces: id, format, nodes, depth, best reward or q, "
	  "problem.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --json           one JSON object per trace\n"
	  "  -h, --help       show this help\n" },
	{ "stats", cmd_stats,
	  "canopy stats [--db F] [--json]",
	  "Print totals: traces, nodes, annotations, preferences, imports and "
	  "signals.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --json           one JSON object\n"
	  "  -h, --help       show this help\n" },
	{ "index", cmd_index,
	  "canopy index [--db F]",
	  "Finish the full-text index that search uses, if an import was "
	  "stopped before it.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "An import commits the tree first, so it can be browsed at once, and\n"
	  "indexes its text after. One killed in between leaves the index\n"
	  "behind: search then says \"text index still being built\". The\n"
	  "next import, or this command, finishes it.\n" },
	{ "formats", cmd_formats,
	  "canopy formats",
	  "List the import formats with a description and an example file "
	  "name.",
	  "Options:\n"
	  "  -h, --help       show this help\n" },
	{ "tui", cmd_tui,
	  "canopy tui [--db F] [--author A] [ADDRESS]",
	  "Open the interface (also: canopy with no command).",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --author A       whose labels the keys write (else $CANOPY_AUTHOR,\n"
	  "                   else the login name)\n"
	  "  --replay KEYS --timings OUT [--size ROWSxCOLS]\n"
	  "                   benchmark mode: run headless on the key script\n"
	  "                   KEYS and write per-key timings to OUT\n"
	  "\n"
	  "ADDRESS is TRACE/NODE or a trace id: the tree opens there. Press H\n"
	  "or F1 inside for the keys; the config file is\n"
	  "$XDG_CONFIG_HOME/canopy/config (docs/tui.md, docs/tui-config.md).\n" },
	{ "demo", cmd_demo_tui,
	  "canopy demo [--db F]",
	  "Build the demo database once (from the shipped demo files), then "
	  "open it (printed when not on a terminal).",
	  "Options:\n"
	  "  --db F           the demo database to build or open (default:\n"
	  "                   $XDG_DATA_HOME/canopy/demo.db, or\n"
	  "                   ~/.local/share/canopy/demo.db)\n"
	  "  -h, --help       show this help\n" },
	{ "models", cmd_models,
	  "canopy models [--config F] [--json] "
	  "[--kind K --base-url URL [--model M] [--api-key-env VAR]]",
	  "List the model endpoints of models.conf and check each one.",
	  "Options:\n"
	  "  --config F       the config file (else\n"
	  "                   $XDG_CONFIG_HOME/canopy/models.conf)\n"
	  "  --kind K ...     check one ad-hoc endpoint instead: K is\n"
	  "                   openai-chat, openai-completions, llamacpp,\n"
	  "                   ollama, vllm-pooling, vllm-classify or\n"
	  "                   http-reward\n"
	  "  --json           one JSON object per endpoint\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "Each endpoint gets a verdict: ok (reachable, model served),\n"
	  "missing (reachable, model not served), unreachable, denied (401,\n"
	  "403), nokey (its api_key_env is not set) or error, and a reason.\n"
	  "Exits 1 unless every verdict is ok. See docs/models.md.\n" },
	{ "rerun", cmd_rerun,
	  "canopy rerun [--db F] ADDRESS (--endpoint E | --kind K "
	  "--base-url URL [--model M] [--api-key-env VAR]) [-n K] "
	  "[--mode step|full] [--temperature T] [--dry-run]",
	  "Ask a live model to continue the path to a node; store the "
	  "answers as its children.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --endpoint E     an endpoint of models.conf (--config F)\n"
	  "  --kind K ...     or an ad-hoc endpoint (see canopy models)\n"
	  "  -n K             K answers (native n, or K parallel requests)\n"
	  "  --mode M         step: stop at the step separator (default);\n"
	  "                   full: the whole rest of the solution\n"
	  "  --temperature T  instead of the endpoint's\n"
	  "  --dry-run        print the request instead of sending it\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "The prompt is the problem and the steps from the root to ADDRESS,\n"
	  "rendered by the endpoint's template. Answers stream to stdout and\n"
	  "are stored as children with origin rerun; one that broke off is\n"
	  "stored marked truncated, one where nothing arrived is dropped.\n"
	  "Every request is recorded in model_calls (without the key).\n"
	  "Exits 1 if any answer did not complete. See docs/models.md.\n" },
	{ "score", cmd_score,
	  "canopy score [--db F] --scorer S (--trace T | --all) [--resume] "
	  "[-j N] [--name SIGNAL]",
	  "Score every root-to-leaf path with a reward model; store the "
	  "scores as a signal.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --scorer S       a scorer of models.conf (--config F)\n"
	  "  --trace T        the paths of trace T; --all: of every trace\n"
	  "  --resume         skip paths whose leaf has the signal already\n"
	  "  -j N             requests in flight at once (default 4)\n"
	  "  --name SIGNAL    the signal (default: the scorer's name)\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "A PRM (vllm-pooling) scores every step of each path; a reward\n"
	  "model (vllm-classify, http-reward) scores each leaf. Each answer\n"
	  "is committed at once: Ctrl-C stops and keeps what was scored.\n"
	  "Exits 1 if any path failed. See docs/models.md.\n" },
	{ "annotate", cmd_annotate,
	  "canopy annotate [--db F] ADDRESS [--rating -1|0|1] [--first-error] "
	  "[--tag T]... [--note TEXT] [--clear] [--author A]",
	  "Label a node: a rating, the first error of its path, tags, a "
	  "note.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --rating R       -1 (bad), 0 (neutral) or 1 (good)\n"
	  "  --first-error    the first wrong step of its path: rated -1, and\n"
	  "                   the unrated steps above it rated +1 (ProcessBench)\n"
	  "  --tag T          add tag T (repeatable; no commas)\n"
	  "  --note TEXT      set the note (\"\" removes it)\n"
	  "  --clear          remove this author's label from the node\n"
	  "  --author A       whose label (else $CANOPY_AUTHOR, else the login\n"
	  "                   name)\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "ADDRESS is TRACE/NODE as canopy show prints it ('/' in an id is\n"
	  "%2F). Each author's labels are kept apart; the label is committed\n"
	  "when the command returns. Bad arguments write nothing.\n" },
	{ "prefer", cmd_prefer,
	  "canopy prefer [--db F] CHOSEN REJECTED [--note TEXT] [--author A]",
	  "Record that one node is better than another of the same parent.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --note TEXT      why\n"
	  "  --author A       whose preference (else $CANOPY_AUTHOR, else the\n"
	  "                   login name)\n"
	  "  -h, --help       show this help\n" },
	{ "annotations", cmd_annotations,
	  "canopy annotations [--db F] [--author A] [--json] | export | import",
	  "List labels and preferences, of every author or of one.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --author A       only A's (imported raters are authors too)\n"
	  "  --json           one JSON object per line, with a \"type\"\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "Lines are ADDRESS AUTHOR RATING [first-error] [tags=...]\n"
	  "[note=...], then CHOSEN > REJECTED AUTHOR [note=...].\n"
	  "\n"
	  "canopy annotations export [--author A] [--trace T] [-o FILE] and\n"
	  "canopy annotations import FILE [--author-as A] [--dry-run]\n"
	  "[--skip-missing] share one author's labels between copies of the\n"
	  "same traces (see their --help).\n" },
	{ "export", cmd_export,
	  "canopy export [--db F] --format NAME [--author A] [--trace T] "
	  "[-o FILE]",
	  "Write labels as training data (PRM800K, ProcessBench, "
	  "Math-Shepherd, TRL, DPO).",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  -f, --format NAME  prm800k, processbench, math-shepherd,\n"
	  "                   trl-stepwise, dpo-pairs or canopy-jsonl\n"
	  "  --author A       only the labels of author A\n"
	  "  --trace T        only trace T (its id, or #N)\n"
	  "  -o, --output FILE  write to FILE (else stdout)\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "A path ends at a labeled node with no labeled node below it.\n"
	  "Paths or pairs a format cannot hold are counted on stderr with\n"
	  "the first reason. See docs/export.md.\n" },
	{ "agreement", cmd_agreement,
	  "canopy agreement [--db F] [--trace T] [--json] [--disagreements]",
	  "Agreement between label authors: percent, Cohen's and Fleiss' "
	  "kappa.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --trace T        only trace T\n"
	  "  --json           one JSON object: per trace and overall\n"
	  "  --disagreements  the steps where authors disagree, with each\n"
	  "                   author's rating\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "Counts the steps rated (-1, 0, +1) by two authors or more; a\n"
	  "kappa is - (null) when undefined. See docs/export.md.\n" },
	{ "report", cmd_report,
	  "canopy report [--db F] ADDRESS [--format md|html] [-o FILE]",
	  "The path from the root to a node, with values, labels and notes.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  -f, --format F   md (default: to paste into an issue) or html\n"
	  "                   (one self-contained file, value curves in SVG)\n"
	  "  -o, --output FILE  write to FILE (else stdout)\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "Trace text is escaped for the format; controls are spelled out.\n"
	  "See docs/export.md.\n" },
	{ "derive", cmd_analysis,
	  "canopy derive [--db F] [--trace T] [--delta S]... [--diff A,B]...",
	  "Compute derived signals (mc, mc_hard, best_leaf, deltas, "
	  "differences).",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --trace T        only trace T (default: every trace)\n"
	  "  --delta S        also delta:S, each node's S minus its parent's\n"
	  "  --diff A,B       also A-B, signal A minus signal B on each node\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "Always derives mc (the share of a node's terminal descendants with\n"
	  "outcome 1, Math-Shepherd's soft estimate), mc_hard (1 if any\n"
	  "succeeds) and best_leaf (the highest reward of a leaf below).\n"
	  "They are stored as named signals, so every view, sort and export\n"
	  "sees them; deriving again replaces them. Imports do not derive\n"
	  "unless given --derive: run canopy derive after importing. See\n"
	  "docs/analysis.md.\n" },
	{ "calibrate", cmd_analysis,
	  "canopy calibrate [--db F] --signal S --against T [--by-depth] "
	  "[--bins N] [--trace T] [--json]",
	  "Calibration of a signal against outcome, mc or human ratings.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --signal S       the prediction (any signal)\n"
	  "  --against T      the truth: outcome, mc, rating (annotations'\n"
	  "                   ratings as 0..1) or any signal in 0..1\n"
	  "  --by-depth       also one table per depth\n"
	  "  --bins N         reliability bins (default 10)\n"
	  "  --trace T        only trace T (default: every trace)\n"
	  "  --json           one JSON object\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "Prints the reliability table (count, mean prediction, observed\n"
	  "rate), the Brier score and the AUROC (positives: truth > 0.5).\n"
	  "Predictions outside 0..1 are rescaled to 0..1 first, and the\n"
	  "output says so. See docs/analysis.md.\n" },
	{ "disagree", cmd_analysis,
	  "canopy disagree [--db F] A B [--trace T] [-n N] [--scale rank|norm] "
	  "[--json]",
	  "List the nodes where two signals disagree most.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --trace T        only trace T (default: every trace)\n"
	  "  -n N             the N worst (default 20)\n"
	  "  --scale rank     compare ranks among siblings (default)\n"
	  "  --scale norm     compare values min-max normalised per trace\n"
	  "  --json           one JSON object per node\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "The score is |A' - B'| with both signals on the chosen 0..1 scale.\n"
	  "See docs/analysis.md.\n" },
	{ "diff", cmd_diff,
	  "canopy diff [--db F] A B [--json]",
	  "Align two traces or subtrees by step text and show the "
	  "differences.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --json           a summary object, then one object per node\n"
	  "  -h, --help       show this help\n"
	  "\n"
	  "A and B are traces or addresses TRACE/NODE. Lines start with '-'\n"
	  "(only in A), '+' (only in B), '~' (a common signal differs) or a\n"
	  "space. See docs/analysis.md.\n" },
	{ "hist", cmd_analysis,
	  "canopy hist [--db F] S [--by-depth] [--bins N] [--trace T]",
	  "Histogram of a signal, overall and per depth.",
	  "Options:\n"
	  "  --db F           the database (else $CANOPY_DB, else ./canopy.db)\n"
	  "  --by-depth       also one histogram per depth (same bins)\n"
	  "  --bins N         bins over the signal's range (default 10)\n"
	  "  --trace T        only trace T (default: every trace)\n"
	  "  -h, --help       show this help\n" },
	{ "help", NULL,
	  "canopy help [COMMAND]",
	  "Show the help of canopy or of one command.",
	  "" },
	{ NULL, NULL, NULL, NULL, NULL }
};

static void
usage_all(FILE *f)
{
	const struct cli_cmd	*c;

	fprintf(f, "usage: canopy [--db F] COMMAND [OPTION...] [ARG...]\n"
	    "       canopy --help | --version\n\n"
	    "canopy: a terminal workbench for search trees and reward "
	    "scores.\n\nCommands:\n");
	for (c = cli_cmds; c->name != NULL; c++)
		fprintf(f, "  %-11s %s\n", c->name, c->summary);
	fprintf(f, "\nThe database is --db F, else $CANOPY_DB, else "
	    "./canopy.db.\n"
	    "Run 'canopy help COMMAND' or 'canopy COMMAND --help' for a "
	    "command's options.\n");
}

static void
tui_usage(FILE *f)
{
	fprintf(f, "usage: canopy tui [--db FILE] [--author A] [ADDRESS]\n"
	    "       canopy tui --db FILE --replay KEYS --timings OUT"
	    " [--size ROWSxCOLS] [ADDRESS]\n");
}

/* Opens the interface; errors go to stderr (curses is not active then). */
static int
tui_open(const struct tui_opts *o)
{
	char	*cause = NULL;
	int	 rc;

	rc = tui_run(o, &cause);
	if (rc < 0) {
		fprintf(stderr, "canopy tui: %s\n", cause != NULL ? cause :
		    "failed");
		if (access(o->db, F_OK) != 0)
			fprintf(stderr, "canopy tui: import traces first"
			    " (canopy import FILE), or try canopy demo\n");
		free(cause);
		return CLI_FAIL;
	}
	return rc;
}

/*
 * `canopy tui [--db F] [--replay KEYS --timings OUT [--size RxC]]
 * [ADDRESS]` (argv[0] is "tui").
 */
static int
cmd_tui(int argc, char **argv, const char *db)
{
	struct tui_opts	o;
	int		i;

	memset(&o, 0, sizeof o);
	o.db = cli_db_path(db);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			tui_usage(stdout);
			return CLI_OK;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			o.db = argv[++i];
		else if (strncmp(argv[i], "--db=", 5) == 0)
			o.db = argv[i] + 5;
		else if (strcmp(argv[i], "--replay") == 0 && i + 1 < argc)
			o.replay = argv[++i];
		else if (strcmp(argv[i], "--author") == 0 && i + 1 < argc)
			o.author = argv[++i];
		else if (strcmp(argv[i], "--timings") == 0 && i + 1 < argc)
			o.timings = argv[++i];
		else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
			if (sscanf(argv[++i], "%dx%d", &o.rows, &o.cols) != 2 ||
			    o.rows < 1 || o.cols < 1 || o.rows > 1000 ||
			    o.cols > 1000) {
				fprintf(stderr, "canopy tui: --size: expected"
				    " ROWSxCOLS, e.g. 24x80, not '%s'\n",
				    argv[i]);
				return CLI_USAGE;
			}
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "canopy tui: unknown option '%s'\n",
			    argv[i]);
			tui_usage(stderr);
			return CLI_USAGE;
		} else if (o.address == NULL)
			o.address = argv[i];
		else {
			fprintf(stderr, "canopy tui: unexpected argument"
			    " '%s'\n", argv[i]);
			tui_usage(stderr);
			return CLI_USAGE;
		}
	}
	if (o.db == NULL) {
		fprintf(stderr, "canopy tui: no database (use --db FILE)\n");
		return CLI_USAGE;
	}
	if (o.replay != NULL && o.timings == NULL) {
		fprintf(stderr, "canopy tui: --replay needs --timings OUT\n");
		return CLI_USAGE;
	}
	return tui_open(&o);
}

/* `canopy demo` on a terminal opens the interface on the demo database. */
static int
cmd_demo_tui(int argc, char **argv, const char *db)
{
	struct tui_opts	 o;
	char		*path = NULL, *cause = NULL;
	int		 i, rc;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return cmd_demo(argc, argv, db);
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			db = argv[++i];
		else if (strncmp(argv[i], "--db=", 5) == 0)
			db = argv[i] + 5;
		else
			return cmd_demo(argc, argv, db);
	}
	if (demo_open_path(db, &path, &cause) != 0)
		return cli_fail_cause("demo", cause, "failed");
	memset(&o, 0, sizeof o);
	o.db = path;
	rc = tui_open(&o);
	free(path);
	return rc;
}

static int
cmd_help(int argc, char **argv)
{
	const struct cli_cmd	*c;

	if (argc < 2) {
		usage_all(stdout);
		return CLI_OK;
	}
	if (argc > 2)
		return cli_usage_error(cli_cmd_find("help"),
		    "too many arguments");
	if ((c = cli_cmd_find(argv[1])) == NULL)
		return cli_usage_error(NULL, "unknown command '%s'", argv[1]);
	cli_help(c, stdout);
	return CLI_OK;
}

int
main(int argc, char **argv)
{
	const struct cli_cmd	*c;
	const char		*db = NULL, *a;
	int			 i;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		a = argv[i];
		if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			usage_all(stdout);
			return CLI_OK;
		}
		if (strcmp(a, "-V") == 0 || strcmp(a, "--version") == 0) {
			printf("canopy %s\n", PACKAGE_VERSION);
			return CLI_OK;
		}
		if (strcmp(a, "--db") == 0) {
			if (++i == argc)
				return cli_usage_error(NULL,
				    "option '--db' needs a file");
			db = argv[i];
		} else if (strncmp(a, "--db=", 5) == 0)
			db = a + 5;
		else
			return cli_usage_error(NULL, "unknown option '%s'", a);
	}
	if (i == argc) {
		/* No command: the interface, when there is a terminal. */
		if (isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
			return cmd_tui(1, argv + i - 1, db);
		usage_all(stderr);
		return CLI_USAGE;
	}
	if (strcmp(argv[i], "help") == 0)
		return cmd_help(argc - i, argv + i);
	if ((c = cli_cmd_find(argv[i])) == NULL)
		return cli_usage_error(NULL, "unknown command '%s'", argv[i]);
	return c->run(argc - i, argv + i, db);
}

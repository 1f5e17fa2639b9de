/*
 * canopy.h - the model: records that cross layers, the import sink contract,
 * and the declarations of src/ utilities. Includes no library headers.
 */
#ifndef CN_CANOPY_H
#define CN_CANOPY_H

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* An absent signal value. Inputs never carry NaN (importers reject it). */
#define CN_NOVAL	NAN
#define cn_hasval(v)	(!isnan(v))

/* An absent rating on an annotation. */
#define CN_NORATING	(-99)

/*
 * The common signals: columns of table `nodes`, cheap to write and to sort
 * by. Any other named signal goes to the side table `signals`.
 *	_(ENUM, name, what it measures)
 */
#define CN_SIGNALS(_)							\
	_(VISITS,	"visits",	"visit count N")			\
	_(Q,		"q",		"mean value Q")				\
	_(PRIOR,	"prior",	"policy prior P")			\
	_(REWARD,	"reward",	"reward (native scale)")		\
	_(VALUE,	"value",	"value-model estimate")			\
	_(OUTCOME,	"outcome",	"final answer correct (1) or not (0)")

enum cn_sig {
#define CN_SIG_ENUM(e, n, h) CN_SIG_##e,
	CN_SIGNALS(CN_SIG_ENUM)
#undef CN_SIG_ENUM
	CN_SIG_COUNT
};

/*
 * The name and help columns of any _(ENUM, "name", "help") table
 * (CN_SIGNALS, THEME_ROLES, ACTIONS...), for building its string arrays.
 */
#define CN_X_NAME(e, n, h)	n,
#define CN_X_HELP(e, n, h)	h,

extern const char *const cn_sig_names[CN_SIG_COUNT];	/* util.c */
extern const char *const cn_sig_help[CN_SIG_COUNT];	/* util.c */

/* util.c: the index of name in names[n], or -1. */
int	 cn_name_index(const char *const *names, int n, const char *name);
/*
 * util.c: the entry called name in a table of size-byte structs whose first
 * member is the name, ended by a NULL name (commands, formats); or NULL.
 */
const void *cn_table_find(const void *table, size_t size, const char *name);

/* Index of a common signal by name, or -1. */
int	 cn_sig_lookup(const char *name);

/* A named signal that is not one of the common ones. */
struct cn_signal {
	const char	*name;		/* e.g. "prm:qwen2.5-math-7b" */
	double		 value;
};

/*
 * One search trace: a tree with a single root. Rows of table `traces`.
 * On the import path the strings are borrowed; records returned by the
 * store own them and are released with cn_trace_clear().
 */
struct cn_trace {
	int64_t		 id;		/* 0 until stored */
	const char	*ext_id;	/* the source's id; unique per database */
	const char	*format;	/* importer name, e.g. "prm800k" */
	const char	*source;	/* file it came from, or NULL */
	const char	*problem;	/* problem or prompt text, or NULL */
	const char	*ground_truth;	/* or NULL */
	const char	*extra;		/* JSON object of unmapped fields, or NULL */
	/* Filled by the store on reads. */
	int64_t		 root_id;
	int64_t		 node_count;
	int		 max_depth;
	int64_t		 annotation_count;
	double		 best_reward;	/* max reward in the trace, or CN_NOVAL */
	double		 best_q;
	double		 outcome;	/* mean outcome over nodes that have one */
};
/*
 * The strings an owned record holds, one list per struct: the _clear
 * function frees and the _copy function duplicates exactly these, so a new
 * string field is one entry here.
 */
#define CN_TRACE_STRINGS(_)						\
	_(ext_id) _(format) _(source) _(problem) _(ground_truth) _(extra)
void	 cn_trace_clear(struct cn_trace *);
/* An owned deep copy of t (borrowed or owned) into dst; cn_trace_clear it. */
void	 cn_trace_copy(struct cn_trace *dst, const struct cn_trace *t);

/*
 * One step, action or position. Rows of table `nodes`.
 * Import path: ext_id and parent_ext name nodes within their trace; id,
 * trace_id, parent_id, depth, ordinal and the subtree summary are computed
 * by the store. Read path: every field is filled, strings are owned.
 */
struct cn_node {
	int64_t		 id;		/* database id, 0 on import */
	int64_t		 trace_id;
	int64_t		 parent_id;	/* 0 for the root */
	const char	*ext_id;	/* source's node id, unique in its trace */
	const char	*parent_ext;	/* import: parent's ext_id, NULL = root */
	int64_t		 src_line;	/* import: input line, for messages */
	int		 src_col;	/* import: column of its id, 0 unknown */
	int		 ordinal;	/* 0-based position among siblings */
	int		 depth;		/* root = 0 */
	const char	*role;		/* root|step|action|alternative|human|... */
	const char	*text;
	const char	*observation;	/* tool or environment output, or NULL */
	int		 terminal;
	int		 chosen;	/* on the path the source selected */
	const char	*origin;	/* "imported" or "rerun"; NULL = imported */
	double		 sig[CN_SIG_COUNT];	/* CN_NOVAL when absent */
	const struct cn_signal *more;	/* other signals */
	size_t		 nmore;
	const char	*extra;		/* JSON object of unmapped fields, or NULL */
	/* Read path only: precomputed at import, never scanned at run time. */
	int64_t		 child_count;
	int64_t		 subtree_size;	/* nodes in the subtree, itself included */
	int64_t		 leaf_count;
	int64_t		 ok_leaves;	/* leaves with outcome 1 */
	int64_t		 outcome_leaves; /* leaves with any outcome */
	double		 best_leaf_reward; /* or CN_NOVAL */
	int64_t		 annotation_count;
};
/* Sets every field to "absent" (signals CN_NOVAL, strings NULL). */
void	 cn_node_init(struct cn_node *);
#define CN_NODE_STRINGS(_)						\
	_(ext_id) _(parent_ext) _(role) _(text) _(observation) _(origin)	\
	_(extra)
/* Frees the strings (and more[]) of an owned node; NULL-safe. */
void	 cn_node_clear(struct cn_node *);
/* An owned deep copy of n, more[] included, into dst; cn_node_clear it. */
void	 cn_node_copy(struct cn_node *dst, const struct cn_node *n);
/* n's entry of more[] called name, or NULL. */
const struct cn_signal *cn_node_more(const struct cn_node *n, const char *name);

/* A human or automatic judgement of one node. Rows of table `annotations`. */
struct cn_annotation {
	int64_t		 id;		/* 0 until stored */
	int64_t		 node_id;
	const char	*node_ext;	/* import: node's ext_id in current trace */
	const char	*author;	/* e.g. "prm800k:<labeler>", "processbench" */
	int		 rating;	/* -1, 0, +1, or CN_NORATING */
	int		 first_error;
	const char	*tags;		/* comma-separated, or NULL */
	const char	*note;		/* or NULL */
	int64_t		 created;	/* unix seconds, UTC */
	int64_t		 updated;
};
#define CN_ANNOTATION_STRINGS(_) _(node_ext) _(author) _(tags) _(note)
void	 cn_annotation_clear(struct cn_annotation *);
/* An owned deep copy of a into dst; cn_annotation_clear it. */
void	 cn_annotation_copy(struct cn_annotation *dst,
	    const struct cn_annotation *a);

/* A pairwise preference between two nodes. Rows of table `preferences`. */
struct cn_preference {
	int64_t		 id;
	int64_t		 chosen_id;
	int64_t		 rejected_id;
	const char	*author;
	const char	*note;
	int64_t		 created;
};

/*
 * One answer of a rerun, or a request that gave none: live/ makes them
 * (live_rerun_results), store/ keeps them (store_live_rerun_save) as a
 * child of the node rerun (when text is not NULL) and a model_calls row.
 */
struct cn_rerun_answer {
	int		 index;		/* 1..K; 0: a request refused whole */
	char		*text;		/* NULL: nothing came, no node */
	int		 terminal;	/* the model ended the solution */
	int		 truncated;	/* it did not complete */
	const char	*finish;	/* live_finish_name() */
	char		*extra;		/* JSON: endpoint, parameters, usage */
	const char	*endpoint;	/* borrowed from the endpoint */
	const char	*model;
	char		*request;	/* JSON body sent (no key in it) */
	char		*response;	/* what came back (capped) */
	const char	*status;	/* ok | truncated | error */
	char		*error;		/* or NULL */
	int64_t		 started;	/* unix seconds */
	double		 seconds;
	int64_t		 node_id;	/* set when stored, 0: no node */
};

/*
 * Status of a sink call. CN_BAD means "this record is rejected" (an unknown
 * node, a duplicate id): an importer running with --skip-bad counts it and
 * goes on. CN_FATAL means the import cannot continue (I/O, SQL).
 */
#define CN_OK		0
#define CN_BAD		1
#define CN_FATAL	(-1)

/*
 * Where an importer sends what it parses. The store provides the real sink
 * (store_import_begin); tests provide a recording one.
 *
 * Every record and string passed in is borrowed for the duration of the
 * call only: the sink copies what it keeps.
 *
 * Call order: trace() starts a trace, or resumes one started earlier in
 * the same import when only ext_id is set (other fields then update the
 * trace where non-NULL). node(), annotation() and score() apply to the
 * current trace. There is no "end": the store finalizes every trace (parent
 * resolution, depth, ordinals, subtree summaries) when the import ends.
 *
 *	node()		parent_ext may name a node that comes later in the
 *			same trace; a parent never given fails the import at
 *			the end with the child's ext_id and src_line.
 *	annotation()	node_ext must name a node already given.
 *	score()		attaches signal `name` to node `node_ext` of the
 *			current trace, which may come from an earlier import.
 *	score_path()	the same, naming the node by the texts of the steps
 *			below the root (texts[0] is a child of the root).
 *
 * Each returns CN_OK, CN_BAD (record rejected, *cause says why) or
 * CN_FATAL (*cause says why). cause may be NULL.
 */
struct imp_sink {
	int	(*trace)(void *arg, const struct cn_trace *, char **cause);
	int	(*node)(void *arg, const struct cn_node *, char **cause);
	int	(*annotation)(void *arg, const struct cn_annotation *,
		    char **cause);
	int	(*score)(void *arg, const char *node_ext, const char *name,
		    double value, char **cause);
	int	(*score_path)(void *arg, const char *const *texts,
		    size_t ntexts, const char *name, double value,
		    char **cause);
	void	 *arg;
};

/* util.c: memory. Allocation failure is fatal: these never return NULL. */
void	*xmalloc(size_t);
void	*xcalloc(size_t, size_t);
/* xcalloc for arrays of megabytes (huge pages); free() frees it. */
void	*xcalloc_big(size_t, size_t);
void	*xrealloc(void *, size_t);
void	*xreallocarray(void *, size_t, size_t);
/*
 * An array p of *cap elements of size, full: doubles *cap (or makes it
 * first) and returns the array reallocated to it.
 */
void	*xgrow(void *p, size_t *cap, size_t first, size_t size);
char	*xstrdup(const char *);
char	*xstrndup(const char *, size_t);
char	*xasprintf(const char *, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *, va_list) __attribute__((format(printf, 1, 0)));
/* Frees a string held through a const pointer (model records); NULL-safe. */
void	 xfree_const(const void *);
/* xstrdup that passes NULL through. */
char	*xstrdup_or_null(const char *);
/* Frees the n heap strings of v, then v. */
void	 xfree_strv(char **v, size_t n);

/* util.c: a growable byte buffer, always NUL-terminated. */
struct cn_buf {
	char	*s;
	size_t	 len;
	size_t	 cap;
};
void	 buf_init(struct cn_buf *);
void	 buf_free(struct cn_buf *);
void	 buf_reset(struct cn_buf *);
void	 buf_add(struct cn_buf *, const void *, size_t);
void	 buf_adds(struct cn_buf *, const char *);
void	 buf_addc(struct cn_buf *, char);
void	 buf_printf(struct cn_buf *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
/* Takes the string out of the buffer; the caller frees it. */
char	*buf_take(struct cn_buf *);

/* util.c: diagnostics. */
void	 log_open(const char *path);	/* -v: debug log file, or NULL */
void	 log_debug(const char *, ...) __attribute__((format(printf, 1, 2)));
/* Hook run before fatal() exits, e.g. to restore the terminal. */
void	 fatal_set_hook(void (*)(void));
void	 fatal(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));
void	 fatalx(const char *, ...) __attribute__((noreturn, format(printf, 1, 2)));

/*
 * "Cannot happen, but recover if it does" (sqlite's NEVER): asserts in
 * debug builds, evaluates to x in release builds.
 */
#ifdef NDEBUG
#define CN_NEVER(x)	(x)
#else
#include <assert.h>
#define CN_NEVER(x)	(assert(!(x)), (x))
#endif

/* util.c: a word of a config line (themes, keys, settings). */
struct cn_word {
	char		 s[1024];	/* cut to fit; len says how long */
	size_t		 len;
	int		 col;		/* 1-based column where it starts */
};
/*
 * Splits line into at most max words at blanks, stopping at a word that
 * starts with '#'. Returns the word count; a word past max sets *extra to
 * its column (else 0).
 */
size_t	 cn_split_words(const char *line, struct cn_word *w, size_t max,
	    int *extra);

/* util.c: "now" in unix seconds; CANOPY_NOW pins it for tests. */
int64_t	 cn_now(void);
/*
 * util.c: seconds on a clock that never goes back (CLOCK_MONOTONIC), for
 * timing; never pinned, unlike cn_now().
 */
double	 cn_clock(void);

/*
 * util.c: calls fn(arg, line, lineno) on each line of text: line is a
 * copy without its newline that fn borrows, lineno counts from 1, a last
 * line without a newline counts and an empty text has no line. For
 * parsers of config-like files that read on past a bad line.
 */
void	 cn_each_line(const char *text,
	    void (*fn)(void *arg, const char *line, int lineno), void *arg);

/*
 * util.c: sets *cause (unless cause is NULL) to "file:line:col: what",
 * what being printf(fmt, ...) and file NULL reading as dflt. Returns -1,
 * for `return cn_line_error(...)` in parsers of config-like files.
 */
int	 cn_line_error(char **cause, const char *file, const char *dflt,
	    int lineno, int col, const char *fmt, ...)
	    __attribute__((format(printf, 6, 7)));

/* Marks a switch case that goes on into the next (gcc and clang). */
#define CN_FALLTHROUGH	__attribute__((fallthrough))

/* sha256.c: SHA-256 of a file, as 64 hex digits into out[65]. */
int	 cn_sha256_file(const char *path, char out[65], char **cause);

/*
 * sha256.c: opens path as a stream that hashes what is read from it (NULL
 * and errno on failure); rewinding to 0 starts the hash again. Before
 * fclose, cn_sha256_end reads what is left and writes the file's hash.
 */
struct cn_sha256_stream;
FILE	*cn_sha256_open(const char *path, struct cn_sha256_stream **);
int	 cn_sha256_end(FILE *, struct cn_sha256_stream *, char out[65],
	    char **cause);

#endif /* CN_CANOPY_H */

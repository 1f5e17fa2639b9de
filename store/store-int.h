/*
 * store-int.h - what the files of store/ share: the connection handle and
 * the statement cache. Internal to store/; nothing outside includes it.
 */
#ifndef CN_STORE_INT_H
#define CN_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

#define STORE_STMT_MAX	96

struct store_imp;	/* store-import.c */

struct store {
	sqlite3		*db;
	char		*path;
	int		 readonly;
	int		 version;	/* schema version after migration */
	int		 stale;		/* read-only, and the schema is older */
	struct {
		const char	*sql;	/* identity: the static SQL string */
		sqlite3_stmt	*stmt;
	}		 stmts[STORE_STMT_MAX];
	int		 nstmts;
	struct store_imp *imp;		/* the import in progress, or NULL */
	const volatile sig_atomic_t *interrupt;	/* store_interrupt_on */
	store_notice_cb	 notice;
	void		*notice_arg;
	int		 noticed;	/* the notice was given */
	uint64_t	 open_max;	/* tests: open-trace node limit, 0 =
					   default (store-import.c) */
};

/*
 * Returns the cached prepared statement for sql (a static string: its
 * address is the cache key), reset and with bindings cleared; NULL with
 * *cause on error.
 */
sqlite3_stmt	*store_prepare(struct store *, const char *sql, char **cause);

/* Sets *cause to "what: <sqlite message>" and returns -1. */
int		 store_err(struct store *, const char *what, char **cause);
/*
 * Ends a lookup of one row: resets s, whose sqlite3_step returned rc.
 * Returns 1 for a row, 0 for none, -1 (cause: "what: ...") on error.
 */
int	 store_found(struct store *, sqlite3_stmt *s, int rc,
	    const char *what, char **cause);
/* Runs s, which returns no row: 0, or -1 (cause: "what: ...") on error. */
int	 store_step_done(struct store *, sqlite3_stmt *s, const char *what,
	    char **cause);
/*
 * Steps s (prepared and bound) to its end, handing each row to row until
 * it returns nonzero, which is returned. A failed step gives -1 and
 * "what: ..."; then s is finalized (finalize: prepared for this walk) or
 * reset (a cached statement).
 */
typedef int	(*store_row_cb)(sqlite3_stmt *, void *);
int	 store_rows_each(struct store *, sqlite3_stmt *, int finalize,
	    const char *what, store_row_cb, void *, char **cause);
/*
 * A walk's callback and its argument, as a row reader gets them: cb is
 * cast back to the walk's own callback type to be called.
 */
struct store_walk {
	void	(*cb)(void);
	void	*arg;
};
#define STORE_WALK(cb, arg)	{ (void (*)(void))(cb), (arg) }
/*
 * store-read.c: a walk of traces, a row callback: each row read into a
 * trace by from_row for cb.
 */
struct store_trace_walk {
	void		(*from_row)(sqlite3_stmt *, struct cn_trace *);
	store_trace_cb	 cb;
	void		*arg;
};
int	 store_trace_row(sqlite3_stmt *, void *);
/*
 * store-read.c: a trace in brief (no source, problem, ground truth or
 * extra) from columns 0-9 of a brief select or of TRACE_SELECT, its
 * strings copied (heap) or (copy 0) borrowed from the row.
 */
void	 store_trace_cols(sqlite3_stmt *, struct cn_trace *, int copy);
/* store_trace_cols(), copied. */
void	 store_trace_brief_from_row(sqlite3_stmt *, struct cn_trace *);
/*
 * store-browse.c: appends the row's (id, depth, child count) in columns
 * 0-2 to *v (*n of them, room for *cap) and returns it.
 */
struct store_anc *store_anc_push(sqlite3_stmt *, struct store_anc **v,
		    size_t *n, size_t *cap);
/*
 * Statements with their values: types has a letter for each of ?1, ?2,
 * ... and the arguments follow in that order: i int64_t, n int64_t (0
 * binds NULL: none), d int, t const char * (NULL binds NULL), v double
 * (CN_NOVAL binds NULL), f double, - no argument (the parameter stays
 * NULL). Each argument must have the C type its letter names.
 */
/* The cached statement for sql, bound; NULL with *cause on error. */
sqlite3_stmt	*store_stmt(struct store *, const char *sql, char **cause,
		    const char *types, ...);
/* Runs sql (cached, no result rows) as store_step_done() does. */
int		 store_run(struct store *, const char *sql, const char *what,
		    char **cause, const char *types, ...);
/*
 * A one-row lookup (cached): column 0 of the row into *out (NULL: only
 * whether there is a row), then as store_found(): 1 row, 0 none (*out
 * unchanged), -1 error.
 */
int		 store_one_int64(struct store *, const char *sql,
		    int64_t *out, const char *what, char **cause,
		    const char *types, ...);
/*
 * Walks sql's rows as store_rows_each() does: the cached statement, or
 * (cached 0) one prepared for this walk, so that row may use the store.
 */
#define STORE_CACHED	1
#define STORE_UNCACHED	0
int		 store_walk(struct store *, const char *sql, int cached,
		    const char *what, store_row_cb row, void *arg,
		    char **cause, const char *types, ...);
/*
 * Steps s (NULL: its prepare failed) for a row that must be there: 0,
 * the caller reads it and resets s; or -1, "what: ...", s reset.
 */
int		 store_step_row(struct store *, sqlite3_stmt *s,
		    const char *what, char **cause);
/*
 * Reads column 0 of s's rows (at most max) into *ids (heap, *n of them)
 * and resets s: 0, or -1 with "what: ..." (and no ids).
 */
int		 store_ids_read(struct store *, sqlite3_stmt *s, size_t max,
		    const char *what, int64_t **ids, size_t *n,
		    char **cause);
/* Runs sql (cached) with ?1 = id as store_step_done() does. */
int	 store_exec_id(struct store *, const char *sql, int64_t id,
	    const char *what, char **cause);

/*
 * store-chain.c: records the only-child runs of at least a few dozen
 * nodes of a finalized trace (children lists kd, depths and row ids by
 * dense index).
 */
struct skel_kids;
int	 store_chains_record(struct store *, const struct skel_kids *kd,
	    const int32_t *parent, const int32_t *depth, const int64_t *ids,
	    uint32_t n, char **cause);

/* Runs SQL without results (no bindings); 0 or -1 with *cause. */
int		 store_exec(struct store *, const char *sql, char **cause);

/* Binds a string or NULL. */
int		 store_bind_text(sqlite3_stmt *, int, const char *);
/* Binds a double, or NULL for CN_NOVAL. */
int		 store_bind_val(sqlite3_stmt *, int, double);
/* Column as a heap string (NULL for SQL NULL). */
char		*store_col_text(sqlite3_stmt *, int);
/* Column as a double (CN_NOVAL for SQL NULL). */
double		 store_col_val(sqlite3_stmt *, int);

/* Puts the file in WAL, waiting while another connection holds a lock. */
int		 store_journal_wal(struct store *, char **cause);

/* store-schema.c: migrate to the latest version inside a transaction. */
int		 store_schema_migrate(struct store *, char **cause);

/*
 * The node select: every column store_node_from_row() reads, with the
 * subtree summary (a leaf has no `subtrees` row: its summary follows from
 * its own signals). Append a WHERE/ORDER clause to it.
 */
#define STORE_NODE_SELECT						\
	STORE_NODE_COLS							\
	" FROM nodes n LEFT JOIN subtrees s ON s.node_id = n.id "
/* The columns of STORE_NODE_SELECT, for a read with its own FROM. */
#define STORE_NODE_COLS							\
	STORE_NODE_COLS_UNLABELLED ","					\
	" (SELECT count(*) FROM annotations a WHERE a.node_id = n.id)"
/* All but the label count: for reads that know there is no label. */
#define STORE_NODE_COLS_UNLABELLED					\
	"SELECT n.id, n.trace_id, n.parent_id, n.ext_id, n.ordinal,"	\
	" n.depth, n.role, n.text, n.observation, n.terminal, n.chosen,"\
	" n.origin, n.visits, n.q, n.prior, n.reward, n.value,"		\
	" n.outcome, n.extra, coalesce(s.child_count, 0),"		\
	" coalesce(s.size, 1), coalesce(s.leaves, 1),"			\
	" coalesce(s.ok_leaves, n.outcome IS 1),"			\
	" coalesce(s.outcome_leaves, n.outcome IS NOT NULL),"		\
	" CASE WHEN s.node_id IS NULL THEN n.reward"			\
	" ELSE s.best_leaf_reward END"

/*
 * Fills *n from the columns of the current row of a statement that starts
 * with STORE_NODE_SELECT (not its other signals): strings copied (heap,
 * for cn_node_clear) when copy is set, else borrowed from the row (valid
 * until the statement steps again; do not clear).
 */
void		 store_node_cols(sqlite3_stmt *, struct cn_node *, int copy);
/*
 * Fills *n (owned strings) from the current row of a statement that
 * starts with STORE_NODE_SELECT, and loads the node's other signals.
 */
int		 store_node_from_row(struct store *, sqlite3_stmt *,
		    struct cn_node *, char **cause);
/*
 * The parent of node (0 for a root) into *parent: 1, 0 (no such node,
 * *parent 0), or -1 with "what: ..." in *cause.
 */
int		 store_node_parent(struct store *, int64_t node,
		    int64_t *parent, const char *what, char **cause);
/*
 * A row callback for store_walk() over STORE_NODE_SELECT's columns: each
 * row as a node to cb until cb returns nonzero; *last (if not NULL) gets
 * each node's id.
 */
struct store_node_walk {
	struct store	*st;
	store_node_cb	 cb;
	void		*arg;
	int64_t		*last;
	char		**cause;
};
int		 store_node_row(sqlite3_stmt *, void *);

/*
 * The columns store_annotation_from_row() reads, in its order; a join
 * qualifies them with its own alias.
 */
#define STORE_ANNOTATION_COLS						\
	"id, node_id, author, rating, first_error, tags, note,"		\
	" created, updated"
#define STORE_ANNOTATION_COLS_A						\
	"a.id, a.node_id, a.author, a.rating, a.first_error, a.tags,"	\
	" a.note, a.created, a.updated"
/* Fills *a (owned strings) from columns c.. of STORE_ANNOTATION_COLS. */
void		 store_annotation_from_row(sqlite3_stmt *, int c,
		    struct cn_annotation *);

/*
 * store-label.c: writes l (present) as author's label on l->node_id: a
 * new row (id 0), over row id, or over author's first row on the node
 * (STORE_LABEL_PUT_FIRST). created 0 and updated 0 mean now.
 */
struct store_label;
#define STORE_LABEL_PUT_FIRST	(-1)
int		 store_label_put(struct store *, const char *author,
		    const struct store_label *l, int64_t id, int64_t updated,
		    char **cause);

/*
 * store-index.c: the text index's watermark (nodes up to it are in
 * nodes_fts, none above). A writer that changes the text of a node at or
 * below it must delete and reinsert the node's index row; above it, the
 * indexer will read the new text.
 */
int		 store_fts_watermark(struct store *, int64_t *, char **cause);
int		 store_fts_set_watermark(struct store *, int64_t,
		    char **cause);

/* store-import.c: drop an unfinished import (on close). */
void		 store_import_abort(struct store *);

#endif /* CN_STORE_INT_H */

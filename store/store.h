/*
 * store.h - the only persistence API. store/ is the only code that holds
 * SQL or includes <sqlite3.h>; everything else calls these verbs on model
 * records (src/canopy.h).
 *
 * Errors: fallible calls return 0 on success and -1 on failure, filling
 * *cause (when cause is not NULL) with a heap string the caller frees.
 */
#ifndef CN_STORE_H
#define CN_STORE_H

#include <signal.h>

#include "canopy.h"

struct store;

/* store_open flags. */
#define STORE_READONLY	0x1	/* open read-only, never migrate */

/*
 * Opens (creating if needed, unless STORE_READONLY) the database at path
 * and migrates its schema to the current version. Fails with a clear cause
 * when the file is not a canopy database, was written by a newer canopy,
 * or (read-only) is empty. A writer puts a file that an older canopy left
 * out of WAL back into WAL. A reader sees exactly the committed state:
 * when the folder is read-only and a -wal file exists that SQLite cannot
 * share (no usable -shm), it fails with a cause saying so instead of
 * reading a state that may be half-written.
 */
int	 store_open(struct store **, const char *path, int flags, char **cause);
/* Closes the database; NULL-safe. */
void	 store_close(struct store *);
/* Current schema version (PRAGMA user_version after migration). */
int	 store_schema_version(struct store *);
/* Schema version this build writes. */
int	 store_schema_latest(void);

/*
 * A counter that changes whenever another connection commits to the
 * database (PRAGMA data_version): poll it to refresh views.
 */
int64_t	 store_data_version(struct store *);

/*
 * Makes every query give up (with an "interrupted" error) once *flag is
 * non-zero, e.g. set by a SIGTERM handler: a long search must not keep a
 * quitting TUI alive. flag is borrowed for the life of the store.
 */
void	 store_interrupt_on(struct store *, const volatile sig_atomic_t *flag);

/*
 * Writers take turns: a call that needs the write lock while another
 * connection holds it waits, without a time limit, until it is free (or
 * until the store_interrupt_on flag is set). Readers never wait for a
 * writer: the file is always in WAL mode. After a quarter of a second of
 * waiting, cb is called once with "waiting for another import to finish
 * (<db>)..." for the caller to show; msg is borrowed for the call.
 */
typedef void (*store_notice_cb)(const char *msg, void *arg);
void	 store_notice_on(struct store *, store_notice_cb, void *arg);

/* ---- import (store-import.c) ---- */

/* What an import is about; strings are borrowed. */
struct store_import_meta {
	const char	*file;		/* display name */
	const char	*format;	/* importer name */
	const char	*sha256;	/* of the file, or NULL (stdin, or
					   given later: store_import_sha256) */
	int		 force;		/* import again even if sha256 is known */
	int		 live;		/* readers will watch it (--follow) */
	int64_t		 bytes;		/* size of the file, or 0 unknown */
};

/* Counts of what an import wrote, filled by store_import_end. */
struct store_import_counts {
	int64_t		 traces;
	int64_t		 nodes;		/* new nodes */
	int64_t		 updates;	/* later records of a node */
	int64_t		 signals;	/* signal values written */
	int64_t		 annotations;
	int64_t		 scores;	/* score() calls that matched */
	double		 tree_seconds;	/* from begin to the tree's commit */
	double		 index_seconds;	/* spent on the full-text index,
					   after that commit */
};

/*
 * Looks up a previous import of a file with this sha256. Returns 1 and
 * fills *when (unix seconds) and *name (heap; caller frees) if found,
 * 0 if not, -1 on error.
 */
int	 store_import_known(struct store *, const char *sha256,
	    int64_t *when, char **name, char **cause);

/*
 * Whether an earlier import may have read a file of this many bytes (one
 * of that size, or of a size not recorded): 1 yes, 0 no, -1 error. When
 * it says no, the file need not be hashed before its import.
 */
int	 store_import_size_known(struct store *, int64_t bytes, char **cause);

/* Records the file's sha256 once known (before store_import_end). */
void	 store_import_sha256(struct store *, const char *sha256);

/* store_import_begin and store_import_end: the file was imported before. */
#define STORE_IMPORT_KNOWN	1

/*
 * Starts an import: one transaction, no other writer until it ends (a
 * second writer waits its turn, see store_notice_on); readers go on
 * seeing the last commit. Fills *sink with the store's sink (see struct
 * imp_sink in canopy.h). Returns 0, -1 with *cause, or STORE_IMPORT_KNOWN
 * when meta->sha256 is that of an earlier import and not meta->force:
 * *cause is then "already imported on <when> as <file> (use --force to
 * import again)" and nothing was started.
 */
int	 store_import_begin(struct store *, const struct store_import_meta *,
	    struct imp_sink *sink, char **cause);

/*
 * Ends the import. With ok, finalizes every trace (resolves parents,
 * checks for cycles and missing parents, computes depth, ordinals and
 * subtree summaries), records the import and commits; a finalization
 * error rolls back and fails with "file:line:col: trace T: node N: ..."
 * (T and N as the file wrote them). If the file's sha256 (given at begin
 * or by store_import_sha256) is that of another import by then and not
 * meta->force, rolls back and returns STORE_IMPORT_KNOWN with the
 * message of store_import_begin: checked under the write lock, so of two
 * simultaneous imports of one file exactly one is kept. Without ok, rolls
 * back: the database is as it was before store_import_begin.
 */
int	 store_import_end(struct store *, int ok,
	    struct store_import_counts *, char **cause);

/*
 * Commits what an import has written so far and goes on in a new
 * transaction (import --follow): finalizes the traces touched so far.
 */
int	 store_import_checkpoint(struct store *, char **cause);

/* ---- the text index (store-index.c) ---- */

/*
 * An import commits the tree first and indexes its text after, in
 * transactions of at most 100k ids: nodes up to indexed_to are
 * searchable, the rest (up to last, the newest node) not yet.
 */
struct store_index_state {
	int64_t		 indexed_to;	/* the watermark */
	int64_t		 last;		/* max(nodes.id) */
	int		 skel_pending;	/* nodes_skel not built yet */
};
int	 store_index_state(struct store *, struct store_index_state *,
	    char **cause);
/* Percent of the nodes indexed (by id), 100 when complete. */
int	 store_index_percent(const struct store_index_state *);
/* 1 if every node of the trace is indexed, 0 if not, -1 and *cause. */
int	 store_index_trace_done(struct store *, int64_t trace, char **cause);
/*
 * Writes: indexes every node above the watermark, one transaction per
 * chunk, calling cb (may be NULL) after each with the new state; *done
 * (may be NULL) gets the ids indexed. Before that, builds the skeleton
 * index if a bulk load left it pending. Resumes what a killed import
 * left.
 */
typedef void (*store_index_cb)(const struct store_index_state *, void *);
int	 store_index_catch_up(struct store *, store_index_cb, void *arg,
	    int64_t *done, char **cause);

/* ---- reads (store-read.c) ---- */

/* Totals for `canopy stats`. */
struct store_stats {
	int64_t		 traces;
	int64_t		 nodes;
	int64_t		 annotations;
	int64_t		 preferences;
	int64_t		 imports;
	size_t		 nsignals;
	struct store_signal_count {
		char	*name;
		int64_t	 count;
	}		*signals;	/* every signal name with its count */
};
int	 store_stats_get(struct store *, struct store_stats *, char **cause);
void	 store_stats_free(struct store_stats *);

/*
 * Calls cb for every trace in id order; the record is borrowed for the
 * call. A non-zero return from cb stops the walk and is returned.
 */
typedef int (*store_trace_cb)(const struct cn_trace *, void *arg);
int	 store_traces_each(struct store *, store_trace_cb, void *arg,
	    char **cause);

/*
 * Finds a trace by its external id, or by its database id written as
 * "#<n>". Returns 1 found (fills *t, caller clears), 0 not found, -1 error.
 */
int	 store_trace_find(struct store *, const char *name, struct cn_trace *t,
	    char **cause);
/* Returns 1 and fills *t (caller clears), 0 if no such id, -1 on error. */
int	 store_trace_get(struct store *, int64_t id, struct cn_trace *t,
	    char **cause);

/* Returns 1 and fills *n (caller clears), 0 if no such node, -1 on error. */
int	 store_node_get(struct store *, int64_t id, struct cn_node *n,
	    char **cause);

/*
 * Addresses: "<trace id>/<node id>", each id with '%' written "%25" and
 * '/' written "%2F" (ids without either read as they are), so that an
 * address names one node. store_address_make returns the address of
 * trace/node (node NULL: of the trace alone) as a heap string.
 */
char	*store_address_make(const char *trace, const char *node);

/*
 * Resolves an address (or a bare trace id, meaning its root) to a node
 * id; takes the escaped form, and an older canopy's unescaped addresses
 * with more than one '/'. Returns 1 found, 0 not found, -1 error.
 */
int	 store_node_resolve(struct store *, const char *address, int64_t *id,
	    char **cause);

/* The address of node id (store_address_make; heap), NULL if no node. */
char	*store_node_address(struct store *, int64_t id);

/*
 * The children of parent, in ordinal order, from position offset, at most
 * limit of them (limit < 0: all). Calls cb with each borrowed node. A
 * non-zero return from cb stops the walk and is returned.
 */
typedef int (*store_node_cb)(const struct cn_node *, void *arg);
int	 store_children_each(struct store *, int64_t parent, int64_t offset,
	    int64_t limit, store_node_cb, void *arg, char **cause);

/*
 * The nodes of a trace in depth-first preorder (children in ordinal
 * order), down to max_depth (< 0: all). Streams: memory does not grow
 * with the trace. Used by `canopy show`.
 */
int	 store_preorder_each(struct store *, int64_t trace, int max_depth,
	    store_node_cb, void *arg, char **cause);

/*
 * The same walk below one node: the node itself, then its descendants
 * down to max_depth levels below it (< 0: all).
 */
int	 store_subtree_each(struct store *, int64_t node, int max_depth,
	    store_node_cb, void *arg, char **cause);

/* The annotations of a node, oldest first. */
typedef int (*store_annotation_cb)(const struct cn_annotation *, void *arg);
int	 store_annotations_each(struct store *, int64_t node,
	    store_annotation_cb, void *arg, char **cause);

/* ---- browsing for the TUI (store-browse.c) ---- */

/*
 * How siblings are ordered. sig is a CN_SIG_* index or -1; with -1, name
 * names a signal of the side table, and with neither the order is the
 * original one (ordinal). Signal orders are descending (best first) unless
 * asc; absent values come last; ties keep the original order.
 */
struct store_sort {
	int		 sig;
	const char	*name;		/* borrowed */
	int		 asc;
};
#define STORE_SORT_ORIGINAL(s)	((s) == NULL || ((s)->sig < 0 &&	\
	    (s)->name == NULL))

/*
 * The first (last != 0: the last) child of parent in order sort. Returns
 * 1 and fills *out (caller clears), 0 if parent has no children, -1 error.
 */
int	 store_child_edge(struct store *, int64_t parent,
	    const struct store_sort *, int last, struct cn_node *out,
	    char **cause);

/*
 * The sibling after (dir > 0) or before (dir < 0) node n in order sort,
 * found by keyset from n's own values (no scan of earlier siblings).
 * Returns 1 and fills *out (caller clears), 0 if none, -1 error.
 */
int	 store_sibling_step(struct store *, const struct cn_node *n,
	    const struct store_sort *, int dir, struct cn_node *out,
	    char **cause);

/*
 * The children of parent in order sort, from position offset, at most
 * limit (< 0: all); cb gets each borrowed node.
 */
int	 store_children_sorted_each(struct store *, int64_t parent,
	    const struct store_sort *, int64_t offset, int64_t limit,
	    store_node_cb, void *arg, char **cause);

/*
 * The ids of all the children of parent in order sort, into a heap array
 * *ids (caller frees) of *n. One sort of the sibling set: for a wide node
 * under a signal order, where stepping by keyset would sort it per step.
 */
int	 store_children_sorted_ids(struct store *, int64_t parent,
	    const struct store_sort *, int64_t **ids, size_t *n,
	    char **cause);

/* The ancestors of node, root first, without node itself. */
int	 store_ancestors_each(struct store *, int64_t node, store_node_cb,
	    void *arg, char **cause);

/*
 * The subtree of node in preorder (children by ordinal, then by id),
 * down to max_depth levels below it (< 0: all), each node borrowed: its
 * strings live until the callback returns. The callback's non-zero
 * return ends the walk and is returned. For `show` and exports of
 * million-node traces (store_subtree_each reads a node at a time): the
 * trace's skeleton is held in memory, ~25 bytes a node (no text), and the
 * rows are read in bulk (store-stream.c). A selection of 50,000 nodes or
 * more out of id order is read in one pass into an unlinked file in
 * $TMPDIR (about its text's size) and walked from there, holding 8,192
 * nodes' text at a time; an error writing it names the folder.
 */
int	 store_preorder_stream(struct store *, int64_t node, int max_depth,
	    store_node_cb, void *arg, char **cause);

/*
 * What the fold state needs of an ancestor. An entry with to > depth (from
 * store_ancestor_runs) stands for the nodes of the chain recorded under
 * id (store-chain.c) at depths depth..to, all of them ancestors, each
 * with children.
 */
struct store_anc {
	int64_t		 id;
	int		 depth;
	int		 to;
	int64_t		 child_count;
};

/*
 * The ancestors of node, root first, as keys only (*v: heap array the
 * caller frees). Cheaper than store_ancestors_each by a node read each.
 */
int	 store_ancestor_keys(struct store *, int64_t node,
	    struct store_anc **v, size_t *n, char **cause);

/*
 * store-chain.c: long only-child runs ("chains") recorded at import, so a
 * 100,000-step chain is crossed in a few reads. Each returns 1 (found), 0
 * (not recorded) or -1 with *cause.
 */
/* The chain node is recorded in (the one whose top is highest). */
int	 store_chain_of(struct store *, int64_t node, int64_t *top,
	    int *depth, int *top_depth, char **cause);
/* The node at depth in the chain recorded under top. */
int	 store_chain_at(struct store *, int64_t top, int depth,
	    int64_t *node, char **cause);
/* The depth of node in the chain recorded under top. */
int	 store_chain_depth(struct store *, int64_t top, int64_t node,
	    int *depth, char **cause);
/*
 * The deepest recorded node *end such that node down to it is still an
 * only-child run (node itself, at its depth, when it is not recorded).
 */
int	 store_chain_down(struct store *, int64_t node, int64_t *end,
	    int *end_depth, char **cause);
/*
 * As store_ancestor_keys, but each stretch of a recorded chain comes as
 * one entry (to > depth): a node 100,000 steps deep has a few entries.
 */
int	 store_ancestor_runs(struct store *, int64_t node,
	    struct store_anc **v, size_t *n, char **cause);

/*
 * The nearest max ancestors of node, farthest first, with only their id,
 * parent_id, ext_id and depth read; *more is 1 when there are others
 * above them. For the path shown of a node that may be 100,000 deep.
 */
int	 store_ancestors_near(struct store *, int64_t node, int max,
	    store_node_cb, void *arg, int *more, char **cause);

/*
 * The top of the only-child run node is in: up from node while the parent
 * has no other child (*top is node itself when it has siblings), and how
 * many levels that climbed.
 */
int	 store_chain_top(struct store *, int64_t node, int64_t *top,
	    int *steps, char **cause);

/*
 * The best path from node down (node first, then each best child as in
 * store_best_child), at most max steps below node: *n <= max + 1 ids.
 */
int	 store_best_path_ids(struct store *, int64_t from, int max,
	    int64_t **ids, size_t *n, char **cause);

/*
 * The child of parent with the most visits, then the highest q, then the
 * lowest ordinal. Returns 1 and fills *out (caller clears), 0, or -1.
 */
int	 store_best_child(struct store *, int64_t parent, struct cn_node *out,
	    char **cause);

/*
 * The names of the side-table signals present in a trace, sorted;
 * *names is a heap array of heap strings (free with store_names_free).
 */
int	 store_trace_signal_names(struct store *, int64_t trace, char ***names,
	    size_t *n, char **cause);
void	 store_names_free(char **names, size_t n);

/*
 * Full-text search over the step texts of a trace. query is the user's
 * words (not FTS syntax): every word must occur as a whole word; when that
 * matches nothing in the trace, the last word counts as a prefix.
 * store_search_step finds the matching node with the smallest id > from
 * (dir > 0) or the largest id < from (dir < 0): 1 and *id, 0 none, -1.
 * store_search_count counts the matches, stopping at 1001.
 */
int	 store_search_step(struct store *, int64_t trace, const char *query,
	    int64_t from, int dir, int64_t *id, char **cause);
int	 store_search_count(struct store *, int64_t trace, const char *query,
	    int64_t *count, char **cause);

/*
 * A page of traces for a list: those with id > after, in id order, at most
 * limit, without reading any trace's nodes beyond its root and the root's
 * children. Fills id, ext_id, format, root_id, node_count, max_depth,
 * best_reward (the best leaf reward from the root's subtree summary),
 * best_q (the highest q among the root's children) and outcome (the share
 * of leaves with outcome 1) and annotation_count (kept by triggers, as
 * store_trace_label_counts gives it); the other strings are NULL. The
 * record is borrowed for the call; a non-zero return from cb stops the
 * walk.
 */
int	 store_traces_brief_page(struct store *, int64_t after, int64_t limit,
	    store_trace_cb, void *arg, char **cause);

/*
 * The number of annotations of every trace that has some, in trace id
 * order, as the traces table keeps it (the same number as
 * annotation_count in every trace record). cb gets each (trace id, count).
 */
typedef int (*store_count_cb)(int64_t id, int64_t count, void *arg);
int	 store_trace_label_counts(struct store *, store_count_cb, void *arg,
	    char **cause);

/*
 * Tunes this connection for browsing: the page cache is capped at 16 MiB
 * so the TUI's memory stays flat whatever the database size.
 */
int	 store_browse_tune(struct store *, char **cause);

#endif /* CN_STORE_H */

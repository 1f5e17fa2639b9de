/*
 * store-imp.h - what the files of an import share: the state of the import
 * in progress and of each trace it has open. Internal to store/.
 *
 * The import is split in rooms: store-skel.c (pure skeleton: string map,
 * children, walk, totals), store-batch.c (rows held back and written in
 * batches), store-finalize.c (a trace's skeleton against the database:
 * load, finalize, evict), store-sink.c (the imp_sink the importers feed)
 * and store-import.c (begin, checkpoint, end: the lifecycle).
 */
#ifndef CN_STORE_IMP_H
#define CN_STORE_IMP_H

#include <time.h>

#include "store-int.h"
#include "store-skel.h"

#define OPEN_NODES_MAX	250000	/* then older traces are finalized */
#define OPEN_TRACES_MAX	256	/* rollout dumps hold many small traces */
#define PENDING		(-2)	/* parent named but not seen yet */
#define NOPARENT	(-1)	/* the root */

struct pending {
	int32_t		 seq;
	char		*parent_ext;
};

/* One trace being imported. */
struct imp_trace {
	int64_t		 id;		/* traces.id */
	char		*ext;		/* as stored (renamed on collision) */
	char		*given;		/* as written in the file */
	int		 loaded;	/* skeleton in memory */
	int		 dirty;		/* nodes added since last finalize */
	int		 finalized;	/* subtrees rows written at least once */
	int		 fresh;		/* created by this import */
	int		 rebest;	/* a node was updated: find the best
					   values again (store-upsert.c) */
	double		 best_reward;	/* of the nodes added, or CN_NOVAL */
	double		 best_q;
	uint32_t	 n, cap;
	int64_t		*ids;
	int32_t		*parent;	/* seq, NOPARENT or PENDING */
	int32_t		*depth;		/* as written to the row */
	int32_t		*ord;		/* ordinal as written to the row */
	int32_t		*nchild;	/* children seen with a known parent */
	int32_t		*line;		/* where the node's record is, 0 */
	int32_t		*col;		/* unknown (e.g. loaded back) */
	double		*reward;
	int8_t		*outcome;	/* -1 none, 0, 1 */
	struct smap	 map;		/* ext id -> seq */
	int32_t		 root;		/* seq, or -1 */
	struct pending	*pend;
	size_t		 npend, pendcap;
};
/* imp_trace's arrays of one entry a node, grown and freed together. */
#define IMP_TRACE_ARRAYS(_)						\
	_(ids) _(parent) _(depth) _(ord) _(nchild) _(line) _(col)	\
	_(reward) _(outcome)

/*
 * Nodes are written NODE_BATCH rows to an INSERT, their named signals
 * SIG_BATCH rows to one: one statement per row cost a third more (bench/,
 * 100k nodes: 0.53 s against 0.35 s). The import numbers the nodes itself,
 * so a row's id is known before it is written.
 */
#define NODE_BATCH	16
#define SIG_BATCH	32
#define NODE_NSTR	5		/* ext_id, role, text, observation, extra */
#define NOSTR		SIZE_MAX

struct brow {
	int64_t		 id, trace, parent;	/* parent 0: none yet */
	int		 ord, depth, terminal, chosen, origin;
	double		 sig[CN_SIG_COUNT];
	size_t		 str[NODE_NSTR];	/* offsets in bstr, or NOSTR */
};

struct srow {
	int64_t		 node, name;
	double		 v;
};

struct store_imp {
	int64_t		 import_id;
	struct timespec	 t0;
	char		*sha256;	/* given at the end, or NULL */
	struct imp_trace **traces;
	size_t		 ntraces, tcap;
	struct smap	 tmap;		/* requested ext id -> traces[] index */
	struct imp_trace *cur;
	uint64_t	 open_nodes;
	uint64_t	 open_max;	/* evict above this many open nodes */
	size_t		 open_traces;	/* traces with a skeleton in memory */
	struct store_import_counts counts;
	int64_t		 fts_done;	/* the text index's watermark, read
					   when the transaction began */
	int		 force;		/* import even if the sha256 is known */
	int		 live;		/* --follow: commits as it goes */
	int		 in_txn;	/* between a checkpoint and the next
					   record, the write lock is free */
	const char	*format;
	char		*file;
	/* signal name -> signal_names.id, cached */
	struct smap	 sigmap;
	int64_t		*sigids;
	/* rows not yet written: see imp_flush */
	int64_t		 next_id;	/* id of the next node */
	struct brow	 rows[NODE_BATCH];
	int		 nrows;
	char		*bstr;		/* the rows' strings */
	size_t		 blen, bcap;
	struct srow	*srows;		/* their named signals */
	size_t		 nsrows, srcap;
	/* the WAL's pages, handed to the kernel as they come: see imp_flush */
	int		 wal_fd;	/* read-only, or -1 */
	unsigned	 flushes;
};

/* store-batch.c */
size_t	 imp_brow_str(struct store_imp *, const char *);
int	 imp_flush(struct store *, char **cause);
void	 imp_wal_open(struct store *);

/* store-index.c: drops nodes_skel if the nodes table is empty. */
int	 store_skel_defer(struct store *, char **cause);

/* store-schema.c: nodes_skel's definition, built again after a bulk load. */
extern const char schema_speed[];

/* store-finalize.c */
int	 trace_grow(struct imp_trace *, char **cause);
void	 trace_unload(struct store_imp *, struct imp_trace *);
void	 trace_free(struct store_imp *, struct imp_trace *);
int	 trace_load(struct store *, struct imp_trace *, char **cause);
int	 trace_finalize(struct store *, struct imp_trace *, int final,
	    char **cause);
int	 imp_evict(struct store *, char **cause);

/* store-sink.c */
int	 imp_signal_put(struct store *, int64_t node, const char *name,
	    double, char **cause);
int	 nodes_max_id(struct store *, int64_t *max, char **cause);
int	 imp_ids(struct store *, char **cause);
int	 imp_txn(struct store *, char **cause);
void	 imp_sink_fill(struct store *, struct imp_sink *);

/*
 * store-upsert.c: a later record for node seq of t, already imported.
 * Returns CN_OK, CN_BAD (a different parent; *cause says so) or CN_FATAL.
 */
int	 imp_node_update(struct store *, struct imp_trace *, uint32_t seq,
	    const struct cn_node *, char **cause);
/* After an update, sets the trace's best values from its nodes. */
int	 imp_trace_rebest(struct store *, struct imp_trace *, char **cause);

#endif /* CN_STORE_IMP_H */

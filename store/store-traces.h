/*
 * store-traces.h - the list of traces as keyset reads: any sort column,
 * a filter over id, format and problem text, a window of rows read from a
 * position, counts taken a slice of ids at a time. Nothing here reads more
 * rows than asked for (the filter aside: see enum store_tset), so a list of
 * a million traces browses in constant memory.
 */
#ifndef CN_STORE_TRACES_H
#define CN_STORE_TRACES_H

#include "canopy.h"
#include "store.h"

/* The sort columns, as the traces list shows them. */
enum store_tcol {
	STORE_TCOL_ID,		/* ext_id (byte order) */
	STORE_TCOL_FORMAT,
	STORE_TCOL_NODES,
	STORE_TCOL_DEPTH,
	STORE_TCOL_REWARD,	/* best_reward; absent sorts as +infinity */
	STORE_TCOL_Q,		/* best_q; likewise */
	STORE_TCOL_OUTCOME,	/* share of leaves with outcome 1; likewise */
	STORE_TCOL_LABELS,	/* annotation_count */
	STORE_TCOL_COUNT
};

/*
 * How reads find the filter's rows. A filter of 3 or more characters has
 * candidates in the trigram index (schema_tfilter); when they are few
 * (<= STORE_TSET_SCAN_MAX) a read sorts them all, when there are more
 * (<= STORE_TSET_WALK_MAX) it walks the sort index testing ids against
 * them, and beyond that (>= 3% of a million: dense) or without candidates
 * it walks the sort index testing each row. Each costs at most a few
 * thousand rows per screen at a million traces.
 */
enum store_tset {
	STORE_TSET_NONE,	/* walk the sort index, LIKE on each row */
	STORE_TSET_WALK,	/* walk it, probing the candidate set first */
	STORE_TSET_SCAN,	/* read the candidate set whole and sort it */
	STORE_TSET_COUNT
};
#define STORE_TSET_SCAN_MAX	2048
#define STORE_TSET_WALK_MAX	32768

/* An order and a filter. */
struct store_tlist {
	int		 col;		/* enum store_tcol */
	int		 desc;		/* biggest first; ties by id, reversed */
	const char	*filter;	/* substring (ASCII case ignored) of id,
					   format or problem; NULL or "": all */
	int		 set;		/* enum store_tset: store_tlist_filter */
};

/*
 * Gathers the candidates of q's filter into the connection's candidate set
 * (one per store: the last call's) and sets q->set to the cheapest way to
 * read them; *ncand is their number, -1 when q->set is STORE_TSET_NONE.
 * Call it again when the filter or the database changes (not the order).
 */
int	 store_tlist_filter(struct store *, struct store_tlist *,
	    int64_t *ncand, char **cause);

/* A position in a list: the sort key of a trace and its id. */
struct store_tkey {
	int64_t		 id;
	int		 type;		/* SQLITE_INTEGER, _FLOAT, _TEXT, _NULL */
	int64_t		 i;
	double		 d;
	char		*s;		/* owned */
};
void	 store_tkey_clear(struct store_tkey *);		/* NULL-safe */
void	 store_tkey_copy(struct store_tkey *, const struct store_tkey *);

/*
 * One trace as the list shows it: the brief fields of
 * store_traces_brief_page plus problem, and its key in the order. Both are
 * borrowed for the call; a non-zero return stops the read.
 */
typedef int (*store_tlist_cb)(const struct cn_trace *,
	    const struct store_tkey *, void *arg);

/*
 * Reads at most limit traces after from (dir > 0) or before it (dir < 0)
 * in the list's order, nearest first. from NULL: from the first (dir > 0)
 * or the last (dir < 0) trace.
 */
int	 store_tlist_read(struct store *, const struct store_tlist *,
	    const struct store_tkey *from, int dir, int64_t limit,
	    store_tlist_cb, void *arg, char **cause);

/*
 * Trace id as the list would show it (the filter is not applied): 1 and a
 * call of cb, 0 when there is no such trace, -1.
 */
int	 store_tlist_get(struct store *, const struct store_tlist *,
	    int64_t id, store_tlist_cb, void *arg, char **cause);

/* Whether trace id passes the list's filter: 1, 0, or -1. */
int	 store_tlist_matches(struct store *, const struct store_tlist *,
	    int64_t id, char **cause);

/*
 * Counts one slice of the list: the traces with after < id <= upto: *all
 * of them, *match those that pass the filter, *before those of them that
 * come before at in the order (at NULL: none).
 */
int	 store_tlist_count(struct store *, const struct store_tlist *,
	    const struct store_tkey *at, int64_t after, int64_t upto,
	    int64_t *all, int64_t *match, int64_t *before, char **cause);

/* The largest trace id (0 when there is none). */
int	 store_traces_max_id(struct store *, int64_t *, char **cause);

/*
 * Sets traces.leaf_outcome of trace id from its root's subtree summary
 * (what the list shows and sorts by as "outcome"); the import calls it
 * when it finalizes a trace.
 */
int	 store_traces_outcome(struct store *, int64_t id, char **cause);

#endif /* CN_STORE_TRACES_H */

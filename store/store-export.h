/*
 * store-export.h - the reads that exports, agreement and reports need:
 * every label (annotation) and preference with where it sits, and the
 * light rows of a trace's nodes, streamed in one query each.
 */
#ifndef CN_STORE_EXPORT_H
#define CN_STORE_EXPORT_H

#include "store.h"
#include "store-label.h"	/* the one struct store_label */

/*
 * An annotation with its node's place. Strings are borrowed for the call
 * of the callback only.
 */
struct store_label_row {
	int64_t		 trace_id;
	int64_t		 node_id;
	int64_t		 parent_id;	/* 0 for a root */
	int		 depth;
	const char	*author;
	int		 rating;	/* -1, 0, 1 or CN_NORATING */
	int		 first_error;
	const char	*tags;		/* comma-separated, or NULL */
	const char	*note;		/* or NULL */
	int64_t		 created;
	int64_t		 updated;
};
typedef int (*store_label_row_cb)(const struct store_label_row *,
	    void *arg);

/*
 * Calls cb for every annotation by author (NULL: any) in trace (0: any),
 * ordered by trace, node, then creation. A non-zero return from cb stops
 * the walk and is returned.
 */
int	 store_labels_each(struct store *, const char *author, int64_t trace,
	    store_label_row_cb, void *arg, char **cause);

/* A preference with its nodes' parent; strings borrowed for the call. */
struct store_pref_row {
	int64_t		 trace_id;	/* of the chosen node */
	int64_t		 chosen_id;
	int64_t		 rejected_id;
	int64_t		 parent_id;	/* the chosen node's parent, 0 root */
	const char	*author;
	const char	*note;		/* or NULL */
	int64_t		 created;
};
typedef int (*store_pref_row_cb)(const struct store_pref_row *,
	    void *arg);

/*
 * Calls cb for every preference by author (NULL: any) whose chosen node
 * is in trace (0: any), ordered by trace, then id.
 */
int	 store_prefs_each(struct store *, const char *author, int64_t trace,
	    store_pref_row_cb, void *arg, char **cause);

/*
 * A node without its signals or summary, for walking paths cheaply.
 * Strings are borrowed for the call of the callback only.
 */
struct store_node_brief {
	int64_t		 id;
	int64_t		 parent_id;	/* 0 for the root */
	int		 depth;
	int		 ordinal;
	int		 chosen;
	int		 terminal;
	const char	*ext_id;
	const char	*role;
	const char	*text;		/* or NULL */
	double		 sig[CN_SIG_COUNT];	/* CN_NOVAL when absent */
};
typedef int (*store_brief_cb)(const struct store_node_brief *, void *arg);

/* Calls cb for every node of trace in id order. */
int	 store_trace_briefs_each(struct store *, int64_t trace,
	    store_brief_cb, void *arg, char **cause);

#endif /* CN_STORE_EXPORT_H */

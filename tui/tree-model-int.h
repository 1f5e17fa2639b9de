/*
 * tree-model-int.h - what tree-model.c (the window: walking rows, paging,
 * moving) and tree-fold.c (the fold state: expand, collapse, depth, best
 * path) share. Internal to the tree model.
 */
#ifndef CN_TREE_MODEL_INT_H
#define CN_TREE_MODEL_INT_H

#include "tree-model.h"

/* A set of node ids (ids are > 0; 0 marks an empty slot). */
struct idset {
	int64_t		*v;
	size_t		 cap;		/* power of two, or 0 */
	size_t		 n;
};

/*
 * Under a signal order, stepping through siblings by keyset sorts the
 * whole sibling set per step; above TM_WIDE children the model sorts once
 * and keeps the ids (8 bytes a child) for a few parents instead.
 */
#define TM_WIDE		64
#define TM_SORTED_SLOTS	2
#define TM_NARROW_MEMO	8

struct sorted_kids {
	int64_t		 parent;	/* 0: slot free */
	int64_t		*ids;
	size_t		 n;
	size_t		 hint;		/* where the last lookup found a node */
	unsigned long	 used;
};

/*
 * A best path longer than TM_BEST_STEP steps is opened that many steps at
 * a time, as the window reaches its pending end (bp_tip), so opening a
 * 100,000-step chain reads a screenful, not the chain.
 */
#define TM_BEST_STEP	256

/*
 * Climbing out of a subtree to the next row: this many levels one query
 * each, then each only-child run in one statement (store_chain_top),
 * whose answers are kept for a few start nodes.
 */
#define TM_CLIMB_DIRECT	8
#define TM_CLIMB_MEMO	4

struct climb_memo {
	int64_t		 from;		/* 0: slot free */
	int64_t		 top;
};

/*
 * Stretches of a recorded chain (store-chain.c) opened at once: goto a
 * node 50,000 steps down, or the best path along a chain, opens the
 * nodes of top's chain at depths from..to without naming each of them.
 */
struct tm_span {
	int64_t		 top;
	int		 from, to;
};

/* A chain this much longer than a best-path step is opened in one go. */
#define TM_RUN_MIN	16

struct tree_model {
	struct store	*st;
	int64_t		 trace;
	int64_t		 root;
	int		 height;

	struct tm_row	*rows;		/* the window, in visible order */
	int		 nrows;
	int		 cur;		/* cursor index in rows */

	struct store_sort sort;
	char		*sort_name;	/* owned copy of sort.name */

	struct idset	 open;		/* expanded by the user */
	struct idset	 closed;	/* collapsed by the user */
	struct idset	 all;		/* "expand all below" */
	int		 expand_depth;	/* depth < this: expanded */

	struct sorted_kids sorted[TM_SORTED_SLOTS];
	int64_t		 narrow[TM_NARROW_MEMO]; /* known narrow parents */
	unsigned	 narrow_next;
	unsigned long	 tick;

	struct tm_span	*spans;		/* opened stretches of chains */
	size_t		 nspans;

	int64_t		 bp_tip;	/* best path open down to here, or 0 */
	struct climb_memo climb[TM_CLIMB_MEMO];
	unsigned	 climb_next;
};

/* tree-fold.c: sets of node ids. */
int	 idset_has(const struct idset *, int64_t id);
void	 idset_add(struct idset *, int64_t id);
void	 idset_del(struct idset *, int64_t id);
void	 idset_clear(struct idset *);
/*
 * Makes every ancestor of id expanded (without touching id itself); *anc
 * (if not NULL) gets whether one of them is under "expand all below".
 */
int	 tm_unfold_to(struct tree_model *, int64_t id, int *anc,
	    char **cause);
/* A node holding the keys of an ancestor, for tm_is_expanded. */
void	 tm_key_node(struct cn_node *, const struct store_anc *);
/* Opens the best path below bp_tip by up to TM_BEST_STEP more steps. */
int	 tm_best_grow(struct tree_model *, char **cause);
/* Grows the best path until bp_tip is not a strict ancestor in a[]. */
int	 tm_best_cover(struct tree_model *, const struct store_anc *a,
	    size_t n, char **cause);

/* tree-chain.c: crossing recorded chains. */
/* Whether node n (with children) is in an opened span. */
int	 tm_span_has(const struct tree_model *, const struct cn_node *n);
/*
 * Opens the nodes of top's chain at depths from..to: the user's folds
 * there are dropped, as tm_unfold_to does for each ancestor.
 */
int	 tm_span_open(struct tree_model *, int64_t top, int from, int to,
	    char **cause);
void	 tm_spans_clear(struct tree_model *);
/*
 * Over the nodes of an entry of store_ancestor_runs (all with children),
 * the first depth whose node is not expanded (a->to + 1: none) into
 * *stop, and the anc_all flag of that node into *anc (given anc, the
 * flag of the entry's first node).
 */
int	 tm_run_stop(struct tree_model *, const struct store_anc *a,
	    int *anc, int *stop, char **cause);
/* Whether node id is one of entry a's: 1, 0 or -1. */
int	 tm_run_has(struct tree_model *, const struct store_anc *a,
	    int64_t id, char **cause);
/*
 * From n (expanded, one child) down a recorded chain as far as it stays
 * an only-child run and expanded: 1 with *n the node it ends on (to go on
 * from), 2 with *n the first folded node (the end), 0 where there is no
 * chain to cross, -1 on error. *anc is n's anc_all flag, updated.
 */
int	 tm_run_down(struct tree_model *, struct cn_node *n, int *anc,
	    char **cause);
/* Grows the best path across a recorded chain below bp_tip: 1 if it did. */
int	 tm_best_run(struct tree_model *, char **cause);

/* tree-order.c: the sibling order. */
/* Forgets the sorted children kept (a new order, a reload). */
void	 tm_sorted_clear(struct tree_model *);
/* First (last) child of p in the model's order: 1 and *out, 0, or -1. */
int	 tm_child_edge(struct tree_model *, const struct cn_node *p,
	    int last, struct cn_node *out, char **cause);
/* The sibling after (dir > 0) or before n in the model's order. */
int	 tm_sibling_step(struct tree_model *, const struct cn_node *n,
	    int dir, struct cn_node *out, char **cause);

/* tree-model.c: the window. */
/*
 * Rebuilds the window around node id, known to be visible with anc_all
 * anc, which lands on screen row offset when there are enough rows above.
 */
int	 tm_anchor_at(struct tree_model *, int64_t id, int anc, int offset,
	    char **cause);
/* Reads node id (owned copy) into *n: 0, or -1 with *cause. */
int	 tm_fetch(struct tree_model *, int64_t id, struct cn_node *n,
	    char **cause);
/*
 * Scrolls the window one row (dir > 0: down), the cursor staying on its
 * node while the node is in the window: 1, 0 at an end of the tree (or an empty window), -1.
 */
int	 tm_scroll(struct tree_model *, int dir, char **cause);
/* Fills the window below row k (dropping what was there) to the height. */
int	 tm_fill_from(struct tree_model *, int k, char **cause);
/* Rebuilds the window with node id at screen row offset. */
int	 tm_anchor(struct tree_model *, int64_t id, int offset, char **cause);
/* Re-anchors on the cursor node at its current screen row. */
int	 tm_reanchor(struct tree_model *, char **cause);

#endif /* CN_TREE_MODEL_INT_H */

/*
 * tree-model.h - the tree view's window over one trace. No curses.
 *
 * The model never loads a trace: it keeps the fold state (sets of node ids)
 * and a window of the visible rows on screen, computed by walking from the
 * top row with indexed store queries (first/last child, next/previous
 * sibling, parent). Memory is flat in the size of the trace: O(window) rows
 * plus the ids the user folded or unfolded.
 *
 * Rows are in depth-first preorder of the visible tree; a node's children
 * are visible when it is expanded. A node is expanded when (in this order)
 * the user collapsed it (no), the user expanded it (yes), its depth is
 * below the "expand to depth" setting (yes), or it or an ancestor was given
 * "expand all below" (yes). Leaves are never expanded.
 *
 * Every call that can reach the store returns 0 or -1 with *cause; after a
 * failure the window is still consistent (possibly shorter).
 */
#ifndef CN_TREE_MODEL_H
#define CN_TREE_MODEL_H

#include "canopy.h"
#include "store.h"

/* One visible row. */
struct tm_row {
	struct cn_node	 node;		/* owned by the model */
	int		 anc_all;	/* a strict ancestor is "expand all" */
	int		 expanded;	/* computed when the row was made */
};

struct tree_model;

/*
 * Opens a window of height rows over trace (root root_id). The root is
 * expanded; nothing else is. Fails if the root cannot be read.
 */
int	 tm_open(struct store *, int64_t trace_id, int64_t root_id, int height,
	    struct tree_model **, char **cause);
void	 tm_free(struct tree_model *);		/* NULL-safe */

/* The visible rows, valid until the next call that changes the model. */
int	 tm_nrows(const struct tree_model *);
const struct tm_row *tm_row(const struct tree_model *, int i);
/* Index of the cursor row in the window (0 when empty). */
int	 tm_cursor(const struct tree_model *);
/* The cursor's node, or NULL when the window is empty. */
const struct cn_node *tm_cursor_node(const struct tree_model *);

/* Changes the window height (resize); keeps the cursor on its node. */
int	 tm_set_height(struct tree_model *, int height, char **cause);
int	 tm_height(const struct tree_model *);

/* Sibling order: sort is copied. Keeps the cursor on its node. */
int	 tm_set_sort(struct tree_model *, const struct store_sort *,
	    char **cause);

/*
 * Moves the cursor delta rows (negative: up), scrolling as needed; stops
 * at the first and last visible rows.
 */
int	 tm_move(struct tree_model *, long delta, char **cause);
/* Scrolls a page (dir > 0 down) keeping the cursor's screen offset. */
int	 tm_page(struct tree_model *, int dir, char **cause);
/* First visible row (the root) and last visible row. */
int	 tm_home(struct tree_model *, char **cause);
int	 tm_end(struct tree_model *, char **cause);

/*
 * Puts the cursor on node id, unfolding its ancestors. The node keeps its
 * screen row when it is already in the window, else lands mid-screen.
 */
int	 tm_goto(struct tree_model *, int64_t id, char **cause);

/* Tree moves. Each is a no-op (returning 0) where there is nowhere to go. */
int	 tm_parent(struct tree_model *, char **cause);
int	 tm_first_child(struct tree_model *, char **cause);	/* unfolds */
int	 tm_sibling(struct tree_model *, int dir, char **cause);
/* Next (dir > 0) or previous leaf in preorder, unfolding on the way. */
int	 tm_leaf(struct tree_model *, int dir, char **cause);

/* Folding; each keeps the cursor on its node. */
int	 tm_expand(struct tree_model *, char **cause);
/*
 * Collapses the cursor node; on a leaf or a folded node, moves to its
 * parent without folding it.
 */
int	 tm_collapse(struct tree_model *, char **cause);
int	 tm_toggle(struct tree_model *, char **cause);
int	 tm_expand_all_below(struct tree_model *, char **cause);
/* Forgets every fold; only the root stays expanded. */
int	 tm_collapse_all(struct tree_model *, char **cause);
/* Expands every node of depth < depth (depth 1: the root only). */
int	 tm_expand_depth(struct tree_model *, int depth, char **cause);
/*
 * Unfolds the best path from the root (most visits, then highest q) and
 * puts the cursor on its last node.
 */
int	 tm_best_path(struct tree_model *, char **cause);

/* Whether a node is expanded under the current fold state. */
int	 tm_is_expanded(const struct tree_model *, const struct cn_node *,
	    int anc_all);

/*
 * Re-reads the window after another process wrote to the database: the
 * cursor stays on its node (or its nearest surviving ancestor) and the
 * fold state is kept.
 */
int	 tm_reload(struct tree_model *, char **cause);

/* Bytes of heap the model holds (rows and fold sets), for tests. */
size_t	 tm_memory(const struct tree_model *);

#endif /* CN_TREE_MODEL_H */

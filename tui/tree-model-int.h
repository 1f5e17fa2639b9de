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
	unsigned long	 gen;

	struct sorted_kids sorted[TM_SORTED_SLOTS];
	int64_t		 narrow[TM_NARROW_MEMO]; /* known narrow parents */
	unsigned	 narrow_next;
	unsigned long	 tick;
};

/* Ancestors of a node, root first, as owned nodes. */
struct anc_list {
	struct cn_node	*v;
	size_t		 n;
};

/* tree-fold.c: sets of node ids. */
int	 idset_has(const struct idset *, int64_t id);
void	 idset_add(struct idset *, int64_t id);
void	 idset_del(struct idset *, int64_t id);
void	 idset_clear(struct idset *);
/* Makes every ancestor of id expanded (without touching id itself). */
int	 tm_unfold_to(struct tree_model *, int64_t id, char **cause);

/* tree-model.c: the window. */
/* Reads node id (owned copy) into *n: 0, or -1 with *cause. */
int	 tm_fetch(struct tree_model *, int64_t id, struct cn_node *n,
	    char **cause);
/* Fills the window below row k (dropping what was there) to the height. */
int	 tm_fill_from(struct tree_model *, int k, char **cause);
/* Rebuilds the window with node id at screen row offset. */
int	 tm_anchor(struct tree_model *, int64_t id, int offset, char **cause);
/* Re-anchors on the cursor node at its current screen row. */
int	 tm_reanchor(struct tree_model *, char **cause);
/* store_ancestors_each callback collecting into a struct anc_list. */
int	 tm_anc_list_cb(const struct cn_node *, void *arg);
void	 tm_anc_list_free(struct anc_list *);

#endif /* CN_TREE_MODEL_INT_H */

/*
 * view-tree.h - what the two halves of the tree view share: its state,
 * built in view-tree.c (open, actions, status) and drawn by
 * view-tree-draw.c (rows, columns, detail pane). Internal to tui/.
 */
#ifndef CN_VIEW_TREE_H
#define CN_VIEW_TREE_H

#include "col-scale.h"
#include "store-compare.h"
#include "tree-model.h"
#include "tui-int.h"

struct tree_filter;

/* A value column. */
struct column {
	int		 kind;		/* COL_* */
	int		 sig;		/* CN_SIG_* for COL_SIG */
	char		*name;		/* side-table signal for COL_SIDE */
	int		 width;
	int		 barw;		/* bar cells: 2, 4 when diverging */
	struct col_scale scale;
	char		 hdr[32];	/* distinct among the columns */
};
#define COL_SIG		0
#define COL_SIDE	1
#define COL_ID		2
#define COL_DEPTH	3
#define COL_CHILDREN	4
#define COL_SUBTREE	5
#define COL_RATING	6
#define COL_LEAVES	7

#define MAX_COLS	(SETTINGS_MAX_COLUMNS + 8)
#define NUM_W		5	/* a number (fmt_val) */
#define BAR_W		2	/* its bar */

/* One paragraph of the detail pane. */
struct para {
	enum theme_role	 role;
	char		*text;		/* untrusted, may hold newlines */
};

struct tree_view {
	struct tui		*tui;		/* labels read through it */
	struct tree_model	*tm;
	struct cn_trace		 trace;
	double			 root_visits;

	char			**side;		/* signals of this trace */
	size_t			 nside;
	struct store_range	 rng[CN_SIG_COUNT];	/* in this trace */
	struct store_range	*side_rng;	/* of side[i] */
	int64_t			 rng_after;	/* ranges read up to this id */
	int			 rng_done;
	struct column		 cols[MAX_COLS];
	int			 ncols;
	int			 cols_chosen;	/* :cols: no other signals */

	int			 sort_idx;	/* -1, then sigs, side */
	int			 sort_asc;	/* smallest first */
	int			 hide_cols;	/* toggle-columns */

	char			*query;		/* last search, or NULL */
	int			 qdir;
	int64_t			 nhits;
	struct tree_filter	*filter;	/* :filter EXPR, or NULL */
	int			 walk_filter;	/* n/N walk the filter */
	int			 filter_jump;	/* go to its first match */

	int64_t			 sib_of;	/* nsib counts its children */
	int64_t			 nsib;
	int64_t			 detail_id;	/* paras describe this node */
	struct para		*paras;
	size_t			 nparas;
	int			 dscroll;
	int			 dmax;		/* last line dscroll may reach */
};


/* columns.c */
/*
 * The columns: the configured ones, then (unless chosen with :cols) the
 * trace's other signals; bars scaled by the ranges in rng and side_rng.
 */
void	 tree_cols_build(struct tree_view *, const struct settings *);
void	 tree_cols_free(struct tree_view *);
/* The signal a column's header names (what :sort accepts), or NULL. */
const char *tree_cols_signal(const struct tree_view *, const char *hdr);
/* How many columns fit in width, and their total width in *colw. */
int	 tree_cols_fit(const struct tree_view *, int width, int *colw);
/* Draws one cell of column c for node n at the cursor (t: whose rating). */
void	 tree_cols_cell(WINDOW *, struct tui *t, const struct column *c,
	    const struct cn_node *n, attr_t base, int dim, int selected);
/* The header line: title, "+N cols" when some are left out, headers. */
void	 tree_cols_header(WINDOW *, const struct tree_view *,
	    const char *title);

/* view-tree-draw.c */
/* The view's draw and resize ops. */
void	 tree_draw(struct view *);
void	 tree_resize(struct view *);

/* tree-detail.c */
/* Forgets the detail pane's paragraphs (rebuilt on the next draw). */
void	 tree_paras_free(struct tree_view *);
/* Draws the detail pane of the cursor node (reads it when it changed). */
void	 tree_detail_draw(struct view *);
/*
 * Scrolls the detail pane for action a (a detail-scroll or detail-line
 * action), never past the last full page it drew.
 */
void	 tree_detail_scroll(struct tree_view *, struct tui *, enum action a);

#endif /* CN_VIEW_TREE_H */

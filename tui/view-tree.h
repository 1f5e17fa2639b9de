/*
 * view-tree.h - what the two halves of the tree view share: its state,
 * built in view-tree.c (open, actions, status) and drawn by
 * view-tree-draw.c (rows, columns, detail pane). Internal to tui/.
 */
#ifndef CN_VIEW_TREE_H
#define CN_VIEW_TREE_H

#include "tree-model.h"
#include "tui-int.h"

/* A value column. */
struct column {
	int		 kind;		/* COL_* */
	int		 sig;		/* CN_SIG_* for COL_SIG */
	char		*name;		/* side-table signal for COL_SIDE */
	int		 width;
	char		 hdr[16];
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
	struct tree_model	*tm;
	struct cn_trace		 trace;
	double			 root_visits;

	char			**side;		/* signals of this trace */
	size_t			 nside;
	struct column		 cols[MAX_COLS];
	int			 ncols;

	int			 sort_idx;	/* -1, then sigs, side */
	int			 hide_cols;	/* toggle-columns */

	char			*query;		/* last search, or NULL */
	int			 qdir;
	int64_t			 nhits;

	int64_t			 sib_of;	/* nsib counts its children */
	int64_t			 nsib;
	int64_t			 detail_id;	/* paras describe this node */
	struct para		*paras;
	size_t			 nparas;
	int			 dscroll;
	int			 dmax;		/* last line dscroll may reach */
};


/* view-tree-draw.c */
/* The columns: the configured ones, then the trace's other signals. */
void	 tree_cols_build(struct tree_view *, const struct settings *);
void	 tree_cols_free(struct tree_view *);
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

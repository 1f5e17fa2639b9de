/*
 * layout.h - the screen's geometry as a pure function of its size.
 *
 * From top to bottom: a title row, an optional column-header row over the
 * tree, the tree pane, the detail pane (optional: at the right, after a
 * one-column border, or below, after a one-row border that can carry the
 * detail's title), the status line and the command line. tui_resize() calls
 * layout_compute() and moves its windows to the rectangles; nothing here
 * touches curses, so it is unit-tested.
 */
#ifndef CN_LAYOUT_H
#define CN_LAYOUT_H

/* Below this size the screen shows only "terminal too small". */
#define LAYOUT_MIN_COLS		60
#define LAYOUT_MIN_ROWS		16

/* LAYOUT_SIDE_AUTO puts the detail at the right from this width on. */
#define LAYOUT_WIDE_COLS	120

/* Bounds and default of the detail pane's share, in percent. */
#define LAYOUT_RATIO_MIN	20
#define LAYOUT_RATIO_MAX	80
#define LAYOUT_RATIO_DEFAULT	40
#define LAYOUT_RATIO_STEP	5	/* detail-grow / detail-shrink */

/* The smallest panes worth showing; else the detail pane is left out. */
#define LAYOUT_TREE_MIN_COLS	30
#define LAYOUT_TREE_MIN_ROWS	4
#define LAYOUT_DETAIL_MIN_COLS	24
#define LAYOUT_DETAIL_MIN_ROWS	3

/* Where the detail pane goes. */
#define LAYOUT_SIDE_NONE	0	/* not shown (layout output only) */
#define LAYOUT_SIDE_AUTO	1	/* right if cols >= LAYOUT_WIDE_COLS */
#define LAYOUT_SIDE_RIGHT	2
#define LAYOUT_SIDE_BOTTOM	3

/* A rectangle of cells; h == 0 or w == 0 means absent (then y = x = 0). */
struct layout_rect {
	int		 y;
	int		 x;
	int		 h;
	int		 w;
};

/* What the caller wants. */
struct layout_opts {
	int		 detail;	/* 1: show the detail pane */
	int		 side;		/* LAYOUT_SIDE_AUTO, _RIGHT or _BOTTOM */
	int		 ratio;		/* detail's share, percent (clamped) */
	int		 header;	/* 1: a column-header row over the tree */
};

/* What fits. */
struct layout {
	int			 rows;
	int			 cols;
	int			 too_small;	/* 1: only "too small" fits */
	int			 side;		/* where detail went, or NONE */
	int			 ratio;		/* the clamped ratio used */
	struct layout_rect	 title;
	struct layout_rect	 header;
	struct layout_rect	 tree;
	struct layout_rect	 border;	/* between tree and detail */
	struct layout_rect	 detail;
	struct layout_rect	 status;
	struct layout_rect	 cmdline;
};

/* Fills opts with the defaults: detail on, AUTO, LAYOUT_RATIO_DEFAULT,
 * header on. */
void	 layout_opts_init(struct layout_opts *);

/* ratio clamped to [LAYOUT_RATIO_MIN, LAYOUT_RATIO_MAX]. */
int	 layout_ratio_clamp(int ratio);

/*
 * Computes the layout of a rows x cols screen into *out (fully written).
 * Below LAYOUT_MIN_COLS x LAYOUT_MIN_ROWS (or for a non-positive size) it
 * sets too_small = 1 and leaves every rectangle absent. Otherwise the
 * rectangles tile the screen without overlap; the detail pane takes ratio
 * percent of the space it shares with the tree (the border excluded),
 * adjusted so both keep their minimum sizes, and is left out (side NONE,
 * detail and border absent) when they cannot.
 */
void	 layout_compute(int rows, int cols, const struct layout_opts *,
	    struct layout *out);

#endif /* CN_LAYOUT_H */

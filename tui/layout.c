/*
 * layout.c - the screen's geometry from its size: pure arithmetic, so the
 * resize logic is unit-tested without a terminal.
 */
#include "config.h"

#include "layout.h"

#include <string.h>

void
layout_opts_init(struct layout_opts *o)
{
	o->detail = 1;
	o->side = LAYOUT_SIDE_AUTO;
	o->ratio = LAYOUT_RATIO_DEFAULT;
	o->header = 1;
}

int
layout_ratio_clamp(int ratio)
{
	if (ratio < LAYOUT_RATIO_MIN)
		return LAYOUT_RATIO_MIN;
	if (ratio > LAYOUT_RATIO_MAX)
		return LAYOUT_RATIO_MAX;
	return ratio;
}

static struct layout_rect
rect(int y, int x, int h, int w)
{
	struct layout_rect	 r;

	if (h <= 0 || w <= 0)
		h = w = y = x = 0;
	r.y = y;
	r.x = x;
	r.h = h;
	r.w = w;
	return r;
}

/*
 * Splits avail cells between the tree and the detail pane: the detail gets
 * ratio percent, then both are pushed up to their minimum. Returns the
 * detail's share, or -1 if both minimums do not fit.
 */
static int
split(int avail, int ratio, int tree_min, int detail_min)
{
	int	 d;

	if (tree_min + detail_min > avail)
		return -1;
	d = (avail * ratio + 50) / 100;
	if (avail - d < tree_min)
		d = avail - tree_min;
	if (d < detail_min)
		d = detail_min;
	return d;
}

void
layout_compute(int rows, int cols, const struct layout_opts *o,
    struct layout *out)
{
	int	 body_h, hh, side, d, tw, th;

	memset(out, 0, sizeof *out);
	out->rows = rows;
	out->cols = cols;
	out->ratio = layout_ratio_clamp(o->ratio);
	out->side = LAYOUT_SIDE_NONE;
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		out->too_small = 1;
		return;
	}
	out->title = rect(0, 0, 1, cols);
	out->status = rect(rows - 2, 0, 1, cols);
	out->cmdline = rect(rows - 1, 0, 1, cols);
	body_h = rows - 3;		/* between title and status */
	hh = o->header ? 1 : 0;

	side = LAYOUT_SIDE_NONE;
	if (o->detail) {
		side = o->side;
		if (side != LAYOUT_SIDE_RIGHT && side != LAYOUT_SIDE_BOTTOM)
			side = cols >= LAYOUT_WIDE_COLS ? LAYOUT_SIDE_RIGHT :
			    LAYOUT_SIDE_BOTTOM;
	}
	if (side == LAYOUT_SIDE_RIGHT) {
		d = split(cols - 1, out->ratio, LAYOUT_TREE_MIN_COLS,
		    LAYOUT_DETAIL_MIN_COLS);
		if (d < 0)
			side = LAYOUT_SIDE_NONE;
		else {
			tw = cols - 1 - d;
			out->header = rect(1, 0, hh, tw);
			out->tree = rect(1 + hh, 0, body_h - hh, tw);
			out->border = rect(1, tw, body_h, 1);
			out->detail = rect(1, tw + 1, body_h, d);
		}
	} else if (side == LAYOUT_SIDE_BOTTOM) {
		d = split(body_h - hh - 1, out->ratio, LAYOUT_TREE_MIN_ROWS,
		    LAYOUT_DETAIL_MIN_ROWS);
		if (d < 0)
			side = LAYOUT_SIDE_NONE;
		else {
			th = body_h - hh - 1 - d;
			out->header = rect(1, 0, hh, cols);
			out->tree = rect(1 + hh, 0, th, cols);
			out->border = rect(1 + hh + th, 0, 1, cols);
			out->detail = rect(2 + hh + th, 0, d, cols);
		}
	}
	if (side == LAYOUT_SIDE_NONE) {
		out->header = rect(1, 0, hh, cols);
		out->tree = rect(1 + hh, 0, body_h - hh, cols);
	}
	out->side = side;
}

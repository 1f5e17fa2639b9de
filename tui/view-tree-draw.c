/*
 * view-tree-draw.c - drawing the tree view: one row per visible node with
 * its guides, label gutter and fold summary, and the header. The value
 * columns are in columns.c, the detail pane in tree-detail.c. Reads only
 * what is on screen.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "row-text.h"
#include "view-tree.h"

static struct tree_view *
tv_of(struct view *v)
{
	return v->data;
}

static enum theme_role
role_of(const struct cn_node *n)
{
	const char	*r = n->role != NULL ? n->role : "";

	if (n->terminal)
		return ROLE_NODE_TERMINAL;
	if (strcmp(r, "root") == 0)
		return ROLE_NODE_ROOT;
	if (strcmp(r, "action") == 0)
		return ROLE_NODE_ACTION;
	if (strcmp(r, "alternative") == 0)
		return ROLE_NODE_ALT;
	if (strcmp(r, "human") == 0)
		return ROLE_NODE_HUMAN;
	return ROLE_NODE_STEP;
}

/* "[12n r0.930 ok40% 3lbl]": size, best leaf reward, ok leaves, labels. */
static void
fold_summary(char *buf, size_t len, const struct cn_node *n)
{
	char	size[16], best[16], ok[16] = "", lbl[24] = "";

	fmt_val(size, sizeof size, (double)n->subtree_size, 1);
	if (cn_hasval(n->best_leaf_reward)) {
		best[0] = ' ';
		best[1] = 'r';
		fmt_val(best + 2, sizeof best - 2, n->best_leaf_reward, 0);
	} else
		best[0] = '\0';
	if (n->outcome_leaves > 0)
		snprintf(ok, sizeof ok, " ok%.0f%%",
		    100.0 * (double)n->ok_leaves / (double)n->outcome_leaves);
	if (n->annotation_count > 0)
		snprintf(lbl, sizeof lbl, " %lldlbl",
		    (long long)n->annotation_count);
	snprintf(buf, len, "[%sn%s%s%s] ", size, best, ok, lbl);
}

static void
draw_row(struct view *v, WINDOW *w, int y, int width, const struct tm_row *r,
    int selected)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	const struct cn_node	*n = &r->node;
	struct text_safe	 ts;
	attr_t			 base, ga, sa;
	char			 sum[96], depth[16];
	int			 colw = 0, i, x, ncols, d, maxind, dim, ok;
	const char		*mark, *gutter, *rt;
	size_t			 rtlen;
	enum theme_role		 grole;

	if (selected)
		base = colors_attr(t->focus_detail ? ROLE_SELECTED_UNFOCUSED :
		    ROLE_SELECTED);
	else
		base = colors_attr(ROLE_DEFAULT);
	/* Columns that fit, leaving the text its share. */
	ncols = tree_cols_fit(tv, width, &colw);
	draw_line_bg(w, y, base);
	x = 0;
	/* Depth guides, compressed when deep. */
	maxind = (width - colw) / 3;
	d = n->depth;
	if (2 * d > maxind) {
		/* Too deep for guides: the depth, right-aligned. */
		snprintf(depth, sizeof depth, "%*d", maxind > 4 ? 4 : 1, d);
		x += draw_plain(w, depth, 8, selected ? base :
		    colors_attr(ROLE_GUIDE));
		x += draw_plain(w, " ", 1, base);
	} else {
		/* One colour span for all the guides, where that looks the same. */
		ga = selected ? base : colors_attr(ROLE_GUIDE);
		sa = colors_blank_same(ROLE_GUIDE, ROLE_DEFAULT) ? ga : base;
		for (i = 0; i < d; i++) {
			x += draw_plain(w, text_glyph(GLYPH_VLINE), 1, ga);
			x += draw_plain(w, " ", 1, sa);
		}
	}
	if (n->child_count == 0)
		mark = " ";
	else
		mark = text_glyph(r->expanded ? GLYPH_OPEN : GLYPH_CLOSED);
	x += draw_plain(w, mark, 1, selected ? base :
	    colors_attr(role_of(n)));
	/* The label gutter: a space on rows without labels. */
	gutter = labels_gutter(t, n, &grole);
	x += draw_plain(w, gutter, 1, selected || *gutter == ' ' ? base :
	    colors_attr(grole));
	if (cn_hasval(n->sig[CN_SIG_OUTCOME]) && n->child_count == 0) {
		ok = n->sig[CN_SIG_OUTCOME] >= 0.5;
		x += draw_plain(w, ok ? "+" : "-", 1, selected ? base :
		    colors_attr(ok ? ROLE_GOOD : ROLE_BAD));
		x += draw_plain(w, " ", 1, base);
	}
	/* What a live model added (canopy rerun, the rerun panel). */
	if (n->origin != NULL && strcmp(n->origin, "rerun") == 0)
		x += draw_plain(w, text_utf8() ? "\u21bb " : "r ", 2,
		    selected ? base : colors_attr(ROLE_TAG));
	if (n->child_count > 0 && !r->expanded) {
		fold_summary(sum, sizeof sum, n);
		x += draw_plain(w, sum, width - colw - x, selected ? base :
		    colors_attr(ROLE_DIM));
	}
	row_text(n, &rt, &rtlen);
	text_safe_init(&ts);
	text_sanitize(&ts, rt, rtlen, 0);
	x += draw_safe(w, &ts, width - colw - x, selected ? base :
	    colors_attr(n->chosen ? ROLE_CHOSEN : ROLE_DEFAULT), selected,
	    tv->query);
	text_safe_free(&ts);
	wmove(w, y, width - colw);
	dim = cn_hasval(n->sig[CN_SIG_VISITS]) &&
	    n->sig[CN_SIG_VISITS] < t->set.dim_visits;
	for (i = 0; i < ncols; i++)
		tree_cols_cell(w, t, &tv->cols[i], n, base, dim, selected);
}

static void
draw_header(struct view *v)
{
	struct tree_view	*tv = tv_of(v);

	if (v->tui->w_header != NULL)
		tree_cols_header(v->tui->w_header, tv, tv->trace.ext_id);
}

void
tree_draw(struct view *v)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	WINDOW			*w = t->w_main;
	const struct tm_row	*r;
	int			 i, h, width;

	if (w == NULL)
		return;
	getmaxyx(w, h, width);
	draw_header(v);
	for (i = 0; i < h; i++) {
		r = tm_row(tv->tm, i);
		if (r == NULL) {
			wmove(w, i, 0);
			wclrtoeol(w);
			continue;
		}
		draw_row(v, w, i, width, r, i == tm_cursor(tv->tm));
	}
	tree_detail_draw(v);
}

void
tree_resize(struct view *v)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	char			*cause = NULL;

	if (tv == NULL || tv->tm == NULL || t->w_main == NULL)
		return;
	if (getmaxy(t->w_main) != tm_height(tv->tm) &&
	    tm_set_height(tv->tm, getmaxy(t->w_main), &cause) != 0)
		tui_error(t, "resize", cause);
}

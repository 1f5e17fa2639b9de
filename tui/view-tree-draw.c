/*
 * view-tree-draw.c - drawing the tree view: the value columns, one row
 * per visible node with its fold summary, the header, and the detail pane
 * of the cursor node. Reads only what is on screen.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "view-tree.h"

static struct tree_view *
tv_of(struct view *v)
{
	return v->data;
}

void
tree_cols_free(struct tree_view *tv)
{
	int	i;

	for (i = 0; i < tv->ncols; i++)
		free(tv->cols[i].name);
	tv->ncols = 0;
}

static void
col_add(struct tree_view *tv, int kind, int sig, const char *name)
{
	struct column	*c;
	const char	*h;
	int		 i;

	if (tv->ncols == MAX_COLS)
		return;
	for (i = 0; i < tv->ncols; i++)
		if (tv->cols[i].kind == kind && tv->cols[i].sig == sig &&
		    (name == NULL || (tv->cols[i].name != NULL &&
		    strcmp(tv->cols[i].name, name) == 0)))
			return;
	c = &tv->cols[tv->ncols++];
	memset(c, 0, sizeof *c);
	c->kind = kind;
	c->sig = sig;
	c->name = xstrdup_or_null(name);
	switch (kind) {
	case COL_SIG:
		c->width = NUM_W + BAR_W + 1;
		h = cn_sig_names[sig];
		break;
	case COL_SIDE:
		c->width = NUM_W + BAR_W + 1;
		/* "prm:qwen2.5-math" shows as its last part. */
		h = strrchr(name, ':') != NULL ? strrchr(name, ':') + 1 : name;
		break;
	case COL_ID:
		c->width = 8;
		h = "id";
		break;
	case COL_DEPTH:
		c->width = 4;
		h = "dep";
		break;
	case COL_CHILDREN:
		c->width = 6;
		h = "kids";
		break;
	case COL_SUBTREE:
		c->width = 7;
		h = "size";
		break;
	case COL_RATING:
		c->width = 3;
		h = "rt";
		break;
	default:
		c->width = 10;
		h = "ok/leaves";
		break;
	}
	snprintf(c->hdr, sizeof c->hdr, "%.*s", c->width - 1, h);
}

void
tree_cols_build(struct tree_view *tv, const struct settings *set)
{
	static const char *const special[] = { "id", "depth", "children",
	    "subtree", "rating", "leaves" };
	size_t	i, k;
	int	s;

	tree_cols_free(tv);
	for (i = 0; i < set->ncolumns; i++) {
		if ((s = cn_sig_lookup(set->columns[i])) >= 0) {
			col_add(tv, COL_SIG, s, NULL);
			continue;
		}
		for (k = 0; k < 6; k++)
			if (strcmp(set->columns[i], special[k]) == 0)
				break;
		if (k < 6)
			col_add(tv, COL_ID + (int)k, 0, NULL);
		else
			col_add(tv, COL_SIDE, 0, set->columns[i]);
	}
	for (i = 0; i < tv->nside; i++)
		col_add(tv, COL_SIDE, 0, tv->side[i]);
}

static double
node_side(const struct cn_node *n, const char *name)
{
	size_t	i;

	for (i = 0; i < n->nmore; i++)
		if (strcmp(n->more[i].name, name) == 0)
			return n->more[i].value;
	return CN_NOVAL;
}

/* Draws one value column cell. */
static void
draw_cell(WINDOW *w, const struct tree_view *tv, const struct column *c,
    const struct cn_node *n, attr_t base, int dim, int selected)
{
	struct cn_buf	 b;
	char		 num[32];
	double		 v = CN_NOVAL, bar;
	int		 integer = 0, hasbar = 0;
	attr_t		 a = dim && !selected ? colors_attr(ROLE_DIM) : base;
	attr_t		 ba;

	switch (c->kind) {
	case COL_SIG:
		v = n->sig[c->sig];
		integer = c->sig == CN_SIG_VISITS;
		hasbar = 1;
		break;
	case COL_SIDE:
		v = node_side(n, c->name);
		hasbar = 1;
		break;
	case COL_ID:
		v = (double)n->id;
		integer = 1;
		break;
	case COL_DEPTH:
		v = n->depth;
		integer = 1;
		break;
	case COL_CHILDREN:
		v = (double)n->child_count;
		integer = 1;
		break;
	case COL_SUBTREE:
		v = (double)n->subtree_size;
		integer = 1;
		break;
	case COL_RATING:
		v = n->annotation_count > 0 ? (double)n->annotation_count :
		    CN_NOVAL;
		integer = 1;
		break;
	default:
		break;
	}
	buf_init(&b);
	if (c->kind == COL_LEAVES) {
		if (n->outcome_leaves > 0)
			snprintf(num, sizeof num, "%lld/%lld",
			    (long long)n->ok_leaves, (long long)n->leaf_count);
		else
			num[0] = '\0';
		text_pad(&b, num, strlen(num), c->width - 1, TEXT_RIGHT);
	} else {
		fmt_val(num, sizeof num, v, integer);
		text_pad(&b, num, strlen(num), hasbar ? NUM_W : c->width - 1,
		    TEXT_RIGHT);
	}
	/*
	 * A dimmed row stays dim from cell to cell: the separating space
	 * (which looks the same either way) and the bar carry the dim
	 * attribute too. Turning dim off costs a full attribute reset on
	 * the wire, so switching it per number doubled what a page of
	 * dimmed rows sent to the terminal.
	 */
	draw_plain(w, " ", 1, base | (a & A_DIM));
	draw_plain(w, b.s, c->width, a);
	if (hasbar) {
		buf_reset(&b);
		bar = v;
		if (c->kind == COL_SIG && c->sig == CN_SIG_VISITS)
			bar = cn_hasval(tv->root_visits) &&
			    tv->root_visits > 0 ? v / tv->root_visits :
			    CN_NOVAL;
		ba = selected ? base : colors_attr(bar < 0 ? ROLE_BAR_NEG :
		    ROLE_BAR) | (a & A_DIM);
		text_bar(&b, cn_hasval(bar) ? fabs(bar) : bar, 0, 1, BAR_W);
		/* An empty bar is blanks: no colour change needed to draw it. */
		if (strspn(b.s, " ") == b.len && (a == base ||
		    colors_blank_same(ROLE_DIM, ROLE_DEFAULT)) &&
		    colors_blank_same(ROLE_BAR, ROLE_DEFAULT) &&
		    colors_blank_same(ROLE_BAR_NEG, ROLE_DEFAULT))
			ba = a;
		draw_plain(w, b.s, BAR_W, ba);
	}
	buf_free(&b);
}

/* Columns the step text keeps before value columns are added. */
static int
text_min(int width)
{
	return width * 2 / 5 > 24 ? width * 2 / 5 : 24;
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
	const char		*mark;

	if (selected)
		base = colors_attr(t->focus_detail ? ROLE_SELECTED_UNFOCUSED :
		    ROLE_SELECTED);
	else
		base = colors_attr(ROLE_DEFAULT);
	/* Columns that fit, leaving the text its share. */
	for (ncols = 0; ncols < tv->ncols && !tv->hide_cols; ncols++) {
		if (colw + tv->cols[ncols].width + text_min(width) > width)
			break;
		colw += tv->cols[ncols].width;
	}
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
	x += draw_plain(w, " ", 1, base);
	if (cn_hasval(n->sig[CN_SIG_OUTCOME]) && n->child_count == 0) {
		ok = n->sig[CN_SIG_OUTCOME] >= 0.5;
		x += draw_plain(w, ok ? "+" : "-", 1, selected ? base :
		    colors_attr(ok ? ROLE_GOOD : ROLE_BAD));
		x += draw_plain(w, " ", 1, base);
	}
	if (n->child_count > 0 && !r->expanded) {
		fold_summary(sum, sizeof sum, n);
		x += draw_plain(w, sum, width - colw - x, selected ? base :
		    colors_attr(ROLE_DIM));
	}
	text_safe_init(&ts);
	text_sanitize_str(&ts, n->text, 0);
	x += draw_safe(w, &ts, width - colw - x, selected ? base :
	    colors_attr(n->chosen ? ROLE_CHOSEN : ROLE_DEFAULT), selected,
	    tv->query);
	text_safe_free(&ts);
	wmove(w, y, width - colw);
	dim = cn_hasval(n->sig[CN_SIG_VISITS]) &&
	    n->sig[CN_SIG_VISITS] < t->set.dim_visits;
	for (i = 0; i < ncols; i++)
		draw_cell(w, tv, &tv->cols[i], n, base, dim, selected);
}

static void
draw_header(struct view *v)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	struct cn_buf		 b;
	WINDOW			*w = t->w_header;
	int			 width, colw = 0, i, ncols;

	if (w == NULL)
		return;
	width = getmaxx(w);
	for (ncols = 0; ncols < tv->ncols && !tv->hide_cols; ncols++) {
		if (colw + tv->cols[ncols].width + text_min(width) > width)
			break;
		colw += tv->cols[ncols].width;
	}
	draw_line_bg(w, 0, colors_attr(ROLE_HEADER));
	draw_str(w, tv->trace.ext_id, width - colw, colors_attr(ROLE_HEADER));
	wmove(w, 0, width - colw);
	buf_init(&b);
	for (i = 0; i < ncols; i++) {
		/* Over the number and its bar, as the cells are drawn. */
		buf_reset(&b);
		buf_addc(&b, ' ');
		text_pad(&b, tv->cols[i].hdr, strlen(tv->cols[i].hdr),
		    tv->cols[i].width - 1, TEXT_LEFT);
		draw_str(w, b.s, tv->cols[i].width, colors_attr(ROLE_HEADER));
	}
	buf_free(&b);
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

/*
 * columns.c - the tree view's value columns: which ones, their headers
 * (distinct, marked when sorted), bars scaled to each signal's range in
 * the trace and diverging from zero for signed signals, and how many fit.
 * The pure decisions are in col-scale.c.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "view-tree.h"

#define HDR_MAX		9	/* header bytes before the sort mark */

void
tree_cols_free(struct tree_view *tv)
{
	int	i;

	for (i = 0; i < tv->ncols; i++)
		free(tv->cols[i].name);
	tv->ncols = 0;
}

/* The range of a column's signal in the trace (NaN when unknown). */
static void
col_range(const struct tree_view *tv, const struct column *c, double *lo,
    double *hi)
{
	size_t	i;

	*lo = *hi = CN_NOVAL;
	if (c->kind == COL_SIG) {
		*lo = tv->rng[c->sig].lo;
		*hi = tv->rng[c->sig].hi;
		return;
	}
	for (i = 0; i < tv->nside && tv->side_rng != NULL; i++)
		if (strcmp(tv->side[i], c->name) == 0) {
			*lo = tv->side_rng[i].lo;
			*hi = tv->side_rng[i].hi;
		}
}

/* The width and header of the columns that are not signals. */
static const struct {
	int		 width;
	const char	*hdr;
} fixed_cols[] = {
	[COL_ID] = { 8, "id" },
	[COL_DEPTH] = { 4, "dep" },
	[COL_CHILDREN] = { 6, "kids" },
	[COL_SUBTREE] = { 7, "size" },
	[COL_RATING] = { 3, "rt" },
	[COL_LEAVES] = { 10, "ok/leaves" },
};

static void
col_add(struct tree_view *tv, int kind, int sig, const char *name)
{
	struct column	*c;
	const char	*h = NULL;
	double		 lo, hi;
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
	case COL_SIDE:
		col_range(tv, c, &lo, &hi);
		col_scale_pick(lo, hi, &c->scale);
		c->barw = c->scale.diverging ? 2 * BAR_W : BAR_W;
		c->width = NUM_W + c->barw + 1;
		break;
	default:
		c->width = fixed_cols[kind].width;
		h = fixed_cols[kind].hdr;
		break;
	}
	if (h != NULL)
		snprintf(c->hdr, sizeof c->hdr, "%.*s", c->width - 1, h);
}

/* Signal columns get headers no other column shares, and room for them. */
static void
cols_headers(struct tree_view *tv)
{
	const char	*names[MAX_COLS];
	char		 out[MAX_COLS][32];
	int		 idx[MAX_COLS], n = 0, i, w;

	memset(names, 0, sizeof names);

	for (i = 0; i < tv->ncols; i++) {
		if (tv->cols[i].kind == COL_SIG)
			names[n] = cn_sig_names[tv->cols[i].sig];
		else if (tv->cols[i].kind == COL_SIDE)
			names[n] = tv->cols[i].name;
		else
			continue;
		idx[n++] = i;
	}
	col_scale_headers(names, (size_t)n, HDR_MAX, out);
	for (i = 0; i < n; i++) {
		memcpy(tv->cols[idx[i]].hdr, out[i], sizeof out[i]);
		/* A space and the header; the sort mark may take its end. */
		w = (int)strlen(out[i]) + 1;
		if (tv->cols[idx[i]].width < w)
			tv->cols[idx[i]].width = w;
	}
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
	if (!tv->cols_chosen)
		for (i = 0; i < tv->nside; i++)
			col_add(tv, COL_SIDE, 0, tv->side[i]);
	cols_headers(tv);
}

const char *
tree_cols_signal(const struct tree_view *tv, const char *hdr)
{
	int	i;

	for (i = 0; i < tv->ncols; i++) {
		if (strcmp(tv->cols[i].hdr, hdr) != 0)
			continue;
		if (tv->cols[i].kind == COL_SIG)
			return cn_sig_names[tv->cols[i].sig];
		if (tv->cols[i].kind == COL_SIDE)
			return tv->cols[i].name;
	}
	return NULL;
}

int
tree_cols_fit(const struct tree_view *tv, int width, int *colw)
{
	int	n, w = 0, min;

	min = width * 2 / 5 > 24 ? width * 2 / 5 : 24;
	for (n = 0; n < tv->ncols && !tv->hide_cols; n++) {
		if (w + tv->cols[n].width + min > width)
			break;
		w += tv->cols[n].width;
	}
	*colw = w;
	return n;
}

static void
add_blanks(struct cn_buf *b, int n)
{
	while (n-- > 0)
		buf_addc(b, ' ');
}

/*
 * A diverging bar: the left half grows leftwards from zero (whole and
 * right-half blocks: no left-growing eighths exist), the right half
 * rightwards in eighths.
 */
static void
bar_diverging(struct cn_buf *b, double f, int width)
{
	int	half = width / 2, halves, i, h;

	if (f >= 0) {
		add_blanks(b, half);
		text_bar(b, f, 0, 1, half);
		return;
	}
	halves = (int)lround(-f * half * 2);
	for (i = 0; i < half; i++) {
		h = halves - 2 * (half - 1 - i);
		if (h <= 0)
			buf_addc(b, ' ');
		else if (!text_utf8())
			buf_addc(b, '#');
		else
			buf_adds(b, h >= 2 ? text_glyph(GLYPH_FULL) :
			    "\u2590");
	}
	add_blanks(b, half);
}

void
tree_cols_cell(WINDOW *w, struct tui *t, const struct column *c,
    const struct cn_node *n, attr_t base, int dim, int selected)
{
	const struct cn_signal *s;
	struct cn_buf	 b;
	char		 num[32];
	double		 v = CN_NOVAL, f;
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
		s = cn_node_more(n, c->name);
		v = s != NULL ? s->value : CN_NOVAL;
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
		v = labels_rating(t, n);
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
		text_pad(&b, num, strlen(num), c->width - 1 -
		    (hasbar ? c->barw : 0), TEXT_RIGHT);
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
		f = col_scale_frac(&c->scale, v);
		ba = selected ? base : colors_attr(f < 0 ? ROLE_BAR_NEG :
		    ROLE_BAR) | (a & A_DIM);
		if (!cn_hasval(f))
			add_blanks(&b, c->barw);
		else if (c->scale.diverging)
			bar_diverging(&b, f, c->barw);
		else
			text_bar(&b, f, 0, 1, c->barw);
		/* An empty bar is blanks: no colour change needed to draw it. */
		if (strspn(b.s, " ") == b.len && (a == base ||
		    colors_blank_same(ROLE_DIM, ROLE_DEFAULT)) &&
		    colors_blank_same(ROLE_BAR, ROLE_DEFAULT) &&
		    colors_blank_same(ROLE_BAR_NEG, ROLE_DEFAULT))
			ba = a;
		draw_plain(w, b.s, c->barw, ba);
	}
	buf_free(&b);
}

/* Whether column c is what siblings are sorted by. */
static int
col_sorted(const struct tree_view *tv, const struct column *c)
{
	if (tv->sort_idx < 0)
		return 0;
	if (c->kind == COL_SIG)
		return c->sig == tv->sort_idx;
	if (c->kind == COL_SIDE && tv->sort_idx >= CN_SIG_COUNT &&
	    (size_t)(tv->sort_idx - CN_SIG_COUNT) < tv->nside)
		return strcmp(c->name, tv->side[tv->sort_idx -
		    CN_SIG_COUNT]) == 0;
	return 0;
}

void
tree_cols_header(WINDOW *w, const struct tree_view *tv, const char *title)
{
	struct cn_buf	 b;
	char		 note[32] = "", hdr[48];
	const char	*mark;
	attr_t		 ha = colors_attr(ROLE_HEADER);
	int		 width, colw, ncols, i, len;

	width = getmaxx(w);
	ncols = tree_cols_fit(tv, width, &colw);
	draw_line_bg(w, 0, ha);
	/* Columns left out for lack of room (or by `c`) are counted. */
	if (ncols < tv->ncols)
		snprintf(note, sizeof note, " +%d col%s", tv->ncols - ncols,
		    tv->ncols - ncols == 1 ? "" : "s");
	len = (int)strlen(note);
	draw_str(w, title, width - colw - len, ha);
	if (len > 0 && width - colw - len > 0) {
		wmove(w, 0, width - colw - len);
		draw_plain(w, note, len, ha | A_BOLD);
	}
	wmove(w, 0, width - colw);
	buf_init(&b);
	for (i = 0; i < ncols; i++) {
		/* Over the number and its bar, as the cells are drawn. */
		mark = "";
		if (col_sorted(tv, &tv->cols[i]) && text_utf8())
			mark = tv->sort_asc ? "\u25b2" : "\u25bc";
		else if (col_sorted(tv, &tv->cols[i]))
			mark = tv->sort_asc ? "^" : "v";
		len = (int)strlen(tv->cols[i].hdr);
		if (*mark != '\0' && len > tv->cols[i].width - 2)
			len = tv->cols[i].width - 2;
		snprintf(hdr, sizeof hdr, "%.*s%s", len, tv->cols[i].hdr,
		    mark);
		buf_reset(&b);
		buf_addc(&b, ' ');
		text_pad(&b, hdr, strlen(hdr), tv->cols[i].width - 1,
		    TEXT_LEFT);
		draw_str(w, b.s, tv->cols[i].width, ha);
	}
	buf_free(&b);
}

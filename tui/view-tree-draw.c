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

#include "labels.h"
#include "view-tree.h"

static struct tree_view *
tv_of(struct view *v)
{
	return v->data;
}

void
tree_paras_free(struct tree_view *tv)
{
	size_t	i;

	for (i = 0; i < tv->nparas; i++)
		free(tv->paras[i].text);
	free(tv->paras);
	tv->paras = NULL;
	tv->nparas = 0;
	tv->detail_id = 0;
}

static void
para_add(struct tree_view *tv, enum theme_role role, char *text)
{
	tv->paras = xreallocarray(tv->paras, tv->nparas + 1, sizeof *tv->paras);
	tv->paras[tv->nparas].role = role;
	tv->paras[tv->nparas].text = text;
	tv->nparas++;
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
	const char		*mark, *gutter;
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
		tree_cols_cell(w, t, &tv->cols[i], n, base, dim, selected);
}

static void
draw_header(struct view *v)
{
	struct tree_view	*tv = tv_of(v);

	if (v->tui->w_header != NULL)
		tree_cols_header(v->tui->w_header, tv, tv->trace.ext_id);
}

struct crumbs {
	struct cn_buf	 b;
	int		 n;
};

static int
crumb_cb(const struct cn_node *n, void *arg)
{
	struct crumbs	*c = arg;

	if (c->n++ > 0)
		buf_adds(&c->b, text_utf8() ? " \u203a " : " > ");
	buf_adds(&c->b, n->ext_id != NULL ? n->ext_id : "?");
	return 0;
}

static int
annot_cb(const struct cn_annotation *a, void *arg)
{
	struct tree_view	*tv = arg;
	char			 rating[16] = "";
	enum theme_role		 role = ROLE_DEFAULT;

	if (a->rating != CN_NORATING) {
		snprintf(rating, sizeof rating, " %+d", a->rating);
		role = a->rating > 0 ? ROLE_GOOD : a->rating < 0 ? ROLE_BAD :
		    ROLE_DEFAULT;
	}
	if (a->first_error)
		role = ROLE_FIRST_ERROR;
	para_add(tv, role, xasprintf("  %s%s%s%s%s%s%s",
	    a->author != NULL ? a->author : "?", rating,
	    a->first_error ? " first-error" : "",
	    a->tags != NULL ? " [" : "", a->tags != NULL ? a->tags : "",
	    a->tags != NULL ? "]" : "", ""));
	if (a->note != NULL)
		para_add(tv, ROLE_DEFAULT, xasprintf("    %s", a->note));
	return 0;
}

/* Builds the detail paragraphs of node n (store reads happen here). */
static void
detail_build(struct view *v, const struct cn_node *n)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	struct crumbs		 c;
	struct cn_buf		 b;
	char			*cause = NULL, num[32];
	int			 i;
	size_t			 k;

	tree_paras_free(tv);
	tv->detail_id = n->id;
	tv->dscroll = 0;
	buf_init(&c.b);
	c.n = 0;
	if (store_ancestors_each(t->st, n->id, crumb_cb, &c, &cause) != 0)
		tui_error(t, "path", cause);
	crumb_cb(n, &c);
	para_add(tv, ROLE_HEADER, xstrdup("path"));
	para_add(tv, ROLE_DEFAULT, buf_take(&c.b));

	para_add(tv, ROLE_HEADER, xstrdup("text"));
	para_add(tv, ROLE_DEFAULT, xstrdup(n->text != NULL ? n->text : ""));
	if (n->observation != NULL) {
		para_add(tv, ROLE_HEADER, xstrdup("observation"));
		para_add(tv, ROLE_DEFAULT, xstrdup(n->observation));
	}

	buf_init(&b);
	buf_printf(&b, "#%lld depth %d child %d role %s", (long long)n->id,
	    n->depth, n->ordinal + 1, n->role != NULL ? n->role : "?");
	if (n->terminal)
		buf_adds(&b, " terminal");
	if (n->chosen)
		buf_adds(&b, " chosen");
	if (n->origin != NULL && strcmp(n->origin, "imported") != 0)
		buf_printf(&b, " (%s)", n->origin);
	para_add(tv, ROLE_HEADER, xstrdup("node"));
	para_add(tv, ROLE_DEFAULT, buf_take(&b));
	if (n->child_count > 0) {
		buf_printf(&b, "%lld children, %lld nodes, %lld leaves",
		    (long long)n->child_count, (long long)n->subtree_size,
		    (long long)n->leaf_count);
		if (n->outcome_leaves > 0)
			buf_printf(&b, ", %lld/%lld ok (%.0f%%)",
			    (long long)n->ok_leaves,
			    (long long)n->outcome_leaves,
			    100.0 * (double)n->ok_leaves /
			    (double)n->outcome_leaves);
		if (cn_hasval(n->best_leaf_reward))
			buf_printf(&b, ", best leaf reward %g",
			    n->best_leaf_reward);
		para_add(tv, ROLE_HEADER, xstrdup("subtree"));
		para_add(tv, ROLE_DEFAULT, buf_take(&b));
	}
	para_add(tv, ROLE_HEADER, xstrdup("signals"));
	for (i = 0; i < CN_SIG_COUNT; i++) {
		if (!cn_hasval(n->sig[i]))
			continue;
		fmt_val(num, sizeof num, n->sig[i], i == CN_SIG_VISITS);
		para_add(tv, ROLE_DEFAULT, xasprintf("  %-10s %.10g",
		    cn_sig_names[i], n->sig[i]));
	}
	for (k = 0; k < n->nmore; k++)
		para_add(tv, ROLE_DEFAULT, xasprintf("  %-10s %.10g",
		    n->more[k].name, n->more[k].value));
	para_add(tv, ROLE_HEADER, xasprintf("annotations (%lld)",
	    (long long)n->annotation_count));
	if (n->annotation_count > 0 &&
	    store_annotations_each(t->st, n->id, annot_cb, tv, &cause) != 0)
		tui_error(t, "annotations", cause);
}

/*
 * One wrapped line of t as sanitized text of its own (sharing t's bytes)
 * with the escape spans that fall in it, so they keep their role.
 */
static void
line_view(const struct text_safe *t, const struct text_line *tl,
    struct text_safe *out)
{
	size_t	k, a, b;

	out->s = t->s + tl->off;
	out->len = tl->len;
	out->nesc = 0;
	for (k = 0; k < t->nesc; k++) {
		a = t->esc[k].off;
		b = a + t->esc[k].len;
		if (b <= tl->off || a >= tl->off + tl->len)
			continue;
		if (out->nesc == out->esccap) {
			out->esccap = out->esccap == 0 ? 8 : out->esccap * 2;
			out->esc = xreallocarray(out->esc, out->esccap,
			    sizeof *out->esc);
		}
		a = a < tl->off ? tl->off : a;
		b = b > tl->off + tl->len ? tl->off + tl->len : b;
		out->esc[out->nesc].off = a - tl->off;
		out->esc[out->nesc].len = b - a;
		out->nesc++;
	}
}

/* The detail pane of the cursor node, wrapped to its width. */
static void
draw_detail(struct view *v)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	const struct cn_node	*n = tm_cursor_node(tv->tm);
	WINDOW			*w = t->w_detail;
	struct text_safe	 ts, line;
	struct text_line	 tl;
	size_t			 i, pos;
	int			 h, width, y = 0, skip;
	attr_t			 a;

	if (w == NULL)
		return;
	getmaxyx(w, h, width);
	werase(w);
	if (n == NULL)
		return;
	if (tv->detail_id != n->id)
		detail_build(v, n);
	skip = tv->dscroll;
	text_safe_init(&ts);
	text_safe_init(&line);
	for (i = 0; i < tv->nparas && y < h; i++) {
		text_sanitize_str(&ts, tv->paras[i].text, TEXT_KEEP_NEWLINES);
		a = colors_attr(tv->paras[i].role);
		pos = 0;
		if (ts.len == 0) {
			if (skip-- <= 0)
				y++;
			continue;
		}
		while (y < h && text_wrap_next(ts.s, ts.len, width, &pos,
		    &tl)) {
			if (skip > 0) {
				skip--;
				continue;
			}
			line_view(&ts, &tl, &line);
			wmove(w, y++, 0);
			draw_safe(w, &line, width, a, 0, tv->query);
		}
	}
	if (y == 0 && tv->dscroll > 0)
		tv->dscroll--;
	text_safe_free(&ts);
	free(line.esc);		/* line.s points into ts */
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
	draw_detail(v);
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

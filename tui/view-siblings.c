/*
 * view-siblings.c - the sibling comparison view: the children of one node
 * as rows, every signal any of them has as a column with each child's
 * value and its rank among the siblings. Cells whose rank differs from
 * the child's rank under the reference signal are marked, and so is the
 * child the search chose. Reads the children once (at most SIB_MAX) when
 * opened; the ranking is sib-rank.c.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "col-scale.h"
#include "list-cursor.h"
#include "sib-rank.h"
#include "tree-model.h"
#include "tui-int.h"

#define SIB_MAX		1000	/* children read; more are counted only */
#define CELL_W		12	/* "!0.810 #12 " */
#define TEXT_MIN	20

struct sib_sig {
	char		*name;
	double		 value;
};

struct sib_row {
	int64_t		 id;
	char		*text;
	int		 chosen;
	struct sib_sig	*sig;
	size_t		 nsig;
};

struct sib_view {
	int64_t		 parent;
	int64_t		 focus;		/* the child the cursor starts on */
	char		*addr;		/* the parent's */
	int64_t		 total;		/* its children, read or not */
	struct sib_row	*rows;
	size_t		 n;
	char		**names;	/* signals, common ones first */
	size_t		 nnames;
	char		(*hdr)[32];
	double		*vals;		/* n x nnames */
	int		*ranks;
	int		 ref;		/* reference column */
	int		 cursor, top;
	int		 ndisagree;
};

static struct sib_view *
sv_of(struct view *v)
{
	return v->data;
}

static int
row_cb(const struct cn_node *n, void *arg)
{
	struct sib_view	*sv = arg;
	struct sib_row	*r;
	size_t		 k, m = 0;
	int		 s;

	sv->rows = xreallocarray(sv->rows, sv->n + 1, sizeof *sv->rows);
	r = &sv->rows[sv->n++];
	r->id = n->id;
	r->text = xstrdup(n->text != NULL ? n->text : "");
	r->chosen = n->chosen;
	r->sig = xreallocarray(NULL, CN_SIG_COUNT + n->nmore + 1,
	    sizeof *r->sig);
	for (s = 0; s < CN_SIG_COUNT; s++) {
		if (!cn_hasval(n->sig[s]))
			continue;
		r->sig[m].name = xstrdup(cn_sig_names[s]);
		r->sig[m++].value = n->sig[s];
	}
	for (k = 0; k < n->nmore; k++) {
		r->sig[m].name = xstrdup(n->more[k].name);
		r->sig[m++].value = n->more[k].value;
	}
	r->nsig = m;
	return 0;
}

static int
name_index(const struct sib_view *sv, const char *name)
{
	return cn_name_index((const char *const *)sv->names,
	    (int)sv->nnames, name);
}

/* The value matrix, the ranks and the disagreements with the reference. */
static void
sv_rank(struct sib_view *sv)
{
	double	*col;
	int	*rk;
	size_t	 i, k;

	free(sv->ranks);
	sv->ranks = xcalloc(sv->n * sv->nnames + 1, sizeof *sv->ranks);
	col = xcalloc(sv->n + 1, sizeof *col);
	rk = xcalloc(sv->n + 1, sizeof *rk);
	for (k = 0; k < sv->nnames; k++) {
		for (i = 0; i < sv->n; i++)
			col[i] = sv->vals[i * sv->nnames + k];
		sib_rank(col, sv->n, rk);
		for (i = 0; i < sv->n; i++)
			sv->ranks[i * sv->nnames + k] = rk[i];
	}
	free(col);
	free(rk);
	sv->ndisagree = 0;
	for (i = 0; i < sv->n && sv->nnames > 0; i++)
		for (k = 0; k < sv->nnames; k++)
			sv->ndisagree += sib_rank_disagrees(
			    sv->ranks[i * sv->nnames + k],
			    sv->ranks[i * sv->nnames + (size_t)sv->ref]);
}

static void
sv_clear(struct sib_view *sv)
{
	size_t	i, k;

	for (i = 0; i < sv->n; i++) {
		free(sv->rows[i].text);
		for (k = 0; k < sv->rows[i].nsig; k++)
			free(sv->rows[i].sig[k].name);
		free(sv->rows[i].sig);
	}
	free(sv->rows);
	sv->rows = NULL;
	sv->n = 0;
	xfree_strv(sv->names, sv->nnames);
	sv->names = NULL;
	sv->nnames = 0;
	free(sv->hdr);
	free(sv->vals);
	free(sv->ranks);
	sv->hdr = NULL;
	sv->vals = NULL;
	sv->ranks = NULL;
}

/* Reads the children of sv->parent and ranks them. */
static int
sv_read(struct tui *t, struct sib_view *sv, char **cause)
{
	struct cn_node	 p;
	char		*ref;
	size_t		 i, k;
	int		 s, rc, j;

	ref = sv->nnames > 0 ? xstrdup(sv->names[sv->ref]) : NULL;
	sv_clear(sv);
	cn_node_init(&p);
	rc = store_node_get(t->st, sv->parent, &p, cause);
	if (rc == 0 && cause != NULL)
		*cause = xasprintf("no node #%lld", (long long)sv->parent);
	if (rc <= 0) {
		free(ref);
		return -1;
	}
	sv->total = p.child_count;
	cn_node_clear(&p);
	if (store_children_each(t->st, sv->parent, 0, SIB_MAX, row_cb, sv,
	    cause) != 0) {
		free(ref);
		return -1;
	}
	/* Common signals in their usual order, then the others as found. */
	for (s = 0; s < CN_SIG_COUNT; s++)
		for (i = 0; i < sv->n; i++)
			for (k = 0; k < sv->rows[i].nsig; k++)
				if (strcmp(sv->rows[i].sig[k].name,
				    cn_sig_names[s]) == 0 &&
				    name_index(sv, cn_sig_names[s]) < 0) {
					sv->names = xreallocarray(sv->names,
					    sv->nnames + 1, sizeof *sv->names);
					sv->names[sv->nnames++] =
					    xstrdup(cn_sig_names[s]);
				}
	for (i = 0; i < sv->n; i++)
		for (k = 0; k < sv->rows[i].nsig; k++)
			if (name_index(sv, sv->rows[i].sig[k].name) < 0) {
				sv->names = xreallocarray(sv->names,
				    sv->nnames + 1, sizeof *sv->names);
				sv->names[sv->nnames++] =
				    xstrdup(sv->rows[i].sig[k].name);
			}
	sv->vals = xcalloc(sv->n * sv->nnames + 1, sizeof *sv->vals);
	for (i = 0; i < sv->n * sv->nnames; i++)
		sv->vals[i] = CN_NOVAL;
	for (i = 0; i < sv->n; i++)
		for (k = 0; k < sv->rows[i].nsig; k++) {
			j = name_index(sv, sv->rows[i].sig[k].name);
			sv->vals[i * sv->nnames + (size_t)j] =
			    sv->rows[i].sig[k].value;
		}
	sv->hdr = xcalloc(sv->nnames + 1, sizeof *sv->hdr);
	col_scale_headers((const char *const *)sv->names, sv->nnames,
	    CELL_W - 3, sv->hdr);
	/* The reference stays across reloads; q is the first choice. */
	sv->ref = 0;
	if (ref != NULL && name_index(sv, ref) >= 0)
		sv->ref = name_index(sv, ref);
	else if (name_index(sv, "q") >= 0)
		sv->ref = name_index(sv, "q");
	free(ref);
	sv_rank(sv);
	for (i = 0; i < sv->n; i++)
		if (sv->rows[i].id == sv->focus)
			sv->cursor = (int)i;
	return 0;
}

static int
sv_open(struct view *v, char **cause)
{
	struct tui		*t = v->tui;
	struct sib_view		*sv;
	struct cn_node		 n;
	int			 rc;

	sv = xcalloc(1, sizeof *sv);
	v->data = sv;
	/* A node with children compares them; a leaf, it and its siblings. */
	cn_node_init(&n);
	rc = store_node_get(t->st, t->open_compare, &n, cause);
	if (rc == 0 && cause != NULL)
		*cause = xasprintf("no node #%lld",
		    (long long)t->open_compare);
	if (rc <= 0)
		goto fail;
	if (n.child_count > 0 || n.parent_id == 0)
		sv->parent = n.id;
	else {
		sv->parent = n.parent_id;
		sv->focus = n.id;
	}
	cn_node_clear(&n);
	sv->addr = store_node_address(t->st, sv->parent);
	if (sv_read(t, sv, cause) != 0)
		goto fail;
	return 0;
fail:
	cn_node_clear(&n);
	tui_view_close(v);
	return -1;
}

static void
sv_close(struct view *v)
{
	struct sib_view	*sv = sv_of(v);

	sv_clear(sv);
	free(sv->addr);
}

/* How many columns fit beside the text, and their width. */
static int
sv_fit(const struct sib_view *sv, int width, int *colw)
{
	int	n = 0;

	while ((size_t)n < sv->nnames && (n + 1) * CELL_W + TEXT_MIN <= width)
		n++;
	*colw = n * CELL_W;
	return n;
}

static void
sv_draw_header(struct view *v, int width)
{
	struct sib_view	*sv = sv_of(v);
	WINDOW		*w = v->tui->w_header;
	attr_t		 ha = colors_attr(ROLE_HEADER);
	char		 title[64], cell[48];
	int		 colw, ncols, k;

	if (w == NULL)
		return;
	ncols = sv_fit(sv, width, &colw);
	draw_line_bg(w, 0, ha);
	if (ncols < (int)sv->nnames)
		snprintf(title, sizeof title, "children (%lld) +%d cols",
		    (long long)sv->total, (int)sv->nnames - ncols);
	else
		snprintf(title, sizeof title, "children (%lld)",
		    (long long)sv->total);
	wmove(w, 0, 0);
	draw_str(w, title, width - colw, ha);
	wmove(w, 0, width - colw);
	for (k = 0; k < ncols; k++) {
		/* The reference column's header says so. */
		snprintf(cell, sizeof cell, " %s%s", sv->hdr[k],
		    k == sv->ref ? "=" : "");
		draw_str(w, cell, CELL_W, k == sv->ref ? ha | A_BOLD : ha);
		wmove(w, 0, width - colw + (k + 1) * CELL_W);
	}
}

static void
sv_draw(struct view *v)
{
	struct tui	*t = v->tui;
	struct sib_view	*sv = sv_of(v);
	WINDOW		*w = t->w_main;
	struct text_safe ts;
	attr_t		 base, a;
	char		 num[32], cell[48];
	int		 h, width, y, colw, ncols, k, r, ref, dis;
	size_t		 i;

	if (w == NULL)
		return;
	getmaxyx(w, h, width);
	sv_draw_header(v, width);
	ncols = sv_fit(sv, width, &colw);
	list_cursor_show(sv->cursor, &sv->top, h);
	for (y = 0; y < h; y++) {
		i = (size_t)(sv->top + y);
		wmove(w, y, 0);
		if (i >= sv->n) {
			wclrtoeol(w);
			continue;
		}
		base = colors_attr((int)i == sv->cursor ? ROLE_SELECTED :
		    ROLE_DEFAULT);
		draw_line_bg(w, y, base);
		wmove(w, y, 0);
		/* The child the search chose. */
		draw_plain(w, sv->rows[i].chosen ? "* " : "  ", 2,
		    (int)i == sv->cursor ? base : colors_attr(ROLE_CHOSEN));
		text_safe_init(&ts);
		text_sanitize_str(&ts, sv->rows[i].text, 0);
		draw_safe(w, &ts, width - colw - 2, sv->rows[i].chosen &&
		    (int)i != sv->cursor ? colors_attr(ROLE_CHOSEN) : base,
		    (int)i == sv->cursor, NULL);
		text_safe_free(&ts);
		ref = sv->ranks[i * sv->nnames + (size_t)sv->ref];
		for (k = 0; k < ncols; k++) {
			r = sv->ranks[i * sv->nnames + (size_t)k];
			dis = sib_rank_disagrees(r, ref);
			fmt_val(num, sizeof num, sv->vals[i * sv->nnames +
			    (size_t)k], strcmp(sv->names[k], "visits") == 0);
			/* The mark leads: it reads with its own cell. */
			if (r > 0)
				snprintf(cell, sizeof cell, "%s%5s #%-3d",
				    dis ? "!" : " ", num, r);
			else
				snprintf(cell, sizeof cell, " %5s", num);
			a = base;
			if (dis && (int)i != sv->cursor)
				a = colors_attr(ROLE_BAD);
			wmove(w, y, width - colw + k * CELL_W);
			draw_plain(w, cell, CELL_W, a);
		}
	}
}

static void
sv_status(struct view *v, struct cn_buf *b)
{
	struct sib_view	*sv = sv_of(v);

	buf_printf(b, "compare %s", sv->addr != NULL ? sv->addr : "?");
	if (sv->n > 0)
		buf_printf(b, " %d/%lld", sv->cursor + 1, (long long)sv->n);
	if (sv->nnames > 0)
		buf_printf(b, " | ref %s | %d disagree", sv->names[sv->ref],
		    sv->ndisagree);
}

static int
set_ref(struct view *v, const char *name)
{
	struct sib_view	*sv = sv_of(v);
	size_t		 k;

	while (*name == ' ' || *name == '-')
		name++;
	for (k = 0; k < sv->nnames; k++)
		if (strcmp(sv->names[k], name) == 0 ||
		    strcmp(sv->hdr[k], name) == 0)
			break;
	if (k == sv->nnames) {
		tui_message(v->tui, 1, "compare: no signal '%s' here", name);
		return TUI_HANDLED | TUI_REDRAW;
	}
	sv->ref = (int)k;
	sv_rank(sv);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
sv_action(struct view *v, enum action a, const char *arg)
{
	struct tui	*t = v->tui;
	struct sib_view	*sv = sv_of(v);
	int		 h = t->w_main != NULL ? getmaxy(t->w_main) : 1;

	if (list_cursor_move(&sv->cursor, sv->n, h, a))
		return TUI_HANDLED | TUI_REDRAW;
	switch (a) {
	case ACTION_SORT_NEXT:
		if (arg != NULL)
			return set_ref(v, arg);
		if (sv->nnames == 0)
			break;
		sv->ref = (sv->ref + 1) % (int)sv->nnames;
		sv_rank(sv);
		break;
	case ACTION_OPEN:
		/* Back to the tree, on that child. */
		if (sv->n == 0)
			break;
		return tui_goto_id(t, sv->rows[sv->cursor].id);
	default:
		return 0;
	}
	list_cursor_clamp(&sv->cursor, sv->n);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
sv_reload(struct view *v, char **cause)
{
	return sv_read(v->tui, sv_of(v), cause);
}

const struct view_ops view_siblings_ops = {
	.name = "compare",
	.keymap = KEYMAP_TREE,
	.open = sv_open,
	.draw = sv_draw,
	.action = sv_action,
	.reload = sv_reload,
	.status = sv_status,
	.close = sv_close,
};

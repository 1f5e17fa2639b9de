/*
 * tree-detail.c - the tree view's detail pane: what the cursor node is
 * (path, an action's headline, text, observation, signals, annotations),
 * wrapped to the pane, diffs coloured, and scrolled no further than its
 * last full page. Reads the store only when the cursor moves to another
 * node.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff-lines.h"
#include "row-text.h"
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

/*
 * Adds text as paragraphs: runs of plain lines as one, each line of a
 * diff found in it as one of its own with its diff role. Trace text is
 * untrusted: it is only cut at '\n' here and sanitized when drawn.
 */
static void
para_text(struct tree_view *tv, const char *text)
{
	struct diff_scan	 ds;
	enum theme_role		 role;
	const char		*line, *nl, *next, *run = NULL;
	size_t			 len, nextlen;

	memset(&ds, 0, sizeof ds);
	for (line = text; line != NULL; line = next) {
		nl = strchr(line, '\n');
		len = nl != NULL ? (size_t)(nl - line) : strlen(line);
		next = nl != NULL ? nl + 1 : NULL;
		nextlen = next != NULL ? strcspn(next, "\n") : 0;
		role = diff_line_role(&ds, line, len, next, nextlen);
		if (role == ROLE_DEFAULT) {
			if (run == NULL)
				run = line;
			continue;
		}
		if (run != NULL)
			para_add(tv, ROLE_DEFAULT, xstrndup(run,
			    (size_t)(line - 1 - run)));
		run = NULL;
		para_add(tv, role, xstrndup(line, len));
	}
	if (run != NULL)
		para_add(tv, ROLE_DEFAULT, xstrdup(run));
}

/* Levels of the path shown above the node in the detail pane. */
#define DETAIL_PATH_MAX	64

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
	const char		*head, *rest;
	int			 i, more;
	size_t			 k, hlen;

	tree_paras_free(tv);
	tv->detail_id = n->id;
	tv->dscroll = 0;
	buf_init(&c.b);
	c.n = 0;
	/* The nearest levels only: a 100,000-deep node has a long way up. */
	if (store_ancestors_near(t->st, n->id, DETAIL_PATH_MAX, crumb_cb, &c,
	    &more, &cause) != 0)
		tui_error(t, "path", cause);
	if (more) {
		buf_init(&b);
		buf_printf(&b, "(%d above) ", n->depth - DETAIL_PATH_MAX);
		buf_add(&b, c.b.s, c.b.len);
		buf_free(&c.b);
		c.b = b;
	}
	crumb_cb(n, &c);
	para_add(tv, ROLE_HEADER, xstrdup("path"));
	para_add(tv, ROLE_DEFAULT, buf_take(&c.b));

	row_text(n, &head, &hlen);
	if (n->role != NULL && strcmp(n->role, "action") == 0) {
		/* An agent's action: its headline, then the thoughts and
		 * arguments. */
		para_add(tv, ROLE_HEADER, xstrdup("action"));
		para_add(tv, ROLE_DEFAULT, xstrndup(head, hlen));
		rest = head + hlen + strspn(head + hlen, "\n");
		if (*rest != '\0') {
			para_add(tv, ROLE_HEADER, xstrdup("text"));
			para_text(tv, rest);
		}
	} else {
		para_add(tv, ROLE_HEADER, xstrdup("text"));
		para_text(tv, n->text != NULL ? n->text : "");
	}
	if (n->observation != NULL) {
		para_add(tv, ROLE_HEADER, xstrdup("observation"));
		para_text(tv, n->observation);
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
		if (out->nesc == out->esccap)
			out->esc = xgrow(out->esc, &out->esccap, 8,
			    sizeof *out->esc);
		a = a < tl->off ? tl->off : a;
		b = b > tl->off + tl->len ? tl->off + tl->len : b;
		out->esc[out->nesc].off = a - tl->off;
		out->esc[out->nesc].len = b - a;
		out->nesc++;
	}
}

/*
 * Wraps paragraph p of the detail pane to width; each line goes to cb
 * (when not NULL) with its sanitized text. Returns the number of lines.
 */
static int
para_lines(const struct para *p, int width, struct text_safe *ts,
    void (*cb)(const struct text_safe *, const struct text_line *, void *),
    void *arg)
{
	struct text_line	 tl;
	size_t			 pos = 0;
	int			 n = 0;

	text_sanitize_str(ts, p->text, TEXT_KEEP_NEWLINES);
	if (ts->len == 0) {
		if (cb != NULL)
			cb(ts, NULL, arg);
		return 1;
	}
	while (text_wrap_next(ts->s, ts->len, width, &pos, &tl)) {
		if (cb != NULL)
			cb(ts, &tl, arg);
		n++;
	}
	return n;
}

struct dline {
	struct view	*v;
	WINDOW		*w;
	attr_t		 a;
	int		 h, width, y, skip;
	struct text_safe line;
};

static void
dline_cb(const struct text_safe *ts, const struct text_line *tl, void *arg)
{
	struct dline		*d = arg;
	struct tree_view	*tv = d->v->data;

	if (d->skip > 0) {
		d->skip--;
		return;
	}
	if (d->y >= d->h)
		return;
	if (tl != NULL) {
		line_view(ts, tl, &d->line);
		wmove(d->w, d->y, 0);
		draw_safe(d->w, &d->line, d->width, d->a, 0, tv->query);
	}
	d->y++;
}

void
tree_detail_draw(struct view *v)
{
	struct tui		*t = v->tui;
	struct tree_view	*tv = tv_of(v);
	const struct cn_node	*n = tm_cursor_node(tv->tm);
	WINDOW			*w = t->w_detail;
	struct text_safe	 ts;
	struct dline		 d;
	size_t			 i;
	int			 total = 0;

	if (w == NULL)
		return;
	memset(&d, 0, sizeof d);
	d.v = v;
	d.w = w;
	getmaxyx(w, d.h, d.width);
	werase(w);
	if (n == NULL)
		return;
	if (tv->detail_id != n->id)
		detail_build(v, n);
	text_safe_init(&ts);
	text_safe_init(&d.line);
	/*
	 * The last page is full: scrolling stops there, so no key is lost
	 * scrolling past the end and the first K moves back at once.
	 */
	for (i = 0; i < tv->nparas; i++)
		total += para_lines(&tv->paras[i], d.width, &ts, NULL, NULL);
	tv->dmax = total > d.h ? total - d.h : 0;
	if (tv->dscroll > tv->dmax)
		tv->dscroll = tv->dmax;
	d.skip = tv->dscroll;
	for (i = 0; i < tv->nparas && d.y < d.h; i++) {
		d.a = colors_attr(tv->paras[i].role);
		para_lines(&tv->paras[i], d.width, &ts, dline_cb, &d);
	}
	text_safe_free(&ts);
	free(d.line.esc);	/* d.line.s points into ts */
}

void
tree_detail_scroll(struct tree_view *tv, struct tui *t, enum action a)
{
	int	page = t->w_detail != NULL ? (getmaxy(t->w_detail) + 1) / 2 : 1;

	switch (a) {
	case ACTION_DETAIL_SCROLL_DOWN:
		tv->dscroll += page;
		break;
	case ACTION_DETAIL_SCROLL_UP:
		tv->dscroll -= page;
		break;
	case ACTION_DETAIL_LINE_DOWN:
		tv->dscroll++;
		break;
	case ACTION_DETAIL_LINE_UP:
		tv->dscroll--;
		break;
	default:
		break;
	}
	/* dmax is from the last draw: the pane has been drawn by now. */
	if (tv->dscroll > tv->dmax)
		tv->dscroll = tv->dmax;
	if (tv->dscroll < 0)
		tv->dscroll = 0;
}

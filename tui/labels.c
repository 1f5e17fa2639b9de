/*
 * labels.c - the label keys of the tree view. A key writes through
 * store-label.h (one short transaction, committed before the key returns),
 * keeps the rows it replaced for undo, and asks for a reload so the mark
 * drawn is the one on disk. Undo and redo restore exactly those rows, so
 * they never touch another author's labels.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "labels-int.h"

static void
step_free(struct step *s)
{
	store_label_set_free(&s->rows);
	free(s->note);
	memset(s, 0, sizeof *s);
}

static void
stack_clear(struct stack *k)
{
	size_t	i;

	for (i = 0; i < k->n; i++)
		step_free(&k->v[i]);
	free(k->v);
	k->v = NULL;
	k->n = 0;
}

/* Pushes s (adopted) onto k. */
static void
stack_push(struct stack *k, struct step *s)
{
	k->v = xreallocarray(k->v, k->n + 1, sizeof *k->v);
	k->v[k->n++] = *s;
	memset(s, 0, sizeof *s);
}

struct labels *
labels_of(struct tui *t)
{
	if (t->labels == NULL) {
		t->labels = xcalloc(1, sizeof *t->labels);
		t->labels->author = xstrdup(store_label_author(t->author));
		t->labels->queue = queue_new();
		t->labels->find = -1;
	}
	return t->labels;
}

void
labels_free(struct labels *l)
{
	if (l == NULL)
		return;
	stack_clear(&l->undo);
	stack_clear(&l->redo);
	queue_free(l->queue);
	store_close(l->wst);
	free(l->find_tag);
	free(l->find_desc);
	free(l->author);
	free(l);
}

/* The writing connection, opened on first use; NULL (said) if it fails. */
static struct store *
wstore(struct tui *t)
{
	struct labels	*l = labels_of(t);
	char		*cause = NULL, *c2;

	if (l->wst != NULL)
		return l->wst;
	if (store_open(&l->wst, t->dbpath, 0, &cause) != 0 ||
	    store_label_writer_tune(l->wst, &cause) != 0) {
		store_close(l->wst);
		c2 = xasprintf("cannot write labels to %s: %s", t->dbpath,
		    cause);
		free(cause);
		tui_error(t, "label", c2);
		l->wst = NULL;
	}
	return l->wst;
}

/* The tree view's state when it is the current view, else NULL. */
struct tree_view *
labels_tree(struct tui *t)
{
	struct view	*v = tui_view(t, VIEW_TREE);

	if (t->cur != v || !v->is_open)
		return NULL;
	return v->data;
}

const struct cn_node *
labels_cursor(struct tui *t)
{
	struct tree_view	*tv = labels_tree(t);

	return tv != NULL ? tm_cursor_node(tv->tm) : NULL;
}

/* A new history step: the redo list no longer follows from it. */
static void
record(struct labels *l, struct step *s)
{
	stack_clear(&l->redo);
	stack_push(&l->undo, s);
}

/* After a label in queue mode: on to the next unlabeled step. */
static void
queue_advance(struct tui *t, struct labels *l)
{
	struct tree_view	*tv = labels_tree(t);
	char			*cause = NULL;
	int64_t			 id;
	int			 r;

	if (!queue_on(l->queue) || tv == NULL)
		return;
	/* A label in another trace than the queue's: leave the queue. */
	if (queue_trace(l->queue) != tv->trace.id) {
		queue_stop(l->queue);
		return;
	}
	r = queue_next(l->queue, t, l->author, 1, &id, &cause);
	if (r < 0) {
		tui_error(t, "queue", cause);
		return;
	}
	if (r == 0) {
		queue_stop(l->queue);
		tui_message(t, 0, "queue done: every step in it is labeled");
		return;
	}
	if (tm_goto(tv->tm, id, &cause) != 0)
		tui_error(t, "queue", cause);
}

/*
 * After a label write: the tree reads its window again (the rows' label
 * counts and fold summaries), not the trace's signal ranges, which a
 * label cannot change; the other views are read again when they are
 * shown (views_stale), not on the key's path: reading them costs a big
 * database tens of milliseconds a key. The write is this process's own:
 * the data_version poll need not reload for it.
 */
static int
labels_refreshed(struct tui *t)
{
	struct tree_view	*tv = labels_tree(t);
	char			*cause = NULL;

	t->data_version = store_data_version(t->st);
	t->views_stale = 1;
	if (tv != NULL && tm_reload(tv->tm, &cause) != 0)
		tui_error(t, "reload", cause);
	return TUI_HANDLED | TUI_REDRAW;
}

/* Writes a label on the cursor node with fn; records it for undo. */
int
labels_write(struct tui *t, const char *what,
    int (*fn)(struct store *, int64_t, const char *, const void *,
    struct store_label_set *, char **), const void *arg)
{
	struct labels		*l = labels_of(t);
	const struct cn_node	*n = labels_cursor(t);
	struct step		 s;
	char			*cause = NULL;

	if (n == NULL)
		return TUI_HANDLED;
	if (wstore(t) == NULL)
		return TUI_HANDLED | TUI_REDRAW;
	memset(&s, 0, sizeof s);
	s.node = n->id;
	if (fn(l->wst, n->id, l->author, arg, &s.rows, &cause) != 0) {
		step_free(&s);
		tui_error(t, what, cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	record(l, &s);
	tui_message(t, 0, "%s (%s)", what, l->author);
	queue_advance(t, l);
	return labels_refreshed(t);
}

int
labels_do_edit(struct store *st, int64_t node, const char *author,
    const void *e, struct store_label_set *before, char **cause)
{
	return store_label_edit(st, node, author, e, before, cause);
}

static int
do_first_error(struct store *st, int64_t node, const char *author,
    const void *arg, struct store_label_set *before, char **cause)
{
	(void)arg;
	return store_label_first_error(st, node, author, before, cause);
}

static int
do_remove(struct store *st, int64_t node, const char *author,
    const void *arg, struct store_label_set *before, char **cause)
{
	(void)arg;
	return store_label_remove(st, node, author, before, cause);
}

static int
rate(struct tui *t, int rating)
{
	struct store_label_edit	e;
	char			what[32];

	memset(&e, 0, sizeof e);
	e.mask = STORE_LABEL_RATING;
	e.rating = rating;
	snprintf(what, sizeof what, "rated %+d", rating);
	return labels_write(t, what, labels_do_edit, &e);
}

/*
 * Records the resolved label of a step other authors label: text's
 * rating as yours, with the tag "resolved" (docs/labels.md), which takes
 * the step out of the disagreeing ones.
 */
static int
resolve_done(struct tui *t, const char *text)
{
	const struct cn_node		*n = labels_cursor(t);
	struct store_label_edit		 e;
	struct store_label_brief	 b;
	char				 what[32];
	int				 r;

	while (*text == ' ')
		text++;
	if (strcmp(text, "+1") == 0 || strcmp(text, "1") == 0)
		r = 1;
	else if (strcmp(text, "0") == 0)
		r = 0;
	else if (strcmp(text, "-1") == 0)
		r = -1;
	else {
		tui_message(t, 1, "resolve: expected +1, 0 or -1");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (n == NULL)
		return TUI_HANDLED;
	if (store_label_brief(t->st, n->id, labels_of(t)->author, 1, &b,
	    NULL) != 0 || b.others == 0) {
		tui_message(t, 1, "resolve: no other author labels this step");
		return TUI_HANDLED | TUI_REDRAW;
	}
	memset(&e, 0, sizeof e);
	e.mask = STORE_LABEL_RATING | STORE_LABEL_TAG_ADD;
	e.rating = r;
	e.tags = "resolved";
	snprintf(what, sizeof what, "resolved %+d", r);
	return labels_write(t, what, labels_do_edit, &e);
}

static int
pref_note_done(struct tui *t, const char *text)
{
	struct labels	*l = labels_of(t);
	struct step	 s;
	char		*cause = NULL;

	if (wstore(t) == NULL)
		return TUI_HANDLED | TUI_REDRAW;
	memset(&s, 0, sizeof s);
	s.pref = 1;
	s.chosen = l->chosen;
	s.rejected = l->rejected;
	s.note = *text != '\0' ? xstrdup(text) : NULL;
	s.node = s.chosen;
	if (store_pref_add(l->wst, s.chosen, s.rejected, l->author, s.note,
	    &s.pref_id, &cause) != 0) {
		step_free(&s);
		tui_error(t, "prefer", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	record(l, &s);
	l->mark = 0;
	tui_message(t, 0, "preferred #%lld over #%lld (%s)",
	    (long long)l->chosen, (long long)l->rejected, l->author);
	return TUI_HANDLED | TUI_RELOAD | TUI_REDRAW;
}

/* Asks for the optional note, then records the preference. */
static int
prefer_with_note(struct tui *t, int64_t chosen, int64_t rejected)
{
	labels_of(t)->chosen = chosen;
	labels_of(t)->rejected = rejected;
	tui_prompt(t, "why (optional, Enter to skip): ", "", pref_note_done,
	    NULL);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
prefer(struct tui *t, int current_wins)
{
	struct labels		*l = labels_of(t);
	const struct cn_node	*n = labels_cursor(t);

	if (n == NULL)
		return TUI_HANDLED;
	if (l->mark == 0) {
		tui_message(t, 1, "prefer: mark a step first (%s)",
		    "prefer-mark");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (l->mark == n->id) {
		tui_message(t, 1, "prefer: move to another child of the same"
		    " parent");
		return TUI_HANDLED | TUI_REDRAW;
	}
	return current_wins ? prefer_with_note(t, n->id, l->mark) :
	    prefer_with_note(t, l->mark, n->id);
}

/* Undo (from undo to redo) or redo (the other way). */
static int
history(struct tui *t, int redo)
{
	struct labels		*l = labels_of(t);
	struct stack		*from = redo ? &l->redo : &l->undo;
	struct stack		*to = redo ? &l->undo : &l->redo;
	struct tree_view	*tv = labels_tree(t);
	struct step		*s, back;
	char			*cause = NULL;
	int			 rc;

	if (from->n == 0) {
		tui_message(t, 0, "nothing to %s", redo ? "redo" : "undo");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (wstore(t) == NULL)
		return TUI_HANDLED | TUI_REDRAW;
	s = &from->v[from->n - 1];
	memset(&back, 0, sizeof back);
	back.pref = s->pref;
	back.node = s->node;
	if (s->pref) {
		back.chosen = s->chosen;
		back.rejected = s->rejected;
		back.note = xstrdup_or_null(s->note);
		if (s->pref_id != 0)
			rc = store_pref_remove(l->wst, s->pref_id, &cause);
		else
			rc = store_pref_add(l->wst, s->chosen, s->rejected,
			    l->author, s->note, &back.pref_id, &cause);
	} else
		rc = store_label_restore(l->wst, l->author, &s->rows,
		    &back.rows, &cause);
	if (rc != 0) {
		step_free(&back);
		tui_error(t, redo ? "redo" : "undo", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	step_free(s);
	from->n--;
	stack_push(to, &back);
	if (tv != NULL && tm_goto(tv->tm, back.node, &cause) != 0)
		tui_error(t, "undo", cause);
	tui_message(t, 0, "%s (%zu more to undo, %zu to redo)",
	    redo ? "redone" : "undone", l->undo.n, l->redo.n);
	return TUI_HANDLED | TUI_RELOAD | TUI_REDRAW;
}

static int
queue_done(struct tui *t, const char *text)
{
	struct labels		*l = labels_of(t);
	struct tree_view	*tv = labels_tree(t);
	char			*cause = NULL;
	int64_t			 id;
	int			 r;

	if (tv == NULL)
		return TUI_HANDLED;
	if (queue_start(l->queue, t, tv->trace.id, l->author,
	    *text != '\0' ? text : "tree", &cause) != 0) {
		tui_error(t, "queue", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if ((r = queue_next(l->queue, t, l->author, 0, &id, &cause)) < 0) {
		tui_error(t, "queue", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (r == 0) {
		queue_stop(l->queue);
		tui_message(t, 0, "queue: every step is labeled already");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (tm_goto(tv->tm, id, &cause) != 0)
		tui_error(t, "queue", cause);
	return TUI_HANDLED | TUI_REDRAW;
}

/* :authors [on|off]: shows or hides the other authors' labels. */
static int
authors(struct tui *t, const char *arg)
{
	while (arg != NULL && *arg == ' ')
		arg++;
	if (arg == NULL || *arg == '\0')
		t->set.label_others = !t->set.label_others;
	else if (strcmp(arg, "on") == 0)
		t->set.label_others = 1;
	else if (strcmp(arg, "off") == 0)
		t->set.label_others = 0;
	else {
		tui_message(t, 1, "authors: expected on or off");
		return TUI_HANDLED | TUI_REDRAW;
	}
	tui_message(t, 0, t->set.label_others ? "other authors' labels"
	    " shown (imported raters too)" : "other authors' labels hidden:"
	    " only yours in the gutter, ratings and finds");
	return TUI_HANDLED | TUI_REDRAW;
}

int
labels_action(struct view *v, enum action a, const char *arg)
{
	struct tui		*t = v->tui;
	struct labels		*l = labels_of(t);
	const struct cn_node	*n = labels_cursor(t);

	switch (a) {
	case ACTION_LABEL_GOOD:
		return rate(t, 1);
	case ACTION_LABEL_NEUTRAL:
		return rate(t, 0);
	case ACTION_LABEL_BAD:
		return rate(t, -1);
	case ACTION_LABEL_FIRST_ERROR:
		return labels_write(t, "first error", do_first_error, NULL);
	case ACTION_LABEL_CLEAR:
		return labels_write(t, "label removed", do_remove, NULL);
	case ACTION_LABEL_TAG:
		return labels_tag_action(t, arg);
	case ACTION_LABEL_NOTE:
		return labels_note_action(t, arg);
	case ACTION_LABEL_NOTE_EDITOR:
		return labels_note_editor(t);
	case ACTION_PREFER_MARK:
		if (n == NULL)
			return TUI_HANDLED;
		l->mark = l->mark == n->id ? 0 : n->id;
		tui_message(t, 0, l->mark != 0 ? "marked #%lld: go to a"
		    " sibling, then prefer (P) or reject (w) it" :
		    "mark removed from #%lld", (long long)n->id);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_PREFER:
		return prefer(t, 1);
	case ACTION_PREFER_REJECT:
		return prefer(t, 0);
	case ACTION_LABEL_UNDO:
		return history(t, 0);
	case ACTION_LABEL_REDO:
		return history(t, 1);
	case ACTION_LABEL_QUEUE:
		if (queue_on(l->queue)) {
			queue_stop(l->queue);
			tui_message(t, 0, "queue left (Q resumes it)");
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (arg != NULL && *arg != '\0')
			return queue_done(t, arg);
		tui_prompt(t, "queue order (tree, visits, random SEED,"
		    " disagree SIG SIG): ", queue_spec(l->queue) != NULL ?
		    queue_spec(l->queue) : "tree", queue_done, NULL);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_LABEL_FIND:
		return labels_find_action(t, arg);
	case ACTION_LABEL_FIND_NEXT:
		return labels_walk(t, 1);
	case ACTION_LABEL_AUTHORS:
		return authors(t, arg);
	case ACTION_LABEL_RESOLVE:
		if (arg != NULL && *arg != '\0')
			return resolve_done(t, arg);
		tui_prompt(t, "resolve as (+1, 0, -1): ", NULL, resolve_done,
		    NULL);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_COPY:
		return copy_action(t, arg);
	default:
		return 0;
	}
}

const char *
labels_gutter(struct tui *t, const struct cn_node *n, enum theme_role *role)
{
	struct store_label_brief	b;

	*role = ROLE_DEFAULT;
	if (n->annotation_count == 0 && (t->labels == NULL ||
	    t->labels->mark != n->id))
		return " ";
	if (t->labels != NULL && t->labels->mark == n->id) {
		*role = ROLE_MATCH;
		return "@";
	}
	if (store_label_brief(t->st, n->id, labels_of(t)->author,
	    t->set.label_others, &b, NULL) != 0)
		return " ";
	if (b.mine) {
		*role = b.rating > 0 ? ROLE_GOOD : b.rating < 0 ? ROLE_BAD :
		    ROLE_DEFAULT;
		if (b.first_error)
			return "!";
		if (b.rating != CN_NORATING)
			return b.rating > 0 ? "+" : b.rating < 0 ? "-" : "o";
		return b.note ? "*" : "#";
	}
	/* Others' labels alone: the fold summary counts them already. */
	*role = ROLE_DIM;
	return b.disagree ? "~" : " ";
}

double
labels_rating(struct tui *t, const struct cn_node *n)
{
	struct store_label_brief	b;

	if (n->annotation_count == 0 || store_label_brief(t->st, n->id,
	    labels_of(t)->author, t->set.label_others, &b, NULL) != 0)
		return CN_NOVAL;
	if (b.mine && b.rating != CN_NORATING)
		return b.rating;
	return b.other_rating != CN_NORATING ? b.other_rating : CN_NOVAL;
}

void
labels_status(struct tui *t, struct cn_buf *b)
{
	if (t->labels == NULL)
		return;
	if (queue_on(t->labels->queue)) {
		buf_adds(b, " | ");
		queue_status(t->labels->queue, b);
	}
	if (t->labels->mark != 0)
		buf_printf(b, " | marked #%lld", (long long)t->labels->mark);
	if (t->labels->find >= 0)
		buf_printf(b, " | %s %s", t->labels->walk ? "filter" : "labels",
		    t->labels->find_desc);
}

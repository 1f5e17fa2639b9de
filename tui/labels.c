/*
 * labels.c - the label keys of the tree view. A key writes through
 * store-label.h (one short transaction, committed before the key returns),
 * keeps the rows it replaced for undo, and asks for a reload so the mark
 * drawn is the one on disk. Undo and redo restore exactly those rows, so
 * they never touch another author's labels.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "labels.h"
#include "store-label.h"
#include "view-tree.h"

/* One step of the history: label rows replaced, or a preference added. */
struct step {
	int			 pref;		/* a preference, not labels */
	struct store_label_set	 rows;		/* the rows to put back */
	int64_t			 pref_id;	/* the preference (undo) */
	int64_t			 chosen, rejected;
	char			*note;
	int64_t			 node;		/* where the cursor goes */
};

struct stack {
	struct step	*v;
	size_t		 n;
};

struct labels {
	/*
	 * Writes go through a connection of their own, opened on the first
	 * label: browsing stays read-only (a file nobody may write can still
	 * be browsed), and the browsing connection sees each label as any
	 * other process's commit.
	 */
	struct store	*wst;
	char		*author;
	struct stack	 undo, redo;
	int64_t		 mark;		/* preference mark, 0: none */
	int64_t		 chosen;	/* the preference asking for its note */
	int64_t		 rejected;
	struct queue	*queue;
	int		 find;		/* STORE_FIND_*, -1: none */
	char		*find_tag;
	char		*find_desc;	/* as typed, for the status line */
	int		 walk;		/* n/N walk the find (:filter) */
};

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
static struct tree_view *
tree_of(struct tui *t)
{
	struct view	*v = tui_view(t, VIEW_TREE);

	if (t->cur != v || !v->is_open)
		return NULL;
	return v->data;
}

static const struct cn_node *
cursor_node(struct tui *t)
{
	struct tree_view	*tv = tree_of(t);

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
	struct tree_view	*tv = tree_of(t);
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
	struct tree_view	*tv = tree_of(t);
	char			*cause = NULL;

	t->data_version = store_data_version(t->st);
	t->views_stale = 1;
	if (tv != NULL && tm_reload(tv->tm, &cause) != 0)
		tui_error(t, "reload", cause);
	return TUI_HANDLED | TUI_REDRAW;
}

/* Writes a label on the cursor node with fn; records it for undo. */
static int
write_label(struct tui *t, const char *what,
    int (*fn)(struct store *, int64_t, const char *, const void *,
    struct store_label_set *, char **), const void *arg)
{
	struct labels		*l = labels_of(t);
	const struct cn_node	*n = cursor_node(t);
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

static int
do_edit(struct store *st, int64_t node, const char *author, const void *e,
    struct store_label_set *before, char **cause)
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
	return write_label(t, what, do_edit, &e);
}

/*
 * Records the resolved label of a step other authors label: text's
 * rating as yours, with the tag "resolved" (docs/labels.md), which takes
 * the step out of the disagreeing ones.
 */
static int
resolve_done(struct tui *t, const char *text)
{
	const struct cn_node		*n = cursor_node(t);
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
	return write_label(t, what, do_edit, &e);
}

static int
set_note(struct tui *t, const char *note)
{
	struct store_label_edit	e;

	memset(&e, 0, sizeof e);
	e.mask = STORE_LABEL_NOTE;
	e.note = note;
	return write_label(t, *note != '\0' ? "note saved" : "note removed",
	    do_edit, &e);
}

static int
note_done(struct tui *t, const char *text)
{
	return set_note(t, text);
}

/* The cursor node's note of this author (heap), or NULL. */
static char *
current_note(struct tui *t)
{
	const struct cn_node	*n = cursor_node(t);
	struct store_label	 lb;
	char			*note;

	if (n == NULL || store_label_get(t->st, n->id, labels_of(t)->author,
	    &lb, NULL) != 0)
		return NULL;
	note = lb.note;
	lb.note = NULL;
	store_label_clear(&lb);
	return note;
}

/*
 * Runs $EDITOR (else vi) on the note in a temporary file, with the
 * terminal given back to it, then takes the file as the note.
 */
static int
note_editor(struct tui *t)
{
	char		 path[] = "/tmp/canopy-note-XXXXXX", *note;
	const char	*text;
	const char	*ed = getenv("EDITOR");
	struct cn_buf	 b;
	FILE		*f;
	pid_t		 pid;
	int		 fd, status = -1, flags;
	size_t		 k;
	char		 chunk[4096];

	if (cursor_node(t) == NULL)
		return TUI_HANDLED;
	if ((fd = mkstemp(path)) < 0) {
		tui_message(t, 1, "note: %s", strerror(errno));
		return TUI_HANDLED | TUI_REDRAW;
	}
	note = current_note(t);
	if (note != NULL && write(fd, note, strlen(note)) < 0)
		status = -1;
	free(note);
	close(fd);
	def_prog_mode();
	endwin();
	if ((pid = fork()) == 0) {
		/* The name goes as "$1": a path is never parsed by the shell. */
		execl("/bin/sh", "sh", "-c", "${EDITOR:-vi} \"$1\"", "sh",
		    path, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
	reset_prog_mode();
	clearok(curscr, TRUE);
	if (pid < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		unlink(path);
		tui_message(t, 1, "note: %s failed; the note is unchanged",
		    ed != NULL && *ed != '\0' ? "$EDITOR" : "vi");
		return TUI_HANDLED | TUI_REDRAW;
	}
	buf_init(&b);
	if ((f = fopen(path, "r")) != NULL) {
		while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
			buf_add(&b, chunk, k);
		fclose(f);
	}
	unlink(path);
	/* Editors end the file with a newline the note does not need. */
	while (b.len > 0 && (b.s[b.len - 1] == '\n' || b.s[b.len - 1] == '\r'))
		b.s[--b.len] = '\0';
	text = b.s != NULL ? b.s : "";
	flags = set_note(t, text);
	buf_free(&b);
	return flags;
}

/* Toggles one tag: a name of the list, or its number in it (1-based). */
static int
tag_done(struct tui *t, const char *text)
{
	struct store_label_edit	 e;
	const char		*list = t->set.label_tags, *p, *c;
	char			*tag = NULL, *end, what[80];
	long			 k, i;
	int			 flags;

	while (*text == ' ')
		text++;
	if (*text == '\0')
		return TUI_HANDLED | TUI_REDRAW;
	k = strtol(text, &end, 10);
	if (*end == '\0' && k > 0) {
		for (p = list, i = 1; p != NULL && *p != '\0'; i++) {
			c = strchr(p, ',');
			if (i == k) {
				tag = c != NULL ? xasprintf("%.*s",
				    (int)(c - p), p) : xstrdup(p);
				break;
			}
			p = c != NULL ? c + 1 : NULL;
		}
		if (tag == NULL) {
			tui_message(t, 1, "tag: no tag number %ld", k);
			return TUI_HANDLED | TUI_REDRAW;
		}
	} else if (strchr(text, ',') != NULL) {
		tui_message(t, 1, "tag: a tag may not hold a comma");
		return TUI_HANDLED | TUI_REDRAW;
	} else
		tag = xstrdup(text);
	memset(&e, 0, sizeof e);
	e.mask = STORE_LABEL_TAG_TOGGLE;
	e.tags = tag;
	snprintf(what, sizeof what, "tag %.60s toggled", tag);
	flags = write_label(t, what, do_edit, &e);
	free(tag);
	return flags;
}

/* The picker: the configured tags, numbered, on the prompt line. */
static int
tag_picker(struct tui *t)
{
	struct cn_buf	 b;
	const char	*p, *c;
	int		 i;

	if (cursor_node(t) == NULL)
		return TUI_HANDLED;
	buf_init(&b);
	buf_adds(&b, "tag");
	for (p = t->set.label_tags, i = 1; p != NULL && *p != '\0'; i++) {
		c = strchr(p, ',');
		buf_printf(&b, " %d:%.*s", i, c != NULL ? (int)(c - p) :
		    (int)strlen(p), p);
		p = c != NULL ? c + 1 : NULL;
	}
	buf_adds(&b, " (number or name): ");
	tui_prompt(t, b.s, "", tag_done, NULL);
	buf_free(&b);
	return TUI_HANDLED | TUI_REDRAW;
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
	const struct cn_node	*n = cursor_node(t);

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
	struct tree_view	*tv = tree_of(t);
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
	struct tree_view	*tv = tree_of(t);
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

/* Goes to the next step the find matches, from the cursor, wrapping. */
static int
find_next(struct tui *t, int dir)
{
	struct labels		*l = labels_of(t);
	struct tree_view	*tv = tree_of(t);
	const struct cn_node	*n = cursor_node(t);
	char			*cause = NULL;
	int64_t			 id;
	int			 r, wrapped = 0;

	if (tv == NULL || n == NULL)
		return TUI_HANDLED;
	if (l->find < 0) {
		tui_message(t, 1, "no label find yet (F or :labels)");
		return TUI_HANDLED | TUI_REDRAW;
	}
	r = store_label_find(t->st, tv->trace.id, l->author,
	    t->set.label_others, l->find, l->find_tag, n->id, dir, &id,
	    &cause);
	if (r == 0) {
		wrapped = 1;
		r = store_label_find(t->st, tv->trace.id, l->author,
		    t->set.label_others, l->find, l->find_tag,
		    dir > 0 ? 0 : INT64_MAX, dir, &id, &cause);
	}
	if (r < 0) {
		tui_error(t, "labels", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (r == 0) {
		tui_message(t, 0, "labels %s: no step in this trace",
		    l->find_desc);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (tm_goto(tv->tm, id, &cause) != 0) {
		tui_error(t, "labels", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (wrapped)
		tui_message(t, 0, "labels %s: from the %s", l->find_desc,
		    dir > 0 ? "top" : "bottom");
	return TUI_HANDLED | TUI_REDRAW;
}

/*
 * The STORE_FIND_* kind text names ("rated", "unrated", "tag T" or
 * "tagged T", "disagree" or "disagreeing"), with *tag in text; -1.
 */
static int
find_kind(const char *text, const char **tag)
{
	*tag = NULL;
	if (strcmp(text, "rated") == 0)
		return STORE_FIND_RATED;
	if (strcmp(text, "unrated") == 0)
		return STORE_FIND_UNRATED;
	if (strcmp(text, "disagree") == 0 || strcmp(text, "disagreeing") == 0)
		return STORE_FIND_DISAGREE;
	if (strncmp(text, "tag ", 4) == 0 && text[4] != '\0') {
		*tag = text + 4;
		return STORE_FIND_TAGGED;
	}
	if (strncmp(text, "tagged ", 7) == 0 && text[7] != '\0') {
		*tag = text + 7;
		return STORE_FIND_TAGGED;
	}
	return -1;
}

int
labels_filter_looks(const char *text)
{
	const char	*tag;

	while (*text == ' ')
		text++;
	return find_kind(text, &tag) >= 0;
}

/* Sets the find from "rated", "unrated", "tag T" or "disagree". */
static int
find_done(struct tui *t, const char *text)
{
	struct labels	*l = labels_of(t);
	int		 kind;
	const char	*tag = NULL;

	while (*text == ' ')
		text++;
	if ((kind = find_kind(text, &tag)) < 0) {
		tui_message(t, 1, "labels: expected rated, unrated, tag T or"
		    " disagree, not '%s'", text);
		return TUI_HANDLED | TUI_REDRAW;
	}
	l->find = kind;
	free(l->find_tag);
	l->find_tag = xstrdup_or_null(tag);
	free(l->find_desc);
	l->find_desc = xstrdup(text);
	return find_next(t, 1);
}

int
labels_filter(struct tui *t, const char *text)
{
	struct labels	*l = labels_of(t);

	l->walk = 1;
	return find_done(t, text);
}

void
labels_filter_set(struct tui *t, const char *text)
{
	struct labels	*l = labels_of(t);
	const char	*tag;
	int		 kind;

	if ((kind = find_kind(text, &tag)) < 0)
		return;
	l->walk = 1;
	l->find = kind;
	free(l->find_tag);
	l->find_tag = xstrdup_or_null(tag);
	free(l->find_desc);
	l->find_desc = xstrdup(text);
}

const char *
labels_author(struct tui *t)
{
	return labels_of(t)->author;
}

int
labels_walking(struct tui *t)
{
	return t->labels != NULL && t->labels->walk && t->labels->find >= 0;
}

int
labels_walk(struct tui *t, int dir)
{
	return find_next(t, dir);
}

void
labels_walk_stop(struct tui *t)
{
	if (t->labels != NULL)
		t->labels->walk = 0;
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
	const struct cn_node	*n = cursor_node(t);
	char			*note;

	switch (a) {
	case ACTION_LABEL_GOOD:
		return rate(t, 1);
	case ACTION_LABEL_NEUTRAL:
		return rate(t, 0);
	case ACTION_LABEL_BAD:
		return rate(t, -1);
	case ACTION_LABEL_FIRST_ERROR:
		return write_label(t, "first error", do_first_error, NULL);
	case ACTION_LABEL_CLEAR:
		return write_label(t, "label removed", do_remove, NULL);
	case ACTION_LABEL_TAG:
		if (arg != NULL && *arg != '\0')
			return tag_done(t, arg);
		return tag_picker(t);
	case ACTION_LABEL_NOTE:
		if (arg != NULL && *arg != '\0')
			return set_note(t, arg);
		if (n == NULL)
			return TUI_HANDLED;
		note = current_note(t);
		tui_prompt(t, "note: ", note, note_done, NULL);
		free(note);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_LABEL_NOTE_EDITOR:
		return note_editor(t);
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
		if (arg != NULL && *arg != '\0')
			return find_done(t, arg);
		tui_prompt(t, "find labels (rated, unrated, tag T, disagree): ",
		    l->find_desc, find_done, NULL);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_LABEL_FIND_NEXT:
		return find_next(t, 1);
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

/*
 * labels-find.c - finding labeled steps: F (:labels) sets what to find
 * (rated, unrated, a tag, disagreeing) and goes to the next match in the
 * trace, wrapping; :filter with the same words makes n/N walk them.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "labels-int.h"

/* Goes to the next step the find matches, from the cursor, wrapping. */
static int
find_next(struct tui *t, int dir)
{
	struct labels		*l = labels_of(t);
	struct tree_view	*tv = labels_tree(t);
	const struct cn_node	*n = labels_cursor(t);
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

/* Sets the find: kind with tag (in text), text as typed. */
static void
find_set(struct labels *l, int kind, const char *tag, const char *text)
{
	l->find = kind;
	free(l->find_tag);
	l->find_tag = xstrdup_or_null(tag);
	free(l->find_desc);
	l->find_desc = xstrdup(text);
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
	find_set(l, kind, tag, text);
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
	find_set(l, kind, tag, text);
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


int
labels_find_action(struct tui *t, const char *arg)
{
	if (arg != NULL && *arg != '\0')
		return find_done(t, arg);
	tui_prompt(t, "find labels (rated, unrated, tag T, disagree): ",
	    labels_of(t)->find_desc, find_done, NULL);
	return TUI_HANDLED | TUI_REDRAW;
}

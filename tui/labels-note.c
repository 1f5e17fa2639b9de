/*
 * labels-note.c - the notes and tags of a step: typed on the prompt, in
 * $EDITOR, or toggled from the configured tags; each is a label edit
 * written (and undone) like the other label keys in labels.c.
 */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "labels-int.h"

static int
set_note(struct tui *t, const char *note)
{
	struct store_label_edit	e;

	memset(&e, 0, sizeof e);
	e.mask = STORE_LABEL_NOTE;
	e.note = note;
	return labels_write(t, *note != '\0' ? "note saved" : "note removed",
	    labels_do_edit, &e);
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
	const struct cn_node	*n = labels_cursor(t);
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
int
labels_note_editor(struct tui *t)
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

	if (labels_cursor(t) == NULL)
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
	flags = labels_write(t, what, labels_do_edit, &e);
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

	if (labels_cursor(t) == NULL)
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


int
labels_note_action(struct tui *t, const char *arg)
{
	char	*note;

	if (arg != NULL && *arg != '\0')
		return set_note(t, arg);
	if (labels_cursor(t) == NULL)
		return TUI_HANDLED;
	note = current_note(t);
	tui_prompt(t, "note: ", note, note_done, NULL);
	free(note);
	return TUI_HANDLED | TUI_REDRAW;
}

int
labels_tag_action(struct tui *t, const char *arg)
{
	if (arg != NULL && *arg != '\0')
		return tag_done(t, arg);
	return tag_picker(t);
}

/*
 * labels-int.h - what labels.c, labels-note.c and labels-find.c share:
 * the labeling state and the label write every key goes through.
 * Internal to the labels files.
 */
#ifndef CN_LABELS_INT_H
#define CN_LABELS_INT_H

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

/* labels.c */
/* The tree view's state when it is the current view, else NULL. */
struct tree_view	*labels_tree(struct tui *);
/* The node under the tree view's cursor, or NULL. */
const struct cn_node	*labels_cursor(struct tui *);
/* Writes a label on the cursor node with fn; records it for undo. */
int	 labels_write(struct tui *, const char *what,
	    int (*fn)(struct store *, int64_t, const char *, const void *,
	    struct store_label_set *, char **), const void *arg);
/* A labels_write() fn: applies the struct store_label_edit arg. */
int	 labels_do_edit(struct store *, int64_t node, const char *author,
	    const void *e, struct store_label_set *before, char **cause);

/* labels-note.c */
/* n and :note [TEXT]: sets the note, or asks for it with the current one. */
int	 labels_note_action(struct tui *, const char *arg);
/* The note in $EDITOR (else vi). */
int	 labels_note_editor(struct tui *);
/* t and :tag [TAG]: toggles the tag, or asks with the picker. */
int	 labels_tag_action(struct tui *, const char *arg);

/* labels-find.c */
/* F and :labels [WHAT]: sets the find, or asks for it. */
int	 labels_find_action(struct tui *, const char *arg);

#endif /* CN_LABELS_INT_H */

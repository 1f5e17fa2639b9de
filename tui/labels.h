/*
 * labels.h - labeling in the tree view: the label keys, their undo and
 * redo history (kept until canopy quits), the preference mark, the tag
 * picker, notes, the gutter mark of a row and queue mode (queue.c).
 * Internal to tui/. Every label is written through store-label.h in its
 * own transaction before the screen shows it.
 */
#ifndef CN_LABELS_H
#define CN_LABELS_H

#include "tui-int.h"

struct labels;
struct queue;

/* The state of t (made on first use); freed by labels_free. */
struct labels	*labels_of(struct tui *);
void		 labels_free(struct labels *);	/* NULL-safe */

/*
 * Runs a LABEL_* or PREFER* action on the cursor node of the tree view v;
 * returns TUI_* flags, 0 for an action that is not a label action.
 */
int	 labels_action(struct view *v, enum action a, const char *arg);

/*
 * The gutter mark of node n (one column, trusted UTF-8) and its role:
 * your rating (+ o -), first error (!), a note (*), a tag (#), the
 * preference mark (@); a space when you have no label. With others'
 * labels shown, '~' marks a step they disagree on.
 */
const char *labels_gutter(struct tui *, const struct cn_node *n,
	    enum theme_role *role);

/*
 * The rating the `rating` column shows for n: yours, else the other
 * authors' when they agree; CN_NOVAL when there is none.
 */
double	 labels_rating(struct tui *, const struct cn_node *n);

/* Appends the labeling part of the status line (queue, mark). */
void	 labels_status(struct tui *, struct cn_buf *);

/* queue.c: queue mode, driven by labels.c. */
struct queue	*queue_new(void);
void		 queue_free(struct queue *);		/* NULL-safe */
/*
 * Starts (or resumes, for the same order and trace) walking the unlabeled
 * steps of trace in order spec: "tree", "visits", "random SEED" or
 * "disagree SIGNAL SIGNAL". -1 with *cause for a bad spec.
 */
int	 queue_start(struct queue *, struct tui *, int64_t trace,
	    const char *author, const char *spec, char **cause);
/* Leaves queue mode; the position is kept for a resume. */
void	 queue_stop(struct queue *);
int	 queue_on(const struct queue *);
/* The trace the queue walks. */
int64_t	 queue_trace(const struct queue *);
/*
 * The next step of the order that author has not labeled, from the
 * current position (after it when skip): 1 and *id, 0 at the end.
 */
int	 queue_next(struct queue *, struct tui *, const char *author,
	    int skip, int64_t *id, char **cause);
/* "queue tree 3/40" */
void	 queue_status(const struct queue *, struct cn_buf *);
/* The spec of the last queue, or NULL. */
const char *queue_spec(const struct queue *);

/*
 * The label filter: whether text is one of its terms (rated, unrated,
 * tagged T, disagreeing; find's spellings too), and setting it (going to
 * the first match). Then n/N walk its steps (labels_walk, dir +1/-1)
 * until a search or an expression filter takes them back.
 */
int	 labels_filter_looks(const char *text);
int	 labels_filter(struct tui *, const char *text);
/* The same without moving: n/N start from the cursor. */
void	 labels_filter_set(struct tui *, const char *text);
int	 labels_walking(struct tui *);
int	 labels_walk(struct tui *, int dir);
void	 labels_walk_stop(struct tui *);

/* Who labels written here are by. */
const char *labels_author(struct tui *);

/* view-tags.c: opens the tags view (`:tags`); TUI_* flags. */
int	 tags_view_open(struct tui *);

/* copy.c: :copy [address|report] on the cursor node (TUI_* flags). */
int	 copy_action(struct tui *, const char *arg);

#endif /* CN_LABELS_H */

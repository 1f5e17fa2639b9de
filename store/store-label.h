/*
 * store-label.h - what people write on nodes: ratings, first errors, tags
 * and notes (table annotations, one row per node and author), and
 * preferences between two children of one parent. Every write is its own
 * short write transaction: when a call returns 0 the label is on disk,
 * whatever happens to the process next. The SQL is in store-label.c.
 *
 * Authors are kept side by side: a write touches only the rows of its
 * own author, never another author's (imported raters included).
 *
 * Errors: 0 or -1 with a heap *cause, as everywhere in store/.
 */
#ifndef CN_STORE_LABEL_H
#define CN_STORE_LABEL_H

#include "store.h"

/*
 * The label of one author on one node, as a value: what undo keeps and
 * restores. present 0 means the author has no row on the node (the
 * other fields are then unused).
 */
struct store_label {
	int64_t		 node_id;
	int		 present;
	int		 rating;	/* -1, 0, 1 or CN_NORATING */
	int		 first_error;
	char		*tags;		/* comma-separated, or NULL */
	char		*note;		/* or NULL */
	int64_t		 created;	/* kept when a row is restored */
};
void	 store_label_clear(struct store_label *);	/* frees strings */

/* A list of labels (the previous states of what one write changed). */
struct store_label_set {
	struct store_label	*v;
	size_t			 n;
};
void	 store_label_set_free(struct store_label_set *);	/* NULL-safe */

/*
 * The author of labels written here: opt (--author), else
 * $CANOPY_AUTHOR, else the login name, else "unknown". Borrowed: opt or
 * a static string.
 */
const char *store_label_author(const char *opt);

/*
 * The tag list old with each tag of change added (toggle: removed when
 * present), in the order they came; heap, NULL when empty.
 */
char	*store_label_tags_merge(const char *old, const char *change,
	    int toggle);

/* What a write changes: the fields in mask, the others are kept. */
#define STORE_LABEL_RATING	0x1
#define STORE_LABEL_FIRST_ERROR	0x2
#define STORE_LABEL_TAGS	0x4
#define STORE_LABEL_NOTE	0x8
#define STORE_LABEL_TAG_ADD	0x10	/* add the tags of e->tags */
#define STORE_LABEL_TAG_TOGGLE	0x20	/* add or remove each of them */
struct store_label_edit {
	int		 mask;
	int		 rating;	/* -1, 0, 1 or CN_NORATING (unset) */
	int		 first_error;
	const char	*tags;		/* borrowed; NULL or "" removes;
					   comma-separated */
	const char	*note;		/* borrowed; NULL or "" removes */
};

/*
 * Makes the commits of this connection skip the fsync (WAL with
 * synchronous=NORMAL): a commit then survives the process being killed
 * and the terminal being dropped, as it is in the operating system's
 * hands, but not a power cut or kernel crash, which may lose the last
 * labels (never corrupt the file). For a labeling UI, where an fsync per
 * key costs more than a frame on a busy disk.
 */
int	 store_label_writer_tune(struct store *, char **cause);

/*
 * Reads author's label on node into *out (caller clears): 0 with
 * out->present 0 or 1, or -1.
 */
int	 store_label_get(struct store *, int64_t node, const char *author,
	    struct store_label *out, char **cause);

/*
 * Applies e to author's label on node (creating the row; updated is now,
 * created is kept). A row left with no rating, no first error, no tags
 * and no note is deleted. before (may be NULL) receives the previous
 * state of the row, for undo. Fails, writing nothing, for a node that
 * does not exist or a rating out of range.
 */
int	 store_label_edit(struct store *, int64_t node, const char *author,
	    const struct store_label_edit *e, struct store_label_set *before,
	    char **cause);

/*
 * Marks node as author's first error, as ProcessBench defines it: node
 * gets rating -1 and the first-error flag; every step above it on its
 * path (the root, which holds the problem, excepted) that author has not
 * rated gets +1; steps already rated keep their rating. One transaction;
 * before as for store_label_edit (every row it changed).
 */
int	 store_label_first_error(struct store *, int64_t node,
	    const char *author, struct store_label_set *before, char **cause);

/* Deletes author's label on node; before as above. */
int	 store_label_remove(struct store *, int64_t node, const char *author,
	    struct store_label_set *before, char **cause);

/*
 * Puts back every label of set (present 0: deletes the row), in one
 * transaction: undo and redo. before receives the states it replaced.
 */
int	 store_label_restore(struct store *, const char *author,
	    const struct store_label_set *set, struct store_label_set *before,
	    char **cause);

/* What a row of the tree shows of a node's labels. */
struct store_label_brief {
	int		 mine;		/* author has a label */
	int		 rating;	/* author's, or CN_NORATING */
	int		 first_error;	/* author's */
	int		 note;		/* author's label has a note */
	int		 tags;		/* author's label has tags */
	int		 others;	/* labels of other authors */
	int		 other_rating;	/* theirs when they agree, else
					   CN_NORATING */
	int		 disagree;	/* two authors rate it differently */
};

/*
 * Sums up the labels on node for author (the others shown only when
 * others is set: imported raters can be hidden). One indexed read.
 */
int	 store_label_brief(struct store *, int64_t node, const char *author,
	    int others, struct store_label_brief *out, char **cause);

/* What store_label_find looks for. */
#define STORE_FIND_RATED	0	/* author rated it */
#define STORE_FIND_UNRATED	1	/* author has no label on it */
#define STORE_FIND_TAGGED	2	/* tagged tag */
#define STORE_FIND_DISAGREE	3	/* two authors rate it differently,
					   and nobody tagged it resolved */

/*
 * The step of trace after node id from (dir > 0; dir < 0: before it) in
 * id order that matches kind: 1 and *id, 0 none, -1. Tags and
 * disagreements count other authors' labels only when others is set.
 * The root (the problem) never matches.
 */
int	 store_label_find(struct store *, int64_t trace, const char *author,
	    int others, int kind, const char *tag, int64_t from, int dir,
	    int64_t *id, char **cause);

/*
 * Every tag with how many steps and traces carry it: for each tag (in
 * tag order) a total row (author NULL), then one row per author who used
 * it. Only author's labels unless others is set. Strings are borrowed
 * for the call. The tags view (tui/view-tags.c).
 */
typedef int (*store_tag_cb)(const char *tag, const char *author,
	    int64_t steps, int64_t traces, void *arg);
int	 store_label_tags(struct store *, const char *author, int others,
	    store_tag_cb, void *arg, char **cause);

/*
 * The first step (in id order) after node from carrying tag, in any
 * trace, wrapping around: 1 and *id, 0 none, -1. As for the finds, only
 * author's labels unless others is set.
 */
int	 store_label_tag_next(struct store *, const char *author, int others,
	    const char *tag, int64_t from, int64_t *id, char **cause);

/*
 * Records that author prefers chosen over rejected, with note (may be
 * NULL). They must be two different nodes with one parent. Fills *id
 * (may be NULL).
 */
int	 store_pref_add(struct store *, int64_t chosen, int64_t rejected,
	    const char *author, const char *note, int64_t *id, char **cause);
/* Deletes preference id (undo). */
int	 store_pref_remove(struct store *, int64_t id, char **cause);

/*
 * Every annotation (author NULL: of every author), in trace, node and
 * author order, and every preference, in id order. Records and the
 * addresses (escaped) are borrowed for the call.
 */
typedef int (*store_label_cb)(const char *address,
	    const struct cn_annotation *, void *arg);
int	 store_label_each(struct store *, const char *author,
	    store_label_cb, void *arg, char **cause);
typedef int (*store_pref_cb)(const char *chosen, const char *rejected,
	    const struct cn_preference *, void *arg);
int	 store_pref_each(struct store *, const char *author, store_pref_cb,
	    void *arg, char **cause);

#endif /* CN_STORE_LABEL_H */

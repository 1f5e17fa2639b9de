/*
 * traces-model.h - the traces list's window over the store. No curses.
 *
 * The model keeps only the rows on screen, read by keyset from the store
 * (store-traces.h) in the chosen order and filter, and the counts of the
 * list, taken a slice of ids per idle step and kept until the database,
 * the filter or the order changes. The cursor is kept by trace id across
 * every change. Memory is flat in the number of traces.
 */
#ifndef CN_TRACES_MODEL_H
#define CN_TRACES_MODEL_H

#include "canopy.h"
#include "store.h"
#include "store-traces.h"

/* One row on screen; strings owned by the model. */
struct tl_row {
	int64_t		 id;
	char		*ext;
	char		*format;
	char		*problem;	/* one line: controls made spaces */
	int64_t		 nodes;
	int		 depth;
	double		 best_reward;
	double		 best_q;
	double		 outcome;
	int64_t		 labels;
	struct store_tkey key;
};

struct traces_model;

/* Opens the list at its first row (by id, no filter). */
int	 tl_open(struct store *, int height, struct traces_model **,
	    char **cause);
void	 tl_free(struct traces_model *);	/* NULL-safe */

/* The window: rows 0..tl_nrows-1, top to bottom. */
int	 tl_nrows(const struct traces_model *);
const struct tl_row *tl_row(const struct traces_model *, int i);
int	 tl_cursor(const struct traces_model *);
/* The cursor's trace id, 0 when the list is empty. */
int64_t	 tl_cursor_id(const struct traces_model *);

int	 tl_set_height(struct traces_model *, int height, char **cause);
int	 tl_height(const struct traces_model *);

/* Moves the cursor delta rows, scrolling; stops at either end. */
int	 tl_move(struct traces_model *, long delta, char **cause);
int	 tl_home(struct traces_model *, char **cause);
int	 tl_end(struct traces_model *, char **cause);
/* Puts the cursor on trace id (0 when it is not in the list). */
int	 tl_goto(struct traces_model *, int64_t id, char **cause);

/* Order and filter; each keeps the cursor on its trace if it can. */
const struct store_tlist *tl_order(const struct traces_model *);
int	 tl_set_order(struct traces_model *, int col, int desc,
	    char **cause);
int	 tl_set_filter(struct traces_model *, const char *, char **cause);

/* Reads the window again (the database changed), keeping the cursor. */
int	 tl_reload(struct traces_model *, char **cause);

/*
 * One bounded step of counting: 1 when it did some, 0 when the counts
 * are complete, -1 on error.
 */
int	 tl_idle(struct traces_model *, char **cause);
/* Whether counting is still under way. */
int	 tl_idle_pending(const struct traces_model *);

/*
 * The counts: *all traces, *match those passing the filter, *pos the
 * cursor's 0-based place among them. Each is -1 while unknown.
 */
void	 tl_counts(const struct traces_model *, int64_t *all, int64_t *match,
	    int64_t *pos);

#endif /* CN_TRACES_MODEL_H */

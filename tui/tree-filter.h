/*
 * tree-filter.h - a :filter expression over one trace, evaluated a bounded
 * batch at a time while the UI is idle, keeping the ids of the nodes that
 * match (in id order) so n/N can walk them. No curses.
 */
#ifndef CN_TREE_FILTER_H
#define CN_TREE_FILTER_H

#include "filter-expr.h"
#include "store.h"

struct tree_filter {
	struct filter_expr	*e;
	char			*text;		/* as the user typed it */
	int64_t			 trace;
	int64_t			 after;		/* scanned up to this id */
	int64_t			 scanned;	/* nodes evaluated */
	int			 done;
	int64_t			*ids;		/* matches, ascending */
	size_t			 n, cap;
};

/* Starts a filter (adopts e; copies text); nothing is scanned yet. */
struct tree_filter *tree_filter_new(struct filter_expr *e, const char *text,
	    int64_t trace);
void	 tree_filter_free(struct tree_filter *);	/* NULL-safe */

/*
 * Evaluates nodes for at most budget_us microseconds (at least one batch).
 * Returns 0 (check done), or -1 with *cause.
 */
int	 tree_filter_step(struct tree_filter *, struct store *,
	    int64_t budget_us, char **cause);

/*
 * The match after (dir > 0) or before (dir < 0) node id, wrapping around;
 * 1 and *out (*wrapped set when it wrapped), or 0 when none yet.
 */
int	 tree_filter_next(const struct tree_filter *, int64_t id, int dir,
	    int64_t *out, int *wrapped);

#endif /* CN_TREE_FILTER_H */

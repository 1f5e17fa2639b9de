/*
 * store-live.h - what live models add to a database: the answers of a
 * rerun, as new children of the node that was rerun (origin "rerun"), and
 * one model_calls row per request. The SQL is in store-live.c.
 *
 * Errors: 0 or -1 with a heap *cause, as everywhere in store/.
 */
#ifndef CN_STORE_LIVE_H
#define CN_STORE_LIVE_H

#include "store.h"

/* One answer to store under a node. Strings are borrowed. */
struct store_rerun {
	const char	*text;		/* the answer (valid UTF-8) */
	const char	*role;		/* NULL: "step" */
	int		 terminal;	/* the model ended the solution */
	const char	*extra;		/* JSON object: endpoint, model,
					   parameters, time, usage... */
};

/* One request to a model. Strings are borrowed; request holds no key. */
struct store_model_call {
	int64_t		 node_id;	/* the node it produced, 0: none */
	const char	*endpoint;
	const char	*model;		/* or NULL */
	const char	*request;	/* JSON body sent, or NULL */
	const char	*response;	/* what came back (capped), or NULL */
	const char	*status;	/* ok | truncated | dropped | error */
	const char	*error;		/* message, or NULL */
	int64_t		 started;	/* unix seconds */
	double		 seconds;
};

/*
 * Starts and ends one write transaction around the rows of a rerun, so
 * a failure leaves nothing half-written. store_live_end(st, 0) rolls
 * back.
 */
int	 store_live_begin(struct store *, char **cause);
int	 store_live_end(struct store *, int ok, char **cause);

/*
 * Adds r as the last child of node parent, with origin "rerun" and the
 * ext id "<parent ext>~r<k>" (the first k free). Keeps what the store
 * precomputes true: the ancestors' subtree summaries, the trace's node
 * count and depth, the full-text index. Fills *id (may be NULL).
 */
int	 store_live_rerun_add(struct store *, int64_t parent,
	    const struct store_rerun *r, int64_t *id, char **cause);

/* Records one request in model_calls; fills *id (may be NULL). */
int	 store_live_call_add(struct store *, const struct store_model_call *,
	    int64_t *id, char **cause);

/*
 * Sets the side-table signal name of node id to value (a reward model's
 * score), replacing an earlier value. name must not be a common signal.
 */
int	 store_live_signal_set(struct store *, int64_t id, const char *name,
	    double value, char **cause);

/*
 * Sets signal name on the nodes of a path (ids, n of them, leaf last)
 * from a scorer's n values, in one transaction: one value per step, or
 * one for the leaf alone.
 */
int	 store_live_scores_set(struct store *, const int64_t *ids, size_t nids,
	    const char *name, const double *vals, size_t n, char **cause);

/*
 * Stores the answers of a rerun of node parent (live_rerun_results) in
 * one transaction: each with text as a child, each as a model_calls row;
 * fills their node_id. On failure nothing is written.
 */
int	 store_live_rerun_save(struct store *, int64_t parent,
	    struct cn_rerun_answer *v, size_t n, char **cause);

/* The path from the root to a node, as a rerun or a scorer reads it. */
struct store_live_path {
	char		*problem;	/* the trace's, else the root's text */
	char		**steps;	/* below the root, the node last */
	int64_t		*ids;		/* their node ids */
	size_t		 n;
};
/* Reads the path to node into *p (free it with store_live_path_free). */
int	 store_live_path(struct store *, int64_t node,
	    struct store_live_path *p, char **cause);
void	 store_live_path_free(struct store_live_path *);

#endif /* CN_STORE_LIVE_H */

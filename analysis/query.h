/*
 * query.h - the statistics over stored traces that the CLI commands
 * (`canopy diff`, `disagree`, `calibrate`, `hist`) and the TUI's
 * comparison views (:diff, :disagree, :calibrate, :hist) both show: the
 * bulk reads (store-derive.h) joined to the math (analysis.h) in one
 * place, so the two front ends cannot drift apart. The query layer
 * (libcnquery.a) sees store/, analysis/ and the core; it prints nothing
 * and knows no terminal: callers format the results and run it on
 * whatever thread they like (the TUI runs it on its worker).
 */
#ifndef CN_QUERY_H
#define CN_QUERY_H

#include <stddef.h>
#include <stdint.h>

#include "canopy.h"
#include "analysis.h"
#include "store.h"
#include "store-derive.h"

/* ---- the traces a statistic reads (query-traces.c) ---- */

/*
 * Calls fn on every trace in id order (trace 0) or on trace alone, until
 * fn fails (-1; fn sets *cause). tick, when not NULL, is called with
 * (done, total) before each trace and once more after the last; a
 * non-zero return stops the walk there (returns 0: stopping is not an
 * error). Returns -1 with *cause when the list cannot be read.
 */
typedef int	query_trace_fn(struct store *, int64_t trace, void *arg,
		    char **cause);
typedef int	query_tick_fn(void *arg, int64_t done, int64_t total);
int	 query_traces_each(struct store *, int64_t trace, query_trace_fn *,
	    void *arg, query_tick_fn *tick, void *tick_arg, char **cause);

/* ---- diff: two subtrees aligned by step text (query-diff.c) ---- */

/* One side: its trace in bulk, the node it starts at, its signals. */
struct query_side {
	int64_t			 node;
	struct store_dtree	 dt;
	struct an_tree		 t;
	double			*sig[CN_SIG_COUNT];
	uint32_t		 root;
};

/*
 * Loads the trace of node (with step texts and every common signal)
 * into *s, rooted at node. Returns 0; -1 with *cause (NULL when the node
 * vanished between resolving and reading it). label names the node in
 * the message when it is not in its own trace. Free with
 * query_side_free even on failure (start from a zeroed *s).
 */
int	 query_side_load(struct store *, int64_t node, const char *label,
	    struct query_side *s, char **cause);
void	 query_side_free(struct query_side *);

/*
 * Aligns a's subtree with b's into *al, and m[i] (al->n entries,
 * allocated here, caller frees) gets bit k set where common signal k
 * differs between the two nodes of pair i (one absent, or apart by more
 * than noise). Returns how many pairs have a difference.
 */
int64_t	 query_diff(const struct query_side *a, const struct query_side *b,
	    struct an_align *al, unsigned **m);

/* ---- disagree: the worst N nodes of two signals (query-disagree.c) ---- */

struct query_cand {
	int64_t		 node;
	int64_t		 trace;
	double		 score, a, b, sa, sb;
	uint64_t	 seq;		/* tree order across traces: ties */
	uint32_t	 pre;		/* preorder in keep_trace, else 0 */
};

/*
 * Set sa, sb, scale, n and (optionally) keep_trace; the rest starts
 * zeroed. Each query_disagree_trace adds the worst n of one trace
 * (c is kept at most 2n long; its signature is a query_trace_fn's, arg
 * the struct query_disagree); query_disagree_end sorts and cuts to n.
 * For keep_trace, the candidates get their preorder position (children
 * in id order), and query_disagree_pre finds any node's, so a tree can
 * walk the list from its cursor.
 */
struct query_disagree {
	const char		*sa, *sb;
	enum an_scale		 scale;
	int			 n;
	int64_t			 keep_trace;

	struct query_cand	*c;
	size_t			 nc, cap;
	int64_t			 scored;	/* nodes with a score */
	uint64_t		 seq;		/* nodes read so far */
	struct store_dtree	 kept;		/* keep_trace, once read */
	uint32_t		*pre;		/* its preorder; NULL before */
};
int	 query_disagree_trace(struct store *, int64_t trace, void *q,
	    char **cause);
void	 query_disagree_end(struct query_disagree *);
/* The preorder position of node id in keep_trace, or -1. */
int64_t	 query_disagree_pre(const struct query_disagree *, int64_t id);
void	 query_disagree_free(struct query_disagree *);

/* ---- calibrate, hist: a signal pair over traces (query-pairs.c) ---- */

/*
 * Concatenated arrays over traces: signal sa (and sb, when not NULL;
 * else b is CN_NOVAL) of the nodes reached from a root that have them,
 * with their depths. Set sa and sb, the rest starts zeroed.
 */
struct query_pairs {
	const char	*sa, *sb;
	double		*a, *b;
	int32_t		*depth;
	uint32_t	 n, cap;
	int		 maxd;
};

/*
 * Appends trace's nodes to p (a struct query_pairs; the signature is a
 * query_trace_fn's). Returns 0, or -1 with *cause.
 */
int	 query_pairs_add(struct store *, int64_t trace, void *p,
	    char **cause);
/*
 * The entries at depth d (d < 0: all) into a and, when not NULL, b
 * (each with room for p->n); returns how many.
 */
uint32_t query_pairs_at(const struct query_pairs *, int d, double *a,
	    double *b);
void	 query_pairs_free(struct query_pairs *);

#endif /* CN_QUERY_H */

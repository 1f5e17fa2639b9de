/*
 * store-derive.h - a trace in bulk for the statistics of analysis/: its
 * skeleton (ids and parent indices), any signal as an array, and derived
 * signals written back like any other named signal. SQL stays here; the
 * arrays go to analysis/ (analysis.h), which holds no SQL.
 *
 * Errors: fallible calls return 0 or -1 and fill *cause (may be NULL)
 * with a heap string the caller frees.
 */
#ifndef CN_STORE_DERIVE_H
#define CN_STORE_DERIVE_H

#include <stdint.h>

#include "store.h"

/*
 * store_dtree_load flags. Without STORE_DTREE_SIGS every common signal is
 * loaded; with it only those of the STORE_DTREE_SIG(k) bits (fewer
 * columns to read and memory to touch), and store_dtree_signal reads any
 * other from the index when asked. Texts load every common signal.
 */
#define STORE_DTREE_TEXT	0x1	/* load the step texts too */
#define STORE_DTREE_SIGS	0x2	/* only the signals named below */
#define STORE_DTREE_SIG(k)	(0x100 << (k))	/* common signal k */

/*
 * The flags that load what signal name needs (STORE_DTREE_SIGS with its
 * bit when it is a common signal): OR them for several names.
 */
int	 store_dtree_want(const char *name);

/*
 * One trace's nodes in database id order (index i is the i-th smallest
 * id), read from the covering index nodes_skel (no step texts) unless
 * the texts are asked for. parent[i] is the index of i's parent, -1 for the root (or a parent
 * not found). sig[k][i] is common signal k (CN_SIG_*) of node i, loaded
 * in the same pass when the flags ask for it (has_sig[k]). text[i] is
 * owned, NULL where absent or not loaded.
 */
struct store_dtree {
	int64_t		 trace;
	uint32_t	 n;
	int64_t		*ids;
	int32_t		*parent;
	double		*sig[CN_SIG_COUNT];	/* NULL when not loaded */
	int		 has_sig[CN_SIG_COUNT];
	char		**text;		/* NULL without STORE_DTREE_TEXT */
};

/* Loads trace's skeleton into *t (cleared first; free with _free). */
int	 store_dtree_load(struct store *, int64_t trace, int flags,
	    struct store_dtree *t, char **cause);
void	 store_dtree_free(struct store_dtree *);

/*
 * The index of database node id in t, or -1 when id is not one of its
 * nodes.
 */
int64_t	 store_dtree_index(const struct store_dtree *t, int64_t id);

/*
 * Fills out[0..t->n) with signal name of every node (CN_NOVAL where a node
 * has none): a common signal (visits, q, ...), a named one, or the name
 * STORE_DTREE_RATING: the mean human rating of the node's annotations,
 * mapped from -1..+1 to 0..1 ((r + 1) / 2). Returns 0, or -1 with *cause;
 * a name nothing in the database has gives all CN_NOVAL, not an error
 * (store_signal_known tells the two apart).
 */
#define STORE_DTREE_RATING	"rating"
int	 store_dtree_signal(struct store *, const struct store_dtree *t,
	    const char *name, double *out, char **cause);

/*
 * Whether any node of the database has signal name (a common signal with
 * a value, a named signal, or ratings for STORE_DTREE_RATING): 1, 0, -1.
 */
int	 store_signal_known(struct store *, const char *name, char **cause);

/*
 * Derived signals are written inside store_derive_begin/_end: one
 * transaction (a writer waits for its turn like an import). _end commits
 * with ok, else rolls back.
 */
int	 store_derive_begin(struct store *, char **cause);
int	 store_derive_end(struct store *, int ok, char **cause);

/*
 * Replaces signal name on every node of t with v[] (CN_NOVAL: the node
 * ends up without it): re-deriving never duplicates nor leaves stale
 * values. Only values that differ from the stored ones are written, so
 * deriving again after nothing changed writes no row. name must not be a
 * common signal. *written (may be NULL) gets the number of values the
 * nodes now have (written or already there).
 */
int	 store_derive_write(struct store *, const struct store_dtree *t,
	    const char *name, const double *v, int64_t *written,
	    char **cause);
/*
 * The same for k signals at once: names[j] gets v[j][], written[j] (may
 * be NULL) its count. Much cheaper than k calls: the rows of one node are
 * neighbours in `signals`, so each of its pages is written once.
 */
int	 store_derive_write_many(struct store *, const struct store_dtree *t,
	    size_t k, const char *const *names, const double *const *v,
	    int64_t *written, char **cause);

#endif /* CN_STORE_DERIVE_H */

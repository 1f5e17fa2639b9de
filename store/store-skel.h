/*
 * store-skel.h - the pure part of an import's trace skeleton: a string map
 * (ext id -> dense index), children lists, the breadth-first walk and the
 * subtree totals. No SQL and no sqlite3.h, so it is unit-tested alone
 * (tests/unit/test-skeleton.c) and reusable by any layer that holds a
 * tree as parent indices.
 *
 * Errors: calls that can fail return 0 or -1; a -1 here always means a
 * size limit (the structures index with 32-bit integers), never a bug.
 */
#ifndef CN_STORE_SKEL_H
#define CN_STORE_SKEL_H

#include <stddef.h>
#include <stdint.h>

/* A string -> dense index map: index i is the i-th key added. */
struct smap {
	uint32_t	*slots;		/* index + 1; 0 = empty */
	uint32_t	 nslots;	/* power of two */
	uint32_t	 n;
	uint32_t	*off;		/* key of index i: arena + off[i] */
	uint32_t	 offcap;
	char		*arena;
	size_t		 alen, acap;
};

/* Frees the map's memory and leaves it empty (usable again). */
void		 smap_free(struct smap *);
/* Index of key, or -1. */
int64_t		 smap_get(const struct smap *, const char *key);
/* The key of index idx (borrowed: valid until the next smap_add/free). */
const char	*smap_key(const struct smap *, uint32_t idx);
/*
 * Adds key (the caller knows it is absent) and sets *idx to its index.
 * Returns -1 when the map is full (2^31 keys or 4 GiB of keys).
 */
int		 smap_add(struct smap *, const char *key, uint32_t *idx);

/*
 * Children lists of a tree of n nodes given as parent indices (parent[i]
 * < 0: no parent). Children keep their index order, i.e. arrival order.
 */
struct skel_kids {
	uint32_t	*off;		/* children of p: kids[off[p]..off[p+1]) */
	uint32_t	*kids;
};
void		 skel_kids_build(struct skel_kids *, const int32_t *parent,
		    uint32_t n);
void		 skel_kids_free(struct skel_kids *);

/*
 * Walks the tree breadth-first from root: order[] (n entries, caller
 * allocates) gets the nodes reached, depth[] their depths. Returns how
 * many nodes were reached (fewer than n: the rest hang in cycles) and sets
 * *maxd to the greatest depth.
 */
uint32_t	 skel_bfs(const struct skel_kids *, uint32_t root,
		    uint32_t *order, int32_t *depth, int *maxd);

/*
 * Subtree totals, leaves first, from a breadth-first order of all n nodes.
 * In: outcome[i] (-1 none, 0, 1) and best[i] (the node's own reward or
 * CN_NOVAL). Out: size, leaves, ok (leaves with outcome 1), outc (leaves
 * with an outcome) and best (the best leaf reward below, inner nodes). The
 * out arrays may alias arrays the caller no longer needs.
 */
struct skel_totals {
	int32_t		*size, *leaves, *ok, *outc;
	double		*best;
};
void		 skel_totals(const struct skel_kids *, const int32_t *parent,
		    const uint32_t *order, const int8_t *outcome, uint32_t n,
		    const struct skel_totals *);

#endif /* CN_STORE_SKEL_H */

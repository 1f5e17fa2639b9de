/*
 * imp-canopy.h - what the canopy-jsonl importer (imp-canopy.c) shares with
 * its structural scanner (imp-canopy-scan.c). Internal to importers/.
 */
#ifndef CN_IMP_CANOPY_H
#define CN_IMP_CANOPY_H

#include "hmap.h"
#include "importers.h"

struct ctrace;

/* A member of an object in the nested form: offsets into the line. */
struct member {
	size_t		 koff, klen;	/* the key, quotes included */
	size_t		 voff, vlen;	/* the value */
	long		 next;		/* next member, or -1 */
};

/* A node object in the nested form (index 0 is the trace header). */
struct nnode {
	long		 parent;	/* index, -1 for the header */
	int		 depth;		/* root = 0 */
	long		 index;		/* among its siblings */
	long		 first, last;	/* member list, -1 = none */
	size_t		 off;		/* where its '{' is */
	int		 haskids;	/* its "children" member was seen */
};

struct canopy {
	struct imp_ctx		 ctx;

	/* The current line. */
	const char		*line;
	size_t			 len;
	long			 lineno;
	long			 col0;		/* bytes before line on lineno */
	int			 partial;	/* last line, no '\n' */

	/* Traces seen: ext -> struct ctrace (owned here, not by the map). */
	struct hmap		 traces;
	struct ctrace		*cur;		/* the sink's trace */

	/* Scratch for one node. */
	struct cn_signal	*more;
	size_t			 moremax;
	struct cn_buf		 tags;

	/* Nested form: the parse of one line. */
	struct nnode		*nodes;
	size_t			 nnodes, nodesmax;
	struct member		*mems;
	size_t			 nmems, memsmax;
};

/*
 * The structural parse of the current line: node 0 is the top-level
 * object, its "root" member starts node 1, each "children" element a
 * further node, in preorder. Returns 0 with *tree = whether the line has a
 * "root" member; or -1 (not JSON) with *col and *what (heap) for the
 * message.
 */
int	 imp_canopy_scan(struct canopy *, int *tree, size_t *col,
	    char **what);

/* The offset of the first non-blank byte at or after p. */
size_t	 imp_canopy_scan_ws(const struct canopy *, size_t p);

/* Skips the value at p to *end: 0, or -1 when it is not whole JSON. */
int	 imp_canopy_scan_value(const struct canopy *, size_t p, size_t *end);

/* 1 if the key at koff (klen bytes, quotes included) is key. */
int	 imp_canopy_scan_key(const struct canopy *, size_t koff, size_t klen,
	    const char *key);

#endif /* CN_IMP_CANOPY_H */

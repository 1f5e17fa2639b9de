/*
 * imp-canopy.h - what the canopy-jsonl importer (imp-canopy.c) shares with
 * its structural scanner (imp-canopy-scan.c). Internal to importers/.
 */
#ifndef CN_IMP_CANOPY_H
#define CN_IMP_CANOPY_H

#include "hmap.h"
#include "importers.h"
#include "imp-json.h"

/* A trace seen in this file. */
struct ctrace {
	char		*ext;
	long		 header_line;	/* its header's line, or 0 */
	int		 started;	/* sent with its format */
	char		*root;		/* its root's ext id, or NULL */
	long		 root_line;
};

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

#define CANOPY_SIGCACHE	8

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
	/*
	 * The signal names of the last node, by position, and their
	 * cn_sig_lookup: nodes of a file mostly repeat them.
	 */
	char			 signame[CANOPY_SIGCACHE][32];
	int			 sigidx[CANOPY_SIGCACHE];

	/* Nested form: the parse of one line. */
	struct nnode		*nodes;
	size_t			 nnodes, nodesmax;
	struct member		*mems;
	size_t			 nmems, memsmax;
};

/* Deepest node whose id may be synthesised from its child-index path. */
#define CANOPY_PATH_MAX	1000

/* Where the members of the record being handled sit, for columns. */
struct where {
	const struct canopy	*c;
	long			 node;	/* nested: node index; -1: flat */
};

/* What a record's "type" says. */
enum rec_kind { REC_TRACE, REC_NODE, REC_SCORE };

/* What a node record gets from its context. */
struct nodectx {
	const char	*trace;		/* ext id of its trace */
	const char	*parent;	/* nested: parent's id, NULL = root */
	const char	*synth;		/* nested: id if none given */
	int		 nested;
	char		*id;		/* out, nested: the id (caller frees) */
};

/*
 * Rejects the current record with "name:line:col: what" through the
 * skip-bad policy (CN_BAD: skipped, go on; CN_FATAL: stop), or stops the
 * import with it (CN_FATAL; sink failures, I/O). col is 1-based.
 */
int	 imp_canopy_bad(struct canopy *, size_t col, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));
int	 imp_canopy_fatal(struct canopy *, size_t col, const char *what);
/* The column of member key in the record, or 1 when it cannot be found. */
size_t	 imp_canopy_col(const struct where *, const char *key);
/*
 * Makes ext the sink's current trace (*out: its entry). A trace met for
 * the first time by a node is started; by a score only resumed.
 */
int	 imp_canopy_switch(struct canopy *, const char *ext, int start,
	    const struct where *, struct ctrace **out);

/*
 * Record handlers (imp-canopy.c, imp-canopy-node.c): CN_OK, CN_BAD or
 * CN_FATAL, as imp-canopy.c says.
 */
/* Parses line[off, off+len) as one JSON value, or rejects the record. */
int	 imp_canopy_parse(struct canopy *, size_t off, size_t len,
	    cJSON **out);
/* The kind of record from its "type" v (col: its key's column, or 0). */
int	 imp_canopy_type(struct canopy *, const struct where *,
	    const cJSON *v, size_t col, enum rec_kind *);
int	 imp_canopy_trace(struct canopy *, const struct where *,
	    const cJSON *o);
int	 imp_canopy_node(struct canopy *, const struct where *,
	    const cJSON *o, struct nodectx *);

/* The nested form (imp-canopy-nested.c), once imp_canopy_scan found it. */
/* *is_trace: whether the line's "type" is trace; or it is rejected. */
int	 imp_canopy_nested_type(struct canopy *, int *is_trace);
/* Sends the nested trace: its header, then its nodes in preorder. */
int	 imp_canopy_nested_run(struct canopy *);

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

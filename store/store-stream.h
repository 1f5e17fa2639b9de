/*
 * store-stream.h - what the preorder walk (store-stream.c) and its spool
 * for big selections (store-spool.c) share. Internal to store/.
 */
#ifndef STORE_STREAM_H
#define STORE_STREAM_H

#include "store-int.h"

/* The trace's skeleton, in id order. */
struct stream_skel {
	int64_t		*id;	/* ascending */
	int32_t		*par;	/* index of the parent, -1 none */
	int32_t		*ord;
	uint32_t	 n;
};

/* The walk's reads and the names of other signals, sorted. */
struct stream {
	struct store		*st;
	store_node_cb		 cb;
	void			*arg;
	char			**cause;
	const struct stream_skel *sk;
	sqlite3_stmt		*rows;
	sqlite3_stmt		*sigs;
	int			 sig_row;	/* sigs is on a row */
	char			**names;	/* sorted */
	int64_t			*name_ids;	/* ascending */
	uint32_t		*by_id;		/* rank of name_ids[i] */
	size_t			 nnames;
	struct cn_signal	*more;		/* the node's, borrowed names */
	uint32_t		*rank;
	size_t			 cap;
	struct cn_buf		 ids;		/* the chunk, a JSON array */
};

/*
 * The other signals of the node at key (its position in the chunk, or
 * its id for the spool's read), in name order, into w->more (their
 * name ranks in w->rank).
 */
int	 stream_sigs(struct stream *, int64_t key, size_t *nmore);

/*
 * Whether to read pre[0..m), skeleton indices in preorder, through the
 * spool; *lo and *hi: their least and greatest ids; *test: the test hook
 * is set.
 */
int	 spool_wanted(const struct stream_skel *, const uint32_t *pre,
	    uint32_t m, int64_t *lo, int64_t *hi, int *test);
/* Passes pre[0..m) to w->cb in that order, through a spool. */
int	 spool_stream(struct stream *, const uint32_t *pre, uint32_t m,
	    int64_t lo, int64_t hi, int labels, int test);

#endif

/*
 * imp-links.h - checks a tree given as (id, parent id) links before any of
 * it reaches the sink: duplicate ids, extra roots, missing parents and
 * cycles are found here, so an importer can report them with the node they
 * concern, or skip just the nodes they cut off under --skip-bad. Internal to
 * importers/.
 */
#ifndef CN_IMP_LINKS_H
#define CN_IMP_LINKS_H

#include <stddef.h>

/* Why a link was rejected. */
enum imp_link_status {
	IMP_LINK_OK = 0,
	IMP_LINK_DUP,		/* same id as an earlier link */
	IMP_LINK_EXTRA_ROOT,	/* a second link without a parent */
	IMP_LINK_NO_PARENT,	/* parent names no link */
	IMP_LINK_CYCLE,		/* parent links never reach the root */
	IMP_LINK_CUT		/* an ancestor was rejected */
};

struct imp_link {
	const char	*id;		/* borrowed; never NULL */
	const char	*parent;	/* borrowed; NULL for a root */
	enum imp_link_status status;	/* filled by imp_links_check */
	const char	*why_id;	/* CUT: the rejected ancestor's id */
};

/*
 * An id with its position, for qsort with imp_links_ordcmp: sorted by
 * (id, position), so the first of equal ids comes first.
 */
struct imp_link_ord {
	const char	*id;
	size_t		 i;
};
int	 imp_links_ordcmp(const void *, const void *);

/*
 * An index of n items sorted by key(arg, i) (heap; out[j] = the j-th
 * smallest), and the first index in such an index whose key is s, or -1.
 */
size_t	*imp_links_sort(size_t n, const char *(*key)(const void *, size_t),
	    const void *arg);
long	 imp_links_find(const size_t *ord, size_t n,
	    const char *(*key)(const void *, size_t), const void *arg,
	    const char *s);

/*
 * Fills status of each of the n links (in the caller's order: the first of
 * duplicates and the first root win). Returns the index of the root, or -1
 * when no link is a root. O(n log n); memory O(n).
 */
long	 imp_links_check(struct imp_link *, size_t n);

/* A message for a rejected link, e.g. "node 7: parent 9 is not in the
 * tree" (heap). what names the kind of id ("node", "tag"). */
char	*imp_links_why(const struct imp_link *, const char *what);

#endif /* CN_IMP_LINKS_H */

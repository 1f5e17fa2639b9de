/*
 * imp-reasoners.h - the llm-reasoners importer's snapshots: one of its
 * tree logs read into arrays with sorted indexes (imp-reasoners-snap.c),
 * for the tree walk and the history (imp-reasoners.c). Internal to
 * importers/.
 */
#ifndef CN_IMP_REASONERS_H
#define CN_IMP_REASONERS_H

#include "imp-json.h"

/* One edge of a snapshot. */
struct rs_edge {
	char		*id;
	char		*source;
	char		*target;
	const cJSON	*e;
	int		 bad;
};

/* One node of a snapshot. */
struct rs_node {
	char		*id;
	const cJSON	*n;
	long		 in;		/* index of the edge into it, or -1 */
	int		 chosen;
};

/* A snapshot read into arrays, with sorted indexes for lookups. */
struct rs_snap {
	struct rs_node	*nodes;
	size_t		 nn;
	struct rs_edge	*edges;
	size_t		 ne;
	size_t		*by_id;		/* edges by id */
	size_t		*by_target;	/* edges by target */
};

/*
 * Reads a snapshot into s. Elements that are not well-formed get a NULL id
 * (nodes) or bad = 1 (edges), with a message through the skip-bad policy
 * when report is set; returns -1 if the policy says stop or the snapshot
 * has no "nodes"/"edges" containers (*what then says so).
 */
int	 imp_reasoners_snap_read(struct imp_ctx *, const cJSON *snap,
	    struct rs_snap *s, int report, char **what);
void	 imp_reasoners_snap_free(struct rs_snap *);
/* Marks the chosen nodes: the targets of the selected edges. */
void	 imp_reasoners_snap_chosen(struct rs_snap *);
/* Node i's id ("" when it has none), as a key for imp_links_sort. */
const char *imp_reasoners_snap_key(const void *snap, size_t i);

#endif /* CN_IMP_REASONERS_H */

/*
 * imp-moatless.h - what the moatless importer's files share: the type
 * check, the trace record and the flat layouts' linking
 * (imp-moatless-doc.c), and the legacy-transitions layout
 * (imp-moatless-legacy.c), both used by the reader (imp-moatless.c).
 * Internal to importers/.
 */
#ifndef CN_IMP_MOATLESS_H
#define CN_IMP_MOATLESS_H

#include "imp-json.h"
#include "imp-links.h"

/* NULL when member key of o is absent, null or of type want, else the
 * wanted type in words ("a number"). */
const char *imp_moatless_check(const cJSON *o, const char *key, int want);

/*
 * Sends the trace record: ext id from the document's ids or the file name,
 * problem, and the document's other members (all but skip) as extra.
 * Returns 0, 1 (skipped) or -1.
 */
int	 imp_moatless_trace(struct imp_ctx *, const cJSON *doc,
	    const char *problem, const char *const *skip);

struct mt_flat;
/* A flat layout: elements linked by an id member and a parent member. */
struct mt_flat_keys {
	const char	*where;		/* message prefix: "transitions" */
	const char	*what;		/* what an element is: "transition" */
	const char	*id;		/* "id" */
	const char	*parent;	/* "previous_state_id" */
	char		*(*check)(const cJSON *);	/* message or NULL */
	/* The document's members the trace's extra leaves out. */
	const char *const *skip;
	/* The trace's problem, from the document or the elements. */
	const char	*(*problem)(const cJSON *doc, const struct mt_flat *);
	/* Sends good element i, linked to the root: <0 stops the import. */
	int		 (*node)(struct imp_ctx *, const struct mt_flat *,
			    size_t i, const char *problem);
};
struct mt_flat {
	struct imp_link	*lk;
	const cJSON	**el;		/* the good elements, in order */
	char		**ids, **pids;
	size_t		 n, k;		/* elements; good ones */
	long		 root;		/* index of the root in el */
};

/*
 * Imports the elements of arr (in document doc): each checked, its ids
 * read and linked (bad ones go through the skip-bad policy), then the
 * trace and every element linked to the root sent. 0, or -1 when the
 * import stops or no element is a root.
 */
int	 imp_moatless_flat(struct imp_ctx *, const cJSON *doc,
	    const cJSON *arr, const struct mt_flat_keys *);

/* The legacy layout {"transitions": [...], ...}. */
extern const struct mt_flat_keys imp_moatless_legacy_keys;

#endif /* CN_IMP_MOATLESS_H */

/*
 * store-bundle.h - merging one author's labels and preferences, keyed by
 * node addresses, into this database (`canopy annotations import`; the
 * bundle format is docs/labels.md, "Sharing labels"). The SQL is in
 * store-bundle.c.
 *
 * The merge rules, per label of the bundle (author A) on node N:
 *   - N is not here: "missing"; the whole import writes nothing unless
 *     the caller skips missing addresses.
 *   - A has no label on N here: the label is added, with its times.
 *   - A has one: field by field, a field this copy lacks (no rating, no
 *     note) is filled in from the bundle and tags are the union; a field
 *     both have with different values (rating and first error count as
 *     one field) is a conflict, and then this copy's label is kept whole,
 *     untouched, and the conflict is reported with what differs.
 *   - nothing to add: "unchanged" (so a second import adds nothing).
 * A preference (A, chosen, rejected) is added unless the same one is here
 * (unchanged; a missing note is filled in, a different one is a
 * conflict) or A prefers rejected over chosen here (a conflict, kept).
 *
 * Errors: 0 or -1 with a heap *cause, as everywhere in store/.
 */
#ifndef CN_STORE_BUNDLE_H
#define CN_STORE_BUNDLE_H

#include "store.h"
#include "store-label.h"

/* A label as the bundle gives it; strings borrowed. */
struct store_bundle_label {
	long		 line;		/* in the bundle, for messages */
	const char	*address;
	int		 rating;	/* -1, 0, 1 or CN_NORATING */
	int		 first_error;
	const char	*tags;		/* comma-separated, or NULL */
	const char	*note;		/* or NULL */
	int64_t		 created;	/* 0: now */
	int64_t		 updated;	/* 0: now */
};

/* A preference as the bundle gives it; strings borrowed. */
struct store_bundle_pref {
	long		 line;
	const char	*chosen;
	const char	*rejected;
	const char	*note;		/* or NULL */
	int64_t		 created;	/* 0: now */
};

enum store_bundle_outcome {
	STORE_BUNDLE_ADDED,
	STORE_BUNDLE_UPDATED,		/* fields filled in, tags added */
	STORE_BUNDLE_UNCHANGED,
	STORE_BUNDLE_CONFLICT,		/* this copy's kept */
	STORE_BUNDLE_MISSING,		/* no such node here (or, for a
					   preference, not siblings here) */
	STORE_BUNDLE_NOUTCOMES
};

struct store_bundle_counts {
	long	 label[STORE_BUNDLE_NOUTCOMES];
	long	 pref[STORE_BUNDLE_NOUTCOMES];
};

/*
 * The merge rule for one label, pure: local is this copy's label of the
 * author on the node (present 0: none), in the bundle's. Fills *out (the
 * label to write; caller clears) for ADDED and UPDATED; for CONFLICT
 * *why (heap, may be NULL) says what differs, e.g. "rating: here +1,
 * bundle -1".
 */
enum store_bundle_outcome store_bundle_merge(const struct store_label *local,
	    const struct store_bundle_label *in, struct store_label *out,
	    char **why);

/* Called for each conflict and missing address (why: what, or NULL). */
typedef void (*store_bundle_event_cb)(long line, const char *address,
	    enum store_bundle_outcome, const char *why, void *arg);

#define STORE_BUNDLE_DRY_RUN		0x1	/* count, write nothing */
#define STORE_BUNDLE_SKIP_MISSING	0x2	/* import the rest anyway */

/*
 * Merges labels and prefs as author, in one transaction, reporting each
 * conflict and missing address to cb (may be NULL) and counting every
 * outcome into *counts. Returns 0 (committed; rolled back for a dry run),
 * 1 when addresses are missing and not skipped (nothing written), -1.
 */
int	 store_bundle_import(struct store *, const char *author,
	    const struct store_bundle_label *labels, size_t nlabels,
	    const struct store_bundle_pref *prefs, size_t nprefs, int flags,
	    store_bundle_event_cb cb, void *arg,
	    struct store_bundle_counts *counts, char **cause);

#endif /* CN_STORE_BUNDLE_H */

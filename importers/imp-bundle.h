/*
 * imp-bundle.h - reads an annotation bundle (docs/labels.md, "Sharing
 * labels"): one author's labels and preferences keyed by node addresses,
 * as written by `canopy annotations export`. A pure function from a
 * stream to a callback, like every importer; what the records mean for a
 * database (merging) is store-bundle.c's business.
 */
#ifndef CN_IMP_BUNDLE_H
#define CN_IMP_BUNDLE_H

#include <stdint.h>
#include <stdio.h>

/* The format version this reader knows; a newer one is refused. */
#define IMP_BUNDLE_VERSION	1

enum imp_bundle_kind {
	IMP_BUNDLE_HEADER,
	IMP_BUNDLE_LABEL,
	IMP_BUNDLE_PREF
};

/*
 * One line of a bundle. Strings are borrowed for the callback only.
 * Absent fields: rating CN_NORATING, strings NULL, times 0.
 */
struct imp_bundle_rec {
	enum imp_bundle_kind	 kind;
	long			 line;
	/* header */
	int			 version;
	const char		*author;
	/* label */
	const char		*address;
	int			 rating;
	int			 first_error;
	const char		*tags;		/* comma-separated */
	const char		*note;
	/* preference */
	const char		*chosen;
	const char		*rejected;
	int64_t			 created;
	int64_t			 updated;
};

typedef int (*imp_bundle_cb)(const struct imp_bundle_rec *, void *arg);

/*
 * Reads the bundle in (named name in messages) to its end: the header
 * first (it must be line 1), then each label and preference, each given
 * to cb. Blank lines are skipped. Returns 0, cb's non-zero return, or -1
 * with *cause "name:line:col: what" at the first bad line.
 */
int	 imp_bundle_read(FILE *in, const char *name, imp_bundle_cb cb,
	    void *arg, char **cause);

#endif /* CN_IMP_BUNDLE_H */

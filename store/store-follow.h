/*
 * store-follow.h - where a followed file's committed data ends (import
 * --follow), so that following it again after a crash or a stop resumes
 * there instead of importing its first lines a second time.
 */
#ifndef CN_STORE_FOLLOW_H
#define CN_STORE_FOLLOW_H

#include <stdint.h>

#include "store.h"

/* The committed end of the last follow of a file. */
struct store_follow_mark {
	int64_t		 import_id;
	int64_t		 bytes;		/* committed prefix of the file */
	int64_t		 lines;		/* newlines in it */
	char		 sha256[65];	/* of the prefix */
};

/*
 * Starts recording the follow of file (a canonical path: the key later
 * follows look it up by) for the import just begun with
 * store_import_begin, inside its first transaction, at bytes 0. Returns
 * 0 and *import_id (for store_follow_mark), or -1 and *cause.
 */
int	 store_follow_begin(struct store *, const char *file,
	    int64_t *import_id, char **cause);

/*
 * Records that the follow of import_id has bytes of its file (lines
 * newlines, SHA-256 sha256) in the database. Call it right before
 * store_import_checkpoint or store_import_end, so it commits (or rolls
 * back) with the records it describes. 0, or -1 and *cause.
 */
int	 store_follow_mark(struct store *, int64_t import_id, int64_t bytes,
	    int64_t lines, const char *sha256, char **cause);

/*
 * The mark of the latest follow of file: 1 and *m, 0 if it was never
 * followed (or only up to 0 bytes), -1 and *cause.
 */
int	 store_follow_last(struct store *, const char *file,
	    struct store_follow_mark *m, char **cause);

/*
 * Whether trace ext_id was created by an earlier follow of file: 1 yes,
 * 0 no, -1 and *cause. A resumed follow continues such a trace instead
 * of starting a new one.
 */
int	 store_follow_has_trace(struct store *, const char *file,
	    const char *ext_id, char **cause);

/*
 * Deletes what every earlier follow of file imported (the traces they
 * created, with their nodes, signals, annotations and text index rows)
 * and their marks, in one transaction: import --follow --replace.
 * Returns the number of traces deleted, or -1 and *cause.
 */
int64_t	 store_follow_forget(struct store *, const char *file, char **cause);

#endif /* CN_STORE_FOLLOW_H */

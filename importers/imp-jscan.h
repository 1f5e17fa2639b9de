/*
 * imp-jscan.h - positions in raw JSON text, for the importers' messages and
 * sniffers. cJSON trees carry no offsets, so errors about a field locate
 * the field again in the text (a light lexical walk, no allocation), and
 * sniffers read the top-level keys of a first record that may be cut off
 * mid-way. Internal to importers/.
 */
#ifndef CN_IMP_JSCAN_H
#define CN_IMP_JSCAN_H

#include <stddef.h>

#include "importers.h"

/*
 * Skips whitespace as cJSON has it: every byte up to 0x20, NUL included
 * (between tokens a NUL cuts nothing, so it is tolerated there). Inline:
 * the validator and the scanner call it between every two tokens.
 */
static inline void
imp_jscan_ws(const char *b, size_t len, size_t *p)
{
	while (*p < len && (unsigned char)b[*p] <= 0x20)
		(*p)++;
}

/* Results of the lexical walk. */
#define IMP_JSCAN_OK	0
#define IMP_JSCAN_EOF	1	/* the text ended inside the value */
#define IMP_JSCAN_BAD	(-1)	/* not JSON */

/*
 * Skips whitespace and one JSON value starting at *pos; on IMP_JSCAN_OK
 * *pos is just past the value. Checks structure only (brackets, strings,
 * literal characters), which is enough for text cJSON already accepted
 * and for telling "cut off" from "not JSON" in a sniffer's buffer.
 */
int	 imp_jscan_skip(const char *buf, size_t len, size_t *pos);

/*
 * Locates a field in the JSON value that starts at buf. path is a chain of
 * keys and indexes, e.g. "label.steps[3].completions[0].rating" (keys must
 * not contain '.' or '['; NULL or "" = the value itself). Returns the
 * offset of the deepest part of the path that exists: a key's opening
 * quote, an array element's first byte, or the start of the value.
 */
size_t	 imp_jscan_locate(const char *buf, size_t len, const char *path);

/*
 * Offset of the first byte of the value at path, or (size_t)-1 when the
 * path does not exist in full.
 */
size_t	 imp_jscan_value(const char *buf, size_t len, const char *path);

/* A top-level member seen by imp_jscan_keys(). */
struct imp_jscan_key {
	char	 name[48];	/* truncated if longer */
	char	 type;		/* first byte of the value ({ [ " t f n,
				   a digit or '-'), 0 if the text ended */
	size_t	 val;		/* offset of the value */
};

/*
 * Reads the top-level keys of the JSON object at the start of buf (after
 * whitespace) until the object or the text ends. Returns the number of keys
 * stored in keys[0..max) (more may exist), and *complete = 1 if the object
 * closed within len; -1 if buf does not start with an object or is not
 * JSON before it ends.
 */
int	 imp_jscan_keys(const char *buf, size_t len,
	    struct imp_jscan_key *keys, int max, int *complete);

/* The key named name among keys[0..n), or NULL. */
const struct imp_jscan_key *imp_jscan_key_find(
	    const struct imp_jscan_key *keys, int n, const char *name);
/*
 * Whether keys[0..n) hold name with a value that starts with one of the
 * bytes of types (any value when types is NULL; never a cut-off one).
 */
int	 imp_jscan_key_is(const struct imp_jscan_key *keys, int n,
	    const char *name, const char *types);

/*
 * Where one record lies in its input, for "name:line:col: what" messages.
 * JSONL: doc = the line, base 0, line0 = its line number. One JSON
 * document: doc = the whole text, base = the record's offset, line0 = 1.
 * A record of pretty-printed JSON lines (imp_rec_jsonl): doc = its text,
 * which may span lines, starting col0 bytes into line line0.
 * The cursor (cur_*) makes successive forward positions cheap; zero it
 * with the rest when the struct is set up.
 */
struct imp_jrec {
	const char	*name;
	const char	*doc;
	size_t		 len;
	size_t		 base;
	long		 line0;
	long		 col0;		/* bytes before doc on line line0 */
	int		 partial;	/* JSONL: the last line, no newline */
	size_t		 cur_off;
	long		 cur_line;
	size_t		 cur_bol;
};

/* Line and column of doc offset off (absolute, not relative to base). */
void	 imp_jrec_pos(struct imp_jrec *, size_t off, long *line, long *col);

/*
 * A heap message "name:line:col: path: what" where line:col is the field
 * at path in the record (or its deepest existing parent); without path,
 * "name:line:col: what" at the record's start.
 */
char	*imp_jrec_msg(struct imp_jrec *, const char *path, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

/*
 * Column of the value at path in a one-line record (1 when the path does
 * not exist), for messages that name the member in words.
 */
long	 imp_jrec_col(struct imp_jrec *, const char *path);

/*
 * Offset of the value of the top-level member key of the JSON object at
 * the start of buf (after a byte order mark and whitespace), or -1. buf
 * may be cut short (sniffing): the value must start within len.
 */
long	 imp_jscan_member(const char *buf, size_t len, const char *key);

/*
 * Offset of the value of the first member named key at any depth of the
 * JSON text buf[0..len) (which may be cut short), or -1. Only member
 * names count: the same word inside a string value does not. For
 * sniffers of formats whose telling keys sit below the top level.
 */
long	 imp_jscan_find_key(const char *buf, size_t len, const char *key);

/*
 * A heap message "name:line:col: what" at the value at path, or at the
 * record's start when path is NULL or absent (the path is not repeated:
 * for messages that name the member in words).
 */
char	*imp_jrec_at(struct imp_jrec *, const char *path, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));

/*
 * The end of a record callback: rc as its helpers returned it, with bad
 * (heap, adopted: NULL when the sink rejected the record and counted it)
 * saying why a record is bad. Fills *msg for CN_BAD from bad, at the
 * record's start, and for a CN_FATAL that left it empty; returns rc.
 */
int	 imp_jrec_status(struct imp_jrec *, int rc, char *bad, char **msg);

/* Line of the value at path in the record (the record's line if absent). */
long	 imp_jrec_line(struct imp_jrec *, const char *path);

#endif /* CN_IMP_JSCAN_H */

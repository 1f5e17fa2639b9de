/*
 * imp-rec.h - record-level helpers for the JSON-record importers: typed
 * field access with positioned messages, sink calls whose refusals name
 * the input position, and the one place a record's status becomes "go
 * on", "skip" or "stop". Internal to importers/.
 */
#ifndef CN_IMP_REC_H
#define CN_IMP_REC_H

#include "imp-json.h"
#include "imp-jscan.h"

/* Wanted types for imp_rec_get (cJSON type bits). */
#define IMP_REC_BOOL	(cJSON_True | cJSON_False)

/* "null", "boolean", "number", "string", "array" or "object". */
const char *imp_rec_type(const cJSON *);

/*
 * Member key of obj (an object at path `at` in the record, "" for the
 * record itself) when its type is one of `want` (cJSON type bits). When it
 * is absent or null: NULL, and if required, *msg = "...: <at.key>:
 * missing" (or "is null"). When it has another type: NULL and *msg =
 * "...: <at.key>: expected <what>, not <type>". *msg is NULL when there
 * is nothing to say.
 */
const cJSON *imp_rec_get(struct imp_jrec *, const cJSON *obj,
	    const char *at, const char *key, int want, int required,
	    char **msg);

/* A JSON path "at.key" or "key" (heap). */
char	*imp_rec_path(const char *at, const char *key);
/* A JSON path "at[i]" (heap). */
char	*imp_rec_index(const char *at, int i);

/*
 * Each sends one record to the sink and returns the sink's status
 * (CN_OK, CN_BAD, CN_FATAL). On failure *msg (heap) is
 * "name:line: <what was sent>: <the sink's cause>".
 */
int	 imp_rec_trace(const struct imp_sink *, const struct cn_trace *,
	    const char *name, long line, char **msg);
int	 imp_rec_node(const struct imp_sink *, const struct cn_node *,
	    const char *name, char **msg);
int	 imp_rec_annotation(const struct imp_sink *,
	    const struct cn_annotation *, const char *name, long line,
	    char **msg);

/*
 * Ends one record: CN_OK returns 0; CN_BAD goes through imp_bad (0 =
 * skipped, go on; -1 = stop with *cause); CN_FATAL returns -1 with
 * *cause = msg. Adopts msg (NULL when rc is CN_OK).
 */
int	 imp_rec_done(int rc, const struct imp_opts *, struct imp_report *,
	    char *msg, char **cause);

/*
 * A new object holding references to the members of obj not named in used
 * (NULL-terminated), or NULL when none are left. cJSON_Delete frees it and
 * leaves the members with obj, so obj must outlive it.
 */
cJSON	*imp_rec_minus(const cJSON *obj, const char *const *used);

/*
 * Reads JSONL records: skips blank lines, counts records in r, parses each
 * line with ijson_parse and calls fn, then applies the skip-bad policy to
 * what fn returned (CN_OK, CN_BAD or CN_FATAL with *msg). A line that is
 * not JSON is a bad record. Returns 0, or -1 with *cause.
 */
typedef int (*imp_rec_fn)(struct imp_jrec *, const cJSON *, void *arg,
	    char **msg);
int	 imp_rec_jsonl(FILE *in, const char *name, const struct imp_opts *,
	    struct imp_report *, imp_rec_fn, void *arg, char **cause);

/*
 * For sniffers: the top-level keys of the first non-blank line of buf (a
 * JSON object, possibly cut off). Returns the count as imp_jscan_keys
 * does, and the line in *line, *linelen; -1 and *why when it is not an
 * object.
 */
int	 imp_rec_sniff_line(const char *buf, size_t len,
	    struct imp_jscan_key *keys, int max, const char **line,
	    size_t *linelen, char **why);

#endif /* CN_IMP_REC_H */

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

/*
 * Member key of record j when its type is one of want (cJSON type bits);
 * else NULL and *msg (at the member, or the record when it is absent) =
 * "missing \"<key>\"" or "\"<key>\" is not <what>" ("a string"): the
 * words of the formats that predate imp_rec_get.
 */
const cJSON *imp_rec_need(struct imp_jrec *, const cJSON *j,
	    const char *key, int want, const char *what, char **msg);

/*
 * A member that imp_rec_fields reads: imp_rec_get(key, want, required)
 * into *out.
 */
struct imp_rec_field {
	const char	 *key;
	int		  want;
	int		  required;
	const cJSON	**out;
};
/*
 * imp_rec_get on each of fields (ended by a NULL key) of obj at `at`, in
 * order: 0, or -1 with *msg from the first that fails (or imp_rec_object's
 * when obj is not an object).
 */
int	 imp_rec_fields(struct imp_jrec *, const cJSON *obj, const char *at,
	    const struct imp_rec_field *fields, char **msg);

/*
 * 0 when v (at path `at`, NULL for the record) is an object; else -1 and
 * *msg = "...: <at>: expected an object, not <type>".
 */
int	 imp_rec_object(struct imp_jrec *, const cJSON *v, const char *at,
	    char **msg);
/*
 * The size of array arr (at path `at`; NULL counts as empty) when every
 * element is a string; else -1 and *msg = "...: <at>[i]: expected a
 * string, not <type>" for the first that is not.
 */
int	 imp_rec_strings(struct imp_jrec *, const cJSON *arr, const char *at,
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
/*
 * imp_rec_node for a root (parent NULL: role "root") or step (role
 * "step") node with these members, nmore other signals (more may be NULL
 * when nmore is 0), read from line.
 */
int	 imp_rec_send(const struct imp_sink *, const char *ext,
	    const char *parent, const char *text, int terminal,
	    const char *extra, const struct cn_signal *more, size_t nmore,
	    const char *name, long line, char **msg);
/*
 * imp_rec_node for the root of a one-problem trace: ext_id and role
 * "root", the problem as its text, nmore other signals (more may be NULL
 * when nmore is 0), read from line.
 */
int	 imp_rec_root(const struct imp_sink *, const char *problem,
	    const struct cn_signal *more, size_t nmore, const char *name,
	    long line, char **msg);
/*
 * imp_rec_node for step no of a chain read from jr's line: ext_id "<no>",
 * role "step", below parent (a buffer of parentlen bytes), with nmore
 * other signals. On CN_OK parent becomes the step's ext id, so the next
 * step of the chain hangs from it.
 */
int	 imp_rec_step(const struct imp_sink *, struct imp_jrec *jr,
	    char *parent, size_t parentlen, int no, const char *text,
	    int terminal, const struct cn_signal *more, size_t nmore,
	    char **msg);
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
 * The one JSONL runner. Reads in line by line (each line at most
 * IMP_MAX_RECORD bytes), skips blank lines and a leading byte order mark
 * (blanked, so columns still count it), counts records in r, parses each
 * line with imp_json_parse (unless flags has IMP_REC_RAW: then fn gets
 * NULL and parses jr->doc itself) and calls fn. fn returns
 *	CN_OK		the record is done;
 *	CN_BAD		the record is rejected: *msg says why and the runner
 *			applies the skip-bad policy; *msg NULL means fn has
 *			already applied it (imp_bad) to what it rejected;
 *	CN_FATAL	stop: *msg is the cause.
 * A line that is not JSON, or too long, is a bad record. Returns 0, or -1
 * with *cause.
 */
#define IMP_REC_RAW	0x1	/* fn parses the line itself */
typedef int (*imp_rec_fn)(struct imp_jrec *, const cJSON *, void *arg,
	    char **msg);
int	 imp_rec_jsonl(FILE *in, const char *name, const struct imp_opts *,
	    struct imp_report *, imp_rec_fn, void *arg, char **cause);
int	 imp_rec_jsonl_flags(FILE *in, const char *name, int flags,
	    const struct imp_opts *, struct imp_report *, imp_rec_fn,
	    void *arg, char **cause);

/*
 * A JSON-lines format as data: the reader of such a format is
 * imp_rec_run over its kind (the registry, importers.c, calls it). Its
 * state is size bytes, zeroed (a zeroed struct hmap or cn_buf is an empty
 * one), starting with a struct imp_ctx that imp_rec_run fills (cause
 * NULL); record is called with it for each line (imp_rec_jsonl_flags with
 * flags), and end frees what the records left, given the runner's result
 * and the caller's cause, and returns the reader's.
 */
struct imp_rec_kind {
	size_t		 size;
	int		 flags;
	imp_rec_fn	 record;
	int		(*end)(void *state, int rc, char **cause); /* or NULL */
};
int	 imp_rec_run(const struct imp_rec_kind *, FILE *in, const char *name,
	    const struct imp_opts *, const struct imp_sink *,
	    struct imp_report *, char **cause);

/*
 * For sniffers: where the first record of buf starts (after a byte order
 * mark and blanks, and inside a top-level array of objects, as
 * imp_rec_jsonl reads it), and in *span how far it may run: to the end
 * of its line when the line holds a whole value (JSONL), else to the end
 * of buf (pretty-printed).
 */
size_t	 imp_rec_first(const char *buf, size_t len, size_t *span);

/*
 * For sniffers: the top-level keys of the first record of buf (a
 * JSON object, possibly cut off; see imp_rec_first). Returns the count as imp_jscan_keys
 * does, and the line in *line, *linelen (either may be NULL); -1 and
 * *why when it is not an object.
 */
int	 imp_rec_sniff_line(const char *buf, size_t len,
	    struct imp_jscan_key *keys, int max, const char **line,
	    size_t *linelen, char **why);

/*
 * A sniffer of a format told by its first record's top-level keys: 1 when
 * that record has every "key=types" word of one of the alternatives alts
 * (NULL-terminated; types as imp_jscan_key_is takes them, the bytes its
 * value may start with, nothing after '=' for any value); else 0 and
 * *why = what (heap).
 */
int	 imp_rec_sniff_keys(const char *buf, size_t len,
	    const char *const *alts, const char *what, char **why);

#endif /* CN_IMP_REC_H */

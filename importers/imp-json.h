/*
 * imp-json.h - cJSON helpers shared by the importers. Internal to
 * importers/: no other layer includes it, and no cJSON tree outlives the
 * importer call that built it.
 */
#ifndef CN_IMP_JSON_H
#define CN_IMP_JSON_H

#include <cjson/cJSON.h>
#include <string.h>

#include "importers.h"

/*
 * 1 when s is one of list's strings (ended by NULL; a NULL list has none).
 * Inline: the extras builder asks it for every member of every record.
 */
static inline int
imp_json_listed(const char *const *list, const char *s)
{
	for (; list != NULL && *list != NULL; list++)
		if (strcmp(*list, s) == 0)
			return 1;
	return 0;
}

/*
 * Parses one JSON text (a JSONL line, or a whole document) with the
 * project's rules: valid UTF-8 and what imp_json_check asks (no NUL, depth
 * at most IMP_MAX_DEPTH, finite numbers). lineno is the line buf starts
 * on (1 for a document); errors say "name:line:col: what". Returns the
 * tree or NULL.
 */
cJSON	*imp_json_parse(const char *buf, size_t len, const char *name,
	    long lineno, char **cause);
/* The same for a text that starts col0 bytes into line lineno. */
cJSON	*imp_json_parse_at(const char *buf, size_t len, const char *name,
	    long lineno, long col0, char **cause);

/*
 * Looks in the JSON text buf[0..len) for what cJSON would take silently
 * or blame on the wrong byte: a NUL character in a string (a raw byte,
 * which is not JSON, or \u0000: C strings would cut the text short),
 * arrays and objects nested deeper than IMP_MAX_DEPTH, and numbers that
 * overflow a double.
 * Returns 0 when there is none (text that is not JSON is left to the
 * parser), else -1 with *off at the byte concerned and *what (heap)
 * "path: what" naming the member, e.g. "signals.q: number out of range
 * (not finite)".
 */
int	 imp_json_check(const char *buf, size_t len, size_t *off,
	    char **what);

/* Typed field access: NULL/absent-tolerant. */
const char *imp_json_str(const cJSON *obj, const char *key);	/* or NULL */
/* Number field, or CN_NOVAL when absent, null or not a number. */
double	 imp_json_num(const cJSON *obj, const char *key);
/* Boolean field: 1, 0, or -1 when absent, null or not a boolean. */
int	 imp_json_bool(const cJSON *obj, const char *key);

/* What imp_json_minus and imp_json_extra leave out besides used keys. */
#define IMP_JSON_NO_NULL	0x1	/* members whose value is null */
#define IMP_JSON_NO_EMPTY	0x2	/* members whose value is "" */

/*
 * The one "unmapped fields" helper: a new object holding references to
 * the members of obj whose keys are not in used (NULL-terminated, may be
 * NULL), less what flags drops; NULL when none is left or obj is not an
 * object. cJSON_Delete frees it and leaves the members to obj, so obj
 * must outlive it.
 */
cJSON	*imp_json_minus(const cJSON *obj, const char *const *used, int flags);
/*
 * The same into *to (created when NULL and something is left): for
 * extras that gather the unmapped members of more than one object.
 */
void	 imp_json_keep(cJSON **to, const cJSON *obj,
	    const char *const *used, int flags);

/* The same as compact JSON object text (heap), or NULL. */
char	*imp_json_extra(const cJSON *obj, const char *const *used, int flags);

/* A compact JSON text of any value (heap). */
char	*imp_json_print(const cJSON *);

/*
 * An id given as a JSON integer (exact, |v| < 2^53) or a non-empty string,
 * as a heap string; NULL for any other value.
 */
char	*imp_json_id(const cJSON *);

/* 1 if v is a JSON integer (a number with no fraction, |v| < 2^53). */
int	 imp_json_isint(const cJSON *);

/*
 * Typed members that tell "absent" from "wrong": each returns 1 and sets
 * *out, 0 when v (or member key) is absent or null, -1 when it has
 * another type. An id is a string, or an integer (|v| <= 2^53) written
 * in decimal into buf.
 */
int	 imp_json_get_id(const cJSON *v, char buf[32], const char **out);
int	 imp_json_get_str(const cJSON *o, const char *key, const char **out);
int	 imp_json_get_bool(const cJSON *o, const char *key, int *out);
/* The same for a member already found (v, NULL when absent). */
int	 imp_json_val_str(const cJSON *v, const char **out);
int	 imp_json_val_bool(const cJSON *v, int *out);
/*
 * The first of keys (ended by NULL) whose member of o is present, not
 * null, and of none of the types want (cJSON type bits); NULL when none.
 */
const char *imp_json_mistyped(const cJSON *o, const char *const *keys,
	    int want);

#endif /* CN_IMP_JSON_H */

/*
 * imp-json.h - cJSON helpers shared by the importers. Internal to
 * importers/: no other layer includes it, and no cJSON tree outlives the
 * importer call that built it.
 */
#ifndef CN_IMP_JSON_H
#define CN_IMP_JSON_H

#include <cjson/cJSON.h>

#include "importers.h"

/*
 * Parses one JSON text (a JSONL line, or a whole document) with the
 * project's rules: valid UTF-8 and finite numbers only (cJSON turns 1e999
 * into infinity). lineno is the line buf starts on (1 for a document);
 * errors say "name:line:col: what". Returns the tree or NULL.
 */
cJSON	*ijson_parse(const char *buf, size_t len, const char *name,
	    long lineno, char **cause);

/* Typed field access: NULL/absent-tolerant. */
const char *ijson_str(const cJSON *obj, const char *key);	/* or NULL */
/* Number field, or CN_NOVAL when absent, null or not a number. */
double	 ijson_num(const cJSON *obj, const char *key);
/* Boolean field: 1, 0, or -1 when absent, null or not a boolean. */
int	 ijson_bool(const cJSON *obj, const char *key);

/*
 * The members of obj whose keys are not in used (a NULL-terminated list),
 * as a compact JSON object text (heap), or NULL when none are left.
 */
char	*ijson_extra(const cJSON *obj, const char *const *used);

/* A compact JSON text of any value (heap). */
char	*ijson_print(const cJSON *);

#endif /* CN_IMP_JSON_H */

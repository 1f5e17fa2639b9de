/*
 * imp-text.h - small helpers shared by the tree importers (moatless,
 * llm-reasoners, alphamath, katago): trace ids from file names, integer
 * ids from JSON, compact renderings of JSON values for node texts.
 * Internal to importers/.
 */
#ifndef CN_IMP_TEXT_H
#define CN_IMP_TEXT_H

#include <cjson/cJSON.h>

#include "canopy.h"

/*
 * The file name without directories and without its last extension
 * ("runs/a/trajectory.json" -> "trajectory"), as a heap string. When that
 * stem is generic (generic != NULL and equal to it) and the name has a
 * directory, the directory's name is used instead, since tools write the
 * same file name into one directory per run. "-" and "" give "stdin".
 */
char	*imp_name_stem(const char *name, const char *generic);

/*
 * An id given as a JSON integer (exact, |v| < 2^53) or a non-empty string,
 * as a heap string; NULL for any other value.
 */
char	*imp_json_id(const cJSON *);

/* 1 if v is a JSON integer (a number with no fraction, |v| < 2^53). */
int	 imp_json_isint(const cJSON *);

/*
 * Compact JSON of an object without the members named in skip (NULL-
 * terminated, may be NULL) and without null members; NULL when nothing is
 * left. Heap string.
 */
char	*imp_json_compact(const cJSON *obj, const char *const *skip);

/* Appends s to b, separated from what b holds by sep. NULL s is ignored. */
void	 imp_buf_join(struct cn_buf *b, const char *sep, const char *s);

#endif /* CN_IMP_TEXT_H */

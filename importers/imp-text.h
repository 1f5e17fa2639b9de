/*
 * imp-text.h - text helpers shared by the tree importers (moatless,
 * llm-reasoners, alphamath, katago): trace ids from file names, joined
 * node texts. JSON helpers are in imp-json.h. Internal to importers/.
 */
#ifndef CN_IMP_TEXT_H
#define CN_IMP_TEXT_H

#include "canopy.h"

/*
 * The file name without directories and without its last extension
 * ("runs/a/trajectory.json" -> "trajectory"), as a heap string. When that
 * stem is generic (generic != NULL and equal to it) and the name has a
 * directory, the directory's name is used instead, since tools write the
 * same file name into one directory per run. "-" and "" give "stdin".
 */
char	*imp_text_stem(const char *name, const char *generic);

/* Appends s to b, separated from what b holds by sep. NULL s is ignored. */
void	 imp_text_join(struct cn_buf *b, const char *sep, const char *s);

#endif /* CN_IMP_TEXT_H */

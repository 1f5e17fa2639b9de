/*
 * imp-formats.h - the run and sniff functions of each importer, and the
 * list that importers.c turns into the registry. Internal to importers/.
 * To add a format: declare its two functions here and add one line to
 * IMP_FORMAT_LIST (sniffing order: more specific formats first).
 */
#ifndef CN_IMP_FORMATS_H
#define CN_IMP_FORMATS_H

#include "importers.h"

#define IMP_DECLARE(stem)						\
	int imp_##stem##_run(FILE *, const char *,			\
	    const struct imp_opts *, const struct imp_sink *,		\
	    struct imp_report *, char **);				\
	int imp_##stem##_sniff(const char *, size_t, char **);

IMP_DECLARE(canopy)

#define IMP_FORMAT_LIST \
	/* { name, description, example file, run, sniff }, */		\
	{ "canopy-jsonl", "canopy's own JSON lines: traces, nodes, "	\
	    "signals, labels, scores", "run.canopy.jsonl",		\
	    imp_canopy_run, imp_canopy_sniff },

#endif /* CN_IMP_FORMATS_H */

/*
 * report.h - `canopy report`: the path from the root to one node, with
 * each step's text, values, labels and notes, as Markdown (to paste into
 * an issue) or as one self-contained HTML file (inline CSS and SVG value
 * curves; no script, nothing fetched). Every piece of trace text is
 * escaped for its target, and controls never pass through raw.
 */
#ifndef CN_REPORT_H
#define CN_REPORT_H

#include <stdio.h>

#include "canopy.h"
#include "store.h"

#define REPORT_MD	0
#define REPORT_HTML	1

/*
 * Writes the report of node id in format (REPORT_*) to out. Returns 0, or
 * -1 with *cause (store or write errors).
 */
int	 report_write(struct store *, int64_t id, int format, FILE *out,
	    char **cause);

#endif /* CN_REPORT_H */

/*
 * pipe.h - a sink that hands records to another thread. The importer
 * (parser) runs in the caller's thread and the real sink (the store, the
 * writer) in a second one, so parsing and SQLite writes overlap: an import
 * then takes about as long as the slower of the two instead of their sum.
 *
 * Records are copied into batches (the sink contract lets the caller free
 * them after each call); memory is bounded by PIPE_BATCHES batches.
 *
 * Status: a record the real sink rejects (CN_BAD) is reported when the
 * writer gets to it, not by the call that queued it. With skip_bad it is
 * counted in the pipe's report; without it the writer stops, and the next
 * call on the front sink returns CN_FATAL, so the importer stops too.
 */
#ifndef CN_PIPE_H
#define CN_PIPE_H

#include "canopy.h"

struct pipe;

/*
 * Starts the writer thread over real (borrowed until pipe_finish) and
 * fills *front with the sink the importer should call. name (borrowed)
 * prefixes messages about rejected nodes: "name:line:col: why".
 */
struct pipe	*pipe_start(const struct imp_sink *real, int skip_bad,
		    const char *name, struct imp_sink *front);

/*
 * Flushes, waits for the writer and frees the pipe. Returns 0, or -1 with
 * *cause (heap) when the writer stopped on an error. The records skipped
 * under skip_bad go to report (may be NULL).
 */
struct imp_report;
int		 pipe_finish(struct pipe *, struct imp_report *report,
		    char **cause);

#endif /* CN_PIPE_H */

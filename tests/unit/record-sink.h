/*
 * record-sink.h - a sink that records every call as one text line, so
 * importer tests can assert the exact sequence of calls.
 */
#ifndef CN_RECORD_SINK_H
#define CN_RECORD_SINK_H

#include "canopy.h"

struct record_sink {
	struct cn_buf	 log;		/* one line per call */
	int		 fail_at;	/* call number (1-based) that returns
					   fail_rc; 0 = never */
	int		 fail_rc;	/* CN_BAD or CN_FATAL */
	int		 calls;
};

/* Initialises rs and fills *sink with its callbacks. */
void	 record_sink_init(struct record_sink *rs, struct imp_sink *sink);
void	 record_sink_free(struct record_sink *rs);
/* The recorded lines so far (borrowed). */
const char *record_sink_log(const struct record_sink *rs);

#endif

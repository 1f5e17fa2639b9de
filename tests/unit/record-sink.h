/*
 * record-sink.h - the importer test sink. It records every call twice:
 * as one text line (for exact-sequence assertions on the whole log) and
 * as a record of named fields plus a copy of the model record (for exact
 * questions: "how many nodes have role=step", "the node t2/Q5 of trace
 * foo"). Questions compare whole fields, never substrings of a line, so
 * "n1" never matches "n10". imp-test.h runs importers into it.
 */
#ifndef CN_RECORD_SINK_H
#define CN_RECORD_SINK_H

#include <stdarg.h>

#include "canopy.h"

/* A field of a recorded call; value NULL for a flag ("terminal"). */
struct rs_field {
	char		*key;
	char		*value;
	int		 quoted;	/* printed as key="value" */
};

/*
 * One sink call: id is the trace or node ext, or the node of an annotation
 * or score (NULL for score_path); trace is the current trace at the call;
 * line is as in the log, without '\n'; copy is a node's index in nodes if
 * the sink accepted it; value is a score's exact value.
 */
struct rs_record {
	const char	*kind;	/* trace, node, annotation... */
	char		*id;
	char		*trace;
	struct rs_field	*fields;
	size_t		 nfields;
	char		*line;
	size_t		 copy;
	double		 value;
};

/* An annotation as given, with the trace it was given in. */
struct rs_annotation {
	char		*trace;
	struct cn_annotation a;		/* strings owned */
};

struct rs_node {
	char		*trace;		/* ext id of its trace */
	struct cn_node	 n;		/* strings and more owned */
};

/*
 * fail_at: the call (1-based; 0 never) that returns fail_rc (CN_BAD or
 * CN_FATAL). recs: every call, as the log. The copies (traces started,
 * nodes, annotations) hold only what the sink accepted; cur is the
 * current trace and nresumes counts trace() calls that resume one.
 */
struct record_sink {
	struct cn_buf		 log;
	int			 fail_at;
	int			 fail_rc;
	int			 calls;
	struct rs_record	*recs;
	size_t			 nrecs, caprecs;
	char			*cur;
	struct cn_trace		*traces;
	size_t			 ntraces, captraces;
	size_t			 nresumes;
	struct rs_node		*nodes;
	size_t			 nnodes, capnodes;
	struct rs_annotation	*ann;
	size_t			 nann, capann;
};

/* Initialises rs and fills *sink with its callbacks. */
void	 record_sink_init(struct record_sink *rs, struct imp_sink *sink);
void	 record_sink_free(struct record_sink *rs);
/* The recorded lines so far (borrowed). */
const char *record_sink_log(const struct record_sink *rs);

/*
 * Number of records of kind (NULL: any) matching every spec of the NULL-
 * terminated list. A spec is "key=value" (a field key equal to value;
 * keys "id" and "trace" match the record's id and trace), "key^=prefix"
 * (the value starts with prefix), "key*=part" (the value contains part:
 * for a member of a JSON extra, say "extra*=\"name\":"), or "key" (the
 * field is present: a flag, a signal). Numbers compare as printed (%g).
 */
size_t	 record_sink_count(const struct record_sink *rs, const char *kind,
	    ...) __attribute__((sentinel));
size_t	 record_sink_vcount(const struct record_sink *rs,
	    const char *kind, va_list ap);
/* The same with the specs as an array of nspecs. */
size_t	 record_sink_count_specs(const struct record_sink *rs,
	    const char *kind, const char *const *specs, size_t nspecs);
/*
 * The first record of kind whose id is id, in trace (NULL: any), or NULL
 * (borrowed).
 */
const struct rs_record *record_sink_find(const struct record_sink *rs,
	    const char *kind, const char *trace, const char *id);
/*
 * Whether rec's fields are exactly these, in order: spec i (as for
 * record_sink_count, without "id" and "trace") matches field i.
 */
int	 record_sink_fields_are(const struct rs_record *rec, ...)
	    __attribute__((sentinel));
/* A field's value in rec, or NULL if absent or a flag. */
const char *record_sink_field(const struct rs_record *rec, const char *key);
/*
 * Whether the log holds exactly these whole lines, consecutive (lines
 * separated by '\n', none at the end).
 */
int	 record_sink_has_line(const struct record_sink *rs,
	    const char *lines);

/* The node ext in trace (NULL: any trace), or NULL. */
const struct cn_node *record_sink_node(const struct record_sink *rs,
	    const char *trace, const char *ext);
/* The trace record with this ext id, or NULL. */
const struct cn_trace *record_sink_trace(const struct record_sink *rs,
	    const char *ext);
/* The value of signal name (common or named) on node n, or CN_NOVAL. */
double	 record_sink_sig(const struct cn_node *n, const char *name);

#endif

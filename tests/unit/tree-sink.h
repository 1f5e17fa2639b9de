/*
 * tree-sink.h - a sink for importer tests that keeps a copy of every
 * trace, node and annotation it is given, so tests can count them and
 * look nodes up by (trace, ext id). It also records the call lines of a
 * record sink (record-sink.h) for exact-sequence assertions.
 */
#ifndef CN_TREE_SINK_H
#define CN_TREE_SINK_H

#include <stdio.h>

#include "canopy.h"
#include "importers.h"
#include "record-sink.h"

struct ts_node {
	char		*trace;		/* ext id of its trace */
	struct cn_node	 n;		/* strings owned; more owned */
};

struct ts_annotation {
	char		*trace;
	char		*node_ext;
	char		*author;
	char		*note;
	int		 rating;
};

struct tree_sink {
	struct record_sink	 rec;
	struct imp_sink		 recsink;
	char			*cur;		/* current trace ext id */
	size_t			 ntraces;	/* traces started */
	size_t			 nresumes;	/* trace() calls that resume */
	struct cn_trace		*traces;	/* strings owned */
	struct ts_node		*nodes;
	size_t			 nnodes;
	struct ts_annotation	*ann;
	size_t			 nann;
};

void	 tree_sink_init(struct tree_sink *, struct imp_sink *);
void	 tree_sink_free(struct tree_sink *);
/* The node ext in trace (NULL: any trace), or NULL. */
const struct cn_node *tree_sink_node(const struct tree_sink *,
	    const char *trace, const char *ext);
/* The trace record with this ext id, or NULL. */
const struct cn_trace *tree_sink_trace(const struct tree_sink *,
	    const char *ext);
/* Nodes carrying signal name (common or named). */
size_t	 tree_sink_count_sig(const struct tree_sink *, const char *name);
/* Nodes with this role; with terminal set; with chosen set. */
size_t	 tree_sink_count_role(const struct tree_sink *, const char *role);
size_t	 tree_sink_count_terminal(const struct tree_sink *);
size_t	 tree_sink_count_chosen(const struct tree_sink *);
/* The value of signal name on node n, or CN_NOVAL. */
double	 tree_sink_sig(const struct cn_node *, const char *name);

/*
 * Runs an importer on text (named name in messages) into a fresh tree
 * sink ts (initialised here; free it with tree_sink_free). rep is zeroed
 * first. Returns the importer's status; *cause as the importer set it.
 */
int	 tree_sink_run_text(struct tree_sink *ts, imp_run_fn run,
	    const char *name, const char *text, int skip_bad,
	    struct imp_report *rep, char **cause);
/*
 * The same for a file below the source tree ($CANOPY_SRCDIR, else the
 * configured top source directory), named by its relative path.
 */
int	 tree_sink_run_file(struct tree_sink *ts, imp_run_fn run,
	    const char *relpath, int skip_bad, struct imp_report *rep,
	    char **cause);

#endif

/*
 * export.h - the writers of `canopy export` (export-*.c) and the model
 * they share (export-paths.c): a trace's nodes and labels held in memory
 * one trace at a time, and the labeled paths in it.
 *
 * A labeled path, for one author: from the root down to a node that
 * author labeled and below which they labeled nothing (its "end"). Every
 * rated completion of a PRM800K record is such an end, and so is the
 * error step of a ProcessBench record. Writers that need the whole
 * solution (processbench) go on below the end along the chosen child (else
 * the first) to a leaf; those steps carry no label.
 */
#ifndef CN_EXPORT_H
#define CN_EXPORT_H

#include <stdio.h>

#include "canopy.h"
#include "store.h"

/* A node as the writers see it; strings owned by the trace. */
struct export_node {
	int64_t		 id;
	int64_t		 parent_id;
	int		 depth;
	int		 ordinal;
	int		 chosen;
	int		 terminal;
	char		*ext_id;
	char		*role;
	char		*text;		/* or NULL */
	double		 sig[CN_SIG_COUNT];
	size_t		 parent;	/* index of the parent, or SIZE_MAX */
	size_t		 next;		/* the child a path goes on to, or
					   SIZE_MAX for a leaf */
};

/* One author's last label of a node; strings owned by the trace. */
struct export_label {
	size_t		 node;		/* index into nodes */
	char		*author;
	int		 rating;	/* -1, 0, 1 or CN_NORATING */
	int		 first_error;
	char		*tags;
	char		*note;
	int64_t		 created;
	int64_t		 updated;
};

/* A trace with its nodes (id order) and labels (author, node order). */
struct export_trace {
	struct cn_trace		 t;		/* owned copy */
	struct export_node	*nodes;
	size_t			 nnodes;
	struct export_label	*labels;
	size_t			 nlabels;
	size_t			 nauthors;	/* distinct authors */
};

/*
 * Loads trace t's nodes and the labels by author (NULL: any). Returns 0,
 * or -1 with *cause.
 */
int	 export_trace_load(struct store *, const struct cn_trace *t,
	    const char *author, struct export_trace *, char **cause);
void	 export_trace_free(struct export_trace *);
/* The index of node id, or SIZE_MAX. */
size_t	 export_trace_find(const struct export_trace *, int64_t id);

/* A labeled path (see above). */
struct export_path {
	const char	*author;	/* borrowed from the trace */
	size_t		*steps;		/* node indices below the root */
	size_t		 nsteps;
	size_t		 nlabeled;	/* steps[0..nlabeled) end at the end */
	const struct export_label **labels; /* per step, NULL: unlabeled */
	size_t		 root;
	size_t		 end;		/* node index of the end */
};

/*
 * The labeled paths of a trace, authors in name order, ends in id order,
 * into *paths (free with export_paths_free). With extend, steps go on
 * past the end to a leaf.
 */
void	 export_paths(const struct export_trace *, int extend,
	    struct export_path **paths, size_t *npaths);
void	 export_paths_free(struct export_path *, size_t);

/*
 * A name for path i of np in the trace, unique in the export: the trace's
 * id, then "/<end node id>" when the trace has several paths, then
 * "@<author>" when it has several authors. Heap.
 */
char	*export_path_name(const struct export_trace *,
	    const struct export_path *, size_t np);

/* What a writer did, for the summary on stderr. */
struct export_counts {
	int64_t		 records;	/* records written */
	int64_t		 labels;	/* labels in them */
	int64_t		 skipped;	/* paths or pairs the format cannot
					   hold (see docs/export.md) */
	char		*first_skip;	/* heap: why the first was skipped */
};

struct export_opts {
	const char	*author;	/* NULL: every author */
	int64_t		 trace;		/* 0: every trace */
};

/*
 * A format: run writes the records to out. Returns 0, or -1 with *cause
 * (store errors, write errors).
 */
typedef int export_run(struct store *, const struct export_opts *,
    FILE *out, struct export_counts *, char **cause);

struct export_format {
	const char	*name;
	const char	*help;
	export_run	*run;
};

/* The formats, terminated by a NULL name (export-paths.c). */
extern const struct export_format export_formats[];
const struct export_format *export_format_find(const char *name);

/*
 * Calls cb with every trace (opts->trace, or all) that holds a label by
 * opts->author, loaded; the trace is freed after the call.
 */
typedef int (*export_trace_cb)(struct store *, const struct export_trace *,
    void *arg, char **cause);
int	 export_traces_each(struct store *, const struct export_opts *,
	    export_trace_cb, void *arg, char **cause);

/* Records that a path could not be written, keeping the first reason. */
void	 export_skip(struct export_counts *, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* The writers (export-steps.c, export-prm800k.c, export-jsonl.c). */
export_run	 export_processbench, export_shepherd, export_trl_stepwise,
		 export_prm800k, export_dpo_pairs, export_canopy_jsonl;

#endif /* CN_EXPORT_H */

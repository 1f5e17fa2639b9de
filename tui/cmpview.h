/*
 * cmpview.h - what the comparison views (view-disagree.c, view-calib.c,
 * view-diff.c) share: a list of report lines computed by a job on a
 * worker thread (worker.h), shown with "computing..." and its progress
 * until the job ends, Esc cancelling it, and Enter going to the node a
 * line is about. Internal to tui/.
 */
#ifndef CN_CMPVIEW_H
#define CN_CMPVIEW_H

#include "query.h"
#include "tui-int.h"
#include "worker.h"

/* One line of a report; text is untrusted (names, step texts). */
struct cv_line {
	char		*text;
	int64_t		 node;		/* Enter goes there; 0: none */
	enum theme_role	 role;
};

/* The lines a job writes (on its thread; read by the view when done). */
struct cv_out {
	struct cv_line	*l;
	size_t		 n, cap;
};
void	 cv_add(struct cv_out *, int64_t node, enum theme_role,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	 cv_out_free(struct cv_out *);

/* A job: runs on the worker, frees its arg (which holds a cv_out). */
struct cv_job {
	worker_fn	 run;
	void		(*free)(void *);
	void		*arg;
	struct cv_out	*out;		/* inside arg */
};

/*
 * Opens view id (one of the comparison views) if needed, switches to it
 * and starts job there under a title (printf-style, shown in the header;
 * job may be a compound literal: it is copied); the previous
 * job of that view is cancelled and freed. The view owns job->arg.
 */
void	 cmpview_start(struct tui *, enum view_id, const struct cv_job *,
	    const char *title_fmt, ...) __attribute__((format(printf, 4, 5)));
/* The arg of view id's job once it is done, else NULL. */
void	*cmpview_result(struct tui *, enum view_id);

/* The node under the tree view's cursor (open or not), or 0. */
int64_t	 cmpview_tree_node(struct tui *);

/* The view callbacks every comparison view uses. */
int	 cmpview_open(struct view *, char **cause);
void	 cmpview_draw(struct view *);
int	 cmpview_action(struct view *, enum action, const char *arg);
void	 cmpview_status(struct view *, struct cn_buf *);
int	 cmpview_idle(struct view *);
void	 cmpview_close(struct view *);

/* A comparison view's ops: the views differ only by name. */
#define CMPVIEW_OPS(vname) {						\
	.name = (vname),						\
	.keymap = KEYMAP_TREE,						\
	.open = cmpview_open,						\
	.draw = cmpview_draw,						\
	.action = cmpview_action,					\
	.status = cmpview_status,					\
	.idle = cmpview_idle,						\
	.close = cmpview_close,						\
}

/*
 * Calls fn on each trace a job reads (every trace, or only trace when it
 * is > 0) with the worker's progress, until the worker is cancelled; -1
 * with *cause when reading the list or fn fails.
 */
int	 cv_traces_each(struct worker *, struct store *, int64_t trace,
	    query_trace_fn *, void *arg, char **cause);
/* -1 with *cause when no node of the database has signal a (or b). */
int	 cv_signal_check(struct store *, const char *a, const char *b,
	    char **cause);

/*
 * The words of :disagree, :calibrate and :hist: up to nsig signal names,
 * "all" or "trace", a number, and (scales != 0) a scale of analysis.h.
 */
struct cv_args {
	char		*sig[2];	/* NULL: not named */
	int		 all;		/* 1: all, 0: trace, -1: neither */
	long		 num;		/* -1: none */
	int		 scale;		/* -1: none */
};
/*
 * Parses arg into *a; a word none of those can be is an error: the
 * status line says "what: unexpected 'WORD'" and usage after it.
 */
int	 cv_args_parse(struct tui *, const char *what, const char *usage,
	    const char *arg, int nsig, int scales, struct cv_args *a);
void	 cv_args_free(struct cv_args *);
/* The number given clamped to 1..max, else def. */
int	 cv_args_num(const struct cv_args *, int def, int max);
/*
 * The trace a command reads: the one open in the tree unless "all" was
 * given (0: every trace); -1 with a message when "trace" was given and
 * none is open.
 */
int	 cv_args_trace(struct tui *, const char *what,
	    const struct cv_args *, int64_t *trace);

#endif /* CN_CMPVIEW_H */

/*
 * tui-int.h - what the files of tui/ share: the application state, the
 * view interface and drawing helpers. Internal to tui/.
 */
#ifndef CN_TUI_INT_H
#define CN_TUI_INT_H

#include <curses.h>
#include <signal.h>

#include "canopy.h"
#include "colors.h"
#include "keys.h"
#include "layout.h"
#include "settings.h"
#include "store.h"
#include "text.h"
#include "theme.h"
#include "tui.h"

/* What a handler asks the loop to do; only the loop draws. */
#define TUI_HANDLED	0x1	/* the key was used */
#define TUI_REDRAW	0x2	/* repaint */
#define TUI_RELOAD	0x4	/* re-read from the database, then repaint */
#define TUI_QUIT	0x8	/* leave */
#define TUI_RELAYOUT	0x10	/* recompute the layout (detail toggled) */

struct tui;
struct view;

/*
 * A view (after tig's view_ops). A view reads the store in open() and
 * reload() and keeps only model records it owns (never a statement). Only
 * the loop calls draw(); handlers return TUI_* flags.
 */
struct view_ops {
	const char	*name;		/* "traces", "tree" */
	enum keymap	 keymap;	/* its bindings (then generic ones) */
	int		 detail;	/* 1: may show the detail pane */
	/* Reads what the view shows; -1 with *cause keeps it closed. */
	int		(*open)(struct view *, char **cause);
	/* Draws into the tui's header, main and detail windows. */
	void		(*draw)(struct view *);
	/*
	 * Runs an action; returns TUI_* flags (0: not used). arg is NULL
	 * for a key (an action that needs text then asks for it), or the
	 * argument of the `:` command that named the action ("" if none).
	 */
	int		(*action)(struct view *, enum action, const char *arg);
	/* A key no binding took (e.g. typing a filter); TUI_* flags. */
	int		(*key)(struct view *, int key);
	/* A mouse click (button 1) or wheel (dir) at row y of the main pane. */
	int		(*mouse)(struct view *, int y, int wheel);
	/* Re-reads after the database changed, keeping the position. */
	int		(*reload)(struct view *, char **cause);
	/* The main pane changed size. */
	void		(*resize)(struct view *);
	/* Appends the view's part of the status line. */
	void		(*status)(struct view *, struct cn_buf *);
	/*
	 * Work done while no key is waiting (reading the rest of a list), a
	 * bounded step per call; returns TUI_REDRAW after a step, 0 when
	 * there is nothing left. NULL: none.
	 */
	int		(*idle)(struct view *);
	/*
	 * Frees what v->data holds (never NULL here); tui_view_close() frees
	 * v->data itself, for every view.
	 */
	void		(*close)(struct view *);
};

struct view {
	const struct view_ops	*ops;
	struct tui		*tui;
	void			*data;		/* the view's own state */
	int			 is_open;
};

extern const struct view_ops view_traces_ops;	/* view-traces.c */
extern const struct view_ops view_tree_ops;	/* view-tree.c */
extern const struct view_ops view_siblings_ops;	/* view-siblings.c */
extern const struct view_ops view_rerun_ops;	/* view-rerun.c */
extern const struct view_ops view_disagree_ops;	/* view-disagree.c */
extern const struct view_ops view_calib_ops;	/* view-calib.c */
extern const struct view_ops view_diff_ops;	/* view-diff.c */
extern const struct view_ops view_replay_ops;	/* view-replay.c */
extern const struct view_ops view_tags_ops;	/* view-tags.c */
/* Puts the traces list's cursor on trace id, if the list shows it. */
void	 view_traces_select(struct view *, int64_t id);

/* The views, in the order the loop walks them (tig's foreach_view). */
#define VIEWS(_)							\
	_(TRACES,	view_traces_ops)				\
	_(TREE,		view_tree_ops)					\
	_(SIBLINGS,	view_siblings_ops)				\
	_(RERUN,	view_rerun_ops)	\
	_(DISAGREE,	view_disagree_ops)				\
	_(CALIB,	view_calib_ops)					\
	_(DIFF,		view_diff_ops)					\
	_(REPLAY,	view_replay_ops) \
	_(TAGS,		view_tags_ops)

enum view_id {
#define VIEW_ENUM(e, ops) VIEW_##e,
	VIEWS(VIEW_ENUM)
#undef VIEW_ENUM
	VIEW_COUNT
};

#define foreach_view(t, v)						\
	for ((v) = (t)->views; (v) < (t)->views + VIEW_COUNT; (v)++)

/* The view with that id (open or not). */
#define tui_view(t, id)	(&(t)->views[(id)])

/*
 * Where the loop's keys come from: the terminal, or a replay script (the
 * benchmark). read() returns the next key, CN_KEY_NONE when none is
 * waiting, or TUI_INPUT_END when the source is spent; busy says the loop
 * has idle work left, so a terminal must not block. done() is called once
 * when the loop ends (NULL: nothing to do).
 */
#define TUI_INPUT_END	(-1)
struct tui_input {
	int		(*read)(struct tui *, int busy, void *arg);
	void		(*done)(struct tui *, void *arg);
	void		*arg;
};

/* A one-line prompt on the command line. */
typedef int (*prompt_done_cb)(struct tui *, const char *text);
typedef void (*prompt_live_cb)(struct tui *, const char *text);

struct tui {
	struct store	*st;
	char		*dbpath;
	struct settings	 set;
	struct theme	 theme;
	int		 replay;	/* headless benchmark mode */
	int64_t		 start_us;	/* when tui_run started (monotonic) */

	SCREEN		*screen;
	FILE		*term_out;
	FILE		*term_in;
	int		 active;	/* curses is on */
	WINDOW		*w_input;	/* 1x1, never drawn: keys are read here */

	struct layout_opts lopts;
	struct layout	 lay;
	WINDOW		*w_title, *w_header, *w_main, *w_border, *w_detail;
	WINDOW		*w_status, *w_cmd;

	struct view	 views[VIEW_COUNT];
	struct view	*cur;
	int		 key;		/* the key being dispatched */
	int		 focus_detail;	/* keys go to the detail pane */
	int		 detail_on;	/* the user wants the detail pane */
	int64_t		 open_trace;	/* what the tree view opens next */
	int		 views_stale;	/* views but the tree are read again
					   when shown (a label was written) */
	int64_t		 open_node;	/* 0: the best path */
	int64_t		 open_compare;	/* what the siblings view compares */
	int64_t		 diff_mark;	/* diff-mark's node, or 0 */

	int64_t		 data_version;
	char		*msg;		/* status message, or NULL */
	int		 msg_error;

	/* Prompt (when prompt_label != NULL). */
	char		*prompt_label;
	struct cn_buf	 prompt_text;
	prompt_done_cb	 prompt_done;
	prompt_live_cb	 prompt_live;

	/* Labeling (labels.c): made on first use. */
	const char	*author;	/* --author, or NULL */
	struct labels	*labels;

	/* Help overlay. */
	int		 help;
	int		 help_seen;	/* opened once: no "F1 help" hint */
	struct cn_buf	 help_filter;
	int		 help_top;
};

/* tui-term.c */
/* The signal that asks the loop to end (SIGINT, SIGTERM, SIGHUP), or 0. */
extern volatile sig_atomic_t tui_signal;
/* Input poll period: how long the terminal waits for a key. */
#define TUI_TICK_MS	250
/*
 * Starts curses on the real terminal, or (replay) on a scratch file of
 * rows x cols so the benchmark can count the bytes written.
 */
int	 tui_init(struct tui *, int rows, int cols, char **cause);
/* Ends curses and puts the terminal back; safe to call more than once. */
void	 tui_done(struct tui *);

/* tui.c */
/* The monotonic clock in microseconds. */
int64_t	 tui_now_us(void);
/*
 * Runs action a: the generic ones here, the rest in the current view. arg
 * is NULL for a key, or a `:` command's argument. Returns TUI_* flags.
 */
int	 tui_action(struct tui *, enum action a, const char *arg);
/*
 * Goes to an address: "#ID" (a node's database id), TRACE/NODE, a trace
 * id, or a node id of the trace open in the tree view. Opens another
 * trace when needed; says what went wrong in the status line.
 */
int	 tui_goto(struct tui *, const char *address);
/* tui_goto() to the node of database id node ("#ID"). */
int	 tui_goto_id(struct tui *, int64_t node);
/* Switches to view v (open), laying out again. */
void	 tui_switch(struct tui *, struct view *v);
/* Closes v, or what a failed open() left of it; harmless when closed. */
void	 tui_view_close(struct view *v);
/* Sets the status message (printf-like); error: in ROLE_STATUS_ERROR. */
void	 tui_message(struct tui *, int error, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* Shows "what: cause" as an error and frees cause. */
void	 tui_error(struct tui *, const char *what, char *cause);
/* Starts a prompt; done gets the text on Enter, live on every edit. */
void	 tui_prompt(struct tui *, const char *label, const char *initial,
	    prompt_done_cb done, prompt_live_cb live);
/*
 * Opens the sibling comparison of node (its children; a leaf's siblings),
 * with reference signal ref (NULL or "": q, else the first).
 */
int	 tui_open_siblings(struct tui *, int64_t node, const char *ref,
	    char **cause);
/* Switches to the tree view of trace at node (0: best path). */
int	 tui_open_tree(struct tui *, int64_t trace, int64_t node,
	    char **cause);

/* screen.c: the windows and what the loop draws around the views. */
/* Applies the layout (detail on/off, ratio) and resizes windows. */
void	 tui_relayout(struct tui *);
/* Lays out again with the user's detail choice (not what last fitted). */
void	 tui_relayout_detail(struct tui *);
/* Deletes every window (before curses ends). */
void	 tui_windows_free(struct tui *);
/* Draws everything that is dirty and calls doupdate. */
void	 tui_draw(struct tui *);

/* prompt.c: the one-line prompt on the command line. */
/* A key while the prompt is open; TUI_* flags. */
int	 prompt_key(struct tui *, int key);
/* Removes the last UTF-8 character of a buffer. */
void	 buf_chop(struct cn_buf *);
/* Appends code point cp as UTF-8. */
void	 buf_add_cp(struct cn_buf *, int cp);
/*
 * Tab on the prompt: line keeps its first keep bytes, then gets the
 * longest common prefix of the n (>= 1) candidates, and a space when
 * there is one only; else the status line lists them.
 */
void	 prompt_complete(struct tui *, struct cn_buf *line, size_t keep,
	    const char *const *cands, size_t n);

/* view-tree.c */
/*
 * ":filter EXPR" in the tree view (filter-expr.h): evaluated while idle,
 * its match count on the status line, n/N walk the matches; "" clears.
 */
int	 tree_filter_command(struct tui *, const char *arg);

/* view-rerun.c */
/*
 * Opens the rerun panel on the tree's cursor node; arg (a `:rerun`
 * argument, or NULL) presets endpoint, n, temp, mode, score.
 */
int	 rerun_open(struct tui *, const char *arg);
/*
 * Drives a running rerun's network for at most timeout_ms (the loop
 * calls it each turn); *active says whether one runs. TUI_* flags.
 */
int	 rerun_poll(struct tui *, int timeout_ms, int *active);
/*
 * The comparison views (cmpview.c, view-disagree.c, view-calib.c,
 * view-diff.c, view-replay.c): their actions from any view, their `:` commands and the
 * completion of their arguments (signal names).
 */
int	 cmpview_global(struct tui *, enum action, const char *arg);
/* ACTION_BACK in a comparison view (cancels a job); 0 elsewhere. */
int	 cmpview_back(struct tui *);
int	 cmpview_complete(struct tui *, struct cn_buf *line);
int	 disagree_command(struct tui *, const char *arg);
/* disagree-next/-prev from tree node cursor (dir 1 or -1). */
int	 disagree_walk(struct tui *, int64_t cursor, int dir);
int	 calib_command(struct tui *, const char *arg);
int	 hist_command(struct tui *, const char *arg);
int	 diff_command(struct tui *, const char *arg);
/* diff-mark and diff in the tree, on node cursor. */
int	 diff_mark(struct tui *, int64_t cursor);
int	 diff_with_mark(struct tui *, int64_t cursor);
int	 replay_command(struct tui *, const char *arg);

/* commands.c: the `:` commands. */
/* One command's name, alias, action, argument and help (X-macro row). */
struct command {
	const char	*name;
	const char	*alias;		/* or NULL */
	enum action	 action;	/* run with the argument, or... */
	int		(*run)(struct tui *, const char *arg); /* ...this */
	const char	*args;		/* e.g. "NAME", "" for none */
	const char	*help;		/* NULL: the action's; see below */
};
extern const struct command commands[];
extern const size_t ncommands;
/* The command's help text (its action's when the table has none). */
const char	*command_help(const struct command *);
/* Runs a `:` line (the prompt's done callback); TUI_* flags. */
int	 command_done(struct tui *, const char *line);
/*
 * Completes the command name that line starts with, in place: to the
 * only match, or to the longest common prefix, listing the matches in the
 * status line. Returns the number of matches.
 */
int	 command_complete(struct tui *, struct cn_buf *line);

/* help.c: the help overlay (keys, then `:` commands). */
void	 help_open(struct tui *);
void	 help_draw(struct tui *);
int	 help_key(struct tui *, int key);

/* draw.c: drawing helpers over text.h. */
/*
 * Draws sanitized text t (its escape spans in ROLE_ESCAPE, bytes matching
 * one of the words of hl in ROLE_MATCH) at the cursor in at most width
 * columns with attribute base; returns the columns used.
 */
int	 draw_safe(WINDOW *, const struct text_safe *t, int width,
	    attr_t base, int selected, const char *hl);
/* Sanitizes and draws untrusted s (one line) in at most width columns. */
int	 draw_str(WINDOW *, const char *s, int width, attr_t base);
/* Draws trusted ASCII/UTF-8 s (no sanitizing) in at most width columns. */
int	 draw_plain(WINDOW *, const char *s, int width, attr_t base);
/* Paints line y of the window in attribute a; the cursor goes to (y, 0). */
void	 draw_line_bg(WINDOW *, int y, attr_t a);
/* Formats a value in at most 5 columns ("0.532", "-0.12", "1.2M"). */
void	 fmt_val(char *buf, size_t len, double v, int integer);

/* replay.c */
/*
 * Makes in a replay source: keys from the script at keys_path, timings to
 * timings_path (format in replay.c). -1 with *cause if a file cannot be
 * opened. replay_close() frees it; -1 with *cause if the script had a bad
 * line or the timings could not be written.
 */
int	 replay_open(struct tui *, struct tui_input *in,
	    const char *keys_path, const char *timings_path, char **cause);
int	 replay_close(struct tui_input *in, char **cause);

#endif /* CN_TUI_INT_H */

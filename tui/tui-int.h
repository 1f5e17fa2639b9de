/*
 * tui-int.h - what the files of tui/ share: the application state, the
 * view interface and drawing helpers. Internal to tui/.
 */
#ifndef CN_TUI_INT_H
#define CN_TUI_INT_H

#include <curses.h>

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
	/* Runs an action; returns TUI_* flags (0: not used). */
	int		(*action)(struct view *, enum action);
	/* A key no binding took (e.g. typing a filter); TUI_* flags. */
	int		(*key)(struct view *, int key);
	/* A mouse click (button 1) or wheel (dir) at row y of the main pane. */
	int		(*mouse)(struct view *, int y, int wheel);
	/* `:cmd arg` lines the generic commands did not take; TUI_* or 0. */
	int		(*command)(struct view *, const char *cmd,
			    const char *arg);
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
	/* Frees what open() made; the view struct itself is the tui's. */
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

	struct layout_opts lopts;
	struct layout	 lay;
	WINDOW		*w_title, *w_header, *w_main, *w_border, *w_detail;
	WINDOW		*w_status, *w_cmd;

	struct view	 traces;
	struct view	 tree;
	struct view	*cur;
	int		 focus_detail;	/* keys go to the detail pane */
	int		 detail_on;	/* the user wants the detail pane */
	int64_t		 open_trace;	/* what the tree view opens next */
	int64_t		 open_node;	/* 0: the best path */

	int64_t		 data_version;
	char		*msg;		/* status message, or NULL */
	int		 msg_error;

	/* Prompt (when prompt_label != NULL). */
	char		*prompt_label;
	struct cn_buf	 prompt_text;
	prompt_done_cb	 prompt_done;
	prompt_live_cb	 prompt_live;

	/* Help overlay. */
	int		 help;
	struct cn_buf	 help_filter;
	int		 help_top;
};

/* tui.c */
/* Sets the status message (printf-like); error: in ROLE_STATUS_ERROR. */
void	 tui_message(struct tui *, int error, const char *, ...)
	    __attribute__((format(printf, 3, 4)));
/* Shows "what: cause" as an error and frees cause. */
void	 tui_error(struct tui *, const char *what, char *cause);
/* Starts a prompt; done gets the text on Enter, live on every edit. */
void	 tui_prompt(struct tui *, const char *label, const char *initial,
	    prompt_done_cb done, prompt_live_cb live);
/* Switches to the tree view of trace at node (0: best path). */
int	 tui_open_tree(struct tui *, int64_t trace, int64_t node,
	    char **cause);
/* Applies the layout (detail on/off, ratio) and resizes windows. */
void	 tui_relayout(struct tui *);

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
int	 replay_run(struct tui *, const char *keys_path,
	    const char *timings_path, char **cause);
/* One step of the open views' idle work; 0 when there is none left. */
int	 tui_idle(struct tui *);
/* Runs one key through the loop's dispatch and redraws (tui.c). */
int	 tui_feed_key(struct tui *, int key);
/* Draws everything that is dirty and calls doupdate (tui.c). */
void	 tui_draw(struct tui *);

#endif /* CN_TUI_INT_H */

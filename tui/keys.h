/*
 * keys.h - actions, key codes and keymaps, without curses.
 *
 * A key is an int: a Unicode code point for a character typed (including
 * the control characters C-a ... C-z, 1-26, except those listed below), or
 * one of the CN_KEY_* constants for special keys, optionally with the
 * CN_KEY_META bit (Alt/Esc prefix). Tab, Enter, Esc and Backspace are always
 * the constants, never 9, 10/13, 27 or 8/127 (keys_normalize). The curses
 * key codes are mapped onto these in tui/keyname-curses.c only.
 *
 * Bindings are written in the config language, in a keymap:
 *
 *	bind <keymap> <key> <action>	# e.g. bind tree j move-down
 *	unbind <keymap> <key>
 *
 * A key is a single character (`j`, `?`, `<`, `é`) or a name in angle
 * brackets: <Up> <Down> <Left> <Right> <PgUp> <PgDn> <Home> <End> <Ins>
 * <Del> <BS> <Enter> <Tab> <S-Tab> <Esc> <Space> <Hash> <F1>...<F12>,
 * <C-x> for control keys and <M-x> for meta (names are case-insensitive;
 * <PageUp> <PageDown> <Backspace> <Return> <Escape> <Insert> <Delete>
 * <BackTab> are aliases). Action "none" binds a key to nothing, which hides
 * the generic binding in that keymap. A lookup in any keymap falls back to
 * `generic` when the key is not bound there.
 */
#ifndef CN_KEYS_H
#define CN_KEYS_H

#include <stddef.h>

/* Labeling (tui/labels.c): kept apart so the list above merges easily. */
#define LABEL_ACTIONS(_)						\
	_(LABEL_GOOD,	"label-good",	"Rate the step +1 (good)")		\
	_(LABEL_NEUTRAL, "label-neutral", "Rate the step 0 (neutral)")		\
	_(LABEL_BAD,	"label-bad",	"Rate the step -1 (bad)")		\
	_(LABEL_FIRST_ERROR, "label-first-error",			\
	    "First error: this step -1, unrated steps above it +1")	\
	_(LABEL_CLEAR,	"label-clear",	"Remove your label from the step")	\
	_(LABEL_TAG,	"label-tag",	"Add or remove a tag (picker)")		\
	_(LABEL_NOTE,	"label-note",	"Write a note on the step")		\
	_(LABEL_NOTE_EDITOR, "label-note-editor",				\
	    "Write the note in $EDITOR")					\
	_(PREFER_MARK,	"prefer-mark",	"Mark the step to compare with")	\
	_(PREFER,	"prefer",	"Prefer this step over the marked one")	\
	_(PREFER_REJECT, "prefer-reject",				\
	    "Prefer the marked step over this one")			\
	_(LABEL_UNDO,	"label-undo",	"Undo the last label")			\
	_(LABEL_REDO,	"label-redo",	"Redo the label undone")		\
	_(LABEL_QUEUE,	"label-queue",					\
	    "Queue mode: walk the unlabeled steps (asks the order)")	\
	_(LABEL_FIND,	"label-find",					\
	    "Find steps: rated, unrated, tag T, disagree (asks)")	\
	_(VIEW_TAGS,	"view-tags",					\
	    "Show every tag with its count (Enter: its steps)")		\
	_(LABEL_RESOLVE, "label-resolve",				\
	    "Record the resolved label of a disagreement (asks)")	\
	_(LABEL_AUTHORS, "label-authors",				\
	    "Show or hide other authors' labels (imported raters too)")	\
	_(COPY,		"copy",						\
	    "Copy the node's address to the clipboard (OSC 52)")		\
	_(LABEL_FIND_NEXT, "label-find-next",				\
	    "Go to the next step the label find matches")

/* Rerun with a live model (tui/view-rerun.c): the tree's key, the panel's. */
#define RERUN_ACTIONS(_)						\
	_(RERUN,	"rerun",					\
	    "Rerun the node with a live model (panel: preview, send)")	\
	_(RERUN_SEND,	"rerun-send",	"Send the request shown")		\
	_(RERUN_CANCEL,	"rerun-cancel",					\
	    "Cancel the answers streaming, or close the panel")	\
	_(RERUN_ENDPOINT, "rerun-endpoint", "Use the next endpoint")	\
	_(RERUN_MORE,	"rerun-more",	"Ask for one more answer (K)")		\
	_(RERUN_FEWER,	"rerun-fewer",	"Ask for one answer fewer (K)")		\
	_(RERUN_HOTTER,	"rerun-hotter",	"Raise the temperature by 0.1")		\
	_(RERUN_COOLER,	"rerun-cooler",	"Lower the temperature by 0.1")		\
	_(RERUN_MODE,	"rerun-mode",	"Next step only, or full continuation")	\
	_(RERUN_SCORER,	"rerun-scorer",					\
	    "Score the answers at once with the next scorer (or none)")

/* Comparison views (tui/cmpview.c and view-*.c), kept apart likewise. */
#define CMP_ACTIONS(_)							\
	_(DISAGREE,	"disagree",					\
	    "List where two signals disagree (asks A B)")		\
	_(DISAGREE_NEXT, "disagree-next",				\
	    "Go to the next listed disagreement in tree order")		\
	_(DISAGREE_PREV, "disagree-prev",				\
	    "Go to the previous listed disagreement in tree order")	\
	_(CALIBRATE,	"calibrate",					\
	    "Calibration of a signal against outcome (asks)")		\
	_(DIFF_MARK,	"diff-mark",	"Mark the node to diff against")	\
	_(DIFF,		"diff",						\
	    "Diff the marked node's subtree with this one")		\
	_(REPLAY,	"replay",					\
	    "Replay the search iteration by iteration")

/*
 * The actions: _(ENUM, "name", "help text"). Adding one is one line here
 * plus a default binding in keys.c (a unit test checks every action has a
 * key).
 */
#define ACTIONS(_)							\
	_(QUIT,		"quit",		"Quit canopy")				\
	_(HELP,		"help",		"Show the keys and what they do")	\
	_(MOVE_UP,	"move-up",	"Move the cursor up one line")		\
	_(MOVE_DOWN,	"move-down",	"Move the cursor down one line")	\
	_(PAGE_UP,	"page-up",	"Move the cursor up one page")		\
	_(PAGE_DOWN,	"page-down",	"Move the cursor down one page")	\
	_(HOME,		"home",		"Move to the first line")		\
	_(END,		"end",		"Move to the last line")		\
	_(PARENT,	"parent",	"Move to the parent node")		\
	_(FIRST_CHILD,	"first-child",	"Move to the first child")		\
	_(NEXT_SIBLING,	"next-sibling",	"Move to the next sibling")		\
	_(PREV_SIBLING,	"prev-sibling",	"Move to the previous sibling")		\
	_(ROOT,		"root",		"Move to the root")			\
	_(NEXT_LEAF,	"next-leaf",	"Move to the next leaf")		\
	_(EXPAND,	"expand",	"Expand the node")			\
	_(COLLAPSE,	"collapse",	"Collapse the node")			\
	_(TOGGLE_FOLD,	"toggle-fold",	"Expand or collapse the node")		\
	_(EXPAND_ALL,	"expand-all",	"Expand everything below the cursor")	\
	_(COLLAPSE_ALL,	"collapse-all",	"Collapse the whole tree")		\
	_(EXPAND_TO_DEPTH, "expand-to-depth",				\
	    "Expand the tree down to a depth (asks N)")			\
	_(SORT_NEXT,	"sort-next",	"Sort children by the next key")	\
	_(SORT_ORIGINAL, "sort-original", "Restore the original order")		\
	_(SORT_REVERSE,	"sort-reverse",	"Reverse the sort (ascending)")	\
	_(COMPARE_SIBLINGS, "compare-siblings",				\
	    "Compare the children's signals and ranks")			\
	_(GOTO_NODE,	"goto-node",	"Go to a node by id (asks)")		\
	_(SEARCH_FORWARD, "search-forward", "Search forward (asks)")		\
	_(SEARCH_BACKWARD, "search-backward", "Search backward (asks)")		\
	_(SEARCH_NEXT,	"search-next",	"Go to the next search hit")		\
	_(SEARCH_PREV,	"search-prev",	"Go to the previous search hit")	\
	_(TOGGLE_DETAIL, "toggle-detail", "Show or hide the detail pane")	\
	_(DETAIL_GROW,	"detail-grow",	"Make the detail pane larger")		\
	_(DETAIL_SHRINK, "detail-shrink", "Make the detail pane smaller")	\
	_(DETAIL_SCROLL_DOWN, "detail-scroll-down",			\
	    "Scroll the detail pane down")					\
	_(DETAIL_SCROLL_UP, "detail-scroll-up", "Scroll the detail pane up")	\
	_(DETAIL_LINE_DOWN, "detail-line-down",				\
	    "Scroll the detail pane down one line")				\
	_(DETAIL_LINE_UP, "detail-line-up",					\
	    "Scroll the detail pane up one line")				\
	_(FOCUS_NEXT,	"focus-next",	"Move the focus to the next pane")	\
	_(OPEN,		"open",		"Open the selected item")		\
	_(BACK,		"back",		"Go back (to the traces view)")		\
	_(VIEW_TRACES,	"view-traces",	"Show the list of traces")		\
	_(COMMAND_LINE,	"command-line",	"Enter a command")			\
	_(REFRESH,	"refresh",	"Reload from the database")		\
	_(REDRAW,	"redraw",	"Redraw the screen")			\
	_(TOGGLE_COLUMNS, "toggle-columns", "Show or hide the value columns")	\
	_(CHOOSE_COLUMNS, "choose-columns", "Choose the columns to show")	\
	LABEL_ACTIONS(_)						\
	RERUN_ACTIONS(_)						\
	CMP_ACTIONS(_)

enum action {
	ACTION_NONE = 0,	/* no action ("none" in bindings) */
#define ACTION_ENUM(e, n, h) ACTION_##e,
	ACTIONS(ACTION_ENUM)
#undef ACTION_ENUM
	ACTION_COUNT
};

/* The keymaps: _(ENUM, "name"). Lookups fall back to GENERIC. */
#define KEYMAPS(_)							\
	_(GENERIC,	"generic")	/* everywhere */			\
	_(TREE,		"tree")		/* the tree view */			\
	_(TRACES,	"traces")	/* the list of traces */		\
	_(DETAIL,	"detail")	/* the detail pane with focus */	\
	_(HELP,		"help")		/* the help overlay */		\
	_(RERUN,	"rerun")	/* the rerun panel */

enum keymap {
#define KEYMAP_ENUM(e, n) KEYMAP_##e,
	KEYMAPS(KEYMAP_ENUM)
#undef KEYMAP_ENUM
	KEYMAP_COUNT
};

/* Special keys: _(ENUM, "name"), named <name> in bindings. */
#define CN_SPECIAL_KEYS(_)						\
	_(UP, "Up") _(DOWN, "Down") _(LEFT, "Left") _(RIGHT, "Right")	\
	_(PGUP, "PgUp") _(PGDN, "PgDn") _(HOME, "Home") _(END, "End")	\
	_(INS, "Ins") _(DEL, "Del") _(BACKSPACE, "BS") _(ENTER, "Enter")	\
	_(TAB, "Tab") _(BTAB, "S-Tab") _(ESC, "Esc")			\
	_(F1, "F1") _(F2, "F2") _(F3, "F3") _(F4, "F4") _(F5, "F5")	\
	_(F6, "F6") _(F7, "F7") _(F8, "F8") _(F9, "F9") _(F10, "F10")	\
	_(F11, "F11") _(F12, "F12")					\
	_(MOUSE, "Mouse")	/* a mouse event: not bindable */	\
	_(RESIZE, "Resize")	/* terminal resized: not bindable */

/* First special key: above every Unicode code point. */
#define CN_KEY_SPECIAL	0x110000
enum {
	CN_KEY_BEFORE_FIRST = CN_KEY_SPECIAL - 1,
#define CN_KEY_ENUM(e, n) CN_KEY_##e,
	CN_SPECIAL_KEYS(CN_KEY_ENUM)
#undef CN_KEY_ENUM
	CN_KEY_LAST
};
#define CN_KEY_NONE	0		/* no key (e.g. a timeout) */
#define CN_KEY_META	0x1000000	/* flag: Alt or Esc prefix */
#define CN_KEY_CTRL(c)	((c) & 0x1f)	/* CN_KEY_CTRL('l') == 12 */

/* Longest key name keys_key_name() writes, NUL included. */
#define KEYS_NAME_MAX	32

/* Action names and help texts, indexed by enum action (0 is "none"). */
extern const char *const action_names[ACTION_COUNT];
extern const char *const action_help[ACTION_COUNT];
/* Keymap names, indexed by enum keymap. */
extern const char *const keymap_names[KEYMAP_COUNT];

/* Action by name; ACTION_NONE for "none"; -1 if unknown. */
int	 action_lookup(const char *name);

/* Keymap by name, or -1. */
int	 keymap_lookup(const char *name);

/*
 * Folds the raw codes of keys that have names onto the constants: 9 is
 * CN_KEY_TAB, 10 and 13 CN_KEY_ENTER, 27 CN_KEY_ESC, 8 and 127
 * CN_KEY_BACKSPACE. Anything else is returned as it is.
 */
int	 keys_normalize(int key);

/*
 * Parses one key as written in a binding ("j", "<C-c>", "<PgDn>") into
 * *key. Returns 0, or -1 with *cause "what" (no position: the caller adds
 * it). <Mouse> and <Resize> are refused: they cannot be bound.
 */
int	 keys_parse_key(const char *text, int *key, char **cause);

/*
 * Writes the name of key in binding syntax into buf (KEYS_NAME_MAX bytes)
 * and returns buf: "j", "<Down>", "<C-c>", "<M-x>", "<Space>", "<Hash>".
 * keys_parse_key() reads every name back to the same key.
 */
const char *keys_key_name(int key, char *buf);

/* A set of keymaps: key -> action. */
struct keys;

/* An empty set (no bindings at all). keys_free() releases it. */
struct keys	*keys_new(void);
void		 keys_free(struct keys *);		/* NULL-safe */

/* The default bindings, in the config syntax, NULL-terminated. */
extern const char *const keys_default_lines[];

/*
 * Applies keys_default_lines (which always parse). User lines are applied
 * after this, so they override.
 */
void	 keys_load_defaults(struct keys *);

/*
 * Parses one line: `bind <keymap> <key> <action>`, `unbind <keymap> <key>`,
 * a blank line or a `#` comment (also after the last word). On error
 * returns -1, leaves the bindings unchanged and sets *cause to
 * "file:line:col: what" (col: 1-based byte column of the offending word;
 * file NULL shows as "config"). Messages: "unknown command 'x'",
 * "unknown keymap 'x'", "unknown action 'x'", "bad key '<Foo>': ...",
 * "missing keymap", "missing key", "missing action", "unexpected 'x'".
 */
int	 keys_parse_line(struct keys *, const char *line, const char *file,
	    int lineno, char **cause);

/* Binds key to action in keymap (replacing what was there). */
void	 keys_bind(struct keys *, enum keymap, int key, enum action);

/* Removes key from keymap; returns 0, or -1 if it was not bound there. */
int	 keys_unbind(struct keys *, enum keymap, int key);

/*
 * The action of key in keymap, falling back to generic; ACTION_NONE when
 * unbound (or bound to "none").
 */
enum action keys_lookup(const struct keys *, enum keymap, int key);

/*
 * The keys that trigger action in keymap (its own bindings, then generic
 * ones the keymap does not shadow), as "j, <Down>" in binding order; ""
 * when none. The caller frees the string.
 */
char	*keys_describe(const struct keys *, enum keymap, enum action);

/*
 * Calls cb for each binding of keymap itself (not generic), in binding
 * order; stops early if cb returns non-zero.
 */
typedef int (*keys_each_cb)(int key, enum action, void *arg);
void	 keys_each(const struct keys *, enum keymap, keys_each_cb, void *arg);

#endif /* CN_KEYS_H */

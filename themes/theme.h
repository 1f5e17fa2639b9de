/*
 * theme.h - semantic colour roles and themes, without curses.
 *
 * Views ask for a role (what a piece of text means), never for a colour.
 * A theme maps every role to a foreground, a background and attributes; it
 * is read from a line-oriented file in the format of tig's colour lines:
 *
 *	# comment
 *	color <role> <fg> <bg> [attr...]
 *
 * fg and bg are colour names (black red green yellow blue magenta cyan
 * white, bright-black ... bright-white), `default` (the terminal's own) or
 * a number 0-255; attrs are bold, dim, reverse, underline, standout, italic
 * or normal (no attribute). tui/colors.c turns a theme into curses pairs.
 */
#ifndef CN_THEME_H
#define CN_THEME_H

#include <stddef.h>

/*
 * The roles: _(ENUM, "name in theme files", "what it marks"). Adding a role
 * means one line here and one line in every shipped theme (a unit test
 * checks that every shipped theme sets every role).
 */
#define THEME_ROLES(_)							\
	_(DEFAULT,	"default",	"ordinary text")			\
	_(TITLE,	"title",	"title line at the top")		\
	_(HEADER,	"header",	"column headers")			\
	_(STATUS,	"status",	"status line")				\
	_(STATUS_ERROR,	"status-error",	"error message in the status line") \
	_(SELECTED,	"selected",	"cursor line of the focused pane")	\
	_(SELECTED_UNFOCUSED, "selected-unfocused",			\
	    "cursor line of a pane without focus")			\
	_(DIM,		"dim",		"values backed by few visits")		\
	_(GUIDE,	"guide",	"tree depth guides")			\
	_(BAR,		"bar",		"value bars")				\
	_(BAR_NEG,	"bar-neg",	"bars of negative values")		\
	_(MATCH,	"match",	"search hit")				\
	_(GOOD,		"good",		"rating +1, correct outcome")		\
	_(BAD,		"bad",		"rating -1, wrong outcome")		\
	_(FIRST_ERROR,	"first-error",	"first wrong step of a trace")		\
	_(TAG,		"tag",		"annotation tags")			\
	_(CHOSEN,	"chosen",	"node on the path the source chose")	\
	_(ESCAPE,	"escape",	"escaped control bytes in text")	\
	_(HELP_KEY,	"help-key",	"key names in the help overlay")	\
	_(BORDER,	"border",	"pane borders and separators")		\
	_(NODE_ROOT,	"node-root",	"node role: root")			\
	_(NODE_STEP,	"node-step",	"node role: step")			\
	_(NODE_ACTION,	"node-action",	"node role: action")			\
	_(NODE_ALT,	"node-alt",	"node role: alternative")		\
	_(NODE_HUMAN,	"node-human",	"node role: human")			\
	_(NODE_TERMINAL, "node-terminal", "terminal node (an answer)")	\
	_(DIFF_ADD,	"diff-add",	"diff: added line (+)")			\
	_(DIFF_DEL,	"diff-del",	"diff: removed line (-)")		\
	_(DIFF_HUNK,	"diff-hunk",	"diff: hunk (@@) and file headers")

enum theme_role {
#define THEME_ROLE_ENUM(e, n, h) ROLE_##e,
	THEME_ROLES(THEME_ROLE_ENUM)
#undef THEME_ROLE_ENUM
	ROLE_COUNT
};

/* Colour values: THEME_COLOR_DEFAULT is the terminal's own, else 0-255. */
#define THEME_COLOR_DEFAULT	(-1)

/* Attribute bits, independent of curses (tui/colors.c maps them). */
#define THEME_ATTR_BOLD		0x01u
#define THEME_ATTR_DIM		0x02u
#define THEME_ATTR_REVERSE	0x04u
#define THEME_ATTR_UNDERLINE	0x08u
#define THEME_ATTR_STANDOUT	0x10u
#define THEME_ATTR_ITALIC	0x20u

/* How one role is drawn. */
struct theme_style {
	short		 fg;		/* THEME_COLOR_DEFAULT or 0-255 */
	short		 bg;		/* THEME_COLOR_DEFAULT or 0-255 */
	unsigned	 attrs;		/* THEME_ATTR_* bits */
};

/* A whole theme. Plain data: no heap, copy by assignment. */
struct theme {
	char			 name[64];	/* e.g. "dark"; for messages */
	struct theme_style	 style[ROLE_COUNT];
	unsigned char		 set[ROLE_COUNT]; /* 1 if a line set it */
};

/* Colour depth a terminal can show (theme_depth_pick). */
enum theme_depth {
	THEME_DEPTH_MONO = 0,	/* attributes only */
	THEME_DEPTH_8 = 8,	/* the 8 basic colours */
	THEME_DEPTH_16 = 16,
	THEME_DEPTH_256 = 256
};

/* Role names and help texts, indexed by enum theme_role. */
extern const char *const theme_role_names[ROLE_COUNT];
extern const char *const theme_role_help[ROLE_COUNT];

/*
 * The compiled-in copies of themes/dark.theme and themes/mono.theme,
 * generated at build time (themes/builtin-themes.c).
 */
extern const char theme_builtin_dark[];
extern const char theme_builtin_mono[];

/* Role by name ("status-error"), or -1. */
int	 theme_role_lookup(const char *name);

/*
 * Colour by name, "default" or number 0-255, into *color. Returns 0, or -1
 * if the text is not a colour.
 */
int	 theme_color_lookup(const char *name, short *color);

/* Attribute bit by name ("bold"); "normal" gives 0. Returns 0 or -1. */
int	 theme_attr_lookup(const char *name, unsigned *attr);

/*
 * Empties a theme: every role is default/default/no attributes and unset.
 * name may be NULL.
 */
void	 theme_init(struct theme *, const char *name);

/*
 * Parses one line of a theme file into t. Blank lines and comments are
 * accepted. On error returns -1 and *cause (if cause is not NULL) is
 * "file:line:col: what", col being the 1-based byte column of the
 * offending word; t is unchanged. file NULL is shown as "theme".
 */
int	 theme_parse_line(struct theme *t, const char *line, const char *file,
	    int lineno, char **cause);

/*
 * Parses a whole theme text (lines separated by '\n'). Bad lines are
 * skipped and the others applied. Afterwards every role no line set takes
 * the style of ROLE_DEFAULT (set[] still says which were set), so themes
 * written before a role existed keep working. Returns 0 if all lines
 * parsed; else -1 with *cause the first error, followed by " (and N more)"
 * when there were others.
 */
int	 theme_parse(struct theme *t, const char *text, const char *file,
	    char **cause);

/*
 * Reads the theme file at path into t (initialised first, named after the
 * file's base name without ".theme"). Returns 0, or -1 with *cause (a read
 * error or theme_parse's message).
 */
int	 theme_load_file(struct theme *t, const char *path, char **cause);

/*
 * Finds theme `name`: $XDG_CONFIG_HOME/canopy/themes/NAME.theme
 * (~/.config when unset), then CN_DATADIR/themes/NAME.theme (installed),
 * then CN_SRCDIR/themes/NAME.theme (running uninstalled). A name holding
 * '/' is a path. Returns the path (caller frees), or NULL if no file exists.
 */
char	*theme_find(const char *name);

/*
 * Loads theme `name` (NULL means "dark") through theme_find. "dark" and
 * "mono" fall back to their compiled-in copies when no file is found.
 * On any failure t holds a usable theme anyway and -1 is returned with
 * *cause: the file's good lines if it had any, else the compiled-in dark.
 */
int	 theme_load(struct theme *t, const char *name, char **cause);

/* The compiled-in dark theme, which always parses. */
void	 theme_default(struct theme *t);

/*
 * Chooses the depth to draw with: MONO if no_color (the NO_COLOR variable)
 * is non-empty, term is NULL, empty or "dumb", or has_colors is 0;
 * otherwise from ncolors (the terminal's COLORS).
 */
enum theme_depth theme_depth_pick(const char *no_color, const char *term,
	    int has_colors, int ncolors);

/*
 * The nearest of the 8 basic colours (0-7) to colour c (0-255, xterm
 * palette); keeps THEME_COLOR_DEFAULT and 0-7 as they are.
 */
short	 theme_color_to_8(short c);

/*
 * Fits theme in into depth and writes the result to out (in == out is
 * fine): colours the depth cannot show become the nearest basic colour
 * (colours 8-15 stay at THEME_DEPTH_16). For THEME_DEPTH_MONO every role
 * takes its attributes from `mono` (the mono theme) unless `in` itself uses
 * no colours at all, in which case its attributes are kept.
 */
void	 theme_fit(const struct theme *in, enum theme_depth depth,
	    const struct theme *mono, struct theme *out);

#endif /* CN_THEME_H */

/*
 * settings.h - the TUI's user configuration, without curses.
 *
 * (Named settings, not config.h: a tui/config.h would shadow autoconf's
 * config.h for every .c in tui/, since "" includes search the file's own
 * directory first.)
 *
 * The file is $CANOPY_CONFIG if set, else $XDG_CONFIG_HOME/canopy/config,
 * else ~/.config/canopy/config. Lines, `#` starting a comment:
 *
 *	bind <keymap> <key> <action>	(see keys.h)
 *	unbind <keymap> <key>
 *	set theme NAME			(see theme_load(); default "dark")
 *	set columns visits,q,prior	(tree columns, in order; see below)
 *	set dim-visits N		(dim values backed by < N visits; 3)
 *	set detail-ratio N		(detail pane share in percent; 40)
 *	set mouse on|off		(default on)
 *
 * Errors are never fatal: a bad line is skipped, its message
 * ("file:line:col: what") is kept in errors[] for the status line, and the
 * other lines still apply.
 */
#ifndef CN_SETTINGS_H
#define CN_SETTINGS_H

#include <stddef.h>

struct keys;

/*
 * Column names `set columns` accepts, besides the common signals
 * (cn_sig_names: visits q prior reward value outcome) and any other signal
 * name holding a ':' ("prm:qwen2.5-math-7b"). _(ENUM, "name", "header").
 */
#define SETTINGS_COLUMNS(_)						\
	_(ID,		"id",		"id")					\
	_(DEPTH,	"depth",	"dep")					\
	_(CHILDREN,	"children",	"kids")					\
	_(SUBTREE,	"subtree",	"size")					\
	_(RATING,	"rating",	"rt")					\
	_(LEAVES,	"leaves",	"ok/leaves")

/* At most this many columns. */
#define SETTINGS_MAX_COLUMNS	16

/* Defaults. */
#define SETTINGS_DEFAULT_THEME		"dark"
#define SETTINGS_DEFAULT_COLUMNS	"visits,q,prior,reward"
#define SETTINGS_DEFAULT_DIM_VISITS	3
#define SETTINGS_DEFAULT_LABEL_TAGS	\
	"arithmetic,logic,misread,unsupported,hallucination,other"

struct settings {
	char		*theme;		/* owned; theme name or path */
	char		*columns[SETTINGS_MAX_COLUMNS];	/* owned names */
	size_t		 ncolumns;
	int		 dim_visits;	/* >= 0 */
	int		 detail_ratio;	/* in [LAYOUT_RATIO_MIN, _MAX] */
	int		 mouse;		/* 0 or 1 */
	char		*label_tags;	/* owned; the tag picker's list,
					   comma-separated */
	int		 label_others;	/* show other authors' labels */
	int		 clipboard;	/* enum clipboard_mode (clipboard.h) */
	struct keys	*keys;		/* owned; defaults, then user lines */
	char		**errors;	/* owned messages, in file order */
	size_t		 nerrors;
};

/* Sets the defaults (keys: keys_load_defaults()). */
void	 settings_init(struct settings *);

/* Frees everything settings_init() and the loads allocated; NULL-safe. */
void	 settings_free(struct settings *);

/*
 * The config file's path (see above), or NULL when neither CANOPY_CONFIG,
 * XDG_CONFIG_HOME nor HOME is set. The caller frees it.
 */
char	*settings_path(void);

/*
 * Applies one line. On error returns -1, changes nothing and sets *cause
 * to "file:line:col: what" (file NULL shows as "config"), e.g.
 * "config:3:12: unknown option 'colour'", "...: dim-visits: expected a
 * number from 0 to 1000000, not 'x'", "...: unknown column 'foo'",
 * "...: mouse: expected on or off, not 'yes'". It does not add to errors[].
 */
int	 settings_parse_line(struct settings *, const char *line,
	    const char *file, int lineno, char **cause);

/*
 * Applies every line of text (lines separated by '\n'), adding each
 * error's message to errors[]. Returns 0, or -1 if some line failed (with
 * *cause a copy of the first message).
 */
int	 settings_parse(struct settings *, const char *text, const char *file,
	    char **cause);

/*
 * Reads and applies the file at path. A missing file is no error (returns
 * 0). An unreadable one returns -1 with "path: strerror" in *cause and
 * errors[]. Line errors as settings_parse().
 */
int	 settings_load_file(struct settings *, const char *path, char **cause);

/* settings_load_file(settings_path()); 0 when there is no path. */
int	 settings_load(struct settings *, char **cause);

/* 1 if name is a column `set columns` accepts. */
int	 settings_column_valid(const char *name);

#endif /* CN_SETTINGS_H */

/*
 * settings.c - the user's config file: `set` options here, `bind` and
 * `unbind` handed to keys.c. Never fatal, no curses: errors are collected
 * for the status line.
 */
#include "config.h"

#include "settings.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "clipboard.h"
#include "keys.h"
#include "layout.h"
#include "theme.h"

static const char *const extra_columns[] = {
	SETTINGS_COLUMNS(CN_X_NAME)
};
#define NWORDS(a)	((int)(sizeof (a) / sizeof (a)[0]))

/* Words a line may have. */
#define MAX_WORDS	4

/* "file:line:col: what" into *cause; returns -1. */
#define line_error(cause, file, ...) \
	cn_line_error((cause), (file), "config", __VA_ARGS__)

int
settings_column_valid(const char *name)
{
	const char	*p;

	if (cn_sig_lookup(name) >= 0 ||
	    cn_name_index(extra_columns, NWORDS(extra_columns), name) >= 0)
		return 1;
	/* Other signals: "family:model", printable, no blanks or commas. */
	if (strchr(name, ':') == NULL || *name == ':')
		return 0;
	for (p = name; *p != '\0'; p++) {
		if ((unsigned char)*p <= ' ' || *p == ',' || *p == 0x7f)
			return 0;
	}
	return 1;
}

static void
clear_columns(char **columns, size_t n)
{
	size_t	 i;

	for (i = 0; i < n; i++)
		free(columns[i]);
}

/*
 * Splits a comma-separated column list into cols (heap strings). Returns
 * the count, or -1 with *what the problem and *at its byte offset.
 */
static int
parse_columns(const char *list, char **cols, char **what, size_t *at)
{
	const char	*p = list, *comma;
	size_t		 n = 0, len;
	char		*name;

	for (;;) {
		comma = strchr(p, ',');
		len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		name = xstrndup(p, len);
		*at = (size_t)(p - list);
		if (len == 0)
			*what = xstrdup("empty column name");
		else if (!settings_column_valid(name))
			*what = xasprintf("unknown column '%s'", name);
		else if (n == SETTINGS_MAX_COLUMNS)
			*what = xasprintf("more than %d columns",
			    SETTINGS_MAX_COLUMNS);
		else if (cn_name_index((const char *const *)cols, (int)n,
		    name) >= 0)
			*what = xasprintf("column '%s' given twice", name);
		else
			*what = NULL;
		if (*what != NULL) {
			free(name);
			clear_columns(cols, n);
			return -1;
		}
		cols[n++] = name;
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	return (int)n;
}

static const char *const set_options[] = {
	"theme", "columns", "dim-visits", "detail-ratio", "mouse",
	"label-tags", "label-others", "clipboard"
};

/* The words of the options that take one, indexed by the value set. */
static const char *const onoff_words[] = { "off", "on" };
static const char *const clipboard_words[] = { "auto", "osc52", "off" };

/* An integer in [lo, hi] from the whole of s, or -1 (s is not one). */
static int
parse_int(const char *s, int lo, int hi, int *v)
{
	char	*end;
	long	 l;

	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	l = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || l < lo || l > hi)
		return -1;
	*v = (int)l;
	return 0;
}

void
settings_init(struct settings *s)
{
	char	*what = NULL;
	size_t	 at;
	int	 n;

	memset(s, 0, sizeof *s);
	s->theme = xstrdup(SETTINGS_DEFAULT_THEME);
	n = parse_columns(SETTINGS_DEFAULT_COLUMNS, s->columns, &what, &at);
	if (CN_NEVER(n < 0)) {
		free(what);
		n = 0;
	}
	s->ncolumns = (size_t)n;
	s->dim_visits = SETTINGS_DEFAULT_DIM_VISITS;
	s->detail_ratio = LAYOUT_RATIO_DEFAULT;
	s->mouse = 1;
	s->label_tags = xstrdup(SETTINGS_DEFAULT_LABEL_TAGS);
	s->label_others = 1;
	s->keys = keys_new();
	keys_load_defaults(s->keys);
}

void
settings_free(struct settings *s)
{
	if (s == NULL)
		return;
	free(s->theme);
	free(s->label_tags);
	clear_columns(s->columns, s->ncolumns);
	keys_free(s->keys);
	xfree_strv(s->errors, s->nerrors);
	memset(s, 0, sizeof *s);
}

char *
settings_path(void)
{
	const char	*v;

	if ((v = getenv("CANOPY_CONFIG")) != NULL && *v != '\0')
		return xstrdup(v);
	if ((v = getenv("XDG_CONFIG_HOME")) != NULL && *v != '\0')
		return xasprintf("%s/canopy/config", v);
	if ((v = getenv("HOME")) != NULL && *v != '\0')
		return xasprintf("%s/.config/canopy/config", v);
	return NULL;
}

/* Applies `set <option> <value>` (words w[0..n)). */
static int
parse_set(struct settings *s, struct cn_word *w, size_t n,
    const char *file, int lineno, char **cause)
{
	char	*cols[SETTINGS_MAX_COLUMNS], *what, *path;
	size_t	 at, i;
	int	 v, rc;

	if (n < 2)
		return line_error(cause, file, lineno,
		    w[0].col + (int)w[0].len, "missing option");
	if (cn_name_index(set_options, NWORDS(set_options), w[1].s) < 0)
		return line_error(cause, file, lineno, w[1].col,
		    "unknown option '%s'", w[1].s);
	if (n < 3)
		return line_error(cause, file, lineno,
		    w[1].col + (int)w[1].len, "%s: missing value", w[1].s);
	if (n > 3)
		return line_error(cause, file, lineno, w[3].col,
		    "unexpected '%s'", w[3].s);
	if (w[2].len >= sizeof w[2].s)
		return line_error(cause, file, lineno, w[2].col,
		    "%s: value too long", w[1].s);

	if (strcmp(w[1].s, "theme") == 0) {
		path = theme_find(w[2].s);
		if (path == NULL && strcmp(w[2].s, "dark") != 0 &&
		    strcmp(w[2].s, "mono") != 0)
			return line_error(cause, file, lineno, w[2].col,
			    "theme '%s' not found", w[2].s);
		free(path);
		free(s->theme);
		s->theme = xstrdup(w[2].s);
	} else if (strcmp(w[1].s, "columns") == 0) {
		if ((v = parse_columns(w[2].s, cols, &what, &at)) < 0) {
			rc = line_error(cause, file, lineno,
			    w[2].col + (int)at, "%s", what);
			free(what);
			return rc;
		}
		clear_columns(s->columns, s->ncolumns);
		for (i = 0; i < (size_t)v; i++)
			s->columns[i] = cols[i];
		s->ncolumns = (size_t)v;
	} else if (strcmp(w[1].s, "dim-visits") == 0) {
		if (parse_int(w[2].s, 0, 1000000, &v) != 0)
			return line_error(cause, file, lineno, w[2].col,
			    "dim-visits: expected a number from 0 to 1000000, "
			    "not '%s'", w[2].s);
		s->dim_visits = v;
	} else if (strcmp(w[1].s, "detail-ratio") == 0) {
		if (parse_int(w[2].s, LAYOUT_RATIO_MIN, LAYOUT_RATIO_MAX,
		    &v) != 0)
			return line_error(cause, file, lineno, w[2].col,
			    "detail-ratio: expected a number from %d to %d, "
			    "not '%s'", LAYOUT_RATIO_MIN, LAYOUT_RATIO_MAX,
			    w[2].s);
		s->detail_ratio = v;
	} else if (strcmp(w[1].s, "label-tags") == 0) {
		free(s->label_tags);
		s->label_tags = xstrdup(w[2].s);
	} else if (strcmp(w[1].s, "clipboard") == 0) {
		if ((v = cn_name_index(clipboard_words,
		    NWORDS(clipboard_words), w[2].s)) < 0)
			return line_error(cause, file, lineno, w[2].col,
			    "clipboard: expected auto, osc52 or off, not"
			    " '%s'", w[2].s);
		s->clipboard = v;
	} else {
		if ((v = cn_name_index(onoff_words, NWORDS(onoff_words),
		    w[2].s)) < 0)
			return line_error(cause, file, lineno, w[2].col,
			    "%s: expected on or off, not '%s'", w[1].s,
			    w[2].s);
		if (strcmp(w[1].s, "label-others") == 0)
			s->label_others = v;
		else
			s->mouse = v;
	}
	return 0;
}

int
settings_parse_line(struct settings *s, const char *line, const char *file,
    int lineno, char **cause)
{
	struct cn_word	 w[MAX_WORDS];
	size_t		 n;
	int		 extra;

	if (cause != NULL)
		*cause = NULL;
	n = cn_split_words(line, w, MAX_WORDS, &extra);
	if (n == 0)
		return 0;
	if (strcmp(w[0].s, "bind") == 0 || strcmp(w[0].s, "unbind") == 0)
		return keys_parse_line(s->keys, line, file, lineno, cause);
	if (strcmp(w[0].s, "set") != 0)
		return line_error(cause, file, lineno, w[0].col,
		    "unknown command '%s'", w[0].s);
	if (extra != 0)
		return line_error(cause, file, lineno, extra,
		    "unexpected words");
	return parse_set(s, w, n, file, lineno, cause);
}

/* Keeps a copy of msg in s->errors. */
static void
add_error(struct settings *s, const char *msg)
{
	s->errors = xreallocarray(s->errors, s->nerrors + 1,
	    sizeof *s->errors);
	s->errors[s->nerrors++] = xstrdup(msg);
}

int
settings_parse(struct settings *s, const char *text, const char *file,
    char **cause)
{
	const char	*p = text, *nl;
	char		*line, *c;
	int		 lineno = 0, rc = 0;
	size_t		 len;

	if (cause != NULL)
		*cause = NULL;
	while (*p != '\0') {
		lineno++;
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		line = xstrndup(p, len);
		if (settings_parse_line(s, line, file, lineno, &c) != 0) {
			add_error(s, c);
			if (rc == 0 && cause != NULL)
				*cause = c;
			else
				free(c);
			rc = -1;
		}
		free(line);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
	return rc;
}

int
settings_load_file(struct settings *s, const char *path, char **cause)
{
	FILE		*f;
	struct cn_buf	 b;
	char		 chunk[4096], *msg;
	size_t		 n;
	int		 rc;

	if (cause != NULL)
		*cause = NULL;
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		msg = xasprintf("%s: %s", path, strerror(errno));
		goto fail;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		msg = xasprintf("%s: %s", path, strerror(errno));
		fclose(f);
		buf_free(&b);
		goto fail;
	}
	fclose(f);
	rc = settings_parse(s, b.s != NULL ? b.s : "", path, cause);
	buf_free(&b);
	return rc;

fail:
	add_error(s, msg);
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return -1;
}

int
settings_load(struct settings *s, char **cause)
{
	char	*path;
	int	 rc;

	if (cause != NULL)
		*cause = NULL;
	if ((path = settings_path()) == NULL)
		return 0;
	rc = settings_load_file(s, path, cause);
	free(path);
	return rc;
}

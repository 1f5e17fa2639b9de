/*
 * theme.c - theme files: parsing, validation, lookup and fitting a theme to
 * a terminal's colour depth. Pure data: no curses here (tui/colors.c draws).
 */
#include "config.h"

#include "theme.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "canopy.h"

const char *const theme_role_names[ROLE_COUNT] = {
	THEME_ROLES(CN_X_NAME)
};

const char *const theme_role_help[ROLE_COUNT] = {
	THEME_ROLES(CN_X_HELP)
};

/* Colour names: index = colour number (8-15 are the bright ones). */
static const char *const color_names[16] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
	"bright-black", "bright-red", "bright-green", "bright-yellow",
	"bright-blue", "bright-magenta", "bright-cyan", "bright-white"
};

static const struct {
	const char	*name;
	unsigned	 bit;
} attr_names[] = {
	{ "normal", 0 },
	{ "bold", THEME_ATTR_BOLD },
	{ "dim", THEME_ATTR_DIM },
	{ "reverse", THEME_ATTR_REVERSE },
	{ "underline", THEME_ATTR_UNDERLINE },
	{ "standout", THEME_ATTR_STANDOUT },
	{ "italic", THEME_ATTR_ITALIC },
};

/* Words a line may have. */
#define MAX_WORDS	16

int
theme_role_lookup(const char *name)
{
	return cn_name_index(theme_role_names, ROLE_COUNT, name);
}

int
theme_color_lookup(const char *name, short *color)
{
	char		*end;
	long		 v;
	int		 i;

	if (strcmp(name, "default") == 0) {
		*color = THEME_COLOR_DEFAULT;
		return 0;
	}
	if ((i = cn_name_index(color_names, 16, name)) >= 0) {
		*color = (short)i;
		return 0;
	}
	if (!isdigit((unsigned char)*name))
		return -1;
	errno = 0;
	v = strtol(name, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0 || v > 255)
		return -1;
	*color = (short)v;
	return 0;
}

int
theme_attr_lookup(const char *name, unsigned *attr)
{
	size_t	 i;

	for (i = 0; i < sizeof attr_names / sizeof attr_names[0]; i++) {
		if (strcmp(attr_names[i].name, name) == 0) {
			*attr = attr_names[i].bit;
			return 0;
		}
	}
	return -1;
}

void
theme_init(struct theme *t, const char *name)
{
	int	 i;

	memset(t, 0, sizeof *t);
	snprintf(t->name, sizeof t->name, "%s", name != NULL ? name : "");
	for (i = 0; i < ROLE_COUNT; i++) {
		t->style[i].fg = THEME_COLOR_DEFAULT;
		t->style[i].bg = THEME_COLOR_DEFAULT;
		t->style[i].attrs = 0;
	}
}

/* "file:line:col: what" into *cause; returns -1. */
#define parse_error(cause, file, ...) \
	cn_line_error((cause), (file), "theme", __VA_ARGS__)

int
theme_parse_line(struct theme *t, const char *line, const char *file,
    int lineno, char **cause)
{
	static const char *const ground[] = { "foreground", "background" };
	struct cn_word		 w[MAX_WORDS];
	struct theme_style	 st;
	size_t			 n, i;
	int			 role, extra;
	unsigned		 bit;

	if (cause != NULL)
		*cause = NULL;
	n = cn_split_words(line, w, MAX_WORDS, &extra);
	if (extra != 0)
		return parse_error(cause, file, lineno, extra,
		    "too many words");
	if (n == 0)
		return 0;
	if (strcmp(w[0].s, "color") != 0)
		return parse_error(cause, file, lineno, w[0].col,
		    "unknown command '%s' (expected color)", w[0].s);
	if (n < 2)
		return parse_error(cause, file, lineno, w[0].col + 5,
		    "missing role");
	if ((role = theme_role_lookup(w[1].s)) < 0)
		return parse_error(cause, file, lineno, w[1].col,
		    "unknown role '%s'", w[1].s);
	for (i = 2; i < 4; i++) {
		if (n <= i)
			return parse_error(cause, file, lineno,
			    w[i - 1].col + (int)w[i - 1].len, "missing %s colour",
			    ground[i - 2]);
		if (theme_color_lookup(w[i].s, i == 2 ? &st.fg : &st.bg) != 0)
			return parse_error(cause, file, lineno, w[i].col,
			    "bad colour '%s' (a name, default or 0-255)",
			    w[i].s);
	}
	st.attrs = 0;
	for (i = 4; i < n; i++) {
		if (theme_attr_lookup(w[i].s, &bit) != 0)
			return parse_error(cause, file, lineno, w[i].col,
			    "unknown attribute '%s'", w[i].s);
		st.attrs |= bit;
	}
	t->style[role] = st;
	t->set[role] = 1;
	return 0;
}

/* theme_parse's pass over the lines: the first error and a count of more. */
struct parse_pass {
	struct theme	*t;
	const char	*file;
	char		*first;
	int		 more;
};

static void
parse_pass_line(void *arg, const char *line, int lineno)
{
	struct parse_pass	*pp = arg;
	char			*c;

	if (theme_parse_line(pp->t, line, pp->file, lineno, &c) == 0)
		return;
	if (pp->first == NULL)
		pp->first = c;
	else {
		pp->more++;
		free(c);
	}
}

int
theme_parse(struct theme *t, const char *text, const char *file,
    char **cause)
{
	struct parse_pass	 pp = { t, file, NULL, 0 };
	char			*first;
	int			 more, i;

	if (cause != NULL)
		*cause = NULL;
	cn_each_line(text, parse_pass_line, &pp);
	first = pp.first;
	more = pp.more;
	/* Roles the file leaves out look like ordinary text. */
	for (i = 0; i < ROLE_COUNT; i++) {
		if (!t->set[i])
			t->style[i] = t->style[ROLE_DEFAULT];
	}
	if (first == NULL)
		return 0;
	if (cause != NULL) {
		if (more > 0)
			*cause = xasprintf("%s (and %d more)", first, more);
		else
			*cause = xstrdup(first);
	}
	free(first);
	return -1;
}

/* The theme name of a path: base name without ".theme". */
static void
name_from_path(const char *path, char *name, size_t size)
{
	const char	*base;
	size_t		 len;

	base = strrchr(path, '/');
	base = base != NULL ? base + 1 : path;
	len = strlen(base);
	if (len > 6 && strcmp(base + len - 6, ".theme") == 0)
		len -= 6;
	if (len >= size)
		len = size - 1;
	memcpy(name, base, len);
	name[len] = '\0';
}

int
theme_load_file(struct theme *t, const char *path, char **cause)
{
	FILE		*f;
	struct cn_buf	 b;
	char		 chunk[4096], name[64];
	size_t		 n;
	int		 rc;

	if (cause != NULL)
		*cause = NULL;
	name_from_path(path, name, sizeof name);
	theme_init(t, name);
	if ((f = fopen(path, "r")) == NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		return -1;
	}
	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		if (cause != NULL)
			*cause = xasprintf("%s: read error", path);
		fclose(f);
		buf_free(&b);
		return -1;
	}
	fclose(f);
	rc = theme_parse(t, b.s != NULL ? b.s : "", path, cause);
	buf_free(&b);
	return rc;
}

/* dir/NAME.theme if it is readable (heap), else NULL. */
static char *
try_dir(const char *dir, const char *sub, const char *name)
{
	char	*path;

	path = xasprintf("%s%s/%s.theme", dir, sub, name);
	if (access(path, R_OK) == 0)
		return path;
	free(path);
	return NULL;
}

char *
theme_find(const char *name)
{
	const char	*xdg, *home;
	char		*path;

	if (name == NULL || *name == '\0')
		return NULL;
	if (strchr(name, '/') != NULL)
		return access(name, R_OK) == 0 ? xstrdup(name) : NULL;
	xdg = getenv("XDG_CONFIG_HOME");
	home = getenv("HOME");
	if (xdg != NULL && *xdg != '\0') {
		if ((path = try_dir(xdg, "/canopy/themes", name)) != NULL)
			return path;
	} else if (home != NULL && *home != '\0') {
		if ((path = try_dir(home, "/.config/canopy/themes", name)) !=
		    NULL)
			return path;
	}
#ifdef CN_DATADIR
	if ((path = try_dir(CN_DATADIR, "/themes", name)) != NULL)
		return path;
#endif
#ifdef CN_SRCDIR
	if ((path = try_dir(CN_SRCDIR, "/themes", name)) != NULL)
		return path;
#endif
	return NULL;
}

void
theme_default(struct theme *t)
{
	theme_init(t, "dark");
	if (CN_NEVER(theme_parse(t, theme_builtin_dark, "builtin:dark",
	    NULL) != 0))
		theme_init(t, "dark");
}

int
theme_load(struct theme *t, const char *name, char **cause)
{
	char		*path;
	struct theme	 tmp;
	int		 rc, i, any = 0;

	if (cause != NULL)
		*cause = NULL;
	if (name == NULL || *name == '\0')
		name = "dark";
	if ((path = theme_find(name)) == NULL) {
		if (strcmp(name, "mono") == 0) {
			theme_init(t, "mono");
			theme_parse(t, theme_builtin_mono, "builtin:mono",
			    NULL);
			return 0;
		}
		theme_default(t);
		if (strcmp(name, "dark") == 0)
			return 0;
		if (cause != NULL)
			*cause = xasprintf("theme '%s' not found", name);
		return -1;
	}
	rc = theme_load_file(&tmp, path, cause);
	free(path);
	for (i = 0; i < ROLE_COUNT; i++)
		any += tmp.set[i];
	if (any == 0)
		theme_default(t);	/* unreadable, or no good line */
	else
		*t = tmp;
	return rc;
}

enum theme_depth
theme_depth_pick(const char *no_color, const char *term, int has_colors,
    int ncolors)
{
	if (no_color != NULL && *no_color != '\0')
		return THEME_DEPTH_MONO;
	if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
		return THEME_DEPTH_MONO;
	if (!has_colors || ncolors < 8)
		return THEME_DEPTH_MONO;
	if (ncolors >= 256)
		return THEME_DEPTH_256;
	if (ncolors >= 16)
		return THEME_DEPTH_16;
	return THEME_DEPTH_8;
}

/* The xterm palette's RGB for colours 16-255. */
static void
xterm_rgb(int c, int *r, int *g, int *b)
{
	static const int	 cube[6] = { 0, 95, 135, 175, 215, 255 };
	int			 v;

	if (c >= 232) {
		v = 8 + (c - 232) * 10;
		*r = *g = *b = v;
		return;
	}
	c -= 16;
	*r = cube[c / 36];
	*g = cube[(c / 6) % 6];
	*b = cube[c % 6];
}

short
theme_color_to_8(short c)
{
	/* Hue sectors from red, 60 degrees each, as basic colours. */
	static const short	 sector[6] = { 1, 3, 2, 6, 4, 5 };
	int			 r, g, b, max, min, h;

	if (c < 0)
		return THEME_COLOR_DEFAULT;
	if (c < 8)
		return c;
	if (c < 16)
		return (short)(c - 8);
	if (c > 255)
		return THEME_COLOR_DEFAULT;
	xterm_rgb(c, &r, &g, &b);
	/*
	 * Keep the hue rather than the nearest RGB point: the basic colours
	 * are saturated, so a Euclidean match sends most dark or muted
	 * colours to black. Greys go to black or white by lightness.
	 */
	max = r > g ? r : g;
	max = max > b ? max : b;
	min = r < g ? r : g;
	min = min < b ? min : b;
	if (max < 60)
		return 0;
	if ((max - min) * 100 < max * 25)
		return (max + min) / 2 >= 128 ? 7 : 0;
	if (max == r)
		h = 60 * (g - b) / (max - min);
	else if (max == g)
		h = 120 + 60 * (b - r) / (max - min);
	else
		h = 240 + 60 * (r - g) / (max - min);
	h = (h + 360 + 30) % 360;
	return sector[h / 60];
}

/* c fitted to depth (not MONO). */
static short
fit_color(short c, enum theme_depth depth)
{
	if (c < 0 || c < (short)depth)
		return c;
	if (depth == THEME_DEPTH_16 && c < 16)
		return c;
	return theme_color_to_8(c);
}

void
theme_fit(const struct theme *in, enum theme_depth depth,
    const struct theme *mono, struct theme *out)
{
	struct theme	 tmp;
	int		 i, colourless = 1;

	tmp = *in;
	if (depth == THEME_DEPTH_MONO) {
		for (i = 0; i < ROLE_COUNT; i++) {
			if (in->style[i].fg != THEME_COLOR_DEFAULT ||
			    in->style[i].bg != THEME_COLOR_DEFAULT)
				colourless = 0;
		}
		for (i = 0; i < ROLE_COUNT; i++) {
			tmp.style[i].fg = THEME_COLOR_DEFAULT;
			tmp.style[i].bg = THEME_COLOR_DEFAULT;
			if (!colourless && mono != NULL)
				tmp.style[i].attrs = mono->style[i].attrs;
		}
	} else {
		for (i = 0; i < ROLE_COUNT; i++) {
			tmp.style[i].fg = fit_color(in->style[i].fg, depth);
			tmp.style[i].bg = fit_color(in->style[i].bg, depth);
		}
	}
	*out = tmp;
}

/*
 * keys.c - actions, key names and keymaps; the default bindings are lines
 * of the config language, parsed like the user's. No curses here.
 */
#include "config.h"

#include "keys.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "canopy.h"
#include "textsafe.h"

const char *const action_names[ACTION_COUNT] = {
	"none",
	ACTIONS(CN_X_NAME)
};

const char *const action_help[ACTION_COUNT] = {
	"Do nothing (hides a generic binding)",
	ACTIONS(CN_X_HELP)
};

const char *const keymap_names[KEYMAP_COUNT] = {
#define KEYMAP_NAME(e, n) n,
	KEYMAPS(KEYMAP_NAME)
#undef KEYMAP_NAME
};

static const char *const special_names[] = {
#define SPECIAL_NAME(e, n) n,
	CN_SPECIAL_KEYS(SPECIAL_NAME)
#undef SPECIAL_NAME
};

/* Other names keys_parse_key() accepts. */
static const struct {
	const char	*name;
	int		 key;
} key_aliases[] = {
	{ "PageUp", CN_KEY_PGUP },
	{ "PageDown", CN_KEY_PGDN },
	{ "Backspace", CN_KEY_BACKSPACE },
	{ "Return", CN_KEY_ENTER },
	{ "Escape", CN_KEY_ESC },
	{ "Insert", CN_KEY_INS },
	{ "Delete", CN_KEY_DEL },
	{ "BackTab", CN_KEY_BTAB },
	{ "Space", ' ' },
	{ "Hash", '#' },
	{ "LT", '<' },
};

/*
 * The default bindings. Keys are not repeated within a keymap (a unit test
 * checks), and every action has at least one key.
 */
const char *const keys_default_lines[] = {
	"bind generic q quit",
	"bind generic <C-c> quit",
	"bind generic <F1> help",
	"bind generic H help",
	"bind generic k move-up",
	"bind generic <Up> move-up",
	"bind generic <C-p> move-up",
	"bind generic j move-down",
	"bind generic <Down> move-down",
	"bind generic <C-n> move-down",
	"bind generic <PgUp> page-up",
	"bind generic <C-b> page-up",
	"bind generic <PgDn> page-down",
	"bind generic <C-f> page-down",
	"bind generic <Space> page-down",
	"bind generic g home",
	"bind generic <Home> home",
	"bind generic G end",
	"bind generic <End> end",
	"bind generic / search-forward",
	"bind generic ? search-backward",
	"bind generic n search-next",
	"bind generic N search-prev",
	"bind generic : command-line",
	"bind generic R refresh",
	"bind generic <C-l> redraw",
	"bind generic <Enter> open",
	"bind generic <BS> back",
	"bind generic <Esc> back",
	"bind generic T view-traces",
	"bind generic d toggle-detail",
	"bind generic <Tab> focus-next",
	"bind generic > detail-grow",
	"bind generic < detail-shrink",
	"bind generic J detail-scroll-down",
	"bind generic K detail-scroll-up",
	"bind generic c toggle-columns",
	"bind generic C choose-columns",
	"bind generic s sort-next",
	"bind generic S sort-original",
	"bind generic O sort-reverse",
	"bind generic i goto-node",
	"bind generic <Hash> goto-node",

	"bind tree p parent",
	"bind tree u parent",
	"bind tree f first-child",
	"bind tree ] next-sibling",
	"bind tree [ prev-sibling",
	"bind tree r root",
	"bind tree L next-leaf",
	"bind tree l expand",
	"bind tree <Right> expand",
	"bind tree + expand",
	"bind tree h collapse",
	"bind tree <Left> collapse",
	"bind tree - collapse",
	"bind tree o toggle-fold",
	"bind tree <Space> toggle-fold",
	"bind tree E expand-all",
	"bind tree Z collapse-all",
	"bind tree e expand-to-depth",
	"bind tree = compare-siblings",

	"bind tree y label-good",
	"bind tree m label-neutral",
	"bind tree b label-bad",
	"bind tree X label-first-error",
	"bind tree z label-clear",
	"bind tree t label-tag",
	"bind tree a label-note",
	"bind tree A label-note-editor",
	"bind tree v prefer-mark",
	"bind tree P prefer",
	"bind tree w prefer-reject",
	"bind tree U label-undo",
	"bind tree <C-r> label-redo",
	"bind tree Q label-queue",
	"bind tree F label-find",
	"bind tree , label-find-next",
	"bind tree Y copy",
	"bind tree ! label-resolve",
	"bind tree W label-authors",
	"bind generic @ view-tags",

	"bind tree x rerun",
	"bind rerun <Enter> rerun-send",
	"bind rerun <Esc> rerun-cancel",
	"bind rerun q rerun-cancel",
	"bind rerun e rerun-endpoint",
	"bind rerun <Tab> rerun-endpoint",
	"bind rerun + rerun-more",
	"bind rerun - rerun-fewer",
	"bind rerun ] rerun-hotter",
	"bind rerun [ rerun-cooler",
	"bind rerun m rerun-mode",
	"bind rerun s rerun-scorer",
	"bind generic D disagree",
	"bind tree } disagree-next",
	"bind tree { disagree-prev",
	"bind generic % calibrate",
	"bind tree M diff-mark",
	"bind tree V diff",
	"bind tree I replay",

	"bind traces l open",
	"bind traces <Right> open",

	"bind detail j detail-line-down",
	"bind detail <Down> detail-line-down",
	"bind detail k detail-line-up",
	"bind detail <Up> detail-line-up",

	NULL
};

struct binding {
	int		 key;
	enum action	 action;
};

struct keymap_table {
	struct binding	*b;
	size_t		 n;
	size_t		 cap;
};

struct keys {
	struct keymap_table	 map[KEYMAP_COUNT];
};

/* Words a line may have. */
#define MAX_WORDS	8

int
action_lookup(const char *name)
{
	return cn_name_index(action_names, ACTION_COUNT, name);
}

int
keymap_lookup(const char *name)
{
	return cn_name_index(keymap_names, KEYMAP_COUNT, name);
}

int
keys_normalize(int key)
{
	switch (key) {
	case '\t':
		return CN_KEY_TAB;
	case '\n':
	case '\r':
		return CN_KEY_ENTER;
	case 27:
		return CN_KEY_ESC;
	case 8:
	case 127:
		return CN_KEY_BACKSPACE;
	}
	return key;
}

/* Decodes one UTF-8 character of s; returns its length or -1. */
static int
utf8_decode(const char *s, size_t len, int *cp)
{
	uint32_t	 c;
	int		 n;

	if ((n = textsafe_decode(s, len, &c)) > 0)
		*cp = (int)c;
	return n;
}

/* Encodes cp as UTF-8 into out (5 bytes); returns the length. */
static size_t
utf8_encode(int cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		out[1] = '\0';
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		out[2] = '\0';
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		out[3] = '\0';
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	out[4] = '\0';
	return 4;
}

/* A key named without brackets ("Up", "PgDn", "x", "U+00E9"), or -1. */
static int
key_by_name(const char *name, char **cause)
{
	size_t		 i, len = strlen(name);
	int		 cp, n;
	char		*end;
	long		 v;

	n = utf8_decode(name, len, &cp);
	if (n > 0 && (size_t)n == len) {
		if (cp < 0x20 || cp == 0x7f) {
			*cause = xstrdup("control character (write it as "
			    "<C-x>)");
			return -1;
		}
		return cp;
	}
	for (i = 0; i < sizeof special_names / sizeof special_names[0];
	    i++) {
		if (strcasecmp(special_names[i], name) == 0) {
			if (CN_KEY_SPECIAL + (int)i == CN_KEY_MOUSE ||
			    CN_KEY_SPECIAL + (int)i == CN_KEY_RESIZE) {
				*cause = xasprintf("<%s> cannot be bound",
				    special_names[i]);
				return -1;
			}
			return CN_KEY_SPECIAL + (int)i;
		}
	}
	for (i = 0; i < sizeof key_aliases / sizeof key_aliases[0]; i++) {
		if (strcasecmp(key_aliases[i].name, name) == 0)
			return key_aliases[i].key;
	}
	if ((name[0] == 'U' || name[0] == 'u') && name[1] == '+' &&
	    isxdigit((unsigned char)name[2])) {
		v = strtol(name + 2, &end, 16);
		if (*end == '\0' && v >= 0x20 && v <= 0x10ffff &&
		    v != 0x7f && (v < 0xd800 || v > 0xdfff))
			return (int)v;
	}
	*cause = xasprintf("unknown key name <%s>", name);
	return -1;
}

int
keys_parse_key(const char *text, int *key, char **cause)
{
	char	 inner[64], *c = NULL;
	size_t	 len = strlen(text);
	int	 k, meta = 0, cp, n;

	if (cause != NULL)
		*cause = NULL;
	if (len == 0) {
		c = xstrdup("empty key");
		goto fail;
	}
	if (text[0] != '<' || len == 1) {
		n = utf8_decode(text, len, &cp);
		if (n < 0) {
			c = xstrdup("invalid UTF-8");
			goto fail;
		}
		if ((size_t)n != len) {
			c = xstrdup("more than one character (write special "
			    "keys as <Name>)");
			goto fail;
		}
		if ((k = key_by_name(text, &c)) < 0)
			goto fail;
		*key = k;
		return 0;
	}
	if (text[len - 1] != '>' || len < 3 || len - 2 >= sizeof inner) {
		c = xstrdup("a key name must be <Name>");
		goto fail;
	}
	memcpy(inner, text + 1, len - 2);
	inner[len - 2] = '\0';
	if ((inner[0] == 'M' || inner[0] == 'm') && inner[1] == '-' &&
	    inner[2] != '\0') {
		meta = CN_KEY_META;
		memmove(inner, inner + 2, strlen(inner + 2) + 1);
	}
	if ((inner[0] == 'C' || inner[0] == 'c') && inner[1] == '-' &&
	    inner[2] != '\0' && inner[3] == '\0') {
		k = (unsigned char)inner[2];
		if (isalpha(k))
			k = tolower(k);
		if (!(k >= 'a' && k <= 'z') && strchr("@[\\]^_", k) == NULL) {
			c = xasprintf("no control key <C-%c>", inner[2]);
			goto fail;
		}
		if ((k = CN_KEY_CTRL(k)) == 0) {
			c = xstrdup("<C-@> cannot be bound");
			goto fail;
		}
		*key = keys_normalize(k) | meta;
		return 0;
	}
	if ((k = key_by_name(inner, &c)) < 0)
		goto fail;
	*key = k | meta;
	return 0;

fail:
	if (cause != NULL)
		*cause = c;
	else
		free(c);
	return -1;
}

const char *
keys_key_name(int key, char *buf)
{
	char		 tmp[KEYS_NAME_MAX];
	const char	*meta;
	int		 k;

	meta = (key & CN_KEY_META) ? "M-" : "";
	k = key & ~CN_KEY_META;
	if (k >= CN_KEY_SPECIAL && k < CN_KEY_LAST)
		snprintf(buf, KEYS_NAME_MAX, "<%s%s>", meta,
		    special_names[k - CN_KEY_SPECIAL]);
	else if (k == ' ')
		snprintf(buf, KEYS_NAME_MAX, "<%sSpace>", meta);
	else if (k == '#')
		snprintf(buf, KEYS_NAME_MAX, "<%sHash>", meta);
	else if (k == '<' && *meta != '\0')
		snprintf(buf, KEYS_NAME_MAX, "<M-LT>");
	else if (k > 0 && k < 0x20)
		snprintf(buf, KEYS_NAME_MAX, "<%sC-%c>", meta,
		    k <= 26 ? 'a' + k - 1 : '@' + k);
	else if (k <= 0 || textsafe_unsafe((uint32_t)k) ||
	    (k >= 0xd800 && k <= 0xdfff) || k > 0x10ffff)
		snprintf(buf, KEYS_NAME_MAX, "<%sU+%04X>", meta,
		    (unsigned)k & 0xffffffu);
	else {
		utf8_encode(k, tmp);
		if (*meta != '\0')
			snprintf(buf, KEYS_NAME_MAX, "<M-%s>", tmp);
		else
			snprintf(buf, KEYS_NAME_MAX, "%s", tmp);
	}
	return buf;
}

struct keys *
keys_new(void)
{
	return xcalloc(1, sizeof (struct keys));
}

void
keys_free(struct keys *k)
{
	int	 i;

	if (k == NULL)
		return;
	for (i = 0; i < KEYMAP_COUNT; i++)
		free(k->map[i].b);
	free(k);
}

/* The binding of key in table t, or NULL. */
static struct binding *
find(const struct keymap_table *t, int key)
{
	size_t	 i;

	for (i = 0; i < t->n; i++) {
		if (t->b[i].key == key)
			return &t->b[i];
	}
	return NULL;
}

void
keys_bind(struct keys *k, enum keymap m, int key, enum action a)
{
	struct keymap_table	*t = &k->map[m];
	struct binding		*b;

	if ((b = find(t, key)) != NULL) {
		b->action = a;
		return;
	}
	if (t->n == t->cap)
		t->b = xgrow(t->b, &t->cap, 16, sizeof *t->b);
	t->b[t->n].key = key;
	t->b[t->n].action = a;
	t->n++;
}

int
keys_unbind(struct keys *k, enum keymap m, int key)
{
	struct keymap_table	*t = &k->map[m];
	struct binding		*b;
	size_t			 i;

	if ((b = find(t, key)) == NULL)
		return -1;
	i = (size_t)(b - t->b);
	memmove(b, b + 1, (t->n - i - 1) * sizeof *b);
	t->n--;
	return 0;
}

void
keys_load_defaults(struct keys *k)
{
	size_t	 i;
	char	*cause;

	for (i = 0; keys_default_lines[i] != NULL; i++) {
		if (CN_NEVER(keys_parse_line(k, keys_default_lines[i],
		    "builtin", (int)i + 1, &cause) != 0)) {
			log_debug("%s: %s", __func__, cause);
			free(cause);
		}
	}
}

/* "file:line:col: what" into *cause; returns -1. */
#define line_error(cause, file, ...) \
	cn_line_error((cause), (file), "config", __VA_ARGS__)

/*
 * The index lookup gives word i (keymap or action), or -1 with a line
 * error: "missing what" just after word i - 1, or "unknown what 'WORD'".
 */
static int
word_lookup(const struct cn_word *w, size_t n, size_t i, const char *what,
    int (*lookup)(const char *), const char *file, int lineno, char **cause)
{
	int	v;

	if (n <= i)
		return line_error(cause, file, lineno,
		    w[i - 1].col + (int)w[i - 1].len, "missing %s", what);
	if ((v = lookup(w[i].s)) < 0)
		return line_error(cause, file, lineno, w[i].col,
		    "unknown %s '%s'", what, w[i].s);
	return v;
}

int
keys_parse_line(struct keys *k, const char *line, const char *file,
    int lineno, char **cause)
{
	struct cn_word	 w[MAX_WORDS];
	size_t		 n, want;
	int		 extra, map, key, action = ACTION_NONE, bind, rc;
	char		*c, name[KEYS_NAME_MAX];

	if (cause != NULL)
		*cause = NULL;
	n = cn_split_words(line, w, MAX_WORDS, &extra);
	if (n == 0)
		return 0;
	if (strcmp(w[0].s, "bind") == 0)
		bind = 1;
	else if (strcmp(w[0].s, "unbind") == 0)
		bind = 0;
	else
		return line_error(cause, file, lineno, w[0].col,
		    "unknown command '%s'", w[0].s);
	if ((map = word_lookup(w, n, 1, "keymap", keymap_lookup, file, lineno,
	    cause)) < 0)
		return -1;
	if (n < 3)
		return line_error(cause, file, lineno,
		    w[1].col + (int)w[1].len, "missing key");
	if (keys_parse_key(w[2].s, &key, &c) != 0) {
		rc = line_error(cause, file, lineno, w[2].col,
		    "bad key '%s': %s", w[2].s, c);
		free(c);
		return rc;
	}
	want = bind ? 4 : 3;
	if (bind && (action = word_lookup(w, n, 3, "action", action_lookup,
	    file, lineno, cause)) < 0)
		return -1;
	if (extra != 0)
		return line_error(cause, file, lineno, extra,
		    "unexpected words");
	if (n > want)
		return line_error(cause, file, lineno, w[want].col,
		    "unexpected '%s'", w[want].s);
	if (bind)
		keys_bind(k, map, key, action);
	else if (keys_unbind(k, map, key) != 0)
		return line_error(cause, file, lineno, w[2].col,
		    "%s is not bound in %s", keys_key_name(key, name),
		    keymap_names[map]);
	return 0;
}

enum action
keys_lookup(const struct keys *k, enum keymap m, int key)
{
	const struct binding	*b;

	if ((b = find(&k->map[m], key)) != NULL)
		return b->action;
	if (m != KEYMAP_GENERIC &&
	    (b = find(&k->map[KEYMAP_GENERIC], key)) != NULL)
		return b->action;
	return ACTION_NONE;
}

char *
keys_describe(const struct keys *k, enum keymap m, enum action a)
{
	const struct keymap_table	*t;
	struct cn_buf			 out;
	char				 name[KEYS_NAME_MAX];
	size_t				 i;

	buf_init(&out);
	t = &k->map[m];
	for (i = 0; i < t->n; i++) {
		if (t->b[i].action != a)
			continue;
		if (out.len > 0)
			buf_adds(&out, ", ");
		buf_adds(&out, keys_key_name(t->b[i].key, name));
	}
	if (m != KEYMAP_GENERIC) {
		t = &k->map[KEYMAP_GENERIC];
		for (i = 0; i < t->n; i++) {
			if (t->b[i].action != a ||
			    find(&k->map[m], t->b[i].key) != NULL)
				continue;
			if (out.len > 0)
				buf_adds(&out, ", ");
			buf_adds(&out, keys_key_name(t->b[i].key, name));
		}
	}
	return buf_take(&out);
}

void
keys_each(const struct keys *k, enum keymap m, keys_each_cb cb, void *arg)
{
	const struct keymap_table	*t = &k->map[m];
	size_t				 i;

	for (i = 0; i < t->n; i++) {
		if (cb(t->b[i].key, t->b[i].action, arg) != 0)
			break;
	}
}

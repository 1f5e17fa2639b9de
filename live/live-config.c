/*
 * live-config.c - endpoints and scorers, from models.conf or from flags.
 *
 * The file is INI: "[defaults]", "[endpoint NAME]" and "[scorer NAME]"
 * sections of "key = value" lines, '#' or ';' comments, values bare or
 * "quoted" with \n \t \r \\ \" escapes (docs/models.md). It is parsed
 * here rather than with libinih because every error must name
 * file:line:column and inih reports a line only; the format is small.
 * Keys are read from the environment: the file names the variable. A key
 * written in the file (api_key) is only accepted from a file no one but
 * its owner can read.
 */
#include "config.h"

#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "live.h"

static const char *const kind_names[LIVE_KIND_COUNT] = {
	"openai-chat", "openai-completions", "llamacpp", "ollama",
	"vllm-pooling", "vllm-classify", "http-reward"
};

const char *
live_kind_name(enum live_kind k)
{
	return k < LIVE_KIND_COUNT ? kind_names[k] : "?";
}

int
live_kind_lookup(const char *s)
{
	return cn_name_index(kind_names, LIVE_KIND_COUNT, s);
}

void
live_endpoint_init(struct live_endpoint *e)
{
	memset(e, 0, sizeof *e);
	e->kind = LIVE_OPENAI_COMPLETIONS;
	e->temperature = NAN;
	e->top_p = NAN;
	e->score_index = 1;
	e->connect_timeout_ms = 5000;
	e->first_byte_timeout_ms = 300000;
	e->idle_timeout_ms = 60000;
	e->max_retries = 2;
	e->retry_initial_ms = 500;
	e->retry_max_ms = 8000;
	e->retry_after_cap_s = 60;
	e->max_body_bytes = 16u << 20;
}

void
live_endpoint_clear(struct live_endpoint *e)
{
	int	i;

	if (e == NULL)
		return;
#define FREE_STRING(f) free(e->f);
	LIVE_ENDPOINT_STRINGS(FREE_STRING)
#undef FREE_STRING
	for (i = 0; i < e->nstop; i++)
		free(e->stop[i]);
	memset(e, 0, sizeof *e);
}

void
live_endpoint_free(struct live_endpoint *e)
{
	live_endpoint_clear(e);
	free(e);
}

struct live_endpoint *
live_endpoint_dup(const struct live_endpoint *e)
{
	struct live_endpoint	*d = xmalloc(sizeof *d);
	int			 i;

	*d = *e;
#define COPY_STRING(f) d->f = xstrdup_or_null(e->f);
	LIVE_ENDPOINT_STRINGS(COPY_STRING)
#undef COPY_STRING
	for (i = 0; i < e->nstop; i++)
		d->stop[i] = xstrdup(e->stop[i]);
	return d;
}

void
live_config_free(struct live_config *cfg)
{
	size_t	i;

	if (cfg == NULL)
		return;
	for (i = 0; i < cfg->n; i++)
		live_endpoint_free(cfg->v[i]);
	free(cfg->v);
	free(cfg->path);
	free(cfg);
}

const struct live_endpoint *
live_config_find(const struct live_config *cfg, const char *name)
{
	size_t	i;

	for (i = 0; cfg != NULL && i < cfg->n; i++)
		if (strcmp(cfg->v[i]->name, name) == 0)
			return cfg->v[i];
	return NULL;
}

char *
live_config_default_path(void)
{
	const char	*x = getenv("XDG_CONFIG_HOME"), *h = getenv("HOME");

	if (x != NULL && *x == '/')
		return xasprintf("%s/canopy/models.conf", x);
	return xasprintf("%s/.config/canopy/models.conf",
	    h != NULL ? h : ".");
}

/* Whether s is a variable name: letters, digits and '_', not a digit. */
static int
is_var_name(const char *s)
{
	if (*s == '\0' || isdigit((unsigned char)*s))
		return 0;
	for (; *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) && *s != '_')
			return 0;
	return 1;
}

/* Checks what a section needs once it is complete. */
static int
section_check(const struct live_endpoint *e, const char *file, int line,
    char **cause)
{
	if (e->base_url == NULL)
		return cn_line_error(cause, file, NULL, line, 1,
		    "%s: no base_url", e->name);
	if (e->model == NULL && e->kind != LIVE_LLAMACPP &&
	    e->kind != LIVE_HTTP_REWARD)
		return cn_line_error(cause, file, NULL, line, 1,
		    "%s: no model (kind %s needs one)", e->name,
		    live_kind_name(e->kind));
	return 0;
}

struct cfg_parse {
	const char		*file;
	int			 private;
	struct live_config	*cfg;
	struct live_endpoint	 defaults;
	struct live_endpoint	*cur;		/* NULL: in [defaults] */
	int			 cur_line;
	int			 cur_scorer;
};

/* Parses a number in [lo, hi] into *v. */
static int
num_arg(const char *s, double lo, double hi, double *v)
{
	char	*end;

	errno = 0;
	*v = strtod(s, &end);
	if (end == s || *end != '\0' || errno != 0 || isnan(*v) ||
	    *v < lo || *v > hi)
		return -1;
	return 0;
}

/* Applies "key = val" (val unquoted) to e. */
static int
set_key(struct cfg_parse *p, struct live_endpoint *e, const char *key,
    const char *val, int line, int kcol, int vcol, char **cause)
{
	static const struct {
		const char	*name;
		size_t		 off;
		double		 lo, hi;
	} longs[] = {
#define LONG_KEY(f, lo, hi) { #f, offsetof(struct live_endpoint, f), lo, hi }
		LONG_KEY(connect_timeout_ms, 1, 3600000),
		LONG_KEY(first_byte_timeout_ms, 1, 36000000),
		LONG_KEY(idle_timeout_ms, 1, 36000000),
		LONG_KEY(retry_initial_ms, 0, 600000),
		LONG_KEY(retry_max_ms, 0, 600000),
		LONG_KEY(retry_after_cap_s, 0, 3600),
#undef LONG_KEY
	};
	char	**str = NULL;
	double	  v;
	size_t	  i;
	int	  k;

	for (i = 0; i < sizeof longs / sizeof longs[0]; i++) {
		if (strcmp(key, longs[i].name) != 0)
			continue;
		if (num_arg(val, longs[i].lo, longs[i].hi, &v) != 0)
			goto range;
		*(long *)(void *)((char *)e + longs[i].off) = (long)v;
		return 0;
	}
	if (strcmp(key, "kind") == 0) {
		if ((k = live_kind_lookup(val)) < 0)
			return cn_line_error(cause, p->file, NULL, line, vcol,
			    "unknown kind '%s' (openai-chat,"
			    " openai-completions, llamacpp, ollama,"
			    " vllm-pooling, vllm-classify, http-reward)",
			    val);
		if (p->cur != NULL && p->cur_scorer != live_kind_is_scorer(k))
			return cn_line_error(cause, p->file, NULL, line, vcol,
			    "kind %s is %s, not %s", val, live_kind_is_scorer(k)
			    ? "a scorer" : "a generator", p->cur_scorer ?
			    "a scorer" : "an endpoint");
		e->kind = (enum live_kind)k;
		return 0;
	}
	if (strcmp(key, "base_url") == 0) {
		if (strncmp(val, "http://", 7) != 0 &&
		    strncmp(val, "https://", 8) != 0)
			return cn_line_error(cause, p->file, NULL, line, vcol,
			    "base_url must start with http:// or https://");
		k = val[4] == 's' ? 8 : 7;
		if (strchr("/:", val[k]) != NULL || strstr(val, ":/") !=
		    strstr(val, "://") || val[strlen(val) - 1] == ':' ||
		    strpbrk(val, " \t?#") != NULL)
			return cn_line_error(cause, p->file, NULL, line, vcol,
			    "base_url '%s' is not a server URL"
			    " (http://HOST[:PORT][/PATH])", val);
		free(e->base_url);
		e->base_url = xstrdup(val);
		k = (int)strlen(e->base_url);
		while (k > 0 && e->base_url[k - 1] == '/')
			e->base_url[--k] = '\0';
		return 0;
	}
	if (strcmp(key, "api_key_env") == 0) {
		if (!is_var_name(val))
			return cn_line_error(cause, p->file, NULL, line, vcol,
			    "api_key_env names the environment variable that"
			    " holds the key (letters, digits, _), not the key");
		str = &e->api_key_env;
	} else if (strcmp(key, "api_key") == 0) {
		if (!p->private)
			return cn_line_error(cause, p->file, NULL, line, kcol,
			    "refusing a key in a file others can read or"
			    " change: use api_key_env, or chmod 600 the"
			    " file");
		str = &e->api_key;
	} else if (strcmp(key, "path") == 0)
		str = &e->path;
	else if (strcmp(key, "model") == 0)
		str = &e->model;
	else if (strcmp(key, "step_separator") == 0)
		str = &e->step_sep;
	else if (strcmp(key, "template") == 0)
		str = &e->template;
	else if (strcmp(key, "system") == 0)
		str = &e->system;
	else if (strcmp(key, "step_tag") == 0)
		str = &e->step_tag;
	if (str != NULL) {
		free(*str);
		*str = xstrdup(val);
		return 0;
	}
	if (strcmp(key, "stop") == 0) {
		if (e->nstop == LIVE_MAX_STOP)
			return cn_line_error(cause, p->file, NULL, line, kcol,
			    "more than %d stop strings", LIVE_MAX_STOP);
		e->stop[e->nstop++] = xstrdup(val);
		return 0;
	}
	if (strcmp(key, "temperature") == 0) {
		if (num_arg(val, 0, 10, &e->temperature) != 0)
			goto range;
		return 0;
	}
	if (strcmp(key, "top_p") == 0) {
		if (num_arg(val, 0, 1, &e->top_p) != 0)
			goto range;
		return 0;
	}
	if (strcmp(key, "max_tokens") == 0 || strcmp(key, "max_retries") == 0
	    || strcmp(key, "score_index") == 0 ||
	    strcmp(key, "max_body_bytes") == 0 || strcmp(key, "seed") == 0) {
		if (num_arg(val, key[0] == 's' && key[1] == 'e' ? -1e15 : 0,
		    1e15, &v) != 0 || v != floor(v))
			goto range;
		if (key[4] == 'r')
			e->max_retries = v > 10 ? 10 : (int)v;
		else if (key[4] == 't')
			e->max_tokens = v > INT_MAX ? INT_MAX : (int)v;
		else if (key[4] == 'b')
			e->max_body_bytes = (size_t)v;
		else if (key[1] == 'c')
			e->score_index = v > 64 ? 64 : (int)v;
		else {
			e->seed = (int64_t)v;
			e->has_seed = 1;
		}
		return 0;
	}
	if (strcmp(key, "n") == 0) {
		if (strcmp(val, "auto") == 0)
			e->nmode = LIVE_N_AUTO;
		else if (strcmp(val, "native") == 0)
			e->nmode = LIVE_N_NATIVE;
		else if (strcmp(val, "fanout") == 0)
			e->nmode = LIVE_N_FANOUT;
		else
			return cn_line_error(cause, p->file, NULL, line, vcol,
			    "n is native, fanout or auto, not '%s'", val);
		return 0;
	}
	return cn_line_error(cause, p->file, NULL, line, kcol,
	    "unknown key '%s'", key);
range:
	return cn_line_error(cause, p->file, NULL, line, vcol,
	    "bad value '%s' for %s", val, key);
}

/* Ends the current section: checks it and adds it to the config. */
static int
section_end(struct cfg_parse *p, char **cause)
{
	struct live_config	*cfg = p->cfg;

	if (p->cur == NULL)
		return 0;
	if (section_check(p->cur, p->file, p->cur_line, cause) != 0)
		return -1;
	cfg->v = xreallocarray(cfg->v, cfg->n + 1, sizeof *cfg->v);
	cfg->v[cfg->n++] = p->cur;
	p->cur = NULL;
	return 0;
}

/* "[endpoint NAME]", "[scorer NAME]" or "[defaults]". */
static int
section_start(struct cfg_parse *p, char *l, int line, char **cause)
{
	char	*end = strchr(l, ']'), *name, *sp;
	int	 scorer;

	if (end == NULL)
		return cn_line_error(cause, p->file, NULL, line, 1,
		    "section header without ']'");
	*end = '\0';
	for (sp = end + 1; *sp == ' ' || *sp == '\t'; sp++)
		;
	if (*sp != '\0' && *sp != '#' && *sp != ';')
		return cn_line_error(cause, p->file, NULL, line,
		    (int)(sp - l) + 1, "text after the section header");
	if (section_end(p, cause) != 0)
		return -1;
	l++;
	if (strcmp(l, "defaults") == 0)
		return 0;
	if (strncmp(l, "endpoint ", 9) == 0)
		scorer = 0;
	else if (strncmp(l, "scorer ", 7) == 0)
		scorer = 1;
	else
		return cn_line_error(cause, p->file, NULL, line, 2,
		    "unknown section '%s' (defaults, endpoint NAME,"
		    " scorer NAME)", l);
	name = l + (scorer ? 7 : 9);
	while (*name == ' ')
		name++;
	if (*name == '"' && strlen(name) > 1 && name[strlen(name) - 1] == '"') {
		name[strlen(name) - 1] = '\0';
		name++;
	}
	if (*name == '\0' || strpbrk(name, " \t\"/") != NULL)
		return cn_line_error(cause, p->file, NULL, line, 2,
		    "a section needs a name without blanks, quotes or '/'");
	if (live_config_find(p->cfg, name) != NULL)
		return cn_line_error(cause, p->file, NULL, line,
		    (int)(name - l) + 2, "'%s' is defined twice", name);
	p->cur = live_endpoint_dup(&p->defaults);
	free(p->cur->name);
	p->cur->name = xstrdup(name);
	free(p->cur->origin);
	p->cur->origin = xasprintf("%s:%d", p->file, line);
	p->cur->kind = scorer ? LIVE_VLLM_POOLING : LIVE_OPENAI_COMPLETIONS;
	if (scorer && p->cur->step_tag == NULL)
		p->cur->step_tag = xstrdup("<extra_0>");
	p->cur_line = line;
	p->cur_scorer = scorer;
	return 0;
}

/* Unquotes a "..." value in place; *end gets the text after it. */
static int
unquote(char *v, char **end)
{
	char	*r = v + 1, *w = v;

	for (; *r != '"'; r++) {
		if (*r == '\0')
			return -1;
		if (*r == '\\') {
			r++;
			switch (*r) {
			case 'n': *w++ = '\n'; break;
			case 't': *w++ = '\t'; break;
			case 'r': *w++ = '\r'; break;
			case '\\': *w++ = '\\'; break;
			case '"': *w++ = '"'; break;
			default: return -1;
			}
		} else
			*w++ = *r;
	}
	*w = '\0';
	*end = r + 1;
	return 0;
}

/* One "key = value" line. */
static int
key_line(struct cfg_parse *p, char *l, int line, char **cause)
{
	char	*eq = strchr(l, '='), *k_end, *v, *after;
	int	 vcol;

	if (eq == NULL)
		return cn_line_error(cause, p->file, NULL, line, 1,
		    "expected key = value");
	for (k_end = eq; k_end > l && (k_end[-1] == ' ' || k_end[-1] == '\t');
	    k_end--)
		;
	*k_end = '\0';
	for (v = eq + 1; *v == ' ' || *v == '\t'; v++)
		;
	vcol = (int)(v - l) + 1;
	if (*v == '"') {
		if (unquote(v, &after) != 0)
			return cn_line_error(cause, p->file, NULL, line, vcol,
			    "unterminated string or bad escape");
		while (*after == ' ' || *after == '\t')
			after++;
		if (*after != '\0' && *after != '#' && *after != ';')
			return cn_line_error(cause, p->file, NULL, line,
			    vcol, "text after the quoted value");
	} else {
		char	*c, *e;

		for (c = v; *c != '\0'; c++)
			if ((*c == '#' || *c == ';') && c > v &&
			    (c[-1] == ' ' || c[-1] == '\t')) {
				*c = '\0';
				break;
			}
		e = v + strlen(v);
		while (e > v && (e[-1] == ' ' || e[-1] == '\t'))
			*--e = '\0';
	}
	return set_key(p, p->cur != NULL ? p->cur : &p->defaults, l, v, line,
	    1, vcol, cause);
}

int
live_config_parse(const char *text, const char *name, int private,
    struct live_config **out, char **cause)
{
	struct cfg_parse	 p;
	const char		*s = text, *nl;
	char			*l, *t;
	int			 line = 0, rc = -1;

	memset(&p, 0, sizeof p);
	p.file = name;
	p.private = private;
	p.cfg = xcalloc(1, sizeof *p.cfg);
	live_endpoint_init(&p.defaults);
	while (*s != '\0') {
		line++;
		nl = strchr(s, '\n');
		l = xstrndup(s, nl != NULL ? (size_t)(nl - s) : strlen(s));
		s = nl != NULL ? nl + 1 : s + strlen(s);
		if (*l != '\0' && l[strlen(l) - 1] == '\r')
			l[strlen(l) - 1] = '\0';
		for (t = l; *t == ' ' || *t == '\t'; t++)
			;
		if (t != l) {
			free(l);
			rc = cn_line_error(cause, name, NULL, line, 1,
			    "indented line (keys start at column 1)");
			goto out;
		}
		if (*l == '\0' || *l == '#' || *l == ';')
			rc = 0;
		else if (*l == '[')
			rc = section_start(&p, l, line, cause);
		else
			rc = key_line(&p, l, line, cause);
		free(l);
		if (rc != 0)
			goto out;
	}
	rc = section_end(&p, cause);
out:
	live_endpoint_free(p.cur);
	live_endpoint_clear(&p.defaults);
	if (rc != 0) {
		live_config_free(p.cfg);
		return -1;
	}
	*out = p.cfg;
	return 0;
}

int
live_config_load(const char *path, struct live_config **cfg, char **cause)
{
	struct stat	 sb;
	struct cn_buf	 b;
	char		*def = NULL, chunk[8192];
	FILE		*f;
	size_t		 n;
	int		 rc;

	if (path == NULL)
		path = def = live_config_default_path();
	if ((f = fopen(path, "r")) == NULL) {
		if (def != NULL && errno == ENOENT) {
			*cfg = xcalloc(1, sizeof **cfg);
			free(def);
			return 0;
		}
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		free(def);
		return -1;
	}
	if (fstat(fileno(f), &sb) != 0) {
		if (cause != NULL)
			*cause = xasprintf("%s: %s", path, strerror(errno));
		fclose(f);
		free(def);
		return -1;
	}
	buf_init(&b);
	buf_adds(&b, "");
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	if (memchr(b.s, '\0', b.len) != NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: not a text file", path);
		rc = -1;
	} else
		rc = live_config_parse(b.s, path, (sb.st_mode & 077) == 0,
		    cfg, cause);
	if (rc == 0)
		(*cfg)->path = xstrdup(path);
	buf_free(&b);
	free(def);
	return rc;
}

int
live_endpoint_adhoc(struct live_endpoint *e, const char *kind,
    const char *base_url, const char *model, const char *key_env,
    char **cause)
{
	char	*text, *c;
	struct live_config *cfg;

	live_endpoint_init(e);
	if (kind == NULL || base_url == NULL) {
		if (cause != NULL)
			*cause = xstrdup("an ad-hoc endpoint needs --kind and"
			    " --base-url");
		return -1;
	}
	/* The same checks as the file: one parser, one set of rules. */
	text = xasprintf("[%s adhoc]\nkind = %s\nbase_url = %s\n%s%s%s"
	    "%s%s%s", live_kind_lookup(kind) >= LIVE_SCORER_FIRST ? "scorer" :
	    "endpoint", kind, base_url, model != NULL ? "model = " : "",
	    model != NULL ? model : "", model != NULL ? "\n" : "",
	    key_env != NULL ? "api_key_env = " : "",
	    key_env != NULL ? key_env : "", key_env != NULL ? "\n" : "");
	if (strpbrk(kind, "\n\r") != NULL || strpbrk(base_url, "\n\r") != NULL
	    || (model != NULL && strpbrk(model, "\n\r") != NULL) ||
	    (key_env != NULL && strpbrk(key_env, "\n\r") != NULL)) {
		free(text);
		if (cause != NULL)
			*cause = xstrdup("endpoint flags may not hold"
			    " newlines");
		return -1;
	}
	if (live_config_parse(text, "command line", 0, &cfg, &c) != 0) {
		/* Drop the "command line:N:M:" position: it means nothing. */
		char	*what = strstr(c, ": ");

		if (cause != NULL)
			*cause = xstrdup(what != NULL ? what + 2 : c);
		free(c);
		free(text);
		return -1;
	}
	free(text);
	live_endpoint_clear(e);
	*e = *cfg->v[0];
	free(e->origin);
	e->origin = xstrdup("command line");
	free(cfg->v[0]);
	cfg->n = 0;
	live_config_free(cfg);
	return 0;
}

int
live_endpoint_key(const struct live_endpoint *e, const char **key,
    char **cause)
{
	const char	*v;

	*key = NULL;
	if (e->api_key_env != NULL) {
		v = getenv(e->api_key_env);
		if (v == NULL || *v == '\0') {
			if (cause != NULL)
				*cause = xasprintf("environment variable %s"
				    " (api_key_env) is not set",
				    e->api_key_env);
			return -1;
		}
		*key = v;
		return 0;
	}
	*key = e->api_key;
	return 0;
}

/*
 * cli.c - helpers shared by the commands: usage errors, the database path,
 * opening the store, and terminal-safe text.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <getopt.h>
#include <unistd.h>

#include "cli.h"
#include "textsafe.h"

const struct cli_cmd *
cli_cmd_find(const char *name)
{
	return cn_table_find(cli_cmds, sizeof *cli_cmds, name);
}

void
cli_help(const struct cli_cmd *c, FILE *f)
{
	fprintf(f, "usage: %s\n\n%s\n", c->usage, c->summary);
	if (c->help != NULL && *c->help != '\0')
		fprintf(f, "\n%s", c->help);
}

int
cli_usage_error(const struct cli_cmd *c, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "canopy%s%s: ", c != NULL ? " " : "",
	    c != NULL ? c->name : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (c != NULL)
		fprintf(stderr, "\nusage: %s\nTry 'canopy %s --help'.\n",
		    c->usage, c->name);
	else
		fprintf(stderr, "\nTry 'canopy --help'.\n");
	return CLI_USAGE;
}

int
cli_fail(const char *cmd, const char *fmt, ...)
{
	va_list	ap;

	fprintf(stderr, "canopy %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return CLI_FAIL;
}

int
cli_opt_default(const struct cli_cmd *c, int ch, char **argv)
{
	if (ch == 'h') {
		cli_help(c, stdout);
		return CLI_OK;
	}
	return cli_getopt_error(c, ch, argv);
}

int
cli_extra_arg(const struct cli_cmd *c, char **argv)
{
	return cli_usage_error(c, "unexpected argument '%s'", argv[optind]);
}

int
cli_fail_cause(const char *cmd, char *cause, const char *fallback)
{
	cli_fail(cmd, "%s", cause != NULL ? cause : fallback);
	free(cause);
	return CLI_FAIL;
}

const char *
cli_db_path(const char *opt)
{
	const char	*e;

	if (opt != NULL && *opt != '\0')
		return opt;
	if ((e = getenv("CANOPY_DB")) != NULL && *e != '\0')
		return e;
	return "canopy.db";
}

/* Reports a failed store_open (adopts cause), naming the file once. */
static void
open_failed(const char *cmd, const char *path, char *cause)
{
	if (cause == NULL)
		cli_fail(cmd, "%s: cannot open the database", path);
	else if (strstr(cause, path) != NULL)
		cli_fail(cmd, "%s", cause);
	else
		cli_fail(cmd, "%s: %s", path, cause);
	free(cause);
}

int
cli_open_read(const char *cmd, const char *path, struct store **st)
{
	char	*cause = NULL;

	if (access(path, F_OK) != 0) {
		if (errno == ENOENT)
			cli_fail(cmd, "no database at %s (import a file "
			    "first: canopy import FILE)", path);
		else
			cli_fail(cmd, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (store_open(st, path, STORE_READONLY, &cause) != 0) {
		open_failed(cmd, path, cause);
		return -1;
	}
	return 0;
}

int
cli_open_write(const char *cmd, const char *path, struct store **st)
{
	char	*cause = NULL;

	if (store_open(st, path, 0, &cause) != 0) {
		open_failed(cmd, path, cause);
		return -1;
	}
	return 0;
}

int
cli_open_update(const char *cmd, const char *path, struct store **st)
{
	if (access(path, F_OK) != 0) {
		cli_fail(cmd, "%s: no database there", path);
		return -1;
	}
	return cli_open_write(cmd, path, st);
}

void
cli_ctx_init(struct cli_ctx *x, const char *name)
{
	memset(x, 0, sizeof *x);
	x->cmd = cli_cmd_find(name);
	x->name = name;
	x->rc = CLI_FAIL;
}

int
cli_ctx_open(struct cli_ctx *x, enum cli_db_mode mode, const char *opt)
{
	int	(*open[])(const char *, const char *, struct store **) = {
		cli_open_read, cli_open_write, cli_open_update
	};

	return open[mode](x->name, cli_db_path(opt), &x->st);
}

int
cli_ctx_fail(struct cli_ctx *x, const char *fallback)
{
	char	*cause = x->cause;

	x->cause = NULL;
	return x->rc = cli_fail_cause(x->name, cause, fallback);
}

int
cli_ctx_end(struct cli_ctx *x)
{
	free(x->cause);
	cli_out_end(&x->out);
	store_close(x->st);
	x->st = NULL;
	return x->rc;
}

/*
 * The text of one piece of s at p: either the code point's bytes or its
 * spelling in esc. Returns its length in bytes of s, 0 at a stop.
 */
static size_t
esc_piece(const unsigned char *p, size_t n, int firstline,
    char esc[TEXTSAFE_SPELL_MAX], const unsigned char **out, size_t *outlen,
    size_t *width)
{
	struct textsafe_piece	 tp;
	size_t			 k;

	k = textsafe_next((const char *)p, n, &tp);
	if (tp.kind == TEXTSAFE_PRINT) {
		*out = p;
		*outlen = k;
		*width = (size_t)tp.width;
		return k;
	}
	if (tp.kind == TEXTSAFE_UNSAFE && tp.cp == '\n' && firstline)
		return 0;
	*out = (const unsigned char *)esc;
	*outlen = *width = textsafe_spell(&tp, esc, TEXTSAFE_CESC);
	return k;
}

size_t
cli_escape(struct cn_buf *b, const char *str, size_t maxw, int firstline)
{
	const unsigned char	*s = (const unsigned char *)str, *p, *out;
	size_t			 n, k, ol, w, total = 0, limit;
	char			 esc[TEXTSAFE_SPELL_MAX];
	int			 cut = 0;

	if (str == NULL)
		return 0;
	n = strlen(str);
	/* Does it all fit? */
	if (maxw > 0) {
		for (p = s; p < s + n; p += k) {
			k = esc_piece(p, (size_t)(s + n - p), firstline, esc,
			    &out, &ol, &w);
			if (k == 0)
				break;
			total += w;
			if (total > maxw) {
				cut = 1;
				break;
			}
		}
	}
	limit = cut ? (maxw > 3 ? maxw - 3 : 0) : (size_t)-1;
	total = 0;
	for (p = s; p < s + n; p += k) {
		k = esc_piece(p, (size_t)(s + n - p), firstline, esc, &out,
		    &ol, &w);
		if (k == 0 || total + w > limit)
			break;
		buf_add(b, out, ol);
		total += w;
	}
	if (cut) {
		k = maxw < 3 ? maxw : 3;
		buf_add(b, "...", k);
		total += k;
	}
	return total;
}

size_t
cli_column(struct cn_buf *b, const char *s, size_t maxw, size_t width)
{
	size_t	used;

	for (used = cli_escape(b, s, maxw, 1); used < width; used++)
		buf_addc(b, ' ');
	return used;
}

void
cli_value(struct cn_buf *b, double v)
{
	if (isnan(v))
		buf_adds(b, "-");
	else if (v == floor(v) && fabs(v) < 1e15)
		buf_printf(b, "%.0f", v);
	else
		buf_printf(b, "%.4g", v);
}

int
cli_getopt_error(const struct cli_cmd *c, int ch, char **argv)
{
	const char	*a = optind > 0 ? argv[optind - 1] : "?";
	char		 shortopt[3] = { '-', (char)optopt, '\0' };

	if (optopt != 0 && strncmp(a, "--", 2) != 0)
		a = shortopt;
	if (ch == ':')
		return cli_usage_error(c, "option '%s' needs an argument", a);
	return cli_usage_error(c, "unknown option '%s'", a);
}

/* The getopt_long value of --db; table rows are 256 + their index. */
#define OPT_DB	1

/* Takes value (NULL for an option without one) for o; -1 if it is bad. */
static int
opt_take(const struct cli_opt *o, char *value)
{
	char	*end;
	double	 v;

	switch (o->kind) {
	case CLI_FLAG:
		*(int *)o->p = 1;
		return 0;
	case CLI_STR:
		*(const char **)o->p = value;
		return 0;
	case CLI_INT:
	case CLI_NUM:
		v = o->kind == CLI_INT ? (double)strtol(value, &end, 10) :
		    strtod(value, &end);
		if (*value == '\0' || *end != '\0' || isnan(v) ||
		    v < o->min || v > o->max)
			return -1;
		if (o->kind == CLI_INT)
			*(int *)o->p = (int)v;
		else
			*(double *)o->p = v;
		return 0;
	case CLI_FN:
	case CLI_FN0:
		return o->fn(o->p, value);
	}
	return -1;
}

int
cli_opts_scan(const struct cli_cmd *c, int argc, char **argv,
    const struct cli_opt *opts, const char **db)
{
	struct option	 lo[CLI_OPTS_MAX + 3];
	char		 so[3 * CLI_OPTS_MAX + 3] = ":h";
	size_t		 i, n = 0, k = 2;
	int		 ch, arg;

	for (i = 0; opts[i].name != NULL || opts[i].letter != 0; i++) {
		if (i == CLI_OPTS_MAX)
			abort();	/* a table too long: raise the limit */
		arg = opts[i].kind != CLI_FLAG && opts[i].kind != CLI_FN0;
		if (opts[i].name != NULL)
			lo[n++] = (struct option){ opts[i].name,
			    arg ? required_argument : no_argument, NULL,
			    256 + (int)i };
		if (opts[i].letter != 0) {
			so[k++] = (char)opts[i].letter;
			if (arg)
				so[k++] = ':';
		}
	}
	so[k] = '\0';
	if (db != NULL)
		lo[n++] = (struct option){ "db", required_argument, NULL,
		    OPT_DB };
	lo[n++] = (struct option){ "help", no_argument, NULL, 'h' };
	lo[n] = (struct option){ NULL, 0, NULL, 0 };
	optind = 0;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, so, lo, NULL)) != -1) {
		if (ch == OPT_DB) {
			*db = optarg;
			continue;
		}
		if (ch == 'h' || ch == '?' || ch == ':')
			return ch;
		if (ch < 256)
			for (i = 0; opts[i].letter != ch; i++)
				;
		else
			i = (size_t)ch - 256;
		if (opt_take(&opts[i], optarg) == 0)
			continue;
		if (optarg == NULL)
			return cli_usage_error(c, "%s", opts[i].bad);
		return cli_usage_error(c, "%s, not '%s'", opts[i].bad, optarg);
	}
	return -1;
}

int
cli_opts(const struct cli_cmd *c, int argc, char **argv,
    const struct cli_opt *opts, const char **db)
{
	int	ch;

	ch = cli_opts_scan(c, argc, argv, opts, db);
	if (ch == 'h' || ch == '?' || ch == ':')
		return cli_opt_default(c, ch, argv);
	return ch;
}

int
cli_opts_only(const struct cli_cmd *c, int argc, char **argv,
    const struct cli_opt *opts, const char **db)
{
	int	rc;

	if ((rc = cli_opts(c, argc, argv, opts, db)) < 0 && optind < argc)
		return cli_extra_arg(c, argv);
	return rc;
}

FILE *
cli_out_open(const char *output, char **tmp)
{
	struct stat	sb;

	*tmp = NULL;
	if (output == NULL || strcmp(output, "-") == 0)
		return stdout;
	/*
	 * A device or a pipe (-o /dev/null, -o /dev/stdout, a FIFO) is written
	 * in place: renaming a file over it would replace the device node.
	 */
	if (stat(output, &sb) == 0 && !S_ISREG(sb.st_mode))
		return fopen(output, "w");
	*tmp = xasprintf("%s.tmp%ld", output, (long)getpid());
	return fopen(*tmp, "w");
}

int
cli_out_begin(struct cli_out *o, const char *cmd, const char *output)
{
	o->cmd = cmd;
	o->path = output;
	if ((o->f = cli_out_open(output, &o->tmp)) == NULL)
		return cli_fail(cmd, "%s: %s", output, strerror(errno));
	return CLI_OK;
}

int
cli_out_commit(struct cli_out *o)
{
	int	r;

	if (o->tmp == NULL)
		return CLI_OK;
	r = fclose(o->f);
	o->f = NULL;
	if (r != 0 || rename(o->tmp, o->path) != 0)
		return cli_fail(o->cmd, "%s: %s", o->path, strerror(errno));
	free(o->tmp);
	o->tmp = NULL;
	return CLI_OK;
}

void
cli_out_end(struct cli_out *o)
{
	if (o->f != NULL && o->f != stdout)
		fclose(o->f);
	if (o->tmp != NULL)
		unlink(o->tmp);
	free(o->tmp);
	memset(o, 0, sizeof *o);
}

/*
 * imp-util.c - line reading, whole-file reading, positions, UTF-8 checks
 * and the skip-bad policy shared by every importer. No sink calls here.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importers.h"

void
imp_report_free(struct imp_report *r)
{
	int	i;

	for (i = 0; i < r->nfirst_bad; i++)
		free(r->first_bad[i]);
	memset(r, 0, sizeof *r);
}

void
imp_report_bad(struct imp_report *r, char *msg)
{
	r->bad++;
	if (r->nfirst_bad < IMP_REPORT_KEEP)
		r->first_bad[r->nfirst_bad++] = msg;
	else
		free(msg);
}

int
imp_bad(const struct imp_opts *o, struct imp_report *r, char *msg,
    char **cause)
{
	if (o != NULL && o->skip_bad) {
		imp_report_bad(r, msg);
		return 0;
	}
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return -1;
}

int
imp_sink_status(const struct imp_opts *o, struct imp_report *r,
    char **cause, int rc, char **scausep, const char *fmt, ...)
{
	va_list	 ap;
	char	*where, *msg, *scause = *scausep;

	*scausep = NULL;
	if (rc == CN_OK) {
		free(scause);
		return CN_OK;
	}
	va_start(ap, fmt);
	where = xvasprintf(fmt, ap);
	va_end(ap);
	msg = xasprintf("%s: %s", where, scause != NULL ? scause :
	    "rejected");
	free(where);
	free(scause);
	/* Without options imp_bad stops: what a fatal status must do. */
	return imp_bad(rc == CN_BAD ? o : NULL, r, msg, cause) == 0 ? CN_BAD :
	    CN_FATAL;
}

void
imp_ctx_init(struct imp_ctx *run, const char *name,
    const struct imp_opts *opts, const struct imp_sink *sink,
    struct imp_report *rep, char **cause)
{
	*run = (struct imp_ctx){ .name = name, .opts = opts, .sink = sink,
	    .rep = rep, .cause = cause };
}

int
imp_ctx_bad(struct imp_ctx *run, char *msg)
{
	char	*full;

	full = xasprintf("%s: %s", run->name, msg);
	free(msg);
	return imp_bad(run->opts, run->rep, full, run->cause);
}

int
imp_ctx_sink(struct imp_ctx *run, int rc, const char *what, char **scausep)
{
	return imp_sink_status(run->opts, run->rep, run->cause, rc, scausep,
	    "%s: %s", run->name, what);
}

void
imp_lines_init(struct imp_lines *l, FILE *in)
{
	memset(l, 0, sizeof *l);
	l->in = in;
	l->max = IMP_MAX_RECORD;
}

/* Appends s[0, n) to the line, keeping at most max bytes of it. */
static void
lines_add(struct imp_lines *l, const char *s, size_t n)
{
	size_t	take = l->max - l->len;

	if (n > take)
		l->over = 1;
	else
		take = n;
	if (take == 0)
		return;
	if (l->len + take >= l->cap) {
		if (l->cap == 0)
			l->cap = 256;
		while (l->len + take >= l->cap)
			l->cap *= 2;
		if (l->cap > l->max + 1)
			l->cap = l->max + 1;
		l->line = xrealloc(l->line, l->cap);
	}
	memcpy(l->line + l->len, s, take);
	l->len += take;
}

/*
 * getline() would grow its buffer to the longest line, whatever its size;
 * this keeps at most max bytes and reads past the rest. The stream is
 * locked once per line: a progress callback may ftello() it from the
 * writer thread.
 *
 * With glibc, the stream's buffer is searched with memchr and copied a
 * run at a time, as glibc's own getdelim does (a getc per byte was a
 * tenth of an import's parsing); getc refills it, so the stream is never
 * read further than the line.
 */
int
imp_lines_next(struct imp_lines *l)
{
	int	ch = EOF, got = 0;
	char	c;
#ifdef __GLIBC__
	char	*b, *e, *nl;
#endif

	l->len = 0;
	l->over = 0;
	l->partial = 1;
	flockfile(l->in);
	for (;;) {
#ifdef __GLIBC__
		b = l->in->_IO_read_ptr;
		e = l->in->_IO_read_end;
		if (b != NULL && b < e) {
			got = 1;
			nl = memchr(b, '\n', (size_t)(e - b));
			lines_add(l, b, (size_t)((nl != NULL ? nl : e) - b));
			l->in->_IO_read_ptr = nl != NULL ? nl + 1 : e;
			if (nl != NULL) {
				l->partial = 0;
				break;
			}
			continue;
		}
#endif
		if ((ch = getc_unlocked(l->in)) == EOF)
			break;
		got = 1;
		if (ch == '\n') {
			l->partial = 0;
			break;
		}
		c = (char)ch;
		lines_add(l, &c, 1);
	}
	funlockfile(l->in);
	if (!got) {
		if (ferror(l->in))
			return -1;
		return 0;
	}
	if (l->line == NULL) {
		l->cap = 256;
		l->line = xmalloc(l->cap);
	}
	if (!l->over && !l->partial && l->len > 0 &&
	    l->line[l->len - 1] == '\r')
		l->len--;
	l->line[l->len] = '\0';
	l->lineno++;
	return 1;
}

void
imp_lines_free(struct imp_lines *l)
{
	free(l->line);
	l->line = NULL;
	l->cap = l->len = 0;
}

int
imp_slurp(FILE *in, const char *name, size_t max, char **buf, size_t *len,
    char **cause)
{
	struct cn_buf	b;
	char		chunk[65536];
	size_t		n;

	buf_init(&b);
	while ((n = fread(chunk, 1, sizeof chunk, in)) > 0) {
		if (n > max - b.len) {
			if (cause != NULL)
				*cause = xasprintf("%s: larger than %zu bytes "
				    "(the limit for one JSON document)", name,
				    max);
			buf_free(&b);
			return -1;
		}
		buf_add(&b, chunk, n);
	}
	if (ferror(in)) {
		if (cause != NULL)
			*cause = xasprintf("%s: read error: %s", name,
			    strerror(errno));
		buf_free(&b);
		return -1;
	}
	*len = b.len;
	*buf = buf_take(&b);
	return 0;
}

void
imp_position(const char *buf, size_t off, long *line, long *col)
{
	const char	*p, *bol = buf;
	long		 ln = 1;

	for (p = buf; p < buf + off; p++) {
		if (*p == '\n') {
			ln++;
			bol = p + 1;
		}
	}
	*line = ln;
	*col = (long)(buf + off - bol) + 1;
}

int
imp_utf8_valid(const char *s, size_t len, size_t *bad)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 i = 0, k, need;
	unsigned int		 cp, min;

	while (i < len) {
		unsigned char	c;
		uint64_t	w;

		/* Most text is ASCII: skip it eight bytes at a time. */
		for (; len - i >= 8; i += 8) {
			memcpy(&w, p + i, 8);
			if ((w & 0x8080808080808080ULL) != 0)
				break;
		}
		if (i == len)
			break;
		c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1; cp = c & 0x1f; min = 0x80;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2; cp = c & 0x0f; min = 0x800;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3; cp = c & 0x07; min = 0x10000;
		} else
			goto fail;
		for (k = 1; k <= need; k++) {
			if (i + k >= len || (p[i + k] & 0xc0) != 0x80)
				goto fail;
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			goto fail;
		i += need + 1;
	}
	return 1;
fail:
	if (bad != NULL)
		*bad = i;
	return 0;
}

/* Whether id is over the cap: then *cause says so and the call is refused. */
static int
guard_long(const char *what, const char *id, char **cause)
{
	char	*why;
	int	 n = 32;

	if (id == NULL || strnlen(id, IMP_MAX_ID + 1) <= IMP_MAX_ID)
		return 0;
	/* Quote its start, cut on a character boundary. */
	while (n > 0 && ((unsigned char)id[n] & 0xc0) == 0x80)
		n--;
	why = xasprintf("%s id longer than %d bytes (starts \"%.*s\")",
	    what, IMP_MAX_ID, n, id);
	if (cause != NULL)
		*cause = why;
	else
		free(why);
	return 1;
}

static int
guard_trace(void *arg, const struct cn_trace *t, char **cause)
{
	const struct imp_sink	*real = ((struct imp_guard *)arg)->real;

	if (guard_long("trace", t->ext_id, cause))
		return CN_BAD;
	return real->trace(real->arg, t, cause);
}

static int
guard_node(void *arg, const struct cn_node *n, char **cause)
{
	const struct imp_sink	*real = ((struct imp_guard *)arg)->real;

	if (guard_long("node", n->ext_id, cause) ||
	    guard_long("parent", n->parent_ext, cause))
		return CN_BAD;
	return real->node(real->arg, n, cause);
}

static int
guard_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	const struct imp_sink	*real = ((struct imp_guard *)arg)->real;

	if (guard_long("node", a->node_ext, cause))
		return CN_BAD;
	return real->annotation(real->arg, a, cause);
}

static int
guard_score(void *arg, const char *node_ext, const char *name, double value,
    char **cause)
{
	const struct imp_sink	*real = ((struct imp_guard *)arg)->real;

	if (guard_long("node", node_ext, cause))
		return CN_BAD;
	return real->score(real->arg, node_ext, name, value, cause);
}

static int
guard_score_path(void *arg, const char *const *texts, size_t ntexts,
    const char *name, double value, char **cause)
{
	const struct imp_sink	*real = ((struct imp_guard *)arg)->real;

	return real->score_path(real->arg, texts, ntexts, name, value, cause);
}

const struct imp_sink *
imp_guard(struct imp_guard *g, const struct imp_sink *real)
{
	memset(g, 0, sizeof *g);
	g->real = real;
	g->sink.trace = real->trace != NULL ? guard_trace : NULL;
	g->sink.node = real->node != NULL ? guard_node : NULL;
	g->sink.annotation = real->annotation != NULL ? guard_annotation :
	    NULL;
	g->sink.score = real->score != NULL ? guard_score : NULL;
	g->sink.score_path = real->score_path != NULL ? guard_score_path :
	    NULL;
	g->sink.arg = g;
	return &g->sink;
}

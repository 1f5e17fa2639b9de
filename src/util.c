/*
 * util.c - allocation wrappers, byte buffers, diagnostics and the model's
 * small helpers. No library beyond libc.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/mman.h>

#include "canopy.h"

const char *const cn_sig_names[CN_SIG_COUNT] = {
	CN_SIGNALS(CN_X_NAME)
};

const char *const cn_sig_help[CN_SIG_COUNT] = {
	CN_SIGNALS(CN_X_HELP)
};

static FILE	*log_file;
static void	(*fatal_hook)(void);

int
cn_name_index(const char *const *names, int n, const char *name)
{
	int	i;

	for (i = 0; i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

const void *
cn_table_find(const void *table, size_t size, const char *name)
{
	const char		*p;
	const char *const	*entry;

	for (p = table;; p += size) {
		entry = (const char *const *)(const void *)p;
		if (*entry == NULL)
			return NULL;
		if (strcmp(*entry, name) == 0)
			return p;
	}
}

int
cn_sig_lookup(const char *name)
{
	/* Same translation unit: the compiler inlines the loop here. */
	return cn_name_index(cn_sig_names, CN_SIG_COUNT, name);
}

void *
xmalloc(size_t n)
{
	void	*p;

	if (n == 0)
		n = 1;
	if ((p = malloc(n)) == NULL)
		fatal("out of memory allocating %zu bytes", n);
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void	*p;

	if (n == 0 || size == 0)
		n = size = 1;
	if ((p = calloc(n, size)) == NULL)
		fatal("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

/*
 * Arrays of megabytes (a million-node trace's columns) ask for transparent
 * huge pages: on the machines measured, the first touch of each 4 KB page
 * (a page fault) cost more than the statistics computed over it.
 */
#define XBIG_MIN	((size_t)4 << 20)
#define XBIG_PAGE	((size_t)2 << 20)

void *
xcalloc_big(size_t n, size_t size)
{
#ifdef MADV_HUGEPAGE
	void	*p;
	size_t	 len;

	if (size != 0 && n > SIZE_MAX / size - XBIG_PAGE)
		fatalx("allocation overflow: %zu x %zu", n, size);
	if (n * size < XBIG_MIN)
		return xcalloc(n, size);
	len = (n * size + XBIG_PAGE - 1) & ~(XBIG_PAGE - 1);
	if (posix_memalign(&p, XBIG_PAGE, len) != 0)
		fatal("out of memory allocating %zu x %zu bytes", n, size);
	/* Only advice: without huge pages the array works the same. */
	(void)madvise(p, len, MADV_HUGEPAGE);
	memset(p, 0, n * size);
	return p;
#else
	return xcalloc(n, size);
#endif
}

void *
xrealloc(void *p, size_t n)
{
	if (n == 0)
		n = 1;
	if ((p = realloc(p, n)) == NULL)
		fatal("out of memory reallocating %zu bytes", n);
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		fatalx("allocation overflow: %zu x %zu", n, size);
	return xrealloc(p, n * size);
}

void *
xgrow(void *p, size_t *cap, size_t first, size_t size)
{
	*cap = *cap == 0 ? first : *cap * 2;
	return xreallocarray(p, *cap, size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char	*p;

	p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

void
xfree_strv(char **v, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

char *
xstrdup_or_null(const char *s)
{
	return s == NULL ? NULL : xstrdup(s);
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list	 ap2;
	char	*s;
	int	 n;

	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("vsnprintf");
	s = xmalloc((size_t)n + 1);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	return s;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list	 ap;
	char	*s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

void
xfree_const(const void *p)
{
	free((void *)(uintptr_t)p);
}

void
buf_init(struct cn_buf *b)
{
	b->s = NULL;
	b->len = b->cap = 0;
}

void
buf_free(struct cn_buf *b)
{
	free(b->s);
	buf_init(b);
}

void
buf_reset(struct cn_buf *b)
{
	b->len = 0;
	if (b->s != NULL)
		b->s[0] = '\0';
}

static void
buf_grow(struct cn_buf *b, size_t more)
{
	size_t	need = b->len + more + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 64;
	while (b->cap < need)
		b->cap *= 2;
	b->s = xrealloc(b->s, b->cap);
}

void
buf_add(struct cn_buf *b, const void *p, size_t n)
{
	buf_grow(b, n);
	if (n > 0)
		memcpy(b->s + b->len, p, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
buf_adds(struct cn_buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

void
buf_addc(struct cn_buf *b, char c)
{
	buf_add(b, &c, 1);
}

void
buf_printf(struct cn_buf *b, const char *fmt, ...)
{
	va_list	ap, ap2;
	int	n;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		fatal("vsnprintf");
	buf_grow(b, (size_t)n);
	vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	va_end(ap);
}

char *
buf_take(struct cn_buf *b)
{
	char	*s = b->s;

	if (s == NULL)
		s = xstrdup("");
	buf_init(b);
	return s;
}

void
log_open(const char *path)
{
	if (log_file != NULL)
		fclose(log_file);
	log_file = path == NULL ? NULL : fopen(path, "a");
}

void
log_debug(const char *fmt, ...)
{
	va_list	ap;

	if (log_file == NULL)
		return;
	va_start(ap, fmt);
	vfprintf(log_file, fmt, ap);
	va_end(ap);
	fputc('\n', log_file);
	fflush(log_file);
}

void
fatal_set_hook(void (*hook)(void))
{
	fatal_hook = hook;
}

static void __attribute__((noreturn, format(printf, 2, 0)))
fatal_exit(int err, const char *fmt, va_list ap)
{
	if (fatal_hook != NULL)
		fatal_hook();
	fputs("canopy: fatal: ", stderr);
	vfprintf(stderr, fmt, ap);
	if (err != 0)
		fprintf(stderr, ": %s", strerror(err));
	fputc('\n', stderr);
	exit(70);
}

void
fatal(const char *fmt, ...)
{
	va_list	ap;
	int	err = errno;

	va_start(ap, fmt);
	fatal_exit(err, fmt, ap);
}

void
fatalx(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fatal_exit(0, fmt, ap);
}

int64_t
cn_now(void)
{
	const char	*pin = getenv("CANOPY_NOW");

	if (pin != NULL && *pin != '\0')
		return strtoll(pin, NULL, 10);
	return (int64_t)time(NULL);
}

double
cn_clock(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void
cn_node_init(struct cn_node *n)
{
	int	i;

	memset(n, 0, sizeof *n);
	for (i = 0; i < CN_SIG_COUNT; i++)
		n->sig[i] = CN_NOVAL;
	n->best_leaf_reward = CN_NOVAL;
}

void
cn_node_clear(struct cn_node *n)
{
	size_t	i;

	if (n == NULL)
		return;
#define FREE_STRING(f) xfree_const(n->f);
	CN_NODE_STRINGS(FREE_STRING)
#undef FREE_STRING
	for (i = 0; i < n->nmore; i++)
		xfree_const(n->more[i].name);
	xfree_const(n->more);
	cn_node_init(n);
}

void
cn_node_copy(struct cn_node *dst, const struct cn_node *n)
{
	struct cn_signal	*more = NULL;
	size_t			 i;

	*dst = *n;
#define COPY_STRING(f) dst->f = xstrdup_or_null(n->f);
	CN_NODE_STRINGS(COPY_STRING)
#undef COPY_STRING
	if (n->nmore > 0) {
		more = xcalloc(n->nmore, sizeof *more);
		for (i = 0; i < n->nmore; i++) {
			more[i].name = xstrdup(n->more[i].name);
			more[i].value = n->more[i].value;
		}
	}
	dst->more = more;
}

const struct cn_signal *
cn_node_more(const struct cn_node *n, const char *name)
{
	size_t	i;

	for (i = 0; i < n->nmore; i++)
		if (strcmp(n->more[i].name, name) == 0)
			return &n->more[i];
	return NULL;
}

void
cn_trace_clear(struct cn_trace *t)
{
	if (t == NULL)
		return;
#define FREE_STRING(f) xfree_const(t->f);
	CN_TRACE_STRINGS(FREE_STRING)
#undef FREE_STRING
	memset(t, 0, sizeof *t);
	t->best_reward = t->best_q = t->outcome = CN_NOVAL;
}

void
cn_trace_copy(struct cn_trace *dst, const struct cn_trace *t)
{
	*dst = *t;
#define COPY_STRING(f) dst->f = xstrdup_or_null(t->f);
	CN_TRACE_STRINGS(COPY_STRING)
#undef COPY_STRING
}

void
cn_annotation_clear(struct cn_annotation *a)
{
	if (a == NULL)
		return;
#define FREE_STRING(f) xfree_const(a->f);
	CN_ANNOTATION_STRINGS(FREE_STRING)
#undef FREE_STRING
	memset(a, 0, sizeof *a);
	a->rating = CN_NORATING;
}

void
cn_annotation_copy(struct cn_annotation *dst, const struct cn_annotation *a)
{
	*dst = *a;
#define COPY_STRING(f) dst->f = xstrdup_or_null(a->f);
	CN_ANNOTATION_STRINGS(COPY_STRING)
#undef COPY_STRING
}

size_t
cn_split_words(const char *line, struct cn_word *w, size_t max, int *extra)
{
	const char	*p = line, *start;
	size_t		 n = 0, len;

	*extra = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (*p == '\0' || *p == '\n' || *p == '#')
			break;
		start = p;
		while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' &&
		    *p != '\n')
			p++;
		if (n == max) {
			*extra = (int)(start - line) + 1;
			break;
		}
		len = (size_t)(p - start);
		w[n].len = len;
		if (len >= sizeof w[n].s)
			len = sizeof w[n].s - 1;
		memcpy(w[n].s, start, len);
		w[n].s[len] = '\0';
		w[n].col = (int)(start - line) + 1;
		n++;
	}
	return n;
}

void
cn_each_line(const char *text,
    void (*fn)(void *arg, const char *line, int lineno), void *arg)
{
	const char	*p = text, *nl;
	char		*line;
	int		 lineno = 0;
	size_t		 len;

	while (*p != '\0') {
		lineno++;
		nl = strchr(p, '\n');
		len = nl != NULL ? (size_t)(nl - p) : strlen(p);
		line = xstrndup(p, len);
		fn(arg, line, lineno);
		free(line);
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

int
cn_line_error(char **cause, const char *file, const char *dflt, int lineno,
    int col, const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	if (cause == NULL)
		return -1;
	va_start(ap, fmt);
	what = xvasprintf(fmt, ap);
	va_end(ap);
	*cause = xasprintf("%s:%d:%d: %s", file != NULL ? file : dflt,
	    lineno, col, what);
	free(what);
	return -1;
}

/*
 * imp-test.h - running an importer over a string or a fixture into the
 * recording sink, and counting or finding recorded lines. Header-only
 * (static inline) so each importer test includes it without a library.
 * Include after cmocka.h.
 */
#ifndef CN_IMP_TEST_H
#define CN_IMP_TEST_H

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "record-sink.h"

struct imp_run {
	struct record_sink	 rs;
	struct imp_sink		 sink;
	struct imp_report	 rep;
	char			*cause;
	int			 rc;
};

static inline void
imp_run_stream(struct imp_run *ir, const char *format, FILE *in,
    const char *name, int skip_bad)
{
	const struct imp_format	*f;
	struct imp_opts		 o;

	memset(ir, 0, sizeof *ir);
	memset(&o, 0, sizeof o);
	o.skip_bad = skip_bad;
	record_sink_init(&ir->rs, &ir->sink);
	f = imp_format_find(format);
	assert_non_null(f);
	ir->rc = f->run(in, name, &o, &ir->sink, &ir->rep, &ir->cause);
}

/* Runs format over text, named "t" in messages. */
static inline void
imp_run_text(struct imp_run *ir, const char *format, const char *text,
    int skip_bad)
{
	FILE	*in;

	/* fmemopen() of zero bytes is not portable: use a 1-byte buffer. */
	in = fmemopen((void *)(uintptr_t)(*text != '\0' ? text : " "),
	    *text != '\0' ? strlen(text) : 1, "r");
	assert_non_null(in);
	imp_run_stream(ir, format, in, "t", skip_bad);
	fclose(in);
}

/* Runs format over len bytes (which may hold NUL), named "t". */
static inline void
imp_run_mem(struct imp_run *ir, const char *format, const char *buf,
    size_t len, int skip_bad)
{
	FILE	*in;

	in = fmemopen((void *)(uintptr_t)buf, len, "r");
	assert_non_null(in);
	imp_run_stream(ir, format, in, "t", skip_bad);
	fclose(in);
}

/* Path of a file in the source tree (heap). */
static inline char *
imp_test_path(const char *rel)
{
	const char	*top = getenv("CANOPY_SRCDIR");

	return xasprintf("%s/%s", top != NULL ? top : "..", rel);
}

/* Runs format over a file of the source tree, named by its base name. */
static inline void
imp_run_file(struct imp_run *ir, const char *format, const char *rel,
    int skip_bad)
{
	FILE		*in;
	char		*path = imp_test_path(rel);
	const char	*base = strrchr(rel, '/');

	in = fopen(path, "r");
	if (in == NULL)
		fail_msg("cannot open %s", path);
	imp_run_stream(ir, format, in, base != NULL ? base + 1 : rel,
	    skip_bad);
	fclose(in);
	free(path);
}

static inline void
imp_run_free(struct imp_run *ir)
{
	free(ir->cause);
	imp_report_free(&ir->rep);
	record_sink_free(&ir->rs);
}

static inline const char *
imp_run_log(const struct imp_run *ir)
{
	return record_sink_log(&ir->rs);
}

/*
 * Number of recorded lines that start with prefix and contain each of the
 * NULL-terminated needles.
 */
static inline int
imp_count(const struct imp_run *ir, const char *prefix, ...)
{
	const char	*p = imp_run_log(ir), *e, *needle;
	char		*line;
	va_list		 ap;
	int		 n = 0, ok;

	for (; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (strncmp(p, prefix, strlen(prefix)) != 0)
			continue;
		line = xstrndup(p, (size_t)(e - p));
		ok = 1;
		va_start(ap, prefix);
		while ((needle = va_arg(ap, const char *)) != NULL)
			if (strstr(line, needle) == NULL)
				ok = 0;
		va_end(ap);
		free(line);
		n += ok;
	}
	return n;
}

/* Whether the log holds exactly this line. */
static inline int
imp_has_line(const struct imp_run *ir, const char *line)
{
	const char	*p = imp_run_log(ir);
	size_t		 l = strlen(line);

	for (; (p = strstr(p, line)) != NULL; p++)
		if ((p == imp_run_log(ir) || p[-1] == '\n') &&
		    (p[l] == '\n' || p[l] == '\0'))
			return 1;
	return 0;
}

/* The first recorded line starting with prefix (heap), or NULL. */
static inline char *
imp_find_line(const struct imp_run *ir, const char *prefix)
{
	const char	*p = imp_run_log(ir), *e;

	for (; *p != '\0'; p = *e != '\0' ? e + 1 : e) {
		e = strchr(p, '\n');
		if (e == NULL)
			e = p + strlen(p);
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return xstrndup(p, (size_t)(e - p));
	}
	return NULL;
}

/* Asserts that the log holds line, printing the log if not. */
#define assert_line(ir, line) do {					\
	if (!imp_has_line((ir), (line)))				\
		fail_msg("missing line:\n%s\nlog:\n%s", (line),		\
		    imp_run_log(ir));					\
} while (0)

#endif /* CN_IMP_TEST_H */

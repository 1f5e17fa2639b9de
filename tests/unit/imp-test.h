/*
 * imp-test.h - the importer test harness: runs a format (by its registry
 * name, the public API only) over a string, bytes or a fixture into the
 * recording sink (record-sink.h), and the assertions importer tests share.
 * Header-only (static inline) so each importer test includes it without a
 * library. Include after cmocka.h.
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

/* The importer of format, failing the test if there is none. */
static inline const struct imp_format *
imp_test_format(const char *format)
{
	const struct imp_format	*f = imp_format_find(format);

	if (f == NULL)
		fail_msg("no format %s", format);
	return f;
}

/* Sniffs buf with format's sniffer (imp_sniff_fn). */
static inline int
imp_test_sniff(const char *format, const char *buf, size_t len, char **why)
{
	return imp_test_format(format)->sniff(buf, len, why);
}

/* Asserts format's verdict on buf and its reason (NULL: none). */
static inline void
imp_assert_sniff(const char *format, const char *buf, size_t len, int want,
    const char *why)
{
	char	*w = NULL;

	assert_int_equal(imp_test_sniff(format, buf, len, &w), want);
	if (why == NULL)
		assert_null(w);
	else {
		assert_non_null(w);
		assert_string_equal(w, why);
	}
	free(w);
}

/*
 * Asserts that the registry's sniffing picks format for buf and that each
 * format of the NULL-terminated list declines it.
 */
static inline void
imp_assert_sniffs_as(const char *format, const char *buf, size_t len, ...)
{
	const char	*other;
	char		*why;
	va_list		 ap;

	assert_ptr_equal(imp_sniff(buf, len, NULL), imp_test_format(format));
	va_start(ap, len);
	while ((other = va_arg(ap, const char *)) != NULL) {
		why = NULL;
		if (imp_test_sniff(other, buf, len, &why) != 0)
			fail_msg("%s also takes what %s takes", other, format);
		free(why);
	}
	va_end(ap);
}

/* The same for a NUL-terminated buf. */
static inline void
imp_assert_sniff_str(const char *format, const char *buf, int want,
    const char *why)
{
	imp_assert_sniff(format, buf, strlen(buf), want, why);
}

/*
 * Runs format over in (named name in messages) with options o (NULL: the
 * defaults) into a fresh sink whose call fail_at (1-based; 0 never)
 * answers fail_rc.
 */
static inline void
imp_run_stream_with(struct imp_run *ir, const char *format, FILE *in,
    const char *name, const struct imp_opts *o, int fail_at, int fail_rc)
{
	const struct imp_format	*f = imp_test_format(format);
	struct imp_opts		 defaults = { 0 };

	memset(ir, 0, sizeof *ir);
	record_sink_init(&ir->rs, &ir->sink);
	ir->rs.fail_at = fail_at;
	ir->rs.fail_rc = fail_rc;
	ir->rc = f->run(in, name, o != NULL ? o : &defaults, &ir->sink,
	    &ir->rep, &ir->cause);
}

static inline void
imp_run_stream(struct imp_run *ir, const char *format, FILE *in,
    const char *name, int skip_bad)
{
	struct imp_opts	o = { .skip_bad = skip_bad };

	imp_run_stream_with(ir, format, in, name, &o, 0, 0);
}

/*
 * The general form: len bytes of buf (which may hold NUL), named name,
 * with options o (NULL: the defaults) and a sink failure at call fail_at
 * (0: none).
 */
static inline void
imp_run_with(struct imp_run *ir, const char *format, const char *name,
    const char *buf, size_t len, const struct imp_opts *o, int fail_at,
    int fail_rc)
{
	FILE	*in;

	/* fmemopen() of zero bytes is not portable: an empty file is. */
	if (len == 0)
		in = fopen("/dev/null", "r");
	else
		in = fmemopen((void *)(uintptr_t)buf, len, "r");
	assert_non_null(in);
	imp_run_stream_with(ir, format, in, name, o, fail_at, fail_rc);
	fclose(in);
}

/* The same for text. */
static inline void
imp_run_text_with(struct imp_run *ir, const char *format, const char *name,
    const char *text, const struct imp_opts *o, int fail_at, int fail_rc)
{
	imp_run_with(ir, format, name, text, strlen(text), o, fail_at,
	    fail_rc);
}

/* The same with only skip_bad set. */
static inline void
imp_run_buf(struct imp_run *ir, const char *format, const char *name,
    const char *buf, size_t len, int skip_bad, int fail_at, int fail_rc)
{
	struct imp_opts	o = { .skip_bad = skip_bad };

	imp_run_with(ir, format, name, buf, len, &o, fail_at, fail_rc);
}

/* Runs format over text, named name in messages. */
static inline void
imp_run_named(struct imp_run *ir, const char *format, const char *name,
    const char *text, int skip_bad)
{
	imp_run_buf(ir, format, name, text, strlen(text), skip_bad, 0, 0);
}

/* Runs format over text, named "t" in messages. */
static inline void
imp_run_text(struct imp_run *ir, const char *format, const char *text,
    int skip_bad)
{
	imp_run_named(ir, format, "t", text, skip_bad);
}

/* Runs format over len bytes (which may hold NUL), named "t". */
static inline void
imp_run_mem(struct imp_run *ir, const char *format, const char *buf,
    size_t len, int skip_bad)
{
	imp_run_buf(ir, format, "t", buf, len, skip_bad, 0, 0);
}

/*
 * Path of a file in the source tree (heap): below $CANOPY_SRCDIR (make
 * check sets it), else the configured source tree, else "..".
 */
static inline char *
imp_test_path(const char *rel)
{
	const char	*top = getenv("CANOPY_SRCDIR");

	if (top == NULL || *top == '\0')
#ifdef TOP_SRCDIR
		top = TOP_SRCDIR;
#else
		top = "..";
#endif
	return xasprintf("%s/%s", top, rel);
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

/* Reads up to size bytes of a source-tree file for sniffing; the count. */
static inline size_t
imp_test_head(const char *rel, char *buf, size_t size)
{
	char	*path = imp_test_path(rel);
	FILE	*in = fopen(path, "r");
	size_t	 n;

	if (in == NULL)
		fail_msg("cannot open %s", path);
	n = fread(buf, 1, size, in);
	fclose(in);
	free(path);
	return n;
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

/* Records of kind matching every spec (record_sink_count()). */
#define imp_count(ir, ...)	record_sink_count(&(ir)->rs, __VA_ARGS__)

/*
 * Asserts record counts, one a line of table: "N KIND SPEC..." asserts
 * that imp_count(ir, KIND, SPEC..., NULL) is N. Specs are separated by
 * single spaces, so a spec that holds a space needs imp_count itself.
 * KIND "*" is any kind.
 */
static inline void
imp_assert_counts(const struct imp_run *ir, const char *table)
{
	const char	*specs[16], *kind, *e;
	char		*line, *p, *end;
	size_t		 n, got;
	long		 want;

	for (; *table != '\0'; table = *e == '\n' ? e + 1 : e) {
		e = strchr(table, '\n');
		if (e == NULL)
			e = table + strlen(table);
		line = xstrndup(table, (size_t)(e - table));
		want = strtol(line, &end, 10);
		if (end == line || *end != ' ')
			fail_msg("not a count line: %s", line);
		kind = p = end + 1;
		n = 0;
		while ((p = strchr(p, ' ')) != NULL) {
			*p++ = '\0';
			if (n == sizeof specs / sizeof specs[0])
				fail_msg("too many specs: %s", table);
			specs[n++] = p;
		}
		got = record_sink_count_specs(&ir->rs,
		    strcmp(kind, "*") == 0 ? NULL : kind, specs, n);
		if (got != (size_t)want)
			fail_msg("%zu, not \"%.*s\"; log:\n%s", got,
			    (int)(e - table), table, imp_run_log(ir));
		free(line);
	}
}

/* The first record of kind with this id in trace (NULL: any); or fail. */
static inline const struct rs_record *
imp_find(const struct imp_run *ir, const char *kind, const char *trace,
    const char *id)
{
	const struct rs_record	*r;

	r = record_sink_find(&ir->rs, kind, trace, id);
	if (r == NULL)
		fail_msg("no %s %s in trace %s; log:\n%s", kind, id,
		    trace != NULL ? trace : "(any)", imp_run_log(ir));
	return r;
}

/* Asserts that the log holds line, printing the log if not. */
#define assert_line(ir, line) do {					\
	if (!record_sink_has_line(&(ir)->rs, (line)))			\
		fail_msg("missing line:\n%s\nlog:\n%s", (line),		\
		    imp_run_log(ir));					\
} while (0)

/* Asserts the run's status, and its cause (NULL: none). */
#define assert_run(ir, want_rc, want_cause) do {			\
	assert_int_equal((ir)->rc, (want_rc));				\
	if ((want_cause) == NULL)					\
		assert_null((ir)->cause);				\
	else {								\
		assert_non_null((ir)->cause);				\
		assert_string_equal((ir)->cause, (want_cause));		\
	}								\
} while (0)

/* Asserts a run that succeeded after nrecords records, nbad of them bad. */
#define imp_assert_ok(ir, nrecords, nbad) do {			\
	assert_run((ir), 0, NULL);					\
	assert_int_equal((ir)->rep.records, (nrecords));		\
	assert_int_equal((ir)->rep.bad, (nbad));			\
} while (0)

/* Asserts how many traces, nodes and annotations the sink received. */
#define imp_assert_totals(ir, ntr, nno, nan) do {			\
	assert_int_equal((ir)->rs.ntraces, (ntr));			\
	assert_int_equal((ir)->rs.nnodes, (nno));			\
	assert_int_equal((ir)->rs.nann, (nan));				\
} while (0)

/*
 * Runs format over a source-tree file, which must import nrecords records
 * with none bad, and asserts the counts of table (imp_assert_counts).
 */
static inline void
imp_check_file(struct imp_run *ir, const char *format, const char *rel,
    long nrecords, const char *table)
{
	imp_run_file(ir, format, rel, 0);
	imp_assert_ok(ir, nrecords, 0);
	imp_assert_counts(ir, table);
}

/*
 * Runs format over text (named name) with options o (NULL: defaults) and
 * asserts success, no bad record and exactly log.
 */
static inline void
imp_check_log(const char *format, const char *name, const char *text,
    const struct imp_opts *o, const char *log)
{
	struct imp_run	ir;

	imp_run_with(&ir, format, name, text, strlen(text), o, 0, 0);
	if (ir.rc != 0)
		fail_msg("import failed: %s", ir.cause);
	assert_string_equal(imp_run_log(&ir), log);
	assert_int_equal(ir.rep.bad, 0);
	imp_run_free(&ir);
}

/*
 * Runs format over text (named name) with options o (NULL: defaults),
 * the sink answering fail_rc at call fail_at, and asserts that the import
 * fails with exactly cause.
 */
static inline void
imp_check_sink_fails(const char *format, const char *name, const char *text,
    const struct imp_opts *o, int fail_at, int fail_rc, const char *cause)
{
	struct imp_run	ir;

	imp_run_text_with(&ir, format, name, text, o, fail_at, fail_rc);
	assert_run(&ir, -1, cause);
	imp_run_free(&ir);
}

/*
 * A bad input: run without skip-bad, the import fails with exactly cause
 * after sending exactly log (NULL: nothing).
 */
struct imp_bad_case {
	const char	*in;
	const char	*cause;
	const char	*log;
};

/* Checks each case of a table ending with a NULL in, with options o. */
static inline void
imp_check_bad_opts(const char *format, const char *name,
    const struct imp_opts *o, const struct imp_bad_case *cases)
{
	struct imp_run	ir;

	for (; cases->in != NULL; cases++) {
		imp_run_text_with(&ir, format, name, cases->in, o, 0, 0);
		if (ir.rc != -1 || ir.cause == NULL ||
		    strcmp(ir.cause, cases->cause) != 0)
			fail_msg("input:\n%s\nwanted: %s\ngot %d: %s",
			    cases->in, cases->cause, ir.rc,
			    ir.cause != NULL ? ir.cause : "(no cause)");
		assert_string_equal(imp_run_log(&ir),
		    cases->log != NULL ? cases->log : "");
		imp_run_free(&ir);
	}
}

/* The same with the default options (no skip-bad). */
static inline void
imp_check_bad(const char *format, const char *name,
    const struct imp_bad_case *cases)
{
	imp_check_bad_opts(format, name, NULL, cases);
}

/*
 * Asserts that exactly nbad records were skipped and that the report
 * kept exactly the NULL-terminated messages given, in order.
 */
static inline void
imp_assert_bad(const struct imp_run *ir, long nbad, ...)
{
	const char	*want;
	va_list		 ap;
	int		 i = 0;

	assert_int_equal(ir->rep.bad, nbad);
	va_start(ap, nbad);
	while ((want = va_arg(ap, const char *)) != NULL) {
		assert_true(i < ir->rep.nfirst_bad);
		assert_string_equal(ir->rep.first_bad[i], want);
		i++;
	}
	va_end(ap);
	assert_int_equal(ir->rep.nfirst_bad, i);
}

#endif /* CN_IMP_TEST_H */

/*
 * test-imp-caps.c - hostile and broken input (issue 10): the documented
 * caps (record and document size, nesting depth, id length), NUL inside
 * strings, numbers that overflow, and files that are not text at all. Each
 * is refused with name:line:col and, where there is one, the member.
 * Runs go through the importer harness (imp-test.h); fopencookie()
 * streams make the long inputs.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn-test.h"

#include "canopy.h"
#include "importers.h"
#include "imp-json.h"
#include "imp-test.h"

/* Options of every run here: --scores rm, so nameless scores import. */
static void
caps_opts(struct imp_opts *o, int skip_bad)
{
	memset(o, 0, sizeof *o);
	o->skip_bad = skip_bad;
	o->score_name = "rm";
}

/* Runs format over text, named "t". */
static void
run_text(struct imp_run *ir, const char *format, const char *text,
    int skip_bad)
{
	struct imp_opts	o;

	caps_opts(&o, skip_bad);
	imp_run_text_with(ir, format, "t", text, &o, 0, 0);
}

/* Expects the import of text to stop with exactly cause. */
#define expect_text(format, text, cause)				\
	expect_cause((format), (text), strlen(text), (cause))

/* Expects the import of len bytes (may hold NUL) to stop with cause. */
static void
expect_cause(const char *format, const char *buf, size_t len,
    const char *cause)
{
	struct imp_opts	o;
	struct imp_run	ir;

	caps_opts(&o, 0);
	imp_run_with(&ir, format, "t", buf, len, &o, 0, 0);
	assert_run(&ir, -1, cause);
	imp_run_free(&ir);
}

/* Nested arrays n deep around 0, as heap text. */
static char *
nest(int n)
{
	char	*s = xmalloc(2 * (size_t)n + 2);
	int	 i;

	for (i = 0; i < n; i++)
		s[i] = '[';
	s[n] = '0';
	for (i = 0; i < n; i++)
		s[n + 1 + i] = ']';
	s[2 * n + 1] = '\0';
	return s;
}

/* ---- not text ------------------------------------------------------ */

/* imp_sniff() finds no format in buf and says why, as want. */
static void
sniff_refuses(const char *buf, size_t len, const char *want)
{
	char	*why;

	assert_null(imp_sniff(buf, len, &why));
	assert_string_equal(why, want);
	free(why);
}

static void
test_imp_caps_not_text_is_one_line(void **state)
{
	static const char bin[] = "\x7f" "ELF\x02\x01\x01\0\0\0\0";
	char	*why;

	(void)state;
	sniff_refuses("", 0, "empty file\n");
	sniff_refuses("\xef\xbb\xbf", 3, "only a byte order mark\n");
	sniff_refuses("\xef\xbb\xbf\n \n", 6,
	    "only a byte order mark and whitespace\n");
	sniff_refuses(" \r\n\t\n", 5, "empty file (only whitespace)\n");
	sniff_refuses(bin, sizeof bin - 1,
	    "not a text file (it holds NUL bytes)\n");
	assert_string_equal(imp_not_text(bin, sizeof bin - 1),
	    "not a text file (it holds NUL bytes)");

	/* Text that fits no format still lists every format tried. */
	assert_null(imp_not_text("a,b\n1,2\n", 8));
	assert_null(imp_sniff("a,b\n1,2\n", 8, &why));
	assert_non_null(strstr(why, "  canopy-jsonl "));
	assert_non_null(strstr(why, "  chat-jsonl "));
	free(why);
	/* Latin-1 is text in the wrong encoding: the importer names it. */
	assert_null(imp_not_text("{\"a\":\"caf\xe9\"}\n", 13));
}

/* ---- NUL in strings ------------------------------------------------ */

static void
test_imp_caps_nul_in_strings(void **state)
{
	static const char raw[] = "{\"type\":\"node\",\"trace\":\"t\","
	    "\"id\":\"a\0b\"}\n";
	static const char chat_raw[] = "{\"messages\":[{\"role\":\"user\","
	    "\"content\":\"q\0\"}]}\n";

	(void)state;
	/* \u0000 would cut "a\u0000b" to "a": refused where it stands. */
	expect_text("canopy-jsonl", "{\"type\":\"node\",\"trace\":\"t\","
	    "\"id\":\"a\\u0000b\"}\n",
	    "t:1:35: id: NUL character (\\u0000) in a string");
	expect_cause("canopy-jsonl", raw, sizeof raw - 1,
	    "t:1:35: id: NUL character (a raw 0 byte) in a string");
	/* The same rule in every importer (the shared parse). */
	expect_text("chat-jsonl", "{\"messages\":[{\"role\":\"user\","
	    "\"content\":\"q\\u0000\"}]}\n",
	    "t:1:41: messages[0].content: NUL character (\\u0000) in a "
	    "string");
	expect_cause("chat-jsonl", chat_raw, sizeof chat_raw - 1,
	    "t:1:41: messages[0].content: NUL character (a raw 0 byte) in a "
	    "string");
	expect_text("processbench", "[{\"id\":\"x\",\n \"st\\u0000eps\":[]}]",
	    "t:2:5: [0]: NUL character (\\u0000) in a string");
}

/* The check's string walk: escapes, quotes and where strings end. */
static void
test_imp_caps_check_strings(void **state)
{
	static const struct {
		const char	*text;
		size_t		 len;
		int		 rc;
		size_t		 off;
		const char	*what;
	} c[] = {
		{ "{\"a\":\"x\\\"y\"}", 12, 0, 0, NULL },
		/* An escaped backslash, then u0000 as plain text. */
		{ "[\"\\\\u0000\"]", 11, 0, 0, NULL },
		{ "[\"\\\"\\u0000\"]", 13, -1, 4,
		    "[0]: NUL character (\\u0000) in a string" },
		{ "{\"k\\u0000\":1}", 14, -1, 3,
		    "NUL character (\\u0000) in a string" },
		{ "{\"a\":[1,{\"b\":\"\0\"}]}", 19, -1, 14,
		    "a[1].b: NUL character (a raw 0 byte) in a string" },
		/* Cut off inside a string or an escape: left to the parser. */
		{ "[\"abc", 5, 0, 0, NULL },
		{ "[\"abc\\", 6, 0, 0, NULL },
		{ "[\"\\u000", 7, 0, 0, NULL },
		/* A raw 0 byte between tokens is whitespace to cJSON. */
		{ "[1,\0 2]", 7, 0, 0, NULL },
		{ "[1e308, -1.7976931348623157e308, 0.01e310, 1e-400]", 50, 0,
		    0, NULL },
		{ "[1, 17976931348623159e292]", 26, -1, 4,
		    "[1]: number out of range (not finite)" },
	};
	size_t	i, off;
	char	*what;

	(void)state;
	for (i = 0; i < sizeof c / sizeof c[0]; i++) {
		what = NULL;
		off = 0;
		assert_int_equal(imp_json_check(c[i].text, c[i].len, &off,
		    &what), c[i].rc);
		if (c[i].rc == 0) {
			assert_null(what);
			continue;
		}
		assert_int_equal(off, c[i].off);
		assert_string_equal(what, c[i].what);
		free(what);
	}
}

/* ---- numbers ------------------------------------------------------- */

static void
test_imp_caps_overflow_names_member(void **state)
{
	(void)state;
	expect_text("canopy-jsonl", "{\"type\":\"node\",\"trace\":\"t\","
	    "\"id\":\"a\",\"signals\":{\"q\":-1e999}}\n",
	    "t:1:52: signals.q: number out of range (not finite)");
	/* A document: the line and column of the member, not of the file. */
	expect_text("processbench", "[{\"id\":\"x\"},\n {\"id\":\"y\",\n"
	    "  \"steps\":[1, 2e400]}]",
	    "t:3:15: [1].steps[1]: number out of range (not finite)");
	/* Underflow is a finite zero, not an error. */
	{
		struct imp_run	ir;

		run_text(&ir, "canopy-jsonl", "{\"type\":\"node\",\"trace\":"
		    "\"t\",\"id\":\"a\",\"signals\":{\"q\":1e-999}}\n", 0);
		assert_int_equal(ir.rc, 0);
		assert_int_equal(ir.rs.nnodes, 1);
		imp_run_free(&ir);
	}
}

/* ---- nesting depth ------------------------------------------------- */

/* A line of head then "x": n nested arrays, as heap text. */
static char *
nested_line(const char *head, int n)
{
	char	*a = nest(n), *line;

	line = xasprintf("%s\"x\":%s}\n", head, a);
	free(a);
	return line;
}

#define SCORE_HEAD	"{\"trace\":\"t\",\"node\":\"a\",\"value\":1,"
#define NODE_HEAD	"{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\","

static void
test_imp_caps_depth(void **state)
{
	struct imp_run	 ir;
	char		*line;

	(void)state;
	/* The object is one level: IMP_MAX_DEPTH - 1 arrays fit inside. */
	line = nested_line(SCORE_HEAD, IMP_MAX_DEPTH - 1);
	run_text(&ir, "canopy-scores", line, 0);
	free(line);
	assert_int_equal(ir.rc, 0);
	assert_int_equal(imp_count(&ir, "score", NULL), 1);
	imp_run_free(&ir);

	/* "x"'s value starts at column 39; 999 brackets fit. */
	line = nested_line(SCORE_HEAD, IMP_MAX_DEPTH);
	expect_text("canopy-scores", line,
	    "t:1:1038: nesting deeper than 1000");
	free(line);

	/* canopy-jsonl (its own parse of each member) says the same. */
	line = nested_line(NODE_HEAD, IMP_MAX_DEPTH);
	expect_text("canopy-jsonl", line,
	    "t:1:1040: nesting deeper than 1000");
	free(line);
}

/* ---- id length ----------------------------------------------------- */

static void
test_imp_caps_id_length(void **state)
{
	struct imp_run	 ir;
	struct cn_buf	 b;
	char		*id;

	(void)state;
	id = xmalloc(IMP_MAX_ID + 2);
	memset(id, 'i', IMP_MAX_ID + 1);
	id[IMP_MAX_ID + 1] = '\0';

	/*
	 * IMP_MAX_ID bytes are fine; one more is refused, as a node id or
	 * as a parent id, and skip-bad goes on.
	 */
	buf_init(&b);
	buf_printf(&b, "{\"type\":\"trace\",\"id\":\"t\"}\n"
	    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"%.*s\"}\n"
	    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"%s\","
	    "\"parent\":\"%.*s\"}\n"
	    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"b\","
	    "\"parent\":\"%s\"}\n", IMP_MAX_ID, id, id, IMP_MAX_ID, id, id);
	run_text(&ir, "canopy-jsonl", b.s, 1);
	assert_int_equal(ir.rc, 0);
	assert_int_equal(ir.rs.nnodes, 1);
	assert_int_equal(strlen(ir.rs.nodes[0].n.ext_id), IMP_MAX_ID);
	assert_int_equal(ir.rep.bad, 2);
	assert_string_equal(ir.rep.first_bad[0], "t:3:28: node id longer "
	    "than 4096 bytes (starts \"iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii\")");
	assert_non_null(strstr(ir.rep.first_bad[1], "t:4:"));
	assert_non_null(strstr(ir.rep.first_bad[1], "parent id longer than "
	    "4096 bytes"));
	imp_run_free(&ir);

	/* Other importers go through the same guard. */
	buf_reset(&b);
	buf_printf(&b, "{\"trace\":\"%s\",\"node\":\"n\",\"value\":1}\n", id);
	run_text(&ir, "canopy-scores", b.s, 0);
	assert_int_equal(ir.rc, -1);
	assert_string_equal(ir.cause, "t:1:1: trace id longer than 4096 bytes "
	    "(starts \"iiiiiiiiiiiiiiiiiiiiiiiiiiiiiiii\")");
	imp_run_free(&ir);
	buf_free(&b);
	free(id);
}

/* ---- record and document size -------------------------------------- */

/* A stream of one line of n 'x' bytes inside a JSON string, then more. */
struct gen {
	size_t		 n, pos;
	const char	*tail;
};

static ssize_t
gen_read(void *cookie, char *buf, size_t size)
{
	struct gen	*g = cookie;
	size_t		 i, total = g->n + 2 + strlen(g->tail);

	for (i = 0; i < size && g->pos < total; i++, g->pos++) {
		if (g->pos == 0 || g->pos == g->n + 1)
			buf[i] = '"';
		else if (g->pos <= g->n)
			buf[i] = 'x';
		else
			buf[i] = g->tail[g->pos - g->n - 2];
	}
	return (ssize_t)i;
}

static void
test_imp_caps_record_size(void **state)
{
	cookie_io_functions_t	 io = { gen_read, NULL, NULL, NULL };
	struct gen		 g;
	struct imp_lines	 l;
	struct imp_opts		 o;
	struct imp_run		 ir;
	FILE			*in;
	char			 want[128];

	(void)state;
	/* The reader keeps max bytes of a longer line and reads past it. */
	in = fmemopen((void *)(uintptr_t)"abcdefgh\nij\n", 12, "r");
	imp_lines_init(&l, in);
	assert_int_equal(l.max, IMP_MAX_RECORD);
	l.max = 4;
	assert_int_equal(imp_lines_next(&l), 1);
	assert_int_equal(l.over, 1);
	assert_int_equal(l.len, 4);
	assert_true(l.cap <= 5);
	assert_int_equal(imp_lines_next(&l), 1);
	assert_int_equal(l.over, 0);
	assert_string_equal(l.line, "ij");
	assert_int_equal(l.lineno, 2);
	assert_int_equal(imp_lines_next(&l), 0);
	imp_lines_free(&l);
	fclose(in);

	/* Through an importer: a line one byte past the cap is a bad record. */
	g.n = IMP_MAX_RECORD - 1;
	g.pos = 0;
	g.tail = "\n{\"trace\":\"t\",\"node\":\"n\",\"value\":1}\n";
	in = fopencookie(&g, "r", io);
	assert_non_null(in);
	caps_opts(&o, 1);
	imp_run_stream_with(&ir, "canopy-scores", in, "t", &o, 0, 0);
	fclose(in);
	assert_int_equal(ir.rc, 0);
	assert_int_equal(ir.rep.records, 2);
	assert_int_equal(ir.rep.bad, 1);
	assert_int_equal(imp_count(&ir, "score", NULL), 1);
	snprintf(want, sizeof want, "t:1:1: record longer than %zu bytes "
	    "(the limit for one line)", IMP_MAX_RECORD);
	assert_string_equal(ir.rep.first_bad[0], want);
	imp_run_free(&ir);
}

/*
 * Lines that cross the stream's buffer (4 bytes here): NUL bytes kept,
 * "\r\n" ended, a line cut at max across refills, a last line without
 * '\n'; the stream is not read past the line.
 */
static void
test_imp_caps_lines_buffered(void **state)
{
	static const char	 text[] = "ab\0cdefg\r\nhijklmnopq\n\nrs";
	struct imp_lines	 l;
	FILE			*in;

	(void)state;
	in = fmemopen((void *)(uintptr_t)text, sizeof text - 1, "r");
	assert_non_null(in);
	assert_int_equal(setvbuf(in, NULL, _IOFBF, 4), 0);
	imp_lines_init(&l, in);
	l.max = 6;
	assert_int_equal(imp_lines_next(&l), 1);
	assert_int_equal(l.over, 1);
	assert_int_equal(l.len, 6);
	assert_memory_equal(l.line, "ab\0cde", 6);
	assert_int_equal(ftell(in), 10);
	l.max = 64;
	assert_int_equal(imp_lines_next(&l), 1);
	assert_int_equal(l.over, 0);
	assert_int_equal(l.partial, 0);
	assert_string_equal(l.line, "hijklmnopq");
	assert_int_equal(ftell(in), 21);
	assert_int_equal(imp_lines_next(&l), 1);
	assert_int_equal(l.len, 0);
	assert_int_equal(imp_lines_next(&l), 1);
	assert_string_equal(l.line, "rs");
	assert_int_equal(l.partial, 1);
	assert_int_equal(l.lineno, 4);
	assert_int_equal(imp_lines_next(&l), 0);
	imp_lines_free(&l);
	fclose(in);

	in = fmemopen((void *)(uintptr_t)"ab\r\n", 4, "r");
	assert_non_null(in);
	assert_int_equal(setvbuf(in, NULL, _IOFBF, 2), 0);
	imp_lines_init(&l, in);
	assert_int_equal(imp_lines_next(&l), 1);
	assert_string_equal(l.line, "ab");
	assert_int_equal(imp_lines_next(&l), 0);
	imp_lines_free(&l);
	fclose(in);
}

static void
test_imp_caps_document_size(void **state)
{
	FILE	*in;
	char	*buf = NULL, *cause = NULL;
	size_t	 len;

	(void)state;
	in = fmemopen((void *)(uintptr_t)"[1,2,3]", 7, "r");
	assert_int_equal(imp_slurp(in, "t.json", 7, &buf, &len, &cause), 0);
	assert_int_equal(len, 7);
	free(buf);
	rewind(in);
	assert_int_equal(imp_slurp(in, "t.json", 6, &buf, &len, &cause), -1);
	assert_string_equal(cause, "t.json: larger than 6 bytes (the limit "
	    "for one JSON document)");
	free(cause);
	fclose(in);
	/* The documented caps, as docs/format.md states them. */
	assert_int_equal(IMP_MAX_RECORD, 64 << 20);
	assert_int_equal(IMP_MAX_DOC, 1 << 30);
	assert_int_equal(IMP_MAX_DEPTH, 1000);
	assert_int_equal(IMP_MAX_ID, 4096);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_imp_caps_not_text_is_one_line),
	cmocka_unit_test(test_imp_caps_nul_in_strings),
	cmocka_unit_test(test_imp_caps_check_strings),
	cmocka_unit_test(test_imp_caps_overflow_names_member),
	cmocka_unit_test(test_imp_caps_depth),
	cmocka_unit_test(test_imp_caps_id_length),
	cmocka_unit_test(test_imp_caps_record_size),
	cmocka_unit_test(test_imp_caps_lines_buffered),
	cmocka_unit_test(test_imp_caps_document_size))

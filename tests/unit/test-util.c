/*
 * test-util.c - src/ utilities: SHA-256 of files (known vectors), byte
 * buffers, the common-signal table, the line walk of config-like parsers,
 * the timing clock and the deep copies of model records.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "cn-test.h"

#include "canopy.h"

static void
sha_of(const char *content, size_t len, char out[65])
{
	char	 path[] = "/tmp/test-util-XXXXXX", *cause = NULL;
	FILE	*f;
	int	 fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_int_equal(fwrite(content, 1, len, f), len);
	fclose(f);
	assert_int_equal(cn_sha256_file(path, out, &cause), 0);
	assert_null(cause);
	unlink(path);
}

static void
test_util_sha256_known_vectors(void **state)
{
	char	 out[65], *big;
	size_t	 i;

	(void)state;
	sha_of("", 0, out);
	assert_string_equal(out, "e3b0c44298fc1c149afbf4c8996fb924"
	    "27ae41e4649b934ca495991b7852b855");
	sha_of("abc", 3, out);
	assert_string_equal(out, "ba7816bf8f01cfea414140de5dae2223"
	    "b00361a396177a9cb410ff61f20015ad");
	/* Longer than one read buffer. */
	big = malloc(1000000);
	for (i = 0; i < 1000000; i++)
		big[i] = 'a';
	sha_of(big, 1000000, out);
	assert_string_equal(out, "cdc76e5c9914fb9281a1c7e284d73e67"
	    "f1809a48a497200e046d39ccc7112cd0");
	free(big);
}

static void
test_util_sha256_missing_file(void **state)
{
	char	out[65], *cause = NULL;

	(void)state;
	assert_int_equal(cn_sha256_file("/tmp/no/such/file", out, &cause), -1);
	assert_string_equal(cause, "/tmp/no/such/file: No such file or"
	    " directory");
	free(cause);
}

static void
test_util_buf_grows_and_takes(void **state)
{
	struct cn_buf	 b;
	char		*s;
	int		 i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < 1000; i++)
		buf_printf(&b, "%d,", i % 10);
	assert_int_equal(b.len, 2000);
	assert_memory_equal(b.s, "0,1,2,", 6);
	s = buf_take(&b);
	assert_null(b.s);
	assert_int_equal(strlen(s), 2000);
	free(s);
	assert_string_took(buf_take(&b), "");
}

static void
test_util_signal_names(void **state)
{
	(void)state;
	assert_int_equal(cn_sig_lookup("visits"), CN_SIG_VISITS);
	assert_int_equal(cn_sig_lookup("outcome"), CN_SIG_OUTCOME);
	assert_int_equal(cn_sig_lookup("prm:x"), -1);
	assert_string_equal(cn_sig_names[CN_SIG_Q], "q");
}

/* Records each line cn_each_line hands out as "lineno:text|". */
static void
join_line(void *arg, const char *line, int lineno)
{
	buf_printf(arg, "%d:%s|", lineno, line);
}

static char *
lines_of(const char *text)
{
	struct cn_buf	b;

	buf_init(&b);
	cn_each_line(text, join_line, &b);
	return buf_take(&b);
}

static void
test_util_each_line(void **state)
{
	static const struct cn_test_case	cases[] = {
		{ "", "" },
		{ "a\nbb\n", "1:a|2:bb|" },
		/* A last line without a newline is a line; blank ones count. */
		{ "a\n\n c", "1:a|2:|3: c|" },
		{ "\n", "1:|" },
	};
	size_t	 i;

	(void)state;
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_string_took(lines_of(cases[i].in), cases[i].want);
	}
}

static void
test_util_clock_goes_forward(void **state)
{
	double	t0, t1;

	(void)state;
	t0 = cn_clock();
	usleep(20000);
	t1 = cn_clock();
	assert_true(t0 > 0);
	assert_true(t1 - t0 >= 0.015 && t1 - t0 < 60);
}

/* Every string is a copy (same text, other pointer); NULL stays NULL. */
static void
assert_str_copied(const char *copy, const char *orig)
{
	if (orig == NULL) {
		assert_null(copy);
		return;
	}
	assert_non_null(copy);
	assert_ptr_not_equal(copy, orig);
	assert_string_equal(copy, orig);
}

static void
test_util_record_copies_are_deep(void **state)
{
	struct cn_signal	more[] = { { "prm:x", 0.25 }, { "y", -1 } };
	struct cn_trace		t = { 0 }, tc;
	struct cn_node		n, nc;
	struct cn_annotation	a = { 0 }, ac;

	(void)state;
	t.id = 7;
	t.ext_id = "t1";
	t.format = "canopy";
	t.problem = "2+2";
	t.extra = "{}";
	t.best_reward = 0.5;
	cn_trace_copy(&tc, &t);
	assert_int_equal(tc.id, 7);
	assert_true(tc.best_reward == 0.5);
#define CHECK(f) assert_str_copied(tc.f, t.f);
	CN_TRACE_STRINGS(CHECK)
#undef CHECK
	cn_trace_clear(&tc);
	assert_null(tc.ext_id);

	cn_node_init(&n);
	n.ext_id = "n1";
	n.parent_ext = "n0";
	n.text = "step";
	n.depth = 3;
	n.sig[CN_SIG_REWARD] = 1;
	n.more = more;
	n.nmore = 2;
	cn_node_copy(&nc, &n);
	assert_int_equal(nc.depth, 3);
	assert_true(nc.sig[CN_SIG_REWARD] == 1);
#define CHECK(f) assert_str_copied(nc.f, n.f);
	CN_NODE_STRINGS(CHECK)
#undef CHECK
	assert_int_equal(nc.nmore, 2);
	assert_ptr_not_equal(nc.more, more);
	assert_str_copied(nc.more[0].name, more[0].name);
	assert_true(nc.more[0].value == 0.25);
	assert_str_copied(nc.more[1].name, more[1].name);
	cn_node_clear(&nc);
	assert_null(nc.more);
	n.nmore = 0;
	n.more = NULL;
	cn_node_copy(&nc, &n);
	assert_null(nc.more);
	cn_node_clear(&nc);

	a.author = "me";
	a.rating = -1;
	a.note = "off by one";
	cn_annotation_copy(&ac, &a);
	assert_int_equal(ac.rating, -1);
#define CHECK(f) assert_str_copied(ac.f, a.f);
	CN_ANNOTATION_STRINGS(CHECK)
#undef CHECK
	cn_annotation_clear(&ac);
	assert_int_equal(ac.rating, CN_NORATING);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_util_sha256_known_vectors),
	cmocka_unit_test(test_util_sha256_missing_file),
	cmocka_unit_test(test_util_buf_grows_and_takes),
	cmocka_unit_test(test_util_signal_names),
	cmocka_unit_test(test_util_each_line),
	cmocka_unit_test(test_util_clock_goes_forward),
	cmocka_unit_test(test_util_record_copies_are_deep))

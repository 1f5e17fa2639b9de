/*
 * test-json-out.c - the CLI's JSON writer: RFC 8259 escaping, terminal
 * safety (of strings and of copied JSON), numbers that read back the
 * same, commas in nested values.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cn-test.h"

#include "json-out.h"

static void
test_json_out_escapes(void **state)
{
	struct cn_buf	b;

	(void)state;
	buf_init(&b);
	json_quote(&b, "a\"b\\c\n\t\r\b\f\x01\x1b[31m\x7f");
	assert_string_equal(b.s, "\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001"
	    "\\u001b[31m\\u007f\"");
	buf_reset(&b);
	/* C1 controls escaped, other UTF-8 kept, bad bytes replaced. */
	json_quote(&b, "\xc2\x9b" "caf\xc3\xa9 \xe2\x9c\x93 \xe2\x80\xae\xff\xc3");
	assert_string_equal(b.s, "\"\\u009bcaf\xc3\xa9 \xe2\x9c\x93 "
	    "\\u202e\xef\xbf\xbd\xef\xbf\xbd\"");
	buf_free(&b);
}

static void
test_json_out_escapes_every_unsafe(void **state)
{
	/* LS, PS, ALM, LRM, RLM, LRE..RLO, LRI..PDI, C1 NEL, CSI, DEL. */
	static const struct {
		const char	*in;
		const char	*out;
	} cases[] = {
		{ "\xe2\x80\xa8", "\\u2028" }, { "\xe2\x80\xa9", "\\u2029" },
		{ "\xd8\x9c", "\\u061c" }, { "\xe2\x80\x8e", "\\u200e" },
		{ "\xe2\x80\x8f", "\\u200f" }, { "\xe2\x80\xaa", "\\u202a" },
		{ "\xe2\x80\xab", "\\u202b" }, { "\xe2\x80\xac", "\\u202c" },
		{ "\xe2\x80\xad", "\\u202d" }, { "\xe2\x80\xae", "\\u202e" },
		{ "\xe2\x81\xa6", "\\u2066" }, { "\xe2\x81\xa7", "\\u2067" },
		{ "\xe2\x81\xa8", "\\u2068" }, { "\xe2\x81\xa9", "\\u2069" },
		{ "\xc2\x85", "\\u0085" }, { "\xc2\x9b", "\\u009b" },
		{ "\x7f", "\\u007f" }, { "\x1b", "\\u001b" },
		/* Joiners and flags are text, kept as they are. */
		{ "\xe2\x80\x8d", "\xe2\x80\x8d" },
		{ "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7",
		    "\xf0\x9f\x87\xab\xf0\x9f\x87\xb7" },
	};
	struct cn_buf	 b;
	char		*want;
	size_t		 i;

	(void)state;
	buf_init(&b);
	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		buf_reset(&b);
		json_quote(&b, cases[i].in);
		want = xasprintf("\"%s\"", cases[i].out);
		assert_string_equal(b.s, want);
		free(want);
	}
	buf_free(&b);
}

/* json_copy of in gives want (NULL: rejected, and b left as it was). */
static void
check_copy(const char *in, const char *want)
{
	struct cn_buf	 b;

	buf_init(&b);
	buf_adds(&b, "x=");
	if (want == NULL) {
		assert_int_equal(json_copy(&b, in), -1);
		assert_string_equal(b.s, "x=");
	} else {
		assert_int_equal(json_copy(&b, in), 0);
		assert_string_equal(b.s + 2, want);
	}
	buf_free(&b);
}

static void
test_json_out_copy(void **state)
{
	char	*deep;
	size_t	 i;

	(void)state;
	check_copy(" {\"a\" : [1, -2.5e+3, true, false, null, \"s\"],\n"
	    "\"b\":{}, \"c\":[]} ",
	    "{\"a\":[1,-2.5e+3,true,false,null,\"s\"],\"b\":{},\"c\":[]}");
	check_copy("\"x\"", "\"x\"");
	check_copy("0", "0");
	/* Escapes already there are kept, ASCII as they are. */
	check_copy("{\"k\\u009b\":\"a\\\"b\\\\\\/\\n\\u202E\"}",
	    "{\"k\\u009b\":\"a\\\"b\\\\\\/\\n\\u202E\"}");
	/* Raw hostile characters, in keys and values, are escaped. */
	check_copy("{\"\xc2\x9b" "k\":\"\x7f\xe2\x80\xae\xe2\x80\xa8\xd8\x9c"
	    "\xe2\x80\x8f\x1b[2J\"}",
	    "{\"\\u009bk\":\"\\u007f\\u202e\\u2028\\u061c\\u200f\\u001b[2J\"}");
	check_copy("[\"caf\xc3\xa9 \xff\"]", "[\"caf\xc3\xa9 \xef\xbf\xbd\"]");
	/* Not JSON. */
	check_copy("", NULL);
	check_copy("{", NULL);
	check_copy("{\"a\":1,}", NULL);
	check_copy("[1 2]", NULL);
	check_copy("{\"a\" 1}", NULL);
	check_copy("{a:1}", NULL);
	check_copy("[01]", NULL);
	check_copy("[1.]", NULL);
	check_copy("[-]", NULL);
	check_copy("[1e]", NULL);
	check_copy("[tru]", NULL);
	check_copy("[truex]", NULL);
	check_copy("\"\\x41\"", NULL);
	check_copy("\"\\u12G4\"", NULL);
	check_copy("\"\\u12\"", NULL);
	check_copy("\"open", NULL);
	check_copy("{} {}", NULL);
	check_copy("{}]", NULL);
	/* As deep as the importers read, and no deeper. */
	deep = xmalloc(2 * 1001 + 1);
	for (i = 0; i < 1000; i++) {
		deep[i] = '[';
		deep[1000 + i] = ']';
	}
	deep[2000] = '\0';
	check_copy(deep, deep);
	for (i = 0; i < 1001; i++) {
		deep[i] = '[';
		deep[1001 + i] = ']';
	}
	deep[2002] = '\0';
	check_copy(deep, NULL);
	free(deep);
}

static void
test_json_out_numbers(void **state)
{
	struct cn_buf	b;

	(void)state;
	buf_init(&b);
	json_number(&b, 0.61);
	buf_addc(&b, ' ');
	json_number(&b, 12);
	buf_addc(&b, ' ');
	json_number(&b, -0.1 - 0.2);
	buf_addc(&b, ' ');
	json_number(&b, 1e300);
	assert_string_equal(b.s, "0.61 12 -0.30000000000000004 1e+300");
	assert_true(strtod("-0.30000000000000004", NULL) == -0.1 - 0.2);
	buf_free(&b);
}

/* json_number before its printf-free paths: the output to keep. */
static void
number_by_printf(char *s, size_t len, double v)
{
	if (v == floor(v) && fabs(v) < 1e15) {
		snprintf(s, len, "%.0f", v);
		return;
	}
	snprintf(s, len, "%.15g", v);
	if (strtod(s, NULL) != v)
		snprintf(s, len, "%.17g", v);
}

static void
check_number(struct cn_buf *b, double v)
{
	char	want[40];

	number_by_printf(want, sizeof want, v);
	buf_reset(b);
	json_number(b, v);
	if (strcmp(b->s, want) != 0)
		fail_msg("%a: \"%s\", want \"%s\"", v, b->s, want);
}

/*
 * Byte for byte what printf gives, on the edges (signed zero, the ends of
 * the fixed-notation range, 15 and 16 digits, halves) and on a sweep of
 * short decimals, scaled integers and raw bit patterns.
 */
static void
test_json_out_numbers_exact(void **state)
{
	static const double	 edge[] = { 0.0, -0.0, 1.0, -1.0, 0.1, -0.1,
	    0.5, 1e-300, -1e-300, 1e-4, 1e-3, 0.00099999999999999999,
	    0.001000000000000001, 1e14, 99999999999999.9, 1e15 - 0.5,
	    1e15, 1e15 + 2, 1e16, 1e300, 123456789012345.6,
	    0.123456789012345, 0.1234567890123456, 0.30000000000000004,
	    2.5, 1.0 / 3, 2.0 / 3, 4.35, 0.6055, 1818170, -1818170.5,
	    9007199254740993.0, 5e-324, 1.7976931348623157e308 };
	struct cn_buf		 b;
	uint64_t		 x = 88172645463325252ull, bits;
	double			 v;
	size_t			 i;
	int			 k;

	(void)state;
	buf_init(&b);
	for (i = 0; i < sizeof edge / sizeof edge[0]; i++)
		check_number(&b, edge[i]);
	for (i = 0; i < 300000; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		k = (int)(x % 19);
		switch (i % 3) {
		case 0:		/* a short decimal, as files write them */
			v = (double)(x >> 40) / pow(10, k);
			break;
		case 1:		/* any digits at any scale */
			v = (double)(x >> 11) * pow(10, k - 30);
			break;
		default:	/* any finite double */
			bits = x;
			memcpy(&v, &bits, sizeof v);
			if (!isfinite(v))
				continue;
			break;
		}
		check_number(&b, (x & 1024) ? -v : v);
	}
	buf_free(&b);
}

static void
test_json_out_structure(void **state)
{
	struct jw	w;

	(void)state;
	jw_init(&w);
	jw_obj_begin(&w);
	jw_key(&w, "a");
	jw_int(&w, -3);
	jw_key(&w, "list");
	jw_arr_begin(&w);
	jw_str(&w, "x");
	jw_null(&w);
	jw_bool(&w, 1);
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_key(&w, "nan");
	jw_num(&w, NAN);
	jw_key(&w, "raw");
	assert_int_equal(jw_json(&w, "{ \"k\" : [1] }"), 0);
	jw_key(&w, "bad");
	assert_int_equal(jw_json(&w, "{\"k\":"), -1);
	jw_key(&w, "s");
	jw_str(&w, NULL);
	jw_obj_end(&w);
	assert_string_equal(w.b.s, "{\"a\":-3,\"list\":[\"x\",null,true,{}],"
	    "\"nan\":null,\"raw\":{\"k\":[1]},\"bad\":null,\"s\":null}");
	/* A reset writer starts a fresh document. */
	jw_reset(&w);
	jw_arr_begin(&w);
	jw_int(&w, 1);
	jw_int(&w, 2);
	jw_arr_end(&w);
	assert_string_equal(w.b.s, "[1,2]");
	jw_free(&w);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_json_out_escapes),
	cmocka_unit_test(test_json_out_escapes_every_unsafe),
	cmocka_unit_test(test_json_out_copy),
	cmocka_unit_test(test_json_out_numbers),
	cmocka_unit_test(test_json_out_numbers_exact),
	cmocka_unit_test(test_json_out_structure))

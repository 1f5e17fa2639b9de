/*
 * test-json-out.c - the CLI's JSON writer: RFC 8259 escaping, terminal
 * safety, numbers that read back the same, commas in nested values.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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
	jw_raw(&w, "{\"k\":[1]}");
	jw_key(&w, "s");
	jw_str(&w, NULL);
	jw_obj_end(&w);
	assert_string_equal(w.b.s, "{\"a\":-3,\"list\":[\"x\",null,true,{}],"
	    "\"nan\":null,\"raw\":{\"k\":[1]},\"s\":null}");
	/* A reset writer starts a fresh document. */
	jw_reset(&w);
	jw_arr_begin(&w);
	jw_int(&w, 1);
	jw_int(&w, 2);
	jw_arr_end(&w);
	assert_string_equal(w.b.s, "[1,2]");
	jw_free(&w);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_out_escapes),
		cmocka_unit_test(test_json_out_numbers),
		cmocka_unit_test(test_json_out_structure),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

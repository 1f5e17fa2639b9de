/*
 * test-live-stream.c - the SSE and NDJSON framings fed the same bytes
 * split at every possible point, UTF-8 repair, and the events of each
 * server family read into candidates (live-stream.c, live-proto.c).
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

#include "../unit/cn-test.h"

#include "live.h"

/* Events as "name|data" lines, for comparing. */
static int
record(void *arg, const char *event, const char *data, size_t len)
{
	struct cn_buf	*b = arg;

	assert_int_equal(strlen(data), len);
	buf_printf(b, "%s|%s\n", event != NULL ? event : "-", data);
	return 0;
}

/* Feeds s to a fresh SSE parser in pieces of at most step bytes. */
static char *
sse_events(const char *s, size_t len, size_t step)
{
	struct live_sse	 p;
	struct cn_buf	 b;
	size_t		 i, k;
	char		*cause = NULL;

	live_sse_init(&p);
	buf_init(&b);
	for (i = 0; i < len; i += k) {
		k = len - i < step ? len - i : step;
		assert_int_equal(live_sse_feed(&p, s + i, k, record, &b,
		    &cause), 0);
	}
	live_sse_free(&p);
	buf_adds(&b, "");
	return buf_take(&b);
}

/* Feeds s split once at every position: the events never change. */
static void
sse_every_split(const char *s, const char *want)
{
	struct live_sse	 p;
	struct cn_buf	 b;
	size_t		 len = strlen(s), at, step;
	char		*cause = NULL;

	for (step = 1; step <= 3; step++) {
		assert_string_took(sse_events(s, len, step), want);
	}
	for (at = 0; at <= len; at++) {
		live_sse_init(&p);
		buf_init(&b);
		assert_int_equal(live_sse_feed(&p, s, at, record, &b, &cause),
		    0);
		assert_int_equal(live_sse_feed(&p, s + at, len - at, record,
		    &b, &cause), 0);
		buf_adds(&b, "");
		assert_string_equal(b.s, want);
		buf_free(&b);
		live_sse_free(&p);
	}
}

static void
test_live_sse_framing_split_anywhere(void **state)
{
	/* CRLF, LF and lone CR ends; comments; no space after "data:". */
	sse_every_split(
	    "\xef\xbb\xbf: ping\r\n"
	    "data: {\"a\":1}\r\n\r\n"
	    "data:{\"b\":2}\n\n"
	    "event: error\rdata: oops\r\r"
	    "id: 7\nretry: 100\nfoo: bar\ndata: [DONE]\n\n",
	    "message|{\"a\":1}\n"
	    "message|{\"b\":2}\n"
	    "error|oops\n"
	    "message|[DONE]\n");
}

static void
test_live_sse_multiline_data_joined(void **state)
{
	sse_every_split("data: one\ndata: two\ndata:\n\n",
	    "message|one\ntwo\n\n");
}

static void
test_live_sse_legacy_error_field(void **state)
{
	/* llama.cpp before PR 16109: a bare `error:` field. */
	sse_every_split("data: {\"content\":\"x\"}\n\n"
	    "error: {\"message\":\"boom\"}\n\n",
	    "message|{\"content\":\"x\"}\nerror|{\"message\":\"boom\"}\n");
}

static void
test_live_sse_event_needs_blank_line(void **state)
{
	char	*got = sse_events("data: partial\n", 14, 5);

	/* An event without its blank line never dispatches. */
	assert_string_equal(got, "");
	free(got);
}

static void
test_live_sse_line_cap(void **state)
{
	struct live_sse	 p;
	struct cn_buf	 b;
	char		 chunk[64], *cause = NULL;
	int		 i, rc = 0;

	live_sse_init(&p);
	p.max_line = 100;
	buf_init(&b);
	memset(chunk, 'x', sizeof chunk);
	for (i = 0; i < 3 && rc == 0; i++)
		rc = live_sse_feed(&p, chunk, sizeof chunk, record, &b, &cause);
	assert_int_equal(rc, -1);
	assert_string_equal(cause, "stream line longer than 100 bytes");
	free(cause);
	buf_free(&b);
	live_sse_free(&p);
}

static void
test_live_ndjson_split_anywhere(void **state)
{
	const char	*s = "{\"response\":\"a\"}\r\n\n{\"response\":\"b\"}\n"
			    "{\"done\":true}";
	const char	*want = "-|{\"response\":\"a\"}\n"
			    "-|{\"response\":\"b\"}\n-|{\"done\":true}\n";
	struct live_ndjson p;
	struct cn_buf	 b;
	size_t		 len = strlen(s), at;
	char		*cause = NULL;

	for (at = 0; at <= len; at++) {
		live_ndjson_init(&p);
		buf_init(&b);
		assert_int_equal(live_ndjson_feed(&p, s, at, record, &b,
		    &cause), 0);
		assert_int_equal(live_ndjson_feed(&p, s + at, len - at, record,
		    &b, &cause), 0);
		assert_int_equal(live_ndjson_finish(&p, record, &b, &cause),
		    0);
		assert_string_equal(b.s, want);
		buf_free(&b);
		live_ndjson_free(&p);
	}
}

static void
test_live_utf8_repaired(void **state)
{
	struct cn_buf	b;

	buf_init(&b);
	/* A stray continuation byte, 0xff, an overlong '/', a surrogate. */
	live_utf8_add(&b, "a\x80" "b\xff\xc0\xaf\xed\xa0\x80\xc3\xa9", 11);
	assert_string_equal(b.s, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd"
	    "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xc3\xa9");
	buf_free(&b);
}

/* Runs one event into n candidates of a kind. */
static int
one_event(enum live_kind kind, const char *ev, const char *data,
    struct live_cand *c, int n, struct live_usage *u, char **cause)
{
	struct live_endpoint	e;
	int			rc;

	live_endpoint_init(&e);
	e.kind = kind;
	rc = live_gen_event(&e, ev, data, strlen(data), c, n, u, cause);
	return rc;
}

static void
test_live_openai_events(void **state)
{
	struct live_cand	c[2];
	struct live_usage	u = { 0, 0 };
	char			*cause = NULL;

	memset(c, 0, sizeof c);
	buf_init(&c[0].text);
	buf_init(&c[1].text);
	assert_int_equal(one_event(LIVE_OPENAI_COMPLETIONS, "message",
	    "{\"choices\":[{\"index\":1,\"text\":\"B\"},{\"index\":0,"
	    "\"text\":\"A\",\"finish_reason\":null}]}", c, 2, &u, &cause), 0);
	assert_int_equal(one_event(LIVE_OPENAI_COMPLETIONS, "message",
	    "{\"choices\":[{\"index\":0,\"text\":\"\",\"finish_reason\":"
	    "\"stop\",\"stop_reason\":\"\\n\\n\"},{\"index\":1,\"text\":"
	    "\"b\",\"finish_reason\":\"length\"}]}", c, 2, &u, &cause), 0);
	assert_int_equal(one_event(LIVE_OPENAI_COMPLETIONS, "message",
	    "{\"choices\":[],\"usage\":{\"prompt_tokens\":5,"
	    "\"completion_tokens\":3}}", c, 2, &u, &cause), 0);
	assert_int_equal(one_event(LIVE_OPENAI_COMPLETIONS, "message",
	    "[DONE]", c, 2, &u, &cause), 1);
	assert_string_equal(c[0].text.s, "A");
	assert_string_equal(c[1].text.s, "Bb");
	assert_int_equal(c[0].finish, LIVE_FIN_STEP);
	assert_int_equal(c[1].finish, LIVE_FIN_LENGTH);
	assert_int_equal(u.prompt_tokens, 5);
	assert_int_equal(u.completion_tokens, 3);

	/* An error inside a 200 stream, and an index out of range. */
	assert_int_equal(one_event(LIVE_OPENAI_CHAT, "message",
	    "{\"error\":{\"message\":\"model crashed\",\"code\":500}}", c, 2,
	    &u, &cause), -1);
	assert_string_equal(cause, "error event in the stream: model crashed");
	free(cause);
	cause = NULL;
	assert_int_equal(one_event(LIVE_OPENAI_CHAT, "message",
	    "{\"choices\":[{\"index\":5,\"delta\":{\"content\":\"x\"}}]}", c,
	    2, &u, &cause), -1);
	assert_string_equal(cause, "choice index 5 out of range (asked for 2)");
	free(cause);
	cause = NULL;
	assert_int_equal(one_event(LIVE_OPENAI_CHAT, "message", "{not json",
	    c, 2, &u, &cause), -1);
	assert_string_equal(cause,
	    "malformed event (not a JSON object): {not json");
	free(cause);
	buf_free(&c[0].text);
	buf_free(&c[1].text);
}

static void
test_live_llamacpp_ollama_events(void **state)
{
	struct live_cand	c;
	struct live_usage	u = { 0, 0 };
	char			*cause = NULL;

	memset(&c, 0, sizeof c);
	buf_init(&c.text);
	assert_int_equal(one_event(LIVE_LLAMACPP, "message",
	    "{\"content\":\"x\\u00e9\",\"stop\":false}", &c, 1, &u, &cause),
	    0);
	assert_int_equal(one_event(LIVE_LLAMACPP, "message",
	    "{\"content\":\"\",\"stop\":true,\"stop_type\":\"eos\","
	    "\"tokens_predicted\":2}", &c, 1, &u, &cause), 1);
	assert_string_equal(c.text.s, "x\xc3\xa9");
	assert_int_equal(c.finish, LIVE_FIN_EOS);
	assert_int_equal(u.completion_tokens, 2);
	assert_int_equal(one_event(LIVE_LLAMACPP, "error",
	    "{\"code\":500,\"message\":\"slot died\"}", &c, 1, &u, &cause),
	    -1);
	assert_string_equal(cause, "error event in the stream: slot died");
	free(cause);
	cause = NULL;

	buf_reset(&c.text);
	assert_int_equal(one_event(LIVE_OLLAMA, NULL,
	    "{\"response\":\"hi\",\"done\":false}", &c, 1, &u, &cause), 0);
	assert_int_equal(one_event(LIVE_OLLAMA, NULL,
	    "{\"response\":\"\",\"done\":true,\"done_reason\":\"length\","
	    "\"eval_count\":9}", &c, 1, &u, &cause), 1);
	assert_string_equal(c.text.s, "hi");
	assert_int_equal(c.finish, LIVE_FIN_LENGTH);
	assert_int_equal(u.completion_tokens, 9);
	assert_int_equal(one_event(LIVE_OLLAMA, NULL,
	    "{\"error\":\"an error was encountered while running the model\"}",
	    &c, 1, &u, &cause), -1);
	assert_string_equal(cause, "error event in the stream: an error was"
	    " encountered while running the model");
	free(cause);
	buf_free(&c.text);
}

static void
test_live_error_bodies(void **state)
{
	static const struct cn_test_case	cases[] = {
		{ "{\"error\":{\"message\":\"Rate limit\",\"type\":\"x\"}}",
		  "Rate limit" },
		{ "{\"object\":\"error\",\"message\":\"old vllm\","
		  "\"code\":400}",
		  "old vllm" },
		{ "{\"error\":\"server busy, please try again.\"}",
		  "server busy, please try again." },
		{ "{\"detail\":\"Not Found\"}", "Not Found" },
		{ "{\"detail\":[{\"loc\":[],\"msg\":\"field required\"}]}",
		  "field required" },
		{ "<html><head><title>502 Bad Gateway</title></head></html>",
		  "502 Bad Gateway" },
		{ "plain\x1b[31m text\n", "plain [31m text" },
		{ "", "(empty body)" },
	};
	size_t	i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		assert_string_took(live_error_message(cases[i].in,
		    strlen(cases[i].in)), cases[i].want);
	}
}

CN_TEST_MAIN(
	cmocka_unit_test(test_live_sse_framing_split_anywhere),
	cmocka_unit_test(test_live_sse_multiline_data_joined),
	cmocka_unit_test(test_live_sse_legacy_error_field),
	cmocka_unit_test(test_live_sse_event_needs_blank_line),
	cmocka_unit_test(test_live_sse_line_cap),
	cmocka_unit_test(test_live_ndjson_split_anywhere),
	cmocka_unit_test(test_live_utf8_repaired),
	cmocka_unit_test(test_live_openai_events),
	cmocka_unit_test(test_live_llamacpp_ollama_events),
	cmocka_unit_test(test_live_error_bodies))

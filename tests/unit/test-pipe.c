/*
 * test-pipe.c - the parser -> writer hand-off delivers every record, in
 * order, with its strings intact, and reports the writer's rejections.
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

#include "pipe.h"
#include "record-sink.h"

/* Sends the same sequence of records to a sink. */
static int
feed(const struct imp_sink *s, int nodes)
{
	struct cn_trace		 t;
	struct cn_node		 n;
	struct cn_annotation	 a;
	struct cn_signal	 more[2] = { { "prm:a", 0.25 }, { "orm", 1 } };
	const char		*path[2] = { "one", "two" };
	char			 id[32], parent[32], text[64];
	int			 i, rc = 0;

	memset(&t, 0, sizeof t);
	t.ext_id = "t1";
	t.problem = "p";
	rc |= s->trace(s->arg, &t, NULL);
	for (i = 0; i < nodes; i++) {
		cn_node_init(&n);
		snprintf(id, sizeof id, "n%d", i);
		snprintf(parent, sizeof parent, "n%d", i / 3);
		snprintf(text, sizeof text, "step %d\nwith a newline", i);
		n.ext_id = id;
		n.parent_ext = i == 0 ? NULL : parent;
		n.text = text;
		n.src_line = i + 2;
		n.sig[CN_SIG_Q] = i / 10.0;
		n.more = more;
		n.nmore = (size_t)(i % 3);
		rc |= s->node(s->arg, &n, NULL);
	}
	memset(&a, 0, sizeof a);
	a.node_ext = "n1";
	a.author = "alice";
	a.rating = 1;
	a.tags = "x,y";
	rc |= s->annotation(s->arg, &a, NULL);
	rc |= s->score(s->arg, "n2", "prm:b", 0.5, NULL);
	rc |= s->score_path(s->arg, path, 2, "prm:c", 0.75, NULL);
	return rc;
}

static void
test_pipe_delivers_records_in_order(void **state)
{
	struct record_sink	 direct, piped;
	struct imp_sink		 ds, ps, front;
	struct pipe		*p;
	long			 bad = -1;
	char			*first = NULL, *cause = NULL;

	(void)state;
	record_sink_init(&direct, &ds);
	record_sink_init(&piped, &ps);
	assert_int_equal(feed(&ds, 5000), 0);
	p = pipe_start(&ps, 0, &front);
	assert_int_equal(feed(&front, 5000), 0);
	assert_int_equal(pipe_finish(p, &bad, &first, &cause), 0);
	assert_null(cause);
	assert_int_equal(bad, 0);
	assert_null(first);
	assert_int_equal(piped.calls, 5004);
	assert_string_equal(record_sink_log(&piped), record_sink_log(&direct));
	record_sink_free(&direct);
	record_sink_free(&piped);
}

static void
test_pipe_counts_rejections_with_skip_bad(void **state)
{
	struct record_sink	 rs;
	struct imp_sink		 real, front;
	struct pipe		*p;
	long			 bad = 0;
	char			*first = NULL, *cause = NULL;

	(void)state;
	record_sink_init(&rs, &real);
	rs.fail_at = 3;		/* the second node */
	rs.fail_rc = CN_BAD;
	p = pipe_start(&real, 1, &front);
	assert_int_equal(feed(&front, 10), 0);
	assert_int_equal(pipe_finish(p, &bad, &first, &cause), 0);
	assert_int_equal(bad, 1);
	assert_string_equal(first, "line 3: recorded failure at call 3");
	free(first);
	assert_int_equal(rs.calls, 14);
	record_sink_free(&rs);
}

static void
test_pipe_stops_on_rejection_without_skip_bad(void **state)
{
	struct record_sink	 rs;
	struct imp_sink		 real, front;
	struct pipe		*p;
	char			*cause = NULL;
	int			 rc;

	(void)state;
	record_sink_init(&rs, &real);
	rs.fail_at = 3;
	rs.fail_rc = CN_BAD;
	p = pipe_start(&real, 0, &front);
	/* Enough records that the importer hears of the failure. */
	rc = feed(&front, 50000);
	assert_int_equal(rc & CN_FATAL, CN_FATAL);
	assert_int_equal(pipe_finish(p, NULL, NULL, &cause), -1);
	assert_string_equal(cause, "line 3: recorded failure at call 3");
	free(cause);
	assert_int_equal(rs.calls, 3);	/* nothing applied after it */
	record_sink_free(&rs);
}

static void
test_pipe_reports_fatal_writer_errors(void **state)
{
	struct record_sink	 rs;
	struct imp_sink		 real, front;
	struct pipe		*p;
	char			*cause = NULL;

	(void)state;
	record_sink_init(&rs, &real);
	rs.fail_at = 1;
	rs.fail_rc = CN_FATAL;
	p = pipe_start(&real, 1, &front);
	feed(&front, 3);
	assert_int_equal(pipe_finish(p, NULL, NULL, &cause), -1);
	assert_string_equal(cause, "recorded failure at call 1");
	free(cause);
	record_sink_free(&rs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pipe_delivers_records_in_order),
		cmocka_unit_test(test_pipe_counts_rejections_with_skip_bad),
		cmocka_unit_test(test_pipe_stops_on_rejection_without_skip_bad),
		cmocka_unit_test(test_pipe_reports_fatal_writer_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

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

#include "cn-test.h"

#include "importers.h"
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
		n.src_col = i % 2 == 0 ? 0 : 28;
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
	struct imp_report	 rep;
	char			*cause = NULL;

	(void)state;
	memset(&rep, 0, sizeof rep);
	record_sink_init(&direct, &ds);
	record_sink_init(&piped, &ps);
	assert_int_equal(feed(&ds, 5000), 0);
	p = pipe_start(&ps, 0, "in.jsonl", &front);
	assert_int_equal(feed(&front, 5000), 0);
	assert_int_equal(pipe_finish(p, &rep, &cause), 0);
	assert_null(cause);
	assert_int_equal(rep.bad, 0);
	assert_int_equal(piped.calls, 5004);
	assert_string_equal(record_sink_log(&piped), record_sink_log(&direct));
	record_sink_free(&direct);
	record_sink_free(&piped);
}

/* A pipe in front of a recording sink. */
struct fx {
	struct record_sink	 rs;
	struct imp_sink		 real, front;
	struct pipe		*p;
};

/* Starts fx's pipe; the sink's call fail_at returns fail_rc. */
static void
start(struct fx *fx, int fail_at, int fail_rc, int skip_bad)
{
	record_sink_init(&fx->rs, &fx->real);
	fx->rs.fail_at = fail_at;
	fx->rs.fail_rc = fail_rc;
	fx->p = pipe_start(&fx->real, skip_bad, "in.jsonl", &fx->front);
}

/* The pipe ends in an error with cause want. */
static void
finish_fails(struct fx *fx, const char *want)
{
	char	*cause = NULL;

	assert_int_equal(pipe_finish(fx->p, NULL, &cause), -1);
	assert_string_equal(cause, want);
	free(cause);
}

/*
 * Feeds nodes records with skip_bad to a sink refusing call fail_at: the
 * pipe ends well with one bad record, named want.
 */
static void
one_bad(struct fx *fx, int nodes, int fail_at, const char *want)
{
	struct imp_report	 rep;
	char			*cause = NULL;

	memset(&rep, 0, sizeof rep);
	start(fx, fail_at, CN_BAD, 1);
	assert_int_equal(feed(&fx->front, nodes), 0);
	assert_int_equal(pipe_finish(fx->p, &rep, &cause), 0);
	assert_int_equal(rep.bad, 1);
	assert_string_equal(rep.first_bad[0], want);
	imp_report_free(&rep);
}

static void
test_pipe_counts_rejections_with_skip_bad(void **state)
{
	struct fx	fx;

	(void)state;
	one_bad(&fx, 10, 3, "in.jsonl:3:28: recorded failure at call 3");
	assert_int_equal(fx.rs.calls, 14);
	record_sink_free(&fx.rs);
	/* A node without a known column is named by file and line. */
	one_bad(&fx, 3, 2, "in.jsonl:2: recorded failure at call 2");
	record_sink_free(&fx.rs);
}

static void
test_pipe_stops_on_rejection_without_skip_bad(void **state)
{
	struct fx	fx;
	int		rc;

	(void)state;
	start(&fx, 3, CN_BAD, 0);
	/* Enough records that the importer hears of the failure. */
	rc = feed(&fx.front, 50000);
	assert_int_equal(rc & CN_FATAL, CN_FATAL);
	finish_fails(&fx, "in.jsonl:3:28: recorded failure at call 3");
	assert_int_equal(fx.rs.calls, 3);	/* nothing applied after it */
	record_sink_free(&fx.rs);
}

static void
test_pipe_reports_fatal_writer_errors(void **state)
{
	struct fx	fx;

	(void)state;
	start(&fx, 1, CN_FATAL, 1);
	feed(&fx.front, 3);
	finish_fails(&fx, "recorded failure at call 1");
	record_sink_free(&fx.rs);
}

static void
test_pipe_scores_answer_synchronously(void **state)
{
	struct fx	 fx;
	struct cn_trace	 t;
	const char	*path[1] = { "x" };
	char		*cause = NULL;

	(void)state;
	start(&fx, 3, CN_BAD, 0);
	memset(&t, 0, sizeof t);
	t.ext_id = "t";
	assert_int_equal(fx.front.trace(fx.front.arg, &t, &cause), CN_OK);
	assert_int_equal(fx.front.score(fx.front.arg, "a", "q", 1, &cause),
	    CN_OK);
	assert_null(cause);
	/* The third call is rejected, and this call hears of it. */
	assert_int_equal(fx.front.score_path(fx.front.arg, path, 1, "q", 2,
	    &cause), CN_BAD);
	assert_string_equal(cause, "recorded failure at call 3");
	free(cause);
	assert_int_equal(fx.front.score(fx.front.arg, "b", "q", 3, &cause),
	    CN_OK);
	assert_int_equal(pipe_finish(fx.p, NULL, &cause), 0);
	assert_int_equal(fx.rs.calls, 4);
	record_sink_free(&fx.rs);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_pipe_delivers_records_in_order),
	cmocka_unit_test(test_pipe_counts_rejections_with_skip_bad),
	cmocka_unit_test(test_pipe_stops_on_rejection_without_skip_bad),
	cmocka_unit_test(test_pipe_reports_fatal_writer_errors),
	cmocka_unit_test(test_pipe_scores_answer_synchronously))

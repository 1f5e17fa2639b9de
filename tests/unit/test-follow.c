/*
 * test-follow.c - the --follow reader (src/follow.c): incomplete lines are
 * held back until their newline arrives, truncation and replacement are
 * followed and reported, checkpoints happen only at line boundaries, and
 * the stream ends on follow_stop() or the idle limit; the prefix of the
 * current file handed out (bytes, lines, SHA-256) is what a resumed
 * follow skips. The file is changed
 * from the follower's own "waiting" callback, so nothing depends on
 * timing beyond the short idle limit that ends each test.
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
#include "follow.h"

/* A scratch file and what the callbacks do to it. */
struct fx {
	char		 dir[64];
	char		 path[96];
	char		 old[96];
	int		 waits;		/* calls of the waiting callback */
	/* On the first wait: 'a' appends more, 't' truncates and writes
	 * more, 'r' renames the file and creates a new one, 's' stops. */
	int		 action;
	const char	*more;
	long long	 ckpt_at[64];	/* info->bytes at each checkpoint */
	int		 nckpt;
	int		 ckpt_fail;
	int		 ckpt_stop;	/* follow_stop() at a checkpoint */
	double		 interval;	/* 0: 0.02 s */
	struct follow	*fw;
	char		*msgs;
	size_t		 msgslen;
	FILE		*msg;
};

static void
put(const char *path, const char *mode, const char *s)
{
	FILE	*f;

	assert_non_null(f = fopen(path, mode));
	assert_int_equal(fwrite(s, 1, strlen(s), f), strlen(s));
	assert_int_equal(fclose(f), 0);
}

static void
on_wait(void *arg)
{
	struct fx	*x = arg;

	if (x->waits++ > 0)
		return;
	switch (x->action) {
	case 'a':
		put(x->path, "a", x->more);
		break;
	case 't':
		assert_int_equal(truncate(x->path, 0), 0);
		put(x->path, "a", x->more);
		break;
	case 'r':
		assert_int_equal(rename(x->path, x->old), 0);
		put(x->path, "w", x->more);
		break;
	case 's':
		follow_stop();
		break;
	default:
		break;
	}
}

static int
on_ckpt(void *arg, char **cause)
{
	struct fx	*x = arg;

	if (x->ckpt_fail) {
		*cause = xstrdup("disk full");
		return -1;
	}
	assert_true(x->nckpt < 64);
	x->ckpt_at[x->nckpt++] = follow_info(x->fw)->bytes;
	if (x->ckpt_stop)
		follow_stop();
	return 0;
}

static void
fx_open(struct fx *x, const char *content, double idle)
{
	struct follow_opts	 o;
	char			*cause = NULL;

	strcpy(x->dir, "/tmp/test-follow-XXXXXX");
	assert_non_null(mkdtemp(x->dir));
	snprintf(x->path, sizeof x->path, "%s/run.jsonl", x->dir);
	snprintf(x->old, sizeof x->old, "%s/run.jsonl.1", x->dir);
	put(x->path, "w", content);
	assert_non_null(x->msg = open_memstream(&x->msgs, &x->msgslen));
	memset(&o, 0, sizeof o);
	o.interval = x->interval > 0 ? x->interval : 0.02;
	o.poll = 0.01;
	o.idle = idle;
	o.checkpoint = on_ckpt;
	o.waiting = on_wait;
	o.arg = x;
	o.msg = x->msg;
	follow_reset();
	x->fw = follow_open(x->path, &o, &cause);
	assert_null(cause);
	assert_non_null(x->fw);
}

static void
fx_close(struct fx *x)
{
	follow_close(x->fw);
	fclose(x->msg);
	free(x->msgs);
	unlink(x->path);
	unlink(x->old);
	rmdir(x->dir);
	follow_reset();
}

/* Reads every line of the stream until it ends, joined. */
static char *
read_all(struct fx *x)
{
	struct cn_buf	 b;
	char		*line = NULL;
	size_t		 cap = 0;
	ssize_t		 n;

	buf_init(&b);
	while ((n = getline(&line, &cap, follow_info(x->fw)->stream)) > 0) {
		/* Every line handed out is complete. */
		assert_int_equal(line[n - 1], '\n');
		buf_add(&b, line, (size_t)n);
	}
	free(line);
	return buf_take(&b);
}

/* The SHA-256 of s, through a file (sha256.c hashes files). */
static void
sha_of(const struct fx *x, const char *s, char out[65])
{
	char	path[128], *cause = NULL;

	snprintf(path, sizeof path, "%s/sha", x->dir);
	put(path, "w", s);
	assert_int_equal(cn_sha256_file(path, out, &cause), 0);
	unlink(path);
}

/* Checks the committed-prefix of the current file: bytes, lines, hash. */
static void
expect_prefix(const struct fx *x, const char *prefix, long long lines)
{
	long long	b, l;
	char		h[65], want[65];

	follow_prefix(x->fw, &b, &l, h);
	assert_int_equal(b, (long long)strlen(prefix));
	assert_int_equal(l, lines);
	sha_of(x, prefix, want);
	assert_string_equal(h, want);
}

/*
 * A case that differs from the others only in data: the file's content,
 * what the first wait does to it, and what the follower must then show.
 * A field left at its "unchecked" value (-1, NULL, 0) is not asserted.
 */
struct follow_case {
	const char	*content;
	double		 idle;
	int		 action;	/* as struct fx */
	const char	*more;
	const char	*want;		/* the lines handed out, joined */
	long long	 held;		/* info->held, or -1 */
	long long	 bytes;		/* info->bytes, or -1 */
	int		 waited;	/* the waiting callback ran */
	int		 stopped;	/* info->stopped, or -1 */
	int		 no_error;	/* info->error is NULL */
	const char	*msg;		/* in the messages, or NULL */
	const char	*prefix;	/* the committed prefix, or NULL */
	long long	 prefix_lines;
	int		 prefix_first;	/* empty before reading */
};

static void
run_case(void **state)
{
	const struct follow_case	*c = *state;
	struct fx			 x;
	char				*s;

	memset(&x, 0, sizeof x);
	fx_open(&x, c->content, c->idle);
	if (c->prefix_first)
		expect_prefix(&x, "", 0);
	x.action = c->action;
	x.more = c->more;
	s = read_all(&x);
	if (c->want != NULL)
		assert_string_equal(s, c->want);
	if (c->held >= 0)
		assert_int_equal(follow_info(x.fw)->held, c->held);
	if (c->bytes >= 0)
		assert_int_equal(follow_info(x.fw)->bytes, c->bytes);
	if (c->waited)
		assert_true(x.waits >= 1);
	if (c->stopped >= 0)
		assert_int_equal(follow_info(x.fw)->stopped != 0, c->stopped);
	if (c->no_error)
		assert_null(follow_info(x.fw)->error);
	if (c->msg != NULL) {
		fflush(x.msg);
		assert_non_null(strstr(x.msgs, c->msg));
	}
	if (c->prefix != NULL)
		expect_prefix(&x, c->prefix, c->prefix_lines);
	free(s);
	fx_close(&x);
}

static struct follow_case follow_cases[] = {
#define CASE_HOLDS_BACK	0
	{ .content = "{\"a\":1}\n{\"b\":", .idle = 0.3,
	  .want = "{\"a\":1}\n", .held = 5, .bytes = -1, .stopped = 0,
	  .no_error = 1 },
#define CASE_COMPLETES_LATER 1
	{ .content = "one\ntw", .idle = 0.3, .action = 'a',
	  .more = "o\nthree\nfo", .want = "one\ntwo\nthree\n", .held = 2,
	  .bytes = 14, .waited = 1, .stopped = -1 },
	/* The part from before the truncation is dropped. */
#define CASE_TRUNCATION	2
	{ .content = "first line\nsecond line\npart", .idle = 0.3,
	  .action = 't', .more = "new\n",
	  .want = "first line\nsecond line\nnew\n", .held = -1,
	  .bytes = -1, .stopped = -1,
	  .msg = "run.jsonl: truncated, reading from the start\n" },
	/* The old file's unterminated last line ends with it. */
#define CASE_ROTATION	3
	{ .content = "old 1\nold 2 without newline", .idle = 0.3,
	  .action = 'r', .more = "new 1\nnew 2\n",
	  .want = "old 1\nold 2 without newline\nnew 1\nnew 2\n",
	  .held = -1, .bytes = -1, .stopped = -1,
	  .msg = "run.jsonl: replaced (log rotation), reading the new "
	    "file\n" },
	/* No idle limit: only follow_stop() can end this. */
#define CASE_STOP	4
	{ .content = "a\nb\n", .idle = 0, .action = 's', .want = "a\nb\n",
	  .held = -1, .bytes = -1, .stopped = 1 },
	/* The held-back part is not in the prefix. */
#define CASE_PREFIX_COUNTS 5
	{ .content = "one\ntwo\npart", .idle = 0.3, .held = -1,
	  .bytes = -1, .stopped = -1, .prefix = "one\ntwo\n",
	  .prefix_lines = 2, .prefix_first = 1 },
#define CASE_PREFIX_TRUNCATION 6
	{ .content = "first line\nsecond line\npart", .idle = 0.3,
	  .action = 't', .more = "new\n", .held = -1, .bytes = -1,
	  .stopped = -1, .prefix = "new\n", .prefix_lines = 1 },
	/* Not the old file's lines, nor the newline that ended it. */
#define CASE_PREFIX_ROTATION 7
	{ .content = "old 1\nold 2 without newline", .idle = 0.3,
	  .action = 'r', .more = "new 1\nnew 2\n", .held = -1,
	  .bytes = -1, .stopped = -1, .prefix = "new 1\nnew 2\n",
	  .prefix_lines = 2 },
};

/* content: n lines of 30000 c's, longer than any stdio buffer. */
static char *
long_lines(char c, int n)
{
	struct cn_buf	 b;
	int		 i, j;

	buf_init(&b);
	for (i = 0; i < n; i++) {
		for (j = 0; j < 30000; j++)
			buf_add(&b, &c, 1);
		buf_add(&b, "\n", 1);
	}
	return buf_take(&b);
}

/*
 * Stopped with complete lines read but not handed out: they are handed
 * out, then the stream ends without reading more.
 */
static void
test_follow_stop_hands_out_what_was_read(void **state)
{
	struct fx	 x;
	char		*s, *content;

	(void)state;
	memset(&x, 0, sizeof x);
	content = long_lines('y', 4);
	x.interval = 1e-9;
	x.ckpt_stop = 1;
	fx_open(&x, content, 0);
	s = read_all(&x);
	/*
	 * The first read takes 65536 bytes: two lines and part of a third.
	 * The stop comes at the checkpoint after the first line; the
	 * second is handed out (and checkpointed), not the third.
	 */
	assert_int_equal(x.nckpt, 2);
	assert_int_equal(x.ckpt_at[0], 30001);
	assert_int_equal(x.ckpt_at[1], 2 * 30001);
	assert_int_equal(strlen(s), 2 * 30001);
	assert_true(follow_info(x.fw)->stopped);
	assert_int_equal(follow_info(x.fw)->held, 65536 - 2 * 30001);
	free(s);
	free(content);
	fx_close(&x);
}

static void
test_follow_checkpoints_at_line_ends(void **state)
{
	struct fx	 x;
	char		*s, *content;
	int		 i;

	(void)state;
	memset(&x, 0, sizeof x);
	/* Lines longer than any stdio buffer, so reads end mid-line. */
	content = long_lines('x', 6);
	/* Checkpoint whenever allowed: at every line boundary. */
	x.interval = 1e-9;
	fx_open(&x, content, 0.3);
	s = read_all(&x);
	assert_string_equal(s, content);
	/* One per line at most, never mid-line, the last after all. */
	assert_true(x.nckpt >= 1 && x.nckpt <= 6);
	assert_int_equal(x.ckpt_at[x.nckpt - 1], 6 * 30001);
	for (i = 0; i < x.nckpt; i++) {
		assert_true(x.ckpt_at[i] > 0);
		assert_int_equal(x.ckpt_at[i] % 30001, 0);
	}
	free(s);
	free(content);
	fx_close(&x);
}

static void
test_follow_checkpoint_failure(void **state)
{
	struct fx	 x;
	char		*s;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "a\nb\n", 0.3);
	x.ckpt_fail = 1;
	s = read_all(&x);
	assert_true(ferror(follow_info(x.fw)->stream));
	assert_non_null(follow_info(x.fw)->error);
	assert_string_equal(follow_info(x.fw)->error, "disk full");
	free(s);
	fx_close(&x);
}

static void
test_follow_head(void **state)
{
	struct fx	 x;
	char		*buf = NULL, *cause = NULL;
	size_t		 len = 0;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "{\"x\":1}\n{\"y\":", 0.3);
	assert_int_equal(follow_head(x.fw, 65536, &buf, &len, &cause), 1);
	assert_int_equal(len, 8);
	assert_memory_equal(buf, "{\"x\":1}\n", 8);
	free(buf);
	/* Nothing was consumed. */
	assert_string_took(read_all(&x), "{\"x\":1}\n");
	fx_close(&x);

	/* No complete line before the idle limit: nothing to sniff. */
	memset(&x, 0, sizeof x);
	fx_open(&x, "{\"x\":", 0.2);
	assert_int_equal(follow_head(x.fw, 65536, &buf, &len, &cause), 0);
	assert_null(cause);
	fflush(x.msg);
	assert_non_null(strstr(x.msgs, "waiting for a first line"));
	fx_close(&x);

	/* A long first line: the first max bytes. */
	memset(&x, 0, sizeof x);
	fx_open(&x, "abcdefghij", 0.2);
	assert_int_equal(follow_head(x.fw, 4, &buf, &len, &cause), 1);
	assert_int_equal(len, 4);
	free(buf);
	fx_close(&x);
}

static void
test_follow_open_errors(void **state)
{
	char	*cause = NULL;

	(void)state;
	assert_null(follow_open("/nonexistent/run.jsonl", NULL, &cause));
	assert_non_null(strstr(cause, "No such file"));
	free(cause);
	cause = NULL;
	assert_null(follow_open("/tmp", NULL, &cause));
	assert_non_null(strstr(cause, "is a directory"));
	free(cause);
}

static void
test_follow_skip_resumes_after_prefix(void **state)
{
	struct fx	 x;
	char		*s, *cause = NULL;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "aa\nbb\ncc\n", 0.3);
	assert_int_equal(follow_skip(x.fw, 3, &cause), 1);
	expect_prefix(&x, "aa\n", 1);
	s = read_all(&x);
	assert_string_equal(s, "bb\ncc\n");
	/* The prefix covers the file from its start. */
	expect_prefix(&x, "aa\nbb\ncc\n", 3);
	assert_int_equal(follow_info(x.fw)->bytes, 6);
	free(s);
	fx_close(&x);
}

static void
test_follow_skip_past_the_end(void **state)
{
	struct fx	 x;
	char		*cause = NULL;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "aa\n", 0.3);
	assert_int_equal(follow_skip(x.fw, 10, &cause), 0);
	assert_null(cause);
	fx_close(&x);
}

/* A table case as a test of its own, named as before the table. */
#define FOLLOW_CASE(name, i) \
	{ #name, run_case, NULL, NULL, &follow_cases[i] }

CN_TEST_MAIN(
	FOLLOW_CASE(test_follow_holds_back_incomplete_line,
	    CASE_HOLDS_BACK),
	FOLLOW_CASE(test_follow_completes_line_later,
	    CASE_COMPLETES_LATER),
	FOLLOW_CASE(test_follow_truncation, CASE_TRUNCATION),
	FOLLOW_CASE(test_follow_rotation, CASE_ROTATION),
	FOLLOW_CASE(test_follow_stop, CASE_STOP),
	cmocka_unit_test(test_follow_stop_hands_out_what_was_read),
	cmocka_unit_test(test_follow_checkpoints_at_line_ends),
	cmocka_unit_test(test_follow_checkpoint_failure),
	cmocka_unit_test(test_follow_head),
	cmocka_unit_test(test_follow_open_errors),
	FOLLOW_CASE(test_follow_prefix_counts_lines_handed_out,
	    CASE_PREFIX_COUNTS),
	FOLLOW_CASE(test_follow_prefix_restarts_on_truncation,
	    CASE_PREFIX_TRUNCATION),
	FOLLOW_CASE(test_follow_prefix_restarts_on_rotation,
	    CASE_PREFIX_ROTATION),
	cmocka_unit_test(test_follow_skip_resumes_after_prefix),
	cmocka_unit_test(test_follow_skip_past_the_end))

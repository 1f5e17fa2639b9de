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
	long long	 ckpt_at[64];	/* follow_bytes() at each checkpoint */
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
	x->ckpt_at[x->nckpt++] = follow_bytes(x->fw);
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
	while ((n = getline(&line, &cap, follow_stream(x->fw))) > 0) {
		/* Every line handed out is complete. */
		assert_int_equal(line[n - 1], '\n');
		buf_add(&b, line, (size_t)n);
	}
	free(line);
	return buf_take(&b);
}

static void
test_follow_holds_back_incomplete_line(void **state)
{
	struct fx	 x;
	char		*s;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "{\"a\":1}\n{\"b\":", 0.3);
	s = read_all(&x);
	assert_string_equal(s, "{\"a\":1}\n");
	assert_int_equal(follow_held(x.fw), 5);
	assert_false(follow_stopped(x.fw));
	assert_null(follow_error(x.fw));
	free(s);
	fx_close(&x);
}

static void
test_follow_completes_line_later(void **state)
{
	struct fx	 x;
	char		*s;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "one\ntw", 0.3);
	x.action = 'a';
	x.more = "o\nthree\nfo";
	s = read_all(&x);
	assert_string_equal(s, "one\ntwo\nthree\n");
	assert_int_equal(follow_held(x.fw), 2);
	assert_int_equal(follow_bytes(x.fw), 14);
	assert_true(x.waits >= 1);
	free(s);
	fx_close(&x);
}

static void
test_follow_truncation(void **state)
{
	struct fx	 x;
	char		*s;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "first line\nsecond line\npart", 0.3);
	x.action = 't';
	x.more = "new\n";
	s = read_all(&x);
	/* The part from before the truncation is dropped. */
	assert_string_equal(s, "first line\nsecond line\nnew\n");
	fflush(x.msg);
	assert_non_null(strstr(x.msgs,
	    "run.jsonl: truncated, reading from the start\n"));
	free(s);
	fx_close(&x);
}

static void
test_follow_rotation(void **state)
{
	struct fx	 x;
	char		*s;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "old 1\nold 2 without newline", 0.3);
	x.action = 'r';
	x.more = "new 1\nnew 2\n";
	s = read_all(&x);
	/* The old file's unterminated last line ends with it. */
	assert_string_equal(s, "old 1\nold 2 without newline\nnew 1\nnew 2\n");
	fflush(x.msg);
	assert_non_null(strstr(x.msgs,
	    "run.jsonl: replaced (log rotation), reading the new file\n"));
	free(s);
	fx_close(&x);
}

static void
test_follow_stop(void **state)
{
	struct fx	 x;
	char		*s;

	(void)state;
	memset(&x, 0, sizeof x);
	/* No idle limit: only follow_stop() can end this. */
	fx_open(&x, "a\nb\n", 0);
	x.action = 's';
	s = read_all(&x);
	assert_string_equal(s, "a\nb\n");
	assert_true(follow_stopped(x.fw));
	free(s);
	fx_close(&x);
}

/*
 * Stopped with complete lines read but not handed out: they are handed
 * out, then the stream ends without reading more.
 */
static void
test_follow_stop_hands_out_what_was_read(void **state)
{
	struct fx	 x;
	struct cn_buf	 b;
	char		*s, *content;
	int		 i, j;

	(void)state;
	memset(&x, 0, sizeof x);
	buf_init(&b);
	for (i = 0; i < 4; i++) {
		for (j = 0; j < 30000; j++)
			buf_add(&b, "y", 1);
		buf_add(&b, "\n", 1);
	}
	content = buf_take(&b);
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
	assert_true(follow_stopped(x.fw));
	assert_int_equal(follow_held(x.fw), 65536 - 2 * 30001);
	free(s);
	free(content);
	fx_close(&x);
}

static void
test_follow_checkpoints_at_line_ends(void **state)
{
	struct fx	 x;
	struct cn_buf	 b;
	char		*s, *content;
	int		 i, j;

	(void)state;
	memset(&x, 0, sizeof x);
	/* Lines longer than any stdio buffer, so reads end mid-line. */
	buf_init(&b);
	for (i = 0; i < 6; i++) {
		for (j = 0; j < 30000; j++)
			buf_add(&b, "x", 1);
		buf_add(&b, "\n", 1);
	}
	content = buf_take(&b);
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
	assert_true(ferror(follow_stream(x.fw)));
	assert_non_null(follow_error(x.fw));
	assert_string_equal(follow_error(x.fw), "disk full");
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
	buf = read_all(&x);
	assert_string_equal(buf, "{\"x\":1}\n");
	free(buf);
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

static void
test_follow_prefix_counts_lines_handed_out(void **state)
{
	struct fx	 x;
	char		*s;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "one\ntwo\npart", 0.3);
	expect_prefix(&x, "", 0);
	s = read_all(&x);
	/* The held-back part is not in the prefix. */
	expect_prefix(&x, "one\ntwo\n", 2);
	free(s);
	fx_close(&x);
}

static void
test_follow_prefix_restarts_on_truncation(void **state)
{
	struct fx	 x;
	char		*s;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "first line\nsecond line\npart", 0.3);
	x.action = 't';
	x.more = "new\n";
	s = read_all(&x);
	expect_prefix(&x, "new\n", 1);
	free(s);
	fx_close(&x);
}

static void
test_follow_prefix_restarts_on_rotation(void **state)
{
	struct fx	 x;
	char		*s;

	(void)state;
	memset(&x, 0, sizeof x);
	fx_open(&x, "old 1\nold 2 without newline", 0.3);
	x.action = 'r';
	x.more = "new 1\nnew 2\n";
	s = read_all(&x);
	/* Not the old file's lines, nor the newline that ended it. */
	expect_prefix(&x, "new 1\nnew 2\n", 2);
	free(s);
	fx_close(&x);
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
	assert_int_equal(follow_bytes(x.fw), 6);
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_follow_holds_back_incomplete_line),
		cmocka_unit_test(test_follow_completes_line_later),
		cmocka_unit_test(test_follow_truncation),
		cmocka_unit_test(test_follow_rotation),
		cmocka_unit_test(test_follow_stop),
		cmocka_unit_test(test_follow_stop_hands_out_what_was_read),
		cmocka_unit_test(test_follow_checkpoints_at_line_ends),
		cmocka_unit_test(test_follow_checkpoint_failure),
		cmocka_unit_test(test_follow_head),
		cmocka_unit_test(test_follow_open_errors),
		cmocka_unit_test(test_follow_prefix_counts_lines_handed_out),
		cmocka_unit_test(test_follow_prefix_restarts_on_truncation),
		cmocka_unit_test(test_follow_prefix_restarts_on_rotation),
		cmocka_unit_test(test_follow_skip_resumes_after_prefix),
		cmocka_unit_test(test_follow_skip_past_the_end),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

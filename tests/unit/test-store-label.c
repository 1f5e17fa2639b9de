/*
 * test-store-label.c - the label rules of store-label.c: first error on a
 * path with earlier labels, authors side by side, undo/redo states,
 * preferences between siblings only, bad input writing nothing.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cn-test.h"

#include <sys/wait.h>

#include <fcntl.h>
#include <time.h>

#include "store-test.h"
#include "store-label.h"

/* r -> a -> b -> {c, d}; a -> e. "rater" labelled b +1 on import. */
static const char tree[] =
    "{\"type\":\"trace\",\"id\":\"t\",\"problem\":\"p\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"r\",\"parent\":null,"
    "\"text\":\"p\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\",\"parent\":\"r\","
    "\"text\":\"s1\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"b\",\"parent\":\"a\","
    "\"text\":\"s2\",\"labels\":[{\"author\":\"rater\",\"rating\":-1}]}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"c\",\"parent\":\"b\","
    "\"text\":\"s3\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"d\",\"parent\":\"b\","
    "\"text\":\"s3'\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"e\",\"parent\":\"a\","
    "\"text\":\"s2'\"}\n";

static int64_t
node(struct tmpdb *db, const char *ext)
{
	char	addr[16];

	snprintf(addr, sizeof addr, "t/%s", ext);
	return store_test_resolve(db->st, addr);
}

/* author's rating on ext ('n' none), with '!' after it for first error. */
static const char *
rating(struct tmpdb *db, const char *ext, const char *author)
{
	static char		 buf[8];
	struct store_label	 l;

	assert_int_equal(store_label_get(db->st, node(db, ext), author, &l,
	    NULL), 0);
	if (!l.present)
		strcpy(buf, "-");
	else if (l.rating == CN_NORATING)
		strcpy(buf, "n");
	else
		snprintf(buf, sizeof buf, "%+d", l.rating);
	if (l.first_error)
		strcat(buf, "!");
	store_label_clear(&l);
	return buf;
}

/* Each "ext=rating" of want (rating() form) holds for author. */
static void
assert_ratings(struct tmpdb *db, const char *author, const char *want)
{
	char	 ext[16], r[8];
	int	 n;

	while (sscanf(want, " %15[^=]=%7s%n", ext, r, &n) == 2) {
		if (strcmp(rating(db, ext, author), r) != 0)
			fail_msg("%s's rating on %s: %s, not %s", author, ext,
			    rating(db, ext, author), r);
		want += n;
	}
	assert_true(*want == '\0');
}

static void
test_store_label_first_error_keeps_earlier(void **state)
{
	struct tmpdb			*db = *state;
	struct store_label_edit		 e = { STORE_LABEL_RATING, 0, 0, NULL,
					    NULL };
	struct store_label_set		 before = { NULL, 0 };

	/* ann rated a 0 earlier: the first error below must not change it. */
	assert_int_equal(store_label_edit(db->st, node(db, "a"), "ann", &e,
	    NULL, NULL), 0);
	assert_int_equal(store_label_first_error(db->st, node(db, "c"), "ann",
	    &before, NULL), 0);
	assert_ratings(db, "ann", "c=-1! b=+1 a=+0");
	/* The root holds the problem; siblings and other paths untouched. */
	assert_ratings(db, "ann", "r=- d=- e=-");
	/* The imported rater's -1 on b stays, side by side with ann's +1. */
	assert_string_equal(rating(db, "b", "rater"), "-1");
	/* before: c and b as they were (a was rated, so not touched). */
	assert_int_equal(before.n, 2);
	assert_int_equal(before.v[0].node_id, node(db, "c"));
	assert_false(before.v[0].present);
	assert_int_equal(before.v[1].node_id, node(db, "b"));
	assert_false(before.v[1].present);
	store_label_set_free(&before);
}

static void
test_store_label_undo_redo(void **state)
{
	struct tmpdb			*db = *state;
	struct store_label_edit		 e = { STORE_LABEL_RATING |
					    STORE_LABEL_NOTE, 1, 0, NULL,
					    "why" };
	struct store_label_set		 undo = { NULL, 0 }, redo = { NULL, 0 },
					 again = { NULL, 0 };

	assert_int_equal(store_label_edit(db->st, node(db, "c"), "ann", &e,
	    NULL, NULL), 0);
	assert_int_equal(store_label_first_error(db->st, node(db, "d"), "ann",
	    &undo, NULL), 0);
	assert_ratings(db, "ann", "d=-1! a=+1");
	assert_int_equal(store_label_restore(db->st, "ann", &undo, &redo,
	    NULL), 0);
	assert_ratings(db, "ann", "d=- b=- a=- c=+1");
	assert_int_equal(store_label_restore(db->st, "ann", &redo, &again,
	    NULL), 0);
	assert_ratings(db, "ann", "d=-1! b=+1 a=+1");
	store_label_set_free(&undo);
	store_label_set_free(&redo);
	store_label_set_free(&again);
}

static void
test_store_label_edit_fields(void **state)
{
	struct tmpdb			*db = *state;
	struct store_label_edit		 tag = { STORE_LABEL_TAGS, 0, 0,
					    "math,slip", NULL };
	struct store_label_edit		 rate = { STORE_LABEL_RATING, 0, 0,
					    NULL, NULL };
	struct store_label_edit		 untag = { STORE_LABEL_TAGS, 0, 0,
					    "", NULL };
	struct store_label		 l;
	char				*cause = NULL;

	assert_int_equal(store_label_edit(db->st, node(db, "e"), "ann", &tag,
	    NULL, NULL), 0);
	assert_string_equal(rating(db, "e", "ann"), "n");
	rate.rating = 2;
	assert_int_equal(store_label_edit(db->st, node(db, "e"), "ann", &rate,
	    NULL, &cause), -1);
	assert_string_equal(cause, "rating 2 is out of range (-1, 0 or 1)");
	free(cause);
	rate.rating = -1;
	assert_int_equal(store_label_edit(db->st, node(db, "e"), "ann", &rate,
	    NULL, NULL), 0);
	assert_int_equal(store_label_get(db->st, node(db, "e"), "ann", &l,
	    NULL), 0);
	assert_string_equal(l.tags, "math,slip");
	assert_int_equal(l.rating, -1);
	store_label_clear(&l);
	/* No rating, flag, tags or note left: the row goes. */
	rate.rating = CN_NORATING;
	assert_int_equal(store_label_edit(db->st, node(db, "e"), "ann", &rate,
	    NULL, NULL), 0);
	assert_int_equal(store_label_edit(db->st, node(db, "e"), "ann",
	    &untag, NULL, NULL), 0);
	assert_string_equal(rating(db, "e", "ann"), "-");
	/* An unknown node writes nothing. */
	assert_int_equal(store_label_edit(db->st, 999999, "ann", &tag, NULL,
	    &cause), -1);
	assert_string_equal(cause, "no node #999999");
	free(cause);
	assert_int_equal(store_label_remove(db->st, node(db, "b"), "ann",
	    NULL, NULL), 0);
	assert_string_equal(rating(db, "b", "rater"), "-1");
}

/* What store_label_find gives ann in trace tr: a node id, or 0 if none. */
static int64_t
find(struct tmpdb *db, int64_t tr, int others, int what, const char *tag,
    int64_t from, int dir)
{
	int64_t	id = 0;
	int	rc;

	rc = store_label_find(db->st, tr, "ann", others, what, tag, from, dir,
	    &id, NULL);
	assert_true(rc == 0 || rc == 1);
	return rc == 1 ? id : 0;
}

static void
test_store_label_find(void **state)
{
	struct tmpdb			*db = *state;
	struct store_label_edit		 e = { STORE_LABEL_RATING |
					    STORE_LABEL_TAGS, 1, 0, "slip",
					    NULL };
	struct cn_trace			 t;
	int64_t				 tr;

	assert_int_equal(store_trace_find(db->st, "t", &t, NULL), 1);
	tr = t.id;
	cn_trace_clear(&t);
	assert_int_equal(store_label_edit(db->st, node(db, "c"), "ann", &e,
	    NULL, NULL), 0);
	/* ann rated c; the rater rated b -1 on import. */
	assert_int_equal(find(db, tr, 1, STORE_FIND_RATED, NULL, 0, 1),
	    node(db, "c"));
	assert_int_equal(find(db, tr, 1, STORE_FIND_RATED, NULL,
	    node(db, "c"), 1), 0);
	/* Unrated by ann: a first (never the root r), then after c, d. */
	assert_int_equal(find(db, tr, 1, STORE_FIND_UNRATED, NULL, 0, 1),
	    node(db, "a"));
	assert_int_equal(find(db, tr, 1, STORE_FIND_UNRATED, NULL,
	    node(db, "c"), 1), node(db, "d"));
	assert_int_equal(find(db, tr, 1, STORE_FIND_TAGGED, "slip", 0, 1),
	    node(db, "c"));
	assert_int_equal(find(db, tr, 1, STORE_FIND_TAGGED, "sli", 0, 1), 0);
	/* ann +1 on b against the rater's -1: a disagreement, if shown. */
	e.mask = STORE_LABEL_RATING;
	assert_int_equal(store_label_edit(db->st, node(db, "b"), "ann", &e,
	    NULL, NULL), 0);
	assert_int_equal(find(db, tr, 1, STORE_FIND_DISAGREE, NULL, 0, 1),
	    node(db, "b"));
	assert_int_equal(find(db, tr, 0, STORE_FIND_DISAGREE, NULL, 0, 1), 0);
	assert_int_equal(find(db, tr, 1, STORE_FIND_RATED, NULL,
	    node(db, "e"), -1), node(db, "c"));
}

static int
count_pref(const char *c, const char *r, const struct cn_preference *p,
    void *arg)
{
	(void)p;
	assert_string_equal(c, "t/c");
	assert_string_equal(r, "t/d");
	(*(int *)arg)++;
	return 0;
}

static void
test_store_label_prefs(void **state)
{
	struct tmpdb	*db = *state;
	char		*cause = NULL;
	int64_t		 id;
	int		 n = 0;

	assert_int_equal(store_pref_add(db->st, node(db, "c"), node(db, "e"),
	    "ann", NULL, NULL, &cause), -1);
	assert_non_null(strstr(cause, "do not have one parent"));
	free(cause);
	assert_int_equal(store_pref_add(db->st, node(db, "c"), node(db, "c"),
	    "ann", NULL, NULL, &cause), -1);
	free(cause);
	assert_int_equal(store_pref_add(db->st, node(db, "c"), node(db, "d"),
	    "ann", "shorter", &id, NULL), 0);
	assert_int_equal(store_pref_each(db->st, "ann", count_pref, &n, NULL),
	    0);
	assert_int_equal(n, 1);
	assert_int_equal(store_pref_remove(db->st, id, NULL), 0);
	n = 0;
	assert_int_equal(store_pref_each(db->st, NULL, count_pref, &n, NULL),
	    0);
	assert_int_equal(n, 0);
}

/*
 * One labeler: labels the steps round and round for secs seconds, each
 * label its own write, and appends "node k" to fd after each one the
 * store acknowledged. Exits 1 on any failed write.
 */
static void
labeler(const char *path, int who, const int64_t *ids, size_t nids,
    int secs, int fd)
{
	struct store_label_edit	 e;
	struct store		*st;
	char			 author[16], note[32], line[64], *cause = NULL;
	time_t			 end = time(NULL) + secs;
	struct timespec		 pause = { 0, 5000000 };
	long			 k = 0;

	if (store_open(&st, path, 0, &cause) != 0)
		_exit(2);
	snprintf(author, sizeof author, "w%d", who);
	memset(&e, 0, sizeof e);
	e.mask = STORE_LABEL_NOTE | STORE_LABEL_RATING;
	while (time(NULL) < end) {
		k++;
		snprintf(note, sizeof note, "%ld", k);
		e.note = note;
		e.rating = (int)(k % 3) - 1;
		if (store_label_edit(st, ids[k % nids], author, &e, NULL,
		    &cause) != 0) {
			dprintf(fd, "error %s\n", cause);
			_exit(1);
		}
		snprintf(line, sizeof line, "%lld %ld\n",
		    (long long)ids[k % nids], k);
		if (write(fd, line, strlen(line)) < 0)
			_exit(3);
		/*
		 * 200 labels a second each, far beyond a person: writers
		 * with no pause at all starve one another in SQLite's
		 * polling busy handler, which is not what labelers do.
		 */
		nanosleep(&pause, NULL);
	}
	store_close(st);
	_exit(0);
}

/*
 * Four labelers on one file at once (CANOPY_LABEL_STRESS_SECONDS, default
 * 20): none fails (no "database is locked"), and the last acknowledged
 * label of each on each node is what the file holds.
 */
static void
test_store_label_four_writers(void **state)
{
	struct tmpdb		*db = *state;
	const char		*env = getenv("CANOPY_LABEL_STRESS_SECONDS");
	const char		*ext[] = { "a", "b", "c", "d", "e" };
	int64_t			 ids[5], nid;
	long			 last[4][5], k, total = 0;
	char			 path[4][96], author[16], line[256];
	struct store_label	 l;
	FILE			*f;
	pid_t			 pid[4];
	int			 secs = env != NULL ? atoi(env) : 20, i, j, fd;
	int			 status;

	for (j = 0; j < 5; j++)
		ids[j] = node(db, ext[j]);
	for (i = 0; i < 4; i++) {
		snprintf(path[i], sizeof path[i], "%s.w%d", db->path, i);
		fd = open(path[i], O_WRONLY | O_CREAT | O_TRUNC, 0600);
		assert_true(fd >= 0);
		if ((pid[i] = fork()) == 0)
			labeler(db->path, i, ids, 5, secs, fd);
		assert_true(pid[i] > 0);
		close(fd);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(waitpid(pid[i], &status, 0), pid[i]);
		if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
			f = fopen(path[i], "r");
			while (f != NULL && fgets(line, sizeof line, f) != NULL)
				if (strncmp(line, "error", 5) == 0)
					print_error("%s", line);
			fail_msg("labeler %d failed", i);
		}
	}
	for (i = 0; i < 4; i++) {
		for (j = 0; j < 5; j++)
			last[i][j] = 0;
		assert_non_null(f = fopen(path[i], "r"));
		while (fscanf(f, "%lld %ld", (long long *)&nid, &k) == 2) {
			for (j = 0; j < 5; j++)
				if (ids[j] == nid)
					last[i][j] = k;
			total++;
		}
		fclose(f);
		unlink(path[i]);
		snprintf(author, sizeof author, "w%d", i);
		for (j = 0; j < 5; j++) {
			assert_int_equal(store_label_get(db->st, ids[j], author,
			    &l, NULL), 0);
			if (!l.present)
				fail_msg("w%d: nothing on #%lld (last %ld, %ld in all)", i, (long long)ids[j], last[i][j], total);
			assert_int_equal(atol(l.note), last[i][j]);
			assert_int_equal(l.rating, (int)(last[i][j] % 3) - 1);
			store_label_clear(&l);
		}
	}
	print_message("%ld labels acknowledged by 4 writers in %d s\n",
	    total, secs);
	assert_true(total >= 20);
}

static void
test_store_label_author(void **state)
{
	(void)state;
	assert_string_equal(store_label_author("zed"), "zed");
	setenv("CANOPY_AUTHOR", "env-author", 1);
	assert_string_equal(store_label_author(NULL), "env-author");
	unsetenv("CANOPY_AUTHOR");
	assert_true(strlen(store_label_author(NULL)) > 0);
}

#define T(f) TMPDB_TEST_JSONL(f, tree)
CN_TEST_MAIN(
	T(test_store_label_first_error_keeps_earlier),
	T(test_store_label_undo_redo),
	T(test_store_label_edit_fields),
	T(test_store_label_prefs),
	T(test_store_label_find),
	cmocka_unit_test(test_store_label_author),
	T(test_store_label_four_writers))
#undef T

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

#include "tmpdb.h"
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

static int
setup(void **state)
{
	struct tmpdb		*db;
	struct imp_report	 rep;
	char			*cause = NULL;

	tmpdb_setup(state);
	db = *state;
	if (tmpdb_import_text(db, "canopy-jsonl", "t.jsonl", tree, NULL, &rep,
	    NULL, &cause) != 0)
		fail_msg("import: %s", cause);
	imp_report_free(&rep);
	return 0;
}

static int64_t
node(struct tmpdb *db, const char *ext)
{
	char	 addr[16], *cause = NULL;
	int64_t	 id = 0;

	snprintf(addr, sizeof addr, "t/%s", ext);
	assert_int_equal(store_node_resolve(db->st, addr, &id, &cause), 1);
	return id;
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
	assert_string_equal(rating(db, "c", "ann"), "-1!");
	assert_string_equal(rating(db, "b", "ann"), "+1");
	assert_string_equal(rating(db, "a", "ann"), "+0");
	/* The root holds the problem; siblings and other paths untouched. */
	assert_string_equal(rating(db, "r", "ann"), "-");
	assert_string_equal(rating(db, "d", "ann"), "-");
	assert_string_equal(rating(db, "e", "ann"), "-");
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
	assert_string_equal(rating(db, "d", "ann"), "-1!");
	assert_string_equal(rating(db, "a", "ann"), "+1");
	assert_int_equal(store_label_restore(db->st, "ann", &undo, &redo,
	    NULL), 0);
	assert_string_equal(rating(db, "d", "ann"), "-");
	assert_string_equal(rating(db, "b", "ann"), "-");
	assert_string_equal(rating(db, "a", "ann"), "-");
	assert_string_equal(rating(db, "c", "ann"), "+1");
	assert_int_equal(store_label_restore(db->st, "ann", &redo, &again,
	    NULL), 0);
	assert_string_equal(rating(db, "d", "ann"), "-1!");
	assert_string_equal(rating(db, "b", "ann"), "+1");
	assert_string_equal(rating(db, "a", "ann"), "+1");
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

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_store_label_first_error_keeps_earlier, setup,
		    tmpdb_teardown),
		cmocka_unit_test_setup_teardown(test_store_label_undo_redo,
		    setup, tmpdb_teardown),
		cmocka_unit_test_setup_teardown(test_store_label_edit_fields,
		    setup, tmpdb_teardown),
		cmocka_unit_test_setup_teardown(test_store_label_prefs, setup,
		    tmpdb_teardown),
		cmocka_unit_test(test_store_label_author),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

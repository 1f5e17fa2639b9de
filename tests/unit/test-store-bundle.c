/*
 * test-store-bundle.c - the bundle merge rules of store-bundle.c (pure,
 * then against a database: added, unchanged on a second import,
 * conflicts kept and reported, missing addresses writing nothing, dry
 * runs) and the bundle reader's errors naming line and column.
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "cn-test.h"

#include "tmpdb.h"
#include "imp-bundle.h"
#include "store-bundle.h"

/* r -> a -> {b, c}. */
static const char tree[] =
    "{\"type\":\"trace\",\"id\":\"t\",\"problem\":\"p\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"r\",\"parent\":null,"
    "\"text\":\"p\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"a\",\"parent\":\"r\","
    "\"text\":\"s1\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"b\",\"parent\":\"a\","
    "\"text\":\"s2\"}\n"
    "{\"type\":\"node\",\"trace\":\"t\",\"id\":\"c\",\"parent\":\"a\","
    "\"text\":\"s2'\"}\n";

static struct store_bundle_label
blabel(const char *addr, int rating, int fe, const char *tags,
    const char *note)
{
	struct store_bundle_label	l;

	memset(&l, 0, sizeof l);
	l.line = 2;
	l.address = addr;
	l.rating = rating;
	l.first_error = fe;
	l.tags = tags;
	l.note = note;
	l.created = 1000;
	l.updated = 2000;
	return l;
}

static struct store_label
slabel(int present, int rating, int fe, const char *tags, const char *note)
{
	struct store_label	l;

	memset(&l, 0, sizeof l);
	l.present = present;
	l.rating = rating;
	l.first_error = fe;
	l.tags = tags != NULL ? strdup(tags) : NULL;
	l.note = note != NULL ? strdup(note) : NULL;
	l.created = 500;
	return l;
}

/*
 * One merge: the local label (present, rating, first error, tags, note;
 * created 500), the bundle's (rating, first error, tags, note; created
 * 1000), the outcome and its message (NULL: unchecked, "": none), and for
 * a label written the label merged (rating, tags, note, created).
 */
static const struct merge_case {
	const char			*what;
	int				 present, rating, fe;
	const char			*tags, *note;
	int				 in_rating, in_fe;
	const char			*in_tags, *in_note;
	enum store_bundle_outcome	 want;
	const char			*why;
	int				 out_rating;
	const char			*out_tags, *out_note;
	int64_t				 out_created;
} merge_cases[] = {
	{ "nothing here: added whole, with the bundle's times",
	    0, CN_NORATING, 0, NULL, NULL, 1, 0, "x", "n",
	    STORE_BUNDLE_ADDED, NULL, 1, "x", "n", 1000 },
	{ "the same: unchanged",
	    1, 1, 0, "x", "n", 1, 0, "x", "n",
	    STORE_BUNDLE_UNCHANGED, "", 0, NULL, NULL, 0 },
	{ "missing fields filled in, tags united, created kept",
	    1, CN_NORATING, 0, "y", NULL, 1, 0, "x", "n",
	    STORE_BUNDLE_UPDATED, NULL, 1, "y,x", "n", 500 },
	{ "a subset of local's tags, the rest the same: unchanged",
	    1, 1, 0, "y,x", "n", 1, 0, "x", "n",
	    STORE_BUNDLE_UNCHANGED, NULL, 0, NULL, NULL, 0 },
	{ "different ratings: a conflict naming both, nothing to write",
	    1, -1, 0, NULL, NULL, 1, 0, "x", "n",
	    STORE_BUNDLE_CONFLICT, "rating: here -1, bundle +1", 0, NULL,
	    NULL, 0 },
	{ "-1 against a first error (-1 too) is still a conflict",
	    1, -1, 0, NULL, NULL, -1, 1, NULL, NULL,
	    STORE_BUNDLE_CONFLICT, "rating: here -1, bundle -1 (first error)",
	    0, NULL, NULL, 0 },
	{ "different notes; tags never conflict",
	    1, 0, 0, "a", "mine", 0, 0, "b", "theirs",
	    STORE_BUNDLE_CONFLICT, "note: differs", 0, NULL, NULL, 0 },
};

static void
test_bundle_merge_rules(void **state)
{
	const struct merge_case		*c;
	struct store_bundle_label	 in;
	struct store_label		 local, out;
	char				*why;
	size_t				 i;

	(void)state;
	for (i = 0; i < sizeof merge_cases / sizeof merge_cases[0]; i++) {
		c = &merge_cases[i];
		local = slabel(c->present, c->rating, c->fe, c->tags, c->note);
		in = blabel("t/b", c->in_rating, c->in_fe, c->in_tags,
		    c->in_note);
		if (store_bundle_merge(&local, &in, &out, &why) != c->want)
			fail_msg("%s: another outcome", c->what);
		if (c->why != NULL && *c->why == '\0')
			assert_null(why);
		else if (c->why != NULL) {
			assert_string_equal(why, c->why);
			free(why);
		}
		if (c->want == STORE_BUNDLE_ADDED ||
		    c->want == STORE_BUNDLE_UPDATED) {
			assert_int_equal(out.rating, c->out_rating);
			assert_string_equal(out.tags, c->out_tags);
			assert_string_equal(out.note, c->out_note);
			assert_int_equal(out.created, c->out_created);
			store_label_clear(&out);
		}
		store_label_clear(&local);
	}
}

struct events {
	int	n;
	char	msg[4][128];
};

static void
event(long line, const char *address, enum store_bundle_outcome o,
    const char *why, void *arg)
{
	struct events	*e = arg;

	if (e->n < 4)
		snprintf(e->msg[e->n], sizeof e->msg[0], "%ld %s %d %s", line,
		    address, (int)o, why != NULL ? why : "");
	e->n++;
}

static int
count_labels(struct tmpdb *db, const char *author)
{
	struct store_label	l;
	const char		*ext[] = { "a", "b", "c" };
	char			 addr[8];
	int64_t			 id;
	int			 i, n = 0;

	for (i = 0; i < 3; i++) {
		snprintf(addr, sizeof addr, "t/%s", ext[i]);
		assert_int_equal(store_node_resolve(db->st, addr, &id, NULL),
		    1);
		assert_int_equal(store_label_get(db->st, id, author, &l,
		    NULL), 0);
		n += l.present;
		store_label_clear(&l);
	}
	return n;
}

static void
test_bundle_import(void **state)
{
	struct tmpdb			*db = *state;
	struct store_bundle_label	 ls[3];
	struct store_bundle_pref	 ps[1];
	struct store_bundle_counts	 c;
	struct store_label_edit		 e = { STORE_LABEL_RATING, 0, 0, NULL,
					    NULL };
	struct events			 ev;
	int64_t				 b;

	ls[0] = blabel("t/a", 1, 0, NULL, NULL);
	ls[1] = blabel("t/b", -1, 1, "calc", "wrong sum");
	ls[2] = blabel("t/c", 1, 0, NULL, NULL);
	memset(ps, 0, sizeof ps);
	ps[0].line = 5;
	ps[0].chosen = "t/c";
	ps[0].rejected = "t/b";

	/* A dry run counts and writes nothing. */
	memset(&ev, 0, sizeof ev);
	assert_int_equal(store_bundle_import(db->st, "bob", ls, 3, ps, 1,
	    STORE_BUNDLE_DRY_RUN, event, &ev, &c, NULL), 0);
	assert_int_equal(c.label[STORE_BUNDLE_ADDED], 3);
	assert_int_equal(c.pref[STORE_BUNDLE_ADDED], 1);
	assert_int_equal(count_labels(db, "bob"), 0);

	/* bob already rated c 0 here: a conflict, kept, reported. */
	assert_int_equal(store_node_resolve(db->st, "t/c", &b, NULL), 1);
	assert_int_equal(store_label_edit(db->st, b, "bob", &e, NULL, NULL),
	    0);
	assert_int_equal(store_bundle_import(db->st, "bob", ls, 3, ps, 1, 0,
	    event, &ev, &c, NULL), 0);
	assert_int_equal(c.label[STORE_BUNDLE_ADDED], 2);
	assert_int_equal(c.label[STORE_BUNDLE_CONFLICT], 1);
	assert_int_equal(ev.n, 1);
	assert_string_equal(ev.msg[0], "2 t/c 3 rating: here 0, bundle +1");
	assert_int_equal(count_labels(db, "bob"), 3);

	/* Again: nothing added, the conflict reported again. */
	memset(&ev, 0, sizeof ev);
	assert_int_equal(store_bundle_import(db->st, "bob", ls, 3, ps, 1, 0,
	    event, &ev, &c, NULL), 0);
	assert_int_equal(c.label[STORE_BUNDLE_ADDED], 0);
	assert_int_equal(c.label[STORE_BUNDLE_UNCHANGED], 2);
	assert_int_equal(c.label[STORE_BUNDLE_CONFLICT], 1);
	assert_int_equal(c.pref[STORE_BUNDLE_UNCHANGED], 1);
	assert_int_equal(c.pref[STORE_BUNDLE_ADDED], 0);
	assert_int_equal(ev.n, 1);

	/* The reverse preference is a conflict. */
	ps[0].chosen = "t/b";
	ps[0].rejected = "t/c";
	memset(&ev, 0, sizeof ev);
	assert_int_equal(store_bundle_import(db->st, "bob", NULL, 0, ps, 1, 0,
	    event, &ev, &c, NULL), 0);
	assert_int_equal(c.pref[STORE_BUNDLE_CONFLICT], 1);
	assert_string_equal(ev.msg[0],
	    "5 t/b 3 here the rejected node is preferred");

	/* A missing address: nothing written, unless skipped. */
	ls[0] = blabel("t/nosuch", 1, 0, NULL, NULL);
	ls[1] = blabel("t/a", 1, 0, NULL, NULL);
	memset(&ev, 0, sizeof ev);
	assert_int_equal(store_bundle_import(db->st, "cy", ls, 2, NULL, 0, 0,
	    event, &ev, &c, NULL), 1);
	assert_int_equal(c.label[STORE_BUNDLE_MISSING], 1);
	assert_int_equal(count_labels(db, "cy"), 0);
	assert_int_equal(store_bundle_import(db->st, "cy", ls, 2, NULL, 0,
	    STORE_BUNDLE_SKIP_MISSING, NULL, NULL, &c, NULL), 0);
	assert_int_equal(count_labels(db, "cy"), 1);
}

struct seen {
	int	n;
	int	kinds[8];
};

static int
on_rec(const struct imp_bundle_rec *r, void *arg)
{
	struct seen	*s = arg;

	if (s->n < 8)
		s->kinds[s->n] = r->kind;
	s->n++;
	return 0;
}

static void
read_text(const char *text, int want, const char *err)
{
	struct seen	 s;
	FILE		*f;
	char		*cause = NULL, *copy = strdup(text);

	memset(&s, 0, sizeof s);
	f = fmemopen(copy, strlen(copy), "r");
	assert_non_null(f);
	assert_int_equal(imp_bundle_read(f, "b.jsonl", on_rec, &s, &cause),
	    want);
	fclose(f);
	free(copy);
	if (err != NULL) {
		assert_non_null(cause);
		assert_string_equal(cause, err);
	}
	free(cause);
}

static void
test_bundle_read_errors(void **state)
{
	static const char	hdr[] = "{\"type\":\"canopy-annotations\","
				    "\"version\":1,\"author\":\"bob\"}\n";
	char			buf[512];

	(void)state;
	snprintf(buf, sizeof buf, "%s{\"type\":\"label\",\"address\":\"t/a\","
	    "\"rating\":1}\n\n{\"type\":\"preference\",\"chosen\":\"t/b\","
	    "\"rejected\":\"t/c\"}\n", hdr);
	read_text(buf, 0, NULL);
	read_text("{\"type\":\"label\",\"address\":\"t/a\",\"rating\":1}\n",
	    -1, "b.jsonl:1:1: not an annotation bundle (the first line must"
	    " have type \"canopy-annotations\")");
	snprintf(buf, sizeof buf, "%s{\"type\":\"label\",\"address\":\"t/a\","
	    "\"rating\":2}\n", hdr);
	read_text(buf, -1, "b.jsonl:2:1: t/a: \"rating\" must be -1, 0, 1 or"
	    " null");
	snprintf(buf, sizeof buf, "%s{\"type\":\"label\",\"address\":", hdr);
	read_text(buf, -1, "b.jsonl:2:27: truncated JSON (unexpected end of"
	    " input)");
	read_text("{\"type\":\"canopy-annotations\",\"version\":2,"
	    "\"author\":\"x\"}\n", -1, "b.jsonl:1:1: bundle version 2: this"
	    " canopy reads version 1");
	read_text("\n", -1, "b.jsonl:1:1: empty: no bundle header");
}

#define T(f) TMPDB_TEST_JSONL(f, tree)
CN_TEST_MAIN(
	cmocka_unit_test(test_bundle_merge_rules),
	T(test_bundle_import),
	cmocka_unit_test(test_bundle_read_errors))
#undef T

/*
 * store-bundle.c - merging an annotation bundle into the database
 * (store-bundle.h has the rules). One BEGIN IMMEDIATE transaction for the
 * whole bundle: an import is all or nothing, and a dry run is the same
 * work rolled back, so its counts are exactly what a real run would do.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "store-bundle.h"

/* Whether a label has a rating (a first error is rated -1). */
static int
rated(int rating, int first_error)
{
	return rating != CN_NORATING || first_error;
}

static const char *
rating_word(int rating, int first_error)
{
	if (first_error)
		return "-1 (first error)";
	switch (rating) {
	case 1:
		return "+1";
	case 0:
		return "0";
	case -1:
		return "-1";
	}
	return "none";
}

static int
str_eq(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

enum store_bundle_outcome
store_bundle_merge(const struct store_label *local,
    const struct store_bundle_label *in, struct store_label *out, char **why)
{
	struct cn_buf	b;
	int		changed = 0;

	memset(out, 0, sizeof *out);
	if (why != NULL)
		*why = NULL;
	out->node_id = local->node_id;
	out->present = 1;
	if (!local->present) {
		out->rating = in->rating;
		out->first_error = in->first_error != 0;
		out->tags = store_label_tags_merge(NULL, in->tags, 0);
		out->note = in->note != NULL && *in->note != '\0' ?
		    xstrdup(in->note) : NULL;
		out->created = in->created;
		return STORE_BUNDLE_ADDED;
	}
	buf_init(&b);
	if (rated(local->rating, local->first_error) &&
	    rated(in->rating, in->first_error) &&
	    (local->rating != in->rating ||
	    (local->first_error != 0) != (in->first_error != 0)))
		buf_printf(&b, "rating: here %s, bundle %s",
		    rating_word(local->rating, local->first_error),
		    rating_word(in->rating, in->first_error));
	if (local->note != NULL && in->note != NULL && *in->note != '\0' &&
	    strcmp(local->note, in->note) != 0)
		buf_printf(&b, "%snote: differs", b.len > 0 ? "; " : "");
	if (b.len > 0) {
		if (why != NULL)
			*why = xstrdup(b.s);
		buf_free(&b);
		return STORE_BUNDLE_CONFLICT;
	}
	buf_free(&b);
	out->rating = local->rating;
	out->first_error = local->first_error;
	out->created = local->created;
	if (!rated(local->rating, local->first_error) &&
	    rated(in->rating, in->first_error)) {
		out->rating = in->rating;
		out->first_error = in->first_error != 0;
		changed = 1;
	}
	out->note = xstrdup_or_null(local->note);
	if (local->note == NULL && in->note != NULL && *in->note != '\0') {
		out->note = xstrdup(in->note);
		changed = 1;
	}
	out->tags = store_label_tags_merge(local->tags, in->tags, 0);
	if (!str_eq(out->tags, local->tags))
		changed = 1;
	if (!changed) {
		store_label_clear(out);
		return STORE_BUNDLE_UNCHANGED;
	}
	return STORE_BUNDLE_UPDATED;
}

/* Resolves address; 1 found, 0 not here (reported), -1. */
static int
resolve(struct store *st, long line, const char *address, int64_t *id,
    store_bundle_event_cb cb, void *arg, char **cause)
{
	char	*why = NULL;
	int	 r;

	r = store_node_resolve(st, address, id, &why);
	if (r == 1)
		return 1;
	if (r < 0 && why == NULL) {
		if (cause != NULL)
			*cause = xstrdup("cannot resolve addresses");
		return -1;
	}
	if (cb != NULL)
		cb(line, address, STORE_BUNDLE_MISSING,
		    why != NULL ? why : "no such node here", arg);
	free(why);
	return 0;
}

static int
import_label(struct store *st, const char *author,
    const struct store_bundle_label *in, store_bundle_event_cb cb, void *arg,
    struct store_bundle_counts *counts, char **cause)
{
	struct store_label		 local, out;
	enum store_bundle_outcome	 o;
	int64_t				 id;
	char				*why = NULL;
	int				 r;

	if ((r = resolve(st, in->line, in->address, &id, cb, arg,
	    cause)) <= 0) {
		if (r == 0)
			counts->label[STORE_BUNDLE_MISSING]++;
		return r;
	}
	if (store_label_get(st, id, author, &local, cause) != 0)
		return -1;
	o = store_bundle_merge(&local, in, &out, &why);
	counts->label[o]++;
	r = 0;
	if (o == STORE_BUNDLE_CONFLICT && cb != NULL)
		cb(in->line, in->address, o, why, arg);
	if (o == STORE_BUNDLE_ADDED || o == STORE_BUNDLE_UPDATED)
		r = store_label_put(st, author, &out,
		    o == STORE_BUNDLE_ADDED ? 0 : STORE_LABEL_PUT_FIRST,
		    o == STORE_BUNDLE_ADDED ? in->updated : 0, cause);
	free(why);
	store_label_clear(&local);
	store_label_clear(&out);
	return r < 0 ? -1 : 1;
}

/* The parent of node into *parent (0: a root). */
static int
parent_of(struct store *st, int64_t node, int64_t *parent, char **cause)
{
	return store_node_parent(st, node, parent, "read node", cause) < 0 ?
	    -1 : 0;
}

/*
 * author's preference of a over b: 1 with its *id and *note (heap, may
 * be NULL), 0 none, -1.
 */
static int
pref_find(struct store *st, const char *author, int64_t a, int64_t b,
    int64_t *id, char **note, char **cause)
{
	static const char	 sql[] =
	    "SELECT id, note FROM preferences WHERE chosen_id = ?1"
	    " AND rejected_id = ?2 AND author = ?3 ORDER BY id LIMIT 1";
	sqlite3_stmt		*s;
	int			 rc;

	*note = NULL;
	if ((s = store_stmt(st, sql, cause, "iit", a, b, author)) == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*note = store_col_text(s, 1);
	}
	return store_found(st, s, rc, "read preference", cause);
}

static int
pref_write(struct store *st, const char *author, int64_t chosen,
    int64_t rejected, const struct store_bundle_pref *in, int64_t id,
    char **cause)
{
	static const char	 ins_sql[] =
	    "INSERT INTO preferences(chosen_id, rejected_id, author, note,"
	    " created) VALUES (?1, ?2, ?3, ?4, ?5)";
	static const char	 upd_sql[] =
	    "UPDATE preferences SET note = ?4 WHERE id = ?6";

	/* One set of values for both: an insert has no ?6 (id). */
	return store_run(st, id == 0 ? ins_sql : upd_sql, "write preference",
	    cause, id == 0 ? "iitti" : "iittii", chosen, rejected, author,
	    in->note, in->created != 0 ? in->created : cn_now(), id);
}

static int
import_pref(struct store *st, const char *author,
    const struct store_bundle_pref *in, store_bundle_event_cb cb, void *arg,
    struct store_bundle_counts *counts, char **cause)
{
	enum store_bundle_outcome	 o;
	int64_t				 c, r, pc, pr, id = 0;
	char				*note = NULL;
	const char			*why = NULL;
	int				 f, rc;

	if ((f = resolve(st, in->line, in->chosen, &c, cb, arg, cause)) <= 0 ||
	    (f = resolve(st, in->line, in->rejected, &r, cb, arg,
	    cause)) <= 0) {
		if (f == 0)
			counts->pref[STORE_BUNDLE_MISSING]++;
		return f;
	}
	if (parent_of(st, c, &pc, cause) != 0 ||
	    parent_of(st, r, &pr, cause) != 0)
		return -1;
	if (pc == 0 || pc != pr) {
		counts->pref[STORE_BUNDLE_MISSING]++;
		if (cb != NULL)
			cb(in->line, in->chosen, STORE_BUNDLE_MISSING,
			    "not a sibling of the rejected node here", arg);
		return 0;
	}
	if ((f = pref_find(st, author, r, c, &id, &note, cause)) < 0)
		return -1;
	free(note);
	note = NULL;
	if (f == 1) {
		o = STORE_BUNDLE_CONFLICT;
		why = "here the rejected node is preferred";
	} else if ((f = pref_find(st, author, c, r, &id, &note,
	    cause)) < 0)
		return -1;
	else if (f == 0)
		o = STORE_BUNDLE_ADDED;
	else if (in->note == NULL || str_eq(note, in->note))
		o = STORE_BUNDLE_UNCHANGED;
	else if (note == NULL)
		o = STORE_BUNDLE_UPDATED;
	else {
		o = STORE_BUNDLE_CONFLICT;
		why = "note: differs";
	}
	free(note);
	counts->pref[o]++;
	if (o == STORE_BUNDLE_CONFLICT && cb != NULL)
		cb(in->line, in->chosen, o, why, arg);
	rc = 0;
	if (o == STORE_BUNDLE_ADDED || o == STORE_BUNDLE_UPDATED)
		rc = pref_write(st, author, c, r, in,
		    o == STORE_BUNDLE_ADDED ? 0 : id, cause);
	return rc < 0 ? -1 : 1;
}

int
store_bundle_import(struct store *st, const char *author,
    const struct store_bundle_label *labels, size_t nlabels,
    const struct store_bundle_pref *prefs, size_t nprefs, int flags,
    store_bundle_event_cb cb, void *arg, struct store_bundle_counts *counts,
    char **cause)
{
	size_t	i;
	long	missing;
	int	ok = 1;

	memset(counts, 0, sizeof *counts);
	if (st->readonly) {
		if (cause != NULL)
			*cause = xstrdup("the database is open read-only");
		return -1;
	}
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	for (i = 0; ok && i < nlabels; i++)
		ok = import_label(st, author, &labels[i], cb, arg, counts,
		    cause) >= 0;
	for (i = 0; ok && i < nprefs; i++)
		ok = import_pref(st, author, &prefs[i], cb, arg, counts,
		    cause) >= 0;
	missing = counts->label[STORE_BUNDLE_MISSING] +
	    counts->pref[STORE_BUNDLE_MISSING];
	if (!ok || (flags & STORE_BUNDLE_DRY_RUN) ||
	    (missing > 0 && !(flags & STORE_BUNDLE_SKIP_MISSING))) {
		store_exec(st, "ROLLBACK", NULL);
		if (!ok)
			return -1;
		return missing > 0 && !(flags & STORE_BUNDLE_SKIP_MISSING) ?
		    1 : 0;
	}
	if (store_exec(st, "COMMIT", cause) != 0) {
		store_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

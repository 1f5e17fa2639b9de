/*
 * store-label.c - labels, first errors and preferences written by people;
 * the only place their SQL lives. Each exported write is one BEGIN
 * IMMEDIATE transaction, short enough that several labelers on one file
 * only ever wait for each other (the busy handler waits; nobody sees
 * "database is locked"), and committed before the call returns.
 */
#include "config.h"

#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store-int.h"
#include "store-label.h"

void
store_label_clear(struct store_label *l)
{
	if (l == NULL)
		return;
	free(l->tags);
	free(l->note);
	memset(l, 0, sizeof *l);
}

void
store_label_set_free(struct store_label_set *set)
{
	size_t	i;

	if (set == NULL)
		return;
	for (i = 0; i < set->n; i++)
		store_label_clear(&set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = 0;
}

const char *
store_label_author(const char *opt)
{
	const char	*s;
	struct passwd	*pw;

	if (opt != NULL && *opt != '\0')
		return opt;
	if ((s = getenv("CANOPY_AUTHOR")) != NULL && *s != '\0')
		return s;
	/* getlogin() fails without a controlling terminal (tmux, cron). */
	if ((s = getlogin()) != NULL && *s != '\0')
		return s;
	if ((pw = getpwuid(getuid())) != NULL && pw->pw_name != NULL &&
	    *pw->pw_name != '\0')
		return pw->pw_name;
	return "unknown";
}

/* Appends a copy of l to set. */
static void
set_push(struct store_label_set *set, const struct store_label *l)
{
	struct store_label	*c;

	if (set == NULL)
		return;
	set->v = xreallocarray(set->v, set->n + 1, sizeof *set->v);
	c = &set->v[set->n++];
	*c = *l;
	c->tags = xstrdup_or_null(l->tags);
	c->note = xstrdup_or_null(l->note);
}

static int
begin(struct store *st, char **cause)
{
	if (st->readonly) {
		if (cause != NULL)
			*cause = xstrdup("the database is open read-only");
		return -1;
	}
	return store_exec(st, "BEGIN IMMEDIATE", cause);
}

/* Commits with ok, else rolls back; returns 0 only for a commit. */
static int
end(struct store *st, int ok, char **cause)
{
	if (!ok) {
		store_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	if (store_exec(st, "COMMIT", cause) != 0) {
		store_exec(st, "ROLLBACK", NULL);
		return -1;
	}
	return 0;
}

/* The parent of node (0 for a root) into *parent: 1, 0 no node, -1. */
static int
node_parent(struct store *st, int64_t node, int64_t *parent, char **cause)
{
	int	rc;

	rc = store_node_parent(st, node, parent, "read node", cause);
	if (rc == 0 && cause != NULL)
		*cause = xasprintf("no node #%lld", (long long)node);
	return rc;
}

/* Reads author's row on node; *id is its row id (0: none). */
static int
row_get(struct store *st, int64_t node, const char *author,
    struct store_label *out, int64_t *id, char **cause)
{
	/* Imported data may hold two rows of one author: use the first. */
	static const char	 sql[] =
	    "SELECT id, rating, first_error, tags, note, created"
	    " FROM annotations WHERE node_id = ? AND author = ?"
	    " ORDER BY id LIMIT 1";
	sqlite3_stmt		*s;
	int			 rc;

	memset(out, 0, sizeof *out);
	out->node_id = node;
	out->rating = CN_NORATING;
	*id = 0;
	if ((s = store_stmt(st, sql, cause, "it", node, author)) == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		out->present = 1;
		out->rating = sqlite3_column_type(s, 1) == SQLITE_NULL ?
		    CN_NORATING : sqlite3_column_int(s, 1);
		out->first_error = sqlite3_column_int(s, 2);
		out->tags = store_col_text(s, 3);
		out->note = store_col_text(s, 4);
		out->created = sqlite3_column_int64(s, 5);
	}
	return store_found(st, s, rc, "read label", cause) < 0 ? -1 : 0;
}

int
store_label_put(struct store *st, const char *author,
    const struct store_label *l, int64_t id, int64_t updated, char **cause)
{
	static const char	 ins_sql[] =
	    "INSERT INTO annotations(node_id, author, rating, first_error,"
	    " tags, note, created, updated) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7, ?8)";
	static const char	 upd_sql[] =
	    "UPDATE annotations SET rating = ?3, first_error = ?4,"
	    " tags = ?5, note = ?6, updated = ?8 WHERE id = ?9";
	static const char	 first_sql[] =
	    "UPDATE annotations SET rating = ?3, first_error = ?4,"
	    " tags = ?5, note = ?6, updated = ?8 WHERE id ="
	    " (SELECT id FROM annotations WHERE node_id = ?1 AND author = ?2"
	    " ORDER BY id LIMIT 1)";
	sqlite3_stmt		*s;
	int64_t			 now = cn_now();

	/* One set of binds for all: an update leaves ?7 (created) out. */
	if ((s = store_stmt(st, id == 0 ? ins_sql : id > 0 ? upd_sql :
	    first_sql, cause, "it-dttii", l->node_id, author,
	    l->first_error != 0, l->tags, l->note,
	    l->created != 0 ? l->created : now,
	    updated != 0 ? updated : now)) == NULL)
		return -1;
	if (l->rating != CN_NORATING)
		sqlite3_bind_int(s, 3, l->rating);
	if (id > 0)
		sqlite3_bind_int64(s, 9, id);
	return store_step_done(st, s, "write label", cause);
}

/* Writes l as author's row (row id id, 0: none yet) on l->node_id. */
static int
row_put(struct store *st, const char *author, const struct store_label *l,
    int64_t id, char **cause)
{
	static const char	 del_sql[] =
	    "DELETE FROM annotations WHERE id = ?";

	if (l->present)
		return store_label_put(st, author, l, id, 0, cause);
	if (id == 0)
		return 0;
	return store_exec_id(st, del_sql, id, "write label", cause);
}

/* "" and NULL both mean none. */
static char *
dup_field(const char *s)
{
	return s != NULL && *s != '\0' ? xstrdup(s) : NULL;
}

/* Whether the comma-separated list has tag (len bytes). */
static int
tags_have(const char *list, const char *tag, size_t len)
{
	const char	*p = list, *c;

	while (p != NULL && *p != '\0') {
		c = strchr(p, ',');
		if ((c != NULL ? (size_t)(c - p) : strlen(p)) == len &&
		    strncmp(p, tag, len) == 0)
			return 1;
		p = c != NULL ? c + 1 : NULL;
	}
	return 0;
}

char *
store_label_tags_merge(const char *old, const char *change, int toggle)
{
	struct cn_buf	 b;
	const char	*p, *c;
	size_t		 len;
	char		*out;

	buf_init(&b);
	for (p = old; p != NULL && *p != '\0'; p = c != NULL ? c + 1 : NULL) {
		c = strchr(p, ',');
		len = c != NULL ? (size_t)(c - p) : strlen(p);
		if (len == 0 || (toggle && tags_have(change, p, len)))
			continue;
		if (b.len > 0)
			buf_addc(&b, ',');
		buf_add(&b, p, len);
	}
	for (p = change; p != NULL && *p != '\0'; p = c != NULL ? c + 1 :
	    NULL) {
		c = strchr(p, ',');
		len = c != NULL ? (size_t)(c - p) : strlen(p);
		if (len == 0 || tags_have(old, p, len))
			continue;
		if (b.len > 0)
			buf_addc(&b, ',');
		buf_add(&b, p, len);
	}
	out = b.len > 0 ? xstrdup(b.s) : NULL;
	buf_free(&b);
	return out;
}

/* Applies e to author's row on node, inside a transaction. */
static int
edit_one(struct store *st, int64_t node, const char *author,
    const struct store_label_edit *e, struct store_label_set *before,
    char **cause)
{
	struct store_label	 l;
	int64_t			 id;
	char			*t;
	int			 rc;

	if (row_get(st, node, author, &l, &id, cause) != 0)
		return -1;
	set_push(before, &l);
	if (e->mask & STORE_LABEL_RATING)
		l.rating = e->rating;
	if (e->mask & STORE_LABEL_FIRST_ERROR)
		l.first_error = e->first_error != 0;
	if (e->mask & STORE_LABEL_TAGS) {
		free(l.tags);
		l.tags = dup_field(e->tags);
	}
	if (e->mask & (STORE_LABEL_TAG_ADD | STORE_LABEL_TAG_TOGGLE)) {
		t = store_label_tags_merge(l.tags, e->tags,
		    (e->mask & STORE_LABEL_TAG_TOGGLE) != 0);
		free(l.tags);
		l.tags = t;
	}
	if (e->mask & STORE_LABEL_NOTE) {
		free(l.note);
		l.note = dup_field(e->note);
	}
	l.present = l.rating != CN_NORATING || l.first_error ||
	    l.tags != NULL || l.note != NULL;
	rc = row_put(st, author, &l, id, cause);
	store_label_clear(&l);
	return rc;
}

int
store_label_writer_tune(struct store *st, char **cause)
{
	return store_exec(st, "PRAGMA synchronous=NORMAL", cause);
}

int
store_label_get(struct store *st, int64_t node, const char *author,
    struct store_label *out, char **cause)
{
	int64_t	id;

	return row_get(st, node, author, out, &id, cause);
}

int
store_label_edit(struct store *st, int64_t node, const char *author,
    const struct store_label_edit *e, struct store_label_set *before,
    char **cause)
{
	int64_t	parent;
	int	ok;

	if ((e->mask & STORE_LABEL_RATING) && e->rating != CN_NORATING &&
	    (e->rating < -1 || e->rating > 1)) {
		if (cause != NULL)
			*cause = xasprintf("rating %d is out of range (-1, 0"
			    " or 1)", e->rating);
		return -1;
	}
	if (begin(st, cause) != 0)
		return -1;
	ok = node_parent(st, node, &parent, cause) == 1 &&
	    edit_one(st, node, author, e, before, cause) == 0;
	return end(st, ok, cause);
}

int
store_label_first_error(struct store *st, int64_t node, const char *author,
    struct store_label_set *before, char **cause)
{
	struct store_label_edit	 bad = { STORE_LABEL_RATING |
				    STORE_LABEL_FIRST_ERROR, -1, 1, NULL,
				    NULL };
	struct store_label_edit	 good = { STORE_LABEL_RATING, 1, 0, NULL,
				    NULL };
	struct store_label	 l;
	int64_t			 at, parent, id;
	int			 ok = 0;

	if (begin(st, cause) != 0)
		return -1;
	if (node_parent(st, node, &parent, cause) != 1 ||
	    edit_one(st, node, author, &bad, before, cause) != 0)
		goto out;
	for (at = parent; at != 0; at = parent) {
		if (node_parent(st, at, &parent, cause) != 1)
			goto out;
		if (parent == 0)
			break;		/* the root: the problem, not a step */
		if (row_get(st, at, author, &l, &id, cause) != 0)
			goto out;
		if (l.rating == CN_NORATING && edit_one(st, at, author, &good,
		    before, cause) != 0) {
			store_label_clear(&l);
			goto out;
		}
		store_label_clear(&l);
	}
	ok = 1;
out:
	return end(st, ok, cause);
}

int
store_label_remove(struct store *st, int64_t node, const char *author,
    struct store_label_set *before, char **cause)
{
	struct store_label	l;
	int64_t			id, parent;
	int			ok = 0;

	if (begin(st, cause) != 0)
		return -1;
	if (node_parent(st, node, &parent, cause) == 1 &&
	    row_get(st, node, author, &l, &id, cause) == 0) {
		set_push(before, &l);
		store_label_clear(&l);
		l.node_id = node;
		ok = row_put(st, author, &l, id, cause) == 0;
	}
	return end(st, ok, cause);
}

int
store_label_restore(struct store *st, const char *author,
    const struct store_label_set *set, struct store_label_set *before,
    char **cause)
{
	struct store_label	l;
	int64_t			id;
	size_t			i;
	int			ok = 1;

	if (begin(st, cause) != 0)
		return -1;
	/* Backwards: a set may name a node twice, the first state wins. */
	for (i = set->n; ok && i-- > 0;) {
		if (row_get(st, set->v[i].node_id, author, &l, &id,
		    cause) != 0) {
			ok = 0;
			break;
		}
		set_push(before, &l);
		store_label_clear(&l);
		ok = row_put(st, author, &set->v[i], id, cause) == 0;
	}
	return end(st, ok, cause);
}

int
store_label_brief(struct store *st, int64_t node, const char *author,
    int others, struct store_label_brief *out, char **cause)
{
	static const char	 sql[] =
	    "SELECT author = ?2, rating, first_error, note IS NOT NULL,"
	    " tags IS NOT NULL FROM annotations WHERE node_id = ?1"
	    " ORDER BY id";
	sqlite3_stmt		*s;
	int			 rc, r, seen = 0, lo = 2, hi = -2;

	memset(out, 0, sizeof *out);
	out->rating = out->other_rating = CN_NORATING;
	if ((s = store_stmt(st, sql, cause, "it", node, author)) == NULL)
		return -1;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		r = sqlite3_column_type(s, 1) == SQLITE_NULL ? CN_NORATING :
		    sqlite3_column_int(s, 1);
		if (sqlite3_column_int(s, 0)) {
			if (out->mine)
				continue;
			out->mine = 1;
			out->rating = r;
			out->first_error = sqlite3_column_int(s, 2);
			out->note = sqlite3_column_int(s, 3);
			out->tags = sqlite3_column_int(s, 4);
		} else if (others)
			out->others++;
		else
			continue;
		if (r != CN_NORATING) {
			seen = 1;
			lo = r < lo ? r : lo;
			hi = r > hi ? r : hi;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, "read labels", cause);
	out->disagree = seen && lo != hi;
	if (out->others > 0 && seen && !out->disagree)
		out->other_rating = lo;
	return 0;
}

#define FIND_WHERE							\
	" FROM nodes n WHERE n.trace_id = ?1 AND n.parent_id IS NOT NULL"\
	" AND CASE ?2"							\
	" WHEN 0 THEN EXISTS (SELECT 1 FROM annotations a"		\
	"  WHERE a.node_id = n.id AND a.author = ?3"			\
	"  AND a.rating IS NOT NULL)"					\
	" WHEN 1 THEN NOT EXISTS (SELECT 1 FROM annotations a"		\
	"  WHERE a.node_id = n.id AND a.author = ?3)"			\
	" WHEN 2 THEN EXISTS (SELECT 1 FROM annotations a"		\
	"  WHERE a.node_id = n.id AND (?6 OR a.author = ?3)"		\
	"  AND instr(',' || a.tags || ',', ',' || ?5 || ',') > 0)"	\
	" ELSE (SELECT count(DISTINCT a.rating) FROM annotations a"	\
	"  WHERE a.node_id = n.id AND (?6 OR a.author = ?3)) > 1"	\
	"  AND NOT EXISTS (SELECT 1 FROM annotations r"			\
	"  WHERE r.node_id = n.id"					\
	"  AND instr(',' || r.tags || ',', ',resolved,') > 0) END"

int
store_label_find(struct store *st, int64_t trace, const char *author,
    int others, int kind, const char *tag, int64_t from, int dir,
    int64_t *id, char **cause)
{
	static const char	 next_sql[] =
	    "SELECT n.id" FIND_WHERE " AND n.id > ?4 ORDER BY n.id LIMIT 1";
	static const char	 prev_sql[] =
	    "SELECT n.id" FIND_WHERE " AND n.id < ?4 ORDER BY n.id DESC"
	    " LIMIT 1";

	return store_one_int64(st, dir > 0 ? next_sql : prev_sql, id,
	    "find labels", cause, "idtitd", trace, kind, author, from,
	    tag != NULL ? tag : "", others != 0);
}

/* annotations' comma-separated tags, one row per (label, tag). */
#define TAG_SPLIT							\
	"WITH RECURSIVE split(node_id, author, tag, rest) AS ("		\
	" SELECT node_id, author, '', tags || ',' FROM annotations"	\
	"  WHERE tags IS NOT NULL AND (?1 OR author = ?2)"		\
	" UNION ALL SELECT node_id, author,"				\
	"  substr(rest, 1, instr(rest, ',') - 1),"			\
	"  substr(rest, instr(rest, ',') + 1) FROM split WHERE rest <> '')"

static int
tag_row(sqlite3_stmt *s, void *arg)
{
	struct store_walk	*w = arg;

	return ((store_tag_cb)w->cb)((const char *)sqlite3_column_text(s, 0),
	    (const char *)sqlite3_column_text(s, 1),
	    sqlite3_column_int64(s, 2), sqlite3_column_int64(s, 3), w->arg);
}

int
store_label_tags(struct store *st, const char *author, int others,
    store_tag_cb cb, void *arg, char **cause)
{
	static const char	 sql[] = TAG_SPLIT
	    " SELECT s.tag, NULL, count(DISTINCT s.node_id),"
	    "  count(DISTINCT n.trace_id), 0 FROM split s"
	    "  JOIN nodes n ON n.id = s.node_id WHERE s.tag <> ''"
	    "  GROUP BY s.tag"
	    " UNION ALL SELECT s.tag, s.author, count(DISTINCT s.node_id),"
	    "  count(DISTINCT n.trace_id), 1 FROM split s"
	    "  JOIN nodes n ON n.id = s.node_id WHERE s.tag <> ''"
	    "  GROUP BY s.tag, s.author"
	    " ORDER BY 1, 5, 2";
	struct store_walk	 w = STORE_WALK(cb, arg);

	/* Not cached: cb may read through the same connection. */
	return store_walk(st, sql, STORE_UNCACHED, "read tags", tag_row, &w,
	    cause, "dt", others != 0, author);
}

int
store_label_tag_next(struct store *st, const char *author, int others,
    const char *tag, int64_t from, int64_t *id, char **cause)
{
	static const char	 sql[] =
	    "SELECT a.node_id FROM annotations a WHERE a.tags IS NOT NULL"
	    " AND (?1 OR a.author = ?2)"
	    " AND instr(',' || a.tags || ',', ',' || ?3 || ',') > 0"
	    " ORDER BY a.node_id > ?4 DESC, a.node_id LIMIT 1";

	return store_one_int64(st, sql, id, "find tag", cause, "dtti",
	    others != 0, author, tag, from);
}

int
store_pref_add(struct store *st, int64_t chosen, int64_t rejected,
    const char *author, const char *note, int64_t *id, char **cause)
{
	static const char	 sql[] =
	    "INSERT INTO preferences(chosen_id, rejected_id, author, note,"
	    " created) VALUES (?, ?, ?, ?, ?)";
	int64_t			 pc, pr;
	int			 ok = 0;

	if (chosen == rejected) {
		if (cause != NULL)
			*cause = xstrdup("a node cannot be preferred over"
			    " itself");
		return -1;
	}
	if (begin(st, cause) != 0)
		return -1;
	if (node_parent(st, chosen, &pc, cause) != 1 ||
	    node_parent(st, rejected, &pr, cause) != 1)
		goto out;
	if (pc == 0 || pc != pr) {
		if (cause != NULL)
			*cause = xasprintf("#%lld and #%lld do not have one"
			    " parent", (long long)chosen, (long long)rejected);
		goto out;
	}
	if (store_run(st, sql, "write preference", cause, "iitti", chosen,
	    rejected, author, note != NULL && *note != '\0' ? note : NULL,
	    cn_now()) != 0)
		goto out;
	if (id != NULL)
		*id = sqlite3_last_insert_rowid(st->db);
	ok = 1;
out:
	return end(st, ok, cause);
}

int
store_pref_remove(struct store *st, int64_t id, char **cause)
{
	static const char	 sql[] = "DELETE FROM preferences WHERE id = ?";

	if (begin(st, cause) != 0)
		return -1;
	return end(st, store_exec_id(st, sql, id, "remove preference",
	    cause) == 0, cause);
}

#define ESC(x)	"replace(replace(" x ", '%', '%25'), '/', '%2F')"

static int
label_row(sqlite3_stmt *s, void *arg)
{
	struct store_walk	*w = arg;
	struct cn_annotation	 a;
	char			*addr;
	int			 r;

	addr = store_col_text(s, 0);
	store_annotation_from_row(s, 1, &a);
	r = ((store_label_cb)w->cb)(addr, &a, w->arg);
	free(addr);
	cn_annotation_clear(&a);
	return r;
}

int
store_label_each(struct store *st, const char *author, store_label_cb cb,
    void *arg, char **cause)
{
	static const char	 sql[] =
	    "SELECT " ESC("t.ext_id") " || '/' || " ESC("n.ext_id") ","
	    " " STORE_ANNOTATION_COLS_A
	    " FROM annotations a JOIN nodes n ON n.id = a.node_id"
	    " JOIN traces t ON t.id = n.trace_id"
	    " WHERE ?1 IS NULL OR a.author = ?1"
	    " ORDER BY n.trace_id, n.depth, n.id, a.author, a.id";
	struct store_walk	 w = STORE_WALK(cb, arg);

	/* Not cached: the walk's callback may write through the store. */
	return store_walk(st, sql, STORE_UNCACHED, "read labels", label_row,
	    &w, cause, "t", author);
}

static int
pref_row(sqlite3_stmt *s, void *arg)
{
	struct store_walk	*w = arg;
	struct cn_preference	 p;
	char			*ca, *ra, *au, *no;
	int			 r;

	memset(&p, 0, sizeof p);
	ca = store_col_text(s, 0);
	ra = store_col_text(s, 1);
	p.id = sqlite3_column_int64(s, 2);
	p.chosen_id = sqlite3_column_int64(s, 3);
	p.rejected_id = sqlite3_column_int64(s, 4);
	p.author = au = store_col_text(s, 5);
	p.note = no = store_col_text(s, 6);
	p.created = sqlite3_column_int64(s, 7);
	r = ((store_pref_cb)w->cb)(ca, ra, &p, w->arg);
	free(ca);
	free(ra);
	free(au);
	free(no);
	return r;
}

int
store_pref_each(struct store *st, const char *author, store_pref_cb cb,
    void *arg, char **cause)
{
	static const char	 sql[] =
	    "SELECT " ESC("tc.ext_id") " || '/' || " ESC("c.ext_id") ","
	    " " ESC("tr.ext_id") " || '/' || " ESC("r.ext_id") ","
	    " p.id, p.chosen_id, p.rejected_id, p.author, p.note, p.created"
	    " FROM preferences p JOIN nodes c ON c.id = p.chosen_id"
	    " JOIN traces tc ON tc.id = c.trace_id"
	    " JOIN nodes r ON r.id = p.rejected_id"
	    " JOIN traces tr ON tr.id = r.trace_id"
	    " WHERE ?1 IS NULL OR p.author = ?1 ORDER BY p.id";
	struct store_walk	 w = STORE_WALK(cb, arg);

	return store_walk(st, sql, STORE_UNCACHED, "read preferences",
	    pref_row, &w, cause, "t", author);
}

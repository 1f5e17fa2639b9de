/*
 * store-read.c - reads for the CLI and the views: totals, traces, nodes,
 * children, preorder walks and annotations, returned as model records.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"

/* A text column, copied (heap) or borrowed from the row; NULL if NULL. */
static const char *
col_text(sqlite3_stmt *r, int i, int copy)
{
	if (copy)
		return store_col_text(r, i);
	if (sqlite3_column_type(r, i) == SQLITE_NULL)
		return NULL;
	return (const char *)sqlite3_column_text(r, i);
}

void
store_node_cols(sqlite3_stmt *r, struct cn_node *n, int copy)
{
	int	k;

	cn_node_init(n);
	n->id = sqlite3_column_int64(r, 0);
	n->trace_id = sqlite3_column_int64(r, 1);
	n->parent_id = sqlite3_column_int64(r, 2);
	n->ext_id = col_text(r, 3, copy);
	n->ordinal = sqlite3_column_int(r, 4);
	n->depth = sqlite3_column_int(r, 5);
	n->role = col_text(r, 6, copy);
	n->text = col_text(r, 7, copy);
	n->observation = col_text(r, 8, copy);
	n->terminal = sqlite3_column_int(r, 9);
	n->chosen = sqlite3_column_int(r, 10);
	n->origin = sqlite3_column_int(r, 11) == 1 ? "rerun" : "imported";
	if (copy)
		n->origin = xstrdup(n->origin);
	for (k = 0; k < CN_SIG_COUNT; k++)
		n->sig[k] = store_col_val(r, 12 + k);
	n->extra = col_text(r, 12 + CN_SIG_COUNT, copy);
	n->child_count = sqlite3_column_int64(r, 19);
	n->subtree_size = sqlite3_column_int64(r, 20);
	n->leaf_count = sqlite3_column_int64(r, 21);
	n->ok_leaves = sqlite3_column_int64(r, 22);
	n->outcome_leaves = sqlite3_column_int64(r, 23);
	n->best_leaf_reward = store_col_val(r, 24);
	n->annotation_count = sqlite3_column_int64(r, 25);
}

void
store_trace_cols(sqlite3_stmt *s, struct cn_trace *t, int copy)
{
	memset(t, 0, sizeof *t);
	t->id = sqlite3_column_int64(s, 0);
	t->ext_id = col_text(s, 1, copy);
	t->format = col_text(s, 2, copy);
	t->root_id = sqlite3_column_int64(s, 3);
	t->node_count = sqlite3_column_int64(s, 4);
	t->max_depth = sqlite3_column_int(s, 5);
	t->best_reward = store_col_val(s, 6);
	t->best_q = store_col_val(s, 7);
	t->outcome = store_col_val(s, 8);
	t->annotation_count = sqlite3_column_int64(s, 9);
}

void
store_trace_brief_from_row(sqlite3_stmt *s, struct cn_trace *t)
{
	store_trace_cols(s, t, 1);
}

int
store_node_from_row(struct store *st, sqlite3_stmt *r, struct cn_node *n,
    char **cause)
{
	static const char	 sql[] =
	    "SELECT sn.name, s.value FROM signals s"
	    " JOIN signal_names sn ON sn.id = s.name_id"
	    " WHERE s.node_id = ? ORDER BY sn.name";
	struct cn_signal	*more = NULL;
	sqlite3_stmt		*s;
	size_t			 nmore = 0, cap = 0;
	int			 rc;

	store_node_cols(r, n, 1);
	if ((s = store_prepare(st, sql, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, n->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (nmore == cap) {
			cap = cap == 0 ? 4 : cap * 2;
			more = xreallocarray(more, cap, sizeof *more);
		}
		more[nmore].name = store_col_text(s, 0);
		more[nmore].value = sqlite3_column_double(s, 1);
		nmore++;
	}
	sqlite3_reset(s);
	n->more = more;
	n->nmore = nmore;
	if (rc != SQLITE_DONE)
		return store_err(st, "read signals", cause);
	return 0;
}

int
store_stats_get(struct store *st, struct store_stats *out, char **cause)
{
	static const char	 totals_sql[] =
	    "SELECT (SELECT count(*) FROM traces), (SELECT count(*) FROM nodes),"
	    " (SELECT count(*) FROM annotations),"
	    " (SELECT count(*) FROM preferences),"
	    " (SELECT count(*) FROM imports)";
	static const char	 common_sql[] =
	    "SELECT count(visits), count(q), count(prior), count(reward),"
	    " count(value), count(outcome) FROM nodes";
	static const char	 other_sql[] =
	    "SELECT sn.name, count(*) FROM signals s"
	    " JOIN signal_names sn ON sn.id = s.name_id"
	    " GROUP BY s.name_id ORDER BY sn.name";
	sqlite3_stmt		*s;
	size_t			 cap = CN_SIG_COUNT + 8;
	int			 k, rc;

	memset(out, 0, sizeof *out);
	s = store_prepare(st, totals_sql, cause);
	if (store_step_row(st, s, "stats", cause) != 0)
		return -1;
	out->traces = sqlite3_column_int64(s, 0);
	out->nodes = sqlite3_column_int64(s, 1);
	out->annotations = sqlite3_column_int64(s, 2);
	out->preferences = sqlite3_column_int64(s, 3);
	out->imports = sqlite3_column_int64(s, 4);
	sqlite3_reset(s);

	out->signals = xcalloc(cap, sizeof *out->signals);
	s = store_prepare(st, common_sql, cause);
	if (store_step_row(st, s, "stats", cause) != 0)
		goto fail;
	for (k = 0; k < CN_SIG_COUNT; k++) {
		int64_t	c = sqlite3_column_int64(s, k);

		if (c == 0)
			continue;
		out->signals[out->nsignals].name = xstrdup(cn_sig_names[k]);
		out->signals[out->nsignals].count = c;
		out->nsignals++;
	}
	sqlite3_reset(s);
	if ((s = store_prepare(st, other_sql, cause)) == NULL)
		goto fail;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (out->nsignals == cap) {
			cap *= 2;
			out->signals = xreallocarray(out->signals, cap,
			    sizeof *out->signals);
		}
		out->signals[out->nsignals].name = store_col_text(s, 0);
		out->signals[out->nsignals].count = sqlite3_column_int64(s, 1);
		out->nsignals++;
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE) {
		store_err(st, "stats", cause);
		goto fail;
	}
	return 0;
fail:
	store_stats_free(out);
	return -1;
}

void
store_stats_free(struct store_stats *s)
{
	size_t	i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nsignals; i++)
		free(s->signals[i].name);
	free(s->signals);
	memset(s, 0, sizeof *s);
}

/*
 * The trace select: the trace row; best values and the label count are
 * kept up to date by the import and by triggers, and the outcome comes
 * from the root's subtree summary, so no read walks a trace's nodes. The
 * columns of a brief (store_trace_brief_from_row) come first.
 */
#define TRACE_SELECT							\
	"SELECT t.id, t.ext_id, t.format, t.root_id, t.node_count,"	\
	" t.max_depth, t.best_reward, t.best_q,"			\
	" (SELECT CASE WHEN s.outcome_leaves > 0 THEN"			\
	"  1.0 * s.ok_leaves / s.outcome_leaves END"			\
	"  FROM subtrees s WHERE s.node_id = t.root_id),"		\
	" t.annotation_count, t.source, t.problem, t.ground_truth, t.extra"\
	" FROM traces t "

static void
trace_from_row(sqlite3_stmt *s, struct cn_trace *t)
{
	store_trace_brief_from_row(s, t);
	t->source = store_col_text(s, 10);
	t->problem = store_col_text(s, 11);
	t->ground_truth = store_col_text(s, 12);
	t->extra = store_col_text(s, 13);
}

int
store_trace_row(sqlite3_stmt *s, void *arg)
{
	struct store_trace_walk	*w = arg;
	struct cn_trace		 t;
	int			 r;

	w->from_row(s, &t);
	r = w->cb(&t, w->arg);
	cn_trace_clear(&t);
	return r;
}

int
store_traces_each(struct store *st, store_trace_cb cb, void *arg,
    char **cause)
{
	static const char	 sql[] = TRACE_SELECT "ORDER BY t.id";
	struct store_trace_walk	 w = { trace_from_row, cb, arg };

	/* Not cached: the callback may itself use the store. */
	return store_walk(st, sql, STORE_UNCACHED, "list traces",
	    store_trace_row, &w, cause, "");
}

/* Reads the trace s finds (NULL: its prepare failed), as store_found(). */
static int
trace_one(struct store *st, sqlite3_stmt *s, struct cn_trace *t,
    char **cause)
{
	int	rc;

	if (s == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW)
		trace_from_row(s, t);
	return store_found(st, s, rc, "find trace", cause);
}

int
store_trace_get(struct store *st, int64_t id, struct cn_trace *t,
    char **cause)
{
	static const char	 sql[] = TRACE_SELECT "WHERE t.id = ?";

	return trace_one(st, store_stmt(st, sql, cause, "i", id), t, cause);
}

int
store_trace_find(struct store *st, const char *name, struct cn_trace *t,
    char **cause)
{
	static const char	 sql[] = TRACE_SELECT "WHERE t.ext_id = ?";
	char			*end;
	long long		 id;
	int			 r;

	if ((r = trace_one(st, store_stmt(st, sql, cause, "t", name), t,
	    cause)) != 0)
		return r;
	if (name[0] == '#' && name[1] != '\0') {
		id = strtoll(name + 1, &end, 10);
		if (*end == '\0')
			return store_trace_get(st, id, t, cause);
	}
	return 0;
}

/* Reads the node s finds (NULL: its prepare failed), as store_found(). */
static int
node_one(struct store *st, sqlite3_stmt *s, struct cn_node *n,
    const char *what, char **cause)
{
	int	rc;

	if (s == NULL)
		return -1;
	/* The row is copied out before the signal query runs. */
	if ((rc = sqlite3_step(s)) == SQLITE_ROW &&
	    store_node_from_row(st, s, n, cause) != 0) {
		sqlite3_reset(s);
		cn_node_clear(n);
		return -1;
	}
	return store_found(st, s, rc, what, cause);
}

int
store_node_get(struct store *st, int64_t id, struct cn_node *n, char **cause)
{
	static const char	 sql[] = STORE_NODE_SELECT "WHERE n.id = ?";

	return node_one(st, store_stmt(st, sql, cause, "i", id), n,
	    "read node", cause);
}

int
store_node_row(sqlite3_stmt *s, void *arg)
{
	struct store_node_walk	*w = arg;
	struct cn_node		 n;
	int			 r = -1;

	if (store_node_from_row(w->st, s, &n, w->cause) == 0) {
		if (w->last != NULL)
			*w->last = n.id;
		r = w->cb(&n, w->arg);
	}
	cn_node_clear(&n);
	return r;
}

int
store_node_parent(struct store *st, int64_t node, int64_t *parent,
    const char *what, char **cause)
{
	static const char	 sql[] =
	    "SELECT coalesce(parent_id, 0) FROM nodes WHERE id = ?";

	*parent = 0;
	return store_one_int64(st, sql, parent, what, cause, "i", node);
}

int
store_children_each(struct store *st, int64_t parent, int64_t offset,
    int64_t limit, store_node_cb cb, void *arg, char **cause)
{
	static const char	 sql[] = STORE_NODE_SELECT
	    "WHERE n.parent_id = ? AND n.ordinal >= ? ORDER BY n.ordinal"
	    " LIMIT ?";
	struct store_node_walk	 w = { st, cb, arg, NULL, cause };

	/* Not cached: the callback may walk further (recursion in views). */
	return store_walk(st, sql, STORE_UNCACHED, "read children",
	    store_node_row, &w, cause, "iii", parent, offset, limit);
}

/* The child of parent at position ordinal: 1 found, 0 none, -1 error. */
static int
child_at(struct store *st, int64_t parent, int64_t ordinal,
    struct cn_node *n, char **cause)
{
	static const char	 sql[] = STORE_NODE_SELECT
	    "WHERE n.parent_id = ? AND n.ordinal = ?";

	return node_one(st, store_stmt(st, sql, cause, "ii", parent, ordinal),
	    n, "read child", cause);
}

int
store_subtree_each(struct store *st, int64_t node, int max_depth,
    store_node_cb cb, void *arg, char **cause)
{
	struct cn_node	 n;
	struct frame {
		int64_t	 id;
		int64_t	 next;	/* ordinal of the next child to visit */
	}		*stack = NULL;
	size_t		 depth = 0, cap = 0;
	int		 r, top;

	/* An explicit stack: a 50,000-deep chain must not blow the C stack. */
	if ((r = store_node_get(st, node, &n, cause)) != 1)
		return r < 0 ? -1 : 0;
	top = n.depth;
	r = cb(&n, arg);
	if (r == 0 && (max_depth < 0 || max_depth > 0)) {
		cap = 64;
		stack = xreallocarray(NULL, cap, sizeof *stack);
		stack[0].id = n.id;
		stack[0].next = 0;
		depth = 1;
	}
	cn_node_clear(&n);
	while (r == 0 && depth > 0) {
		struct frame	*f = &stack[depth - 1];

		r = child_at(st, f->id, f->next, &n, cause);
		if (r < 0)
			break;
		if (r == 0) {
			depth--;
			continue;
		}
		f->next++;
		r = cb(&n, arg);
		if (r == 0 && (max_depth < 0 || n.depth - top < max_depth) &&
		    n.child_count > 0) {
			if (depth == cap) {
				cap *= 2;
				stack = xreallocarray(stack, cap,
				    sizeof *stack);
			}
			stack[depth].id = n.id;
			stack[depth].next = 0;
			depth++;
		}
		cn_node_clear(&n);
	}
	free(stack);
	return r;
}

int
store_preorder_each(struct store *st, int64_t trace, int max_depth,
    store_node_cb cb, void *arg, char **cause)
{
	struct cn_trace	 t;
	int64_t		 root;
	int		 r;

	if ((r = store_trace_get(st, trace, &t, cause)) != 1)
		return r < 0 ? -1 : 0;
	root = t.root_id;
	cn_trace_clear(&t);
	return store_subtree_each(st, root, max_depth, cb, arg, cause);
}

void
store_annotation_from_row(sqlite3_stmt *s, int c, struct cn_annotation *a)
{
	memset(a, 0, sizeof *a);
	a->id = sqlite3_column_int64(s, c);
	a->node_id = sqlite3_column_int64(s, c + 1);
	a->author = store_col_text(s, c + 2);
	a->rating = sqlite3_column_type(s, c + 3) == SQLITE_NULL ?
	    CN_NORATING : sqlite3_column_int(s, c + 3);
	a->first_error = sqlite3_column_int(s, c + 4);
	a->tags = store_col_text(s, c + 5);
	a->note = store_col_text(s, c + 6);
	a->created = sqlite3_column_int64(s, c + 7);
	a->updated = sqlite3_column_int64(s, c + 8);
}

static int
annotation_row(sqlite3_stmt *s, void *arg)
{
	struct store_walk	*w = arg;
	struct cn_annotation	 a;
	int			 r;

	store_annotation_from_row(s, 0, &a);
	r = ((store_annotation_cb)w->cb)(&a, w->arg);
	cn_annotation_clear(&a);
	return r;
}

int
store_annotations_each(struct store *st, int64_t node,
    store_annotation_cb cb, void *arg, char **cause)
{
	static const char	 sql[] =
	    "SELECT " STORE_ANNOTATION_COLS " FROM annotations"
	    " WHERE node_id = ? ORDER BY created, id";
	struct store_walk	 w = STORE_WALK(cb, arg);

	return store_walk(st, sql, STORE_UNCACHED, "read annotations",
	    annotation_row, &w, cause, "i", node);
}

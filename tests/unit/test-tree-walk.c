/*
 * test-tree-walk.c - random walks through the tree model. Seeded random
 * trees (1 to 300 nodes, any shape) go into a real database; a window of
 * random height then takes 300 random moves, folds, jumps and resizes,
 * and after each the window is checked against the tree itself:
 *
 * - each row is the visible preorder successor of the row above (first
 *   child of an expanded node, else the next sibling of it or of its
 *   nearest ancestor that has one), rows say what tm_is_expanded says,
 *   leaves are never expanded, and a row knows whether an ancestor was
 *   given "expand all below" (the walk keeps that set itself);
 * - the window is full unless the whole visible tree is shorter;
 * - the cursor is on a row, and each move lands where it says: a goto
 *   on its node, home on the root, end on a row with no successor, a
 *   line down on the successor, parent on the parent, an expand or a
 *   collapse with that fold state.
 *
 * Sorting is left out: the successor rule here knows arrival order only
 * (test-tree-model.c checks the sorts).
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

#include "store.h"
#include "tree-model.h"
#include "cn-test.h"
#include "tmpdb.h"

#define WALK_SEEDS	40
#define WALK_STEPS	300
#define WALK_MAXN	300

/* The tree as the generator made it: parent and children in order. */
struct ref {
	int	 n;
	int	 parent[WALK_MAXN];
	int	 nkids[WALK_MAXN];
	int	 kids[WALK_MAXN][WALK_MAXN];	/* arrival order */
	int	 pos[WALK_MAXN];		/* index among its siblings */
	int64_t	 id[WALK_MAXN];			/* database ids */
	char	 all[WALK_MAXN];		/* given "expand all below" */
};

/* Whether a strict ancestor of i was given "expand all below". */
static int
anc_all(const struct ref *r, int i)
{
	while (i > 0) {
		i = r->parent[i];
		if (r->all[i])
			return 1;
	}
	return 0;
}

static uint64_t
rnd(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static int
rnd_below(uint64_t *s, int n)
{
	return (int)(rnd(s) % (uint64_t)n);
}

/* Index of database id in the reference, or -1. */
static int
ref_of(const struct ref *r, int64_t id)
{
	int	i;

	for (i = 0; i < r->n; i++)
		if (r->id[i] == id)
			return i;
	return -1;
}

/* The next sibling of i or of its nearest ancestor that has one, or -1. */
static int
after_subtree(const struct ref *r, int i)
{
	int	p;

	for (; i > 0; i = p) {
		p = r->parent[i];
		if (r->pos[i] + 1 < r->nkids[p])
			return r->kids[p][r->pos[i] + 1];
	}
	return -1;
}

/* The visible successor of row; -1 at the end of the visible tree. */
static int
successor(const struct ref *r, const struct tm_row *row)
{
	int	i = ref_of(r, row->node.id);

	if (row->expanded && r->nkids[i] > 0)
		return r->kids[i][0];
	return after_subtree(r, i);
}

static struct store *
make_tree(struct ref *r, uint64_t *seed, char *path)
{
	struct store_import_meta	 m = { "walk.jsonl", "test", NULL, 0, 0,
					    0 };
	struct store			*st = NULL;
	struct imp_sink			 sink;
	struct cn_trace			 t;
	struct cn_node			 nd;
	char				*cause = NULL, ext[16], par[16];
	char				 addr[32];
	int				 i, shape;

	tmpdb_path_new(path);
	assert_int_equal(store_open(&st, path, 0, &cause), 0);
	assert_int_equal(store_import_begin(st, &m, &sink, &cause), 0);
	memset(&t, 0, sizeof t);
	t.ext_id = "t";
	t.format = "test";
	assert_int_equal(sink.trace(sink.arg, &t, &cause), CN_OK);

	memset(r, 0, sizeof *r);
	r->n = 1 + rnd_below(seed, WALK_MAXN);
	/* Shapes: any earlier node, recent ones (deep chains), the root. */
	shape = rnd_below(seed, 3);
	for (i = 0; i < r->n; i++) {
		int	p = -1;

		if (i > 0) {
			if (shape == 0)
				p = rnd_below(seed, i);
			else if (shape == 1)
				p = i - 1 - rnd_below(seed, i < 3 ? i : 3);
			else
				p = rnd_below(seed, 4) == 0 ?
				    rnd_below(seed, i) : 0;
			r->pos[i] = r->nkids[p];
			r->kids[p][r->nkids[p]++] = i;
		}
		r->parent[i] = p;
		snprintf(ext, sizeof ext, "n%d", i);
		snprintf(par, sizeof par, "n%d", p);
		cn_node_init(&nd);
		nd.ext_id = ext;
		nd.parent_ext = p < 0 ? NULL : par;
		nd.text = ext;
		nd.sig[CN_SIG_VISITS] = rnd_below(seed, 50);
		nd.sig[CN_SIG_Q] = rnd_below(seed, 100) / 100.0;
		assert_int_equal(sink.node(sink.arg, &nd, &cause), CN_OK);
	}
	assert_int_equal(store_import_end(st, 1, NULL, &cause), 0);
	for (i = 0; i < r->n; i++) {
		snprintf(addr, sizeof addr, "t/n%d", i);
		assert_int_equal(store_node_resolve(st, addr, &r->id[i],
		    &cause), 1);
	}
	return st;
}

static void
check_window(const struct tree_model *tm, const struct ref *r)
{
	const struct tm_row	*row, *next;
	int			 i, n = tm_nrows(tm), k;

	assert_true(n >= 1 && n <= tm_height(tm));
	assert_true(tm_cursor(tm) >= 0 && tm_cursor(tm) < n);
	for (i = 0; i < n; i++) {
		row = tm_row(tm, i);
		k = ref_of(r, row->node.id);
		assert_true(k >= 0);
		assert_int_equal(row->anc_all, anc_all(r, k));
		assert_int_equal(row->expanded,
		    tm_is_expanded(tm, &row->node, row->anc_all));
		if (r->nkids[k] == 0)
			assert_false(row->expanded);
		if (i + 1 < n) {
			next = tm_row(tm, i + 1);
			assert_int_equal(next->node.id,
			    r->id[successor(r, row)]);
		}
	}
	/* Short only when the whole visible tree fits. */
	if (n < tm_height(tm)) {
		assert_int_equal(tm_row(tm, 0)->node.id, r->id[0]);
		assert_int_equal(successor(r, tm_row(tm, n - 1)), -1);
	}
}

static void
walk(uint64_t seed0)
{
	struct ref		*r = calloc(1, sizeof *r);
	struct tree_model	*tm = NULL;
	struct store		*st;
	struct cn_trace		 t;
	const struct cn_node	*cur;
	const struct tm_row	*crow;
	uint64_t		 seed = seed0 * 0x9e3779b97f4a7c15ULL + 1;
	char			 path[64], *cause = NULL;
	int			 step, op, k, before, succ;

	assert_non_null(r);
	st = make_tree(r, &seed, path);
	assert_int_equal(store_trace_find(st, "t", &t, &cause), 1);
	assert_int_equal(tm_open(st, t.id, r->id[0], 1 + rnd_below(&seed, 15),
	    &tm, &cause), 0);
	cn_trace_clear(&t);
	check_window(tm, r);
	for (step = 0; step < WALK_STEPS; step++) {
		crow = tm_row(tm, tm_cursor(tm));
		before = ref_of(r, crow->node.id);
		succ = successor(r, crow);
		op = rnd_below(&seed, 17);
		switch (op) {
		case 0:
			assert_int_equal(tm_move(tm, 1, &cause), 0);
			cur = tm_cursor_node(tm);
			assert_int_equal(cur->id, succ < 0 ? r->id[before] :
			    r->id[succ]);
			break;
		case 1:
			assert_int_equal(tm_move(tm, -1 - rnd_below(&seed, 20),
			    &cause), 0);
			break;
		case 2:
			assert_int_equal(tm_move(tm, 2 + rnd_below(&seed, 40),
			    &cause), 0);
			break;
		case 3:
			assert_int_equal(tm_page(tm, rnd_below(&seed, 2) ? 1 :
			    -1, &cause), 0);
			break;
		case 4:
			assert_int_equal(tm_home(tm, &cause), 0);
			assert_int_equal(tm_cursor_node(tm)->id, r->id[0]);
			break;
		case 5:
			assert_int_equal(tm_end(tm, &cause), 0);
			assert_int_equal(successor(r, tm_row(tm,
			    tm_cursor(tm))), -1);
			break;
		case 6:
			k = rnd_below(&seed, r->n);
			assert_int_equal(tm_goto(tm, r->id[k], &cause), 0);
			assert_int_equal(tm_cursor_node(tm)->id, r->id[k]);
			break;
		case 7:
			assert_int_equal(tm_parent(tm, &cause), 0);
			assert_int_equal(tm_cursor_node(tm)->id,
			    r->id[before == 0 ? 0 : r->parent[before]]);
			break;
		case 8:
			assert_int_equal(tm_first_child(tm, &cause), 0);
			assert_int_equal(tm_cursor_node(tm)->id,
			    r->id[r->nkids[before] > 0 ? r->kids[before][0] :
			    before]);
			break;
		case 9:
			assert_int_equal(tm_sibling(tm, rnd_below(&seed, 2) ?
			    1 : -1, &cause), 0);
			k = ref_of(r, tm_cursor_node(tm)->id);
			assert_true(k == before || (before > 0 &&
			    r->parent[k] == r->parent[before]));
			break;
		case 10:
			assert_int_equal(tm_leaf(tm, rnd_below(&seed, 2) ? 1 :
			    -1, &cause), 0);
			break;
		case 11:
			assert_int_equal(tm_expand(tm, &cause), 0);
			cur = tm_cursor_node(tm);
			assert_int_equal(cur->id, r->id[before]);
			if (r->nkids[before] > 0)
				assert_true(tm_row(tm, tm_cursor(tm))->expanded);
			break;
		case 12:
			assert_int_equal(tm_collapse(tm, &cause), 0);
			break;
		case 13:
			assert_int_equal(tm_toggle(tm, &cause), 0);
			assert_int_equal(tm_cursor_node(tm)->id, r->id[before]);
			break;
		case 14:
			if (rnd_below(&seed, 4) != 0) {
				assert_int_equal(tm_expand_all_below(tm,
				    &cause), 0);
				r->all[before] = 1;
			} else {
				assert_int_equal(tm_collapse_all(tm, &cause),
				    0);
				memset(r->all, 0, sizeof r->all);
			}
			break;
		case 15:
			if (rnd_below(&seed, 2)) {
				assert_int_equal(tm_expand_depth(tm,
				    1 + rnd_below(&seed, 8), &cause), 0);
				memset(r->all, 0, sizeof r->all);
			} else
				assert_int_equal(tm_best_path(tm, &cause), 0);
			break;
		default:
			assert_int_equal(tm_set_height(tm,
			    1 + rnd_below(&seed, 15), &cause), 0);
			break;
		}
		assert_null(cause);
		check_window(tm, r);
	}
	tm_free(tm);
	store_close(st);
	tmpdb_path_remove(path);
	free(r);
}

static void
test_tree_walks(void **state)
{
	uint64_t	s;

	(void)state;
	for (s = 1; s <= WALK_SEEDS; s++)
		walk(s);
}

CN_TEST_MAIN(
	cmocka_unit_test(test_tree_walks))

/*
 * tree-order.c - the tree model's sibling order: first/last child and the
 * next/previous sibling by keyset in the store, or, for a wide node under
 * a signal order (where each keyset step would sort the sibling set), from
 * the sorted ids kept for a few parents. No curses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "tree-model-int.h"

void
tm_sorted_clear(struct tree_model *tm)
{
	int	i;

	for (i = 0; i < TM_SORTED_SLOTS; i++) {
		free(tm->sorted[i].ids);
		memset(&tm->sorted[i], 0, sizeof tm->sorted[i]);
	}
	memset(tm->narrow, 0, sizeof tm->narrow);
}

/*
 * The cached sorted children of parent when it is wide under a signal
 * order, else NULL (*err set on a store error). nkids is the parent's
 * child count, or -1 when the caller does not know it.
 */
static struct sorted_kids *
sorted_get(struct tree_model *tm, int64_t parent, int64_t nkids, int *err,
    char **cause)
{
	struct sorted_kids	*sk, *lru;
	struct cn_node		 p;
	int			 i, rc;

	*err = 0;
	if (STORE_SORT_ORIGINAL(&tm->sort) || parent == 0)
		return NULL;
	lru = &tm->sorted[0];
	for (i = 0; i < TM_SORTED_SLOTS; i++) {
		sk = &tm->sorted[i];
		if (sk->parent == parent) {
			sk->used = ++tm->tick;
			return sk;
		}
		if (sk->used < lru->used)
			lru = sk;
	}
	for (i = 0; i < TM_NARROW_MEMO; i++)
		if (tm->narrow[i] == parent)
			return NULL;
	if (nkids < 0) {
		cn_node_init(&p);
		rc = store_node_get(tm->st, parent, &p, cause);
		nkids = p.child_count;
		cn_node_clear(&p);
		if (rc != 1) {
			*err = rc < 0;
			return NULL;
		}
	}
	if (nkids <= TM_WIDE) {
		tm->narrow[tm->narrow_next++ % TM_NARROW_MEMO] = parent;
		return NULL;
	}
	free(lru->ids);
	memset(lru, 0, sizeof *lru);
	if (store_children_sorted_ids(tm->st, parent, &tm->sort, &lru->ids,
	    &lru->n, cause) != 0) {
		*err = 1;
		return NULL;
	}
	lru->parent = parent;
	lru->used = ++tm->tick;
	return lru;
}

/* Position of id in a sorted child list (near the last hit first). */
static long
sorted_find(struct sorted_kids *sk, int64_t id)
{
	size_t	i, d;

	for (d = 0; d < sk->n; d++) {
		i = (sk->hint + d) % sk->n;
		if (sk->ids[i] == id) {
			sk->hint = i;
			return (long)i;
		}
		i = (sk->hint + sk->n - d % sk->n) % sk->n;
		if (sk->ids[i] == id) {
			sk->hint = i;
			return (long)i;
		}
		if (2 * d > sk->n)
			break;
	}
	return -1;
}

/* Reads node id into *out: 1, or -1 with *cause. */
static int
fetch_id(struct tree_model *tm, int64_t id, struct cn_node *out,
    char **cause)
{
	int	rc;

	cn_node_init(out);
	rc = store_node_get(tm->st, id, out, cause);
	if (rc == 0 && cause != NULL)
		*cause = xasprintf("node %lld is gone", (long long)id);
	return rc == 1 ? 1 : -1;
}

/* First (last) child of parent p in the model's order: 1, 0 or -1. */
int
tm_child_edge(struct tree_model *tm, const struct cn_node *p, int last,
    struct cn_node *out, char **cause)
{
	struct sorted_kids	*sk;
	int			 err;

	if (p->child_count == 0)
		return 0;
	sk = sorted_get(tm, p->id, p->child_count, &err, cause);
	if (err)
		return -1;
	if (sk == NULL)
		return store_child_edge(tm->st, p->id, &tm->sort, last, out,
		    cause);
	if (sk->n == 0)
		return 0;
	sk->hint = last ? sk->n - 1 : 0;
	return fetch_id(tm, sk->ids[sk->hint], out, cause);
}

/* The sibling after (dir > 0) or before n in the model's order. */
int
tm_sibling_step(struct tree_model *tm, const struct cn_node *n, int dir,
    struct cn_node *out, char **cause)
{
	struct sorted_kids	*sk;
	long			 i;
	int			 err;

	if (n->parent_id == 0)
		return 0;
	sk = sorted_get(tm, n->parent_id, -1, &err, cause);
	if (err)
		return -1;
	if (sk == NULL)
		return store_sibling_step(tm->st, n, &tm->sort, dir, out,
		    cause);
	if ((i = sorted_find(sk, n->id)) < 0)
		return store_sibling_step(tm->st, n, &tm->sort, dir, out,
		    cause);
	i += dir > 0 ? 1 : -1;
	if (i < 0 || (size_t)i >= sk->n)
		return 0;
	sk->hint = (size_t)i;
	return fetch_id(tm, sk->ids[i], out, cause);
}

/*
 * analysis-align.c - two subtrees aligned by step text (canopy diff): the
 * children of each aligned pair are matched by equal text, the rest are
 * only in one side.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "analysis.h"

/* A child with its text, sorted by text then position for matching. */
struct kid {
	const char	*text;
	uint32_t	 idx;
	uint32_t	 pos;
	int32_t		 match;		/* index on the other side, or -1 */
};

static int
kid_cmp(const void *x, const void *y)
{
	const struct kid	*a = x, *b = y;
	int			 c = strcmp(a->text, b->text);

	if (c != 0)
		return c;
	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static int
kid_pos_cmp(const void *x, const void *y)
{
	const struct kid	*a = x, *b = y;

	return a->pos < b->pos ? -1 : a->pos > b->pos;
}

static void
align_push(struct an_align *al, int32_t a, int32_t b, int32_t depth)
{
	if (al->n == al->cap)
		al->pairs = xgrow(al->pairs, &al->cap, 64, sizeof *al->pairs);
	al->pairs[al->n].a = a;
	al->pairs[al->n].b = b;
	al->pairs[al->n].depth = depth;
	al->n++;
	if (a >= 0 && b >= 0)
		al->both++;
	else if (a >= 0)
		al->only_a++;
	else
		al->only_b++;
}

/* Emits the whole subtree of r on one side (side 0: A) in preorder. */
static void
align_one_side(struct an_align *al, const struct an_tree *t, uint32_t r,
    int side, int32_t depth)
{
	uint32_t	*stack, sp = 0, cap = 64;
	int32_t		*dep;

	stack = xreallocarray(NULL, cap, sizeof *stack);
	dep = xreallocarray(NULL, cap, sizeof *dep);
	stack[sp] = r;
	dep[sp++] = depth;
	while (sp > 0) {
		uint32_t	v = stack[--sp], k;
		int32_t		d = dep[sp];

		align_push(al, side == 0 ? (int32_t)v : -1,
		    side == 0 ? -1 : (int32_t)v, d);
		/* Pushed in reverse so children come out in order. */
		for (k = t->off[v + 1]; k-- > t->off[v];) {
			if (sp == cap) {
				cap *= 2;
				stack = xreallocarray(stack, cap,
				    sizeof *stack);
				dep = xreallocarray(dep, cap, sizeof *dep);
			}
			stack[sp] = t->kids[k];
			dep[sp++] = d + 1;
		}
	}
	free(stack);
	free(dep);
}

static const char *
text_of(const char *const *text, uint32_t i)
{
	return text[i] != NULL ? text[i] : "";
}

/*
 * Matches the children of a and b; recursion depth is the tree's depth,
 * bounded by an explicit work list instead of the C stack.
 */
struct work {
	uint32_t	 a, b;
	int32_t		 depth;
	int		 kind;		/* 0 pair, 1 only A, 2 only B */
};

void
an_align(const struct an_tree *ta, const char *const *texta, uint32_t ra,
    const struct an_tree *tb, const char *const *textb, uint32_t rb,
    struct an_align *al)
{
	struct work	*w = NULL, cur;
	size_t		 nw = 0, wcap = 0;
	struct kid	*ka = NULL, *kb = NULL;
	size_t		 kacap = 0, kbcap = 0;

	memset(al, 0, sizeof *al);
	wcap = 64;
	w = xreallocarray(NULL, wcap, sizeof *w);
	w[nw++] = (struct work){ ra, rb, 0, 0 };
	while (nw > 0) {
		uint32_t	 na, nb, i, j, x;

		cur = w[--nw];
		if (cur.kind == 1) {
			align_one_side(al, ta, cur.a, 0, cur.depth);
			continue;
		}
		if (cur.kind == 2) {
			align_one_side(al, tb, cur.b, 1, cur.depth);
			continue;
		}
		align_push(al, (int32_t)cur.a, (int32_t)cur.b, cur.depth);
		na = ta->off[cur.a + 1] - ta->off[cur.a];
		nb = tb->off[cur.b + 1] - tb->off[cur.b];
		if (na > kacap) {
			kacap = na;
			ka = xreallocarray(ka, kacap, sizeof *ka);
		}
		if (nb > kbcap) {
			kbcap = nb;
			kb = xreallocarray(kb, kbcap, sizeof *kb);
		}
		for (i = 0; i < na; i++) {
			x = ta->kids[ta->off[cur.a] + i];
			ka[i] = (struct kid){ text_of(texta, x), x, i, -1 };
		}
		for (i = 0; i < nb; i++) {
			x = tb->kids[tb->off[cur.b] + i];
			kb[i] = (struct kid){ text_of(textb, x), x, i, -1 };
		}
		/* qsort's array may not be NULL, even with no members. */
		if (na > 1)
			qsort(ka, na, sizeof *ka, kid_cmp);
		if (nb > 1)
			qsort(kb, nb, sizeof *kb, kid_cmp);
		/* Merge: the k-th of a text in A meets the k-th in B. */
		for (i = j = 0; i < na && j < nb;) {
			int	c = strcmp(ka[i].text, kb[j].text);

			if (c == 0) {
				ka[i].match = (int32_t)kb[j].idx;
				kb[j].match = (int32_t)ka[i].idx;
				i++;
				j++;
			} else if (c < 0)
				i++;
			else
				j++;
		}
		if (na > 1)
			qsort(ka, na, sizeof *ka, kid_pos_cmp);
		if (nb > 1)
			qsort(kb, nb, sizeof *kb, kid_pos_cmp);
		/* A work list pops last first: push B's extras, then A's. */
		if (nw + na + nb > wcap) {
			wcap = (nw + na + nb) * 2;
			w = xreallocarray(w, wcap, sizeof *w);
		}
		for (i = nb; i-- > 0;) {
			if (kb[i].match < 0)
				w[nw++] = (struct work){ 0, kb[i].idx,
				    cur.depth + 1, 2 };
		}
		for (i = na; i-- > 0;) {
			if (ka[i].match < 0)
				w[nw++] = (struct work){ ka[i].idx, 0,
				    cur.depth + 1, 1 };
			else
				w[nw++] = (struct work){ ka[i].idx,
				    (uint32_t)ka[i].match, cur.depth + 1, 0 };
		}
	}
	free(w);
	free(ka);
	free(kb);
}

void
an_align_free(struct an_align *al)
{
	if (al == NULL)
		return;
	free(al->pairs);
	memset(al, 0, sizeof *al);
}

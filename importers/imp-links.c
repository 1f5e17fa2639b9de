/*
 * imp-links.c - validation of trees given as parent links (see
 * imp-links.h). Pure: no sink calls, no JSON.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "imp-links.h"

/* Walk states beyond enum imp_link_status, used only while checking. */
#define ST_TODO		(-1)
#define ST_VISITING	(-2)

int
imp_links_ordcmp(const void *a, const void *b)
{
	const struct imp_link_ord	*x = a, *y = b;
	int			 c;

	if ((c = strcmp(x->id, y->id)) != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* Sorts n items by key: out[j] = index of the j-th smallest. */
size_t *
imp_links_sort(size_t n, const char *(*key)(const void *, size_t),
    const void *arg)
{
	struct imp_link_ord	*k;
	size_t			*out, i;

	k = xreallocarray(NULL, n + 1, sizeof *k);
	out = xreallocarray(NULL, n + 1, sizeof *out);
	for (i = 0; i < n; i++) {
		k[i].id = key(arg, i);
		k[i].i = i;
	}
	qsort(k, n, sizeof *k, imp_links_ordcmp);
	for (i = 0; i < n; i++)
		out[i] = k[i].i;
	free(k);
	return out;
}

/* First index in ord (sorted by key) whose key is s, or -1. */
long
imp_links_find(const size_t *ord, size_t n, const char *(*key)(const void *,
    size_t), const void *arg, const char *s)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(key(arg, ord[mid]), s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && strcmp(key(arg, ord[lo]), s) == 0)
		return (long)ord[lo];
	return -1;
}

/* The first (kept) link with this id, or -1. */
static long
lk_find(const struct imp_link_ord *ord, size_t n, const char *id)
{
	size_t	lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (strcmp(ord[mid].id, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < n && strcmp(ord[lo].id, id) == 0)
		return (long)ord[lo].i;
	return -1;
}

long
imp_links_check(struct imp_link *v, size_t n)
{
	struct imp_link_ord	*ord;
	size_t		*path, npath, i, k;
	int		*st;
	long		 root = -1, cur, p;
	int		 base;
	const char	*cut_id;

	if (n == 0)
		return -1;
	ord = xreallocarray(NULL, n, sizeof *ord);
	path = xreallocarray(NULL, n, sizeof *path);
	st = xreallocarray(NULL, n, sizeof *st);
	for (i = 0; i < n; i++) {
		ord[i].id = v[i].id;
		ord[i].i = i;
		st[i] = ST_TODO;
		v[i].why_id = NULL;
	}
	qsort(ord, n, sizeof *ord, imp_links_ordcmp);
	for (i = 1; i < n; i++)
		if (strcmp(ord[i].id, ord[i - 1].id) == 0)
			st[ord[i].i] = IMP_LINK_DUP;
	for (i = 0; i < n; i++) {
		if (st[i] != ST_TODO || v[i].parent != NULL)
			continue;
		if (root < 0) {
			root = (long)i;
			st[i] = IMP_LINK_OK;
		} else
			st[i] = IMP_LINK_EXTRA_ROOT;
	}

	/*
	 * Walk up from each unresolved link until a resolved one, a missing
	 * parent or a link already on this walk (a cycle); then settle the
	 * whole walk. Each link is walked once, so this is O(n log n).
	 */
	for (i = 0; i < n; i++) {
		if (st[i] != ST_TODO)
			continue;
		npath = 0;
		cur = (long)i;
		cut_id = NULL;
		for (;;) {
			if (st[cur] == ST_VISITING) {
				base = IMP_LINK_CYCLE;
				break;
			}
			if (st[cur] != ST_TODO) {
				base = st[cur] == IMP_LINK_OK ? IMP_LINK_OK :
				    IMP_LINK_CUT;
				cut_id = st[cur] == IMP_LINK_CUT ?
				    v[cur].why_id : v[cur].id;
				break;
			}
			st[cur] = ST_VISITING;
			path[npath++] = (size_t)cur;
			p = lk_find(ord, n, v[cur].parent);
			if (p < 0) {
				st[cur] = IMP_LINK_NO_PARENT;
				npath--;
				base = IMP_LINK_CUT;
				cut_id = v[cur].id;
				break;
			}
			cur = p;
		}
		for (k = 0; k < npath; k++) {
			st[path[k]] = base;
			if (base == IMP_LINK_CUT)
				v[path[k]].why_id = cut_id;
		}
	}
	for (i = 0; i < n; i++)
		v[i].status = (enum imp_link_status)st[i];
	free(ord);
	free(path);
	free(st);
	return root;
}

char *
imp_links_why(const struct imp_link *l, const char *what)
{
	switch (l->status) {
	case IMP_LINK_OK:
		break;
	case IMP_LINK_DUP:
		return xasprintf("%s %s: duplicate id", what, l->id);
	case IMP_LINK_EXTRA_ROOT:
		return xasprintf("%s %s: a second root (no parent)", what,
		    l->id);
	case IMP_LINK_NO_PARENT:
		return xasprintf("%s %s: parent %s is not in the tree", what,
		    l->id, l->parent);
	case IMP_LINK_CYCLE:
		return xasprintf("%s %s: no path to the root (parent links "
		    "form a cycle)", what, l->id);
	case IMP_LINK_CUT:
		return xasprintf("%s %s: ancestor %s was rejected", what,
		    l->id, l->why_id != NULL ? l->why_id : "?");
	}
	return xasprintf("%s %s: ok", what, l->id);
}

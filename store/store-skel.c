/*
 * store-skel.c - the pure part of a trace skeleton (see store-skel.h):
 * everything here works on arrays in memory and never touches SQLite.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "store-skel.h"

/* FNV-1a: ids are short and the map is probed linearly. */
static uint32_t
smap_hash(const char *s)
{
	uint32_t	h = 2166136261u;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

void
smap_free(struct smap *m)
{
	free(m->slots);
	free(m->off);
	free(m->arena);
	memset(m, 0, sizeof *m);
}

int64_t
smap_get(const struct smap *m, const char *key)
{
	uint32_t	i, v;

	if (m->nslots == 0)
		return -1;
	for (i = smap_hash(key) & (m->nslots - 1);;
	    i = (i + 1) & (m->nslots - 1)) {
		if ((v = m->slots[i]) == 0)
			return -1;
		if (strcmp(m->arena + m->off[v - 1], key) == 0)
			return v - 1;
	}
}

const char *
smap_key(const struct smap *m, uint32_t idx)
{
	return m->arena + m->off[idx];
}

static void
smap_place(struct smap *m, uint32_t idx)
{
	uint32_t	i;

	i = smap_hash(m->arena + m->off[idx]) & (m->nslots - 1);
	while (m->slots[i] != 0)
		i = (i + 1) & (m->nslots - 1);
	m->slots[i] = idx + 1;
}

int
smap_add(struct smap *m, const char *key, uint32_t *out)
{
	size_t		len = strlen(key) + 1;
	uint32_t	idx = m->n, i;

	/* Offsets are 32-bit and the table doubles: refuse, never wrap. */
	if (m->alen > UINT32_MAX - len || m->n >= (UINT32_C(1) << 30))
		return -1;
	if ((uint64_t)(m->n + 1) * 2 > m->nslots) {
		free(m->slots);
		m->nslots = m->nslots == 0 ? 32 : m->nslots * 2;
		m->slots = xcalloc(m->nslots, sizeof *m->slots);
		for (i = 0; i < m->n; i++)
			smap_place(m, i);
	}
	if (m->alen + len > m->acap) {
		m->acap = m->acap == 0 ? 256 : m->acap;
		while (m->alen + len > m->acap)
			m->acap *= 2;
		m->arena = xrealloc(m->arena, m->acap);
	}
	if (m->n == m->offcap) {
		m->offcap = m->offcap == 0 ? 16 : m->offcap * 2;
		m->off = xreallocarray(m->off, m->offcap, sizeof *m->off);
	}
	memcpy(m->arena + m->alen, key, len);
	m->off[idx] = (uint32_t)m->alen;
	m->alen += len;
	m->n++;
	smap_place(m, idx);
	*out = idx;
	return 0;
}

void
skel_kids_build(struct skel_kids *k, const int32_t *parent, uint32_t n)
{
	uint32_t	*fill, i, j;

	k->off = xcalloc((size_t)n + 1, sizeof *k->off);
	for (i = 0; i < n; i++)
		if (parent[i] >= 0)
			k->off[parent[i] + 1]++;
	for (i = 0; i < n; i++)
		k->off[i + 1] += k->off[i];
	k->kids = xcalloc(n == 0 ? 1 : n, sizeof *k->kids);
	fill = xcalloc(n == 0 ? 1 : n, sizeof *fill);
	for (i = 0; i < n; i++)
		if (parent[i] >= 0) {
			j = (uint32_t)parent[i];
			k->kids[k->off[j] + fill[j]++] = i;
		}
	free(fill);
}

void
skel_kids_free(struct skel_kids *k)
{
	free(k->off);
	free(k->kids);
	k->off = k->kids = NULL;
}

uint32_t
skel_bfs(const struct skel_kids *k, uint32_t root, uint32_t *order,
    int32_t *depth, int *maxd)
{
	uint32_t	head = 0, tail = 0, i, j;

	*maxd = 0;
	order[tail++] = root;
	depth[root] = 0;
	while (head < tail) {
		i = order[head++];
		for (j = k->off[i]; j < k->off[i + 1]; j++) {
			order[tail++] = k->kids[j];
			depth[k->kids[j]] = depth[i] + 1;
			if (depth[k->kids[j]] > *maxd)
				*maxd = depth[k->kids[j]];
		}
	}
	return tail;
}

void
skel_totals(const struct skel_kids *k, const int32_t *parent,
    const uint32_t *order, const int8_t *outcome, uint32_t n,
    const struct skel_totals *o)
{
	uint32_t	i;
	size_t		x;
	int32_t		p;

	for (i = 0; i < n; i++) {
		int	leaf = k->off[i] == k->off[i + 1];

		o->size[i] = 0;
		o->leaves[i] = leaf;
		o->ok[i] = leaf && outcome[i] == 1;
		o->outc[i] = leaf && outcome[i] >= 0;
		if (!leaf)
			o->best[i] = CN_NOVAL;
	}
	for (x = n; x-- > 0;) {
		i = order[x];
		o->size[i] += 1;
		if ((p = parent[i]) < 0)
			continue;
		o->size[p] += o->size[i];
		o->leaves[p] += o->leaves[i];
		o->ok[p] += o->ok[i];
		o->outc[p] += o->outc[i];
		if (cn_hasval(o->best[i]) &&
		    (!cn_hasval(o->best[p]) || o->best[i] > o->best[p]))
			o->best[p] = o->best[i];
	}
}

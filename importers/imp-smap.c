/*
 * imp-smap.c - open-addressing string map (FNV-1a, linear probing) for
 * importer bookkeeping; see imp-smap.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "canopy.h"
#include "imp-smap.h"

static uint64_t
smap_hash(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void
imp_smap_init(struct imp_smap *m)
{
	memset(m, 0, sizeof *m);
}

void
imp_smap_free(struct imp_smap *m)
{
	size_t	i;

	for (i = 0; i < m->cap; i++) {
		free(m->ent[i].key);
		free(m->ent[i].str);
	}
	free(m->ent);
	memset(m, 0, sizeof *m);
}

static struct imp_smap_ent *
smap_slot(struct imp_smap_ent *ent, size_t cap, const char *key)
{
	size_t	i = (size_t)smap_hash(key) & (cap - 1);

	while (ent[i].key != NULL && strcmp(ent[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &ent[i];
}

struct imp_smap_ent *
imp_smap_get(struct imp_smap *m, const char *key)
{
	struct imp_smap_ent	*e;

	if (m->cap == 0)
		return NULL;
	e = smap_slot(m->ent, m->cap, key);
	return e->key != NULL ? e : NULL;
}

struct imp_smap_ent *
imp_smap_add(struct imp_smap *m, const char *key, int *added)
{
	struct imp_smap_ent	*e, *old, *n;
	size_t			 i, ocap;

	if ((e = imp_smap_get(m, key)) != NULL) {
		*added = 0;
		return e;
	}
	/* Keep the load under 1/2 so probes stay short. */
	if ((m->n + 1) * 2 > m->cap) {
		old = m->ent;
		ocap = m->cap;
		m->cap = ocap == 0 ? 64 : ocap * 2;
		m->ent = xcalloc(m->cap, sizeof *m->ent);
		for (i = 0; i < ocap; i++) {
			if (old[i].key == NULL)
				continue;
			n = smap_slot(m->ent, m->cap, old[i].key);
			*n = old[i];
		}
		free(old);
	}
	e = smap_slot(m->ent, m->cap, key);
	e->key = xstrdup(key);
	e->val = 0;
	e->str = NULL;
	m->n++;
	*added = 1;
	return e;
}

/*
 * hmap.c - the string-keyed hash map; see hmap.h. There is no removal:
 * every user so far only adds, which keeps linear probing simple.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "canopy.h"

static uint64_t
hmap_hash(const char *s)
{
	uint64_t	h = 1469598103934665603ULL;

	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

void
hmap_init(struct hmap *m)
{
	memset(m, 0, sizeof *m);
}

void
hmap_free(struct hmap *m)
{
	size_t	i;

	if (m == NULL)
		return;
	for (i = 0; i < m->cap; i++)
		free(m->ent[i].key);
	free(m->ent);
	memset(m, 0, sizeof *m);
}

static struct hmap_ent *
hmap_slot(struct hmap_ent *ent, size_t cap, const char *key)
{
	size_t	i = (size_t)hmap_hash(key) & (cap - 1);

	while (ent[i].key != NULL && strcmp(ent[i].key, key) != 0)
		i = (i + 1) & (cap - 1);
	return &ent[i];
}

struct hmap_ent *
hmap_get(const struct hmap *m, const char *key)
{
	struct hmap_ent	*e;

	if (m->cap == 0)
		return NULL;
	e = hmap_slot(m->ent, m->cap, key);
	return e->key != NULL ? e : NULL;
}

struct hmap_ent *
hmap_add(struct hmap *m, const char *key, int *added)
{
	struct hmap_ent	*e, *old;
	size_t		 i, ocap;

	if ((e = hmap_get(m, key)) != NULL) {
		if (added != NULL)
			*added = 0;
		return e;
	}
	/* Keep the load under 1/2 so probes stay short. */
	if ((m->n + 1) * 2 > m->cap) {
		old = m->ent;
		ocap = m->cap;
		m->cap = ocap == 0 ? 64 : ocap * 2;
		m->ent = xcalloc(m->cap, sizeof *m->ent);
		for (i = 0; i < ocap; i++)
			if (old[i].key != NULL)
				*hmap_slot(m->ent, m->cap, old[i].key) = old[i];
		free(old);
	}
	e = hmap_slot(m->ent, m->cap, key);
	e->key = xstrdup(key);
	e->val = 0;
	e->ptr = NULL;
	m->n++;
	if (added != NULL)
		*added = 1;
	return e;
}

size_t
hmap_count(const struct hmap *m)
{
	return m->n;
}

struct hmap_ent *
hmap_next(const struct hmap *m, size_t *i)
{
	for (; *i < m->cap; (*i)++)
		if (m->ent[*i].key != NULL)
			return &m->ent[(*i)++];
	return NULL;
}

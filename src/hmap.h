/*
 * hmap.h - a string-keyed hash map (open addressing, linear probing,
 * FNV-1a). Values are an int64 and a pointer side by side, so a caller can
 * keep a counter, an id or an object without a second allocation. Keys are
 * copied; values are the caller's: the map never frees a value pointer.
 * Used wherever a layer keeps bookkeeping keyed by text (importers' trace
 * ids, positions by id); memory grows with distinct keys only.
 */
#ifndef CN_HMAP_H
#define CN_HMAP_H

#include <stddef.h>
#include <stdint.h>

/* One entry; key is NULL in an empty slot. */
struct hmap_ent {
	char		*key;		/* owned copy */
	int64_t		 val;		/* the caller's number, 0 when added */
	void		*ptr;		/* the caller's pointer, NULL when added */
};

struct hmap {
	struct hmap_ent	*ent;
	size_t		 cap;		/* a power of two, or 0 */
	size_t		 n;		/* keys held */
};

/* An empty map; allocates nothing until the first add. */
void	 hmap_init(struct hmap *);
/* Frees the keys and the table (not the values); NULL-safe, reusable. */
void	 hmap_free(struct hmap *);
/* The entry for key, or NULL. Valid until the next hmap_add. */
struct hmap_ent *hmap_get(const struct hmap *, const char *key);
/*
 * The entry for key, added with val 0 and ptr NULL when absent (*added
 * then 1, else 0; added may be NULL). Copies key. Valid until the next
 * hmap_add.
 */
struct hmap_ent *hmap_add(struct hmap *, const char *key, int *added);
/* The number of keys. */
size_t	 hmap_count(const struct hmap *);
/*
 * Iterates: *i starts at 0; returns the next entry, or NULL at the end.
 * The map must not change during the walk. Order is unspecified.
 */
struct hmap_ent *hmap_next(const struct hmap *, size_t *i);

#endif /* CN_HMAP_H */

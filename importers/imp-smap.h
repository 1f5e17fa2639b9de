/*
 * imp-smap.h - a string-keyed map to small integers, for importer-side
 * bookkeeping that must not grow with anything but distinct keys (trace
 * ids seen, problem -> trace). Internal to importers/.
 */
#ifndef CN_IMP_SMAP_H
#define CN_IMP_SMAP_H

#include <stddef.h>
#include <stdint.h>

struct imp_smap_ent {
	char		*key;		/* owned; NULL = empty slot */
	int64_t		 val;
	char		*str;		/* owned string value, or NULL */
};

struct imp_smap {
	struct imp_smap_ent	*ent;
	size_t			 cap;	/* a power of two, or 0 */
	size_t			 n;
};

void	 imp_smap_init(struct imp_smap *);
void	 imp_smap_free(struct imp_smap *);
/* The entry for key, or NULL. Valid until the next imp_smap_add. */
struct imp_smap_ent *imp_smap_get(struct imp_smap *, const char *key);
/*
 * The entry for key, added (val 0, str NULL) if absent; *added says which.
 * Copies key. Valid until the next imp_smap_add.
 */
struct imp_smap_ent *imp_smap_add(struct imp_smap *, const char *key,
	    int *added);

#endif /* CN_IMP_SMAP_H */

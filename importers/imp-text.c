/*
 * imp-text.c - see imp-text.h. No sink calls here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imp-text.h"

char *
imp_text_stem(const char *name, const char *generic)
{
	const char	*base, *dot, *dir, *p;
	char		*stem;

	if (name == NULL || *name == '\0' || strcmp(name, "-") == 0)
		return xstrdup("stdin");
	base = strrchr(name, '/');
	base = base != NULL ? base + 1 : name;
	dot = strrchr(base, '.');
	if (dot == NULL || dot == base)
		dot = base + strlen(base);
	stem = xstrndup(base, (size_t)(dot - base));
	if (generic == NULL || strcmp(stem, generic) != 0 || base == name)
		return stem;
	/* The directory holding the file: name[dir, base - 1). */
	p = base - 1;
	while (p > name && p[-1] == '/')
		p--;
	dir = p;
	while (dir > name && dir[-1] != '/')
		dir--;
	if (p == dir || (p - dir == 1 && *dir == '.'))
		return stem;
	free(stem);
	return xstrndup(dir, (size_t)(p - dir));
}

void
imp_text_join(struct cn_buf *b, const char *sep, const char *s)
{
	if (s == NULL)
		return;
	if (b->len > 0)
		buf_adds(b, sep);
	buf_adds(b, s);
}

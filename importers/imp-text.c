/*
 * imp-text.c - see imp-text.h. No sink calls here.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "imp-text.h"
#include "imp-json.h"

char *
imp_name_stem(const char *name, const char *generic)
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

int
imp_json_isint(const cJSON *v)
{
	double	d;

	if (!cJSON_IsNumber(v))
		return 0;
	d = v->valuedouble;
	return fabs(d) < 9007199254740992.0 && d == floor(d);
}

char *
imp_json_id(const cJSON *v)
{
	if (imp_json_isint(v))
		return xasprintf("%lld", (long long)v->valuedouble);
	if (cJSON_IsString(v) && v->valuestring[0] != '\0')
		return xstrdup(v->valuestring);
	return NULL;
}

char *
imp_json_compact(const cJSON *obj, const char *const *skip)
{
	const cJSON	*c;
	cJSON		*out = NULL;
	char		*s;
	size_t		 i;

	if (!cJSON_IsObject(obj))
		return NULL;
	for (c = obj->child; c != NULL; c = c->next) {
		if (cJSON_IsNull(c) || c->string == NULL)
			continue;
		for (i = 0; skip != NULL && skip[i] != NULL; i++)
			if (strcmp(c->string, skip[i]) == 0)
				break;
		if (skip != NULL && skip[i] != NULL)
			continue;
		if (out == NULL && (out = cJSON_CreateObject()) == NULL)
			fatalx("out of memory building JSON");
		cJSON_AddItemReferenceToObject(out, c->string,
		    (cJSON *)(uintptr_t)c);
	}
	if (out == NULL)
		return NULL;
	s = ijson_print(out);
	cJSON_Delete(out);
	return s;
}

void
imp_buf_join(struct cn_buf *b, const char *sep, const char *s)
{
	if (s == NULL)
		return;
	if (b->len > 0)
		buf_adds(b, sep);
	buf_adds(b, s);
}

/*
 * imp-json.c - cJSON parsing with the project's input rules, and typed
 * field access for the importers.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "imp-json.h"
#include "imp-jscan.h"

/* Finds the first non-finite number in a tree (cJSON maps 1e999 to inf). */
static const cJSON *
json_nonfinite(const cJSON *j)
{
	const cJSON	*c, *bad;

	for (; j != NULL; j = j->next) {
		if (cJSON_IsNumber(j) && !isfinite(j->valuedouble))
			return j;
		if ((c = j->child) != NULL && (bad = json_nonfinite(c)) != NULL)
			return bad;
	}
	return NULL;
}

cJSON *
imp_json_parse(const char *buf, size_t len, const char *name, long lineno,
    char **cause)
{
	const char	*end = NULL;
	cJSON		*j;
	size_t		 bad, pos;
	long		 ln, col;

	if (!imp_utf8_valid(buf, len, &bad)) {
		imp_position(buf, bad, &ln, &col);
		*cause = xasprintf("%s:%ld:%ld: invalid UTF-8 (byte 0x%02x)",
		    name, lineno + ln - 1, col, (unsigned char)buf[bad]);
		return NULL;
	}
	j = cJSON_ParseWithLengthOpts(buf, len, &end, 0);
	if (j == NULL) {
		size_t	off = end != NULL && end >= buf ? (size_t)(end - buf) : 0;
		const char *what = "invalid JSON";

		if (off > len)
			off = len;
		/* cJSON blames the start of a cut-off string: say "cut off". */
		pos = 0;
		if (imp_jscan_skip(buf, len, &pos) == IMP_JSCAN_EOF)
			off = len;
		if (off >= len)
			what = "truncated JSON (unexpected end of input)";
		else if (strncmp(buf + off, "NaN", 3) == 0 ||
		    strncmp(buf + off, "Infinity", 8) == 0 ||
		    strncmp(buf + off, "-Infinity", 9) == 0)
			what = "NaN and Infinity are not JSON numbers";
		imp_position(buf, off, &ln, &col);
		*cause = xasprintf("%s:%ld:%ld: %s", name, lineno + ln - 1, col,
		    what);
		return NULL;
	}
	if (json_nonfinite(j) != NULL) {
		cJSON_Delete(j);
		*cause = xasprintf("%s:%ld:1: number out of range (not finite)",
		    name, lineno);
		return NULL;
	}
	return j;
}

const char *
imp_json_str(const cJSON *obj, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);

	return cJSON_IsString(v) ? v->valuestring : NULL;
}

double
imp_json_num(const cJSON *obj, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (cJSON_IsNumber(v))
		return v->valuedouble;
	if (cJSON_IsBool(v))
		return cJSON_IsTrue(v) ? 1.0 : 0.0;
	return CN_NOVAL;
}

int
imp_json_bool(const cJSON *obj, const char *key)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(obj, key);

	if (!cJSON_IsBool(v))
		return -1;
	return cJSON_IsTrue(v) ? 1 : 0;
}

char *
imp_json_print(const cJSON *j)
{
	char	*s, *r;

	if ((s = cJSON_PrintUnformatted(j)) == NULL)
		fatalx("out of memory printing JSON");
	r = xstrdup(s);
	cJSON_free(s);
	return r;
}

cJSON *
imp_json_minus(const cJSON *obj, const char *const *used, int flags)
{
	const cJSON	*c;
	cJSON		*out = NULL;
	size_t		 i;

	if (!cJSON_IsObject(obj))
		return NULL;
	for (c = obj->child; c != NULL; c = c->next) {
		if (c->string == NULL)
			continue;
		if ((flags & IMP_JSON_NO_NULL) != 0 && cJSON_IsNull(c))
			continue;
		if ((flags & IMP_JSON_NO_EMPTY) != 0 && cJSON_IsString(c) &&
		    *c->valuestring == '\0')
			continue;
		for (i = 0; used != NULL && used[i] != NULL; i++)
			if (strcmp(c->string, used[i]) == 0)
				break;
		if (used != NULL && used[i] != NULL)
			continue;
		if (out == NULL && (out = cJSON_CreateObject()) == NULL)
			fatalx("out of memory building JSON");
		if (!cJSON_AddItemReferenceToObject(out, c->string,
		    (cJSON *)(uintptr_t)c))
			fatalx("out of memory building JSON");
	}
	return out;
}

char *
imp_json_extra(const cJSON *obj, const char *const *used, int flags)
{
	cJSON	*out;
	char	*s;

	if ((out = imp_json_minus(obj, used, flags)) == NULL)
		return NULL;
	s = imp_json_print(out);
	cJSON_Delete(out);
	return s;
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

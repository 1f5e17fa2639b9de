/*
 * imp-bundle.c - the annotation bundle reader (imp-bundle.h). Each line
 * is checked whole before cb sees it, so a caller that stores records
 * only after the last line has been read writes nothing for a bad file.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imp-bundle.h"
#include "imp-json.h"

#define BUNDLE_TYPE	"canopy-annotations"

/* A string member that must be there and not empty. */
static int
need_str(const cJSON *o, const char *key, const char **out, const char *name,
    long line, char **cause)
{
	if (imp_json_get_str(o, key, out) != 1 || **out == '\0') {
		*cause = xasprintf("%s:%ld:1: \"%s\" must be a non-empty"
		    " string", name, line, key);
		return -1;
	}
	return 0;
}

/* An optional string member (absent, null or "": NULL). */
static int
opt_str(const cJSON *o, const char *key, const char **out, const char *name,
    long line, char **cause)
{
	if (imp_json_get_str(o, key, out) < 0) {
		*cause = xasprintf("%s:%ld:1: \"%s\" must be a string or"
		    " null", name, line, key);
		return -1;
	}
	if (*out != NULL && **out == '\0')
		*out = NULL;
	return 0;
}

/* An optional integer member (absent or null: 0). */
static int
opt_int(const cJSON *o, const char *key, int64_t *out, const char *name,
    long line, char **cause)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, key);

	*out = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!imp_json_isint(v)) {
		*cause = xasprintf("%s:%ld:1: \"%s\" must be an integer",
		    name, line, key);
		return -1;
	}
	*out = (int64_t)v->valuedouble;
	return 0;
}

/* Fills r from the label object o. */
static int
read_label(const cJSON *o, struct imp_bundle_rec *r, const char *name,
    char **cause)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(o, "rating");
	int		 fe;

	if (need_str(o, "address", &r->address, name, r->line, cause) != 0)
		return -1;
	r->rating = CN_NORATING;
	if (v != NULL && !cJSON_IsNull(v)) {
		if (!imp_json_isint(v) || v->valuedouble < -1 ||
		    v->valuedouble > 1) {
			*cause = xasprintf("%s:%ld:1: %s: \"rating\" must be"
			    " -1, 0, 1 or null", name, r->line, r->address);
			return -1;
		}
		r->rating = (int)v->valuedouble;
	}
	if (imp_json_get_bool(o, "first_error", &fe) < 0) {
		*cause = xasprintf("%s:%ld:1: %s: \"first_error\" must be"
		    " true or false", name, r->line, r->address);
		return -1;
	}
	r->first_error = fe;
	if (fe && r->rating != -1) {
		*cause = xasprintf("%s:%ld:1: %s: a first error is rated -1",
		    name, r->line, r->address);
		return -1;
	}
	if (opt_str(o, "tags", &r->tags, name, r->line, cause) != 0 ||
	    opt_str(o, "note", &r->note, name, r->line, cause) != 0 ||
	    opt_int(o, "created", &r->created, name, r->line, cause) != 0 ||
	    opt_int(o, "updated", &r->updated, name, r->line, cause) != 0)
		return -1;
	if (r->rating == CN_NORATING && r->tags == NULL && r->note == NULL) {
		*cause = xasprintf("%s:%ld:1: %s: an empty label (no rating,"
		    " tags or note)", name, r->line, r->address);
		return -1;
	}
	return 0;
}

/* Fills r from the preference object o. */
static int
read_pref(const cJSON *o, struct imp_bundle_rec *r, const char *name,
    char **cause)
{
	if (need_str(o, "chosen", &r->chosen, name, r->line, cause) != 0 ||
	    need_str(o, "rejected", &r->rejected, name, r->line, cause) != 0 ||
	    opt_str(o, "note", &r->note, name, r->line, cause) != 0 ||
	    opt_int(o, "created", &r->created, name, r->line, cause) != 0)
		return -1;
	if (strcmp(r->chosen, r->rejected) == 0) {
		*cause = xasprintf("%s:%ld:1: %s: preferred over itself",
		    name, r->line, r->chosen);
		return -1;
	}
	return 0;
}

/* Fills r from the header object o. */
static int
read_header(const cJSON *o, struct imp_bundle_rec *r, const char *name,
    char **cause)
{
	int64_t	v;

	if (opt_int(o, "version", &v, name, r->line, cause) != 0)
		return -1;
	if (v < 1 || v > IMP_BUNDLE_VERSION) {
		*cause = xasprintf("%s:%ld:1: bundle version %lld: this"
		    " canopy reads version %d", name, r->line, (long long)v,
		    IMP_BUNDLE_VERSION);
		return -1;
	}
	r->version = (int)v;
	if (need_str(o, "author", &r->author, name, r->line, cause) != 0 ||
	    opt_int(o, "created", &r->created, name, r->line, cause) != 0)
		return -1;
	return 0;
}

int
imp_bundle_read(FILE *in, const char *name, imp_bundle_cb cb, void *arg,
    char **cause)
{
	struct imp_lines	 l;
	struct imp_bundle_rec	 r;
	const char		*type;
	cJSON			*o = NULL;
	int			 got, rc = -1, header = 0;

	imp_lines_init(&l, in);
	while ((got = imp_lines_next(&l)) == 1) {
		if (l.len == 0 || strspn(l.line, " \t\r") == l.len)
			continue;
		if (l.over) {
			*cause = xasprintf("%s:%ld:1: line longer than %zu"
			    " bytes", name, l.lineno, l.max);
			goto out;
		}
		if ((o = imp_json_parse(l.line, l.len, name, l.lineno,
		    cause)) == NULL)
			goto out;
		memset(&r, 0, sizeof r);
		r.line = l.lineno;
		r.rating = CN_NORATING;
		if (!cJSON_IsObject(o) ||
		    imp_json_get_str(o, "type", &type) != 1) {
			*cause = xasprintf("%s:%ld:1: expected an object with"
			    " a \"type\"", name, l.lineno);
			goto out;
		}
		if (!header) {
			if (strcmp(type, BUNDLE_TYPE) != 0) {
				*cause = xasprintf("%s:%ld:1: not an annotation"
				    " bundle (the first line must have type"
				    " \"%s\")", name, l.lineno, BUNDLE_TYPE);
				goto out;
			}
			r.kind = IMP_BUNDLE_HEADER;
			if (read_header(o, &r, name, cause) != 0)
				goto out;
			header = 1;
		} else if (strcmp(type, "label") == 0) {
			r.kind = IMP_BUNDLE_LABEL;
			if (read_label(o, &r, name, cause) != 0)
				goto out;
		} else if (strcmp(type, "preference") == 0) {
			r.kind = IMP_BUNDLE_PREF;
			if (read_pref(o, &r, name, cause) != 0)
				goto out;
		} else {
			*cause = xasprintf("%s:%ld:1: unknown type (label or"
			    " preference)", name, l.lineno);
			goto out;
		}
		if ((rc = cb(&r, arg)) != 0)
			goto out;
		rc = -1;
		cJSON_Delete(o);
		o = NULL;
	}
	if (got < 0) {
		*cause = xasprintf("%s: read error", name);
		goto out;
	}
	if (!header) {
		*cause = xasprintf("%s:1:1: empty: no bundle header", name);
		goto out;
	}
	rc = 0;
out:
	cJSON_Delete(o);
	imp_lines_free(&l);
	return rc;
}

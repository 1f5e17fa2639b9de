/*
 * imp-scores.c - canopy score files: a reward model's scores for nodes that
 * already exist (from an earlier import). JSONL, one score per line:
 *	{"trace": id, "node": id, "value": num, "name"?: str}
 *	{"trace": id, "path": ["step text", ...], "value": num, "name"?: str}
 * "node" names the node by its ext_id; "path" by the texts of the steps
 * below the root (the sink's score_path). Ids may be strings or integers.
 * Without "name" the line takes opts->score_name (--scores NAME); a line
 * with neither is a bad record. The sink answers CN_BAD for a trace or
 * node that does not exist: that line is a bad record too, so with
 * skip_bad the report counts what did not match.
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "imp-formats.h"
#include "imp-rollout.h"

/* An id given as a string or an integer, as a heap string, or NULL. */
static char *
scores_id(const cJSON *v)
{
	if (cJSON_IsString(v) && v->valuestring[0] != '\0')
		return xstrdup(v->valuestring);
	if (cJSON_IsNumber(v) && v->valuedouble == floor(v->valuedouble) &&
	    fabs(v->valuedouble) < 9e15)
		return xasprintf("%" PRId64, (int64_t)v->valuedouble);
	return NULL;
}

static char *
scores_err(const char *name, const struct imp_lines *l, const char *key,
    const char *what)
{
	return xasprintf("%s:%ld:%ld: %s", name, l->lineno,
	    rollout_key_col(l->line, l->len, key), what);
}

/*
 * Sends one parsed line. Returns 0, -1 with *msg (bad record) or -2 with
 * *cause (fatal). *cur is the trace selected last (heap, or NULL).
 */
static int
scores_record(const cJSON *j, const char *name, const struct imp_lines *l,
    const struct imp_opts *o, const struct imp_sink *sink, char **cur,
    char **msg, char **cause)
{
	struct cn_trace	 t;
	const cJSON	*node, *path, *v, *p;
	const char	*sname = NULL, **texts = NULL;
	char		*trace = NULL, *nid = NULL, *sc = NULL;
	double		 value;
	size_t		 n = 0;
	int		 rc, rv = -1;

	*msg = NULL;
	if (!cJSON_IsObject(j)) {
		*msg = xasprintf("%s:%ld:1: record is not a JSON object",
		    name, l->lineno);
		return -1;
	}
	v = cJSON_GetObjectItemCaseSensitive(j, "trace");
	if (v == NULL) {
		*msg = scores_err(name, l, "trace", "missing \"trace\"");
		return -1;
	}
	if ((trace = scores_id(v)) == NULL) {
		*msg = scores_err(name, l, "trace",
		    "\"trace\" is not a string or an integer");
		return -1;
	}
	node = cJSON_GetObjectItemCaseSensitive(j, "node");
	path = cJSON_GetObjectItemCaseSensitive(j, "path");
	if (node != NULL && path != NULL) {
		*msg = scores_err(name, l, "path",
		    "both \"node\" and \"path\"");
		goto out;
	}
	if (node == NULL && path == NULL) {
		*msg = xasprintf("%s:%ld:1: missing \"node\" or \"path\"",
		    name, l->lineno);
		goto out;
	}
	if (node != NULL && (nid = scores_id(node)) == NULL) {
		*msg = scores_err(name, l, "node",
		    "\"node\" is not a string or an integer");
		goto out;
	}
	if (path != NULL) {
		if (!cJSON_IsArray(path) || cJSON_GetArraySize(path) == 0) {
			*msg = scores_err(name, l, "path",
			    "\"path\" is not a non-empty array of strings");
			goto out;
		}
		texts = xcalloc((size_t)cJSON_GetArraySize(path),
		    sizeof *texts);
		cJSON_ArrayForEach(p, path) {
			if (!cJSON_IsString(p)) {
				*msg = scores_err(name, l, "path", "\"path\" "
				    "is not a non-empty array of strings");
				goto out;
			}
			texts[n++] = p->valuestring;
		}
	}
	v = cJSON_GetObjectItemCaseSensitive(j, "value");
	if (v == NULL) {
		*msg = scores_err(name, l, "value", "missing \"value\"");
		goto out;
	}
	if (!cJSON_IsNumber(v) && !cJSON_IsBool(v)) {
		*msg = scores_err(name, l, "value",
		    "\"value\" is not a number");
		goto out;
	}
	value = ijson_num(j, "value");
	v = cJSON_GetObjectItemCaseSensitive(j, "name");
	if (cJSON_IsString(v) && v->valuestring[0] != '\0')
		sname = v->valuestring;
	else if (v != NULL && !cJSON_IsNull(v)) {
		*msg = scores_err(name, l, "name",
		    "\"name\" is not a non-empty string");
		goto out;
	} else if (o != NULL && o->score_name != NULL)
		sname = o->score_name;
	else {
		*msg = xasprintf("%s:%ld:1: no \"name\" and no score name "
		    "given (--scores NAME)", name, l->lineno);
		goto out;
	}

	/* Select the trace only when it changes. */
	if (*cur == NULL || strcmp(*cur, trace) != 0) {
		free(*cur);
		*cur = NULL;
		memset(&t, 0, sizeof t);
		t.ext_id = trace;
		t.best_reward = t.best_q = t.outcome = CN_NOVAL;
		rc = sink->trace(sink->arg, &t, &sc);
		if (rc != CN_OK)
			goto sinkerr;
		free(sc);
		sc = NULL;
		*cur = xstrdup(trace);
	}
	if (nid != NULL)
		rc = sink->score(sink->arg, nid, sname, value, &sc);
	else
		rc = sink->score_path(sink->arg, texts, n, sname, value, &sc);
	if (rc != CN_OK)
		goto sinkerr;
	rv = 0;
	goto out;
sinkerr:
	if (rc == CN_BAD)
		*msg = xasprintf("%s:%ld:1: %s", name, l->lineno,
		    sc != NULL ? sc : "no such node");
	else {
		rv = -2;
		if (cause != NULL)
			*cause = xasprintf("%s:%ld:1: %s", name, l->lineno,
			    sc != NULL ? sc : "store failure");
	}
out:
	free(sc);
	free(trace);
	free(nid);
	free(texts);
	return rv;
}

int
imp_scores_run(FILE *in, const char *name, const struct imp_opts *o,
    const struct imp_sink *sink, struct imp_report *rep, char **cause)
{
	struct imp_lines	 l;
	cJSON			*j;
	char			*msg, *cur = NULL;
	int			 rc, rv = -1;

	if (cause != NULL)
		*cause = NULL;
	imp_lines_init(&l, in);
	while ((rc = imp_lines_next(&l)) == 1) {
		rollout_strip_bom(&l);
		if (rollout_blank(l.line, l.len))
			continue;
		rep->records++;
		msg = NULL;
		if ((j = ijson_parse(l.line, l.len, name, l.lineno,
		    &msg)) == NULL) {
			if (imp_bad(o, rep, msg, cause) != 0)
				goto out;
			continue;
		}
		rc = scores_record(j, name, &l, o, sink, &cur, &msg, cause);
		cJSON_Delete(j);
		if (rc == -2)
			goto out;
		if (rc == -1 && imp_bad(o, rep, msg, cause) != 0)
			goto out;
	}
	if (rc < 0) {
		if (cause != NULL)
			*cause = xasprintf("%s:%ld: read error", name,
			    l.lineno + 1);
		goto out;
	}
	rv = 0;
out:
	free(cur);
	imp_lines_free(&l);
	return rv;
}

int
imp_scores_sniff(const char *buf, size_t len, char **why)
{
	if (rollout_find_key(buf, len, "value") < 0 ||
	    (rollout_find_key(buf, len, "node") < 0 &&
	    rollout_find_key(buf, len, "path") < 0)) {
		*why = xstrdup("no \"value\" with \"node\" or \"path\"");
		return 0;
	}
	if (rollout_find_key(buf, len, "type") >= 0) {
		*why = xstrdup("has \"type\"");
		return 0;
	}
	return 1;
}

/*
 * imp-scores.c - canopy score files: a reward model's scores for nodes that
 * already exist (from an earlier import; docs/rollouts.md). JSONL, one
 * score per line:
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
#include "imp-rec.h"

static char *
scores_err(struct imp_jrec *jr, const char *key, const char *what)
{
	return imp_jrec_at(jr, key, "%s", what);
}

/* What scores_record needs besides the record. */
struct scores {
	struct imp_ctx		 ctx;	/* imp_rec_run's */
	char			*cur;	/* trace selected last, or NULL */
};

/* Sends one parsed line (an imp_rec_fn). */
static int
scores_record(struct imp_jrec *jr, const cJSON *j, void *arg, char **msg)
{
	struct scores		*st = arg;
	const struct imp_opts	*o = st->ctx.opts;
	const struct imp_sink	*sink = st->ctx.sink;
	char			**cur = &st->cur;
	struct cn_trace	 t;
	const cJSON	*node, *path, *v, *p;
	const char	*sname = NULL, **texts = NULL;
	char		*trace = NULL, *nid = NULL, *sc = NULL;
	double		 value;
	size_t		 n = 0;
	int		 rc, rv = CN_BAD;

	*msg = NULL;
	if (!cJSON_IsObject(j)) {
		*msg = imp_jrec_at(jr, NULL, "record is not a JSON object");
		return CN_BAD;
	}
	v = cJSON_GetObjectItemCaseSensitive(j, "trace");
	if (v == NULL) {
		*msg = scores_err(jr, "trace", "missing \"trace\"");
		return CN_BAD;
	}
	if ((trace = imp_json_id(v)) == NULL) {
		*msg = scores_err(jr, "trace",
		    "\"trace\" is not a string or an integer");
		return CN_BAD;
	}
	node = cJSON_GetObjectItemCaseSensitive(j, "node");
	path = cJSON_GetObjectItemCaseSensitive(j, "path");
	if (node != NULL && path != NULL) {
		*msg = scores_err(jr, "path",
		    "both \"node\" and \"path\"");
		goto out;
	}
	if (node == NULL && path == NULL) {
		*msg = imp_jrec_at(jr, NULL, "missing \"node\" or \"path\"");
		goto out;
	}
	if (node != NULL && (nid = imp_json_id(node)) == NULL) {
		*msg = scores_err(jr, "node",
		    "\"node\" is not a string or an integer");
		goto out;
	}
	if (path != NULL) {
		if (!cJSON_IsArray(path) || cJSON_GetArraySize(path) == 0) {
			*msg = scores_err(jr, "path",
			    "\"path\" is not a non-empty array of strings");
			goto out;
		}
		texts = xcalloc((size_t)cJSON_GetArraySize(path),
		    sizeof *texts);
		cJSON_ArrayForEach(p, path) {
			if (!cJSON_IsString(p)) {
				*msg = scores_err(jr, "path", "\"path\" "
				    "is not a non-empty array of strings");
				goto out;
			}
			texts[n++] = p->valuestring;
		}
	}
	if (imp_rec_need(jr, j, "value", cJSON_Number | IMP_REC_BOOL,
	    "a number", msg) == NULL)
		goto out;
	value = imp_json_num(j, "value");
	v = cJSON_GetObjectItemCaseSensitive(j, "name");
	if (cJSON_IsString(v) && v->valuestring[0] != '\0')
		sname = v->valuestring;
	else if (v != NULL && !cJSON_IsNull(v)) {
		*msg = scores_err(jr, "name",
		    "\"name\" is not a non-empty string");
		goto out;
	} else if (o != NULL && o->score_name != NULL)
		sname = o->score_name;
	else {
		*msg = imp_jrec_at(jr, NULL, "no \"name\" and no score name "
		    "given (--scores NAME)");
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
	rv = CN_OK;
	goto out;
sinkerr:
	if (rc == CN_BAD)
		*msg = imp_jrec_at(jr, NULL, "%s",
		    sc != NULL ? sc : "no such node");
	else {
		rv = CN_FATAL;
		*msg = imp_jrec_at(jr, NULL, "%s",
		    sc != NULL ? sc : "store failure");
	}
out:
	free(sc);
	free(trace);
	free(nid);
	free(texts);
	return rv;
}

static int
scores_end(void *arg, int rc, char **cause)
{
	struct scores	*sc = arg;

	free(sc->cur);
	return rc;
}

const struct imp_rec_kind imp_scores_kind = {
	sizeof (struct scores), 0, scores_record, scores_end
};

int
imp_scores_sniff(const char *buf, size_t len, char **why)
{
	size_t	span, f = imp_rec_first(buf, len, &span);

	/* A top-level array of records: its first element. */
	buf += f;
	len -= f;
	if (imp_jscan_member(buf, len, "value") < 0 ||
	    (imp_jscan_member(buf, len, "node") < 0 &&
	    imp_jscan_member(buf, len, "path") < 0)) {
		*why = xstrdup("no \"value\" with \"node\" or \"path\"");
		return 0;
	}
	if (imp_jscan_member(buf, len, "type") >= 0) {
		*why = xstrdup("has \"type\"");
		return 0;
	}
	return 1;
}

/*
 * imp-processbench.c - ProcessBench splits (QwenLM/ProcessBench, e.g.
 * gsm8k.json): one JSON array of
 *	{id, generator, problem, steps: [str], final_answer_correct, label}
 * where label is the 0-based index of the earliest wrong step, -1 = none.
 *
 * Limits: the file is one JSON document, read whole into memory and parsed
 * at once (the real splits are 0.4-3 MB). A syntax error anywhere stops
 * the import: an array cannot be resynchronised after it. A well-formed
 * element with wrong fields is a bad record (--skip-bad skips it).
 *
 * Mapping, one trace per element:
 *	trace	ext id = id (ids must be unique in the file), problem,
 *		extra = every other member (generator, ...)
 *	"root"	role root, text = problem
 *	"1".."n" role step, text = steps[i-1], a chain below the root; the
 *		last is terminal and has signal outcome =
 *		final_answer_correct (1/0)
 *	annotations, author "processbench": steps before `label` rating +1,
 *		the step at `label` rating -1 with first_error, steps after
 *		it none; label -1 rates every step +1. A label >= 0 with
 *		final_answer_correct true occurs in the real data (a process
 *		error but the right answer): both are kept as they are.
 * Node src_line is the line of the step's string in the file.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imp-formats.h"
#include "imp-rec.h"
#include "hmap.h"

#define PB_AUTHOR	"processbench"

static const char *const pb_used[] = {
	"id", "problem", "steps", "final_answer_correct", "label", NULL
};

/* Checks one element; fills the fields the mapping needs. */
static int
pb_check(struct imp_jrec *jr, const cJSON *el, const char **id,
    const char **problem, const cJSON **steps, int *outcome, int *label,
    char **msg)
{
	const cJSON	*iv, *pv, *ov, *v;
	int		 n;
	const struct imp_rec_field	 first[] = {
		{ "id", cJSON_String, 1, &iv },
		{ "problem", cJSON_String, 1, &pv },
		{ "steps", cJSON_Array, 1, steps },
		{ NULL, 0, 0, NULL }
	}, last[] = {
		{ "final_answer_correct", IMP_REC_BOOL, 1, &ov },
		{ "label", cJSON_Number, 1, &v },
		{ NULL, 0, 0, NULL }
	};

	if (imp_rec_fields(jr, el, "", first, msg) != 0)
		return -1;
	*id = iv->valuestring;
	*problem = pv->valuestring;
	n = cJSON_GetArraySize(*steps);
	if (n == 0) {
		*msg = imp_jrec_msg(jr, "steps", "empty (a solution has at "
		    "least one step)");
		return -1;
	}
	if (imp_rec_strings(jr, *steps, "steps", msg) < 0)
		return -1;
	if (imp_rec_fields(jr, el, "", last, msg) != 0)
		return -1;
	*outcome = cJSON_IsTrue(ov);
	if (v->valuedouble != (double)(int)v->valuedouble ||
	    v->valuedouble < -1 || v->valuedouble >= n) {
		*msg = imp_jrec_msg(jr, "label", "%g is not -1 or a step "
		    "index 0..%d", v->valuedouble, n - 1);
		return -1;
	}
	*label = (int)v->valuedouble;
	return 0;
}

/* Sends one checked element to the sink. */
static int
pb_emit(struct imp_jrec *jr, const cJSON *el, const char *id,
    const char *problem, const cJSON *steps, int outcome, int label,
    const struct imp_sink *sink, long line, char **msg)
{
	struct cn_trace		 t;
	struct cn_node		 n;
	struct cn_annotation	 a;
	const cJSON		*s;
	char			 ext[32], parent[32], *path, *extra;
	int			 i, rc, nsteps;

	extra = imp_json_extra(el, pb_used, 0);
	t = (struct cn_trace){ .ext_id = id, .format = "processbench",
	    .problem = problem, .extra = extra };
	rc = imp_rec_trace(sink, &t, jr->name, line, msg);
	free(extra);
	if (rc != CN_OK)
		return rc;

	if ((rc = imp_rec_root(sink, problem, NULL, 0, jr->name, line,
	    msg)) != CN_OK)
		return rc;

	nsteps = cJSON_GetArraySize(steps);
	i = 0;
	cJSON_ArrayForEach(s, steps) {
		snprintf(ext, sizeof ext, "%d", i + 1);
		if (i == 0)
			snprintf(parent, sizeof parent, "root");
		else
			snprintf(parent, sizeof parent, "%d", i);
		cn_node_init(&n);
		n.ext_id = ext;
		n.parent_ext = parent;
		n.role = "step";
		n.text = s->valuestring;
		path = imp_rec_index("steps", i);
		n.src_line = imp_jrec_line(jr, path);
		free(path);
		if (i == nsteps - 1) {
			n.terminal = 1;
			n.sig[CN_SIG_OUTCOME] = outcome;
		}
		if ((rc = imp_rec_node(sink, &n, jr->name, msg)) != CN_OK)
			return rc;
		if (label < 0 || i <= label) {
			memset(&a, 0, sizeof a);
			a.node_ext = ext;
			a.author = PB_AUTHOR;
			a.rating = label >= 0 && i == label ? -1 : 1;
			a.first_error = label >= 0 && i == label;
			rc = imp_rec_annotation(sink, &a, jr->name,
			    (long)n.src_line, msg);
			if (rc != CN_OK)
				return rc;
		}
		i++;
	}
	return CN_OK;
}

int
imp_processbench_read(FILE *in, const char *name, const struct imp_opts *o,
    const struct imp_sink *sink, struct imp_report *r, char **cause)
{
	struct imp_jrec	 jr;
	struct hmap	 ids;
	struct hmap_ent *e;
	cJSON		*doc = NULL;
	const cJSON	*el;
	const char	*id, *problem;
	const cJSON	*steps;
	char		*buf = NULL, *msg;
	size_t		 len, pos;
	long		 line, col;
	int		 ret = -1, rc, outcome, label, added;

	hmap_init(&ids);
	if (imp_slurp(in, name, IMP_MAX_DOC, &buf, &len, cause) != 0)
		goto out;
	/* A byte order mark: blanks keep the columns right. */
	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		memset(buf, ' ', 3);
	if ((doc = imp_json_parse(buf, len, name, 1, cause)) == NULL)
		goto out;
	memset(&jr, 0, sizeof jr);
	jr.name = name;
	jr.doc = buf;
	jr.len = len;
	jr.line0 = 1;
	if (!cJSON_IsArray(doc)) {
		if (cause != NULL)
			*cause = imp_jrec_msg(&jr, NULL, "expected a JSON "
			    "array of ProcessBench records, not %s",
			    imp_rec_type(doc));
		goto out;
	}
	/* Element offsets come from the text: cJSON keeps none. */
	pos = imp_jscan_value(buf, len, NULL) + 1;
	cJSON_ArrayForEach(el, doc) {
		while (pos < len && ((unsigned char)buf[pos] <= 0x20 ||
		    buf[pos] == ','))
			pos++;
		jr.base = pos;
		/* Not inside CN_NEVER: debug builds evaluate it twice. */
		rc = imp_jscan_skip(buf, len, &pos);
		if (CN_NEVER(rc != IMP_JSCAN_OK))
			pos = len;
		r->records++;
		imp_jrec_pos(&jr, jr.base, &line, &col);
		msg = NULL;
		rc = CN_BAD;
		if (pb_check(&jr, el, &id, &problem, &steps, &outcome, &label,
		    &msg) == 0) {
			e = hmap_add(&ids, id, &added);
			if (!added)
				msg = imp_jrec_msg(&jr, "id", "duplicate id "
				    "\"%s\" (first at line %lld)", id,
				    (long long)e->val);
			else {
				e->val = line;
				rc = pb_emit(&jr, el, id, problem, steps,
				    outcome, label, sink, line, &msg);
			}
		}
		if (imp_rec_done(rc, o, r, msg, cause) != 0)
			goto out;
	}
	ret = 0;
out:
	cJSON_Delete(doc);
	free(buf);
	hmap_free(&ids);
	return ret;
}

int
imp_processbench_sniff(const char *buf, size_t len, char **why)
{
	struct imp_jscan_key	 keys[16];
	size_t			 p = 0;
	int			 n, complete;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		p = 3;
	while (p < len && strchr(" \t\r\n", buf[p]) != NULL)
		p++;
	if (p >= len || buf[p] != '[') {
		*why = xstrdup("not a JSON array");
		return 0;
	}
	p++;
	n = imp_jscan_keys(buf + p, len - p, keys, 16, &complete);
	if (n < 0) {
		*why = xstrdup("a JSON array, but its first element is not "
		    "an object");
		return 0;
	}
	/* "label" comes last in the real files, after possibly long steps. */
	if (imp_jscan_key_find(keys, n, "steps") == NULL ||
	    (imp_jscan_key_find(keys, n, "label") == NULL &&
	    imp_jscan_key_find(keys, n, "final_answer_correct") == NULL &&
	    imp_jscan_key_find(keys, n, "generator") == NULL)) {
		*why = xstrdup("first element has no \"steps\" with \"label\", "
		    "\"final_answer_correct\" or \"generator\"");
		return 0;
	}
	return 1;
}

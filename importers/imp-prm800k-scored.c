/*
 * imp-prm800k-scored.c - OpenAI PRM800K scored samples, the
 * `prm800k-scored` format (JSONL, read line by line; the label files are
 * imp-prm800k.c):
 *
 *	{problem, answer | given_answer, is_correct, subject, level,
 *	 unique_id, steps: [str], rating_probs: [{"-1","0","1"}],
 *	 orm_score, prm_score, ground_truth_answer}
 *   Samples of one problem (same unique_id, or same problem text when there
 *   is none) form ONE trace, a best-of-N forest under one root, whether or
 *   not they are adjacent (a map problem -> trace is kept, one entry per
 *   distinct problem). Trace ext id: unique_id as is
 *   ("test/precalculus/779.json"), or "problem-<k>" for the k-th distinct
 *   problem without one ("~<n>" is appended if that id is taken in the
 *   file); problem-level fields (ground_truth_answer -> ground truth,
 *   subject, level, unique_id -> extra) come from its first sample.
 *	"root"	role root, text = problem
 *	"<s>.<i>" step i (1-based) of the s-th sample (1-based, in file order)
 *		of that problem: role step, chain below the root. Signals:
 *		"prm" = rating_probs[i]["1"], "prm:p-1" and "prm:p0" the two
 *		other probabilities (all three kept as signals, none in
 *		extra). The last step is terminal and also has "prm_score",
 *		"orm_score" and outcome = is_correct (1/0), and the extra
 *		holding the sample's other members (answer, ...).
 * Scores are stored as given (probabilities 0..1), never rescaled.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imp-formats.h"
#include "imp-rec.h"
#include "hmap.h"

/* State of one prm800k-scored import. */
struct p8s_state {
	struct imp_ctx		 ctx;		/* imp_rec_run's */
	struct hmap		 groups;	/* key -> samples, ext id */
	struct hmap		 exts;		/* ext ids given out */
	char			*current;	/* key of the current trace */
	int64_t			 nproblems;
};

/* The trace ext id for a new problem (heap). */
static char *
p8s_ext_id(struct p8s_state *ps, const char *unique_id)
{
	char			*id, *base;
	int			 added, k;

	/* Addresses may hold '/' in trace ids: unique_id is kept as is. */
	if (unique_id != NULL)
		base = xstrdup(unique_id);
	else
		base = xasprintf("problem-%lld", (long long)ps->nproblems);
	id = xstrdup(base);
	for (k = 2;; k++) {
		hmap_add(&ps->exts, id, &added);
		if (added)
			break;
		free(id);
		id = xasprintf("%s~%d", base, k);
	}
	free(base);
	return id;
}

/* Checks rating_probs[i]: an object with numbers "-1", "0" and "1". */
static int
p8s_check_probs(struct imp_jrec *jr, const cJSON *p, int i, double v[3],
    char **msg)
{
	static const char *const keys[3] = { "1", "-1", "0" };
	const cJSON	*x;
	char		*at;
	int		 k, ret = -1;

	at = xasprintf("rating_probs[%d]", i);
	if (imp_rec_object(jr, p, at, msg) != 0)
		goto out;
	for (k = 0; k < 3; k++) {
		if ((x = imp_rec_get(jr, p, at, keys[k], cJSON_Number, 1,
		    msg)) == NULL)
			goto out;
		v[k] = x->valuedouble;
	}
	ret = 0;
out:
	free(at);
	return ret;
}

static int
p8s_record(struct imp_jrec *jr, const cJSON *rec, void *arg, char **msg)
{
	static const char *const sample_used[] = {
		"problem", "ground_truth_answer", "subject", "level",
		"unique_id", "steps", "rating_probs", "is_correct",
		"prm_score", "orm_score", NULL
	};
	static const char *const trace_keys[] = {
		"subject", "level", "unique_id", NULL
	};
	static const char *const probs_used[] = { "1", "-1", "0", NULL };
	struct p8s_state	*ps = arg;
	struct hmap_ent	*g;
	struct cn_trace		 t;
	struct cn_node		 n;
	struct cn_signal	 sig[5];
	const cJSON		*problem, *uid, *gt, *steps, *probs, *s, *v;
	const cJSON		*prm, *orm;
	const char		*key;
	cJSON			*x, *sub;
	char			*extra, ext[48], parent[48];
	double			 (*pv)[3] = NULL;
	int			 rc = CN_BAD, i, nsteps, correct, added;
	int			 sample;
	const struct imp_rec_field	 fields[] = {
		{ "problem", cJSON_String, 1, &problem },
		{ "unique_id", cJSON_String, 0, &uid },
		{ "ground_truth_answer", cJSON_String, 0, &gt },
		{ "steps", cJSON_Array, 1, &steps },
		{ "rating_probs", cJSON_Array, 1, &probs },
		{ NULL, 0, 0, NULL }
	}, scores[] = {
		{ "is_correct", IMP_REC_BOOL, 0, &v },
		{ "prm_score", cJSON_Number, 0, &prm },
		{ "orm_score", cJSON_Number, 0, &orm },
		{ NULL, 0, 0, NULL }
	};

	if (imp_rec_fields(jr, rec, "", fields, msg) != 0)
		return CN_BAD;
	nsteps = cJSON_GetArraySize(steps);
	if (nsteps == 0) {
		*msg = imp_jrec_msg(jr, "steps", "empty (a sample has at least "
		    "one step)");
		return CN_BAD;
	}
	if (cJSON_GetArraySize(probs) != nsteps) {
		*msg = imp_jrec_msg(jr, "rating_probs", "%d entries for %d "
		    "steps", cJSON_GetArraySize(probs), nsteps);
		return CN_BAD;
	}
	if (imp_rec_strings(jr, steps, "steps", msg) < 0)
		return CN_BAD;
	pv = xcalloc((size_t)nsteps, sizeof *pv);
	i = 0;
	cJSON_ArrayForEach(s, probs) {
		if (p8s_check_probs(jr, s, i, pv[i], msg) != 0)
			goto out;
		i++;
	}
	if (imp_rec_fields(jr, rec, "", scores, msg) != 0)
		goto out;
	correct = v != NULL ? cJSON_IsTrue(v) : -1;

	key = uid != NULL ? uid->valuestring : problem->valuestring;
	g = hmap_add(&ps->groups, key, &added);
	if (added) {
		ps->nproblems++;
		g->ptr = p8s_ext_id(ps, uid != NULL ? uid->valuestring :
		    NULL);
		t = (struct cn_trace){ .ext_id = g->ptr,
		    .format = "prm800k-scored",
		    .problem = problem->valuestring,
		    .ground_truth = gt != NULL ? gt->valuestring : NULL };
		x = NULL;
		for (i = 0; trace_keys[i] != NULL; i++) {
			if ((v = cJSON_GetObjectItemCaseSensitive(rec,
			    trace_keys[i])) == NULL)
				continue;
			if (x == NULL && (x = cJSON_CreateObject()) == NULL)
				fatalx("out of memory building JSON");
			cJSON_AddItemReferenceToObject(x, trace_keys[i],
			    (cJSON *)(uintptr_t)v);
		}
		t.extra = extra = x != NULL ? imp_json_print(x) : NULL;
		cJSON_Delete(x);
		rc = imp_rec_trace(ps->ctx.sink, &t, jr->name, jr->line0, msg);
		free(extra);
		if (rc != CN_OK)
			goto out;
		free(ps->current);
		ps->current = xstrdup(key);
		if ((rc = imp_rec_root(ps->ctx.sink, problem->valuestring,
		    NULL, 0, jr->name, jr->line0, msg)) != CN_OK)
			goto out;
	} else if (ps->current == NULL || strcmp(ps->current, key) != 0) {
		/* Resume the problem's trace: only ext_id set. */
		t = (struct cn_trace){ .ext_id = g->ptr };
		if ((rc = imp_rec_trace(ps->ctx.sink, &t, jr->name, jr->line0,
		    msg)) != CN_OK)
			goto out;
		free(ps->current);
		ps->current = xstrdup(key);
	}
	sample = (int)++g->val;

	snprintf(parent, sizeof parent, "root");
	i = 0;
	cJSON_ArrayForEach(s, steps) {
		snprintf(ext, sizeof ext, "%d.%d", sample, i + 1);
		cn_node_init(&n);
		n.ext_id = ext;
		n.parent_ext = parent;
		n.role = "step";
		n.text = s->valuestring;
		n.src_line = jr->line0;
		sig[0].name = "prm";
		sig[0].value = pv[i][0];
		sig[1].name = "prm:p-1";
		sig[1].value = pv[i][1];
		sig[2].name = "prm:p0";
		sig[2].value = pv[i][2];
		n.more = sig;
		n.nmore = 3;
		x = NULL;
		if (i == nsteps - 1) {
			n.terminal = 1;
			if (correct >= 0)
				n.sig[CN_SIG_OUTCOME] = correct;
			if (prm != NULL) {
				sig[n.nmore].name = "prm_score";
				sig[n.nmore++].value = prm->valuedouble;
			}
			if (orm != NULL) {
				sig[n.nmore].name = "orm_score";
				sig[n.nmore++].value = orm->valuedouble;
			}
			x = imp_json_minus(rec, sample_used, 0);
		}
		/* Unknown keys of rating_probs[i] ride along too. */
		if ((sub = imp_json_minus(cJSON_GetArrayItem(probs, i),
		    probs_used, 0)) != NULL) {
			if (x == NULL && (x = cJSON_CreateObject()) == NULL)
				fatalx("out of memory building JSON");
			cJSON_AddItemToObject(x, "rating_probs", sub);
		}
		extra = x != NULL ? imp_json_print(x) : NULL;
		cJSON_Delete(x);
		n.extra = extra;
		rc = imp_rec_node(ps->ctx.sink, &n, jr->name, msg);
		free(extra);
		if (rc != CN_OK)
			goto out;
		snprintf(parent, sizeof parent, "%s", ext);
		i++;
	}
	rc = CN_OK;
out:
	free(pv);
	return rc;
}

static int
p8s_end(void *arg, int rc, char **cause)
{
	struct p8s_state	*ps = arg;
	struct hmap_ent		*g;
	size_t			 it;

	/* The map leaves its values alone: the ext ids are ours. */
	it = 0;
	while ((g = hmap_next(&ps->groups, &it)) != NULL)
		free(g->ptr);
	hmap_free(&ps->groups);
	hmap_free(&ps->exts);
	free(ps->current);
	return rc;
}

const struct imp_rec_kind imp_prm800k_scored_kind = {
	sizeof (struct p8s_state), 0, p8s_record, p8s_end
};

int
imp_prm800k_scored_sniff(const char *buf, size_t len, char **why)
{
	static const char *const alts[] = { "steps=[ rating_probs=[", NULL };

	return imp_rec_sniff_keys(buf, len, alts, "first record has no "
	    "\"steps\" and \"rating_probs\" arrays", why);
}

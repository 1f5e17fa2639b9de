/*
 * imp-prm800k.c - OpenAI PRM800K label files (JSONL, one record a line,
 * read line by line: memory is bounded by the longest line); the scored
 * samples (`prm800k-scored`) are imp-prm800k-scored.c.
 *
 * `prm800k`: phase 1 and phase 2 label files (phase{1,2}_{train,test}.jsonl)
 *	{labeler, timestamp, generation, is_quality_control_question,
 *	 is_initial_screening_question,
 *	 question: {problem, ground_truth_answer, ground_truth_solution?,
 *	            pre_generated_steps?, pre_generated_answer?,
 *	            pre_generated_verifier_score?},
 *	 label: {steps: [{completions: [{text, rating, flagged}],
 *	                  human_completion, chosen_completion}],
 *	         total_time, finish_reason}}
 *   One trace per line, ext id "<first 8 of labeler>-<timestamp>" (a
 *   repeated id in one file is a bad record). Node ids:
 *	"root"	role root, text = question.problem; signal "verifier" =
 *		pre_generated_verifier_score (phase 2)
 *	"<i>.<j>" completion j (0-based, the index chosen_completion uses) of
 *		labelled step i (1-based): role "step" if it is the chosen
 *		completion, else "alternative"; parent = the node that
 *		continues the chain at step i-1 ("root" for i = 1)
 *	"<i>.h"	the human completion of step i (an object in the real
 *		files, a bare string per the README: both read): role
 *		"human"; chosen when it continues the chain (that is, when
 *		chosen_completion is null)
 *	"<i>"	pre_generated_steps[i-1] past the labelled prefix (phase
 *		2): role "step", unlabelled, a chain below the node of the
 *		last labelled step whose text is that pre-generated step
 *   The chain continues from the chosen completion, else from the human
 *   one; a step with neither ends labelling and must be the last one.
 *   Ratings -1/0/+1 become annotations by "prm800k:<labeler>"; flagged true
 *   adds the tag "flagged" (flagged false or null stays in the node's
 *   extra). Nodes whose text holds the "# Answer" line are terminal.
 *   ground_truth_answer is the trace's ground truth. Everything else
 *   (labeler, timestamp, generation, the two question flags,
 *   ground_truth_solution, pre_generated_answer, total_time,
 *   finish_reason, unknown members) goes to the trace extra, nested as in
 *   the record ({"question": {...}, "label": {...}}); unknown members of a
 *   step go to the extra of its first node as {"step": {...}}.
 *   pre_generated_steps is used (and left out of extra) when each labelled
 *   step has a completion with the pre-generated text; otherwise the
 *   labels went another way and it is kept whole in the extra instead.
 *
 * Scores are stored as given (probabilities 0..1), never rescaled.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imp-formats.h"
#include "imp-rec.h"
#include "hmap.h"

/* State of one prm800k import. */
struct p8_state {
	struct imp_ctx		 ctx;	/* imp_rec_run's */
	struct hmap		 ids;	/* trace ext id -> line */
};

/* One labelled step, after checking. */
struct p8_step {
	const cJSON	*step;
	const cJSON	*comps;
	int		 ncomp;
	int		 chosen;	/* -1 = null */
	const cJSON	*human;		/* object, string or NULL */
	const char	*human_text;
	char		 next[32];	/* ext id continuing the chain */
};

/* Whether a step's text holds PRM800K's final-answer line. */
static int
p8_is_answer(const char *text)
{
	return strncmp(text, "# Answer", 8) == 0 ||
	    strstr(text, "\n# Answer") != NULL;
}

/* Checks a rating member: absent, null, -1, 0 or 1. */
static int
p8_rating(struct imp_jrec *jr, const cJSON *c, const char *at, int *rating,
    char **msg)
{
	const cJSON	*v = cJSON_GetObjectItemCaseSensitive(c, "rating");
	char		*path;

	*rating = CN_NORATING;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (cJSON_IsNumber(v) && (v->valuedouble == -1 ||
	    v->valuedouble == 0 || v->valuedouble == 1)) {
		*rating = (int)v->valuedouble;
		return 0;
	}
	path = imp_rec_path(at, "rating");
	if (cJSON_IsNumber(v))
		*msg = imp_jrec_msg(jr, path, "expected -1, 0, 1 or null, "
		    "not %g", v->valuedouble);
	else
		*msg = imp_jrec_msg(jr, path, "expected -1, 0, 1 or null, "
		    "not %s", imp_rec_type(v));
	free(path);
	return -1;
}

/* Checks a completion object (text, rating, flagged). */
static int
p8_check_completion(struct imp_jrec *jr, const cJSON *c, const char *at,
    char **msg)
{
	int	rating;

	if (imp_rec_object(jr, c, at, msg) != 0)
		return -1;
	if (imp_rec_get(jr, c, at, "text", cJSON_String, 1, msg) == NULL)
		return -1;
	if (p8_rating(jr, c, at, &rating, msg) != 0)
		return -1;
	if (imp_rec_get(jr, c, at, "flagged", IMP_REC_BOOL, 0, msg) == NULL &&
	    *msg != NULL)
		return -1;
	return 0;
}

/* Checks label.steps[i] and fills st. */
static int
p8_check_step(struct imp_jrec *jr, const cJSON *s, int i, int last,
    struct p8_step *st, char **msg)
{
	const cJSON	*c, *v;
	char		*at, *cat;
	int		 j, ret = -1;

	memset(st, 0, sizeof *st);
	st->step = s;
	st->chosen = -1;
	at = xasprintf("label.steps[%d]", i);
	if (imp_rec_object(jr, s, at, msg) != 0)
		goto out;
	/*
	 * Phase-1 "give_up" records end with a step whose three members
	 * are null: labelling stopped there, as on a step with nothing
	 * chosen (checked below: it must be the last step).
	 */
	v = cJSON_GetObjectItemCaseSensitive(s, "completions");
	if (cJSON_IsNull(v))
		st->comps = NULL;
	else if ((st->comps = imp_rec_get(jr, s, at, "completions",
	    cJSON_Array, 1, msg)) == NULL)
		goto out;
	st->ncomp = cJSON_GetArraySize(st->comps);
	j = 0;
	cJSON_ArrayForEach(c, st->comps) {
		cat = xasprintf("%s.completions[%d]", at, j++);
		if (p8_check_completion(jr, c, cat, msg) != 0) {
			free(cat);
			goto out;
		}
		free(cat);
	}
	v = imp_rec_get(jr, s, at, "chosen_completion", cJSON_Number, 0, msg);
	if (*msg != NULL)
		goto out;
	if (v != NULL) {
		if (v->valuedouble != (double)(int)v->valuedouble ||
		    v->valuedouble < 0 || v->valuedouble >= st->ncomp) {
			cat = imp_rec_path(at, "chosen_completion");
			*msg = imp_jrec_msg(jr, cat, "%g is not null or a "
			    "completion index 0..%d", v->valuedouble,
			    st->ncomp - 1);
			free(cat);
			goto out;
		}
		st->chosen = (int)v->valuedouble;
	}
	v = cJSON_GetObjectItemCaseSensitive(s, "human_completion");
	if (cJSON_IsString(v)) {
		st->human = v;
		st->human_text = v->valuestring;
	} else if (cJSON_IsObject(v)) {
		cat = imp_rec_path(at, "human_completion");
		if (p8_check_completion(jr, v, cat, msg) != 0) {
			free(cat);
			goto out;
		}
		free(cat);
		st->human = v;
		st->human_text = imp_json_str(v, "text");
	} else if (v != NULL && !cJSON_IsNull(v)) {
		cat = imp_rec_path(at, "human_completion");
		*msg = imp_jrec_msg(jr, cat, "expected an object, a string or "
		    "null, not %s", imp_rec_type(v));
		free(cat);
		goto out;
	}
	if (st->chosen >= 0)
		snprintf(st->next, sizeof st->next, "%d.%d", i + 1,
		    st->chosen);
	else if (st->human != NULL)
		snprintf(st->next, sizeof st->next, "%d.h", i + 1);
	else if (!last) {
		*msg = imp_jrec_msg(jr, at, "no chosen or human completion, "
		    "but later steps follow");
		goto out;
	}
	ret = 0;
out:
	free(at);
	return ret;
}

/* Sends one completion (or the human one) of a step and its annotation. */
static int
p8_emit_completion(struct p8_state *ps, struct imp_jrec *jr, const cJSON *c,
    const char *ext, const char *parent, const char *role, int chosen,
    const cJSON *stepx, const char *author, char **msg)
{
	static const char *const used_flagged[] = {
		"text", "rating", "flagged", NULL
	};
	static const char *const used[] = { "text", "rating", NULL };
	struct cn_node		 n;
	struct cn_annotation	 a;
	cJSON			*x = NULL;
	char			*extra = NULL;
	int			 rc, flagged = 0, rating = CN_NORATING;

	cn_node_init(&n);
	n.ext_id = ext;
	n.parent_ext = parent;
	n.role = role;
	n.chosen = chosen;
	n.src_line = jr->line0;
	if (cJSON_IsString(c))
		n.text = c->valuestring;
	else {
		n.text = imp_json_str(c, "text");
		flagged = imp_json_bool(c, "flagged") == 1;
		p8_rating(jr, c, NULL, &rating, msg);
		x = imp_json_minus(c, flagged ? used_flagged : used, 0);
	}
	if (stepx != NULL) {
		if (x == NULL && (x = cJSON_CreateObject()) == NULL)
			fatalx("out of memory building JSON");
		/* A reference: stepx stays the caller's. */
		if (!cJSON_AddItemReferenceToObject(x, "step",
		    (cJSON *)(uintptr_t)stepx))
			fatalx("out of memory building JSON");
	}
	if (x != NULL) {
		n.extra = extra = imp_json_print(x);
		cJSON_Delete(x);
	}
	n.terminal = p8_is_answer(n.text);
	rc = imp_rec_node(ps->ctx.sink, &n, jr->name, msg);
	free(extra);
	if (rc != CN_OK || (rating == CN_NORATING && !flagged))
		return rc;
	memset(&a, 0, sizeof a);
	a.node_ext = ext;
	a.author = author;
	a.rating = rating;
	a.tags = flagged ? "flagged" : NULL;
	return imp_rec_annotation(ps->ctx.sink, &a, jr->name, jr->line0, msg);
}

/* Sends the completions of one checked step. */
static int
p8_emit_step(struct p8_state *ps, struct imp_jrec *jr, struct p8_step *st,
    int i, const char *parent, const char *author, char **msg)
{
	static const char *const step_used[] = {
		"completions", "human_completion", "chosen_completion", NULL
	};
	const cJSON	*c;
	cJSON		*stepx;
	char		 ext[32];
	int		 j, rc = CN_OK;

	stepx = imp_json_minus(st->step, step_used, 0);
	j = 0;
	cJSON_ArrayForEach(c, st->comps) {
		snprintf(ext, sizeof ext, "%d.%d", i + 1, j);
		rc = p8_emit_completion(ps, jr, c, ext, parent,
		    j == st->chosen ? "step" : "alternative",
		    j == st->chosen, j == 0 ? stepx : NULL, author, msg);
		if (rc != CN_OK)
			goto out;
		j++;
	}
	if (st->human != NULL) {
		snprintf(ext, sizeof ext, "%d.h", i + 1);
		rc = p8_emit_completion(ps, jr, st->human, ext, parent,
		    "human", st->chosen < 0, j == 0 ? stepx : NULL, author,
		    msg);
	}
out:
	cJSON_Delete(stepx);
	return rc;
}

/* Whether step st has a completion (or human one) with text t. */
static const char *
p8_find_text(struct p8_step *st, int i, const char *t, char *ext,
    size_t extlen)
{
	const cJSON	*c;
	const char	*s;
	int		 j = 0;

	/* The chain node first: the pre-generated path is usually chosen. */
	if (st->chosen >= 0) {
		s = imp_json_str(cJSON_GetArrayItem(st->comps, st->chosen),
		    "text");
		if (s != NULL && strcmp(s, t) == 0) {
			snprintf(ext, extlen, "%d.%d", i + 1, st->chosen);
			return ext;
		}
	}
	cJSON_ArrayForEach(c, st->comps) {
		s = imp_json_str(c, "text");
		if (s != NULL && strcmp(s, t) == 0) {
			snprintf(ext, extlen, "%d.%d", i + 1, j);
			return ext;
		}
		j++;
	}
	if (st->human_text != NULL && strcmp(st->human_text, t) == 0) {
		snprintf(ext, extlen, "%d.h", i + 1);
		return ext;
	}
	return NULL;
}

static int
p8_record(struct imp_jrec *jr, const cJSON *rec, void *arg, char **msg)
{
	static const char *const top_used[] = { "question", "label", NULL };
	static const char *const q_used_all[] = {
		"problem", "ground_truth_answer",
		"pre_generated_verifier_score", "pre_generated_steps", NULL
	};
	static const char *const l_used[] = { "steps", NULL };
	struct p8_state		*ps = arg;
	struct p8_step		*steps = NULL;
	struct hmap_ent		*e;
	struct cn_trace		 t;
	struct cn_signal	 verifier;
	const cJSON		*labeler, *ts, *q, *lab, *problem, *gt, *vs;
	const cJSON		*pregen, *lsteps, *s;
	const char		*q_used[5], *text;
	cJSON			*x = NULL, *sub;
	char			*id = NULL, *author = NULL, *extra = NULL;
	char			anchor[32], parent[32];
	int			 rc = CN_BAD, i, nsteps, npre = 0, added;
	int			 use_pregen, last;
	const struct imp_rec_field	 top[] = {
		{ "labeler", cJSON_String, 1, &labeler },
		{ "timestamp", cJSON_String, 1, &ts },
		{ "question", cJSON_Object, 1, &q },
		{ NULL, 0, 0, NULL }
	}, question[] = {
		{ "problem", cJSON_String, 1, &problem },
		{ "ground_truth_answer", cJSON_String, 0, &gt },
		{ "pre_generated_verifier_score", cJSON_Number, 0, &vs },
		{ "pre_generated_steps", cJSON_Array, 0, &pregen },
		{ NULL, 0, 0, NULL }
	};

	if (imp_rec_fields(jr, rec, "", top, msg) != 0 ||
	    imp_rec_fields(jr, q, "question", question, msg) != 0)
		return CN_BAD;
	if ((npre = imp_rec_strings(jr, pregen,
	    "question.pre_generated_steps", msg)) < 0)
		return CN_BAD;
	if ((lab = imp_rec_get(jr, rec, "", "label", cJSON_Object, 1,
	    msg)) == NULL ||
	    (lsteps = imp_rec_get(jr, lab, "label", "steps", cJSON_Array, 1,
	    msg)) == NULL)
		return CN_BAD;
	nsteps = cJSON_GetArraySize(lsteps);
	steps = xcalloc(nsteps > 0 ? (size_t)nsteps : 1, sizeof *steps);
	/* Null steps at the end ("give_up") follow the last one labelled. */
	last = -1;
	i = 0;
	cJSON_ArrayForEach(s, lsteps) {
		if (!cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(s,
		    "completions")))
			last = i;
		i++;
	}
	i = 0;
	cJSON_ArrayForEach(s, lsteps) {
		if (p8_check_step(jr, s, i, i >= last, &steps[i], msg) != 0)
			goto out;
		i++;
	}

	/* Does the pre-generated solution run through the labelled steps? */
	use_pregen = pregen != NULL;
	for (i = 0; use_pregen && i < nsteps && i < npre; i++)
		if (p8_find_text(&steps[i], i, cJSON_GetArrayItem(pregen,
		    i)->valuestring, anchor, sizeof anchor) == NULL)
			use_pregen = 0;
	/* The loop leaves anchor on the last labelled step's match. */
	if (nsteps == 0)
		snprintf(anchor, sizeof anchor, "root");

	id = xasprintf("%.8s-%s", labeler->valuestring, ts->valuestring);
	e = hmap_add(&ps->ids, id, &added);
	if (!added) {
		*msg = imp_jrec_msg(jr, "timestamp", "duplicate trace id %s "
		    "(first at line %lld)", id, (long long)e->val);
		goto out;
	}
	e->val = jr->line0;

	/* The extra mirrors the record minus what the mapping used. */
	memcpy(q_used, q_used_all, sizeof q_used);
	if (!use_pregen)
		q_used[3] = NULL;
	x = imp_json_minus(rec, top_used, 0);
	if ((sub = imp_json_minus(q, q_used, 0)) != NULL) {
		if (x == NULL)
			x = cJSON_CreateObject();
		cJSON_AddItemToObject(x, "question", sub);
	}
	if ((sub = imp_json_minus(lab, l_used, 0)) != NULL) {
		if (x == NULL)
			x = cJSON_CreateObject();
		cJSON_AddItemToObject(x, "label", sub);
	}
	if (x != NULL)
		extra = imp_json_print(x);

	t = (struct cn_trace){ .ext_id = id, .format = "prm800k",
	    .problem = problem->valuestring,
	    .ground_truth = gt != NULL ? gt->valuestring : NULL,
	    .extra = extra };
	if ((rc = imp_rec_trace(ps->ctx.sink, &t, jr->name, jr->line0,
	    msg)) != CN_OK)
		goto out;

	if (vs != NULL) {
		verifier.name = "verifier";
		verifier.value = vs->valuedouble;
	}
	if ((rc = imp_rec_root(ps->ctx.sink, problem->valuestring,
	    vs != NULL ? &verifier : NULL, vs != NULL, jr->name, jr->line0,
	    msg)) != CN_OK)
		goto out;

	author = xasprintf("prm800k:%s", labeler->valuestring);
	snprintf(parent, sizeof parent, "root");
	for (i = 0; i < nsteps; i++) {
		if ((rc = p8_emit_step(ps, jr, &steps[i], i, parent, author,
		    msg)) != CN_OK)
			goto out;
		snprintf(parent, sizeof parent, "%s", steps[i].next);
	}

	/* Phase 2: the unlabelled rest of the pre-generated solution. */
	for (i = nsteps; use_pregen && i < npre; i++) {
		text = cJSON_GetArrayItem(pregen, i)->valuestring;
		if ((rc = imp_rec_step(ps->ctx.sink, jr, anchor, sizeof anchor,
		    i + 1, text, p8_is_answer(text), NULL, 0, msg)) != CN_OK)
			goto out;
	}
	rc = CN_OK;
out:
	cJSON_Delete(x);
	free(extra);
	free(author);
	free(id);
	free(steps);
	return rc;
}

static int
p8_end(void *arg, int rc, char **cause)
{
	struct p8_state	*ps = arg;

	hmap_free(&ps->ids);
	return rc;
}

const struct imp_rec_kind imp_prm800k_kind = {
	sizeof (struct p8_state), 0, p8_record, p8_end
};

int
imp_prm800k_sniff(const char *buf, size_t len, char **why)
{
	/*
	 * question may be long, and label after it past the buffer; the
	 * labelling flags come before both in the real files.
	 */
	static const char *const alts[] = { "labeler=\" question={",
	    "labeler=\" is_quality_control_question=", NULL };

	return imp_rec_sniff_keys(buf, len, alts, "first record has no "
	    "\"labeler\" string with a \"question\" object or "
	    "\"is_quality_control_question\"", why);
}

/*
 * live-score.c - what reward models are sent and what their answers mean
 * (../shared/docs/live-models.md, sections 2.4 and 6): vLLM /pooling for
 * process reward models, one row of probabilities per step tag, vLLM
 * /classify for sequence (outcome) reward models, and the plain HTTP
 * reward convention {"query": [...]} -> {"rewards": [...]}.
 * Pure: no I/O. The requests go through live-client.c like any other.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "live.h"

/*
 * Qwen2.5-Math-PRM's chat template, with a step tag after every step:
 * the shape the model was trained on (its model card).
 */
#define LIVE_PRM_TEMPLATE						\
	"<|im_start|>system\nPlease reason step by step, and put your"	\
	" final answer within \\boxed{}.<|im_end|>\n<|im_start|>user\n"	\
	"${problem}<|im_end|>\n<|im_start|>assistant\n${steps}"		\
	"<|im_end|><|endoftext|>"

const char *
live_score_path(const struct live_endpoint *e)
{
	if (e->path != NULL)
		return e->path;
	if (e->kind == LIVE_VLLM_CLASSIFY)
		return "/classify";
	return e->kind == LIVE_VLLM_POOLING ? "/pooling" : "";
}

char *
live_score_body(const struct live_endpoint *e, const struct live_prompt *p)
{
	static char		 tag[] = "<extra_0>";
	static char		 prm[] = LIVE_PRM_TEMPLATE;
	static char		 plain[] = "${problem}${sep}${steps}";
	struct live_endpoint	 t = *e;
	cJSON			*o = cJSON_CreateObject(), *q;
	char			*text;

	if (e->kind == LIVE_VLLM_POOLING) {
		/* Every step is followed by the tag, the last one too. */
		t.step_sep = e->step_tag != NULL ? e->step_tag : tag;
		if (t.template == NULL)
			t.template = prm;
	} else if (t.template == NULL)
		t.template = plain;
	text = live_prompt_render(&t, p);
	if (e->model != NULL)
		cJSON_AddStringToObject(o, "model", e->model);
	if (e->kind == LIVE_VLLM_POOLING)
		cJSON_AddStringToObject(o, "input", text);
	else if (e->kind == LIVE_VLLM_CLASSIFY) {
		q = cJSON_AddArrayToObject(o, "input");
		cJSON_AddItemToArray(q, cJSON_CreateString(text));
	} else {
		q = cJSON_AddArrayToObject(o, "query");
		cJSON_AddItemToArray(q, cJSON_CreateString(text));
	}
	free(text);
	return live_json_print(o);
}

/* Fails with "what" as the cause; returns -1. */
static int
score_err(char **cause, cJSON *o, char *what)
{
	cJSON_Delete(o);
	if (cause != NULL)
		*cause = what;
	else
		free(what);
	return -1;
}

/* The rows of a /pooling answer: one value per step. */
static int
pooling_rows(const struct live_endpoint *e, cJSON *o, size_t nsteps,
    double *vals, char **cause)
{
	cJSON	*d, *rows, *row, *v;
	size_t	 i = 0;

	d = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(o, "data"),
	    0);
	rows = cJSON_GetObjectItemCaseSensitive(d, "data");
	if (cJSON_IsString(rows))
		return score_err(cause, o, xstrdup("the pooling output is a"
		    " string, not rows of numbers (an encoded format?)"));
	if (!cJSON_IsArray(rows))
		return score_err(cause, o, xstrdup("no data[0].data rows in"
		    " the pooling answer"));
	if ((size_t)cJSON_GetArraySize(rows) != nsteps)
		return score_err(cause, o, xasprintf("%d rows for %zu steps"
		    " (does the input hold the step tag '%s'?)",
		    cJSON_GetArraySize(rows), nsteps, e->step_tag != NULL ?
		    e->step_tag : "<extra_0>"));
	cJSON_ArrayForEach(row, rows) {
		if (cJSON_IsNumber(row))
			v = row;	/* one label: the value itself */
		else if (cJSON_IsArray(row))
			v = cJSON_GetArrayItem(row, e->score_index);
		else
			v = NULL;
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble))
			return score_err(cause, o, xasprintf("row %zu has no"
			    " number in column %d", i + 1, e->score_index));
		vals[i++] = v->valuedouble;
	}
	return 0;
}

int
live_score_parse(const struct live_endpoint *e, const char *body,
    size_t len, size_t nsteps, double **vals, size_t *n, char **cause)
{
	cJSON	*o, *r, *v;
	size_t	 want = e->kind == LIVE_VLLM_POOLING ? nsteps : 1;

	*vals = NULL;
	*n = 0;
	if ((o = cJSON_ParseWithLength(body, len)) == NULL ||
	    !cJSON_IsObject(o))
		return score_err(cause, o, xstrdup("the answer is not a JSON"
		    " object (NaN or Infinity are not JSON)"));
	*vals = xcalloc(want > 0 ? want : 1, sizeof **vals);
	if (e->kind == LIVE_VLLM_POOLING) {
		if (pooling_rows(e, o, nsteps, *vals, cause) != 0) {
			free(*vals);
			*vals = NULL;
			return -1;
		}
	} else if (e->kind == LIVE_VLLM_CLASSIFY) {
		r = cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(
		    cJSON_GetObjectItemCaseSensitive(o, "data"), 0), "probs");
		/* One class (num_labels = 1): the value itself. */
		v = cJSON_GetArraySize(r) == 1 ? cJSON_GetArrayItem(r, 0) :
		    cJSON_GetArrayItem(r, e->score_index);
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
			free(*vals);
			*vals = NULL;
			return score_err(cause, o, xasprintf("no number in"
			    " data[0].probs[%d] of the classify answer",
			    e->score_index));
		}
		(*vals)[0] = v->valuedouble;
	} else {
		r = cJSON_GetObjectItemCaseSensitive(o, "rewards");
		if (r == NULL)
			r = cJSON_GetObjectItemCaseSensitive(o, "scores");
		v = cJSON_GetArrayItem(r, 0);
		if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble)) {
			free(*vals);
			*vals = NULL;
			return score_err(cause, o, xstrdup("no number in"
			    " \"rewards\" (or \"scores\")"));
		}
		(*vals)[0] = v->valuedouble;
	}
	cJSON_Delete(o);
	*n = want;
	return 0;
}

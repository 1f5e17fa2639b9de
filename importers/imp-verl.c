/*
 * imp-verl.c - veRL rollout dumps (docs/rollouts.md; <global_step>.jsonl by
 * ray_trainer.py _dump_generations): one line per sampled response,
 *	{"input": str, "output": str, "score": num, "step": int,
 *	 "gts"?: any, <reward_extra_info keys: acc, pred, ...>}
 * Lines with the same (step, input) form one group, merged into a prefix
 * tree by imp-rollout.c: root = input (trace problem), gts -> ground truth,
 * {"step": N} -> trace extra, output split into steps, score -> reward and
 * acc (number or boolean) -> outcome at the node where the rollout ends,
 * other keys -> that node's extra. A score alone never sets outcome.
 * Trace ext_id: "verl-<step>-<16 hex>" ("verl-<16 hex>" without a step),
 * the hex being the FNV-1a 64 hash of "<step>\0<input>" (or of the input).
 */
#include "config.h"

#include <inttypes.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "imp-formats.h"
#include "imp-rollout.h"

/* Keys that are always mapped; "acc" only when it is a number. */
static const char *const verl_used[] = {
	"input", "output", "score", "step", "gts", NULL
};
static const char *const verl_used_acc[] = {
	"input", "output", "score", "step", "gts", "acc", NULL
};

/* Formats a step number the way the key hashes it. */
static void
verl_step_text(double step, char *buf, size_t size)
{
	if (step == floor(step) && fabs(step) < 1e15)
		snprintf(buf, size, "%" PRId64, (int64_t)step);
	else
		snprintf(buf, size, "%.17g", step);
}

/* A field error at the column of key's value. */
static char *
verl_err(struct imp_jrec *jr, const char *key, const char *what)
{
	return imp_jrec_at(jr, key, "%s", what);
}

/* Maps one parsed line (a rollout_record_fn). */
static int
verl_record(struct rollout *ro, struct imp_jrec *jr, const cJSON *j,
    const struct imp_opts *o, struct rollout_sample *s,
    struct rollout_steps *st, char **msg)
{
	const cJSON		*input, *output, *v;
	cJSON			*extra = NULL;
	char			 stepbuf[64], prefix[80], *truth = NULL;
	char			*textra = NULL;
	uint64_t		 key = ROLLOUT_HASH_INIT;
	double			 step = CN_NOVAL;
	int			 rv = CN_BAD;

	if ((input = imp_rec_need(jr, j, "input", cJSON_String, "a string",
	    msg)) == NULL || (output = imp_rec_need(jr, j, "output",
	    cJSON_String, "a string", msg)) == NULL)
		return CN_BAD;
	if (rollout_reward(jr, j, "score", &s->reward, msg) != 0)
		return CN_BAD;
	v = cJSON_GetObjectItemCaseSensitive(j, "step");
	if (cJSON_IsNumber(v))
		step = v->valuedouble;
	else if (v != NULL && !cJSON_IsNull(v)) {
		*msg = verl_err(jr, "step", "\"step\" is not a number");
		return CN_BAD;
	}
	v = cJSON_GetObjectItemCaseSensitive(j, "acc");
	if (cJSON_IsNumber(v) || cJSON_IsBool(v))
		s->outcome = imp_json_num(j, "acc");

	v = cJSON_GetObjectItemCaseSensitive(j, "gts");
	if (cJSON_IsString(v))
		truth = xstrdup(v->valuestring);
	else if (v != NULL && !cJSON_IsNull(v))
		truth = imp_json_print(v);

	if (cn_hasval(step)) {
		verl_step_text(step, stepbuf, sizeof stepbuf);
		key = rollout_hash(key, stepbuf, strlen(stepbuf) + 1);
		snprintf(prefix, sizeof prefix, "verl-%s-", stepbuf);
		textra = xasprintf("{\"step\":%s}", stepbuf);
	} else
		snprintf(prefix, sizeof prefix, "verl-");
	key = rollout_hash(key, input->valuestring,
	    strlen(input->valuestring));

	rollout_split(st, "step", output->valuestring,
	    strlen(output->valuestring), o != NULL ? o->step_sep : NULL);
	extra = imp_json_minus(j, cn_hasval(s->outcome) ? verl_used_acc :
	    verl_used, 0);

	s->key = key;
	s->ext_prefix = prefix;
	s->root_text = input->valuestring;
	s->ground_truth = truth;
	s->trace_extra = textra;
	s->steps = st->v;
	s->nsteps = st->n;
	s->extra = extra;
	s->line = jr->line0;
	rv = rollout_add(ro, s, msg) == 0 ? CN_OK : CN_FATAL;

	cJSON_Delete(extra);
	free(truth);
	free(textra);
	return rv;
}

int
imp_verl_read(FILE *in, const char *name, const struct imp_opts *o,
    const struct imp_sink *sink, struct imp_report *rep, char **cause)
{
	return rollout_run(in, name, "verl", verl_record, o, sink, rep, cause);
}

int
imp_verl_sniff(const char *buf, size_t len, char **why)
{
	const char	*nl;
	size_t		 span, f = imp_rec_first(buf, len, &span);
	long		 in, out, sc;

	/* A top-level array of records: its first element. */
	buf += f;
	len -= f;
	nl = memchr(buf, '\n', len);
	in = imp_jscan_member(buf, len, "input");
	out = imp_jscan_member(buf, len, "output");
	sc = imp_jscan_member(buf, len, "score");
	if (in < 0 || out < 0 || buf[in] != '"' || buf[out] != '"') {
		*why = xstrdup("no \"input\" and \"output\" strings");
		return 0;
	}
	/* A first record cut short may hide "score" past a long output. */
	if (sc < 0 && nl != NULL) {
		*why = xstrdup("no \"score\"");
		return 0;
	}
	return 1;
}

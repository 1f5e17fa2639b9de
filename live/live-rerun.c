/*
 * live-rerun.c - one rerun as the CLI and the TUI both run it: the plan
 * (one request for K answers, or K requests of one), the exact request
 * a preview shows, the fall back to K requests when a server refuses n,
 * and the answers as records the store keeps. Whoever drives the client
 * decides how long to wait; nothing here blocks.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "live.h"

struct live_rerun {
	struct live_endpoint	*e;
	struct live_prompt	 pr;
	int			 k;
	double			 temperature;	/* NAN: the endpoint's */
	int			 fanout;
	char			*path;
	struct live_call	**calls;
	char			**bodies;
	int			 ncalls;
	int			 per_call;	/* answers a call */
	struct live_client	*cl;
	live_delta_cb		 delta;
	void			*arg;
	int64_t			 started;
	int			 cancelled;
	/* The one request refused for its n, kept for the record. */
	char			*refused_body;
	char			*refused_resp;
	char			*refused_error;
	double			 refused_seconds;
	struct cn_rerun_answer	*ans;
	size_t			 nans;
};

static void
plan_free(struct live_rerun *r)
{
	int	i;

	for (i = 0; i < r->ncalls; i++) {
		free(r->bodies[i]);
		live_call_free(r->calls[i]);
	}
	free(r->bodies);
	free(r->calls);
	r->bodies = NULL;
	r->calls = NULL;
	r->ncalls = 0;
}

/* Builds the requests: K of n = 1 (fanout), or one of n = K. */
static void
plan(struct live_rerun *r, int fanout)
{
	int	i;

	plan_free(r);
	r->fanout = fanout;
	r->ncalls = fanout ? r->k : 1;
	r->per_call = fanout ? 1 : r->k;
	r->calls = xcalloc((size_t)r->ncalls, sizeof *r->calls);
	r->bodies = xcalloc((size_t)r->ncalls, sizeof *r->bodies);
	for (i = 0; i < r->ncalls; i++)
		r->bodies[i] = live_gen_body(r->e, &r->pr, r->per_call,
		    r->temperature);
}

struct live_rerun *
live_rerun_new(const struct live_endpoint *e, const struct live_prompt *pr,
    int k, double temperature)
{
	struct live_rerun	*r = xcalloc(1, sizeof *r);

	r->e = live_endpoint_dup(e);
	r->pr = *pr;
	r->k = k;
	r->temperature = temperature;
	r->path = live_gen_path(e);
	plan(r, e->nmode == LIVE_N_FANOUT || (e->nmode == LIVE_N_AUTO &&
	    e->kind != LIVE_OPENAI_CHAT && e->kind != LIVE_OPENAI_COMPLETIONS));
	return r;
}

char *
live_rerun_preview(const struct live_rerun *r)
{
	struct cn_buf	b;

	buf_init(&b);
	buf_printf(&b, "POST %s%s\n%s\n", r->e->base_url, r->path,
	    r->bodies[0]);
	if (r->ncalls > 1)
		buf_printf(&b, "(%d such requests, in parallel)\n", r->ncalls);
	return buf_take(&b);
}

static void
send_all(struct live_rerun *r)
{
	int	i;

	for (i = 0; i < r->ncalls; i++)
		r->calls[i] = live_call_start(r->cl, r->e, "POST", r->path,
		    r->bodies[i], 1, r->per_call, i * r->per_call, r->delta,
		    r->arg);
}

void
live_rerun_start(struct live_rerun *r, struct live_client *cl,
    live_delta_cb delta, void *arg)
{
	r->cl = cl;
	r->delta = delta;
	r->arg = arg;
	r->started = cn_now();
	send_all(r);
}

/*
 * Whether the one request for K answers was refused for its n, as
 * llama.cpp's /v1 endpoints do ("Only one completion choice is allowed").
 */
static int
refused_n(const struct live_rerun *r)
{
	const struct live_call_info	*ci = live_call_info(r->calls[0]);
	const char			*err = ci->error;
	long				 st = ci->status;

	return r->ncalls == 1 && r->k > 1 && r->e->nmode == LIVE_N_AUTO &&
	    ci->state == LIVE_FAILED && !ci->delivered &&
	    (st == 400 || st == 422 || st == 500) && err != NULL &&
	    (strstr(err, "completion choice") != NULL ||
	    strstr(err, "'n'") != NULL || strstr(err, "\"n\"") != NULL);
}

static int
call_over(const struct live_call *c)
{
	enum live_state	s = live_call_info(c)->state;

	return s != LIVE_RUNNING && s != LIVE_WAITING;
}

const char *
live_rerun_poll(struct live_rerun *r)
{
	const char	*body;
	size_t		 len;
	int		 i;

	for (i = 0; i < r->ncalls; i++)
		if (!call_over(r->calls[i]))
			return NULL;
	if (r->fanout || r->cancelled || r->refused_body != NULL ||
	    !refused_n(r))
		return NULL;
	/* It was asked and refused: the record says so too. */
	body = live_call_body(r->calls[0], &len);
	r->refused_body = xstrdup(r->bodies[0]);
	r->refused_resp = xstrndup(body, len);
	r->refused_error = xstrdup(live_call_info(r->calls[0])->error);
	r->refused_seconds = live_call_seconds(r->calls[0]);
	plan(r, 1);
	send_all(r);
	return r->refused_error;
}

int
live_rerun_done(const struct live_rerun *r)
{
	int	i;

	for (i = 0; i < r->ncalls; i++)
		if (r->calls[i] == NULL || !call_over(r->calls[i]))
			return 0;
	return 1;
}

void
live_rerun_cancel(struct live_rerun *r)
{
	int	i;

	r->cancelled = 1;
	for (i = 0; i < r->ncalls; i++)
		if (r->calls[i] != NULL)
			live_call_cancel(r->calls[i]);
}

int
live_rerun_answer_over(const struct live_rerun *r, int i)
{
	const struct live_call	*c = r->calls[i / r->per_call];

	return c == NULL || call_over(c) ||
	    live_call_info(c)->cands[i % r->per_call].done;
}

const struct live_cand *
live_rerun_answer(const struct live_rerun *r, int i)
{
	const struct live_call	*c = r->calls[i / r->per_call];

	return c != NULL ? &live_call_info(c)->cands[i % r->per_call] : NULL;
}

const char *
live_rerun_error(const struct live_rerun *r, int i)
{
	const struct live_call	*c = r->calls[i / r->per_call];

	return c != NULL && live_call_info(c)->state == LIVE_FAILED ?
	    live_call_info(c)->error : NULL;
}

int
live_rerun_k(const struct live_rerun *r)
{
	return r->k;
}

/* A number, or null when it is not set. */
static void
add_num(cJSON *o, const char *key, int set, double v)
{
	if (set)
		cJSON_AddNumberToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

/* The extra JSON of a stored answer. */
static char *
answer_extra(const struct live_rerun *r, const struct live_call *call,
    const struct live_cand *cd, int truncated)
{
	const struct live_endpoint	*e = r->e;
	const struct live_usage		*u = &live_call_info(call)->usage;
	const char			*err;
	cJSON				*o, *us;
	double				 t;

	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "endpoint", e->name);
	cJSON_AddStringToObject(o, "kind", live_kind_name(e->kind));
	if (e->model != NULL)
		cJSON_AddStringToObject(o, "model", e->model);
	else
		cJSON_AddNullToObject(o, "model");
	cJSON_AddStringToObject(o, "mode", r->pr.full ? "full" : "step");
	cJSON_AddNumberToObject(o, "n", r->k);
	t = !isnan(r->temperature) ? r->temperature : e->temperature;
	add_num(o, "temperature", !isnan(t), t);
	add_num(o, "top_p", !isnan(e->top_p), e->top_p);
	add_num(o, "max_tokens", e->max_tokens > 0, e->max_tokens);
	add_num(o, "seed", e->has_seed, (double)e->seed);
	cJSON_AddNumberToObject(o, "time", (double)r->started);
	cJSON_AddNumberToObject(o, "seconds", live_call_seconds(call));
	cJSON_AddStringToObject(o, "finish", live_finish_name(cd->finish));
	us = cJSON_AddObjectToObject(o, "usage");
	cJSON_AddNumberToObject(us, "prompt_tokens",
	    (double)u->prompt_tokens);
	cJSON_AddNumberToObject(us, "completion_tokens",
	    (double)u->completion_tokens);
	if (truncated) {
		cJSON_AddBoolToObject(o, "truncated", 1);
		err = live_call_info(call)->error;
		cJSON_AddStringToObject(o, "error", err != NULL ? err :
		    "the answer has no finish reason");
	}
	return live_json_print(o);
}

static struct cn_rerun_answer *
ans_add(struct live_rerun *r)
{
	struct cn_rerun_answer	*a;

	r->ans = xreallocarray(r->ans, r->nans + 1, sizeof *r->ans);
	a = &r->ans[r->nans++];
	memset(a, 0, sizeof *a);
	a->endpoint = r->e->name;
	a->model = r->e->model;
	a->started = r->started;
	return a;
}

static void
ans_free(struct live_rerun *r)
{
	size_t	i;

	for (i = 0; i < r->nans; i++) {
		free(r->ans[i].text);
		free(r->ans[i].extra);
		free(r->ans[i].request);
		free(r->ans[i].response);
		free(r->ans[i].error);
	}
	free(r->ans);
	r->ans = NULL;
	r->nans = 0;
}

size_t
live_rerun_results(struct live_rerun *r, struct cn_rerun_answer **v)
{
	struct cn_rerun_answer		*a;
	const struct live_cand		*cd;
	const struct live_call_info	*ci;
	struct live_call		*call;
	const char			*body;
	size_t				 len;
	int				 i, j, failed;

	ans_free(r);
	if (r->refused_body != NULL) {
		a = ans_add(r);
		a->request = xstrdup(r->refused_body);
		a->response = xstrdup(r->refused_resp);
		a->status = "error";
		a->error = xstrdup(r->refused_error);
		a->seconds = r->refused_seconds;
	}
	for (i = 0; i < r->ncalls; i++) {
		call = r->calls[i];
		if (call == NULL)
			continue;
		ci = live_call_info(call);
		failed = ci->state != LIVE_DONE;
		body = live_call_body(call, &len);
		for (j = 0; j < r->per_call; j++) {
			cd = &ci->cands[j];
			a = ans_add(r);
			a->index = i * r->per_call + j + 1;
			a->truncated = failed || !cd->done;
			a->finish = live_finish_name(cd->finish);
			/* A failed answer without text is dropped. */
			if (!failed || cd->text.len > 0) {
				a->text = xstrdup(cd->text.s != NULL ?
				    cd->text.s : "");
				a->terminal = cd->finish == LIVE_FIN_EOS ||
				    (r->pr.full && cd->finish == LIVE_FIN_STOP);
				a->extra = answer_extra(r, call, cd,
				    a->truncated);
			}
			a->request = xstrdup(r->bodies[i]);
			a->response = xstrndup(body, len);
			a->status = !a->truncated ? "ok" : a->text != NULL ?
			    "truncated" : "error";
			a->error = xstrdup_or_null(ci->error);
			a->seconds = live_call_seconds(call);
		}
	}
	*v = r->ans;
	return r->nans;
}

void
live_rerun_free(struct live_rerun *r)
{
	if (r == NULL)
		return;
	plan_free(r);
	ans_free(r);
	free(r->path);
	free(r->refused_body);
	free(r->refused_resp);
	free(r->refused_error);
	live_endpoint_free(r->e);
	free(r);
}

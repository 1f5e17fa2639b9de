/*
 * cli-live.c - the commands that talk to live models: `canopy models`
 * (list the endpoints of models.conf and check each) and `canopy rerun`
 * (ask a model to continue the path to a node, stream the answers, store
 * them as children). The network is live/'s, the rows store-live.c's.
 */
#include "config.h"

#include <getopt.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "json-out.h"
#include "live.h"
#include "store-live.h"

/* Options that name an endpoint: from the config file or ad hoc. */
struct ep_opts {
	const char	*config;
	const char	*name;
	const char	*kind;
	const char	*base_url;
	const char	*model;
	const char	*key_env;
};

/* Long options shared by both commands (values from 256 up). */
#define EP_LONGOPTS							\
	{ "config",	required_argument,	NULL, 256 },		\
	{ "kind",	required_argument,	NULL, 257 },		\
	{ "base-url",	required_argument,	NULL, 258 },		\
	{ "model",	required_argument,	NULL, 259 },		\
	{ "api-key-env", required_argument,	NULL, 260 }

/* Takes an endpoint option; 1 if ch was one. */
static int
ep_opt(struct ep_opts *o, int ch, const char *arg)
{
	switch (ch) {
	case 256: o->config = arg; return 1;
	case 257: o->kind = arg; return 1;
	case 258: o->base_url = arg; return 1;
	case 259: o->model = arg; return 1;
	case 260: o->key_env = arg; return 1;
	}
	return 0;
}

/* Whether ad-hoc flags were given. */
static int
ep_adhoc(const struct ep_opts *o)
{
	return o->kind != NULL || o->base_url != NULL || o->model != NULL ||
	    o->key_env != NULL;
}

/*
 * Builds the endpoint the ad-hoc flags of o describe into *e; a bad one is
 * a usage error of c (returned), else CLI_OK.
 */
static int
ep_make_adhoc(const struct cli_cmd *c, const struct ep_opts *o,
    struct live_endpoint *e)
{
	char	*cause = NULL;
	int	 rc;

	if (live_endpoint_adhoc(e, o->kind, o->base_url, o->model, o->key_env,
	    &cause) == 0)
		return CLI_OK;
	rc = cli_usage_error(c, "%s", cause);
	free(cause);
	return rc;
}

/* Appends s to b safe for a terminal, keeping newlines and tabs. */
static void
safe_text(struct cn_buf *b, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i;

	for (i = 0; i < len; i++) {
		if (u[i] == '\n' || u[i] == '\t')
			buf_addc(b, (char)u[i]);
		else if (u[i] < 0x20 || u[i] == 0x7f)
			buf_printf(b, "\\x%02x", u[i]);
		else if (u[i] == 0xc2 && i + 1 < len && u[i + 1] >= 0x80 &&
		    u[i + 1] < 0xa0) {
			/* A C1 control: as dangerous as ESC on a terminal. */
			buf_printf(b, "\\u%04x", u[i + 1]);
			i++;
		} else
			buf_addc(b, (char)u[i]);
	}
}

/* ---- canopy models ---- */

struct check {
	const struct live_endpoint	*e;
	struct live_call		*call;
	const char			*verdict;
	char				*reason;
};

/* Reads the outcome of one endpoint's check. */
static void
check_judge(struct check *k)
{
	const char	*err = live_call_error(k->call), *body;
	char		*why = NULL;
	size_t		 len;
	long		 status = live_call_status(k->call);
	int		 rc;

	if (live_call_state(k->call) == LIVE_FAILED &&
	    (k->e->kind != LIVE_HTTP_REWARD || status == 0)) {
		k->verdict = status == 401 || status == 403 ? "denied" :
		    status != 0 ? "error" : "unreachable";
		if (strstr(err, "api_key_env") != NULL)
			k->verdict = "nokey";
		k->reason = xstrdup(err);
		return;
	}
	if (k->e->kind == LIVE_HTTP_REWARD) {
		k->verdict = "ok";
		k->reason = xasprintf("reachable (HTTP %ld to a GET; reward"
		    " endpoints list no models)", status);
		return;
	}
	body = live_call_body(k->call, &len);
	rc = live_models_has(k->e, body, len, &why);
	if (rc == 1) {
		k->verdict = "ok";
		k->reason = k->e->model != NULL ? xasprintf("model %s is"
		    " served", k->e->model) : xstrdup("reachable");
	} else {
		k->verdict = rc == 0 ? "missing" : "error";
		k->reason = xasprintf("endpoint %s (%s): %s", k->e->name,
		    live_call_url(k->call), why);
	}
	free(why);
}

/* A string member (null when s is NULL). */
static void
kv_str(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

/* Writes v, or null when it is not set. */
static void
int_or_null(struct jw *w, int set, int64_t v)
{
	if (set)
		jw_int(w, v);
	else
		jw_null(w);
}

static int
models_print(struct check *ks, size_t n, int json)
{
	struct cn_buf	 b;
	struct jw	 w;
	size_t		 i;
	int		 bad = 0;

	buf_init(&b);
	jw_init(&w);
	for (i = 0; i < n; i++) {
		const struct live_endpoint *e = ks[i].e;

		bad += strcmp(ks[i].verdict, "ok") != 0;
		if (json) {
			jw_reset(&w);
			jw_obj_begin(&w);
			kv_str(&w, "name", e->name);
			kv_str(&w, "kind", live_kind_name(e->kind));
			kv_str(&w, "base_url", e->base_url);
			kv_str(&w, "model", e->model);
			jw_key(&w, "scorer");
			jw_bool(&w, live_kind_is_scorer(e->kind));
			kv_str(&w, "verdict", ks[i].verdict);
			kv_str(&w, "reason", ks[i].reason);
			kv_str(&w, "defined", e->origin);
			jw_obj_end(&w);
			printf("%s\n", w.b.s);
			continue;
		}
		buf_reset(&b);
		cli_column(&b, e->name, 16, 16);
		buf_printf(&b, "  %-18s  %-11s  ", live_kind_name(e->kind),
		    ks[i].verdict);
		cli_escape(&b, ks[i].reason, 0, 1);
		printf("%s\n", b.s);
	}
	jw_free(&w);
	buf_free(&b);
	return bad == 0 ? CLI_OK : CLI_FAIL;
}

int
cmd_models(int argc, char **argv, const char *db)
{
	static const struct option	 longopts[] = {
		EP_LONGOPTS,
		{ "json",	no_argument,		NULL, 'j' },
		CLI_LONGOPTS_END
	};
	const struct cli_cmd		*c = cli_cmd_find("models");
	struct ep_opts			 o;
	struct live_config		*cfg = NULL;
	struct live_endpoint		 adhoc, probe;
	struct live_client		*cl;
	struct check			*ks;
	char				*cause = NULL;
	size_t				 i, n;
	int				 ch, json = 0, rc;

	memset(&o, 0, sizeof o);
	optind = 0;
	while ((ch = cli_getopt(argc, argv, ":h", longopts, NULL)) != -1) {
		if (ep_opt(&o, ch, optarg))
			continue;
		switch (ch) {
		case 'j':
			json = 1;
			break;
		default:
			return cli_opt_default(c, ch, argv);
		}
	}
	if (optind < argc)
		return cli_extra_arg(c, argv);
	if (ep_adhoc(&o)) {
		if ((rc = ep_make_adhoc(c, &o, &adhoc)) != CLI_OK)
			return rc;
		cfg = xcalloc(1, sizeof *cfg);
		cfg->v = xmalloc(sizeof *cfg->v);
		cfg->v[0] = live_endpoint_dup(&adhoc);
		cfg->n = 1;
		live_endpoint_clear(&adhoc);
	} else if (live_config_load(o.config, &cfg, &cause) != 0)
		return cli_fail_cause("models", cause, "no configuration");
	if (cfg->n == 0) {
		char	*p = live_config_default_path();

		fprintf(stderr, "canopy models: no endpoints: write %s (see"
		    " docs/models.md), or give --kind K --base-url URL"
		    " --model M\n", cfg->path != NULL ? cfg->path : p);
		free(p);
		live_config_free(cfg);
		return CLI_FAIL;
	}
	n = cfg->n;
	ks = xcalloc(n, sizeof *ks);
	cl = live_client_new();
	for (i = 0; i < n; i++) {
		const char	*path;

		ks[i].e = cfg->v[i];
		/* A check answers fast or not at all: no retries. */
		probe = *cfg->v[i];
		probe.max_retries = 0;
		if (probe.first_byte_timeout_ms > 10000)
			probe.first_byte_timeout_ms = 10000;
		path = live_models_path(&probe);
		ks[i].call = live_call_start(cl, &probe, "GET",
		    path != NULL ? path : "", NULL, 0, 1, 0, NULL, NULL);
	}
	while (live_client_step(cl, 100) > 0)
		;
	for (i = 0; i < n; i++)
		check_judge(&ks[i]);
	rc = models_print(ks, n, json);
	for (i = 0; i < n; i++)
		free(ks[i].reason);
	free(ks);
	live_client_free(cl);
	live_config_free(cfg);
	return rc;
}

/* ---- canopy rerun ---- */

struct path_acc {
	int64_t		 root;
	char		**steps;
	size_t		 n;
	char		*root_text;
};

static int
path_one(const struct cn_node *nd, void *arg)
{
	struct path_acc	*p = arg;

	if (nd->parent_id == 0) {
		p->root_text = xstrdup_or_null(nd->text);
		return 0;
	}
	p->steps = xreallocarray(p->steps, p->n + 1, sizeof *p->steps);
	p->steps[p->n++] = xstrdup(nd->text != NULL ? nd->text : "");
	return 0;
}

/*
 * Streams the answers to stdout: the one being shown as it arrives, the
 * others kept until their turn, so K answers never interleave.
 */
struct stream_out {
	int		 k;
	int		 cur;		/* the answer being shown */
	int		 shown;		/* its header was printed */
	struct cn_buf	*pending;	/* per answer, until its turn */
	struct cn_buf	 b;
};

static void
show_text(struct stream_out *so, const char *text, size_t len)
{
	buf_reset(&so->b);
	safe_text(&so->b, text, len);
	fwrite(so->b.s, 1, so->b.len, stdout);
	fflush(stdout);
}

static void	show_header(struct stream_out *);

static void
on_delta(void *arg, int index, const char *text, size_t len)
{
	struct stream_out	*so = arg;

	if (index == so->cur) {
		show_header(so);
		show_text(so, text, len);
	}
	else if (index > so->cur && index < so->k)
		buf_add(&so->pending[index], text, len);
}

struct rerun {
	const struct live_endpoint	*e;
	struct store			*st;
	int64_t				 node;
	int				 k;
	int				 full;
	double				 temperature;
	int64_t				 started;
	struct live_call		**calls;
	char				**bodies;
	int				 ncalls;
	int				 per_call;	/* answers a call */
	struct store_model_call		 refused; /* a request refused for
						    its n, or endpoint NULL */
};

/* The extra JSON of a stored answer. */
static char *
answer_extra(const struct rerun *r, struct live_call *call,
    const struct live_cand *cd, int truncated)
{
	const struct live_endpoint	*e = r->e;
	const struct live_usage		*u = live_call_usage(call);
	struct jw			 w;
	double				 t;

	jw_init(&w);
	jw_obj_begin(&w);
	kv_str(&w, "endpoint", e->name);
	kv_str(&w, "kind", live_kind_name(e->kind));
	kv_str(&w, "model", e->model);
	kv_str(&w, "mode", r->full ? "full" : "step");
	jw_key(&w, "n");
	jw_int(&w, r->k);
	t = !isnan(r->temperature) ? r->temperature : e->temperature;
	jw_key(&w, "temperature");
	jw_num(&w, t);
	jw_key(&w, "top_p");
	jw_num(&w, e->top_p);
	jw_key(&w, "max_tokens");
	int_or_null(&w, e->max_tokens > 0, e->max_tokens);
	jw_key(&w, "seed");
	int_or_null(&w, e->has_seed, e->seed);
	jw_key(&w, "time");
	jw_int(&w, r->started);
	jw_key(&w, "seconds");
	jw_num(&w, live_call_seconds(call));
	kv_str(&w, "finish", live_finish_name(cd->finish));
	jw_key(&w, "usage");
	jw_obj_begin(&w);
	jw_key(&w, "prompt_tokens");
	jw_int(&w, u->prompt_tokens);
	jw_key(&w, "completion_tokens");
	jw_int(&w, u->completion_tokens);
	jw_obj_end(&w);
	if (truncated) {
		jw_key(&w, "truncated");
		jw_bool(&w, 1);
		jw_key(&w, "error");
		jw_str(&w, live_call_error(call) != NULL ?
		    live_call_error(call) : "the answer has no finish reason");
	}
	jw_obj_end(&w);
	return buf_take(&w.b);
}

/*
 * Stores every answer: complete ones as children; failed ones with text
 * as children marked truncated; failed ones without text are dropped
 * (only their model_calls row says they were asked for).
 */
static int
rerun_store(struct rerun *r, int *nfail, char **cause)
{
	struct store_rerun	 sr;
	struct store_model_call	 mc;
	const struct live_cand	*cands;
	struct live_call	*call;
	const char		*body;
	char			*extra, *resp, *addr;
	size_t			 len;
	int64_t			 id;
	int			 i, j, failed, trunc;

	if (store_live_begin(r->st, cause) != 0)
		return -1;
	if (r->refused.endpoint != NULL &&
	    store_live_call_add(r->st, &r->refused, NULL, cause) != 0) {
		store_live_end(r->st, 0, NULL);
		return -1;
	}
	for (i = 0; i < r->ncalls; i++) {
		call = r->calls[i];
		cands = live_call_cands(call);
		failed = live_call_state(call) != LIVE_DONE;
		body = live_call_body(call, &len);
		resp = xstrndup(body, len);
		for (j = 0; j < r->per_call; j++) {
			const struct live_cand *cd = &cands[j];
			int idx = i * r->per_call + j + 1;

			trunc = failed || !cd->done;
			memset(&mc, 0, sizeof mc);
			id = 0;
			if (!failed || cd->text.len > 0) {
				extra = answer_extra(r, call, cd, trunc);
				memset(&sr, 0, sizeof sr);
				sr.text = cd->text.s != NULL ? cd->text.s : "";
				sr.terminal = cd->finish == LIVE_FIN_EOS ||
				    (r->full && cd->finish == LIVE_FIN_STOP);
				sr.extra = extra;
				if (store_live_rerun_add(r->st, r->node, &sr,
				    &id, cause) != 0) {
					free(extra);
					free(resp);
					store_live_end(r->st, 0, NULL);
					return -1;
				}
				free(extra);
				addr = store_node_address(r->st, id);
				if (r->k > 1)
					printf("[%d] ", idx);
				printf("stored %s%s (finish %s)\n",
				    addr != NULL ? addr : "?",
				    trunc ? ", marked truncated" : "",
				    live_finish_name(cd->finish));
				free(addr);
			} else {
				if (r->k > 1)
					printf("[%d] ", idx);
				printf("dropped: nothing arrived\n");
			}
			if (trunc)
				(*nfail)++;
			mc.node_id = id;
			mc.endpoint = r->e->name;
			mc.model = r->e->model;
			mc.request = r->bodies[i];
			mc.response = resp;
			mc.status = !trunc ? "ok" : id != 0 ? "truncated" :
			    "error";
			mc.error = live_call_error(call);
			mc.started = r->started;
			mc.seconds = live_call_seconds(call);
			if (store_live_call_add(r->st, &mc, NULL, cause) != 0) {
				free(resp);
				store_live_end(r->st, 0, NULL);
				return -1;
			}
		}
		free(resp);
	}
	return store_live_end(r->st, 1, cause);
}

/* The problem and the steps root -> node. */
static int
rerun_path(struct store *st, int64_t node, struct path_acc *p,
    char **problem, char **cause)
{
	struct cn_node	 nd;
	struct cn_trace	 t;
	int		 rc;

	memset(p, 0, sizeof *p);
	*problem = NULL;
	if (store_ancestors_each(st, node, path_one, p, cause) != 0)
		return -1;
	if ((rc = store_node_get(st, node, &nd, cause)) != 1) {
		if (rc == 0 && cause != NULL)
			*cause = xstrdup("node vanished");
		return -1;
	}
	path_one(&nd, p);
	if ((rc = store_trace_get(st, nd.trace_id, &t, cause)) < 0) {
		cn_node_clear(&nd);
		return -1;
	}
	if (rc == 1 && t.problem != NULL)
		*problem = xstrdup(t.problem);
	else
		*problem = xstrdup_or_null(p->root_text);
	if (rc == 1)
		cn_trace_clear(&t);
	cn_node_clear(&nd);
	return 0;
}

static void
path_free(struct path_acc *p)
{
	size_t	i;

	for (i = 0; i < p->n; i++)
		free(p->steps[i]);
	free(p->steps);
	free(p->root_text);
}

/* Whether answer i has all its text (or will get no more). */
static int
answer_over(const struct rerun *r, int i)
{
	struct live_call	*c = r->calls[i / r->per_call];
	enum live_state		 s = live_call_state(c);

	return (s != LIVE_RUNNING && s != LIVE_WAITING) ||
	    live_call_cands(c)[i % r->per_call].done;
}

/* Builds the requests: K of n = 1 (fanout), or one of n = K. */
static void
rerun_plan(struct rerun *r, const struct live_prompt *pr, int fanout)
{
	int	i;

	for (i = 0; i < r->ncalls; i++)
		free(r->bodies[i]);
	free(r->bodies);
	free(r->calls);
	r->ncalls = fanout ? r->k : 1;
	r->per_call = fanout ? 1 : r->k;
	r->calls = xcalloc((size_t)r->ncalls, sizeof *r->calls);
	r->bodies = xcalloc((size_t)r->ncalls, sizeof *r->bodies);
	for (i = 0; i < r->ncalls; i++)
		r->bodies[i] = live_gen_body(r->e, pr, r->per_call,
		    r->temperature);
}

/* Starts the header of answer so->cur once it has something to show. */
static void
show_header(struct stream_out *so)
{
	if (so->shown)
		return;
	so->shown = 1;
	if (so->k > 1)
		printf("[%d] ", so->cur + 1);
}

/* Set by SIGINT or SIGTERM during a rerun: cancel, keep what came. */
static volatile sig_atomic_t rerun_stop;

static void
rerun_on_signal(int sig)
{
	rerun_stop = 1;
}

/* Sends the requests on cl and waits for the answers, streaming them. */
static void
rerun_send(struct rerun *r, struct live_client *cl, const char *path)
{
	struct stream_out	so;
	int			i, left;

	so.k = r->k;
	so.cur = 0;
	so.shown = 0;
	so.pending = xcalloc((size_t)r->k, sizeof *so.pending);
	for (i = 0; i < r->k; i++)
		buf_init(&so.pending[i]);
	buf_init(&so.b);
	for (i = 0; i < r->ncalls; i++)
		r->calls[i] = live_call_start(cl, r->e, "POST", path,
		    r->bodies[i], 1, r->per_call, i * r->per_call, on_delta,
		    &so);
	do {
		left = live_client_step(cl, 100);
		if (rerun_stop)
			for (i = 0; i < r->ncalls; i++)
				live_call_cancel(r->calls[i]);
		while (so.cur < r->k && answer_over(r, so.cur)) {
			/* An answer of which nothing came shows nothing. */
			if (so.shown)
				printf("\n");
			so.shown = 0;
			if (++so.cur == r->k)
				break;
			if (so.pending[so.cur].len > 0) {
				show_header(&so);
				show_text(&so, so.pending[so.cur].s,
				    so.pending[so.cur].len);
			}
		}
	} while (left > 0);
	for (i = 0; i < r->k; i++)
		buf_free(&so.pending[i]);
	free(so.pending);
	buf_free(&so.b);
}

/*
 * Whether the one request for K answers was refused for its n, as
 * llama.cpp's /v1 endpoints do ("Only one completion choice is allowed"):
 * then K requests of n = 1 are sent instead.
 */
static int
refused_n(const struct rerun *r)
{
	const struct live_call	*c = r->calls[0];
	const char		*err = live_call_error(c);
	long			 st = live_call_status(c);

	return r->ncalls == 1 && r->k > 1 &&
	    live_call_state(c) == LIVE_FAILED && !live_call_delivered(c) &&
	    (st == 400 || st == 422 || st == 500) && err != NULL &&
	    (strstr(err, "completion choice") != NULL ||
	    strstr(err, "'n'") != NULL || strstr(err, "\"n\"") != NULL);
}

/* Sends the requests and waits for the answers, streaming them. */
static int
rerun_run(struct rerun *r, const struct live_prompt *pr, int dry)
{
	struct live_client	*cl;
	struct sigaction	 sa, old_int, old_term;
	const char		*body;
	size_t			 len;
	char			*path, *cause = NULL;
	int			 i, fanout, nfail = 0, rc = CLI_OK;

	fanout = r->e->nmode == LIVE_N_FANOUT || (r->e->nmode == LIVE_N_AUTO
	    && r->e->kind != LIVE_OPENAI_CHAT &&
	    r->e->kind != LIVE_OPENAI_COMPLETIONS);
	rerun_plan(r, pr, fanout);
	path = live_gen_path(r->e);
	if (dry) {
		/* The exact request, as it would be sent (no key in it). */
		printf("POST %s%s\n%s\n", r->e->base_url, path, r->bodies[0]);
		if (r->ncalls > 1)
			printf("(%d such requests, in parallel)\n", r->ncalls);
		goto out;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = rerun_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	cl = live_client_new();
	r->started = cn_now();
	rerun_send(r, cl, path);
	if (!fanout && r->e->nmode == LIVE_N_AUTO && !rerun_stop &&
	    refused_n(r)) {
		fprintf(stderr, "canopy rerun: %s; asking %d times with n = 1"
		    " instead (n = fanout in its section saves a request)\n",
		    live_call_error(r->calls[0]), r->k);
		/* It was asked and refused: the record says so too. */
		body = live_call_body(r->calls[0], &len);
		r->refused.endpoint = r->e->name;
		r->refused.model = r->e->model;
		r->refused.request = xstrdup(r->bodies[0]);
		r->refused.response = xstrndup(body, len);
		r->refused.status = "error";
		r->refused.error = xstrdup(live_call_error(r->calls[0]));
		r->refused.started = r->started;
		r->refused.seconds = live_call_seconds(r->calls[0]);
		live_client_free(cl);
		cl = live_client_new();
		rerun_plan(r, pr, 1);
		rerun_send(r, cl, path);
	}
	for (i = 0; i < r->ncalls; i++)
		if (live_call_state(r->calls[i]) == LIVE_FAILED)
			fprintf(stderr, "canopy rerun: %s\n",
			    live_call_error(r->calls[i]));
	/* Storing is quick and must not be cut short. */
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	if (rerun_store(r, &nfail, &cause) != 0)
		rc = cli_fail_cause("rerun", cause, "storing failed");
	else if (nfail > 0)
		rc = CLI_FAIL;
	live_client_free(cl);
out:
	for (i = 0; i < r->ncalls; i++)
		free(r->bodies[i]);
	free(r->bodies);
	free(r->calls);
	xfree_const(r->refused.request);
	xfree_const(r->refused.response);
	xfree_const(r->refused.error);
	free(path);
	return rc;
}

int
cmd_rerun(int argc, char **argv, const char *db)
{
	static const struct option	 longopts[] = {
		EP_LONGOPTS,
		CLI_LONGOPT_DB,
		{ "endpoint",	required_argument,	NULL, 'e' },
		{ "mode",	required_argument,	NULL, 'm' },
		{ "temperature", required_argument,	NULL, 't' },
		{ "dry-run",	no_argument,		NULL, 'D' },
		CLI_LONGOPTS_END
	};
	const struct cli_cmd		*c = cli_cmd_find("rerun");
	struct ep_opts			 o;
	struct live_config		*cfg = NULL;
	const struct live_endpoint	*e;
	struct live_endpoint		 adhoc;
	struct live_prompt		 pr;
	struct path_acc			 pa;
	struct rerun			 r;
	struct store			*st = NULL;
	char				*cause = NULL, *end, *problem = NULL;
	int				 ch, rc, dry = 0, have_adhoc = 0;
	long				 k = 1;
	int64_t				 id;

	memset(&o, 0, sizeof o);
	memset(&r, 0, sizeof r);
	memset(&pa, 0, sizeof pa);
	r.temperature = NAN;
	optind = 0;
	while ((ch = cli_getopt(argc, argv, ":hn:", longopts, &db)) != -1) {
		if (ep_opt(&o, ch, optarg))
			continue;
		switch (ch) {
		case 'e':
			o.name = optarg;
			break;
		case 'n':
			k = strtol(optarg, &end, 10);
			if (*optarg == '\0' || *end != '\0' || k < 1 || k > 64)
				return cli_usage_error(c, "-n takes a count"
				    " from 1 to 64, not '%s'", optarg);
			break;
		case 'm':
			if (strcmp(optarg, "step") == 0)
				r.full = 0;
			else if (strcmp(optarg, "full") == 0)
				r.full = 1;
			else
				return cli_usage_error(c, "--mode is step or"
				    " full, not '%s'", optarg);
			break;
		case 't':
			r.temperature = strtod(optarg, &end);
			if (*optarg == '\0' || *end != '\0' ||
			    isnan(r.temperature) || r.temperature < 0 ||
			    r.temperature > 10)
				return cli_usage_error(c, "--temperature takes"
				    " a number from 0 to 10, not '%s'", optarg);
			break;
		case 'D':
			dry = 1;
			break;
		default:
			return cli_opt_default(c, ch, argv);
		}
	}
	if (optind + 1 != argc)
		return cli_usage_error(c, optind == argc ? "no ADDRESS given" :
		    "too many arguments");
	if (o.name != NULL && ep_adhoc(&o))
		return cli_usage_error(c, "give --endpoint or the ad-hoc flags"
		    " (--kind, --base-url, ...), not both");
	if (o.name == NULL && !ep_adhoc(&o))
		return cli_usage_error(c, "no endpoint: give --endpoint NAME"
		    " (canopy models lists them) or --kind K --base-url URL"
		    " --model M");
	if (ep_adhoc(&o)) {
		if ((rc = ep_make_adhoc(c, &o, &adhoc)) != CLI_OK)
			return rc;
		have_adhoc = 1;
		e = &adhoc;
	} else {
		if (live_config_load(o.config, &cfg, &cause) != 0)
			return cli_fail_cause("rerun", cause,
			    "no configuration");
		if ((e = live_config_find(cfg, o.name)) == NULL) {
			rc = cli_fail("rerun", "no endpoint '%s' in %s",
			    o.name, cfg->path != NULL ? cfg->path :
			    "(no config file)");
			goto out;
		}
	}
	if (live_kind_is_scorer(e->kind)) {
		rc = cli_fail("rerun", "'%s' is a scorer (%s), not a model"
		    " that generates", e->name, live_kind_name(e->kind));
		goto out;
	}
	rc = CLI_FAIL;
	if (cli_open_update("rerun", cli_db_path(db), &st) != 0)
		goto out;
	if ((ch = store_node_resolve(st, argv[optind], &id, &cause)) != 1) {
		if (ch == 0)
			cli_fail("rerun", "no node at address '%s'",
			    argv[optind]);
		else
			cli_fail("rerun", "%s", cause);
		goto out;
	}
	if (rerun_path(st, id, &pa, &problem, &cause) != 0) {
		cli_fail("rerun", "%s", cause);
		goto out;
	}
	memset(&pr, 0, sizeof pr);
	pr.problem = problem;
	pr.steps = (const char *const *)pa.steps;
	pr.nsteps = pa.n;
	pr.full = r.full;
	r.e = e;
	r.st = st;
	r.node = id;
	r.k = (int)k;
	rc = rerun_run(&r, &pr, dry);
out:
	free(cause);
	free(problem);
	path_free(&pa);
	store_close(st);
	if (have_adhoc)
		live_endpoint_clear(&adhoc);
	live_config_free(cfg);
	return rc;
}

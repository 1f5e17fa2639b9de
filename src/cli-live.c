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

/* The option rows of struct ep_opts o, shared by both commands. */
#define EP_OPTS(o)							\
	CLI_OPT_STR("config", 0, &(o).config),				\
	CLI_OPT_STR("kind", 0, &(o).kind),				\
	CLI_OPT_STR("base-url", 0, &(o).base_url),			\
	CLI_OPT_STR("model", 0, &(o).model),				\
	CLI_OPT_STR("api-key-env", 0, &(o).key_env)

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
	const struct live_call_info	*ci = live_call_info(k->call);
	const char			*err = ci->error, *body;
	char				*why = NULL;
	size_t				 len;
	long				 status = ci->status;
	int				 rc;

	if (ci->state == LIVE_FAILED &&
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
		    ci->url, why);
	}
	free(why);
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
			jw_kstr(&w, "name", e->name);
			jw_kstr(&w, "kind", live_kind_name(e->kind));
			jw_kstr(&w, "base_url", e->base_url);
			jw_kstr(&w, "model", e->model);
			jw_kbool(&w, "scorer", live_kind_is_scorer(e->kind));
			jw_kstr(&w, "verdict", ks[i].verdict);
			jw_kstr(&w, "reason", ks[i].reason);
			jw_kstr(&w, "defined", e->origin);
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
	const struct cli_cmd		*c = cli_cmd_find("models");
	struct ep_opts			 o;
	struct live_config		*cfg = NULL;
	struct live_endpoint		 adhoc, probe;
	struct live_client		*cl;
	struct check			*ks;
	char				*cause = NULL;
	size_t				 i, n;
	int				 json = 0, rc;
	const struct cli_opt		 opts[] = {
		EP_OPTS(o),
		CLI_OPT_FLAG("json", 0, &json),
		CLI_OPT_END
	};

	memset(&o, 0, sizeof o);
	if ((rc = cli_opts_only(c, argc, argv, opts, NULL)) >= 0)
		return rc;
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

static void
show_text(struct stream_out *so, const char *text, size_t len)
{
	buf_reset(&so->b);
	safe_text(&so->b, text, len);
	fwrite(so->b.s, 1, so->b.len, stdout);
	fflush(stdout);
}

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

/* Set by SIGINT or SIGTERM during a rerun: cancel, keep what came. */
static volatile sig_atomic_t rerun_stop;

static void
rerun_on_signal(int sig)
{
	rerun_stop = 1;
}

/* Sends the requests on cl and waits for the answers, streaming them. */
static void
rerun_send(struct live_rerun *r, struct live_client *cl)
{
	struct stream_out	 so;
	const char		*refused;
	int			 i, k = live_rerun_k(r);

	so.k = k;
	so.cur = 0;
	so.shown = 0;
	so.pending = xcalloc((size_t)k, sizeof *so.pending);
	for (i = 0; i < k; i++)
		buf_init(&so.pending[i]);
	buf_init(&so.b);
	live_rerun_start(r, cl, on_delta, &so);
	do {
		live_client_step(cl, 100);
		if (rerun_stop)
			live_rerun_cancel(r);
		if ((refused = live_rerun_poll(r)) != NULL)
			fprintf(stderr, "canopy rerun: %s; asking %d times"
			    " with n = 1 instead (n = fanout in its section"
			    " saves a request)\n", refused, k);
		while (so.cur < k && live_rerun_answer_over(r, so.cur)) {
			/* An answer of which nothing came shows nothing. */
			if (so.shown)
				printf("\n");
			so.shown = 0;
			if (++so.cur == k)
				break;
			if (so.pending[so.cur].len > 0) {
				show_header(&so);
				show_text(&so, so.pending[so.cur].s,
				    so.pending[so.cur].len);
			}
		}
	} while (!live_rerun_done(r));
	for (i = 0; i < k; i++)
		buf_free(&so.pending[i]);
	free(so.pending);
	buf_free(&so.b);
}

/* Sends the requests, streams the answers, stores them as children. */
static int
rerun_run(struct store *st, int64_t node, struct live_rerun *r, int dry)
{
	struct live_client	*cl;
	struct sigaction	 sa, old_int, old_term;
	struct cn_rerun_answer	*v;
	char			*cause = NULL, *addr;
	size_t			 n, i;
	int			 nfail = 0, k = live_rerun_k(r), rc = CLI_OK;

	if (dry) {
		addr = live_rerun_preview(r);
		fputs(addr, stdout);
		free(addr);
		live_rerun_free(r);
		return CLI_OK;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = rerun_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	cl = live_client_new();
	rerun_send(r, cl);
	for (i = 0; i < (size_t)k; i++)
		if (live_rerun_error(r, (int)i) != NULL &&
		    (i == 0 || live_rerun_error(r, (int)i) !=
		    live_rerun_error(r, (int)i - 1)))
			fprintf(stderr, "canopy rerun: %s\n",
			    live_rerun_error(r, (int)i));
	/* Storing is quick and must not be cut short. */
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	n = live_rerun_results(r, &v);
	if (store_live_rerun_save(st, node, v, n, &cause) != 0)
		rc = cli_fail_cause("rerun", cause, "storing failed");
	for (i = 0; i < n && rc == CLI_OK; i++) {
		if (v[i].index == 0)
			continue;
		if (k > 1)
			printf("[%d] ", v[i].index);
		if (v[i].node_id == 0) {
			printf("dropped: nothing arrived\n");
		} else {
			addr = store_node_address(st, v[i].node_id);
			printf("stored %s%s (finish %s)\n",
			    addr != NULL ? addr : "?", v[i].truncated ?
			    ", marked truncated" : "", v[i].finish);
			free(addr);
		}
		nfail += v[i].truncated;
	}
	if (rc == CLI_OK && nfail > 0)
		rc = CLI_FAIL;
	live_rerun_free(r);
	live_client_free(cl);
	return rc;
}

/* --mode step or full: whether the prompt is the whole path. */
static int
take_mode(void *full, char *arg)
{
	if (strcmp(arg, "step") != 0 && strcmp(arg, "full") != 0)
		return -1;
	*(int *)full = strcmp(arg, "full") == 0;
	return 0;
}

int
cmd_rerun(int argc, char **argv, const char *db)
{
	const struct cli_cmd		*c = cli_cmd_find("rerun");
	struct ep_opts			 o;
	struct live_config		*cfg = NULL;
	const struct live_endpoint	*e;
	struct live_endpoint		 adhoc;
	struct live_prompt		 pr;
	struct store_live_path		 pa;
	struct cli_ctx			 ctx;
	struct live_rerun		*r;
	int				 ch, rc, dry = 0, have_adhoc = 0;
	int				 full = 0, k = 1;
	double				 temperature = NAN;
	int64_t				 id;
	const struct cli_opt		 opts[] = {
		EP_OPTS(o),
		CLI_OPT_STR("endpoint", 0, &o.name),
		CLI_OPT_FN("mode", 0, &full, take_mode,
		    "--mode is step or full"),
		CLI_OPT_NUM("temperature", 0, &temperature, 0, 10,
		    "--temperature takes a number from 0 to 10"),
		CLI_OPT_FLAG("dry-run", 0, &dry),
		CLI_OPT_INT(NULL, 'n', &k, 1, 64,
		    "-n takes a count from 1 to 64"),
		CLI_OPT_END
	};

	memset(&o, 0, sizeof o);
	memset(&pa, 0, sizeof pa);
	cli_ctx_init(&ctx, "rerun");
	if ((rc = cli_opts(c, argc, argv, opts, &db)) >= 0)
		return rc;
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
		if (live_config_load(o.config, &cfg, &ctx.cause) != 0)
			return cli_ctx_fail(&ctx, "no configuration");
		if ((e = live_config_find(cfg, o.name)) == NULL) {
			cli_fail("rerun", "no endpoint '%s' in %s",
			    o.name, cfg->path != NULL ? cfg->path :
			    "(no config file)");
			goto out;
		}
	}
	if (live_kind_is_scorer(e->kind)) {
		cli_fail("rerun", "'%s' is a scorer (%s), not a model"
		    " that generates", e->name, live_kind_name(e->kind));
		goto out;
	}
	if (cli_ctx_open(&ctx, CLI_DB_UPDATE, db) != 0)
		goto out;
	if ((ch = store_node_resolve(ctx.st, argv[optind], &id,
	    &ctx.cause)) != 1) {
		if (ch == 0)
			cli_fail("rerun", "no node at address '%s'",
			    argv[optind]);
		else
			cli_fail("rerun", "%s", ctx.cause);
		goto out;
	}
	if (store_live_path(ctx.st, id, &pa, &ctx.cause) != 0) {
		cli_fail("rerun", "%s", ctx.cause);
		goto out;
	}
	pr = (struct live_prompt){ .problem = pa.problem,
	    .steps = (const char *const *)pa.steps, .nsteps = pa.n,
	    .full = full };
	r = live_rerun_new(e, &pr, k, temperature);
	ctx.rc = rerun_run(ctx.st, id, r, dry);
out:
	store_live_path_free(&pa);
	if (have_adhoc)
		live_endpoint_clear(&adhoc);
	live_config_free(cfg);
	return cli_ctx_end(&ctx);
}

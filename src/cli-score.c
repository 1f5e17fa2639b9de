/*
 * cli-score.c - `canopy score`: asks a reward model (a scorer of
 * models.conf) about every root-to-leaf path of some traces and stores
 * its scores as a signal. A PRM (vllm-pooling) scores every step of the
 * path; a sequence reward model (vllm-classify) or a plain reward
 * endpoint (http-reward) scores the leaf. Each
 * answer is committed at once, so an interrupted run keeps what it got
 * and --resume goes on from there.
 */
#include "config.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "live.h"
#include "store-live.h"

/* One path to score: node ids and texts below the root, leaf last. */
struct score_job {
	int64_t		 trace;
	char		*problem;	/* borrowed from the trace list */
	int64_t		*ids;
	char		**texts;
	size_t		 n;
	struct live_call *call;
};

struct score_run {
	const struct live_endpoint *e;
	const char	*name;		/* the signal */
	int		 resume;
	struct score_job *jobs;
	size_t		 njobs;
	size_t		 skipped;
	/* the walk of the trace being read */
	int64_t		 trace;
	char		*problem;
	int64_t		*ids;		/* by depth */
	char		**texts;
	size_t		 cap;
	char		**problems;	/* one per trace, freed at the end */
	size_t		 nproblems;
};

static volatile sig_atomic_t score_stop;

static void
score_on_signal(int sig)
{
	score_stop = 1;
}

/* Preorder walk: keeps the path to the node, queues a job per leaf. */
static int
score_walk(const struct cn_node *n, void *arg)
{
	struct score_run	*sr = arg;
	struct score_job	*j;
	size_t			 d = (size_t)n->depth, i;

	if (d >= sr->cap) {
		sr->ids = xreallocarray(sr->ids, d + 16, sizeof *sr->ids);
		sr->texts = xreallocarray(sr->texts, d + 16,
		    sizeof *sr->texts);
		for (i = sr->cap; i < d + 16; i++)
			sr->texts[i] = NULL;
		sr->cap = d + 16;
	}
	/* The node is borrowed for this call: keep copies of the path. */
	sr->ids[d] = n->id;
	free(sr->texts[d]);
	sr->texts[d] = xstrdup(n->text != NULL ? n->text : "");
	if (d == 0 && sr->problem == NULL && n->text != NULL) {
		sr->problem = xstrdup(n->text);
		sr->problems = xreallocarray(sr->problems, sr->nproblems + 1,
		    sizeof *sr->problems);
		sr->problems[sr->nproblems++] = sr->problem;
	}
	if (n->child_count > 0 || d == 0)
		return 0;
	if (sr->resume && cn_node_more(n, sr->name) != NULL) {
		sr->skipped++;
		return 0;
	}
	sr->jobs = xreallocarray(sr->jobs, sr->njobs + 1, sizeof *sr->jobs);
	j = &sr->jobs[sr->njobs++];
	memset(j, 0, sizeof *j);
	j->trace = n->trace_id;
	j->problem = sr->problem;
	j->n = d;
	j->ids = xcalloc(d, sizeof *j->ids);
	j->texts = xcalloc(d, sizeof *j->texts);
	for (i = 1; i <= d; i++) {
		j->ids[i - 1] = sr->ids[i];
		j->texts[i - 1] = xstrdup(sr->texts[i]);
	}
	return 0;
}

/* Queues the leaves of trace t. */
static int
score_trace(struct store *st, const struct cn_trace *t, struct score_run *sr,
    char **cause)
{
	sr->trace = t->id;
	sr->problem = NULL;
	if (t->problem != NULL) {
		sr->problem = xstrdup(t->problem);
		sr->problems = xreallocarray(sr->problems, sr->nproblems + 1,
		    sizeof *sr->problems);
		sr->problems[sr->nproblems++] = sr->problem;
	}
	return store_preorder_each(st, t->id, -1, score_walk, sr, cause);
}

struct trace_ids {
	int64_t		*v;
	size_t		 n;
};

static int
collect_trace(const struct cn_trace *t, void *arg)
{
	struct trace_ids	*ti = arg;

	ti->v = xreallocarray(ti->v, ti->n + 1, sizeof *ti->v);
	ti->v[ti->n++] = t->id;
	return 0;
}

/* Stores the answer of job j; 0, or -1 with *cause. */
static int
score_store(struct store *st, const struct score_run *sr,
    struct score_job *j, char **cause)
{
	const char	*body;
	double		*vals;
	size_t		 len, n;
	int		 rc;

	body = live_call_body(j->call, &len);
	if (live_score_parse(sr->e, body, len, j->n, &vals, &n, cause) != 0)
		return -1;
	rc = store_live_scores_set(st, j->ids, j->n, sr->name, vals, n,
	    cause);
	free(vals);
	return rc;
}

/* Starts jobs until jobs_max are in flight (none once stopped). */
static void
score_fill(struct live_client *cl, struct score_run *sr, size_t *next,
    int *inflight, int jobs_max)
{
	struct live_prompt	 p;
	char			*body;

	while (!score_stop && *inflight < jobs_max && *next < sr->njobs) {
		struct score_job *j = &sr->jobs[(*next)++];

		p = (struct live_prompt){ .problem = j->problem,
		    .steps = (const char *const *)j->texts, .nsteps = j->n };
		body = live_score_body(sr->e, &p);
		j->call = live_call_start(cl, sr->e, "POST",
		    live_score_path(sr->e), body, 0, 1, 0, NULL, NULL);
		free(body);
		(*inflight)++;
	}
}

/* Sends the jobs, at most jobs_max at once; returns the failures. */
static size_t
score_send(struct store *st, struct score_run *sr, int jobs_max)
{
	struct live_client	*cl = live_client_new();
	char			*cause = NULL, *addr;
	size_t			 next = 0, done = 0, failed = 0, i, lo = 0;
	int			 inflight = 0, tty = isatty(STDERR_FILENO);

	while (done < sr->njobs) {
		score_fill(cl, sr, &next, &inflight, jobs_max);
		live_client_step(cl, 100);
		while (lo < next && sr->jobs[lo].call == NULL)
			lo++;
		for (i = lo; i < next; i++) {
			struct score_job *j = &sr->jobs[i];
			enum live_state	  s;

			if (j->call == NULL)
				continue;
			s = live_call_info(j->call)->state;
			if (score_stop)
				live_call_cancel(j->call);
			else if (s == LIVE_RUNNING || s == LIVE_WAITING)
				continue;
			/*
			 * The next request goes out before this answer is
			 * committed, so the commit overlaps the network wait.
			 */
			inflight--;
			score_fill(cl, sr, &next, &inflight, jobs_max);
			live_client_step(cl, 0);
			if (live_call_info(j->call)->state != LIVE_DONE ||
			    score_store(st, sr, j, &cause) != 0) {
				addr = store_node_address(st,
				    j->ids[j->n - 1]);
				/* Ten messages tell the story. */
				if (failed++ < 10)
					fprintf(stderr, "canopy score: %s:"
					    " %s\n", addr != NULL ? addr : "?",
					    cause != NULL ? cause :
					    live_call_info(j->call)->error);
				free(addr);
				free(cause);
				cause = NULL;
			}
			live_call_free(j->call);
			j->call = NULL;
			done++;
		}
		if (score_stop && inflight == 0) {
			failed += sr->njobs - done;
			break;
		}
		if (tty)
			fprintf(stderr, "\rscored %zu/%zu paths", done,
			    sr->njobs);
	}
	if (tty)
		fprintf(stderr, "\r\033[K");
	live_client_free(cl);
	return failed;
}

int
cmd_score(int argc, char **argv, const char *db)
{
	const struct cli_cmd		*c = cli_cmd_find("score");
	const char			*config = NULL, *scorer = NULL;
	const char			*trace = NULL;
	struct live_config		*cfg = NULL;
	struct score_run		 sr;
	struct trace_ids		 ti = { NULL, 0 };
	struct sigaction		 sa, old_int, old_term;
	struct store			*st = NULL;
	struct cn_trace			 t;
	char				*cause = NULL;
	size_t				 i, failed;
	int				 ch, jobs = 4, all = 0, rc;
	const struct cli_opt		 opts[] = {
		CLI_OPT_STR("config", 0, &config),
		CLI_OPT_STR("scorer", 0, &scorer),
		CLI_OPT_STR("trace", 0, &trace),
		CLI_OPT_FLAG("all", 0, &all),
		CLI_OPT_FLAG("resume", 0, &sr.resume),
		CLI_OPT_STR("name", 0, &sr.name),
		CLI_OPT_INT(NULL, 'j', &jobs, 1, 64,
		    "-j takes a count from 1 to 64"),
		CLI_OPT_END
	};

	memset(&sr, 0, sizeof sr);
	if ((rc = cli_opts_only(c, argc, argv, opts, &db)) >= 0)
		return rc;
	rc = CLI_FAIL;
	if (scorer == NULL)
		return cli_usage_error(c, "no --scorer given (canopy models"
		    " lists them)");
	if ((trace == NULL) == !all)
		return cli_usage_error(c, "give --trace T or --all");
	if (live_config_load(config, &cfg, &cause) != 0)
		return cli_fail_cause("score", cause, "no configuration");
	if ((sr.e = live_config_find(cfg, scorer)) == NULL ||
	    !live_kind_is_scorer(sr.e->kind)) {
		rc = cli_fail("score", "no scorer '%s' in %s", scorer,
		    cfg->path != NULL ? cfg->path : "(no config file)");
		goto out;
	}
	if (sr.name == NULL)
		sr.name = sr.e->name;
	if (cn_sig_lookup(sr.name) >= 0) {
		rc = cli_usage_error(c, "'%s' is a common signal: give --name",
		    sr.name);
		goto out;
	}
	if (cli_open_update("score", cli_db_path(db), &st) != 0)
		goto out;
	if (all) {
		if (store_traces_each(st, collect_trace, &ti, &cause) != 0) {
			cli_fail("score", "%s", cause);
			goto out;
		}
	} else if ((ch = store_trace_find(st, trace, &t, &cause)) != 1) {
		cli_fail("score", ch == 0 ? "no trace '%s'" : "%s",
		    ch == 0 ? trace : cause);
		goto out;
	} else {
		collect_trace(&t, &ti);
		cn_trace_clear(&t);
	}
	for (i = 0; i < ti.n; i++) {
		if (store_trace_get(st, ti.v[i], &t, &cause) != 1 ||
		    score_trace(st, &t, &sr, &cause) != 0) {
			cli_fail("score", "%s", cause != NULL ? cause :
			    "a trace vanished");
			cn_trace_clear(&t);
			goto out;
		}
		cn_trace_clear(&t);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = score_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, &old_int);
	sigaction(SIGTERM, &sa, &old_term);
	failed = score_send(st, &sr, jobs);
	sigaction(SIGINT, &old_int, NULL);
	sigaction(SIGTERM, &old_term, NULL);
	printf("scored %zu of %zu paths with %s as signal %s", sr.njobs -
	    failed, sr.njobs, sr.e->name, sr.name);
	if (sr.skipped > 0)
		printf(" (%zu already scored, skipped)", sr.skipped);
	printf("\n");
	rc = failed > 0 ? CLI_FAIL : CLI_OK;
out:
	for (i = 0; i < sr.njobs; i++) {
		xfree_strv(sr.jobs[i].texts, sr.jobs[i].n);
		free(sr.jobs[i].ids);
	}
	free(sr.jobs);
	xfree_strv(sr.problems, sr.nproblems);
	free(sr.ids);
	xfree_strv(sr.texts, sr.cap);
	free(ti.v);
	free(cause);
	store_close(st);
	live_config_free(cfg);
	return rc;
}

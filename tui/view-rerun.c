/*
 * view-rerun.c - the rerun panel: asks a live model (an endpoint of
 * models.conf) to continue the path to the tree's cursor node. It shows
 * the exact request before sending, streams the K answers stacked as they
 * arrive, stores them as children through the code `canopy rerun` uses
 * (live_rerun_*, store_live_rerun_save) and can score them at once.
 *
 * The network is driven from the loop's input timeout (rerun_poll), a
 * frame at a time, so keys keep answering while answers stream in, even
 * from other views.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree-model.h"
#include "view-rerun.h"
#include "view-tree.h"

static struct rerun_view *
rv_of(struct view *v)
{
	return v->data;
}

const struct live_endpoint *
rv_endpoint(const struct rerun_view *rv)
{
	return rv->cfg->v[rv->gens[rv->gen]];
}

const struct live_endpoint *
rv_scorer(const struct rerun_view *rv)
{
	return rv->scorer >= 0 ? rv->cfg->v[rv->scorers[rv->scorer]] : NULL;
}

static void
rv_note(struct rerun_view *rv, int error, char *msg)
{
	free(rv->note);
	rv->note = msg;
	rv->note_error = error;
}

/* The rerun as the form now says: the preview is its exact request. */
static void
rv_plan(struct rerun_view *rv)
{
	const struct live_endpoint	*e = rv_endpoint(rv);

	live_rerun_free(rv->r);
	memset(&rv->pr, 0, sizeof rv->pr);
	rv->pr.problem = rv->path.problem;
	rv->pr.steps = (const char *const *)rv->path.steps;
	rv->pr.nsteps = rv->path.n;
	rv->pr.full = rv->full;
	rv->r = live_rerun_new(e, &rv->pr, rv->k, rv->temp);
}

static void
rv_scores_free(struct rerun_view *rv)
{
	size_t	i;

	for (i = 0; i < rv->nsc; i++) {
		live_call_free(rv->sc[i].call);
		store_live_path_free(&rv->sc[i].path);
	}
	free(rv->sc);
	rv->sc = NULL;
	rv->nsc = 0;
}

static void
rv_clear(struct rerun_view *rv)
{
	rv_scores_free(rv);
	live_rerun_free(rv->r);
	live_client_free(rv->cl);
	store_live_path_free(&rv->path);
	live_config_free(rv->cfg);
	if (rv->bench != NULL)
		fclose(rv->bench);
	free(rv->gens);
	free(rv->scorers);
	free(rv->addr);
	free(rv->note);
}

/*
 * Applies a `:rerun` argument: [ENDPOINT] [n=K] [temp=T]
 * [mode=step|full] [score=S]. -1 with *cause naming the bad word.
 */
static int
rv_args(struct rerun_view *rv, const char *arg, char **cause)
{
	char	*copy = xstrdup(arg), *w, *save = NULL, *end;
	int	 i, rc = -1;
	long	 k;

	for (w = strtok_r(copy, " \t", &save); w != NULL;
	    w = strtok_r(NULL, " \t", &save)) {
		if (strncmp(w, "n=", 2) == 0) {
			k = strtol(w + 2, &end, 10);
			if (w[2] == '\0' || *end != '\0' || k < 1 || k > 64) {
				*cause = xasprintf("n takes a count from 1 to"
				    " 64, not '%s'", w + 2);
				goto out;
			}
			rv->k = (int)k;
		} else if (strncmp(w, "temp=", 5) == 0) {
			rv->temp = strtod(w + 5, &end);
			if (w[5] == '\0' || *end != '\0' || isnan(rv->temp) ||
			    rv->temp < 0 || rv->temp > 10) {
				*cause = xasprintf("temp takes a number from 0"
				    " to 10, not '%s'", w + 5);
				goto out;
			}
		} else if (strcmp(w, "mode=step") == 0)
			rv->full = 0;
		else if (strcmp(w, "mode=full") == 0)
			rv->full = 1;
		else if (strncmp(w, "mode=", 5) == 0) {
			*cause = xasprintf("mode is step or full, not '%s'",
			    w + 5);
			goto out;
		} else if (strncmp(w, "score=", 6) == 0) {
			rv->scorer = -1;
			for (i = 0; i < rv->nscorers; i++)
				if (strcmp(rv->cfg->v[rv->scorers[i]]->name,
				    w + 6) == 0)
					rv->scorer = i;
			if (rv->scorer < 0 && strcmp(w + 6, "none") != 0) {
				*cause = xasprintf("no scorer '%s' in %s",
				    w + 6, rv->cfg->path != NULL ?
				    rv->cfg->path : "models.conf");
				goto out;
			}
		} else {
			for (i = 0; i < rv->ngens; i++)
				if (strcmp(rv->cfg->v[rv->gens[i]]->name,
				    w) == 0)
					break;
			if (i == rv->ngens) {
				*cause = xasprintf("no endpoint '%s' in %s",
				    w, rv->cfg->path != NULL ? rv->cfg->path :
				    "models.conf");
				goto out;
			}
			rv->gen = i;
		}
	}
	rc = 0;
out:
	free(copy);
	return rc;
}

/* Reads models.conf and the path; -1 with *cause keeps the panel shut. */
static struct rerun_view *
rv_new(struct tui *t, int64_t node, const char *arg, char **cause)
{
	struct rerun_view	*rv = xcalloc(1, sizeof *rv);
	size_t			 i;

	rv->node = node;
	rv->k = 1;
	rv->temp = NAN;
	rv->scorer = -1;
	if (live_config_load(NULL, &rv->cfg, cause) != 0)
		goto fail;
	for (i = 0; i < rv->cfg->n; i++) {
		if (live_kind_is_scorer(rv->cfg->v[i]->kind)) {
			rv->scorers = xreallocarray(rv->scorers,
			    (size_t)rv->nscorers + 1, sizeof *rv->scorers);
			rv->scorers[rv->nscorers++] = (int)i;
		} else {
			rv->gens = xreallocarray(rv->gens,
			    (size_t)rv->ngens + 1, sizeof *rv->gens);
			rv->gens[rv->ngens++] = (int)i;
		}
	}
	if (rv->ngens == 0) {
		char	*p = live_config_default_path();

		*cause = xasprintf("no endpoint to ask: write one in %s (see"
		    " docs/models.md)", rv->cfg->path != NULL ? rv->cfg->path
		    : p);
		free(p);
		goto fail;
	}
	if (arg != NULL && rv_args(rv, arg, cause) != 0)
		goto fail;
	if (store_live_path(t->st, node, &rv->path, cause) != 0)
		goto fail;
	rv->addr = store_node_address(t->st, node);
	rv_plan(rv);
	return rv;
fail:
	rv_clear(rv);
	free(rv);
	return NULL;
}

int
rerun_open(struct tui *t, const char *arg)
{
	struct view		*v = tui_view(t, VIEW_RERUN);
	struct view		*tree = tui_view(t, VIEW_TREE);
	struct tree_view	*tv;
	const struct cn_node	*n;
	struct rerun_view	*rv;
	char			*cause = NULL;

	if (v->is_open && rv_of(v)->phase != RR_SETUP &&
	    rv_of(v)->phase != RR_DONE) {
		/* One rerun at a time: back to the one under way. */
		tui_switch(t, v);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (t->cur == v && rv_of(v)->phase == RR_SETUP) {
		/* `:rerun n=4` in the panel changes the form. */
		if (arg != NULL && rv_args(rv_of(v), arg, &cause) != 0)
			tui_error(t, "rerun", cause);
		rv_plan(rv_of(v));
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (!tree->is_open || (tv = tree->data) == NULL ||
	    (n = tm_cursor_node(tv->tm)) == NULL) {
		tui_message(t, 1, "rerun: open a trace and put the cursor on"
		    " a node first");
		return TUI_HANDLED | TUI_REDRAW;
	}
	if ((rv = rv_new(t, n->id, arg, &cause)) == NULL) {
		tui_error(t, "rerun", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	tui_view_close(v);
	v->data = rv;
	v->is_open = 1;
	tui_switch(t, v);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
rv_open(struct view *v, char **cause)
{
	/* Only rerun_open() opens the panel: it needs a node. */
	if (v->data != NULL)
		return 0;
	if (cause != NULL)
		*cause = xstrdup("rerun: no node (x on a node opens it)");
	return -1;
}

static int	rv_store(struct tui *, struct rerun_view *);

static void
rv_close(struct view *v)
{
	struct rerun_view	*rv = rv_of(v);

	/* Quitting while answers stream: keep what came, as Esc does. */
	if (rv->phase == RR_RUNNING) {
		live_rerun_cancel(rv->r);
		rv_store(v->tui, rv);
	}
	rv_clear(rv);
}

/* A delta: the loop redraws after this step of the client. */
static void
rv_delta(void *arg, int index, const char *text, size_t len)
{
	struct rerun_view	*rv = arg;

	(void)index;
	(void)text;
	(void)len;
	rv->fresh = 1;
	if (rv->bench != NULL && rv->t_fresh == 0)
		rv->t_fresh = tui_now_us();
}

static void
rv_send(struct tui *t, struct rerun_view *rv)
{
	if (rv->r == NULL)
		return;
	if (rv->cl == NULL)
		rv->cl = live_client_new();
	if (t->replay && getenv("CANOPY_BENCH_TOKENS") != NULL &&
	    rv->bench == NULL)
		rv->bench = fopen(getenv("CANOPY_BENCH_TOKENS"), "a");
	rv_note(rv, 0, NULL);
	live_rerun_start(rv->r, rv->cl, rv_delta, rv);
	rv->phase = RR_RUNNING;
	tui_message(t, 0, "rerun: asking %s for %d answer%s",
	    rv_endpoint(rv)->name, rv->k, rv->k > 1 ? "s" : "");
}

/* Asks the scorer about the path to each stored answer. */
static void
rv_score_start(struct tui *t, struct rerun_view *rv, struct store *st,
    const struct cn_rerun_answer *v, size_t n)
{
	const struct live_endpoint	*e = rv_scorer(rv);
	struct live_prompt		 p;
	char				*body, *cause = NULL;
	size_t				 i;

	for (i = 0; i < n; i++) {
		struct rr_score	*s;

		if (v[i].node_id == 0)
			continue;
		rv->sc = xreallocarray(rv->sc, rv->nsc + 1, sizeof *rv->sc);
		s = &rv->sc[rv->nsc];
		memset(s, 0, sizeof *s);
		s->node = v[i].node_id;
		if (store_live_path(st, s->node, &s->path, &cause) != 0) {
			tui_error(t, "rerun: score", cause);
			cause = NULL;
			continue;
		}
		memset(&p, 0, sizeof p);
		p.problem = s->path.problem;
		p.steps = (const char *const *)s->path.steps;
		p.nsteps = s->path.n;
		body = live_score_body(e, &p);
		s->call = live_call_start(rv->cl, e, "POST",
		    live_score_path(e), body, 0, 1, 0, NULL, NULL);
		free(body);
		rv->nsc++;
	}
	rv->phase = rv->nsc > 0 ? RR_SCORING : RR_DONE;
}

/* Stores the answers (as `canopy rerun` does); TUI_* flags. */
static int
rv_store(struct tui *t, struct rerun_view *rv)
{
	struct cn_rerun_answer	*v;
	struct store		*st = NULL;
	char			*cause = NULL;
	size_t			 n, i;
	int			 stored = 0, trunc = 0, dropped = 0;

	n = live_rerun_results(rv->r, &v);
	rv->phase = RR_DONE;
	if (rv->bench != NULL)
		fprintf(rv->bench, "stream-keys\t%d\n", rv->bench_keys);
	if (store_open(&st, t->dbpath, 0, &cause) != 0 ||
	    store_live_rerun_save(st, rv->node, v, n, &cause) != 0) {
		rv_note(rv, 1, xasprintf("not stored: %s", cause));
		tui_error(t, "rerun", cause);
		store_close(st);
		return TUI_REDRAW;
	}
	rv->first_new = 0;
	for (i = 0; i < n; i++) {
		if (v[i].index == 0)
			continue;
		if (v[i].node_id == 0) {
			dropped++;
			continue;
		}
		if (rv->first_new == 0)
			rv->first_new = v[i].node_id;
		stored++;
		trunc += v[i].truncated;
	}
	if (stored == 0)
		rv_note(rv, 1, xstrdup("nothing stored: no answer came (Esc:"
		    " back to the tree)"));
	else
		rv_note(rv, trunc > 0, xasprintf("stored %d answer%s under"
		    " %s%s%s (Esc: back to the tree, on the first)", stored,
		    stored == 1 ? "" : "s", rv->addr != NULL ? rv->addr :
		    "?", trunc > 0 ? ", marked truncated" : "", dropped > 0 ?
		    "; dropped those of which nothing came" : ""));
	tui_message(t, stored == 0 || trunc > 0, "rerun %s: %s",
	    rv_endpoint(rv)->name, rv->note);
	if (rv_scorer(rv) != NULL && stored > 0)
		rv_score_start(t, rv, st, v, n);
	store_close(st);
	return TUI_REDRAW | TUI_RELOAD;
}

/* Stores what the scorer said about each path; TUI_* flags. */
static int
rv_score_store(struct tui *t, struct rerun_view *rv)
{
	const struct live_endpoint	*e = rv_scorer(rv);
	struct store			*st = NULL;
	const char			*body;
	char				*cause = NULL;
	double				*vals;
	size_t				 i, len, n;
	int				 ok = 0, bad = 0;

	rv->phase = RR_DONE;
	if (store_open(&st, t->dbpath, 0, &cause) != 0) {
		tui_error(t, "rerun: score", cause);
		return TUI_REDRAW;
	}
	for (i = 0; i < rv->nsc; i++) {
		struct rr_score	*s = &rv->sc[i];

		body = live_call_body(s->call, &len);
		vals = NULL;
		if (live_call_info(s->call)->state != LIVE_DONE) {
			bad++;
			tui_message(t, 1, "rerun: scorer %s: %s", e->name,
			    live_call_info(s->call)->error);
			continue;
		}
		if (live_score_parse(e, body, len, s->path.n, &vals, &n,
		    &cause) != 0 || store_live_scores_set(st, s->path.ids,
		    s->path.n, e->name, vals, n, &cause) != 0) {
			if (cause != NULL)
				tui_message(t, 1, "rerun: scorer %s: %s",
				    e->name, cause);
			free(cause);
			cause = NULL;
			bad++;
		} else
			ok++;
		free(vals);
	}
	store_close(st);
	if (bad == 0)
		tui_message(t, 0, "rerun: %d answer%s scored by %s", ok,
		    ok == 1 ? "" : "s", e->name);
	rv_scores_free(rv);
	return TUI_REDRAW | TUI_RELOAD;
}

int
rerun_poll(struct tui *t, int timeout_ms, int *active)
{
	struct view		*v = tui_view(t, VIEW_RERUN);
	struct rerun_view	*rv = v->is_open ? rv_of(v) : NULL;
	const char		*refused;
	size_t			 i;
	int			 flags = 0, left = 0;

	*active = 0;
	if (rv == NULL || (rv->phase != RR_RUNNING &&
	    rv->phase != RR_SCORING))
		return 0;
	live_client_step(rv->cl, timeout_ms);
	if (rv->phase == RR_RUNNING) {
		if ((refused = live_rerun_poll(rv->r)) != NULL)
			rv_note(rv, 0, xasprintf("%s: asking %d times with"
			    " n = 1 instead", refused, rv->k));
		if (rv->fresh && t->cur == v)
			flags |= TUI_REDRAW;
		rv->fresh = 0;
		if (live_rerun_done(rv->r))
			flags |= rv_store(t, rv);
	} else {
		for (i = 0; i < rv->nsc; i++) {
			enum live_state	s;

			s = live_call_info(rv->sc[i].call)->state;
			left += s == LIVE_RUNNING || s == LIVE_WAITING;
		}
		if (left == 0)
			flags |= rv_score_store(t, rv);
	}
	*active = rv->phase == RR_RUNNING || rv->phase == RR_SCORING;
	return flags;
}

/* ---- actions ---- */

/* Leaves the panel for the tree, on the first answer stored. */
static int
rv_leave(struct tui *t, struct rerun_view *rv)
{
	struct view	*v = tui_view(t, VIEW_RERUN);
	int64_t		 node = rv->first_new;

	tui_view_close(v);
	tui_switch(t, tui_view(t, VIEW_TREE));
	if (node == 0)
		return TUI_HANDLED | TUI_REDRAW;
	return tui_goto_id(t, node) | TUI_RELOAD;
}

static int
rv_action(struct view *v, enum action a, const char *arg)
{
	struct tui		*t = v->tui;
	struct rerun_view	*rv = rv_of(v);
	int			 setup = rv->phase == RR_SETUP;

	rv->bench_keys += rv->phase == RR_RUNNING;
	switch (a) {
	case ACTION_RERUN_SEND:
		if (setup)
			rv_send(t, rv);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_RERUN_CANCEL:
	case ACTION_BACK:
		if (rv->phase == RR_RUNNING) {
			live_rerun_cancel(rv->r);
			tui_message(t, 0, "rerun: cancelled; what came is"
			    " kept, marked truncated");
			return TUI_HANDLED | TUI_REDRAW;
		}
		if (rv->phase == RR_SCORING) {
			for (size_t i = 0; i < rv->nsc; i++)
				live_call_cancel(rv->sc[i].call);
			return TUI_HANDLED | TUI_REDRAW;
		}
		return rv_leave(t, rv);
	case ACTION_MOVE_DOWN:
	case ACTION_PAGE_DOWN:
		rv->top += a == ACTION_MOVE_DOWN ? 1 : 10;
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_MOVE_UP:
	case ACTION_PAGE_UP:
		rv->top -= a == ACTION_MOVE_UP ? 1 : 10;
		if (rv->top < 0)
			rv->top = 0;
		return TUI_HANDLED | TUI_REDRAW;
	default:
		break;
	}
	if (!setup) {
		if (a >= ACTION_RERUN_ENDPOINT && a <= ACTION_RERUN_SCORER) {
			tui_message(t, 1, "rerun: the request is sent; Esc"
			    " then x starts another");
			return TUI_HANDLED | TUI_REDRAW;
		}
		return 0;
	}
	switch (a) {
	case ACTION_RERUN_ENDPOINT:
		rv->gen = (rv->gen + 1) % rv->ngens;
		break;
	case ACTION_RERUN_MORE:
		if (rv->k < 64)
			rv->k++;
		break;
	case ACTION_RERUN_FEWER:
		if (rv->k > 1)
			rv->k--;
		break;
	case ACTION_RERUN_HOTTER:
	case ACTION_RERUN_COOLER:
		if (isnan(rv->temp))
			rv->temp = !isnan(rv_endpoint(rv)->temperature) ?
			    rv_endpoint(rv)->temperature : 1.0;
		rv->temp += a == ACTION_RERUN_HOTTER ? 0.1 : -0.1;
		/* Tenths stay tenths: 0.1 + 0.2 would show 0.30000004. */
		rv->temp = round(rv->temp * 10) / 10;
		if (rv->temp < 0)
			rv->temp = 0;
		if (rv->temp > 2)
			rv->temp = 2;
		break;
	case ACTION_RERUN_MODE:
		rv->full = !rv->full;
		break;
	case ACTION_RERUN_SCORER:
		if (rv->nscorers == 0) {
			tui_message(t, 1, "rerun: no scorer in %s",
			    rv->cfg->path != NULL ? rv->cfg->path :
			    "models.conf");
			return TUI_HANDLED | TUI_REDRAW;
		}
		rv->scorer = rv->scorer + 1 < rv->nscorers ?
		    rv->scorer + 1 : -1;
		break;
	default:
		return 0;
	}
	rv_plan(rv);
	return TUI_HANDLED | TUI_REDRAW;
}

const struct view_ops view_rerun_ops = {
	.name = "rerun",
	.keymap = KEYMAP_RERUN,
	.open = rv_open,
	.draw = rv_draw,
	.action = rv_action,
	.status = rv_status,
	.close = rv_close,
};

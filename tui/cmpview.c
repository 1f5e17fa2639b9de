/*
 * cmpview.c - the comparison views' common part: a report computed by a
 * job on a worker thread, polled from idle() (a short wait on the worker,
 * so keys still get read every few milliseconds), drawn as lines with a
 * cursor once the job ends. While it runs the pane says "computing..."
 * with the job's progress; Esc cancels it, and Esc on a finished report
 * goes back to the tree.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cmpview.h"
#include "list-cursor.h"
#include "store-derive.h"
#include "view-tree.h"

/* How long idle() waits on the worker: well under a frame. */
#define CV_WAIT_MS	8

struct cmpview {
	char		*title;
	struct cv_job	 job;
	struct worker	*w;
	int		 state;		/* WORKER_* */
	int64_t		 done, total;
	char		*cause;
	int		 cursor, top;
	/*
	 * Jobs replaced while they ran: cancelled, freed by idle() once
	 * their thread has ended, so that a new command never waits for
	 * the old one's read to finish.
	 */
	struct cv_dead {
		struct worker	*w;
		struct cv_job	 job;
	}		*dead;
	size_t		 ndead;
};

static void	cv_step(struct cmpview *, int dir, int count);

static struct cmpview *
cv_of(struct view *v)
{
	return v->data;
}

void
cv_add(struct cv_out *o, int64_t node, enum theme_role role,
    const char *fmt, ...)
{
	va_list	ap;

	if (o->n == o->cap)
		o->l = xgrow(o->l, &o->cap, 64, sizeof *o->l);
	va_start(ap, fmt);
	o->l[o->n].text = xvasprintf(fmt, ap);
	va_end(ap);
	o->l[o->n].node = node;
	o->l[o->n++].role = role;
}

void
cv_out_free(struct cv_out *o)
{
	size_t	i;

	for (i = 0; i < o->n; i++)
		free(o->l[i].text);
	free(o->l);
	memset(o, 0, sizeof *o);
}

/* Shows the job's progress; stops the walk once it is cancelled. */
static int
cv_tick(void *arg, int64_t done, int64_t total)
{
	struct worker	*w = arg;

	if (worker_cancelled(w))
		return 1;
	worker_progress(w, done, total);
	return 0;
}

int
cv_traces_each(struct worker *w, struct store *st, int64_t trace,
    query_trace_fn *fn, void *arg, char **cause)
{
	return query_traces_each(st, trace, fn, arg, cv_tick, w, cause);
}

/* One signal's half of cv_signal_check(). */
static int
cv_signal_check1(struct store *st, const char *name, char **cause)
{
	int	r;

	if ((r = store_signal_known(st, name, cause)) < 0)
		return -1;
	if (r == 0) {
		*cause = xasprintf("no node has signal '%s' (derive it with"
		    " canopy derive, or see the columns)", name);
		return -1;
	}
	return 0;
}

int
cv_signal_check(struct store *st, const char *a, const char *b,
    char **cause)
{
	if (cv_signal_check1(st, a, cause) != 0)
		return -1;
	return b != NULL ? cv_signal_check1(st, b, cause) : 0;
}

/* Frees the dead jobs whose thread has ended (all of them: wait). */
static int
cv_reap(struct cmpview *cv, int wait)
{
	size_t	i = 0;
	int	n = 0;

	while (i < cv->ndead) {
		struct cv_dead	*d = &cv->dead[i];

		if (!wait && worker_poll(d->w, NULL, NULL, NULL) ==
		    WORKER_RUNNING) {
			i++;
			continue;
		}
		worker_free(d->w);
		d->job.free(d->job.arg);
		cv->dead[i] = cv->dead[--cv->ndead];
		n++;
	}
	if (cv->ndead == 0) {
		free(cv->dead);
		cv->dead = NULL;
	}
	return n;
}

/* Stops and frees the view's job; NULL-safe members. */
static void
cv_job_free(struct cmpview *cv)
{
	if (cv->w != NULL && worker_poll(cv->w, NULL, NULL, NULL) ==
	    WORKER_RUNNING) {
		worker_cancel(cv->w);
		cv->dead = xreallocarray(cv->dead, cv->ndead + 1,
		    sizeof *cv->dead);
		cv->dead[cv->ndead].w = cv->w;
		cv->dead[cv->ndead++].job = cv->job;
		cv->w = NULL;
		memset(&cv->job, 0, sizeof cv->job);
	}
	worker_free(cv->w);
	cv->w = NULL;
	if (cv->job.free != NULL && cv->job.arg != NULL)
		cv->job.free(cv->job.arg);
	memset(&cv->job, 0, sizeof cv->job);
	free(cv->cause);
	cv->cause = NULL;
}

int
cmpview_open(struct view *v, char **cause)
{
	(void)cause;
	v->data = xcalloc(1, sizeof(struct cmpview));
	return 0;
}

void
cmpview_close(struct view *v)
{
	struct cmpview	*cv = cv_of(v);

	cv_job_free(cv);
	cv_reap(cv, 1);
	free(cv->title);
}

void
cmpview_start(struct tui *t, enum view_id id, const struct cv_job *job,
    const char *fmt, ...)
{
	struct view	*v = tui_view(t, id);
	struct cmpview	*cv;
	va_list		 ap;

	if (!v->is_open) {
		v->ops->open(v, NULL);
		v->is_open = 1;
	}
	cv = cv_of(v);
	cv_job_free(cv);
	free(cv->title);
	va_start(ap, fmt);
	cv->title = xvasprintf(fmt, ap);
	va_end(ap);
	cv->job = *job;
	cv->state = WORKER_RUNNING;
	cv->done = cv->total = 0;
	cv->cursor = cv->top = 0;
	cv->w = worker_start(t->dbpath, job->run, job->arg);
	tui_switch(t, v);
}

void *
cmpview_result(struct tui *t, enum view_id id)
{
	struct view	*v = tui_view(t, id);
	struct cmpview	*cv = cv_of(v);

	if (!v->is_open || cv == NULL || cv->state != WORKER_DONE)
		return NULL;
	return cv->job.arg;
}

int
cmpview_idle(struct view *v)
{
	struct cmpview	*cv = cv_of(v);
	int64_t		 done, total;
	int		 s;

	if (cv == NULL)
		return 0;
	if (cv->ndead > 0)
		cv_reap(cv, 0);
	if (cv->w == NULL) {
		if (cv->ndead == 0)
			return 0;
		worker_wait(cv->dead[0].w, CV_WAIT_MS);
		return TUI_HANDLED;
	}
	worker_wait(cv->w, CV_WAIT_MS);
	s = worker_poll(cv->w, &done, &total, &cv->cause);
	if (s == WORKER_RUNNING) {
		if (done == cv->done && total == cv->total)
			return TUI_HANDLED;	/* still busy: poll again */
		cv->done = done;
		cv->total = total;
		return TUI_HANDLED | TUI_REDRAW;
	}
	/* The thread has ended: join it now, the job's results stay. */
	worker_free(cv->w);
	cv->w = NULL;
	cv->state = s;
	if (s == WORKER_DONE && cv->job.out != NULL) {
		/* The cursor starts on the first line about a node. */
		cv->cursor = -1;
		cv_step(cv, 1, 1);
		if (cv->cursor < 0)
			cv->cursor = 0;
	}
	if (s == WORKER_FAILED)
		tui_message(v->tui, 1, "%s: %s", v->ops->name,
		    cv->cause != NULL ? cv->cause : "failed");
	return TUI_REDRAW;
}

static void
cv_draw_progress(struct cmpview *cv, WINDOW *w, int width)
{
	char	line[160];

	wmove(w, 0, 0);
	if (cv->state == WORKER_RUNNING && cv->w != NULL &&
	    worker_cancelled(cv->w))
		snprintf(line, sizeof line, "cancelling...");
	else if (cv->total > 0)
		snprintf(line, sizeof line, "computing... %lld/%lld traces"
		    " (%d%%)  Esc cancels", (long long)cv->done,
		    (long long)cv->total,
		    (int)(100 * cv->done / cv->total));
	else
		snprintf(line, sizeof line, "computing...  Esc cancels");
	draw_plain(w, line, width, colors_attr(ROLE_DEFAULT));
	wclrtoeol(w);
}

void
cmpview_draw(struct view *v)
{
	struct tui	*t = v->tui;
	struct cmpview	*cv = cv_of(v);
	struct cv_out	*o = cv->job.out;
	WINDOW		*w = t->w_main, *hw = t->w_header;
	attr_t		 a;
	int		 h, width, y;
	size_t		 i;

	if (w == NULL)
		return;
	getmaxyx(w, h, width);
	if (hw != NULL) {
		draw_line_bg(hw, 0, colors_attr(ROLE_HEADER));
		draw_str(hw, cv->title != NULL ? cv->title : "", width,
		    colors_attr(ROLE_HEADER));
	}
	werase(w);
	if (cv->state == WORKER_RUNNING) {
		cv_draw_progress(cv, w, width);
		return;
	}
	if (cv->state != WORKER_DONE || o == NULL) {
		wmove(w, 0, 0);
		draw_str(w, cv->state == WORKER_CANCELLED ? "cancelled" :
		    cv->cause != NULL ? cv->cause : "failed", width,
		    colors_attr(cv->state == WORKER_CANCELLED ? ROLE_DEFAULT :
		    ROLE_STATUS_ERROR));
		return;
	}
	list_cursor_show(cv->cursor, &cv->top, h);
	for (y = 0; y < h; y++) {
		i = (size_t)(cv->top + y);
		if (i >= o->n)
			break;
		a = colors_attr((int)i == cv->cursor ? ROLE_SELECTED :
		    o->l[i].role);
		draw_line_bg(w, y, a);
		wmove(w, y, 0);
		draw_str(w, o->l[i].text, width, a);
	}
}

/* The next line from the cursor (dir 1 or -1) that names a node. */
static void
cv_step(struct cmpview *cv, int dir, int count)
{
	struct cv_out	*o = cv->job.out;
	int		 i = cv->cursor, last = i;

	while (count-- > 0) {
		for (i += dir; i >= 0 && (size_t)i < o->n; i += dir)
			if (o->l[i].node != 0)
				break;
		if (i < 0 || (size_t)i >= o->n)
			break;
		last = i;
	}
	cv->cursor = last;
}

int
cmpview_action(struct view *v, enum action a, const char *arg)
{
	struct tui	*t = v->tui;
	struct cmpview	*cv = cv_of(v);
	struct cv_out	*o = cv->job.out;
	int		 h = t->w_main != NULL ? getmaxy(t->w_main) : 1;

	(void)arg;
	if (a == ACTION_BACK) {
		if (cv->w != NULL && cv->state == WORKER_RUNNING) {
			worker_cancel(cv->w);
			return TUI_HANDLED | TUI_REDRAW;
		}
		tui_switch(t, tui_view(t, tui_view(t, VIEW_TREE)->is_open ?
		    VIEW_TREE : VIEW_TRACES));
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (cv->state != WORKER_DONE || o == NULL || o->n == 0)
		return a == ACTION_OPEN || a == ACTION_MOVE_DOWN ||
		    a == ACTION_MOVE_UP ? TUI_HANDLED : 0;
	if (list_cursor_move(&cv->cursor, o->n, h, a))
		return TUI_HANDLED | TUI_REDRAW;
	switch (a) {
	case ACTION_SEARCH_NEXT:
		cv_step(cv, 1, 1);
		break;
	case ACTION_SEARCH_PREV:
		cv_step(cv, -1, 1);
		break;
	case ACTION_OPEN:
		if (o->l[cv->cursor].node == 0) {
			tui_message(t, 0, "no node on this line");
			return TUI_HANDLED | TUI_REDRAW;
		}
		return tui_goto_id(t, o->l[cv->cursor].node);
	default:
		return 0;
	}
	list_cursor_clamp(&cv->cursor, o->n);
	return TUI_HANDLED | TUI_REDRAW;
}

void
cmpview_status(struct view *v, struct cn_buf *b)
{
	struct cmpview	*cv = cv_of(v);

	buf_adds(b, v->ops->name);
	if (cv->state == WORKER_RUNNING)
		buf_adds(b, " | computing");
	else if (cv->state == WORKER_DONE && cv->job.out != NULL &&
	    cv->job.out->n > 0)
		buf_printf(b, " %d/%zu", cv->cursor + 1, cv->job.out->n);
}

static int
cv_is(struct tui *t, struct view *v)
{
	return v == tui_view(t, VIEW_DISAGREE) ||
	    v == tui_view(t, VIEW_CALIB) || v == tui_view(t, VIEW_DIFF) ||
	    v == tui_view(t, VIEW_REPLAY);
}

int
cmpview_back(struct tui *t)
{
	if (!cv_is(t, t->cur))
		return 0;
	return cmpview_action(t->cur, ACTION_BACK, NULL);
}

int64_t
cmpview_tree_node(struct tui *t)
{
	struct view		*v = tui_view(t, VIEW_TREE);
	struct tree_view	*tv = v->data;
	const struct cn_node	*n;

	if (!v->is_open || tv == NULL)
		return 0;
	n = tm_cursor_node(tv->tm);
	return n != NULL ? n->id : 0;
}

/* The tree's cursor node when the tree is the current view, else 0. */
static int64_t
cv_tree_cursor(struct tui *t)
{
	return t->cur == tui_view(t, VIEW_TREE) ? cmpview_tree_node(t) : 0;
}

int
cmpview_global(struct tui *t, enum action a, const char *arg)
{
	int64_t	cursor = cv_tree_cursor(t);
	int	dir = a == ACTION_DISAGREE_NEXT ? 1 : -1;

	switch (a) {
	case ACTION_DISAGREE:
		if (arg != NULL && *arg != '\0')
			return disagree_command(t, arg);
		return tui_action(t, ACTION_COMMAND_LINE, "disagree ");
	case ACTION_CALIBRATE:
		if (arg != NULL && *arg != '\0')
			return calib_command(t, arg);
		return tui_action(t, ACTION_COMMAND_LINE, "calibrate ");
	case ACTION_DISAGREE_NEXT:
	case ACTION_DISAGREE_PREV:
		if (t->cur == tui_view(t, VIEW_DISAGREE))
			return cmpview_action(t->cur, dir > 0 ?
			    ACTION_SEARCH_NEXT : ACTION_SEARCH_PREV, NULL);
		if (cursor == 0)
			return 0;
		return disagree_walk(t, cursor, dir);
	case ACTION_DIFF_MARK:
		return cursor != 0 ? diff_mark(t, cursor) : 0;
	case ACTION_DIFF:
		return cursor != 0 ? diff_with_mark(t, cursor) : 0;
	case ACTION_REPLAY:
		return replay_command(t, arg != NULL ? arg : "");
	default:
		return 0;
	}
}

/* The words an argument of these commands may be, beyond signals. */
static const char *const cv_words[] = {
	"rank", "norm", "all", "trace", STORE_DTREE_RATING, "outcome", "mc",
	NULL
};

static void
cv_cand(char ***v, size_t *n, const char *w, const char *prefix)
{
	if (strncmp(w, prefix, strlen(prefix)) != 0 ||
	    cn_name_index((const char *const *)*v, (int)*n, w) >= 0)
		return;
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(w);
}

int
cmpview_complete(struct tui *t, struct cn_buf *line)
{
	const char	*s = line->s != NULL ? line->s : "", *word;
	char		**names = NULL, **cands = NULL;
	size_t		 nnames = 0, ncands = 0, i, cmdlen;
	int		 k;

	s += strspn(s, " \t");
	cmdlen = strcspn(s, " \t");
	if (!((cmdlen == 8 && strncmp(s, "disagree", 8) == 0) ||
	    (cmdlen == 9 && strncmp(s, "calibrate", 9) == 0) ||
	    (cmdlen == 4 && strncmp(s, "hist", 4) == 0)))
		return 0;
	word = strrchr(s, ' ');
	if (strrchr(s, '\t') > word)
		word = strrchr(s, '\t');
	word++;
	for (k = 0; k < CN_SIG_COUNT; k++)
		cv_cand(&cands, &ncands, cn_sig_names[k], word);
	if (tui_view(t, VIEW_TREE)->is_open &&
	    store_trace_signal_names(t->st, t->open_trace, &names, &nnames,
	    NULL) == 0) {
		for (i = 0; i < nnames; i++)
			cv_cand(&cands, &ncands, names[i], word);
		store_names_free(names, nnames);
	}
	for (i = 0; cv_words[i] != NULL; i++)
		cv_cand(&cands, &ncands, cv_words[i], word);
	if (ncands == 0) {
		tui_message(t, 1, "no signal starts with '%s'", word);
		return 0;
	}
	prompt_complete(t, line, (size_t)(word - line->s),
	    (const char *const *)cands, ncands);
	xfree_strv(cands, ncands);
	return (int)ncands;
}

int
cv_args_parse(struct tui *t, const char *what, const char *usage,
    const char *arg, int nsig, int scales, struct cv_args *a)
{
	char	*s, *p, *word;
	int	 sc, nnamed = 0;

	memset(a, 0, sizeof *a);
	a->all = -1;
	a->num = -1;
	a->scale = -1;
	s = xstrdup(arg);
	for (p = s; (word = strsep(&p, " \t")) != NULL;) {
		if (*word == '\0')
			continue;
		if (scales && (sc = an_scale_lookup(word)) >= 0)
			a->scale = sc;
		else if (strcmp(word, "all") == 0)
			a->all = 1;
		else if (strcmp(word, "trace") == 0)
			a->all = 0;
		else if (strspn(word, "0123456789") == strlen(word))
			a->num = strtol(word, NULL, 10);
		else if (nnamed < nsig)
			a->sig[nnamed++] = xstrdup(word);
		else {
			tui_message(t, 1, "%s: unexpected '%s'%s", what, word,
			    usage);
			free(s);
			cv_args_free(a);
			return -1;
		}
	}
	free(s);
	return 0;
}

void
cv_args_free(struct cv_args *a)
{
	free(a->sig[0]);
	free(a->sig[1]);
	a->sig[0] = a->sig[1] = NULL;
}

int
cv_args_num(const struct cv_args *a, int def, int max)
{
	if (a->num < 0)
		return def;
	return a->num < 1 ? 1 : a->num > max ? max : (int)a->num;
}

int
cv_args_trace(struct tui *t, const char *what, const struct cv_args *a,
    int64_t *trace)
{
	int	open = tui_view(t, VIEW_TREE)->is_open;

	if (a->all == 0 && !open) {
		tui_message(t, 1, "%s: no trace open (use all)", what);
		return -1;
	}
	*trace = a->all != 1 && open ? t->open_trace : 0;
	return 0;
}

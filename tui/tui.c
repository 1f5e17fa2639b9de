/*
 * tui.c - the one input loop and the generic actions. The loop (between
 * tui_init() and tui_done() in tui-term.c, the only places that start and
 * end curses) reads keys from an input source (the terminal, or a replay script),
 * handles KEY_RESIZE first, turns keys into actions, polls the database
 * for changes about every second, and is the only place that draws.
 * Nothing here writes to stderr while curses is active.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "labels.h"
#include "tui-int.h"

/* How often the database is checked for changes. */
#define TUI_POLL_MS	1000
/* The longest a running rerun's network may hold the loop: a frame. */
#define TUI_FRAME_MS	8

int64_t
tui_now_us(void)
{
	return (int64_t)(cn_clock() * 1e6);
}

static int64_t
now_ms(void)
{
	return tui_now_us() / 1000;
}

void
tui_message(struct tui *t, int error, const char *fmt, ...)
{
	va_list	ap;

	free(t->msg);
	va_start(ap, fmt);
	t->msg = xvasprintf(fmt, ap);
	va_end(ap);
	t->msg_error = error;
}

void
tui_error(struct tui *t, const char *what, char *cause)
{
	tui_message(t, 1, "%s: %s", what, cause != NULL ? cause : "failed");
	free(cause);
}

void
tui_view_close(struct view *v)
{
	if (v->data != NULL) {
		v->ops->close(v);
		free(v->data);
		v->data = NULL;
	}
	v->is_open = 0;
}

void
tui_switch(struct tui *t, struct view *v)
{
	struct view	*o;
	char		*cause = NULL;

	/* Labels written since: the views read them now (labels.c). */
	if (t->views_stale && v != tui_view(t, VIEW_TREE)) {
		t->views_stale = 0;
		foreach_view(t, o) {
			if (o == tui_view(t, VIEW_TREE) || !o->is_open ||
			    o->ops->reload == NULL)
				continue;
			if (o->ops->reload(o, &cause) != 0)
				tui_error(t, "reload", cause);
			cause = NULL;
		}
	}
	t->cur = v;
	t->focus_detail = 0;
	tui_relayout_detail(t);
}

static int
dispatch_mouse(struct tui *t)
{
	MEVENT	ev;
	int	wheel = 0;

	if (getmouse(&ev) != OK || t->w_main == NULL)
		return 0;
	if (ev.bstate & BUTTON4_PRESSED)
		wheel = -1;
	else if (ev.bstate & BUTTON5_PRESSED)
		wheel = 1;
	if (wheel == 0 && !wenclose(t->w_main, ev.y, ev.x))
		return 0;
	if (t->cur->ops->mouse == NULL)
		return 0;
	return t->cur->ops->mouse(t->cur, ev.y - getbegy(t->w_main), wheel);
}

static int
goto_done(struct tui *t, const char *text)
{
	return tui_goto(t, text);
}

/*
 * The traces view, on the trace open in the tree: back where the user
 * came from (tig).
 */
static int
to_traces(struct tui *t)
{
	if (tui_view(t, VIEW_TREE)->is_open)
		view_traces_select(tui_view(t, VIEW_TRACES), t->open_trace);
	tui_switch(t, tui_view(t, VIEW_TRACES));
	return TUI_HANDLED | TUI_REDRAW;
}

int
tui_action(struct tui *t, enum action a, const char *arg)
{
	switch (a) {
	case ACTION_QUIT:
		return TUI_QUIT;
	case ACTION_HELP:
		help_open(t);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_COMMAND_LINE:
		tui_prompt(t, ":", arg, command_done, NULL);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_REDRAW:
		clearok(curscr, TRUE);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_REFRESH:
		return TUI_HANDLED | TUI_RELOAD | TUI_REDRAW;
	case ACTION_TOGGLE_DETAIL:
		if (!t->cur->ops->detail)
			return 0;
		t->detail_on = !t->detail_on;
		tui_relayout_detail(t);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_DETAIL_GROW:
	case ACTION_DETAIL_SHRINK:
		t->lopts.ratio = layout_ratio_clamp(t->lopts.ratio +
		    (a == ACTION_DETAIL_GROW ? LAYOUT_RATIO_STEP :
		    -LAYOUT_RATIO_STEP));
		tui_relayout_detail(t);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_FOCUS_NEXT:
		if (t->w_detail != NULL)
			t->focus_detail = !t->focus_detail;
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_GOTO_NODE:
		if (arg != NULL)
			return tui_goto(t, arg);
		/* `#` asks with the '#' of the "#56" the status line shows. */
		tui_prompt(t, "goto node: ", t->key == '#' ? "#" : NULL,
		    goto_done, NULL);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_VIEW_TAGS:
		return tags_view_open(t);
	case ACTION_VIEW_TRACES:
		return to_traces(t);
	case ACTION_BACK:
		if (t->cur == tui_view(t, VIEW_TRACES))
			return 0;
		if (cmpview_back(t) != 0)
			return TUI_HANDLED | TUI_REDRAW;
		if (t->cur == tui_view(t, VIEW_SIBLINGS)) {
			tui_switch(t, tui_view(t, VIEW_TREE));
			return TUI_HANDLED | TUI_REDRAW;
		}
		return to_traces(t);
	case ACTION_RERUN:
		return rerun_open(t, arg);
	case ACTION_DISAGREE:
	case ACTION_DISAGREE_NEXT:
	case ACTION_DISAGREE_PREV:
	case ACTION_CALIBRATE:
	case ACTION_DIFF_MARK:
	case ACTION_DIFF:
	case ACTION_REPLAY:
		return cmpview_global(t, a, arg);
	case ACTION_NONE:
		return 0;
	default:
		return t->cur->ops->action(t->cur, a, arg);
	}
}

/* Runs one key: prompt, help, then its action or the view's key(). */
static int
dispatch(struct tui *t, int key)
{
	enum keymap	km;
	enum action	a;
	int		flags;

	if (t->prompt_label != NULL)
		return prompt_key(t, key);
	free(t->msg);
	t->msg = NULL;
	if (t->help)
		return help_key(t, key);
	a = keys_lookup(t->set.keys, KEYMAP_GENERIC, key);
	if (t->lay.too_small)
		return a == ACTION_QUIT || key == 'q' ? TUI_QUIT : 0;
	if (key == CN_KEY_MOUSE)
		return dispatch_mouse(t);
	km = t->focus_detail ? KEYMAP_DETAIL : t->cur->ops->keymap;
	a = keys_lookup(t->set.keys, km, key);
	if (a == ACTION_NONE && t->focus_detail)
		a = keys_lookup(t->set.keys, t->cur->ops->keymap, key);
	t->key = key;
	flags = tui_action(t, a, NULL);
	t->key = CN_KEY_NONE;
	if (flags == 0 && a == ACTION_NONE && t->cur->ops->key != NULL)
		flags = t->cur->ops->key(t->cur, key);
	return flags;
}

static void
reload_views(struct tui *t)
{
	struct view	*v;
	char		*cause = NULL;

	t->views_stale = 0;
	foreach_view(t, v) {
		if (!v->is_open || v->ops->reload == NULL)
			continue;
		if (v->ops->reload(v, &cause) != 0)
			tui_error(t, "reload", cause);
		cause = NULL;
	}
}

/* One step of the open views' idle work; 0 when there is none left. */
static int
idle_step(struct tui *t)
{
	struct view	*v;
	int		 flags = 0;

	foreach_view(t, v)
		if (flags == 0 && v->is_open && v->ops->idle != NULL)
			flags = v->ops->idle(v);
	return flags;
}

static int
feed_key(struct tui *t, int key)
{
	int	flags;

	if (key == CN_KEY_RESIZE) {
		tui_relayout(t);
		return TUI_REDRAW;
	}
	flags = dispatch(t, key);
	if (flags & TUI_RELOAD) {
		t->data_version = store_data_version(t->st);
		reload_views(t);
	}
	return flags;
}

int
tui_open_siblings(struct tui *t, int64_t node, const char *ref, char **cause)
{
	struct view	*v = tui_view(t, VIEW_SIBLINGS);

	tui_view_close(v);
	t->open_compare = node;
	if (v->ops->open(v, cause) != 0)
		return -1;
	v->is_open = 1;
	tui_switch(t, v);
	if (ref != NULL && *ref != '\0')
		v->ops->action(v, ACTION_SORT_NEXT, ref);
	return 0;
}

int
tui_open_tree(struct tui *t, int64_t trace, int64_t node, char **cause)
{
	struct view	*v = tui_view(t, VIEW_TREE);

	tui_view_close(v);
	t->open_trace = trace;
	t->open_node = node;
	tui_switch(t, v);
	if (v->ops->open(v, cause) != 0) {
		tui_switch(t, tui_view(t, VIEW_TRACES));
		return -1;
	}
	v->is_open = 1;
	return 0;
}

/*
 * Resolves an address to a node (*node, 0 for a trace's best path) of a
 * trace (*trace). Returns 1, 0 if nothing has that name, -1 with *cause.
 */
static int
resolve(struct tui *t, const char *address, int64_t *trace, int64_t *node,
    char **cause)
{
	struct view	*tree = tui_view(t, VIEW_TREE);
	struct cn_trace	 tr;
	struct cn_node	 n;
	char		*addr, *end;
	int		 rc = 0;

	*trace = *node = 0;
	if (address[0] == '#') {
		*node = strtoll(address + 1, &end, 10);
		if (*end != '\0' || *node <= 0)
			return 0;
	} else if (strchr(address, '/') != NULL) {
		if ((rc = store_node_resolve(t->st, address, node, cause)) <= 0)
			return rc;
	} else {
		/* A node of the open trace first, then a trace. */
		memset(&tr, 0, sizeof tr);
		if (tree->is_open && (rc = store_trace_get(t->st,
		    t->open_trace, &tr, cause)) == 1) {
			addr = xasprintf("%s/%s", tr.ext_id, address);
			rc = store_node_resolve(t->st, addr, node, cause);
			free(addr);
			cn_trace_clear(&tr);
		}
		if (rc < 0)
			return -1;
		if (rc == 0) {
			rc = store_trace_find(t->st, address, &tr, cause);
			if (rc == 1) {
				*trace = tr.id;
				cn_trace_clear(&tr);
			}
			return rc;
		}
	}
	cn_node_init(&n);
	if ((rc = store_node_get(t->st, *node, &n, cause)) == 1)
		*trace = n.trace_id;
	cn_node_clear(&n);
	return rc;
}

int
tui_goto_id(struct tui *t, int64_t node)
{
	char	id[32];

	snprintf(id, sizeof id, "#%lld", (long long)node);
	return tui_goto(t, id);
}

int
tui_goto(struct tui *t, const char *address)
{
	struct view	*tree = tui_view(t, VIEW_TREE);
	char		*cause = NULL, *id;
	int64_t		 trace, node;
	int		 rc, flags = TUI_HANDLED | TUI_REDRAW;

	address += strspn(address, " \t");
	rc = resolve(t, address, &trace, &node, &cause);
	if (rc < 0) {
		tui_error(t, "goto", cause);
		return flags;
	}
	if (rc == 0) {
		tui_message(t, 1, "goto: no node or trace '%s'", address);
		return flags;
	}
	if (tree->is_open && trace == t->open_trace && node != 0) {
		/* The same trace: the tree view moves its cursor. */
		if (t->cur != tree)
			tui_switch(t, tree);
		id = xasprintf("#%lld", (long long)node);
		flags = tree->ops->action(tree, ACTION_GOTO_NODE, id);
		free(id);
		return flags;
	}
	if (tui_open_tree(t, trace, node, &cause) != 0)
		tui_error(t, "goto", cause);
	return flags;
}

/*
 * Opens the view the command line asked for: a trace id opens its tree
 * along the best path, TRACE/NODE opens it at that node.
 */
static void
open_start(struct tui *t, const char *address)
{
	struct cn_trace	 tr;
	struct cn_node	 n;
	char		*cause = NULL;
	int64_t		 id;
	int		 rc;

	tui_switch(t, tui_view(t, VIEW_TRACES));
	if (address == NULL)
		return;
	memset(&tr, 0, sizeof tr);
	rc = store_trace_find(t->st, address, &tr, &cause);
	if (rc == 1) {
		if (tui_open_tree(t, tr.id, 0, &cause) != 0)
			tui_error(t, "open", cause);
		cn_trace_clear(&tr);
		return;
	}
	if (rc < 0) {
		tui_error(t, address, cause);
		return;
	}
	rc = strchr(address, '/') != NULL ? store_node_resolve(t->st,
	    address, &id, &cause) : 0;
	if (rc <= 0) {
		if (rc == 0)
			tui_message(t, 1, "no such trace or node: %s", address);
		else
			tui_error(t, address, cause);
		return;
	}
	cn_node_init(&n);
	rc = store_node_get(t->st, id, &n, &cause);
	if (rc <= 0) {
		tui_error(t, address, cause);
		return;
	}
	if (tui_open_tree(t, n.trace_id, id, &cause) != 0)
		tui_error(t, "open", cause);
	cn_node_clear(&n);
}

/* The terminal as an input source: waits a tick unless there is work. */
static int
terminal_read(struct tui *t, int busy, void *arg)
{
	wint_t	ch;
	int	rc;

	(void)t;
	(void)arg;
	wtimeout(t->w_input, busy ? 0 : TUI_TICK_MS);
	untouchwin(t->w_input);
	rc = wget_wch(t->w_input, &ch);
	return keyname_curses(rc, ch);
}

static void
loop(struct tui *t, struct tui_input *in)
{
	int64_t	last_poll = now_ms(), v, now;
	int	key, flags, dirty = 1, busy = 1, live = 0;

	for (;;) {
		if (tui_signal != 0)
			break;
		if (dirty) {
			tui_draw(t);
			dirty = 0;
		}
		key = in->read(t, busy || live, in->arg);
		if (key == TUI_INPUT_END)
			break;
		/* A rerun streaming: its network waits instead of the keys. */
		flags = rerun_poll(t, key == CN_KEY_NONE && !busy ?
		    TUI_FRAME_MS : 0, &live);
		if (flags & TUI_RELOAD) {
			t->data_version = store_data_version(t->st);
			reload_views(t);
		}
		dirty |= (flags & (TUI_REDRAW | TUI_RELOAD)) != 0;
		if (key != CN_KEY_NONE) {
			flags = feed_key(t, key);
			if (flags & TUI_QUIT)
				break;
			if (flags & (TUI_REDRAW | TUI_RELOAD))
				dirty = 1;
			/* A key may give a view idle work (a filter). */
			busy = 1;
		} else if (busy) {
			flags = idle_step(t);
			busy = flags != 0;
			/* Redraw what was read, not after every page. */
			if (flags & TUI_REDRAW)
				dirty = 1;
		}
		now = now_ms();
		if (now - last_poll >= TUI_POLL_MS) {
			last_poll = now;
			v = store_data_version(t->st);
			if (v != t->data_version) {
				t->data_version = v;
				reload_views(t);
				busy = 1;
				dirty = 1;
			}
		}
	}
	if (in->done != NULL)
		in->done(t, in->arg);
}

int
tui_run(const struct tui_opts *o, char **cause)
{
	static const struct view_ops *const ops[] = {
#define VIEW_OPS(e, o) &o,
		VIEWS(VIEW_OPS)
#undef VIEW_OPS
	};
	struct tui		 t;
	struct tui_input	 in = { terminal_read, NULL, NULL };
	struct view		*v;
	char			*c = NULL;
	int			 rc = -1;

	memset(&t, 0, sizeof t);
	t.start_us = tui_now_us();
	settings_init(&t.set);
	settings_load(&t.set, NULL);
	buf_init(&t.prompt_text);
	buf_init(&t.help_filter);
	t.dbpath = xstrdup(o->db);
	t.author = o->author;
	t.replay = o->replay != NULL;
	theme_load(&t.theme, t.set.theme, NULL);
	layout_opts_init(&t.lopts);
	t.detail_on = 1;
	t.lopts.ratio = t.set.detail_ratio;
	foreach_view(&t, v) {
		v->ops = ops[v - t.views];
		v->tui = &t;
	}
	if (store_open(&t.st, o->db, STORE_READONLY, cause) != 0)
		goto out;
	store_interrupt_on(t.st, &tui_signal);
	if (store_browse_tune(t.st, cause) != 0)
		goto out;
	t.data_version = store_data_version(t.st);
	v = tui_view(&t, VIEW_TRACES);
	if (v->ops->open(v, cause) != 0)
		goto out;
	v->is_open = 1;
	if (tui_init(&t, o->rows > 0 ? o->rows : 24, o->cols > 0 ? o->cols :
	    80, cause) != 0)
		goto out;
	if (t.set.nerrors > 0)
		tui_message(&t, 1, "%s", t.set.errors[0]);
	open_start(&t, o->address);
	rc = 0;
	if (t.replay && replay_open(&t, &in, o->replay, o->timings, &c) != 0)
		rc = -1;
	if (rc == 0) {
		loop(&t, &in);
		if (t.replay)
			rc = replay_close(&in, &c);
	}
	tui_windows_free(&t);
	tui_done(&t);
	if (rc != 0 && cause != NULL)
		*cause = c;
	else
		free(c);
	if (rc == 0 && tui_signal != 0)
		rc = 128 + tui_signal;
out:
	tui_done(&t);
	foreach_view(&t, v)
		tui_view_close(v);
	labels_free(t.labels);
	store_close(t.st);
	settings_free(&t.set);
	buf_free(&t.prompt_text);
	buf_free(&t.help_filter);
	free(t.prompt_label);
	free(t.msg);
	free(t.dbpath);
	return rc;
}

/*
 * tui.c - the terminal's lifecycle and the input loop: tui_init() and
 * tui_done() are the only places that start and end curses; the loop
 * handles KEY_RESIZE first, dispatches keys to actions, polls the
 * database for changes about every second, and is the only place that
 * draws. Nothing here writes to stderr while curses is active.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "tui-int.h"

/* The screen the signal and fatal hooks restore; NULL when inactive. */
static struct tui		*tui_active;
static volatile sig_atomic_t	 tui_signal;

/* Input poll period, and how often the database is checked for changes. */
#define TUI_TICK_MS	250
#define TUI_POLL_MS	1000

static WINDOW	*w_input;	/* 1x1, never drawn: keys are read here */
static WINDOW	*w_small;	/* the "terminal too small" screen */

static int64_t
now_us(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Restores the terminal; safe to call more than once. */
static void
tui_restore(void)
{
	if (tui_active != NULL && tui_active->active) {
		endwin();
		tui_active->active = 0;
	}
}

static void
on_quit_signal(int sig)
{
	tui_signal = sig;
}

/*
 * A crash: put the terminal back, then die of the same signal (endwin is
 * not async-signal-safe, but the process is going down either way and a
 * raw terminal is the worse outcome).
 */
static void
on_crash_signal(int sig)
{
	tui_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void
signals_install(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;	/* no SA_RESTART: wake the loop */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = on_crash_signal;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
}

static void
signals_remove(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	signal(SIGSEGV, SIG_DFL);
	signal(SIGBUS, SIG_DFL);
	signal(SIGABRT, SIG_DFL);
	signal(SIGFPE, SIG_DFL);
}

/*
 * Starts curses on the real terminal, or (replay) on a scratch file of a
 * fixed size so the benchmark can count the bytes written.
 */
static int
tui_init(struct tui *t, int rows, int cols, char **cause)
{
	const char	*term = getenv("TERM");
	char		 num[16];

	setlocale(LC_ALL, "");
	text_set_utf8(text_locale_is_utf8());
	if (t->replay) {
		if (term == NULL || *term == '\0' || strcmp(term, "dumb") == 0)
			term = "xterm-256color";
		snprintf(num, sizeof num, "%d", rows);
		setenv("LINES", num, 1);
		snprintf(num, sizeof num, "%d", cols);
		setenv("COLUMNS", num, 1);
		use_env(TRUE);
		if ((t->term_out = tmpfile()) == NULL ||
		    (t->term_in = fopen("/dev/null", "r")) == NULL) {
			if (cause != NULL)
				*cause = xasprintf("replay: %s",
				    strerror(errno));
			return -1;
		}
		t->screen = newterm(term, t->term_out, t->term_in);
	} else {
		if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
			if (cause != NULL)
				*cause = xstrdup("the interface needs a"
				    " terminal (stdin and stdout)");
			return -1;
		}
		t->screen = newterm(NULL, stdout, stdin);
	}
	if (t->screen == NULL) {
		if (cause != NULL)
			*cause = xasprintf("cannot start the terminal"
			    " (TERM=%s)", term != NULL ? term : "unset");
		return -1;
	}
	set_term(t->screen);
	t->active = 1;
	tui_active = t;
	fatal_set_hook(tui_restore);
	signals_install();
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	colors_init(&t->theme);
	if (t->set.mouse && !t->replay)
		mousemask(BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED |
		    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	w_input = newwin(1, 1, 0, 0);
	keypad(w_input, TRUE);
	wtimeout(w_input, t->replay ? 0 : TUI_TICK_MS);
	return 0;
}

/* Ends curses and puts the terminal back as it was. */
static void
tui_done(struct tui *t)
{
	if (!t->active && t->screen == NULL)
		return;
	if (t->active) {
		endwin();
		t->active = 0;
	}
	signals_remove();
	fatal_set_hook(NULL);
	tui_active = NULL;
	if (t->screen != NULL) {
		delscreen(t->screen);
		t->screen = NULL;
	}
	if (t->term_out != NULL)
		fclose(t->term_out);
	if (t->term_in != NULL)
		fclose(t->term_in);
	t->term_out = t->term_in = NULL;
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
tui_prompt(struct tui *t, const char *label, const char *initial,
    prompt_done_cb done, prompt_live_cb live)
{
	free(t->prompt_label);
	t->prompt_label = xstrdup(label);
	buf_reset(&t->prompt_text);
	buf_adds(&t->prompt_text, initial != NULL ? initial : "");
	t->prompt_done = done;
	t->prompt_live = live;
}

static void
del_windows(struct tui *t)
{
	WINDOW	**w[] = { &t->w_title, &t->w_header, &t->w_main,
		    &t->w_border, &t->w_detail, &t->w_status, &t->w_cmd,
		    &w_small };
	size_t	  i;

	for (i = 0; i < sizeof w / sizeof w[0]; i++) {
		if (*w[i] != NULL)
			delwin(*w[i]);
		*w[i] = NULL;
	}
}

static WINDOW *
rect_win(const struct layout_rect *r)
{
	WINDOW	*w;

	if (r->h <= 0 || r->w <= 0)
		return NULL;
	w = newwin(r->h, r->w, r->y, r->x);
	/* Lets doupdate scroll the terminal instead of repainting lines. */
	idlok(w, TRUE);
	return w;
}

void
tui_relayout(struct tui *t)
{
	int	rows, cols;

	getmaxyx(stdscr, rows, cols);
	t->lopts.detail = t->cur != NULL && t->cur->ops->detail &&
	    t->lopts.detail;
	layout_compute(rows, cols, &t->lopts, &t->lay);
	del_windows(t);
	if (t->lay.too_small) {
		w_small = newwin(rows > 0 ? rows : 1, cols > 0 ? cols : 1, 0,
		    0);
		return;
	}
	t->w_title = rect_win(&t->lay.title);
	t->w_header = rect_win(&t->lay.header);
	t->w_main = rect_win(&t->lay.tree);
	t->w_border = rect_win(&t->lay.border);
	t->w_detail = rect_win(&t->lay.detail);
	t->w_status = rect_win(&t->lay.status);
	t->w_cmd = rect_win(&t->lay.cmdline);
	if (t->w_detail == NULL)
		t->focus_detail = 0;
	if (t->cur != NULL && t->cur->ops->resize != NULL)
		t->cur->ops->resize(t->cur);
}

/* Lays out again with the user's detail choice (not what last fitted). */
static void
relayout_detail(struct tui *t)
{
	t->lopts.detail = t->detail_on;
	tui_relayout(t);
}

static void
draw_too_small(struct tui *t)
{
	char	line[80];

	werase(w_small);
	snprintf(line, sizeof line, "terminal too small (need %dx%d)",
	    LAYOUT_MIN_COLS, LAYOUT_MIN_ROWS);
	mvwaddnstr(w_small, 0, 0, line, getmaxx(w_small));
	mvwaddnstr(w_small, 1, 0, "q to quit", getmaxx(w_small));
	wnoutrefresh(w_small);
}

static void
draw_title(struct tui *t)
{
	const char	*base;
	char		*s;

	if (t->w_title == NULL)
		return;
	draw_line_bg(t->w_title, 0, colors_attr(ROLE_TITLE));
	base = strrchr(t->dbpath, '/');
	base = base != NULL ? base + 1 : t->dbpath;
	s = xasprintf("canopy  %s  [%s]", base,
	    t->help ? "help" : t->cur->ops->name);
	draw_str(t->w_title, s, getmaxx(t->w_title), colors_attr(ROLE_TITLE));
	free(s);
}

/* The view's status, then the message, which wins the space. */
static void
draw_status(struct tui *t)
{
	struct cn_buf	b;
	int		w, mw = 0, used;

	if (t->w_status == NULL)
		return;
	w = getmaxx(t->w_status);
	draw_line_bg(t->w_status, 0, colors_attr(ROLE_STATUS));
	buf_init(&b);
	if (t->cur->ops->status != NULL)
		t->cur->ops->status(t->cur, &b);
	if (t->msg != NULL) {
		mw = text_width(t->msg, strlen(t->msg)) + 2;
		if (mw > w - 10)
			mw = w - 10;
	}
	used = draw_str(t->w_status, b.s != NULL ? b.s : "", w - mw,
	    colors_attr(ROLE_STATUS));
	if (t->msg != NULL) {
		used += draw_plain(t->w_status, "  ", w - used,
		    colors_attr(ROLE_STATUS));
		draw_str(t->w_status, t->msg, w - used, colors_attr(
		    t->msg_error ? ROLE_STATUS_ERROR : ROLE_STATUS));
	}
	buf_free(&b);
}

static void
draw_cmdline(struct tui *t)
{
	int	w, used;

	if (t->w_cmd == NULL)
		return;
	w = getmaxx(t->w_cmd);
	werase(t->w_cmd);
	wmove(t->w_cmd, 0, 0);
	if (t->prompt_label != NULL) {
		used = draw_plain(t->w_cmd, t->prompt_label, w,
		    colors_attr(ROLE_DEFAULT));
		used += draw_str(t->w_cmd, t->prompt_text.s != NULL ?
		    t->prompt_text.s : "", w - used, colors_attr(ROLE_DEFAULT));
		if (used < w)
			waddch(t->w_cmd, ' ' | A_REVERSE);
	} else if (t->help) {
		used = draw_plain(t->w_cmd, "filter: ", w,
		    colors_attr(ROLE_DEFAULT));
		draw_str(t->w_cmd, t->help_filter.s != NULL ?
		    t->help_filter.s : "", w - used, colors_attr(ROLE_DEFAULT));
	}
}

static void
draw_border(struct tui *t)
{
	int	h, w, i;

	if (t->w_border == NULL)
		return;
	getmaxyx(t->w_border, h, w);
	werase(t->w_border);
	wattrset(t->w_border, colors_attr(ROLE_BORDER));
	for (i = 0; i < (h > 1 ? h : w); i++) {
		if (h > 1)
			mvwaddstr(t->w_border, i, 0, text_glyph(GLYPH_VLINE));
		else
			mvwaddstr(t->w_border, 0, i, text_glyph(GLYPH_HLINE));
	}
	wattrset(t->w_border, A_NORMAL);
}

/* Case-insensitive substring test for the help filter. */
static int
icontains(const char *hay, const char *needle)
{
	size_t	n = strlen(needle), i;

	if (n == 0)
		return 1;
	for (i = 0; hay[i] != '\0'; i++)
		if (strncasecmp(hay + i, needle, n) == 0)
			return 1;
	return 0;
}

/* The help lines matching the filter; *lines holds action numbers. */
static int
help_lines(struct tui *t, int *lines)
{
	enum keymap	 km = t->cur->ops->keymap;
	const char	*f = t->help_filter.s != NULL ? t->help_filter.s : "";
	char		*keys;
	int		 a, n = 0;

	for (a = 1; a < ACTION_COUNT; a++) {
		keys = keys_describe(t->set.keys, km, (enum action)a);
		if (icontains(keys, f) || icontains(action_names[a], f) ||
		    icontains(action_help[a], f))
			lines[n++] = a;
		free(keys);
	}
	return n;
}

static void
draw_help(struct tui *t)
{
	int	 lines[ACTION_COUNT], n, h, w, i, y, used;
	char	*keys;
	WINDOW	*win = t->w_main;

	if (win == NULL)
		return;
	getmaxyx(win, h, w);
	werase(win);
	n = help_lines(t, lines);
	if (t->help_top > n - 1)
		t->help_top = n > 0 ? n - 1 : 0;
	for (y = 0, i = t->help_top; i < n && y < h; i++, y++) {
		wmove(win, y, 0);
		keys = keys_describe(t->set.keys, t->cur->ops->keymap,
		    (enum action)lines[i]);
		used = draw_plain(win, keys, 16, colors_attr(ROLE_HELP_KEY));
		free(keys);
		while (used++ < 17)
			waddch(win, ' ');
		used = 17 + draw_plain(win, action_names[lines[i]], 18,
		    colors_attr(ROLE_DEFAULT));
		while (used++ < 36 && used < w)
			waddch(win, ' ');
		draw_plain(win, action_help[lines[i]], w - 36,
		    colors_attr(ROLE_DIM));
	}
	if (n == 0)
		mvwaddnstr(win, 0, 0, "no action matches the filter", w);
	if (t->w_header != NULL) {
		draw_line_bg(t->w_header, 0, colors_attr(ROLE_HEADER));
		draw_plain(t->w_header, "keys             action             "
		    "what it does (type to filter, Esc closes)",
		    getmaxx(t->w_header), colors_attr(ROLE_HEADER));
	}
	if (t->w_detail != NULL)
		werase(t->w_detail);
}

void
tui_draw(struct tui *t)
{
	WINDOW	*all[7];
	int	 i;

	if (t->lay.too_small) {
		draw_too_small(t);
		doupdate();
		return;
	}
	draw_title(t);
	if (t->help)
		draw_help(t);
	else
		t->cur->ops->draw(t->cur);
	draw_border(t);
	draw_status(t);
	draw_cmdline(t);
	all[0] = t->w_title;
	all[1] = t->w_header;
	all[2] = t->w_main;
	all[3] = t->w_border;
	all[4] = t->w_detail;
	all[5] = t->w_status;
	all[6] = t->w_cmd;
	for (i = 0; i < 7; i++)
		if (all[i] != NULL)
			wnoutrefresh(all[i]);
	doupdate();
}

/* Removes the last UTF-8 character of a buffer. */
static void
buf_chop(struct cn_buf *b)
{
	while (b->len > 0) {
		b->len--;
		if (((unsigned char)b->s[b->len] & 0xc0) != 0x80)
			break;
	}
	if (b->s != NULL)
		b->s[b->len] = '\0';
}

static void
buf_add_cp(struct cn_buf *b, int cp)
{
	char	u[4];

	if (cp < 0x80)
		buf_addc(b, (char)cp);
	else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 2);
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 3);
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, u, 4);
	}
}

static int
prompt_key(struct tui *t, int key)
{
	prompt_done_cb	 done = t->prompt_done;
	char		*text;
	int		 flags = TUI_HANDLED | TUI_REDRAW;

	if (key == CN_KEY_ESC || key == CN_KEY_CTRL('g') ||
	    (key == CN_KEY_BACKSPACE && t->prompt_text.len == 0)) {
		free(t->prompt_label);
		t->prompt_label = NULL;
		if (t->prompt_live != NULL)
			t->prompt_live(t, NULL);
		return flags;
	}
	if (key == CN_KEY_ENTER) {
		text = xstrdup(t->prompt_text.s != NULL ? t->prompt_text.s :
		    "");
		free(t->prompt_label);
		t->prompt_label = NULL;
		if (done != NULL)
			flags |= done(t, text);
		free(text);
		return flags;
	}
	if (key == CN_KEY_BACKSPACE)
		buf_chop(&t->prompt_text);
	else if (key == CN_KEY_CTRL('u'))
		buf_reset(&t->prompt_text);
	else if (key >= 0x20 && key < CN_KEY_SPECIAL && key != 0x7f)
		buf_add_cp(&t->prompt_text, key);
	else
		return flags;
	if (t->prompt_live != NULL)
		t->prompt_live(t, t->prompt_text.s != NULL ?
		    t->prompt_text.s : "");
	return flags;
}

static int
help_key(struct tui *t, int key)
{
	enum action	a = keys_lookup(t->set.keys, KEYMAP_HELP, key);

	/* Backspace edits the filter; on an empty filter it closes. */
	if (key == CN_KEY_BACKSPACE && t->help_filter.len > 0) {
		buf_chop(&t->help_filter);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (key == CN_KEY_ESC || a == ACTION_HELP || a == ACTION_QUIT ||
	    a == ACTION_BACK) {
		t->help = 0;
		buf_reset(&t->help_filter);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (key == CN_KEY_DOWN || a == ACTION_MOVE_DOWN)
		t->help_top++;
	else if (key == CN_KEY_UP || a == ACTION_MOVE_UP)
		t->help_top = t->help_top > 0 ? t->help_top - 1 : 0;
	else if (key >= 0x20 && key < CN_KEY_SPECIAL) {
		buf_add_cp(&t->help_filter, key);
		t->help_top = 0;
	}
	return TUI_HANDLED | TUI_REDRAW;
}

static int
apply_theme(struct tui *t, const char *name)
{
	char	*cause = NULL;

	if (theme_load(&t->theme, name, &cause) != 0) {
		tui_error(t, "theme", cause);
	} else
		tui_message(t, 0, "theme %s", t->theme.name);
	colors_init(&t->theme);
	clearok(curscr, TRUE);
	return TUI_HANDLED | TUI_REDRAW;
}

/* `:` lines: generic commands here, the rest to the view. */
static int
command_done(struct tui *t, const char *text)
{
	char	*line, *cmd, *arg, *cause = NULL;
	int	 flags = 0;

	line = xstrdup(text);
	cmd = line + strspn(line, " \t");
	arg = cmd + strcspn(cmd, " \t");
	if (*arg != '\0') {
		*arg++ = '\0';
		arg += strspn(arg, " \t");
	}
	if (*cmd == '\0')
		flags = TUI_HANDLED;
	else if (strcmp(cmd, "q") == 0 || strcmp(cmd, "quit") == 0)
		flags = TUI_QUIT;
	else if (strcmp(cmd, "help") == 0) {
		t->help = 1;
		flags = TUI_REDRAW;
	} else if (strcmp(cmd, "theme") == 0)
		flags = apply_theme(t, *arg != '\0' ? arg : NULL);
	else if (strcmp(cmd, "traces") == 0) {
		t->cur = &t->traces;
		relayout_detail(t);
		flags = TUI_REDRAW;
	} else if (strcmp(cmd, "set") == 0) {
		free(line);
		line = xasprintf("set %s", arg);
		if (settings_parse_line(&t->set, line, ":set", 1, &cause) != 0)
			tui_error(t, "set", cause);
		else if (strncmp(arg, "theme", 5) == 0)
			apply_theme(t, t->set.theme);
		else {
			t->lopts.ratio = t->set.detail_ratio;
			relayout_detail(t);
			flags = TUI_RELOAD;
		}
		flags |= TUI_REDRAW;
		free(line);
		return flags;
	} else if (t->cur->ops->command != NULL)
		flags = t->cur->ops->command(t->cur, cmd, arg);
	if (flags == 0)
		tui_message(t, 1, "unknown command '%s'", cmd);
	free(line);
	return flags | TUI_REDRAW;
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

/* Runs one key: prompt, help, generic actions, then the view. */
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
	switch (a) {
	case ACTION_QUIT:
		return TUI_QUIT;
	case ACTION_HELP:
		t->help = 1;
		t->help_top = 0;
		buf_reset(&t->help_filter);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_COMMAND_LINE:
		tui_prompt(t, ":", NULL, command_done, NULL);
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
		relayout_detail(t);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_DETAIL_GROW:
	case ACTION_DETAIL_SHRINK:
		t->lopts.ratio = layout_ratio_clamp(t->lopts.ratio +
		    (a == ACTION_DETAIL_GROW ? LAYOUT_RATIO_STEP :
		    -LAYOUT_RATIO_STEP));
		relayout_detail(t);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_FOCUS_NEXT:
		if (t->w_detail != NULL)
			t->focus_detail = !t->focus_detail;
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_VIEW_TRACES:
		t->cur = &t->traces;
		t->focus_detail = 0;
		relayout_detail(t);
		return TUI_HANDLED | TUI_REDRAW;
	case ACTION_BACK:
		if (t->cur == &t->traces)
			return 0;
		t->cur = &t->traces;
		t->focus_detail = 0;
		relayout_detail(t);
		return TUI_HANDLED | TUI_REDRAW;
	default:
		break;
	}
	flags = 0;
	if (a != ACTION_NONE)
		flags = t->cur->ops->action(t->cur, a);
	if (flags == 0 && a == ACTION_NONE && t->cur->ops->key != NULL)
		flags = t->cur->ops->key(t->cur, key);
	return flags;
}

static void
reload_views(struct tui *t)
{
	struct view	*v[2] = { &t->traces, &t->tree };
	char		*cause = NULL;
	int		 i;

	for (i = 0; i < 2; i++) {
		if (!v[i]->is_open || v[i]->ops->reload == NULL)
			continue;
		if (v[i]->ops->reload(v[i], &cause) != 0)
			tui_error(t, "reload", cause);
		cause = NULL;
	}
}

int
tui_idle(struct tui *t)
{
	struct view	*v[2] = { &t->traces, &t->tree };
	int		 i, flags = 0;

	for (i = 0; i < 2 && flags == 0; i++)
		if (v[i]->is_open && v[i]->ops->idle != NULL)
			flags = v[i]->ops->idle(v[i]);
	return flags;
}

int
tui_feed_key(struct tui *t, int key)
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
tui_open_tree(struct tui *t, int64_t trace, int64_t node, char **cause)
{
	struct view	*v = &t->tree;

	if (v->is_open) {
		v->ops->close(v);
		v->is_open = 0;
	}
	v->ops = &view_tree_ops;
	v->tui = t;
	t->open_trace = trace;
	t->open_node = node;
	t->cur = v;
	relayout_detail(t);
	if (v->ops->open(v, cause) != 0) {
		t->cur = &t->traces;
		relayout_detail(t);
		return -1;
	}
	v->is_open = 1;
	return 0;
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

	t->cur = &t->traces;
	relayout_detail(t);
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

static void
loop(struct tui *t)
{
	int64_t	last_poll = now_ms(), v, now;
	wint_t	ch;
	int	rc, key, flags, dirty = 1, busy = 1;

	for (;;) {
		if (tui_signal != 0)
			break;
		if (dirty) {
			tui_draw(t);
			dirty = 0;
		}
		/* With idle work left, only peek at the keyboard. */
		wtimeout(w_input, busy ? 0 : TUI_TICK_MS);
		untouchwin(w_input);
		rc = wget_wch(w_input, &ch);
		key = keyname_curses(rc, ch);
		if (key != CN_KEY_NONE) {
			flags = tui_feed_key(t, key);
			if (flags & TUI_QUIT)
				break;
			if (flags & (TUI_REDRAW | TUI_RELOAD))
				dirty = 1;
			if (flags & TUI_RELOAD)
				busy = 1;
		} else if (busy) {
			flags = tui_idle(t);
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
}

int
tui_run(const struct tui_opts *o, char **cause)
{
	struct tui	 t;
	char		*c = NULL;
	int		 rc = -1;

	memset(&t, 0, sizeof t);
	t.start_us = now_us();
	settings_init(&t.set);
	settings_load(&t.set, NULL);
	buf_init(&t.prompt_text);
	buf_init(&t.help_filter);
	t.dbpath = xstrdup(o->db);
	t.replay = o->replay != NULL;
	theme_load(&t.theme, t.set.theme, NULL);
	layout_opts_init(&t.lopts);
	t.detail_on = 1;
	t.lopts.ratio = t.set.detail_ratio;
	if (store_open(&t.st, o->db, STORE_READONLY, cause) != 0)
		goto out;
	store_interrupt_on(t.st, &tui_signal);
	if (store_browse_tune(t.st, cause) != 0)
		goto out;
	t.data_version = store_data_version(t.st);
	t.traces.ops = &view_traces_ops;
	t.traces.tui = &t;
	t.tree.ops = &view_tree_ops;
	t.tree.tui = &t;
	if (t.traces.ops->open(&t.traces, cause) != 0)
		goto out;
	t.traces.is_open = 1;
	if (tui_init(&t, o->rows > 0 ? o->rows : 24, o->cols > 0 ? o->cols :
	    80, cause) != 0)
		goto out;
	if (t.set.nerrors > 0)
		tui_message(&t, 1, "%s", t.set.errors[0]);
	open_start(&t, o->address);
	if (t.replay)
		rc = replay_run(&t, o->replay, o->timings, &c);
	else {
		loop(&t);
		rc = 0;
	}
	del_windows(&t);
	if (w_input != NULL)
		delwin(w_input);
	w_input = NULL;
	tui_done(&t);
	if (rc != 0 && cause != NULL)
		*cause = c;
	else
		free(c);
	if (rc == 0 && tui_signal != 0)
		rc = 128 + tui_signal;
out:
	tui_done(&t);
	if (t.tree.is_open)
		t.tree.ops->close(&t.tree);
	if (t.traces.is_open)
		t.traces.ops->close(&t.traces);
	store_close(t.st);
	settings_free(&t.set);
	buf_free(&t.prompt_text);
	buf_free(&t.help_filter);
	free(t.prompt_label);
	free(t.msg);
	free(t.dbpath);
	return rc;
}

/* Exit statuses, as the CLI's (src/cli.h). */
#define TUI_EXIT_FAIL	1
#define TUI_EXIT_USAGE	2

static void
usage(FILE *f)
{
	fprintf(f, "usage: canopy tui [--db FILE] [ADDRESS]\n"
	    "       canopy tui --db FILE --replay KEYS --timings OUT"
	    " [--size ROWSxCOLS] [ADDRESS]\n");
}

int
tui_main(int argc, char **argv, const char *default_db)
{
	struct tui_opts	 o;
	char		*cause = NULL;
	int		 i, rc;

	memset(&o, 0, sizeof o);
	o.db = default_db;
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-h") == 0 ||
		    strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--db") == 0 && i + 1 < argc)
			o.db = argv[++i];
		else if (strncmp(argv[i], "--db=", 5) == 0)
			o.db = argv[i] + 5;
		else if (strcmp(argv[i], "--replay") == 0 && i + 1 < argc)
			o.replay = argv[++i];
		else if (strcmp(argv[i], "--timings") == 0 && i + 1 < argc)
			o.timings = argv[++i];
		else if (strcmp(argv[i], "--size") == 0 && i + 1 < argc) {
			if (sscanf(argv[++i], "%dx%d", &o.rows, &o.cols) != 2 ||
			    o.rows < 1 || o.cols < 1 || o.rows > 1000 ||
			    o.cols > 1000) {
				fprintf(stderr, "canopy tui: --size: expected"
				    " ROWSxCOLS, e.g. 24x80, not '%s'\n",
				    argv[i]);
				return TUI_EXIT_USAGE;
			}
		} else if (argv[i][0] == '-' && argv[i][1] != '\0') {
			fprintf(stderr, "canopy tui: unknown option '%s'\n",
			    argv[i]);
			usage(stderr);
			return TUI_EXIT_USAGE;
		} else if (o.address == NULL)
			o.address = argv[i];
		else {
			fprintf(stderr, "canopy tui: unexpected argument"
			    " '%s'\n", argv[i]);
			usage(stderr);
			return TUI_EXIT_USAGE;
		}
	}
	if (o.db == NULL) {
		fprintf(stderr, "canopy tui: no database (use --db FILE)\n");
		return TUI_EXIT_USAGE;
	}
	if (o.replay != NULL && o.timings == NULL) {
		fprintf(stderr, "canopy tui: --replay needs --timings OUT\n");
		return TUI_EXIT_USAGE;
	}
	rc = tui_run(&o, &cause);
	if (rc < 0) {
		fprintf(stderr, "canopy tui: %s\n", cause != NULL ? cause :
		    "failed");
		if (access(o.db, F_OK) != 0)
			fprintf(stderr, "canopy tui: import traces first"
			    " (canopy import FILE), or try canopy demo\n");
		free(cause);
		return TUI_EXIT_FAIL;
	}
	return rc;
}

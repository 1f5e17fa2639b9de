/*
 * tui-term.c - the terminal's lifecycle: tui_init() and tui_done() are the
 * only places that start and end curses, and the signal and fatal hooks
 * put the terminal back however the process ends.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "term-caps.h"
#include "tui-int.h"

/* The screen the signal and fatal hooks restore; NULL when inactive. */
static struct tui		*tui_active;
volatile sig_atomic_t	 tui_signal;

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

/* The signals that end the loop, and those that end the process. */
static const int quit_signals[] = { SIGINT, SIGTERM, SIGHUP };
static const int crash_signals[] = { SIGSEGV, SIGBUS, SIGABRT, SIGFPE };
#define NSIG_OF(a)	(sizeof (a) / sizeof (a)[0])

static void
signals_install(void)
{
	struct sigaction	sa;
	size_t			i;

	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	sa.sa_handler = on_quit_signal;	/* no SA_RESTART: wake the loop */
	for (i = 0; i < NSIG_OF(quit_signals); i++)
		sigaction(quit_signals[i], &sa, NULL);
	sa.sa_handler = on_crash_signal;
	sa.sa_flags = SA_RESETHAND;
	for (i = 0; i < NSIG_OF(crash_signals); i++)
		sigaction(crash_signals[i], &sa, NULL);
}

static void
signals_remove(void)
{
	size_t	i;

	for (i = 0; i < NSIG_OF(quit_signals); i++)
		signal(quit_signals[i], SIG_DFL);
	for (i = 0; i < NSIG_OF(crash_signals); i++)
		signal(crash_signals[i], SIG_DFL);
}

/*
 * Starts curses on the real terminal, or (replay) on a scratch file of a
 * fixed size so the benchmark can count the bytes written.
 */
int
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
		/*
		 * A terminal that cannot move the cursor (TERM=dumb) would
		 * show the title line and nothing else: say so instead.
		 */
		if (!term_caps_can_address(NULL, STDOUT_FILENO)) {
			if (cause != NULL)
				*cause = xasprintf("TERM=%s cannot move the"
				    " cursor (try TERM=xterm-256color)",
				    term != NULL ? term : "unset");
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
	t->w_input = newwin(1, 1, 0, 0);
	keypad(t->w_input, TRUE);
	wtimeout(t->w_input, t->replay ? 0 : TUI_TICK_MS);
	return 0;
}

/* Ends curses and puts the terminal back as it was. */
void
tui_done(struct tui *t)
{
	if (t->w_input != NULL)
		delwin(t->w_input);
	t->w_input = NULL;
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


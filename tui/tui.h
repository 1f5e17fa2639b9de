/*
 * tui.h - the ncurses interface: what src/main.c calls to open it (the
 * command line of `canopy tui` is parsed there).
 */
#ifndef CN_TUI_H
#define CN_TUI_H

/* What to open and how. Strings are borrowed for the call. */
struct tui_opts {
	const char	*db;		/* database path */
	const char	*address;	/* "TRACE/NODE", a trace id, or NULL */
	const char	*replay;	/* key script: headless benchmark */
	const char	*timings;	/* where replay writes its timings */
	int		 rows;		/* replay screen size (0: 24x80) */
	int		 cols;
	const char	*author;	/* labels' author, or NULL (labels.c) */
};

/*
 * Runs the interface until the user quits. tui_init() and tui_done() (in
 * tui.c) are the only places that start and end curses; the terminal is
 * restored on every way out (q, SIGINT, SIGTERM, SIGHUP, fatal(), a
 * crash). Returns 0, or -1 with *cause when the database cannot be opened
 * or the terminal cannot be set up (nothing is drawn then).
 */
int	 tui_run(const struct tui_opts *, char **cause);

#endif /* CN_TUI_H */

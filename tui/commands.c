/*
 * commands.c - the `:` commands: one table (an X-macro with each
 * command's argument and help text) that the command line, Tab completion
 * and the help overlay all read. A command that names an action runs it
 * through tui_action(), the path keys take, with its argument; the others
 * (theme, set, filter) have a function here.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "filter-expr.h"
#include "labels.h"
#include "tui-int.h"

static int	cmd_theme(struct tui *, const char *);
static int	cmd_set(struct tui *, const char *);
static int	cmd_filter(struct tui *, const char *);

/* _(name, alias, action, function, argument, help: NULL is the action's) */
#define COMMANDS(_)							\
	_("quit", "q", ACTION_QUIT, NULL, "", NULL)			\
	_("help", NULL, ACTION_HELP, NULL, "",				\
	    "Show the keys and the commands")				\
	_("traces", NULL, ACTION_VIEW_TRACES, NULL, "", NULL)		\
	_("goto", NULL, ACTION_GOTO_NODE, NULL, "ADDRESS",		\
	    "Go to #ID, TRACE/NODE, a trace, or a node of this trace")	\
	_("search", NULL, ACTION_SEARCH_FORWARD, NULL, "TEXT",		\
	    "Search the tree (filter the trace list) for TEXT")		\
	_("filter", NULL, ACTION_NONE, cmd_filter, "TEXT|EXPR|LABELS",	\
	    "Filter the trace list; in the tree, EXPR (q<0.3 && depth>2)"\
	    " or rated, unrated, tagged T, disagreeing (n/N)")		\
	_("sort", NULL, ACTION_SORT_NEXT, NULL, "[-]KEY",		\
	    "Sort by a signal or column (-KEY: smallest first)")	\
	_("compare", NULL, ACTION_COMPARE_SIBLINGS, NULL, "[SIGNAL]",	\
	    "Compare the children, ranks against SIGNAL")		\
	_("cols", "columns", ACTION_CHOOSE_COLUMNS, NULL, "A,B,...",	\
	    "Show exactly these value columns")				\
	_("depth", NULL, ACTION_EXPAND_TO_DEPTH, NULL, "N",		\
	    "Expand the tree down to depth N")				\
	_("theme", NULL, ACTION_NONE, cmd_theme, "NAME",		\
	    "Switch the colour theme (dark, light, mono...)")		\
	_("set", NULL, ACTION_NONE, cmd_set, "OPTION VALUE",		\
	    "Set an option as in the config file")			\
	_("labels", NULL, ACTION_LABEL_FIND, NULL,			\
	    "rated|unrated|tag T|disagree",				\
	    "Go to the next step with that label (, goes on)")		\
	_("note", NULL, ACTION_LABEL_NOTE, NULL, "TEXT", NULL)		\
	_("tag", NULL, ACTION_LABEL_TAG, NULL, "TAG",			\
	    "Add or remove a tag on the step")				\
	_("queue", NULL, ACTION_LABEL_QUEUE, NULL, "ORDER",		\
	    "Walk the unlabeled steps: tree, visits, random N, disagree A B")\
	_("rerun", NULL, ACTION_RERUN, NULL,				\
	    "[ENDPOINT] [n=K] [temp=T] [mode=step|full] [score=S]",	\
	    "Rerun the node with a live model (the panel: Enter sends)") \
	_("disagree", NULL, ACTION_NONE, disagree_command,		\
	    "A B [SCALE] [all] [N]",					\
	    "The N nodes where A and B disagree most (SCALE rank|norm)") \
	_("calibrate", NULL, ACTION_NONE, calib_command,		\
	    "S [T] [all] [N]",						\
	    "Calibrate S against T (outcome, mc, rating), N bins")	\
	_("hist", NULL, ACTION_NONE, hist_command,			\
	    "S [all] [N]", "Distribution of S per depth, N bins")	\
	_("diff", NULL, ACTION_NONE, diff_command, "[A] B",		\
	    "Diff subtree A (the mark M, or the cursor) with B")	\
	_("replay", NULL, ACTION_REPLAY, NULL, "",			\
	    "The search of this trace iteration by iteration") \
	_("tags", NULL, ACTION_VIEW_TAGS, NULL, "",			\
	    "Show every tag with its count; Enter walks its steps")	\
	_("resolve", NULL, ACTION_LABEL_RESOLVE, NULL, "+1|0|-1",	\
	    "Resolve a disagreement: your label, tagged resolved")	\
	_("authors", NULL, ACTION_LABEL_AUTHORS, NULL, "[on|off]", NULL) \
	_("copy", NULL, ACTION_COPY, NULL, "[address|report]",		\
	    "Copy the node's address or a one-line report (OSC 52)")

const struct command commands[] = {
#define COMMAND_ROW(n, al, a, f, args, h) { n, al, a, f, args, h },
	COMMANDS(COMMAND_ROW)
#undef COMMAND_ROW
};
const size_t ncommands = sizeof commands / sizeof commands[0];

const char *
command_help(const struct command *c)
{
	return c->help != NULL ? c->help : action_help[c->action];
}

/* Loads theme name; on failure the current theme stays. */
static int
apply_theme(struct tui *t, const char *name)
{
	struct theme	 th;
	char		*cause = NULL;

	if (theme_load(&th, name, &cause) != 0) {
		tui_error(t, "theme", cause);
		return TUI_HANDLED | TUI_REDRAW;
	}
	t->theme = th;
	tui_message(t, 0, "theme %s", t->theme.name);
	colors_init(&t->theme);
	clearok(curscr, TRUE);
	return TUI_HANDLED | TUI_REDRAW;
}

static int
cmd_theme(struct tui *t, const char *arg)
{
	return apply_theme(t, *arg != '\0' ? arg : NULL);
}

static int
cmd_set(struct tui *t, const char *arg)
{
	char	*line, *cause = NULL;
	int	 flags = TUI_HANDLED | TUI_REDRAW;

	/* Parsed as a config line, so errors give its column. */
	line = xasprintf("set %s", arg);
	if (settings_parse_line(&t->set, line, ":set", 1, &cause) != 0)
		tui_error(t, "set", cause);
	else if (strncmp(arg, "theme", 5) == 0)
		apply_theme(t, t->set.theme);
	else {
		t->lopts.ratio = t->set.detail_ratio;
		tui_relayout_detail(t);
		flags |= TUI_RELOAD;
	}
	free(line);
	return flags;
}

/*
 * The tree is read a screen at a time and cannot be narrowed without
 * scanning it, so there the filter is a search that says so.
 */
static int
cmd_filter(struct tui *t, const char *arg)
{
	int	flags;

	if (t->cur == tui_view(t, VIEW_TREE) && labels_filter_looks(arg)) {
		return labels_filter(t, arg);
	}
	if (t->cur == tui_view(t, VIEW_TREE) && (*arg == '\0' ||
	    filter_expr_looks(arg))) {
		labels_walk_stop(t);
		return tree_filter_command(t, arg);
	}
	flags = tui_action(t, ACTION_SEARCH_FORWARD, arg);
	if (flags != 0 && t->cur == tui_view(t, VIEW_TREE) && t->msg == NULL)
		tui_message(t, 0, "filter: the tree is searched, not"
		    " narrowed (n: next match)");
	return flags;
}

static const struct command *
command_find(const char *name)
{
	size_t	i;

	for (i = 0; i < ncommands; i++)
		if (strcmp(commands[i].name, name) == 0 ||
		    (commands[i].alias != NULL &&
		    strcmp(commands[i].alias, name) == 0))
			return &commands[i];
	return NULL;
}

int
command_done(struct tui *t, const char *text)
{
	const struct command	*c;
	char			*line, *cmd, *arg;
	int			 flags;

	line = xstrdup(text);
	cmd = line + strspn(line, " \t");
	arg = cmd + strcspn(cmd, " \t");
	if (*arg != '\0') {
		*arg++ = '\0';
		arg += strspn(arg, " \t");
	}
	if (*cmd == '\0') {
		free(line);
		return TUI_HANDLED;
	}
	if ((c = command_find(cmd)) == NULL) {
		tui_message(t, 1, "unknown command '%s'", cmd);
		free(line);
		return TUI_REDRAW;
	}
	if (c->run != NULL)
		flags = c->run(t, arg);
	else
		flags = tui_action(t, c->action, arg);
	if (flags == 0)
		tui_message(t, 1, "%s: not in the %s view", c->name,
		    t->cur->ops->name);
	free(line);
	return flags | TUI_REDRAW;
}

int
command_complete(struct tui *t, struct cn_buf *line)
{
	const char	*s = line->s != NULL ? line->s : "";
	const char	*names[sizeof commands / sizeof commands[0]];
	size_t		 i, n, nmatch = 0;

	s += strspn(s, " \t");
	n = strlen(s);
	if (strcspn(s, " \t") != n)
		return cmpview_complete(t, line);	/* an argument */
	for (i = 0; i < ncommands; i++)
		if (strncmp(commands[i].name, s, n) == 0)
			names[nmatch++] = commands[i].name;
	if (nmatch == 0)
		tui_message(t, 1, "no command starts with '%s'", s);
	else
		prompt_complete(t, line, 0, names, nmatch);
	return (int)nmatch;
}

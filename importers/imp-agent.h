/*
 * imp-agent.h - the text of an agent's action (moatless and other
 * agent-run formats): a headline "Name main-arg" on the first line, the
 * thoughts, then the arguments as key: value lines (docs/format.md,
 * "Agent actions"). The TUI shows the headline on the row and the rest in
 * the detail pane. Internal to importers/.
 */
#ifndef CN_IMP_AGENT_H
#define CN_IMP_AGENT_H

#include "imp-json.h"

/*
 * The argument an action's headline shows: for action `name`, the first
 * string found under the table's keys (path, file_path, class_name, ...),
 * at the top of args or in the first element of an array argument; else
 * the first string argument; NULL for actions that name none (Finish) or
 * when there is no string. skip lists keys that are not arguments.
 */
const char *imp_agent_main_arg(const char *name, const cJSON *args,
	    const char *const *skip);

/*
 * Appends the arguments (all members of args but skip and nulls) as lines
 * "key: value"; a value over several lines, an object or an array of
 * objects goes on the lines below its key, indented by two spaces.
 */
void	 imp_agent_args(struct cn_buf *, const cJSON *args,
	    const char *const *skip);

/*
 * Appends one action to b (after a blank line when b is not empty): the
 * headline (name, and the main argument's first line), the thoughts (may
 * be NULL) and the arguments.
 */
void	 imp_agent_text(struct cn_buf *b, const char *name,
	    const char *thoughts, const cJSON *args, const char *const *skip);

/*
 * The same for a tool call without thoughts, in one block (no blank line,
 * since rollout importers split steps at blank lines): the headline, then
 * the arguments.
 */
void	 imp_agent_call(struct cn_buf *b, const char *name,
	    const cJSON *args);

#endif /* CN_IMP_AGENT_H */

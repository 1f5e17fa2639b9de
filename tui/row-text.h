/*
 * row-text.h - which part of a node's text its row in the tree view shows.
 * Pure (no curses): unit-tested in tests/unit/test-row-text.c.
 */
#ifndef CN_ROW_TEXT_H
#define CN_ROW_TEXT_H

#include <stddef.h>

#include "canopy.h"

/*
 * The bytes of n's text the row shows, as *s and *len (borrowed from
 * n->text; "" for a node without text). An agent's action (role "action")
 * starts with its headline, "Name main-arg" (docs/format.md, "Agent
 * actions"): its row shows that first line, the detail pane the rest.
 * Other nodes show their whole text, newlines marked.
 */
void	 row_text(const struct cn_node *n, const char **s, size_t *len);

#endif /* CN_ROW_TEXT_H */

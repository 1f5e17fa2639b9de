/*
 * row-text.c - which part of a node's text its row shows (row-text.h).
 */
#include "config.h"

#include <string.h>

#include "row-text.h"

void
row_text(const struct cn_node *n, const char **s, size_t *len)
{
	const char	*t = n->text != NULL ? n->text : "";

	*s = t;
	if (n->role != NULL && strcmp(n->role, "action") == 0)
		*len = strcspn(t, "\n");
	else
		*len = strlen(t);
}

/*
 * importers.c - the registry of import formats and format sniffing. The
 * single place that lists formats; the CLI and the TUI both use it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "imp-formats.h"

/* Sniffing order matters: more specific formats come first. */
const struct imp_format imp_formats[] = {
	IMP_FORMAT_LIST
	{ NULL, NULL, NULL, NULL, NULL, 0 }
};

const struct imp_format *
imp_format_find(const char *name)
{
	const struct imp_format	*f;

	for (f = imp_formats; f->name != NULL; f++)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

const struct imp_format *
imp_sniff(const char *buf, size_t len, char **why)
{
	const struct imp_format	*f;
	struct cn_buf		 b;
	char			*w;

	buf_init(&b);
	for (f = imp_formats; f->name != NULL; f++) {
		if (f->sniff == NULL)
			continue;
		w = NULL;
		if (f->sniff(buf, len, &w)) {
			free(w);
			buf_free(&b);
			if (why != NULL)
				*why = NULL;
			return f;
		}
		buf_printf(&b, "  %-16s %s\n", f->name,
		    w != NULL ? w : "does not match");
		free(w);
	}
	if (why != NULL)
		*why = buf_take(&b);
	else
		buf_free(&b);
	return NULL;
}

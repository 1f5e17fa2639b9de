/*
 * importers.c - the registry of import formats and format sniffing. The
 * single place that lists formats; the CLI and the TUI both use it.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "imp-formats.h"
#include "imp-rec.h"

/*
 * Each format's run: its reader behind the guard sink, the reader being
 * read(args..., in, name, ...): imp_<stem>_read, or imp_rec_run over a
 * JSON-lines format's kind.
 */
#define IMP_RUN(stem, read, ...)					\
int									\
imp_##stem##_run(FILE *in, const char *name, const struct imp_opts *o,	\
    const struct imp_sink *sink, struct imp_report *r, char **cause)	\
{									\
	struct imp_guard	g;					\
									\
	return read(__VA_ARGS__ in, name, o, imp_guard(&g, sink), r,	\
	    cause);							\
}
#define IMP_GUARDED(stem)	IMP_RUN(stem, imp_##stem##_read, )
#define IMP_GUARDED_REC(stem)	IMP_RUN(stem, imp_rec_run, &imp_##stem##_kind,)
IMP_GUARDED_REC(canopy)
IMP_GUARDED_REC(prm800k)
IMP_GUARDED_REC(prm800k_scored)
IMP_GUARDED(processbench)
IMP_GUARDED_REC(shepherd)
IMP_GUARDED(moatless)
IMP_GUARDED(reasoners)
IMP_GUARDED_REC(alphamath)
IMP_GUARDED_REC(omegaprm)
IMP_GUARDED_REC(katago)
IMP_GUARDED_REC(scores)
IMP_GUARDED(verl)
IMP_GUARDED(chat)

/* Sniffing order matters: more specific formats come first. */
const struct imp_format imp_formats[] = {
	IMP_FORMAT_LIST
	{ NULL, NULL, NULL, NULL, NULL, 0, 0 }
};

const struct imp_format *
imp_format_find(const char *name)
{
	return cn_table_find(imp_formats, sizeof *imp_formats, name);
}

const char *
imp_not_text(const char *buf, size_t len)
{
	size_t	p = 0;
	int	bom;

	if (len == 0)
		return "empty file";
	if (memchr(buf, '\0', len) != NULL)
		return "not a text file (it holds NUL bytes)";
	/*
	 * Invalid UTF-8 is left to the importer, which names the byte's
	 * line and column: a Latin-1 file is text in the wrong encoding.
	 */
	bom = len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0;
	p = bom ? 3 : 0;
	while (p < len && strchr(" \t\r\n", buf[p]) != NULL)
		p++;
	if (p < len)
		return NULL;
	if (!bom)
		return "empty file (only whitespace)";
	return len == 3 ? "only a byte order mark" :
	    "only a byte order mark and whitespace";
}

const struct imp_format *
imp_sniff(const char *buf, size_t len, char **why)
{
	const struct imp_format	*f;
	struct cn_buf		 b;
	const char		*nt;
	char			*w;

	if ((nt = imp_not_text(buf, len)) != NULL) {
		if (why != NULL)
			*why = xasprintf("%s\n", nt);
		return NULL;
	}
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

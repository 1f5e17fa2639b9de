/*
 * record-sink.c - see record-sink.h. Line formats, fields present only
 * when set, numbers with %g:
 *	trace <ext> [format=..] [problem=..] [truth=..] [extra=..]
 *	node <ext> parent=<ext|-> role=.. [text=..] [obs=..] [terminal]
 *	    [chosen] [<signal>=<v>...] [extra=..] line=<n>
 *	annotation <node_ext> author=.. [rating=..] [first_error]
 *	    [tags=..] [note=..]
 *	score <node_ext> <name>=<v>
 *	score_path "<text>" > "<text>"... <name>=<v>
 * Text values are quoted with \n, \t, \\ and \" escaped.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "record-sink.h"

static void
rs_quote(struct cn_buf *b, const char *key, const char *s)
{
	if (s == NULL)
		return;
	buf_printf(b, " %s=\"", key);
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '\n': buf_adds(b, "\\n"); break;
		case '\t': buf_adds(b, "\\t"); break;
		case '\\': buf_adds(b, "\\\\"); break;
		case '"': buf_adds(b, "\\\""); break;
		default: buf_addc(b, *s); break;
		}
	}
	buf_addc(b, '"');
}

static int
rs_result(struct record_sink *rs, char **cause)
{
	rs->calls++;
	if (rs->fail_at != 0 && rs->calls == rs->fail_at) {
		if (cause != NULL)
			*cause = xasprintf("recorded failure at call %d",
			    rs->calls);
		return rs->fail_rc;
	}
	if (cause != NULL)
		*cause = NULL;
	return CN_OK;
}

static int
rs_trace(void *arg, const struct cn_trace *t, char **cause)
{
	struct record_sink	*rs = arg;
	struct cn_buf		*b = &rs->log;

	buf_printf(b, "trace %s", t->ext_id != NULL ? t->ext_id : "(null)");
	rs_quote(b, "format", t->format);
	rs_quote(b, "problem", t->problem);
	rs_quote(b, "truth", t->ground_truth);
	rs_quote(b, "extra", t->extra);
	buf_addc(b, '\n');
	return rs_result(rs, cause);
}

static int
rs_node(void *arg, const struct cn_node *n, char **cause)
{
	struct record_sink	*rs = arg;
	struct cn_buf		*b = &rs->log;
	size_t			 i;
	int			 s;

	buf_printf(b, "node %s parent=%s role=%s",
	    n->ext_id != NULL ? n->ext_id : "(null)",
	    n->parent_ext != NULL ? n->parent_ext : "-",
	    n->role != NULL ? n->role : "(null)");
	rs_quote(b, "text", n->text);
	rs_quote(b, "obs", n->observation);
	if (n->terminal)
		buf_adds(b, " terminal");
	if (n->chosen)
		buf_adds(b, " chosen");
	for (s = 0; s < CN_SIG_COUNT; s++)
		if (cn_hasval(n->sig[s]))
			buf_printf(b, " %s=%g", cn_sig_names[s], n->sig[s]);
	for (i = 0; i < n->nmore; i++)
		buf_printf(b, " %s=%g", n->more[i].name, n->more[i].value);
	rs_quote(b, "extra", n->extra);
	buf_printf(b, " line=%lld\n", (long long)n->src_line);
	return rs_result(rs, cause);
}

static int
rs_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	struct record_sink	*rs = arg;
	struct cn_buf		*b = &rs->log;

	buf_printf(b, "annotation %s author=%s",
	    a->node_ext != NULL ? a->node_ext : "(null)",
	    a->author != NULL ? a->author : "(null)");
	if (a->rating != CN_NORATING)
		buf_printf(b, " rating=%d", a->rating);
	if (a->first_error)
		buf_adds(b, " first_error");
	rs_quote(b, "tags", a->tags);
	rs_quote(b, "note", a->note);
	buf_addc(b, '\n');
	return rs_result(rs, cause);
}

static int
rs_score(void *arg, const char *node_ext, const char *name, double v,
    char **cause)
{
	struct record_sink	*rs = arg;

	buf_printf(&rs->log, "score %s %s=%g\n", node_ext, name, v);
	return rs_result(rs, cause);
}

static int
rs_score_path(void *arg, const char *const *texts, size_t n,
    const char *name, double v, char **cause)
{
	struct record_sink	*rs = arg;
	size_t			 i;

	buf_adds(&rs->log, "score_path");
	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&rs->log, " >");
		rs_quote(&rs->log, "t", texts[i]);
	}
	buf_printf(&rs->log, " %s=%g\n", name, v);
	return rs_result(rs, cause);
}

void
record_sink_init(struct record_sink *rs, struct imp_sink *sink)
{
	memset(rs, 0, sizeof *rs);
	buf_init(&rs->log);
	sink->trace = rs_trace;
	sink->node = rs_node;
	sink->annotation = rs_annotation;
	sink->score = rs_score;
	sink->score_path = rs_score_path;
	sink->arg = rs;
}

void
record_sink_free(struct record_sink *rs)
{
	buf_free(&rs->log);
}

const char *
record_sink_log(const struct record_sink *rs)
{
	return rs->log.s != NULL ? rs->log.s : "";
}

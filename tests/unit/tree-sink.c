/*
 * tree-sink.c - see tree-sink.h.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tree-sink.h"

static int
ts_trace(void *arg, const struct cn_trace *t, char **cause)
{
	struct tree_sink	*ts = arg;
	struct cn_trace		*c;
	size_t			 i;
	int			 rc;

	rc = ts->recsink.trace(ts->recsink.arg, t, cause);
	if (rc != CN_OK)
		return rc;
	free(ts->cur);
	ts->cur = xstrdup(t->ext_id);
	for (i = 0; i < ts->ntraces; i++)
		if (strcmp(ts->traces[i].ext_id, t->ext_id) == 0) {
			ts->nresumes++;
			return CN_OK;
		}
	ts->traces = xreallocarray(ts->traces, ts->ntraces + 1,
	    sizeof *ts->traces);
	c = &ts->traces[ts->ntraces++];
	memset(c, 0, sizeof *c);
	c->ext_id = xstrdup(t->ext_id);
	c->format = xstrdup_or_null(t->format);
	c->source = xstrdup_or_null(t->source);
	c->problem = xstrdup_or_null(t->problem);
	c->ground_truth = xstrdup_or_null(t->ground_truth);
	c->extra = xstrdup_or_null(t->extra);
	return CN_OK;
}

static int
ts_node(void *arg, const struct cn_node *n, char **cause)
{
	struct tree_sink	*ts = arg;
	struct ts_node		*c;
	struct cn_signal	*more;
	size_t			 i;
	int			 rc;

	rc = ts->recsink.node(ts->recsink.arg, n, cause);
	if (rc != CN_OK)
		return rc;
	ts->nodes = xreallocarray(ts->nodes, ts->nnodes + 1,
	    sizeof *ts->nodes);
	c = &ts->nodes[ts->nnodes++];
	c->trace = xstrdup_or_null(ts->cur);
	c->n = *n;
	c->n.ext_id = xstrdup_or_null(n->ext_id);
	c->n.parent_ext = xstrdup_or_null(n->parent_ext);
	c->n.role = xstrdup_or_null(n->role);
	c->n.text = xstrdup_or_null(n->text);
	c->n.observation = xstrdup_or_null(n->observation);
	c->n.origin = xstrdup_or_null(n->origin);
	c->n.extra = xstrdup_or_null(n->extra);
	more = xcalloc(n->nmore + 1, sizeof *more);
	for (i = 0; i < n->nmore; i++) {
		more[i].name = xstrdup(n->more[i].name);
		more[i].value = n->more[i].value;
	}
	c->n.more = more;
	return CN_OK;
}

static int
ts_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	struct tree_sink	*ts = arg;
	struct ts_annotation	*c;
	int			 rc;

	rc = ts->recsink.annotation(ts->recsink.arg, a, cause);
	if (rc != CN_OK)
		return rc;
	ts->ann = xreallocarray(ts->ann, ts->nann + 1, sizeof *ts->ann);
	c = &ts->ann[ts->nann++];
	c->trace = xstrdup_or_null(ts->cur);
	c->node_ext = xstrdup_or_null(a->node_ext);
	c->author = xstrdup_or_null(a->author);
	c->note = xstrdup_or_null(a->note);
	c->rating = a->rating;
	return CN_OK;
}

static int
ts_score(void *arg, const char *node_ext, const char *name, double v,
    char **cause)
{
	struct tree_sink	*ts = arg;

	return ts->recsink.score(ts->recsink.arg, node_ext, name, v, cause);
}

static int
ts_score_path(void *arg, const char *const *texts, size_t n,
    const char *name, double v, char **cause)
{
	struct tree_sink	*ts = arg;

	return ts->recsink.score_path(ts->recsink.arg, texts, n, name, v,
	    cause);
}

void
tree_sink_init(struct tree_sink *ts, struct imp_sink *sink)
{
	memset(ts, 0, sizeof *ts);
	record_sink_init(&ts->rec, &ts->recsink);
	sink->trace = ts_trace;
	sink->node = ts_node;
	sink->annotation = ts_annotation;
	sink->score = ts_score;
	sink->score_path = ts_score_path;
	sink->arg = ts;
}

void
tree_sink_free(struct tree_sink *ts)
{
	size_t	i, k;

	for (i = 0; i < ts->ntraces; i++) {
		xfree_const(ts->traces[i].ext_id);
		xfree_const(ts->traces[i].format);
		xfree_const(ts->traces[i].source);
		xfree_const(ts->traces[i].problem);
		xfree_const(ts->traces[i].ground_truth);
		xfree_const(ts->traces[i].extra);
	}
	for (i = 0; i < ts->nnodes; i++) {
		struct cn_node *n = &ts->nodes[i].n;

		free(ts->nodes[i].trace);
		xfree_const(n->ext_id);
		xfree_const(n->parent_ext);
		xfree_const(n->role);
		xfree_const(n->text);
		xfree_const(n->observation);
		xfree_const(n->origin);
		xfree_const(n->extra);
		for (k = 0; k < n->nmore; k++)
			xfree_const(n->more[k].name);
		xfree_const(n->more);
	}
	for (i = 0; i < ts->nann; i++) {
		free(ts->ann[i].trace);
		free(ts->ann[i].node_ext);
		free(ts->ann[i].author);
		free(ts->ann[i].note);
	}
	free(ts->traces);
	free(ts->nodes);
	free(ts->ann);
	free(ts->cur);
	record_sink_free(&ts->rec);
	memset(ts, 0, sizeof *ts);
}

const struct cn_node *
tree_sink_node(const struct tree_sink *ts, const char *trace,
    const char *ext)
{
	size_t	i;

	for (i = 0; i < ts->nnodes; i++)
		if (strcmp(ts->nodes[i].n.ext_id, ext) == 0 &&
		    (trace == NULL || strcmp(ts->nodes[i].trace, trace) == 0))
			return &ts->nodes[i].n;
	return NULL;
}

const struct cn_trace *
tree_sink_trace(const struct tree_sink *ts, const char *ext)
{
	size_t	i;

	for (i = 0; i < ts->ntraces; i++)
		if (strcmp(ts->traces[i].ext_id, ext) == 0)
			return &ts->traces[i];
	return NULL;
}

double
tree_sink_sig(const struct cn_node *n, const char *name)
{
	size_t	i;
	int	s;

	if ((s = cn_sig_lookup(name)) >= 0 && cn_hasval(n->sig[s]))
		return n->sig[s];
	for (i = 0; i < n->nmore; i++)
		if (strcmp(n->more[i].name, name) == 0)
			return n->more[i].value;
	return CN_NOVAL;
}

size_t
tree_sink_count_sig(const struct tree_sink *ts, const char *name)
{
	size_t	i, c = 0;

	for (i = 0; i < ts->nnodes; i++)
		if (cn_hasval(tree_sink_sig(&ts->nodes[i].n, name)))
			c++;
	return c;
}

size_t
tree_sink_count_role(const struct tree_sink *ts, const char *role)
{
	size_t	i, c = 0;

	for (i = 0; i < ts->nnodes; i++)
		if (strcmp(ts->nodes[i].n.role, role) == 0)
			c++;
	return c;
}

size_t
tree_sink_count_terminal(const struct tree_sink *ts)
{
	size_t	i, c = 0;

	for (i = 0; i < ts->nnodes; i++)
		c += ts->nodes[i].n.terminal != 0;
	return c;
}

size_t
tree_sink_count_chosen(const struct tree_sink *ts)
{
	size_t	i, c = 0;

	for (i = 0; i < ts->nnodes; i++)
		c += ts->nodes[i].n.chosen != 0;
	return c;
}

static int
ts_run(struct tree_sink *ts, imp_run_fn run, FILE *in, const char *name,
    int skip_bad, struct imp_report *rep, char **cause)
{
	struct imp_sink	sink;
	struct imp_opts	opts;

	memset(&opts, 0, sizeof opts);
	opts.skip_bad = skip_bad;
	memset(rep, 0, sizeof *rep);
	tree_sink_init(ts, &sink);
	*cause = NULL;
	return run(in, name, &opts, &sink, rep, cause);
}

int
tree_sink_run_text(struct tree_sink *ts, imp_run_fn run, const char *name,
    const char *text, int skip_bad, struct imp_report *rep, char **cause)
{
	FILE	*in;
	int	 rc;

	if ((in = fmemopen((void *)(uintptr_t)text, strlen(text), "r")) ==
	    NULL)
		fatal("fmemopen");
	rc = ts_run(ts, run, in, name, skip_bad, rep, cause);
	fclose(in);
	return rc;
}

int
tree_sink_run_file(struct tree_sink *ts, imp_run_fn run, const char *relpath,
    int skip_bad, struct imp_report *rep, char **cause)
{
	const char	*top = getenv("CANOPY_SRCDIR");
	char		*path;
	FILE		*in;
	int		 rc;

	if (top == NULL || *top == '\0')
		top = TOP_SRCDIR;
	path = xasprintf("%s/%s", top, relpath);
	if ((in = fopen(path, "r")) == NULL)
		fatal("%s", path);
	rc = ts_run(ts, run, in, relpath, skip_bad, rep, cause);
	fclose(in);
	free(path);
	return rc;
}

/*
 * export-paths.c - the model the export writers share (export.h): one
 * trace's nodes and labels in memory, its labeled paths, and the table of
 * formats. Memory is one trace's worth at a time, whatever the database.
 */
#include "config.h"

#include "export.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "store-export.h"

const struct export_format export_formats[] = {
	{ "prm800k", "our labels as PRM800K label records (one per trace "
	    "and author)", export_prm800k },
	{ "processbench", "one record per labeled path: steps and the index "
	    "of the first wrong one", export_processbench },
	{ "math-shepherd", "one record per labeled path, each step tagged "
	    "\"ки\" and labeled + or -", export_shepherd },
	{ "trl-stepwise", "prompt, completions, labels per labeled path "
	    "(TRL's PRM trainer)", export_trl_stepwise },
	{ "dpo-pairs", "prompt (problem and path so far), chosen, rejected "
	    "per preference (TRL's DPO trainer)", export_dpo_pairs },
	{ "canopy-jsonl", "everything: traces, nodes, signals, labels",
	    export_canopy_jsonl },
	{ NULL, NULL, NULL }
};

const struct export_format *
export_format_find(const char *name)
{
	return cn_table_find(export_formats, sizeof *export_formats, name);
}

void
export_skip(struct export_counts *c, const char *fmt, ...)
{
	va_list	ap;

	c->skipped++;
	if (c->first_skip != NULL)
		return;
	va_start(ap, fmt);
	c->first_skip = xvasprintf(fmt, ap);
	va_end(ap);
}

static int
ex_brief(const struct store_node_brief *b, void *arg)
{
	struct export_trace	*et = arg;
	struct export_node	*n;
	static const size_t	 none = SIZE_MAX;

	if ((et->nnodes & (et->nnodes - 1)) == 0)
		et->nodes = xreallocarray(et->nodes,
		    et->nnodes == 0 ? 1 : et->nnodes * 2, sizeof *et->nodes);
	n = &et->nodes[et->nnodes++];
	n->id = b->id;
	n->parent_id = b->parent_id;
	n->depth = b->depth;
	n->ordinal = b->ordinal;
	n->chosen = b->chosen;
	n->terminal = b->terminal;
	n->ext_id = xstrdup(b->ext_id != NULL ? b->ext_id : "");
	n->role = xstrdup(b->role != NULL ? b->role : "");
	n->text = xstrdup_or_null(b->text);
	memcpy(n->sig, b->sig, sizeof n->sig);
	n->parent = n->next = none;
	return 0;
}

static int
ex_label(const struct store_label_row *l, void *arg)
{
	struct export_trace	*et = arg;
	struct export_label	*x;
	size_t			 i;

	if ((i = export_trace_find(et, l->node_id)) == SIZE_MAX)
		return 0;	/* cannot happen: labels join their nodes */
	if ((et->nlabels & (et->nlabels - 1)) == 0)
		et->labels = xreallocarray(et->labels,
		    et->nlabels == 0 ? 1 : et->nlabels * 2,
		    sizeof *et->labels);
	x = &et->labels[et->nlabels++];
	x->node = i;
	x->author = xstrdup(l->author);
	x->rating = l->rating;
	x->first_error = l->first_error;
	x->tags = xstrdup_or_null(l->tags);
	x->note = xstrdup_or_null(l->note);
	x->created = l->created;
	x->updated = l->updated;
	return 0;
}

/* Author, then node; a stable tie-break keeps creation order. */
static int
ex_label_cmp(const void *a, const void *b)
{
	const struct export_label	*x = a, *y = b;
	int				 c;

	if ((c = strcmp(x->author, y->author)) != 0)
		return c;
	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	if (x->created != y->created)
		return x->created < y->created ? -1 : 1;
	return x < y ? -1 : x > y;
}

static void
ex_label_free(struct export_label *l)
{
	free(l->author);
	free(l->tags);
	free(l->note);
}

size_t
export_trace_find(const struct export_trace *et, int64_t id)
{
	size_t	lo = 0, hi = et->nnodes, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (et->nodes[mid].id == id)
			return mid;
		if (et->nodes[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

int
export_trace_load(struct store *st, const struct cn_trace *t,
    const char *author, struct export_trace *et, char **cause)
{
	struct export_node	*n, *p;
	size_t			 i, j, k;

	memset(et, 0, sizeof *et);
	cn_trace_copy(&et->t, t);
	if (store_trace_briefs_each(st, t->id, ex_brief, et, cause) != 0 ||
	    store_labels_each(st, author, t->id, ex_label, et, cause) != 0) {
		export_trace_free(et);
		return -1;
	}
	/* Parents, and the child a path goes on to: chosen, else first. */
	for (i = 0; i < et->nnodes; i++) {
		n = &et->nodes[i];
		if (n->parent_id == 0 ||
		    (n->parent = export_trace_find(et, n->parent_id)) ==
		    SIZE_MAX)
			continue;
		p = &et->nodes[n->parent];
		if (p->next == SIZE_MAX ||
		    (n->chosen && !et->nodes[p->next].chosen) ||
		    (n->chosen == et->nodes[p->next].chosen &&
		    n->ordinal < et->nodes[p->next].ordinal))
			p->next = i;
	}
	/* One label per author and node: the latest. */
	if (et->nlabels > 1)
		qsort(et->labels, et->nlabels, sizeof *et->labels,
		    ex_label_cmp);
	for (i = j = 0; i < et->nlabels; i++) {
		if (i + 1 < et->nlabels && et->labels[i + 1].node ==
		    et->labels[i].node && strcmp(et->labels[i + 1].author,
		    et->labels[i].author) == 0) {
			ex_label_free(&et->labels[i]);
			continue;
		}
		et->labels[j++] = et->labels[i];
	}
	et->nlabels = j;
	for (k = 0; k < et->nlabels; k++)
		et->nauthors += k == 0 || strcmp(et->labels[k].author,
		    et->labels[k - 1].author) != 0;
	return 0;
}

void
export_trace_free(struct export_trace *et)
{
	size_t	i;

	if (et == NULL)
		return;
	for (i = 0; i < et->nnodes; i++) {
		free(et->nodes[i].ext_id);
		free(et->nodes[i].role);
		free(et->nodes[i].text);
	}
	for (i = 0; i < et->nlabels; i++)
		ex_label_free(&et->labels[i]);
	free(et->nodes);
	free(et->labels);
	cn_trace_clear(&et->t);
	memset(et, 0, sizeof *et);
}

/* Adds the paths of labels [a, b) (one author) to *paths. */
static void
ex_author_paths(const struct export_trace *et, size_t a, size_t b,
    int extend, struct export_path **paths, size_t *np, size_t *cap)
{
	const struct export_label	**by;
	unsigned char			 *below;
	struct export_path		 *p;
	size_t				  i, j, k, len;

	by = xcalloc(et->nnodes, sizeof *by);
	below = xcalloc(et->nnodes, 1);
	for (i = a; i < b; i++)
		by[et->labels[i].node] = &et->labels[i];
	/* Mark every node above a labeled one (stop where marked). */
	for (i = a; i < b; i++)
		for (j = et->nodes[et->labels[i].node].parent;
		    j != SIZE_MAX && !below[j]; j = et->nodes[j].parent)
			below[j] = 1;
	for (i = a; i < b; i++) {
		k = et->labels[i].node;
		if (below[k])
			continue;
		if (*np == *cap)
			*paths = xgrow(*paths, cap, 8, sizeof **paths);
		p = &(*paths)[(*np)++];
		memset(p, 0, sizeof *p);
		p->author = et->labels[i].author;
		p->end = k;
		len = 0;
		for (j = k; et->nodes[j].parent != SIZE_MAX;
		    j = et->nodes[j].parent)
			len++;
		p->root = j;
		p->nlabeled = len;
		if (extend)
			for (j = et->nodes[k].next; j != SIZE_MAX;
			    j = et->nodes[j].next)
				len++;
		p->nsteps = len;
		p->steps = xreallocarray(NULL, len + 1, sizeof *p->steps);
		p->labels = xcalloc(len + 1, sizeof *p->labels);
		for (j = k, len = p->nlabeled; len > 0;
		    j = et->nodes[j].parent)
			p->steps[--len] = j;
		for (j = et->nodes[k].next, len = p->nlabeled;
		    extend && j != SIZE_MAX; j = et->nodes[j].next)
			p->steps[len++] = j;
		for (j = 0; j < p->nsteps; j++)
			p->labels[j] = by[p->steps[j]];
	}
	free(by);
	free(below);
}

void
export_paths(const struct export_trace *et, int extend,
    struct export_path **paths, size_t *npaths)
{
	size_t	a, b, cap = 0;

	*paths = NULL;
	*npaths = 0;
	for (a = 0; a < et->nlabels; a = b) {
		for (b = a + 1; b < et->nlabels &&
		    strcmp(et->labels[b].author, et->labels[a].author) == 0;
		    b++)
			;
		ex_author_paths(et, a, b, extend, paths, npaths, &cap);
	}
}

void
export_paths_free(struct export_path *p, size_t n)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(p[i].steps);
		free(p[i].labels);
	}
	free(p);
}

char *
export_path_name(const struct export_trace *et, const struct export_path *p,
    size_t np)
{
	struct cn_buf	 b;
	char		*a;

	buf_init(&b);
	buf_adds(&b, et->t.ext_id);
	if (np > 1) {
		a = store_address_make(et->t.ext_id, et->nodes[p->end].ext_id);
		buf_printf(&b, "/%s", strchr(a, '/') + 1);
		free(a);
	}
	if (et->nauthors > 1)
		buf_printf(&b, "@%s", p->author);
	return buf_take(&b);
}

/* store_traces_each's callback: load, hand over, free. */
struct ex_walk {
	struct store		*st;
	const struct export_opts *o;
	export_trace_cb		 cb;
	void			*arg;
	char			**cause;
};

static int
ex_walk_trace(const struct cn_trace *t, void *arg)
{
	struct ex_walk		*w = arg;
	struct export_trace	 et;
	int			 r;

	if (t->annotation_count == 0)
		return 0;
	if (export_trace_load(w->st, t, w->o->author, &et, w->cause) != 0)
		return -1;
	r = et.nlabels == 0 ? 0 : w->cb(w->st, &et, w->arg, w->cause);
	export_trace_free(&et);
	return r;
}

int
export_traces_each(struct store *st, const struct export_opts *o,
    export_trace_cb cb, void *arg, char **cause)
{
	struct ex_walk	 w = { st, o, cb, arg, cause };
	struct cn_trace	 t;
	int		 r;

	if (cause != NULL)
		*cause = NULL;
	if (o->trace != 0) {
		if ((r = store_trace_get(st, o->trace, &t, cause)) != 1)
			return r;
		r = ex_walk_trace(&t, &w);
		cn_trace_clear(&t);
		return r;
	}
	return store_traces_each(st, ex_walk_trace, &w, cause) != 0 ? -1 : 0;
}

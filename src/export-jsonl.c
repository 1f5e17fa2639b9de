/*
 * export-jsonl.c - the writers that are not one record per labeled path
 * (export.h): canopy-jsonl, everything canopy's own importer reads back
 * (traces, nodes, signals, labels, extra members), and dpo-pairs, one
 * record per preference between two siblings.
 */
#include "config.h"

#include "export.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json-out.h"
#include "store-export.h"

static int
ex_write(FILE *out, struct jw *w, char **cause)
{
	buf_addc(&w->b, '\n');
	if (fwrite(w->b.s, 1, w->b.len, out) != w->b.len) {
		if (cause != NULL)
			*cause = xstrdup("write failed");
		return -1;
	}
	jw_reset(w);
	return 0;
}

/*
 * Writes the members of the JSON object extra into the object being
 * written: the importer keeps unknown members as extra, so they go back
 * where they came from.
 */
static void
ex_splice(struct jw *w, const char *extra)
{
	struct cn_buf	b;

	if (extra == NULL)
		return;
	buf_init(&b);
	if (json_copy(&b, extra) == 0 && b.len > 2 && b.s[0] == '{') {
		buf_addc(&w->b, ',');
		buf_add(&w->b, b.s + 1, b.len - 2);
	}
	buf_free(&b);
}

/* Tags as a JSON array of strings. */
static void
ex_tags(struct jw *w, const char *tags)
{
	const char	*t = tags, *e;
	char		*one;

	jw_arr_begin(w);
	while (t != NULL && *t != '\0') {
		e = strchr(t, ',');
		one = xstrndup(t, e != NULL ? (size_t)(e - t) : strlen(t));
		if (*one != '\0')
			jw_str(w, one);
		free(one);
		t = e != NULL ? e + 1 : NULL;
	}
	jw_arr_end(w);
}

struct ex_jsonl {
	struct store		*st;
	const struct export_opts *o;
	FILE			*out;
	struct export_counts	*c;
	struct jw		 jw;
	const struct export_trace *et;
	const struct export_label **bynode;	/* labels in node order */
	size_t			*first;		/* per node: its first in
						   bynode, SIZE_MAX none */
	char			**cause;
};

static int
ex_jsonl_node(const struct cn_node *n, void *arg)
{
	struct ex_jsonl			*x = arg;
	const struct export_trace	*et = x->et;
	const struct export_label	*l;
	size_t				 i, k, p;
	int				 any = 0;

	jw_obj_begin(&x->jw);
	jw_key(&x->jw, "type");
	jw_str(&x->jw, "node");
	jw_key(&x->jw, "trace");
	jw_str(&x->jw, et->t.ext_id);
	jw_key(&x->jw, "id");
	jw_str(&x->jw, n->ext_id);
	jw_key(&x->jw, "parent");
	k = export_trace_find(et, n->id);
	p = k == SIZE_MAX ? SIZE_MAX : et->nodes[k].parent;
	jw_str(&x->jw, p == SIZE_MAX ? NULL : et->nodes[p].ext_id);
	jw_key(&x->jw, "role");
	jw_str(&x->jw, n->role);
	jw_key(&x->jw, "text");
	jw_str(&x->jw, n->text);
	if (n->observation != NULL) {
		jw_key(&x->jw, "observation");
		jw_str(&x->jw, n->observation);
	}
	if (n->terminal) {
		jw_key(&x->jw, "terminal");
		jw_bool(&x->jw, 1);
	}
	if (n->chosen) {
		jw_key(&x->jw, "chosen");
		jw_bool(&x->jw, 1);
	}
	for (i = 0; i < CN_SIG_COUNT; i++)
		any |= cn_hasval(n->sig[i]);
	if (any || n->nmore > 0) {
		jw_key(&x->jw, "signals");
		jw_obj_begin(&x->jw);
		for (i = 0; i < CN_SIG_COUNT; i++) {
			if (!cn_hasval(n->sig[i]))
				continue;
			jw_key(&x->jw, cn_sig_names[i]);
			jw_num(&x->jw, n->sig[i]);
		}
		for (i = 0; i < n->nmore; i++) {
			jw_key(&x->jw, n->more[i].name);
			jw_num(&x->jw, n->more[i].value);
		}
		jw_obj_end(&x->jw);
	}
	any = 0;
	for (i = k == SIZE_MAX ? et->nlabels : x->first[k];
	    i < et->nlabels && x->bynode[i]->node == k; i++) {
		l = x->bynode[i];
		if (!any) {
			jw_key(&x->jw, "labels");
			jw_arr_begin(&x->jw);
			any = 1;
		}
		jw_obj_begin(&x->jw);
		jw_key(&x->jw, "author");
		jw_str(&x->jw, l->author);
		jw_krating(&x->jw, "rating", l->rating);
		if (l->first_error) {
			jw_key(&x->jw, "first_error");
			jw_bool(&x->jw, 1);
		}
		if (l->tags != NULL) {
			jw_key(&x->jw, "tags");
			ex_tags(&x->jw, l->tags);
		}
		if (l->note != NULL) {
			jw_key(&x->jw, "note");
			jw_str(&x->jw, l->note);
		}
		jw_obj_end(&x->jw);
		x->c->labels++;
	}
	if (any)
		jw_arr_end(&x->jw);
	ex_splice(&x->jw, n->extra);
	jw_obj_end(&x->jw);
	return ex_write(x->out, &x->jw, x->cause);
}

/* Labels in node order (authors in name order within a node). */
static int
ex_bynode_cmp(const void *a, const void *b)
{
	const struct export_label	*x = *(const struct export_label *
					    const *)a;
	const struct export_label	*y = *(const struct export_label *
					    const *)b;

	if (x->node != y->node)
		return x->node < y->node ? -1 : 1;
	return strcmp(x->author, y->author);
}

static int
ex_jsonl_trace(const struct cn_trace *t, void *arg)
{
	struct ex_jsonl		*x = arg;
	struct export_trace	 et;
	size_t			 i;
	int			 rc = -1;

	if (x->o->author != NULL && t->annotation_count == 0)
		return 0;
	if (export_trace_load(x->st, t, x->o->author, &et, x->cause) != 0)
		return -1;
	if (x->o->author != NULL && et.nlabels == 0) {
		export_trace_free(&et);
		return 0;
	}
	x->et = &et;
	x->bynode = xreallocarray(NULL, et.nlabels + 1, sizeof *x->bynode);
	x->first = xreallocarray(NULL, et.nnodes + 1, sizeof *x->first);
	for (i = 0; i < et.nlabels; i++)
		x->bynode[i] = &et.labels[i];
	if (et.nlabels > 1)
		qsort(x->bynode, et.nlabels, sizeof *x->bynode,
		    ex_bynode_cmp);
	for (i = 0; i < et.nnodes; i++)
		x->first[i] = SIZE_MAX;
	for (i = et.nlabels; i > 0; i--)
		x->first[x->bynode[i - 1]->node] = i - 1;

	jw_obj_begin(&x->jw);
	jw_key(&x->jw, "type");
	jw_str(&x->jw, "trace");
	jw_key(&x->jw, "id");
	jw_str(&x->jw, et.t.ext_id);
	jw_key(&x->jw, "problem");
	jw_str(&x->jw, et.t.problem);
	jw_key(&x->jw, "ground_truth");
	jw_str(&x->jw, et.t.ground_truth);
	ex_splice(&x->jw, et.t.extra);
	jw_obj_end(&x->jw);
	if (ex_write(x->out, &x->jw, x->cause) == 0 &&
	    store_preorder_each(x->st, t->id, -1, ex_jsonl_node, x,
	    x->cause) == 0) {
		x->c->records++;
		rc = 0;
	}
	free(x->bynode);
	free(x->first);
	x->et = NULL;
	export_trace_free(&et);
	return rc;
}

static int
ex_pref_count(const struct store_pref_row *p, void *arg)
{
	struct export_counts	*c = arg;

	(void)p;
	export_skip(c, "canopy-jsonl has no record for preferences (use "
	    "dpo-pairs)");
	return 0;
}

int
export_canopy_jsonl(struct store *st, const struct export_opts *o,
    FILE *out, struct export_counts *c, char **cause)
{
	struct ex_jsonl	x = { .st = st, .o = o, .out = out, .c = c,
			    .cause = cause };
	struct cn_trace	t;
	int		rc;

	if (cause != NULL)
		*cause = NULL;
	jw_init(&x.jw);
	if (o->trace != 0) {
		if ((rc = store_trace_get(st, o->trace, &t, cause)) == 1) {
			rc = ex_jsonl_trace(&t, &x);
			cn_trace_clear(&t);
		}
	} else
		rc = store_traces_each(st, ex_jsonl_trace, &x, cause);
	jw_free(&x.jw);
	if (rc == 0)
		rc = store_prefs_each(st, o->author, o->trace, ex_pref_count,
		    c, cause);
	return rc != 0 ? -1 : 0;
}

/* One preference, copied out of the walk. */
struct ex_pref {
	int64_t		 chosen, rejected, trace;
	char		*author;
};

struct ex_prefs {
	struct ex_pref	*v;
	size_t		 n, cap;
};

static int
ex_pref_add(const struct store_pref_row *p, void *arg)
{
	struct ex_prefs	*ps = arg;

	if (ps->n == ps->cap)
		ps->v = xgrow(ps->v, &ps->cap, 64, sizeof *ps->v);
	ps->v[ps->n].chosen = p->chosen_id;
	ps->v[ps->n].rejected = p->rejected_id;
	ps->v[ps->n].trace = p->trace_id;
	ps->v[ps->n].author = xstrdup(p->author);
	ps->n++;
	return 0;
}

static int
ex_ancestor_text(const struct cn_node *n, void *arg)
{
	struct cn_buf	*b = arg;

	if (n->parent_id == 0)
		return 0;	/* the root: the problem stands for it */
	buf_adds(b, "\n");
	buf_adds(b, n->text != NULL ? n->text : "");
	return 0;
}

int
export_dpo_pairs(struct store *st, const struct export_opts *o, FILE *out,
    struct export_counts *c, char **cause)
{
	struct ex_prefs	 ps;
	struct cn_node	 ch, rj;
	struct cn_trace	 t;
	struct cn_buf	 prompt;
	struct jw	 jw;
	char		*addr;
	size_t		 i;
	int		 rc = 0, r1, r2;

	memset(&ps, 0, sizeof ps);
	if (cause != NULL)
		*cause = NULL;
	if (store_prefs_each(st, o->author, o->trace, ex_pref_add, &ps,
	    cause) != 0)
		rc = -1;
	buf_init(&prompt);
	jw_init(&jw);
	for (i = 0; rc == 0 && i < ps.n; i++) {
		cn_node_init(&ch);
		cn_node_init(&rj);
		memset(&t, 0, sizeof t);
		if ((r1 = store_node_get(st, ps.v[i].chosen, &ch, cause)) < 0 ||
		    (r2 = store_node_get(st, ps.v[i].rejected, &rj,
		    cause)) < 0 ||
		    store_trace_get(st, ps.v[i].trace, &t, cause) < 0) {
			rc = -1;
			goto next;
		}
		if (r1 == 0 || r2 == 0 || ch.parent_id != rj.parent_id ||
		    ch.parent_id == 0) {
			addr = store_node_address(st, ps.v[i].chosen);
			export_skip(c, "%s: preferred over a node that is not "
			    "its sibling (a DPO pair shares one prompt)",
			    addr != NULL ? addr : "?");
			free(addr);
			goto next;
		}
		buf_reset(&prompt);
		buf_adds(&prompt, t.problem != NULL ? t.problem : "");
		if (store_ancestors_each(st, ch.id, ex_ancestor_text, &prompt,
		    cause) != 0) {
			rc = -1;
			goto next;
		}
		jw_obj_begin(&jw);
		jw_key(&jw, "prompt");
		jw_str(&jw, prompt.s);
		jw_key(&jw, "chosen");
		jw_str(&jw, ch.text != NULL ? ch.text : "");
		jw_key(&jw, "rejected");
		jw_str(&jw, rj.text != NULL ? rj.text : "");
		jw_key(&jw, "chosen_address");
		addr = store_node_address(st, ch.id);
		jw_str(&jw, addr);
		free(addr);
		jw_key(&jw, "rejected_address");
		addr = store_node_address(st, rj.id);
		jw_str(&jw, addr);
		free(addr);
		jw_key(&jw, "author");
		jw_str(&jw, ps.v[i].author);
		jw_obj_end(&jw);
		if ((rc = ex_write(out, &jw, cause)) == 0) {
			c->records++;
			c->labels++;
		}
next:
		cn_node_clear(&ch);
		cn_node_clear(&rj);
		cn_trace_clear(&t);
	}
	for (i = 0; i < ps.n; i++)
		free(ps.v[i].author);
	free(ps.v);
	buf_free(&prompt);
	jw_free(&jw);
	return rc;
}

/*
 * imp-reasoners.c - importer for llm-reasoners (maitrix-org/llm-reasoners)
 * TreeLog JSON, the visualizer's upload format (examples in
 * tests/fixtures/reasoners/).
 *
 * Format: one JSON document, read whole with imp_slurp and parsed into one
 * cJSON tree (peak memory measured at 8.5 times the file size for a 27 MB
 * log of 50 snapshots growing to 5,000 nodes), as written by
 * TreeLogEncoder:
 *	{"logs": [snapshot, ...]}
 *	snapshot = {"nodes": {"<id>": {id, data, selected_edge,
 *	    convert_images}}, "edges": {"<eid>": {id, source, target, data,
 *	    convert_images}}}
 * MCTS writes one snapshot per iteration (tree_state_after_each_iter),
 * else one; beam search and DFS write one. The visualizer uploads it
 * gzip-compressed: such input is refused with a hint to gunzip it first.
 * No real file was available: the tests use fixtures written from
 * reasoners/visualization/tree_log.py and tree_snapshot.py.
 *
 * Mapping: one trace per file, ext id = the file name stem. The LAST
 * snapshot is the tree: one node per snapshot node, ext id = its "id" (or
 * its key); the edge into a node gives its parent (edge.source) and its
 * signals: data.Q -> q, data.reward -> reward, any other number -> the
 * common signal of that name if there is one, else a named signal; other
 * edge data (e.g. beam search's "action") -> extra "edge". The node
 * without an incoming edge is the root (role "root"; other nodes "step").
 * Text: node.data's "text", "state" or "action" member when it is a string
 * (the first of these; the other members -> extra "data"); else, for a
 * list state ({"0": step, "1": step, ...}: the default node_data_factory's
 * form of a list, cumulative along the path), its last entry, the step
 * this node added (the earlier entries are its ancestors' texts); else
 * node.data as compact JSON when it is not empty; else the incoming edge's
 * "action" when it is a string; else none. The root's text is also the trace
 * problem. selected_edge -> chosen on that edge's target. convert_images (a
 * display flag of the visualizer) is dropped.
 *
 * Search history: when there are several snapshots, the trace extra holds
 * "iterations": one {"nodes", "chosen"} per snapshot, in order (the last
 * one included, so index i replays iteration i); "nodes" lists the node
 * ids present and "chosen" the targets of the selected edges, each as
 * comma-separated ids with runs of consecutive integers written "a-b".
 *
 * Errors name the node or edge they concern (cJSON keeps no offsets). Bad
 * nodes and edges, nodes whose parent is missing and nodes on a parent
 * cycle are rejected (skipped and counted with --skip-bad, with the nodes
 * they cut off from the root); a tree without a root fails the import.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "imp-formats.h"
#include "imp-json.h"
#include "imp-jscan.h"
#include "imp-links.h"
#include "imp-text.h"
#include "imp-reasoners.h"

/* Appends ids as "a-b,c" (integers) or "x,y" (anything else). */
static int
rs_llcmp(const void *a, const void *b)
{
	long long	x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

static char *
rs_ranges(const char *const *ids, size_t n)
{
	struct cn_buf	 b;
	long long	*v;
	size_t		 i, j, k = 0;
	char		*end;

	buf_init(&b);
	v = xreallocarray(NULL, n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		v[k] = strtoll(ids[i], &end, 10);
		if (*ids[i] == '\0' || *end != '\0')
			break;
		k++;
	}
	if (i < n) {
		for (i = 0; i < n; i++)
			imp_text_join(&b, ",", ids[i]);
	} else {
		qsort(v, k, sizeof *v, rs_llcmp);
		for (i = 0; i < k; i = j) {
			for (j = i + 1; j < k && v[j] == v[j - 1] + 1; j++)
				;
			if (b.len > 0)
				buf_addc(&b, ',');
			if (j - i > 1)
				buf_printf(&b, "%lld-%lld", v[i], v[j - 1]);
			else
				buf_printf(&b, "%lld", v[i]);
		}
	}
	free(v);
	if (b.s == NULL)
		buf_adds(&b, "");
	return buf_take(&b);
}

/* The search history: one {"nodes", "chosen"} per snapshot. */
static char *
rs_history(struct imp_ctx *r, const cJSON *logs, const cJSON *doc, char **what)
{
	struct rs_snap	 s;
	const cJSON	*snap;
	const char	**ids, **ch;
	cJSON		*ex, *arr, *it;
	char		*str, *extra;
	size_t		 i, n, nc;
	int		 k = 0;

	if ((ex = cJSON_CreateObject()) == NULL ||
	    (arr = cJSON_CreateArray()) == NULL)
		fatalx("out of memory building JSON");
	for (it = doc->child; it != NULL; it = it->next)
		if (strcmp(it->string, "logs") != 0)
			cJSON_AddItemReferenceToObject(ex, it->string, it);
	if (cJSON_GetArraySize(logs) < 2)
		logs = NULL;
	cJSON_ArrayForEach(snap, logs) {
		char *w = NULL;

		if (imp_reasoners_snap_read(r, snap, &s, 0, &w) != 0) {
			*what = xasprintf("logs[%d]: %s", k, w);
			free(w);
			imp_reasoners_snap_free(&s);
			cJSON_Delete(arr);
			cJSON_Delete(ex);
			return NULL;
		}
		imp_reasoners_snap_chosen(&s);
		ids = xcalloc(s.nn + 1, sizeof *ids);
		ch = xcalloc(s.nn + 1, sizeof *ch);
		for (i = n = nc = 0; i < s.nn; i++) {
			if (s.nodes[i].id == NULL)
				continue;
			ids[n++] = s.nodes[i].id;
			if (s.nodes[i].chosen)
				ch[nc++] = s.nodes[i].id;
		}
		if ((it = cJSON_CreateObject()) == NULL)
			fatalx("out of memory building JSON");
		str = rs_ranges(ids, n);
		cJSON_AddStringToObject(it, "nodes", str);
		free(str);
		str = rs_ranges(ch, nc);
		cJSON_AddStringToObject(it, "chosen", str);
		free(str);
		cJSON_AddItemToArray(arr, it);
		free(ids);
		free(ch);
		imp_reasoners_snap_free(&s);
		k++;
	}
	if (arr->child != NULL)
		cJSON_AddItemToObject(ex, "iterations", arr);
	else
		cJSON_Delete(arr);
	extra = ex->child != NULL ? imp_json_print(ex) : NULL;
	cJSON_Delete(ex);
	*what = NULL;
	return extra;
}

/*
 * A list state serialised by the default node_data_factory ({"0": step,
 * "1": step, ...}, keys in order) is cumulative: its last entry is the
 * step this node added. Returns that entry, or NULL for other data.
 */
static const cJSON *
rs_last_step(const cJSON *data)
{
	const cJSON	*c, *last = NULL;
	char		 want[24];
	int		 k = 0;

	if (!cJSON_IsObject(data))
		return NULL;
	for (c = data->child; c != NULL; c = c->next) {
		snprintf(want, sizeof want, "%d", k++);
		if (strcmp(c->string, want) != 0)
			return NULL;
		last = c;
	}
	return last;
}

/* Text of a node (see the header); *from says which data member it was. */
static char *
rs_text(const cJSON *data, const cJSON *edata, const char **from)
{
	static const char *const keys[] = { "text", "state", "action", NULL };
	const cJSON	*c;
	const char	*s;
	size_t		 i;

	*from = NULL;
	for (i = 0; keys[i] != NULL; i++)
		if ((s = imp_json_str(data, keys[i])) != NULL) {
			*from = keys[i];
			return xstrdup(s);
		}
	if ((c = rs_last_step(data)) != NULL) {
		*from = "last";
		return cJSON_IsString(c) ? xstrdup(c->valuestring) :
		    imp_json_print(c);
	}
	if (data != NULL && !cJSON_IsNull(data) && !(cJSON_IsObject(data) &&
	    data->child == NULL))
		return imp_json_print(data);
	if ((s = imp_json_str(edata, "action")) != NULL) {
		*from = "edge.action";
		return xstrdup(s);
	}
	return NULL;
}

/* Sends node i of the last snapshot. */
static int
rs_node(struct imp_ctx *r, struct rs_snap *s, size_t i, int isroot)
{
	static const char *const nused[] = { "id", "data", "selected_edge",
	    "convert_images", NULL };
	static const char *const eused[] = { "id", "source", "target", "data",
	    "convert_images", NULL };
	struct rs_node	*n = &s->nodes[i];
	const cJSON	*data, *edata = NULL, *c;
	struct cn_node	 node;
	struct cn_signal *more;
	cJSON		*ex, *dx = NULL, *ed = NULL;
	const char	*from;
	char		*text, *extra, *scause = NULL, *what;
	size_t		 nmore = 0;
	int		 rc, sig;

	cn_node_init(&node);
	data = cJSON_GetObjectItemCaseSensitive(n->n, "data");
	if (n->in >= 0)
		edata = cJSON_GetObjectItemCaseSensitive(s->edges[n->in].e,
		    "data");
	if (!cJSON_IsObject(edata))
		edata = NULL;
	text = rs_text(data, edata, &from);
	more = xcalloc((size_t)cJSON_GetArraySize(edata) + 1, sizeof *more);
	if ((ex = cJSON_CreateObject()) == NULL)
		fatalx("out of memory building JSON");
	cJSON_ArrayForEach(c, edata) {
		if (cJSON_IsNull(c))
			continue;
		if (from != NULL && strcmp(from, "edge.action") == 0 &&
		    strcmp(c->string, "action") == 0)
			continue;
		if (!cJSON_IsNumber(c)) {
			if (ed == NULL && (ed = cJSON_CreateObject()) == NULL)
				fatalx("out of memory building JSON");
			cJSON_AddItemReferenceToObject(ed, c->string,
			    (cJSON *)(uintptr_t)c);
			continue;
		}
		if (strcmp(c->string, "Q") == 0)
			sig = CN_SIG_Q;
		else
			sig = cn_sig_lookup(c->string);
		if (sig >= 0 && !cn_hasval(node.sig[sig]))
			node.sig[sig] = c->valuedouble;
		else {
			more[nmore].name = c->string;
			more[nmore].value = c->valuedouble;
			nmore++;
		}
	}
	/* The data members beside the one that became the text. */
	if (from != NULL && strcmp(from, "edge.action") != 0 &&
	    strcmp(from, "last") != 0)
		imp_json_keep(&dx, data, (const char *const[]){ from, NULL }, 0);
	if (dx != NULL)
		cJSON_AddItemToObject(ex, "data", dx);
	imp_json_keep(&ex, n->n, nused, 0);
	if (n->in >= 0)
		imp_json_keep(&ed, s->edges[n->in].e, eused, 0);
	if (ed != NULL)
		cJSON_AddItemToObject(ex, "edge", ed);
	extra = ex->child != NULL ? imp_json_print(ex) : NULL;
	cJSON_Delete(ex);

	node.ext_id = n->id;
	node.parent_ext = n->in >= 0 ? s->edges[n->in].source : NULL;
	node.role = isroot ? "root" : "step";
	node.text = text;
	node.chosen = n->chosen;
	node.more = more;
	node.nmore = nmore;
	node.extra = extra;
	what = xasprintf("node %s", n->id);
	rc = imp_ctx_sink(r, r->sink->node(r->sink->arg, &node, &scause), what,
	    &scause);
	free(what);
	free(extra);
	free(more);
	free(text);
	return rc;
}

/* Imports the last snapshot as the tree. */
static int
rs_tree(struct imp_ctx *r, const cJSON *doc, const cJSON *logs)
{
	struct rs_snap	 s;
	struct imp_link	*lk;
	struct cn_trace	 t;
	size_t		*ln, i, k, nl = 0, *by_node;
	long		 e, root, j;
	char		*what = NULL, *stem, *extra, *problem = NULL;
	char		*scause = NULL;
	int		 rc = 0, x;

	if (imp_reasoners_snap_read(r, cJSON_GetArrayItem(logs,
	    cJSON_GetArraySize(logs) - 1), &s, 1, &what) != 0) {
		if (what != NULL && r->cause != NULL)
			*r->cause = xasprintf("%s: logs[%d]: %s", r->name,
			    cJSON_GetArraySize(logs) - 1, what);
		free(what);
		imp_reasoners_snap_free(&s);
		return -1;
	}
	extra = rs_history(r, logs, doc, &what);
	if (what != NULL) {
		if (r->cause != NULL)
			*r->cause = xasprintf("%s: %s", r->name, what);
		free(what);
		imp_reasoners_snap_free(&s);
		return -1;
	}
	imp_reasoners_snap_chosen(&s);
	by_node = imp_links_sort(s.nn, imp_reasoners_snap_key, &s);

	/* Edges: a target must be a node, and have one edge into it. */
	for (i = 0; i < s.ne; i++) {
		struct rs_edge *ed = &s.edges[s.by_target[i]];

		if (ed->bad)
			continue;
		j = imp_links_find(by_node, s.nn, imp_reasoners_snap_key, &s,
		    ed->target);
		if (j < 0 || s.nodes[j].id == NULL) {
			x = imp_ctx_bad(r, xasprintf("edge %s: target %s is "
			    "not a node", ed->id, ed->target));
		} else if (s.nodes[j].in >= 0) {
			x = imp_ctx_bad(r, xasprintf("edge %s: node %s already "
			    "has a parent (edge %s)", ed->id, ed->target,
			    s.edges[s.nodes[j].in].id));
		} else {
			s.nodes[j].in = (long)s.by_target[i];
			continue;
		}
		if (x < 0) {
			rc = -1;
			goto out;
		}
	}

	/* Parent links of the readable nodes. */
	lk = xcalloc(s.nn + 1, sizeof *lk);
	ln = xcalloc(s.nn + 1, sizeof *ln);
	for (i = 0; i < s.nn; i++) {
		if (s.nodes[i].id == NULL)
			continue;
		r->rep->records++;
		lk[nl].id = s.nodes[i].id;
		e = s.nodes[i].in;
		lk[nl].parent = e >= 0 ? s.edges[e].source : NULL;
		ln[nl++] = i;
	}
	root = imp_links_check(lk, nl);
	if (root < 0) {
		if (r->cause != NULL)
			*r->cause = xasprintf("%s: no root node (every node "
			    "has an edge into it)", r->name);
		rc = -1;
		goto out2;
	}

	/* The trace first; its problem is the root's text. */
	{
		const struct rs_node	*rn = &s.nodes[ln[root]];
		const cJSON		*ed = NULL;
		const char		*from;

		if (rn->in >= 0)
			ed = cJSON_GetObjectItemCaseSensitive(
			    s.edges[rn->in].e, "data");
		problem = rs_text(cJSON_GetObjectItemCaseSensitive(rn->n,
		    "data"), ed, &from);
	}
	stem = imp_text_stem(r->name, NULL);
	t = (struct cn_trace){ .ext_id = stem, .format = "llm-reasoners",
	    .source = r->name, .problem = problem, .extra = extra };
	rc = imp_ctx_sink(r, r->sink->trace(r->sink->arg, &t, &scause), "trace",
	    &scause);
	if (rc != 0) {
		free(stem);
		rc = rc < 0 ? -1 : 0;
		goto out2;
	}
	for (k = 0; k < nl; k++) {
		if (lk[k].status != IMP_LINK_OK) {
			if (imp_ctx_bad(r, imp_links_why(&lk[k], "node")) < 0) {
				rc = -1;
				break;
			}
			continue;
		}
		x = rs_node(r, &s, ln[k], (long)k == root);
		if (x < 0) {
			rc = -1;
			break;
		}
	}
	free(stem);
out2:
	free(problem);
	free(lk);
	free(ln);
out:
	free(by_node);
	free(extra);
	imp_reasoners_snap_free(&s);
	return rc;
}

int
imp_reasoners_read(FILE *in, const char *name, const struct imp_opts *opts,
    const struct imp_sink *sink, struct imp_report *rep, char **cause)
{
	struct imp_ctx	 r;
	cJSON		*doc;
	const cJSON	*logs;
	char		*buf;
	size_t		 len;
	int		 rc;

	if (cause != NULL)
		*cause = NULL;
	if (imp_slurp(in, name, IMP_MAX_DOC, &buf, &len, cause) != 0)
		return -1;
	if (len >= 2 && (unsigned char)buf[0] == 0x1f &&
	    (unsigned char)buf[1] == 0x8b) {
		free(buf);
		if (cause != NULL)
			*cause = xasprintf("%s:1:1: gzip-compressed (the "
			    "visualizer's upload form): gunzip it first",
			    name);
		return -1;
	}
	doc = imp_json_parse(buf, len, name, 1, cause);
	free(buf);
	if (doc == NULL)
		return -1;
	imp_ctx_init(&r, name, opts, sink, rep, cause);
	logs = cJSON_GetObjectItemCaseSensitive(doc, "logs");
	if (!cJSON_IsArray(logs) || logs->child == NULL) {
		if (cause != NULL)
			*cause = xasprintf("%s: not an llm-reasoners TreeLog: "
			    "expected {\"logs\": [snapshot, ...]} with at "
			    "least one snapshot", name);
		rc = -1;
	} else
		rc = rs_tree(&r, doc, logs);
	cJSON_Delete(doc);
	return rc;
}

int
imp_reasoners_sniff(const char *buf, size_t len, char **why)
{
	struct imp_jscan_key	k;
	int			complete;

	/* TreeLogEncoder writes "logs" first, then snapshot keys. */
	if (imp_jscan_keys(buf, len, &k, 1, &complete) >= 1 &&
	    strcmp(k.name, "logs") == 0)
		return 1;
	if (why != NULL)
		*why = xstrdup("does not start with {\"logs\": (an "
		    "llm-reasoners TreeLog)");
	return 0;
}

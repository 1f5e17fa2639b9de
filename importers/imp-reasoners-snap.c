/*
 * imp-reasoners-snap.c - reads one llm-reasoners tree snapshot (nodes and
 * edges) into arrays with sorted indexes, and marks its chosen nodes; see
 * imp-reasoners.h.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "imp-json.h"
#include "imp-links.h"
#include "imp-reasoners.h"

static const char *
rs_edge_id(const void *arg, size_t i)
{
	const struct rs_snap *s = arg;

	return s->edges[i].id;
}

static const char *
rs_edge_target(const void *arg, size_t i)
{
	const struct rs_snap *s = arg;

	return s->edges[i].target;
}

void
imp_reasoners_snap_free(struct rs_snap *s)
{
	size_t	i;

	for (i = 0; i < s->nn; i++)
		free(s->nodes[i].id);
	for (i = 0; i < s->ne; i++) {
		free(s->edges[i].id);
		free(s->edges[i].source);
		free(s->edges[i].target);
	}
	free(s->nodes);
	free(s->edges);
	free(s->by_id);
	free(s->by_target);
	memset(s, 0, sizeof *s);
}

/*
 * Reads a snapshot into s. Elements that are not well-formed get a NULL id
 * (nodes) or bad = 1 (edges), with a message passed to bad() when it is
 * not NULL; returns -1 if bad() says stop or the snapshot has no
 * "nodes"/"edges" containers (*what then says so).
 */
int
imp_reasoners_snap_read(struct imp_ctx *r, const cJSON *snap,
    struct rs_snap *s, int report, char **what)
{
	const cJSON	*nodes, *edges, *c, *v;
	size_t		 i;
	char		*msg;

	memset(s, 0, sizeof *s);
	nodes = cJSON_GetObjectItemCaseSensitive(snap, "nodes");
	edges = cJSON_GetObjectItemCaseSensitive(snap, "edges");
	if (!cJSON_IsObject(snap) || !(cJSON_IsObject(nodes) ||
	    cJSON_IsArray(nodes)) || !(edges == NULL || cJSON_IsNull(edges) ||
	    cJSON_IsObject(edges) || cJSON_IsArray(edges))) {
		*what = xstrdup("not a snapshot: expected {\"nodes\": {...}, "
		    "\"edges\": {...}}");
		return -1;
	}
	s->nn = (size_t)cJSON_GetArraySize(nodes);
	s->ne = cJSON_IsNull(edges) ? 0 : (size_t)cJSON_GetArraySize(edges);
	s->nodes = xcalloc(s->nn + 1, sizeof *s->nodes);
	s->edges = xcalloc(s->ne + 1, sizeof *s->edges);
	i = 0;
	cJSON_ArrayForEach(c, nodes) {
		struct rs_node	*n = &s->nodes[i++];
		const char	*key = c->string != NULL ? c->string : "?";

		n->n = c;
		n->in = -1;
		msg = NULL;
		if (!cJSON_IsObject(c))
			msg = xasprintf("node %s: not an object", key);
		else if ((v = cJSON_GetObjectItemCaseSensitive(c, "id")) !=
		    NULL && (n->id = imp_json_id(v)) == NULL)
			msg = xasprintf("node %s: \"id\" is not an integer",
			    key);
		else if (n->id == NULL && c->string != NULL)
			n->id = xstrdup(c->string);
		if (msg == NULL && n->id == NULL)
			msg = xasprintf("node %s: no \"id\"", key);
		if (msg == NULL && (v = cJSON_GetObjectItemCaseSensitive(c,
		    "selected_edge")) != NULL && !cJSON_IsNull(v) &&
		    !imp_json_isint(v))
			msg = xasprintf("node %s: \"selected_edge\" is not an "
			    "integer", n->id);
		if (msg != NULL) {
			free(n->id);
			n->id = NULL;
			if (report) {
				r->rep->records++;
				if (imp_ctx_bad(r, msg) < 0)
					return -1;
			} else
				free(msg);
		}
	}
	i = 0;
	if (cJSON_IsNull(edges))
		edges = NULL;
	cJSON_ArrayForEach(c, edges) {
		struct rs_edge	*e = &s->edges[i++];
		const char	*key = c->string != NULL ? c->string : "?";

		e->e = c;
		msg = NULL;
		if (!cJSON_IsObject(c))
			msg = xasprintf("edge %s: not an object", key);
		else {
			v = cJSON_GetObjectItemCaseSensitive(c, "id");
			e->id = v != NULL ? imp_json_id(v) :
			    c->string != NULL ? xstrdup(c->string) : NULL;
			e->source = imp_json_id(
			    cJSON_GetObjectItemCaseSensitive(c, "source"));
			e->target = imp_json_id(
			    cJSON_GetObjectItemCaseSensitive(c, "target"));
			v = cJSON_GetObjectItemCaseSensitive(c, "data");
			if (e->id == NULL)
				msg = xasprintf("edge %s: \"id\" is not an "
				    "integer", key);
			else if (e->source == NULL || e->target == NULL)
				msg = xasprintf("edge %s: \"source\" or "
				    "\"target\" is missing or not an integer",
				    e->id);
			else if (v != NULL && !cJSON_IsNull(v) &&
			    !cJSON_IsObject(v))
				msg = xasprintf("edge %s: \"data\" is not an "
				    "object", e->id);
		}
		if (msg != NULL) {
			e->bad = 1;
			free(e->id);
			free(e->source);
			free(e->target);
			/* Keep the sort keys valid. */
			e->id = xstrdup("");
			e->source = xstrdup("");
			e->target = xstrdup("");
			if (report) {
				if (imp_ctx_bad(r, msg) < 0)
					return -1;
			} else
				free(msg);
		}
	}
	s->by_id = imp_links_sort(s->ne, rs_edge_id, s);
	s->by_target = imp_links_sort(s->ne, rs_edge_target, s);
	return 0;
}

const char *
imp_reasoners_snap_key(const void *arg, size_t i)
{
	const struct rs_snap *s = arg;

	return s->nodes[i].id != NULL ? s->nodes[i].id : "";
}

/*
 * Marks chosen nodes: targets of the selected edges. Every inner node of
 * an MCTS snapshot selects an edge, so lookups go through sorted indexes.
 */
void
imp_reasoners_snap_chosen(struct rs_snap *s)
{
	const cJSON	*v;
	size_t		 i, *by_node;
	long		 e, j;
	char		*eid;

	by_node = imp_links_sort(s->nn, imp_reasoners_snap_key, s);
	for (i = 0; i < s->nn; i++) {
		if (s->nodes[i].id == NULL)
			continue;
		v = cJSON_GetObjectItemCaseSensitive(s->nodes[i].n,
		    "selected_edge");
		if ((eid = imp_json_id(v)) == NULL)
			continue;
		e = imp_links_find(s->by_id, s->ne, rs_edge_id, s, eid);
		free(eid);
		if (e < 0 || s->edges[e].bad)
			continue;
		j = imp_links_find(by_node, s->nn, imp_reasoners_snap_key, s,
		    s->edges[e].target);
		if (j >= 0 && s->nodes[j].id != NULL)
			s->nodes[j].chosen = 1;
	}
	free(by_node);
}

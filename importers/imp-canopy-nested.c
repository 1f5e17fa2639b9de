/*
 * imp-canopy-nested.c - the nested form of canopy-jsonl (docs/format.md):
 * a trace record whose "root" member holds its whole tree, scanned
 * structurally by imp-canopy-scan.c and sent here node by node, in
 * preorder, through the same record handlers as flat lines
 * (imp-canopy.c).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imp-canopy.h"

/* Builds the member object of nested node i (without "children"). */
static int
nested_object(struct canopy *c, long i, cJSON **out)
{
	const struct member	*m;
	cJSON			*o, *k, *v;
	long			 j;
	int			 rc;

	*out = NULL;
	if ((o = cJSON_CreateObject()) == NULL)
		fatalx("out of memory building JSON");
	for (j = c->nodes[i].first; j >= 0; j = m->next) {
		m = &c->mems[j];
		if ((rc = imp_canopy_parse(c, m->koff, m->klen, &k)) != CN_OK) {
			cJSON_Delete(o);
			return rc;
		}
		if ((rc = imp_canopy_parse(c, m->voff, m->vlen, &v)) != CN_OK) {
			cJSON_Delete(k);
			cJSON_Delete(o);
			return rc;
		}
		cJSON_AddItemToObject(o, k->valuestring, v);
		cJSON_Delete(k);
	}
	*out = o;
	return CN_OK;
}

/*
 * Sends a nested trace: its header, then its nodes in preorder. A node
 * that is rejected (skip_bad) takes its subtree with it. anc[d] holds the
 * id of the latest node at depth d: in preorder, a node's parent.
 */
int
imp_canopy_nested_run(struct canopy *c)
{
	struct where	 w = { c, 0 };
	struct nodectx	 nc;
	struct cn_buf	 path;
	struct nnode	*nd;
	cJSON		*o;
	char		**anc = NULL;
	size_t		*plen = NULL, i, nanc = 0, old;
	int		 rc, skip = -1, d;

	if ((rc = nested_object(c, 0, &o)) != CN_OK)
		return rc;
	rc = imp_canopy_trace(c, &w, o);
	cJSON_Delete(o);
	if (rc != CN_OK)
		return rc;
	buf_init(&path);
	for (i = 1; i < c->nnodes; i++) {
		nd = &c->nodes[i];
		d = nd->depth;
		if (skip >= 0 && d > skip)
			continue;
		skip = -1;
		if ((size_t)d >= nanc) {
			old = nanc;
			nanc = nanc == 0 ? 64 : nanc * 2;
			anc = xreallocarray(anc, nanc, sizeof *anc);
			plen = xreallocarray(plen, nanc, sizeof *plen);
			memset(anc + old, 0, (nanc - old) * sizeof *anc);
		}
		/*
		 * The child-index path: the parent's, then ".index". Kept
		 * only down to CANOPY_PATH_MAX, so it stays small.
		 */
		if (d <= CANOPY_PATH_MAX) {
			path.len = d == 0 ? 0 : plen[d - 1];
			if (d == 0)
				buf_printf(&path, "%ld", nd->index);
			else
				buf_printf(&path, ".%ld", nd->index);
			plen[d] = path.len;
		}
		free(anc[d]);
		anc[d] = NULL;
		w.node = (long)i;
		if ((rc = nested_object(c, (long)i, &o)) == CN_OK) {
			memset(&nc, 0, sizeof nc);
			nc.trace = c->cur->ext;
			nc.parent = d == 0 ? NULL : anc[d - 1];
			nc.nested = 1;
			nc.synth = d <= CANOPY_PATH_MAX ? path.s : NULL;
			rc = imp_canopy_node(c, &w, o, &nc);
			cJSON_Delete(o);
			if (rc == CN_OK)
				anc[d] = nc.id;
			else
				free(nc.id);
		}
		if (rc == CN_FATAL)
			break;
		if (rc == CN_BAD) {
			skip = d;
			rc = CN_OK;
		}
	}
	xfree_strv(anc, nanc);
	buf_free(&path);
	free(plen);
	return rc;
}

/*
 * The "type" of a nested-form line, read from the structural parse:
 * 1 trace, 0 another type (node, score: parsed flat), or the record is
 * rejected.
 */
int
imp_canopy_nested_type(struct canopy *c, int *is_trace)
{
	const struct member	*m;
	cJSON			*v = NULL;
	enum rec_kind		 kind = REC_NODE;
	size_t			 col = 1;
	long			 j;
	int			 rc;

	for (j = c->nodes[0].first; j >= 0; j = m->next) {
		m = &c->mems[j];
		if (!imp_canopy_scan_key(c, m->koff, m->klen, "type"))
			continue;
		if ((rc = imp_canopy_parse(c, m->voff, m->vlen, &v)) != CN_OK)
			return rc;
		col = m->koff + 1;
		break;
	}
	rc = imp_canopy_type(c, NULL, v, col, &kind);
	cJSON_Delete(v);
	*is_trace = rc == CN_OK && kind == REC_TRACE;
	return rc;
}

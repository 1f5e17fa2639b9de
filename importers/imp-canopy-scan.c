/*
 * imp-canopy-scan.c - the structural parse of a canopy-jsonl line that may
 * hold a nested tree: members and child objects located by offset, with an
 * explicit stack, so a tree of any depth is read without recursion (cJSON
 * stops at 1000 levels). Pure: bytes in, offsets out; no sink, no cJSON.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "imp-canopy.h"

/* Frame states of the structural parse. */
enum nstate {
	OBJ_START,	/* after '{': a key or '}' */
	OBJ_KEY,	/* after ',': a key */
	OBJ_NEXT,	/* after a member: ',' or '}' */
	ARR_START,	/* after '[' of children: '{' or ']' */
	ARR_ELEM,	/* after ',': '{' */
	ARR_NEXT	/* after a child: ',' or ']' */
};

struct nframe {
	long		 node;
	enum nstate	 state;
	long		 nchild;
};

size_t
imp_canopy_scan_ws(const struct canopy *c, size_t p)
{
	while (p < c->len && strchr(" \t\r\n", c->line[p]) != NULL &&
	    c->line[p] != '\0')
		p++;
	return p;
}

/* Skips a string starting at p (a '"'); returns the offset after it. */
static int
skip_string(const struct canopy *c, size_t p, size_t *end)
{
	for (p++; p < c->len; p++) {
		if (c->line[p] == '\\')
			p++;
		else if (c->line[p] == '"') {
			*end = p + 1;
			return 0;
		}
	}
	*end = c->len;
	return -1;
}

/*
 * Skips one value starting at p without recursion (strings, brackets).
 * The value is checked later by cJSON; this only finds where it ends.
 */
int
imp_canopy_scan_value(const struct canopy *c, size_t p, size_t *end)
{
	long	depth = 0;
	char	ch;

	if (p >= c->len) {
		*end = p;
		return -1;
	}
	ch = c->line[p];
	if (ch == '"')
		return skip_string(c, p, end);
	if (ch != '{' && ch != '[') {
		while (p < c->len && strchr(",}] \t\r\n", c->line[p]) == NULL)
			p++;
		*end = p;
		return 0;
	}
	for (; p < c->len; p++) {
		ch = c->line[p];
		if (ch == '"') {
			if (skip_string(c, p, &p) != 0)
				break;
			p--;
		} else if (ch == '{' || ch == '[')
			depth++;
		else if (ch == '}' || ch == ']') {
			if (--depth == 0) {
				*end = p + 1;
				return 0;
			}
		}
	}
	*end = c->len;
	return -1;
}

static long
nested_add_node(struct canopy *c, long parent, long index, size_t off)
{
	struct nnode	*n;

	if (c->nnodes == c->nodesmax) {
		c->nodesmax = c->nodesmax == 0 ? 64 : c->nodesmax * 2;
		c->nodes = xreallocarray(c->nodes, c->nodesmax,
		    sizeof *c->nodes);
	}
	n = &c->nodes[c->nnodes];
	n->parent = parent;
	n->depth = parent <= 0 ? 0 : c->nodes[parent].depth + 1;
	n->index = index;
	n->first = n->last = -1;
	n->off = off;
	n->haskids = 0;
	return (long)c->nnodes++;
}

static void
nested_add_member(struct canopy *c, long node, size_t koff, size_t klen,
    size_t voff, size_t vlen)
{
	struct member	*m;
	struct nnode	*n = &c->nodes[node];

	if (c->nmems == c->memsmax) {
		c->memsmax = c->memsmax == 0 ? 256 : c->memsmax * 2;
		c->mems = xreallocarray(c->mems, c->memsmax, sizeof *c->mems);
	}
	m = &c->mems[c->nmems];
	m->koff = koff;
	m->klen = klen;
	m->voff = voff;
	m->vlen = vlen;
	m->next = -1;
	if (n->last >= 0)
		c->mems[n->last].next = (long)c->nmems;
	else
		n->first = (long)c->nmems;
	n->last = (long)c->nmems++;
}

int
imp_canopy_scan_key(const struct canopy *c, size_t koff, size_t klen,
    const char *key)
{
	size_t	kl = strlen(key);

	return klen == kl + 2 && memcmp(c->line + koff + 1, key, kl) == 0;
}

/*
 * The structural parse of a line: node 0 is the top-level object, its
 * "root" member starts node 1, each "children" element a further node,
 * in preorder. Returns CN_OK; or rejects the record (invalid JSON) with
 * *tree = 0; *tree says whether the line has a "root" member.
 */
int
imp_canopy_scan(struct canopy *c, int *tree, size_t *col, char **what_out)
{
	struct nframe	*st = NULL;
	size_t		 nst = 0, stmax = 0, p, kend, vend, kstart;
	struct nframe	*f;
	long		 node, root = -1;
	const char	*what = NULL;
	char		 ch;
	int		 rc = 0, special;

	c->nnodes = c->nmems = 0;
	*tree = 0;
	p = imp_canopy_scan_ws(c, 0);
	if (p >= c->len || c->line[p] != '{')
	{
		*col = p + 1;
		*what_out = xstrdup("expected a JSON object");
		return -1;
	}
	stmax = 64;
	st = xreallocarray(NULL, stmax, sizeof *st);
	st[nst++] = (struct nframe){ nested_add_node(c, -1, 0, p),
	    OBJ_START, 0 };
	p++;
	while (nst > 0) {
		f = &st[nst - 1];
		p = imp_canopy_scan_ws(c, p);
		if (p >= c->len) {
			what = "";
			break;
		}
		ch = c->line[p];
		switch (f->state) {
		case OBJ_NEXT:
		case OBJ_START:
			if (ch == '}') {
				nst--;
				p++;
				continue;
			}
			if (f->state == OBJ_NEXT) {
				if (ch != ',') {
					what = "expected ',' or '}'";
					break;
				}
				f->state = OBJ_KEY;
				p++;
				continue;
			}
			CN_FALLTHROUGH;
		case OBJ_KEY:
			if (ch != '"') {
				what = "expected a member name";
				break;
			}
			if (skip_string(c, p, &kend) != 0) {
				what = "";
				break;
			}
			vend = imp_canopy_scan_ws(c, kend);
			if (vend >= c->len) {
				what = "";
				break;
			}
			if (c->line[vend] != ':') {
				p = vend;
				what = "expected ':' after a member name";
				break;
			}
			vend = imp_canopy_scan_ws(c, vend + 1);
			special = imp_canopy_scan_key(c, p, kend - p,
			    f->node == 0 ? "root" : "children");
			f->state = OBJ_NEXT;
			if (special && f->node == 0) {
				if (root >= 0) {
					what = "duplicate member \"root\"";
					break;
				}
				if (vend >= c->len || c->line[vend] != '{') {
					p = vend;
					what = "member \"root\" must be a node "
					    "object";
					break;
				}
				*tree = 1;
				root = nested_add_node(c, 0, 0, vend);
				node = root;
				p = vend + 1;
				goto push_obj;
			}
			if (special) {
				if (vend >= c->len || c->line[vend] != '[') {
					p = vend;
					what = "member \"children\" must be an "
					    "array";
					break;
				}
				node = f->node;
				if (c->nodes[node].haskids) {
					what = "duplicate member \"children\"";
					break;
				}
				c->nodes[node].haskids = 1;
				if (nst == stmax) {
					stmax *= 2;
					st = xreallocarray(st, stmax,
					    sizeof *st);
				}
				st[nst++] = (struct nframe){ node, ARR_START,
				    0 };
				p = vend + 1;
				continue;
			}
			kstart = p;
			if (imp_canopy_scan_value(c, vend, &p) != 0 ||
			    p == vend) {
				what = p == vend ? "expected a value" : "";
				break;
			}
			nested_add_member(c, f->node, kstart, kend - kstart,
			    vend, p - vend);
			continue;
		case ARR_NEXT:
		case ARR_START:
			if (ch == ']') {
				nst--;
				p++;
				continue;
			}
			if (f->state == ARR_NEXT) {
				if (ch != ',') {
					what = "expected ',' or ']'";
					break;
				}
				f->state = ARR_ELEM;
				p++;
				continue;
			}
			CN_FALLTHROUGH;
		case ARR_ELEM:
			if (ch != '{') {
				what = "each element of \"children\" must be "
				    "a node object";
				break;
			}
			f->state = ARR_NEXT;
			node = nested_add_node(c, f->node, f->nchild++, p);
			p++;
		push_obj:
			if (nst == stmax) {
				stmax *= 2;
				st = xreallocarray(st, stmax, sizeof *st);
			}
			st[nst++] = (struct nframe){ node, OBJ_START, 0 };
			continue;
		}
		break;
	}
	free(st);
	if (what == NULL) {
		p = imp_canopy_scan_ws(c, p);
		if (p < c->len)
			what = "unexpected text after the JSON value";
	}
	if (what != NULL) {
		*tree = 0;
		rc = -1;
		if (*what == '\0' && c->partial) {
			*col = c->len + 1;
			*what_out = xstrdup("truncated last line (the file "
			    "ends inside a JSON value, without a newline)");
		} else if (*what == '\0') {
			*col = c->len + 1;
			*what_out = xstrdup("truncated JSON (unexpected end of "
			    "input)");
		} else {
			*col = p + 1;
			*what_out = xasprintf("invalid JSON (%s)", what);
		}
	}
	return rc;
}

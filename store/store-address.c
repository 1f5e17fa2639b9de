/*
 * store-address.c - node addresses: "<trace id>/<node id>", each id with
 * '%' written "%25" and '/' written "%2F", so that every node has one
 * address and every address names one node (trace "p" node "q/r" is
 * "p/q%2Fr", trace "p/q" node "r" is "p%2Fq/r"). Ids without '%' or '/'
 * read exactly as they are. The views of store-schema.c escape the same
 * way (docs/schema.md).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"

/* Appends id to b, escaped. */
static void
address_escape(struct cn_buf *b, const char *id)
{
	for (; *id != '\0'; id++) {
		if (*id == '%')
			buf_adds(b, "%25");
		else if (*id == '/')
			buf_adds(b, "%2F");
		else
			buf_addc(b, *id);
	}
}

char *
store_address_make(const char *trace, const char *node)
{
	struct cn_buf	b;

	buf_init(&b);
	address_escape(&b, trace);
	if (node != NULL) {
		buf_addc(&b, '/');
		address_escape(&b, node);
	}
	return buf_take(&b);
}

/*
 * The id written as s[0..len) with its escapes undone (heap), or NULL if
 * it holds a '%' that is not "%25" or "%2F" (any case).
 */
static char *
address_unescape(const char *s, size_t len)
{
	char	*out = xmalloc(len + 1), *o = out;
	size_t	 i;

	for (i = 0; i < len; i++) {
		if (s[i] != '%') {
			*o++ = s[i];
			continue;
		}
		if (i + 2 < len && s[i + 1] == '2' && s[i + 2] == '5')
			*o++ = '%';
		else if (i + 2 < len && s[i + 1] == '2' &&
		    (s[i + 2] == 'F' || s[i + 2] == 'f'))
			*o++ = '/';
		else {
			free(out);
			return NULL;
		}
		i += 2;
	}
	*o = '\0';
	return out;
}

static const char sql_resolve[] =
    "SELECT n.id FROM nodes n JOIN traces t ON t.id = n.trace_id"
    " WHERE t.ext_id = ? AND n.ext_id = ?";

/* The node of trace tname and node nname: 1 and *id, 0 none, -1 error. */
static int
resolve_pair(struct store *st, const char *tname, const char *nname,
    int64_t *id, char **cause)
{
	return store_one_int64(st, sql_resolve, id, "resolve address", cause,
	    "tt", tname, nname);
}

/* The root of trace name: 1 and *id, 0 none, -1 error. */
static int
resolve_trace(struct store *st, const char *name, int64_t *id, char **cause)
{
	struct cn_trace	t;
	int		r;

	if ((r = store_trace_find(st, name, &t, cause)) != 1)
		return r;
	*id = t.root_id;
	cn_trace_clear(&t);
	return *id != 0;
}

/*
 * An address of an older canopy, which did not escape: a trace id may
 * hold '/', so every split is tried, the longest trace id first.
 */
static int
resolve_legacy(struct store *st, const char *address, int64_t *id,
    char **cause)
{
	const char	*slash;
	char		*tname;
	int		 r;

	for (slash = strrchr(address, '/'); slash != NULL && slash > address;) {
		tname = xstrndup(address, (size_t)(slash - address));
		r = resolve_pair(st, tname, slash + 1, id, cause);
		free(tname);
		if (r != 0)
			return r;
		while (--slash > address && *slash != '/')
			;
	}
	return resolve_trace(st, address, id, cause);
}

int
store_node_resolve(struct store *st, const char *address, int64_t *id,
    char **cause)
{
	const char	*slash = strchr(address, '/');
	char		*tname, *nname;
	int		 r;

	if (slash == NULL) {
		if ((tname = address_unescape(address, strlen(address))) ==
		    NULL)
			return resolve_trace(st, address, id, cause);
		r = resolve_trace(st, tname, id, cause);
		free(tname);
		return r;
	}
	if (strchr(slash + 1, '/') != NULL)
		return resolve_legacy(st, address, id, cause);
	tname = address_unescape(address, (size_t)(slash - address));
	nname = address_unescape(slash + 1, strlen(slash + 1));
	if (tname == NULL || nname == NULL) {
		free(tname);
		free(nname);
		return resolve_legacy(st, address, id, cause);
	}
	r = resolve_pair(st, tname, nname, id, cause);
	free(tname);
	free(nname);
	/* Not found: maybe a bare trace id that holds a '/'. */
	return r != 0 ? r : resolve_legacy(st, address, id, cause);
}

char *
store_node_address(struct store *st, int64_t id)
{
	static const char	 sql[] =
	    "SELECT t.ext_id, n.ext_id FROM nodes n"
	    " JOIN traces t ON t.id = n.trace_id WHERE n.id = ?";
	sqlite3_stmt		*s;
	char			*a = NULL;

	if ((s = store_stmt(st, sql, NULL, "i", id)) == NULL)
		return NULL;
	if (sqlite3_step(s) == SQLITE_ROW)
		a = store_address_make((const char *)sqlite3_column_text(s, 0),
		    (const char *)sqlite3_column_text(s, 1));
	sqlite3_reset(s);
	return a;
}

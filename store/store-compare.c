/*
 * store-compare.c - signal ranges of a trace and batched scans of its
 * nodes, for comparing value estimates in the TUI. The only SQL of that
 * feature lives here; every value is bound.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-compare.h"
#include "store-int.h"

/*
 * The columns in CN_SIGNALS order (a compile-time list, not formatting),
 * over one batch of the trace's rows; max(id) and count(*) say where the
 * batch ended and whether it was the last.
 */
static const char sql_common_ranges[] =
	"SELECT min(visits), max(visits), min(q), max(q), min(prior),"
	" max(prior), min(reward), max(reward), min(value), max(value),"
	" min(outcome), max(outcome), max(id), count(*) FROM"
	" (SELECT id, visits, q, prior, reward, value, outcome FROM nodes"
	" WHERE id > ?2 AND +trace_id = ?1 ORDER BY id LIMIT ?3)";
/*
 * The side signals of the same batch: a range of the primary key ("+"
 * again, or the trace's whole index is walked for every batch).
 */
static const char sql_side_ranges[] =
	"SELECT sn.name, min(s.value), max(s.value) FROM signals s"
	" JOIN nodes n ON n.id = s.node_id"
	" JOIN signal_names sn ON sn.id = s.name_id"
	" WHERE s.node_id > ?2 AND s.node_id <= ?3 AND +n.trace_id = ?1"
	" GROUP BY s.name_id";
/*
 * "+n.trace_id" keeps SQLite off the (trace_id, ext_id) index: walking
 * the rowid from after reads only the batch, where the index would sort
 * the whole trace on every call.
 */
static const char sql_scan[] = STORE_NODE_SELECT
	"WHERE n.id > ?2 AND +n.trace_id = ?1 ORDER BY n.id LIMIT ?3";

void
store_compare_ranges_init(struct store_range common[CN_SIG_COUNT],
    struct store_range *side, size_t nside)
{
	size_t	i;
	int	k;

	for (k = 0; k < CN_SIG_COUNT; k++) {
		common[k].name = cn_sig_names[k];
		common[k].lo = common[k].hi = CN_NOVAL;
	}
	for (i = 0; i < nside; i++)
		side[i].lo = side[i].hi = CN_NOVAL;
}

static void
widen(struct store_range *r, double lo, double hi)
{
	if (cn_hasval(lo) && (!cn_hasval(r->lo) || lo < r->lo))
		r->lo = lo;
	if (cn_hasval(hi) && (!cn_hasval(r->hi) || hi > r->hi))
		r->hi = hi;
}

int
store_compare_ranges_step(struct store *st, int64_t trace, int64_t *after,
    int limit, struct store_range common[CN_SIG_COUNT],
    struct store_range *side, size_t nside, int *done, char **cause)
{
	sqlite3_stmt	*s;
	const char	*name;
	int64_t		 last = *after, count = 0;
	size_t		 i;
	int		 k, rc;

	if ((s = store_stmt(st, sql_common_ranges, cause, "iid", trace, *after,
	    limit)) == NULL)
		return -1;
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (k = 0; k < CN_SIG_COUNT; k++)
			widen(&common[k], store_col_val(s, 2 * k),
			    store_col_val(s, 2 * k + 1));
		count = sqlite3_column_int64(s, 2 * CN_SIG_COUNT + 1);
		if (count > 0)
			last = sqlite3_column_int64(s, 2 * CN_SIG_COUNT);
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, "signal ranges", cause);
	if (nside > 0 && count > 0) {
		if ((s = store_stmt(st, sql_side_ranges, cause, "iii", trace,
		    *after, last)) == NULL)
			return -1;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			name = (const char *)sqlite3_column_text(s, 0);
			for (i = 0; name != NULL && i < nside; i++)
				if (strcmp(side[i].name, name) == 0) {
					widen(&side[i], store_col_val(s, 1),
					    store_col_val(s, 2));
					break;
				}
		}
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return store_err(st, "signal ranges", cause);
	}
	*after = last;
	*done = count < limit;
	return 0;
}

int
store_compare_scan(struct store *st, int64_t trace, int64_t after,
    int limit, store_node_cb cb, void *arg, int64_t *last, char **cause)
{
	struct store_node_walk	 w = { st, cb, arg, last, cause };

	*last = after;
	/* Not cached: reading a node's signals prepares statements too. */
	return store_walk(st, sql_scan, STORE_UNCACHED, "scan nodes",
	    store_node_row, &w, cause, "iid", trace, after, limit);
}

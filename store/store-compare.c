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

/* The columns in CN_SIGNALS order: a compile-time list, not formatting. */
static const char sql_common_ranges[] =
	"SELECT min(visits), max(visits), min(q), max(q), min(prior),"
	" max(prior), min(reward), max(reward), min(value), max(value),"
	" min(outcome), max(outcome) FROM nodes WHERE trace_id = ?1";
static const char sql_side_ranges[] =
	"SELECT sn.name, min(s.value), max(s.value) FROM nodes n"
	" JOIN signals s ON s.node_id = n.id"
	" JOIN signal_names sn ON sn.id = s.name_id"
	" WHERE n.trace_id = ?1 GROUP BY s.name_id";
/*
 * "+n.trace_id" keeps SQLite off the (trace_id, ext_id) index: walking
 * the rowid from after reads only the batch, where the index would sort
 * the whole trace on every call.
 */
static const char sql_scan[] = STORE_NODE_SELECT
	"WHERE n.id > ?2 AND +n.trace_id = ?1 ORDER BY n.id LIMIT ?3";

int
store_compare_ranges(struct store *st, int64_t trace,
    struct store_range common[CN_SIG_COUNT], struct store_range *side,
    size_t nside, char **cause)
{
	sqlite3_stmt	*s;
	const char	*name;
	size_t		 i;
	int		 k, rc;

	for (k = 0; k < CN_SIG_COUNT; k++) {
		common[k].name = cn_sig_names[k];
		common[k].lo = common[k].hi = CN_NOVAL;
	}
	for (i = 0; i < nside; i++)
		side[i].lo = side[i].hi = CN_NOVAL;
	if ((s = store_prepare(st, sql_common_ranges, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, trace);
	if ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (k = 0; k < CN_SIG_COUNT; k++) {
			common[k].lo = store_col_val(s, 2 * k);
			common[k].hi = store_col_val(s, 2 * k + 1);
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_err(st, "signal ranges", cause);
	if (nside == 0)
		return 0;
	if ((s = store_prepare(st, sql_side_ranges, cause)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, trace);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(s, 0);
		for (i = 0; name != NULL && i < nside; i++) {
			if (strcmp(side[i].name, name) != 0)
				continue;
			side[i].lo = store_col_val(s, 1);
			side[i].hi = store_col_val(s, 2);
			break;
		}
	}
	sqlite3_reset(s);
	if (rc != SQLITE_DONE)
		return store_err(st, "signal ranges", cause);
	return 0;
}

int
store_compare_scan(struct store *st, int64_t trace, int64_t after,
    int limit, store_node_cb cb, void *arg, int64_t *last, char **cause)
{
	struct cn_node	 n;
	sqlite3_stmt	*s;
	int		 rc, r = 0;

	*last = after;
	/* Not cached: reading a node's signals prepares statements too. */
	if (sqlite3_prepare_v2(st->db, sql_scan, -1, &s, NULL) != SQLITE_OK)
		return store_err(st, "scan nodes", cause);
	sqlite3_bind_int64(s, 1, trace);
	sqlite3_bind_int64(s, 2, after);
	sqlite3_bind_int(s, 3, limit);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_node_from_row(st, s, &n, cause) != 0) {
			cn_node_clear(&n);
			sqlite3_finalize(s);
			return -1;
		}
		*last = n.id;
		r = cb(&n, arg);
		cn_node_clear(&n);
		if (r != 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = store_err(st, "scan nodes", cause);
	sqlite3_finalize(s);
	return r;
}

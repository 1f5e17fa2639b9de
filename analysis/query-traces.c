/*
 * query-traces.c - the walk over the traces a statistic reads (every
 * trace, or one), shared by the CLI's statistics commands and the TUI's
 * comparison views, with a tick between traces for a progress bar and a
 * way to stop.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "query.h"

struct ids {
	int64_t	*v;
	size_t	 n, cap;
};

static int
ids_add(const struct cn_trace *t, void *arg)
{
	struct ids	*l = arg;

	if (l->n == l->cap)
		l->v = xgrow(l->v, &l->cap, 64, sizeof *l->v);
	l->v[l->n++] = t->id;
	return 0;
}

int
query_traces_each(struct store *st, int64_t trace, query_trace_fn *fn,
    void *arg, query_tick_fn *tick, void *tick_arg, char **cause)
{
	struct ids	l;
	size_t		i;
	int		rc = 0;

	memset(&l, 0, sizeof l);
	if (trace > 0)
		ids_add(&(struct cn_trace){ .id = trace }, &l);
	else if (store_traces_each(st, ids_add, &l, cause) != 0) {
		free(l.v);
		return -1;
	}
	for (i = 0; i < l.n; i++) {
		if (tick != NULL && tick(tick_arg, (int64_t)i, (int64_t)l.n))
			break;
		if ((rc = fn(st, l.v[i], arg, cause)) != 0)
			break;
	}
	if (rc == 0 && i == l.n && tick != NULL)
		tick(tick_arg, (int64_t)l.n, (int64_t)l.n);
	free(l.v);
	return rc != 0 ? -1 : 0;
}

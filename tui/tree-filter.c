/*
 * tree-filter.c - runs a :filter expression over a trace in bounded steps
 * (a 1M-node trace takes seconds; a key must never wait for it) and walks
 * its matches.
 */
#include "config.h"

#include "tree-filter.h"

#include <stdlib.h>
#include <string.h>

#include "store-compare.h"

#define BATCH	256	/* nodes per read; the clock is checked between */

struct tree_filter *
tree_filter_new(struct filter_expr *e, const char *text, int64_t trace)
{
	struct tree_filter	*tf;

	tf = xcalloc(1, sizeof *tf);
	tf->e = e;
	tf->text = xstrdup(text);
	tf->trace = trace;
	return tf;
}

void
tree_filter_free(struct tree_filter *tf)
{
	if (tf == NULL)
		return;
	filter_expr_free(tf->e);
	free(tf->text);
	free(tf->ids);
	free(tf);
}

static int
eval_cb(const struct cn_node *n, void *arg)
{
	struct tree_filter	*tf = arg;

	tf->scanned++;
	if (!filter_expr_eval(tf->e, n))
		return 0;
	if (tf->n == tf->cap)
		tf->ids = xgrow(tf->ids, &tf->cap, 64, sizeof *tf->ids);
	tf->ids[tf->n++] = n->id;
	return 0;
}

int
tree_filter_step(struct tree_filter *tf, struct store *st, int64_t budget_us,
    char **cause)
{
	double	start = cn_clock();
	int64_t	last;

	while (!tf->done) {
		if (store_compare_scan(st, tf->trace, tf->after, BATCH,
		    eval_cb, tf, &last, cause) != 0)
			return -1;
		if (last == tf->after)
			tf->done = 1;
		tf->after = last;
		if ((cn_clock() - start) * 1e6 >= (double)budget_us)
			break;
	}
	return 0;
}

int
tree_filter_next(const struct tree_filter *tf, int64_t id, int dir,
    int64_t *out, int *wrapped)
{
	size_t	lo = 0, hi = tf->n, mid;

	*wrapped = 0;
	if (tf->n == 0)
		return 0;
	/* lo: the first match >= id. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (tf->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (dir > 0) {
		if (lo < tf->n && tf->ids[lo] == id)
			lo++;
		if (lo == tf->n) {
			*wrapped = 1;
			lo = 0;
		}
		*out = tf->ids[lo];
	} else {
		if (lo == 0) {
			*wrapped = 1;
			lo = tf->n;
		}
		*out = tf->ids[lo - 1];
	}
	return 1;
}

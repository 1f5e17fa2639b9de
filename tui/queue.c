/*
 * queue.c - queue mode: the steps of one trace in a chosen order (tree
 * order, biggest disagreement between two signals, fewest visits, or
 * shuffled with a seed), walked one unlabeled step at a time. The order
 * is computed once when the queue starts, as ids only; whether a step is
 * labeled is read when the walk reaches it, so labels written meanwhile
 * (by a colleague too) are skipped, and a queue started again on the same
 * order resumes at the first step still unlabeled.
 */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "labels.h"
#include "store-label.h"

struct queue {
	int		 on;
	char		*spec;		/* the order as typed */
	int64_t		 trace;
	int64_t		*ids;		/* the steps in order */
	double		*keys;		/* sort keys while building */
	size_t		 n, cap;
	size_t		 pos;		/* the step the walk is at */
	int		 kind;		/* Q_* */
	char		*sig[2];	/* disagree: the two signals */
	uint64_t	 seed;
};

#define Q_TREE		0
#define Q_VISITS	1
#define Q_RANDOM	2
#define Q_DISAGREE	3

struct queue *
queue_new(void)
{
	return xcalloc(1, sizeof(struct queue));
}

static void
queue_reset(struct queue *q)
{
	free(q->spec);
	free(q->ids);
	free(q->keys);
	free(q->sig[0]);
	free(q->sig[1]);
	memset(q, 0, sizeof *q);
}

void
queue_free(struct queue *q)
{
	if (q == NULL)
		return;
	queue_reset(q);
	free(q);
}

int
queue_on(const struct queue *q)
{
	return q != NULL && q->on;
}

int64_t
queue_trace(const struct queue *q)
{
	return q->trace;
}

void
queue_stop(struct queue *q)
{
	q->on = 0;
}

const char *
queue_spec(const struct queue *q)
{
	return q->spec;
}

/* splitmix64: the same seed gives the same order on every machine. */
static uint64_t
mix(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* The value of signal name on n, or CN_NOVAL. */
static double
sig_of(const struct cn_node *n, const char *name)
{
	const struct cn_signal	*s;
	int			 k;

	if ((k = cn_sig_lookup(name)) >= 0)
		return n->sig[k];
	s = cn_node_more(n, name);
	return s != NULL ? s->value : CN_NOVAL;
}

static int
collect(const struct cn_node *n, void *arg)
{
	struct queue	*q = arg;
	double		 a, b, k = 0;

	if (n->parent_id == 0)
		return 0;		/* the root: the problem, not a step */
	switch (q->kind) {
	case Q_VISITS:
		/* Absent visits sort last. */
		k = cn_hasval(n->sig[CN_SIG_VISITS]) ?
		    n->sig[CN_SIG_VISITS] : HUGE_VAL;
		break;
	case Q_RANDOM:
		k = (double)(mix((uint64_t)n->id ^ mix(q->seed)) >> 11);
		break;
	case Q_DISAGREE:
		a = sig_of(n, q->sig[0]);
		b = sig_of(n, q->sig[1]);
		/* Biggest gap first; a step missing either comes last. */
		k = cn_hasval(a) && cn_hasval(b) ? -fabs(a - b) : HUGE_VAL;
		break;
	default:
		break;
	}
	if (q->n == q->cap) {
		q->cap = q->cap == 0 ? 256 : q->cap * 2;
		q->ids = xreallocarray(q->ids, q->cap, sizeof *q->ids);
		q->keys = xreallocarray(q->keys, q->cap, sizeof *q->keys);
	}
	q->ids[q->n] = n->id;
	q->keys[q->n] = k;
	q->n++;
	return 0;
}

/* Sorts ids by key, ties in tree order (merge sort: stable). */
static void
sort_by_key(struct queue *q)
{
	int64_t		*ti;
	double		*tk;
	size_t		 w, i, l, m, r, a, b, o;

	if (q->n < 2)
		return;
	ti = xreallocarray(NULL, q->n, sizeof *ti);
	tk = xreallocarray(NULL, q->n, sizeof *tk);
	for (w = 1; w < q->n; w *= 2) {
		for (l = 0; l < q->n; l += 2 * w) {
			m = l + w < q->n ? l + w : q->n;
			r = l + 2 * w < q->n ? l + 2 * w : q->n;
			for (a = l, b = m, o = l; o < r; o++) {
				if (a < m && (b >= r || q->keys[a] <=
				    q->keys[b]))
					i = a++;
				else
					i = b++;
				ti[o] = q->ids[i];
				tk[o] = q->keys[i];
			}
		}
		memcpy(q->ids, ti, q->n * sizeof *ti);
		memcpy(q->keys, tk, q->n * sizeof *tk);
	}
	free(ti);
	free(tk);
}

int
queue_start(struct queue *q, struct tui *t, int64_t trace,
    const char *author, const char *spec, char **cause)
{
	struct queue	 nq;
	char		*copy, *w[4], *p, *end;
	int		 nw = 0;

	(void)author;
	if (q->spec != NULL && strcmp(q->spec, spec) == 0 &&
	    q->trace == trace) {
		q->on = 1;		/* resume where it stopped */
		return 0;
	}
	memset(&nq, 0, sizeof nq);
	copy = xstrdup(spec);
	for (p = strtok(copy, " "); p != NULL && nw < 4;
	    p = strtok(NULL, " "))
		w[nw++] = p;
	if (nw == 1 && strcmp(w[0], "tree") == 0)
		nq.kind = Q_TREE;
	else if (nw == 1 && strcmp(w[0], "visits") == 0)
		nq.kind = Q_VISITS;
	else if (nw == 2 && strcmp(w[0], "random") == 0) {
		nq.kind = Q_RANDOM;
		nq.seed = strtoull(w[1], &end, 10);
		if (*end != '\0')
			goto bad;
	} else if (nw == 3 && strcmp(w[0], "disagree") == 0) {
		nq.kind = Q_DISAGREE;
		nq.sig[0] = xstrdup(w[1]);
		nq.sig[1] = xstrdup(w[2]);
	} else
		goto bad;
	free(copy);
	nq.trace = trace;
	nq.spec = xstrdup(spec);
	if (store_preorder_each(t->st, trace, -1, collect, &nq, cause) != 0) {
		queue_reset(&nq);
		return -1;
	}
	if (nq.kind != Q_TREE)
		sort_by_key(&nq);
	free(nq.keys);
	nq.keys = NULL;
	nq.on = 1;
	queue_reset(q);
	*q = nq;
	return 0;
bad:
	free(copy);
	free(nq.sig[0]);
	free(nq.sig[1]);
	if (cause != NULL)
		*cause = xasprintf("unknown order '%s' (tree, visits, random"
		    " SEED, disagree SIGNAL SIGNAL)", spec);
	return -1;
}

int
queue_next(struct queue *q, struct tui *t, const char *author, int skip,
    int64_t *id, char **cause)
{
	struct store_label	l;
	size_t			i;
	int			present;

	for (i = q->pos + (skip ? 1 : 0); i < q->n; i++) {
		if (store_label_get(t->st, q->ids[i], author, &l, cause) != 0)
			return -1;
		present = l.present;
		store_label_clear(&l);
		if (!present)
			break;
	}
	if (i >= q->n) {
		q->pos = q->n;
		return 0;
	}
	q->pos = i;
	*id = q->ids[i];
	return 1;
}

void
queue_status(const struct queue *q, struct cn_buf *b)
{
	buf_printf(b, "queue %s %zu/%zu", q->spec, q->pos + 1, q->n);
}

/*
 * pipe.c - the parser -> writer hand-off (see pipe.h). Each record becomes
 * one allocation holding the record and copies of its strings.
 */
#include "config.h"

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "pipe.h"
#include "importers.h"

#define PIPE_BATCH	1024	/* records per batch */
#define PIPE_BATCHES	4	/* batches queued at most */

enum op_kind { OP_TRACE, OP_NODE, OP_ANNOTATION, OP_SCORE, OP_SCORE_PATH };

struct op {
	enum op_kind	 kind;
	int		 sync;		/* the caller waits for the result */
	int		 done;		/* sync: applied (under mu) */
	int		 rc;		/* sync: the real sink's answer */
	char		*cause;		/* sync: and its cause */
	union {
		struct cn_trace		t;
		struct cn_node		n;
		struct cn_annotation	a;
		struct {
			const char	*node;
			const char	*name;
			double		 value;
			const char	**texts;
			size_t		 ntexts;
		}			s;
	}		 u;
	/* the strings follow */
};

struct batch {
	struct op	*ops[PIPE_BATCH];
	int		 n;
};

struct pipe {
	struct imp_sink	 real;
	int		 skip_bad;
	char		*name;
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 can_put, can_take, applied;
	struct batch	*queue[PIPE_BATCHES];
	int		 head, count;
	int		 closed;	/* no more batches will come */
	int		 failed;	/* writer stopped (read under mu) */
	struct batch	*cur;		/* being filled by the parser */
	/* writer's results */
	char		*cause;
	struct imp_report bad;
};

/* Bytes needed for a copy of s, with its NUL. */
static size_t
slen(const char *s)
{
	return s == NULL ? 0 : strlen(s) + 1;
}

/* Copies s to *p and advances it; NULL stays NULL. */
static const char *
scopy(char **p, const char *s)
{
	size_t	 n;
	char	*d = *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	memcpy(d, s, n);
	*p += n;
	return d;
}

/* The string members of each record, copied along with it; SIZE_MAX ends. */
static const size_t trace_strs[] = {
	offsetof(struct cn_trace, ext_id), offsetof(struct cn_trace, format),
	offsetof(struct cn_trace, source), offsetof(struct cn_trace, problem),
	offsetof(struct cn_trace, ground_truth),
	offsetof(struct cn_trace, extra), SIZE_MAX
};
static const size_t node_strs[] = {
	offsetof(struct cn_node, ext_id), offsetof(struct cn_node, parent_ext),
	offsetof(struct cn_node, role), offsetof(struct cn_node, text),
	offsetof(struct cn_node, observation), offsetof(struct cn_node, origin),
	offsetof(struct cn_node, extra), SIZE_MAX
};
static const size_t annotation_strs[] = {
	offsetof(struct cn_annotation, node_ext),
	offsetof(struct cn_annotation, author),
	offsetof(struct cn_annotation, tags),
	offsetof(struct cn_annotation, note), SIZE_MAX
};

/* The member at off of rec, a string. */
static const char **
str_at(const void *rec, size_t off)
{
	return (const char **)(uintptr_t)((const char *)rec + off);
}

/* Bytes needed for copies of the strings at offs of rec. */
static size_t
strs_len(const void *rec, const size_t *offs)
{
	size_t	len = 0, i;

	for (i = 0; offs[i] != SIZE_MAX; i++)
		len += slen(*str_at(rec, offs[i]));
	return len;
}

/* Points the strings at offs of rec at copies made at *p. */
static void
strs_copy(void *rec, const size_t *offs, char **p)
{
	const char	**f;
	size_t		  i;

	for (i = 0; offs[i] != SIZE_MAX; i++) {
		f = str_at(rec, offs[i]);
		*f = scopy(p, *f);
	}
}

static void
batch_free(struct batch *b)
{
	int	i;

	if (b == NULL)
		return;
	for (i = 0; i < b->n; i++)
		free(b->ops[i]);	/* NULL: a sync op, its caller frees it */
	free(b);
}

static int
apply_raw(struct pipe *p, struct op *o, char **causep)
{
	char	*cause = NULL;
	int	 rc = CN_OK;

	switch (o->kind) {
	case OP_TRACE:
		rc = p->real.trace(p->real.arg, &o->u.t, &cause);
		break;
	case OP_NODE:
		rc = p->real.node(p->real.arg, &o->u.n, &cause);
		break;
	case OP_ANNOTATION:
		rc = p->real.annotation(p->real.arg, &o->u.a, &cause);
		break;
	case OP_SCORE:
		rc = p->real.score(p->real.arg, o->u.s.node, o->u.s.name,
		    o->u.s.value, &cause);
		break;
	case OP_SCORE_PATH:
		rc = p->real.score_path(p->real.arg, o->u.s.texts,
		    o->u.s.ntexts, o->u.s.name, o->u.s.value, &cause);
		break;
	}
	*causep = cause;
	return rc;
}

/* Hands a sync op's result back to the thread waiting for it. */
static void
answer(struct pipe *p, struct op *o, int rc, char *cause)
{
	pthread_mutex_lock(&p->mu);
	o->rc = rc;
	o->cause = cause;
	o->done = 1;
	pthread_cond_broadcast(&p->applied);
	pthread_mutex_unlock(&p->mu);
}

static void
apply(struct pipe *p, struct op *o)
{
	char	*cause = NULL;
	int	 rc;

	rc = apply_raw(p, o, &cause);
	if (o->sync) {
		/* The caller decides what a rejection means. */
		if (rc == CN_FATAL) {
			pthread_mutex_lock(&p->mu);
			p->failed = 1;
			p->cause = xstrdup(cause != NULL ? cause :
			    "import failed");
			pthread_cond_broadcast(&p->can_put);
			pthread_mutex_unlock(&p->mu);
		}
		answer(p, o, rc, cause);
		return;
	}
	if (rc == CN_OK) {
		free(cause);
		return;
	}
	if (cause == NULL)
		cause = xstrdup("record rejected");
	if (rc == CN_BAD && o->kind == OP_NODE && o->u.n.src_line > 0) {
		char	*c;

		if (o->u.n.src_col > 0)
			c = xasprintf("%s:%lld:%d: %s", p->name,
			    (long long)o->u.n.src_line, o->u.n.src_col, cause);
		else
			c = xasprintf("%s:%lld: %s", p->name,
			    (long long)o->u.n.src_line, cause);
		free(cause);
		cause = c;
	}
	if (rc == CN_BAD && p->skip_bad) {
		imp_report_bad(&p->bad, cause);
		return;
	}
	pthread_mutex_lock(&p->mu);
	p->failed = 1;
	p->cause = cause;
	pthread_cond_broadcast(&p->can_put);
	pthread_mutex_unlock(&p->mu);
}

static void *
writer(void *arg)
{
	struct pipe	*p = arg;
	struct batch	*b;
	int		 i, failed;

	for (;;) {
		pthread_mutex_lock(&p->mu);
		while (p->count == 0 && !p->closed)
			pthread_cond_wait(&p->can_take, &p->mu);
		if (p->count == 0) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		b = p->queue[p->head];
		p->head = (p->head + 1) % PIPE_BATCHES;
		p->count--;
		failed = p->failed;
		pthread_cond_signal(&p->can_put);
		pthread_mutex_unlock(&p->mu);
		/* After a failure, batches are only drained. */
		for (i = 0; i < b->n; i++) {
			struct op	*o = b->ops[i];

			/* Once answered, a sync op belongs to its caller. */
			if (o->sync)
				b->ops[i] = NULL;
			if (!failed) {
				apply(p, o);
				failed = p->cause != NULL;
			} else if (o->sync)
				answer(p, o, CN_FATAL, NULL);
		}
		batch_free(b);
	}
	return NULL;
}

/* Queues the current batch; returns -1 if the writer has failed. */
static int
flush(struct pipe *p)
{
	int	failed;

	pthread_mutex_lock(&p->mu);
	while (p->count == PIPE_BATCHES && !p->failed)
		pthread_cond_wait(&p->can_put, &p->mu);
	failed = p->failed;
	if (!failed && p->cur != NULL && p->cur->n > 0) {
		p->queue[(p->head + p->count) % PIPE_BATCHES] = p->cur;
		p->count++;
		p->cur = NULL;
		pthread_cond_signal(&p->can_take);
	}
	pthread_mutex_unlock(&p->mu);
	return failed ? -1 : 0;
}

/* What the parser hears once the writer has failed. */
static int
stopped(char **cause)
{
	if (cause != NULL)
		*cause = xstrdup("import stopped: the writer failed");
	return CN_FATAL;
}

/*
 * Adds o to the batch being filled. A full batch here means the writer
 * failed and it could not be queued: o is freed and the import stops.
 */
static int
append(struct pipe *p, struct op *o, char **cause)
{
	if (cause != NULL)
		*cause = NULL;
	if (p->cur != NULL && p->cur->n == PIPE_BATCH) {
		free(o);
		return stopped(cause);
	}
	if (p->cur == NULL)
		p->cur = xcalloc(1, sizeof *p->cur);
	p->cur->ops[p->cur->n++] = o;
	return CN_OK;
}

static int
put(struct pipe *p, struct op *o, char **cause)
{
	o->sync = 0;
	if (append(p, o, cause) != CN_OK)
		return CN_FATAL;
	if (p->cur->n == PIPE_BATCH && flush(p) != 0)
		return stopped(cause);
	return CN_OK;
}

/* Queues a copy of rec (size bytes, its strings at offs) as an op of kind. */
static int
front_rec(void *arg, enum op_kind kind, const void *rec, size_t size,
    const size_t *offs, char **cause)
{
	struct op	*o;
	char		*s;

	o = xmalloc(sizeof *o + strs_len(rec, offs));
	s = (char *)(o + 1);
	o->kind = kind;
	memcpy(&o->u, rec, size);
	strs_copy(&o->u, offs, &s);
	return put(arg, o, cause);
}

static int
front_trace(void *arg, const struct cn_trace *t, char **cause)
{
	return front_rec(arg, OP_TRACE, t, sizeof *t, trace_strs, cause);
}

static int
front_node(void *arg, const struct cn_node *n, char **cause)
{
	struct cn_signal	*more;
	struct op		*o;
	size_t			 len, i;
	char			*s;

	len = sizeof *o + n->nmore * sizeof *more + strs_len(n, node_strs);
	for (i = 0; i < n->nmore; i++)
		len += slen(n->more[i].name);
	o = xmalloc(len);
	more = (struct cn_signal *)(o + 1);
	s = (char *)(more + n->nmore);
	o->kind = OP_NODE;
	o->u.n = *n;
	strs_copy(&o->u.n, node_strs, &s);
	for (i = 0; i < n->nmore; i++) {
		more[i].name = scopy(&s, n->more[i].name);
		more[i].value = n->more[i].value;
	}
	o->u.n.more = n->nmore > 0 ? more : NULL;
	return put(arg, o, cause);
}

static int
front_annotation(void *arg, const struct cn_annotation *a, char **cause)
{
	return front_rec(arg, OP_ANNOTATION, a, sizeof *a, annotation_strs,
	    cause);
}

/*
 * Queues o and waits for the writer to apply it: scores are rare next to
 * nodes, and their importers report a rejection with the line only they
 * know, so they get the real sink's answer.
 */
static int
put_sync(struct pipe *p, struct op *o, char **cause)
{
	int	rc;

	o->sync = 1;
	o->done = 0;
	o->cause = NULL;
	if (append(p, o, cause) != CN_OK)
		return CN_FATAL;
	if (flush(p) != 0) {
		/* Not queued: the writer had failed. */
		p->cur->n--;
		free(o);
		return stopped(cause);
	}
	pthread_mutex_lock(&p->mu);
	while (!o->done)
		pthread_cond_wait(&p->applied, &p->mu);
	pthread_mutex_unlock(&p->mu);
	rc = o->rc;
	if (cause != NULL)
		*cause = o->cause;
	else
		free(o->cause);
	if (rc == CN_FATAL && cause != NULL && *cause == NULL)
		*cause = xstrdup("import stopped: the writer failed");
	free(o);
	return rc;
}

static int
front_score(void *arg, const char *node, const char *name, double v,
    char **cause)
{
	struct op	*o;
	char		*s;

	o = xmalloc(sizeof *o + slen(node) + slen(name));
	s = (char *)(o + 1);
	memset(&o->u, 0, sizeof o->u);
	o->kind = OP_SCORE;
	o->u.s.node = scopy(&s, node);
	o->u.s.name = scopy(&s, name);
	o->u.s.value = v;
	return put_sync(arg, o, cause);
}

static int
front_score_path(void *arg, const char *const *texts, size_t ntexts,
    const char *name, double v, char **cause)
{
	struct op	*o;
	const char	**tv;
	size_t		 len, i;
	char		*s;

	len = sizeof *o + ntexts * sizeof *tv + slen(name);
	for (i = 0; i < ntexts; i++)
		len += slen(texts[i]);
	o = xmalloc(len);
	tv = (const char **)(o + 1);
	s = (char *)(tv + ntexts);
	memset(&o->u, 0, sizeof o->u);
	o->kind = OP_SCORE_PATH;
	for (i = 0; i < ntexts; i++)
		tv[i] = scopy(&s, texts[i]);
	o->u.s.texts = tv;
	o->u.s.ntexts = ntexts;
	o->u.s.name = scopy(&s, name);
	o->u.s.value = v;
	return put_sync(arg, o, cause);
}

struct pipe *
pipe_start(const struct imp_sink *real, int skip_bad, const char *name,
    struct imp_sink *front)
{
	struct pipe	*p;

	p = xcalloc(1, sizeof *p);
	p->real = *real;
	p->skip_bad = skip_bad;
	p->name = xstrdup(name != NULL ? name : "-");
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->can_put, NULL);
	pthread_cond_init(&p->can_take, NULL);
	pthread_cond_init(&p->applied, NULL);
	if (pthread_create(&p->thread, NULL, writer, p) != 0)
		fatal("pthread_create");
	*front = (struct imp_sink){ front_trace, front_node, front_annotation,
	    front_score, front_score_path, p };
	return p;
}

int
pipe_finish(struct pipe *p, struct imp_report *report, char **cause)
{
	int	rc;

	flush(p);
	batch_free(p->cur);
	p->cur = NULL;
	pthread_mutex_lock(&p->mu);
	p->closed = 1;
	pthread_cond_signal(&p->can_take);
	pthread_mutex_unlock(&p->mu);
	pthread_join(p->thread, NULL);
	rc = p->cause != NULL ? -1 : 0;
	if (cause != NULL)
		*cause = p->cause;
	else
		free(p->cause);
	if (report != NULL) {
		int	i;

		for (i = 0; i < p->bad.nfirst_bad; i++) {
			imp_report_bad(report, p->bad.first_bad[i]);
			p->bad.first_bad[i] = NULL;
		}
		report->bad += p->bad.bad - p->bad.nfirst_bad;
	}
	imp_report_free(&p->bad);
	free(p->name);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->can_put);
	pthread_cond_destroy(&p->can_take);
	pthread_cond_destroy(&p->applied);
	free(p);
	return rc;
}

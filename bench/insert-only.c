/*
 * insert-only.c - raw limit 2 of `canopy import`: exactly the writes the
 * importer makes, without the parsing. The file is first run through the
 * real canopy-jsonl importer into a sink that copies every call into
 * memory (not timed); the copies are then replayed into the store's import
 * sink of a fresh database, timed from store_import_begin to the return of
 * store_import_end (finalization, indexes and commit included).
 *
 * Prints one line: insert-only: nodes=N bytes=B seconds=S nodes_per_s=R
 * mb_per_s=M (MB/s of the JSONL the rows came from, MB = 10^6 bytes),
 * then how the time splits between the sink calls and store_import_end,
 * and how much of it went to the full-text index.
 */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "canopy.h"
#include "importers.h"
#include "store.h"

/* Strings live in big chunks: a malloc per string would bloat 1M nodes. */
struct chunk {
	struct chunk	*prev;
	max_align_t	 data[];
};

struct arena {
	struct chunk	*head;
	char		*cur;
	size_t		 left;
};

#define ARENA_CHUNK	(16u << 20)

static void *
arena_alloc(struct arena *a, size_t n)
{
	struct chunk	*c;
	void		*p;

	n = (n + 15) & ~(size_t)15;
	if (n > a->left) {
		a->left = n > ARENA_CHUNK ? n : ARENA_CHUNK;
		c = xmalloc(sizeof *c + a->left);
		c->prev = a->head;
		a->head = c;
		a->cur = (char *)c->data;
	}
	p = a->cur;
	a->cur += n;
	a->left -= n;
	return p;
}

static void
arena_free(struct arena *a)
{
	struct chunk	*c;

	while ((c = a->head) != NULL) {
		a->head = c->prev;
		free(c);
	}
	a->cur = NULL;
	a->left = 0;
}

static const char *
arena_str(struct arena *a, const char *s)
{
	size_t	 n;
	char	*p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	p = arena_alloc(a, n);
	memcpy(p, s, n);
	return p;
}

/* One captured sink call. */
struct rec {
	enum { REC_TRACE, REC_NODE, REC_ANNOTATION } kind;
	union {
		struct cn_trace		 t;
		struct cn_node		 n;
		struct cn_annotation	 a;
	} u;
};

struct capture {
	struct arena	 arena;
	struct rec	*recs;
	size_t		 nrecs;
	size_t		 cap;
	long long	 nodes;
};

/* The string members of each kind of record: the arena keeps copies. */
#define STR(type, m)	offsetof(struct type, m)
static const size_t trace_strs[] = {
	STR(cn_trace, ext_id), STR(cn_trace, format), STR(cn_trace, source),
	STR(cn_trace, problem), STR(cn_trace, ground_truth),
	STR(cn_trace, extra)
};
static const size_t node_strs[] = {
	STR(cn_node, ext_id), STR(cn_node, parent_ext), STR(cn_node, role),
	STR(cn_node, text), STR(cn_node, observation), STR(cn_node, origin),
	STR(cn_node, extra)
};
static const size_t annotation_strs[] = {
	STR(cn_annotation, node_ext), STR(cn_annotation, author),
	STR(cn_annotation, tags), STR(cn_annotation, note)
};
#undef STR

/*
 * Appends a record of kind `kind`: a copy of the size bytes at src whose
 * nstrs string members (at offsets strs) point into the arena.
 */
static struct rec *
capture_add(struct capture *c, int kind, const void *src, size_t size,
    const size_t *strs, size_t nstrs)
{
	struct rec	 *r;
	const char	**s;
	size_t		  i;

	if (c->nrecs == c->cap) {
		c->cap = c->cap ? c->cap * 2 : 4096;
		c->recs = xreallocarray(c->recs, c->cap, sizeof *c->recs);
	}
	r = &c->recs[c->nrecs++];
	memset(r, 0, sizeof *r);
	r->kind = kind;
	memcpy(&r->u, src, size);
	for (i = 0; i < nstrs; i++) {
		s = (const char **)(void *)((char *)&r->u + strs[i]);
		*s = arena_str(&c->arena, *s);
	}
	return r;
}

static void
capture_free(struct capture *c)
{
	arena_free(&c->arena);
	free(c->recs);
	c->recs = NULL;
	c->nrecs = c->cap = 0;
}

static int
capture_trace(void *arg, const struct cn_trace *t, char **cause)
{
	capture_add(arg, REC_TRACE, t, sizeof *t, trace_strs,
	    sizeof trace_strs / sizeof trace_strs[0]);
	return CN_OK;
}

static int
capture_node(void *arg, const struct cn_node *n, char **cause)
{
	struct capture		*c = arg;
	struct rec		*r;
	struct cn_signal	*more = NULL;
	size_t			 i;

	r = capture_add(c, REC_NODE, n, sizeof *n, node_strs,
	    sizeof node_strs / sizeof node_strs[0]);
	if (n->nmore > 0) {
		more = arena_alloc(&c->arena, n->nmore * sizeof *more);
		for (i = 0; i < n->nmore; i++) {
			more[i].name = arena_str(&c->arena, n->more[i].name);
			more[i].value = n->more[i].value;
		}
	}
	r->u.n.more = more;
	c->nodes++;
	return CN_OK;
}

static int
capture_annotation(void *arg, const struct cn_annotation *an, char **cause)
{
	capture_add(arg, REC_ANNOTATION, an, sizeof *an, annotation_strs,
	    sizeof annotation_strs / sizeof annotation_strs[0]);
	return CN_OK;
}

/* The benchmark data carries no scores: say so rather than drop them. */
static int
capture_score(void *arg, const char *node_ext, const char *name,
    double value, char **cause)
{
	if (cause != NULL)
		*cause = xstrdup("insert-only: score() is not captured");
	return CN_FATAL;
}

static int
capture_score_path(void *arg, const char *const *texts, size_t ntexts,
    const char *name, double value, char **cause)
{
	if (cause != NULL)
		*cause = xstrdup("insert-only: score_path() is not captured");
	return CN_FATAL;
}

/* Replays every captured call into sink; 0 or -1 with *cause. */
static int
replay(const struct capture *c, const struct imp_sink *sink, char **cause)
{
	const struct rec	*r;
	size_t			 i;
	int			 rc = CN_OK;

	for (i = 0; i < c->nrecs && rc == CN_OK; i++) {
		r = &c->recs[i];
		switch (r->kind) {
		case REC_TRACE:
			rc = sink->trace(sink->arg, &r->u.t, cause);
			break;
		case REC_NODE:
			rc = sink->node(sink->arg, &r->u.n, cause);
			break;
		case REC_ANNOTATION:
			rc = sink->annotation(sink->arg, &r->u.a, cause);
			break;
		}
	}
	return rc == CN_OK ? 0 : -1;
}

static void
usage(void)
{
	fprintf(stderr, "usage: insert-only file.jsonl new.db\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const struct imp_format		*fmt;
	struct capture			 cap;
	struct imp_sink			 csink, sink;
	struct imp_opts			 opts;
	struct imp_report		 report;
	struct store_import_meta	 meta;
	struct store_import_counts	 counts;
	struct store			*st;
	struct stat			 sb;
	const char			*path, *dbpath;
	char				*cause = NULL;
	FILE				*f;
	double				 t0, t1, t2, t3, t4, secs;
	int				 rc;

	if (argc != 3)
		usage();
	path = argv[1];
	dbpath = argv[2];
	if ((fmt = imp_format_find("canopy-jsonl")) == NULL) {
		fprintf(stderr, "insert-only: no canopy-jsonl importer\n");
		return 1;
	}

	/* Not timed: run the real importer into memory. */
	memset(&cap, 0, sizeof cap);
	memset(&opts, 0, sizeof opts);
	memset(&report, 0, sizeof report);
	csink = (struct imp_sink){ capture_trace, capture_node,
	    capture_annotation, capture_score, capture_score_path, &cap };
	if ((f = fopen(path, "r")) == NULL || fstat(fileno(f), &sb) != 0) {
		fprintf(stderr, "insert-only: %s: %s\n", path,
		    strerror(errno));
		return 1;
	}
	rc = fmt->run(f, path, &opts, &csink, &report, &cause);
	fclose(f);
	imp_report_free(&report);
	if (rc != 0) {
		fprintf(stderr, "insert-only: %s\n", cause);
		free(cause);
		capture_free(&cap);
		return 1;
	}

	if (unlink(dbpath) != 0 && errno != ENOENT) {
		fprintf(stderr, "insert-only: %s: %s\n", dbpath,
		    strerror(errno));
		capture_free(&cap);
		return 1;
	}
	if (store_open(&st, dbpath, 0, &cause) != 0) {
		fprintf(stderr, "insert-only: %s\n", cause);
		free(cause);
		capture_free(&cap);
		return 1;
	}
	memset(&meta, 0, sizeof meta);
	meta.file = path;
	meta.format = fmt->name;
	meta.force = 1;

	t0 = cn_clock();
	if (store_import_begin(st, &meta, &sink, &cause) != 0)
		goto fail;
	t1 = cn_clock();
	if (replay(&cap, &sink, &cause) != 0) {
		store_import_end(st, 0, &counts, NULL);
		goto fail;
	}
	t2 = cn_clock();
	if (store_import_end(st, 1, &counts, &cause) != 0)
		goto fail;
	t3 = cn_clock();
	store_close(st);
	t4 = cn_clock();
	secs = t3 - t0;
	capture_free(&cap);
	if (counts.nodes != cap.nodes) {
		fprintf(stderr, "insert-only: stored %lld nodes of %lld\n",
		    (long long)counts.nodes, cap.nodes);
		return 1;
	}

	printf("insert-only: nodes=%lld bytes=%lld seconds=%.4f "
	    "nodes_per_s=%.0f mb_per_s=%.1f (begin=%.4f calls=%.4f "
	    "end=%.4f index=%.4f close=%.4f)\n", cap.nodes,
	    (long long)sb.st_size, secs, cap.nodes / secs,
	    sb.st_size / secs / 1e6, t1 - t0, t2 - t1, t3 - t2,
	    counts.index_seconds, t4 - t3);
	return 0;

fail:
	fprintf(stderr, "insert-only: %s\n", cause);
	free(cause);
	store_close(st);
	capture_free(&cap);
	return 1;
}

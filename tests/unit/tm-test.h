/*
 * tm-test.h - the fixture the tree-model tests share: a temporary
 * database filled through the import sink, and a tree model opened on one
 * of its traces. Include after cmocka.h, store.h, tree-model.h, cn-test.h
 * and tmpdb.h; each test file writes its own setup() between fx_begin()
 * and fx_end().
 */
#ifndef CN_TM_TEST_H
#define CN_TM_TEST_H

struct fx {
	struct store		*st;
	struct imp_sink		 sink;
	char			 path[64];
	struct tree_model	*tm;
};

/* A new fixture with its database open and an import (named file) begun. */
static inline struct fx *
fx_begin(const char *file)
{
	struct store_import_meta	 m = { file, "test", NULL, 0, 0, 0 };
	struct fx			*fx = xcalloc(1, sizeof *fx);
	char				*cause = NULL;

	tmpdb_path_new(fx->path);
	assert_int_equal(store_open(&fx->st, fx->path, 0, &cause), 0);
	assert_int_equal(store_import_begin(fx->st, &m, &fx->sink, &cause),
	    0);
	return fx;
}

/* Commits the import and makes fx the tests' state. */
static inline int
fx_end(struct fx *fx, void **state)
{
	char	*cause = NULL;

	assert_int_equal(store_import_end(fx->st, 1, NULL, &cause), 0);
	assert_null(cause);
	*state = fx;
	return 0;
}

static inline void
trace(struct fx *fx, const char *ext)
{
	struct cn_trace	t;
	char		*cause = NULL;

	memset(&t, 0, sizeof t);
	t.ext_id = ext;
	t.format = "test";
	assert_int_equal(fx->sink.trace(fx->sink.arg, &t, &cause), CN_OK);
}

/* A node (a root if parent is NULL) with three signals (CN_NOVAL: none). */
static inline void
fx_node(struct fx *fx, const char *ext, const char *parent, const char *text,
    double visits, double q, double outcome)
{
	struct cn_node	n;
	char		*cause = NULL;

	cn_node_init(&n);
	n.ext_id = ext;
	n.parent_ext = parent;
	n.text = text;
	n.role = parent == NULL ? "root" : "step";
	n.sig[CN_SIG_VISITS] = visits;
	n.sig[CN_SIG_Q] = q;
	n.sig[CN_SIG_OUTCOME] = outcome;
	assert_int_equal(fx->sink.node(fx->sink.arg, &n, &cause), CN_OK);
}

static inline int
teardown(void **state)
{
	struct fx	*fx = *state;

	tm_free(fx->tm);
	store_close(fx->st);
	tmpdb_path_remove(fx->path);
	free(fx);
	return 0;
}

static inline int64_t
id_of(struct fx *fx, const char *addr)
{
	int64_t	 id = 0;
	char	*cause = NULL;

	assert_int_equal(store_node_resolve(fx->st, addr, &id, &cause), 1);
	return id;
}

static inline void
open_trace(struct fx *fx, const char *name, int height)
{
	struct cn_trace	 t;
	char		*cause = NULL;

	memset(&t, 0, sizeof t);
	assert_int_equal(store_trace_find(fx->st, name, &t, &cause), 1);
	assert_int_equal(tm_open(fx->st, t.id, t.root_id, height, &fx->tm,
	    &cause), 0);
	assert_null(cause);
	cn_trace_clear(&t);
}

#endif

/*
 * tm-test.h - the fixture the tree-model tests share: a temporary
 * database filled through the import sink, and a tree model opened on one
 * of its traces. Include after cmocka.h, store.h, tree-model.h, cn-test.h
 * and tmpdb.h; each test file writes its own node() and setup().
 */
#ifndef CN_TM_TEST_H
#define CN_TM_TEST_H

struct fx {
	struct store		*st;
	struct imp_sink		 sink;
	char			 path[64];
	struct tree_model	*tm;
};

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

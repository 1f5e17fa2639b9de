/*
 * tm-test.h - the fixture the tree-model tests share: a temporary
 * database filled through the import sink, and a tree model opened on one
 * of its traces. Include after cmocka.h, store.h, tree-model.h, cn-test.h
 * and tmpdb.h; each test file writes its own setup() between fx_begin()
 * and fx_end().
 */
#ifndef CN_TM_TEST_H
#define CN_TM_TEST_H

#include "store-test.h"

struct fx {
	struct store		*st;
	struct imp_sink		 sink;
	char			 path[64];
	struct tree_model	*tm;
	const struct fx_case	*play;	/* cmocka's prestate, if any */
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
	return store_test_resolve(fx->st, addr);
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

/* The window as "ext ext* ext" (* after the cursor row); caller frees. */
static inline char *
fx_rows(struct fx *fx)
{
	struct cn_buf	b;
	int		i;

	buf_init(&b);
	for (i = 0; i < tm_nrows(fx->tm); i++)
		buf_printf(&b, "%s%s%s", i > 0 ? " " : "",
		    tm_row(fx->tm, i)->node.ext_id,
		    i == tm_cursor(fx->tm) ? "*" : "");
	return buf_take(&b);
}

/* Runs one key of fx_play() on the model; returns its status. */
static inline int
fx_key(struct fx *fx, const char *k, char **cause)
{
	int	n = atoi(k + 1);

	switch (*k) {
	case '+':
	case '-':	return tm_move(fx->tm, atoi(k), cause);
	case 'p':	return tm_page(fx->tm, n, cause);
	case 'd':	return tm_expand_depth(fx->tm, n, cause);
	case 's':	return tm_sibling(fx->tm, n, cause);
	case 'l':	return tm_leaf(fx->tm, n, cause);
	case 'h':	return tm_set_height(fx->tm, n, cause);
	case '>':	return tm_goto(fx->tm, id_of(fx, k + 1), cause);
	case 'e':	return tm_expand(fx->tm, cause);
	case 'c':	return tm_collapse(fx->tm, cause);
	case 't':	return tm_toggle(fx->tm, cause);
	case 'G':	return tm_end(fx->tm, cause);
	case 'g':	return tm_home(fx->tm, cause);
	case 'u':	return tm_parent(fx->tm, cause);
	case 'f':	return tm_first_child(fx->tm, cause);
	case 'C':	return tm_collapse_all(fx->tm, cause);
	case 'X':	return tm_expand_all_below(fx->tm, cause);
	case 'b':	return tm_best_path(fx->tm, cause);
	}
	fail_msg("no key %s", k);
	return -1;
}

/*
 * Plays script on the open model, a step a line: keys separated by
 * blanks, each of which must succeed, then "= rows" (the window as
 * fx_rows() gives it) or "@ ext" (the cursor's node) that must follow.
 * Keys: +N and -N move, pN page, dN expand to depth N, sN sibling, lN
 * leaf, hN window height, >addr goto, e expand, c collapse, t toggle,
 * G end, g home, u parent, f first child, C collapse all, X expand all
 * below, b best path.
 */
static inline void
fx_play(struct fx *fx, const char *script)
{
	const char	*step;
	char		 line[256], *k, *want, *got, *cause = NULL;
	size_t		 len;

	while (*script != '\0') {
		step = script;
		len = strcspn(script, "\n");
		assert_true(len < sizeof line);
		memcpy(line, script, len);
		line[len] = '\0';
		script += len + (script[len] == '\n');
		want = line + strcspn(line, "=@");
		for (k = strtok(line, " \t"); k != NULL && k < want;
		    k = strtok(NULL, " \t"))
			if (fx_key(fx, k, &cause) != 0)
				fail_msg("%s: %s", k, cause);
		if (*want == '=') {
			got = fx_rows(fx);
			if (strcmp(got, want + 2) != 0)
				fail_msg("after \"%.*s\": %s", (int)len,
				    step, got);
			free(got);
		} else if (*want == '@') {
			assert_non_null(tm_cursor_node(fx->tm));
			if (strcmp(tm_cursor_node(fx->tm)->ext_id,
			    want + 2) != 0)
				fail_msg("after \"%.*s\": at %s", (int)len,
				    step, tm_cursor_node(fx->tm)->ext_id);
		}
	}
}

#endif

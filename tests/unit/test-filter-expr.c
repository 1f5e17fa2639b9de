/* test-filter-expr.c - the tree filter's parser and evaluator. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "filter-expr.h"

static struct cn_signal more[] = {
	{ "orm:qwen-7b", 0.2 },
	{ "prm:qwen-7b", 0.9 },
};

static void
node_make(struct cn_node *n, double q, double prm, int depth)
{
	cn_node_init(n);
	n->sig[CN_SIG_Q] = q;
	n->depth = depth;
	n->text = "Let x = 3, so The Answer is 9";
	more[1].value = prm;
	n->more = more;
	n->nmore = 2;
}

static int
run(const char *s, const struct cn_node *n)
{
	struct filter_expr	*e;
	char			*cause = NULL;
	int			 r;

	if (filter_expr_parse(s, NULL, 0, &e, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", s, cause);
		free(cause);
		fail();
	}
	assert_null(cause);
	r = filter_expr_eval(e, n);
	filter_expr_free(e);
	return r;
}

static void
test_filter_expr_and_of_two_signals(void **state)
{
	struct cn_node	n;

	(void)state;
	node_make(&n, 0.1, 0.9, 2);
	assert_true(run("q<0.3 && prm:qwen-7b>0.8", &n));
	node_make(&n, 0.1, 0.5, 2);
	assert_false(run("q<0.3 && prm:qwen-7b>0.8", &n));
	node_make(&n, 0.4, 0.9, 2);
	assert_false(run("q<0.3 && prm:qwen-7b>0.8", &n));
	assert_true(run("q<0.3 || prm:qwen-7b>0.8", &n));
}

static void
test_filter_expr_operators_at_the_boundary(void **state)
{
	struct cn_node	n;

	(void)state;
	node_make(&n, 0.5, 0.9, 3);
	assert_false(run("q<0.5", &n));
	assert_true(run("q<=0.5", &n));
	assert_false(run("q>0.5", &n));
	assert_true(run("q>=0.5", &n));
	assert_true(run("q==0.5", &n));
	assert_true(run("q=0.5", &n));
	assert_false(run("q!=0.5", &n));
	assert_true(run("q > -1", &n));
	assert_true(run("depth>=3 && depth<4", &n));
}

static void
test_filter_expr_absent_signal_is_false(void **state)
{
	struct cn_node	n;

	(void)state;
	node_make(&n, CN_NOVAL, 0.9, 1);
	assert_false(run("q<0.3", &n));
	assert_false(run("q>=0.3", &n));
	assert_true(run("!(q<0.3)", &n));
	assert_false(run("q", &n));
	assert_true(run("prm:qwen-7b", &n));
	assert_false(run("value", &n));
	assert_false(run("other:sig>0", &n));
}

static void
test_filter_expr_precedence_and_parens(void **state)
{
	struct cn_node	n;

	(void)state;
	node_make(&n, 0.1, 0.1, 5);
	/* && binds tighter: true || (false && false). */
	assert_true(run("q<0.3 || depth<1 && q>1", &n));
	assert_false(run("(q<0.3 || depth<1) && q>1", &n));
	assert_true(run("!!(depth==5)", &n));
}

static void
test_filter_expr_text_label_and_kids(void **state)
{
	struct cn_node	n;

	(void)state;
	node_make(&n, 0.1, 0.1, 5);
	assert_true(run("text~answer", &n));
	assert_true(run("text~\"the answer is\"", &n));
	assert_false(run("text~'answer was'", &n));
	assert_false(run("label", &n));
	assert_true(run("label==0 && kids==0", &n));
	n.annotation_count = 2;
	n.child_count = 3;
	assert_true(run("label && label>1 && kids>2 && text~X", &n));
	/* orm and prm of one model stay two signals. */
	assert_true(run("orm:qwen-7b<0.3 && prm:qwen-7b<0.3", &n));
}

static void
perr(const char *s, char *const *names, size_t nnames, const char *want)
{
	struct filter_expr	*e = (void *)1;
	char			*cause = NULL;

	assert_int_equal(filter_expr_parse(s, names, nnames, &e, &cause), -1);
	assert_null(e);
	assert_non_null(cause);
	assert_string_equal(cause, want);
	free(cause);
}

static void
test_filter_expr_errors_name_the_column(void **state)
{
	char		n0[] = "prm:qwen-7b", *names[] = { n0 };

	(void)state;
	perr("q<", NULL, 0, "column 3: expected a number");
	perr("q<0.3 &&", NULL, 0,
	    "column 9: expected a signal name at the end");
	perr("(q<0.3", NULL, 0, "column 1: '(' is not closed");
	perr("q<0.3 & q>0", NULL, 0, "column 7: expected '&&' or '||'");
	perr("q<0.3 x", NULL, 0, "column 7: unexpected text");
	perr("text~'abc", NULL, 0, "column 6: unterminated quote");
	perr("text<3", NULL, 0, "column 5: expected '~' after text");
	perr("q<0.3 && prm:x>0.8", names, 1,
	    "column 10: no signal 'prm:x' in this trace");
	perr("<3", NULL, 0, "column 1: expected a signal name");
}

static void
test_filter_expr_known_names_accept(void **state)
{
	struct filter_expr	*e;
	char		n0[] = "prm:qwen-7b", *names[] = { n0 };
	struct cn_node		 n;

	(void)state;
	assert_int_equal(filter_expr_parse("prm:qwen-7b>0.8 && q<1", names, 1,
	    &e, NULL), 0);
	node_make(&n, 0.1, 0.85, 0);
	assert_true(filter_expr_eval(e, &n));
	filter_expr_free(e);
	filter_expr_free(NULL);
}

static void
test_filter_expr_looks(void **state)
{
	(void)state;
	assert_false(filter_expr_looks("the answer"));
	assert_false(filter_expr_looks("prm:x"));
	assert_true(filter_expr_looks("q<0.3"));
	assert_true(filter_expr_looks("text~foo"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_filter_expr_and_of_two_signals),
		cmocka_unit_test(test_filter_expr_operators_at_the_boundary),
		cmocka_unit_test(test_filter_expr_absent_signal_is_false),
		cmocka_unit_test(test_filter_expr_precedence_and_parens),
		cmocka_unit_test(test_filter_expr_text_label_and_kids),
		cmocka_unit_test(test_filter_expr_errors_name_the_column),
		cmocka_unit_test(test_filter_expr_known_names_accept),
		cmocka_unit_test(test_filter_expr_looks),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

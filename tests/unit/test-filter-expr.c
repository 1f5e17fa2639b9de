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

#include "cn-test.h"

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

/*
 * One evaluation: a node (q, the prm:qwen-7b signal, depth, annotation
 * and child counts), an expression and the value it must have there.
 */
static const struct eval_case {
	double		 q, prm;
	int		 depth, label, kids;
	const char	*expr;
	int		 want;
} eval_cases[] = {
	/* Two signals joined. */
	{ 0.1, 0.9, 2, 0, 0, "q<0.3 && prm:qwen-7b>0.8", 1 },
	{ 0.1, 0.5, 2, 0, 0, "q<0.3 && prm:qwen-7b>0.8", 0 },
	{ 0.4, 0.9, 2, 0, 0, "q<0.3 && prm:qwen-7b>0.8", 0 },
	{ 0.4, 0.9, 2, 0, 0, "q<0.3 || prm:qwen-7b>0.8", 1 },
	/* Each operator at the boundary. */
	{ 0.5, 0.9, 3, 0, 0, "q<0.5", 0 },
	{ 0.5, 0.9, 3, 0, 0, "q<=0.5", 1 },
	{ 0.5, 0.9, 3, 0, 0, "q>0.5", 0 },
	{ 0.5, 0.9, 3, 0, 0, "q>=0.5", 1 },
	{ 0.5, 0.9, 3, 0, 0, "q==0.5", 1 },
	{ 0.5, 0.9, 3, 0, 0, "q=0.5", 1 },
	{ 0.5, 0.9, 3, 0, 0, "q!=0.5", 0 },
	{ 0.5, 0.9, 3, 0, 0, "q > -1", 1 },
	{ 0.5, 0.9, 3, 0, 0, "depth>=3 && depth<4", 1 },
	/* An absent signal makes every comparison false. */
	{ CN_NOVAL, 0.9, 1, 0, 0, "q<0.3", 0 },
	{ CN_NOVAL, 0.9, 1, 0, 0, "q>=0.3", 0 },
	{ CN_NOVAL, 0.9, 1, 0, 0, "!(q<0.3)", 1 },
	{ CN_NOVAL, 0.9, 1, 0, 0, "q", 0 },
	{ CN_NOVAL, 0.9, 1, 0, 0, "prm:qwen-7b", 1 },
	{ CN_NOVAL, 0.9, 1, 0, 0, "value", 0 },
	{ CN_NOVAL, 0.9, 1, 0, 0, "other:sig>0", 0 },
	/* && binds tighter: true || (false && false). */
	{ 0.1, 0.1, 5, 0, 0, "q<0.3 || depth<1 && q>1", 1 },
	{ 0.1, 0.1, 5, 0, 0, "(q<0.3 || depth<1) && q>1", 0 },
	{ 0.1, 0.1, 5, 0, 0, "!!(depth==5)", 1 },
	/* Text, label and kids. */
	{ 0.1, 0.1, 5, 0, 0, "text~answer", 1 },
	{ 0.1, 0.1, 5, 0, 0, "text~\"the answer is\"", 1 },
	{ 0.1, 0.1, 5, 0, 0, "text~'answer was'", 0 },
	{ 0.1, 0.1, 5, 0, 0, "label", 0 },
	{ 0.1, 0.1, 5, 0, 0, "label==0 && kids==0", 1 },
	{ 0.1, 0.1, 5, 2, 3, "label && label>1 && kids>2 && text~X", 1 },
	/* orm and prm of one model stay two signals. */
	{ 0.1, 0.1, 5, 2, 3, "orm:qwen-7b<0.3 && prm:qwen-7b<0.3", 1 },
};

static void
test_filter_expr_evaluates(void **state)
{
	const struct eval_case	*c;
	struct cn_node		 n;
	size_t			 i;

	(void)state;
	for (i = 0; i < sizeof eval_cases / sizeof eval_cases[0]; i++) {
		c = &eval_cases[i];
		node_make(&n, c->q, c->prm, c->depth);
		n.annotation_count = c->label;
		n.child_count = c->kids;
		if ((run(c->expr, &n) != 0) != c->want)
			fail_msg("%s on q=%g prm=%g depth=%d: not %d",
			    c->expr, c->q, c->prm, c->depth, c->want);
	}
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

CN_TEST_MAIN(
	cmocka_unit_test(test_filter_expr_evaluates),
	cmocka_unit_test(test_filter_expr_errors_name_the_column),
	cmocka_unit_test(test_filter_expr_known_names_accept),
	cmocka_unit_test(test_filter_expr_looks))

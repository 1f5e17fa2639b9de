/*
 * filter-expr.h - the tree filter's expressions: a pure parser and
 * evaluator over one node at a time. No curses, no store.
 *
 *	expr	:= and ('||' and)*
 *	and	:= unary ('&&' unary)*
 *	unary	:= '!' unary | '(' expr ')' | test
 *	test	:= FIELD OP NUMBER | 'text' '~' WORD | FIELD
 *	OP	:= '<' | '<=' | '>' | '>=' | '==' | '=' | '!='
 *
 * FIELD is a signal name (q, visits, prm:qwen-7b, value-prm:x...), or
 * depth, label (the node's annotation count), kids (its child count).
 * A test of a signal the node lacks is false, so `!(q<0.3)` also holds
 * where q is absent. A bare FIELD holds when the node has a value (label:
 * when it has annotations). `text~WORD` (WORD may be "quoted") matches the
 * step text, ignoring ASCII case.
 */
#ifndef CN_FILTER_EXPR_H
#define CN_FILTER_EXPR_H

#include "canopy.h"

struct filter_expr;

/*
 * Whether s reads as an expression rather than plain words: it holds an
 * operator character. Plain words keep meaning a text search.
 */
int	 filter_expr_looks(const char *s);

/*
 * Parses s. names[0..nnames) are the side signals that exist (NULL: any
 * name is accepted); a field that is none of them nor a common signal is
 * an error. Returns 0 and *out (free with filter_expr_free), or -1 and
 * *cause "column N: what" (1-based, in s).
 */
int	 filter_expr_parse(const char *s, char *const *names, size_t nnames,
	    struct filter_expr **out, char **cause);
void	 filter_expr_free(struct filter_expr *);	/* NULL-safe */

/* Whether node n passes. */
int	 filter_expr_eval(const struct filter_expr *, const struct cn_node *n);

#endif /* CN_FILTER_EXPR_H */

/*
 * filter-expr.c - parses and evaluates the tree filter's expressions
 * (grammar in filter-expr.h). Pure: nodes in, yes or no out.
 */
#include "config.h"

#include "filter-expr.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

enum fx_kind { FX_OR, FX_AND, FX_NOT, FX_CMP, FX_HAS, FX_TEXT };
enum fx_field { FF_SIG, FF_SIDE, FF_DEPTH, FF_LABEL, FF_KIDS };
enum fx_op { OP_LT, OP_LE, OP_GT, OP_GE, OP_EQ, OP_NE };

struct fx_node {
	enum fx_kind	 kind;
	int		 a, b;		/* operands (indexes), or -1 */
	enum fx_field	 field;
	int		 sig;		/* FF_SIG */
	char		*name;		/* FF_SIDE, or FX_TEXT's word */
	enum fx_op	 op;
	double		 num;
};

struct filter_expr {
	struct fx_node	*n;
	int		 count;
	int		 root;
};

struct fx_parser {
	const char		*s, *p;
	char *const		*names;
	size_t			 nnames;
	struct filter_expr	*e;
	char			*err;
};

static int	parse_chain(struct fx_parser *, enum fx_kind);

int
filter_expr_looks(const char *s)
{
	return strpbrk(s, "<>=!~&|()") != NULL;
}

static int
fail(struct fx_parser *ps, const char *p, const char *what)
{
	if (ps->err == NULL)
		ps->err = xasprintf("column %d: %s", (int)(p - ps->s) + 1,
		    what);
	return -1;
}

static void
skip_space(struct fx_parser *ps)
{
	while (*ps->p == ' ' || *ps->p == '\t')
		ps->p++;
}

static int
node_add(struct fx_parser *ps, enum fx_kind kind, int a, int b)
{
	struct filter_expr	*e = ps->e;
	struct fx_node		*n;

	e->n = xreallocarray(e->n, e->count + 1, sizeof *e->n);
	n = &e->n[e->count];
	memset(n, 0, sizeof *n);
	n->kind = kind;
	n->a = a;
	n->b = b;
	return e->count++;
}

static int
is_field_char(int c)
{
	return isalnum(c) || c == '_' || c == ':' || c == '.' || c == '-' ||
	    c == '/' || c == '@';
}

/* Binds a field name to what a node holds; -1 when unknown. */
static int
field_bind(struct fx_parser *ps, struct fx_node *n, const char *name,
    const char *at)
{
	size_t	i;
	int	s;

	if (strcmp(name, "depth") == 0)
		n->field = FF_DEPTH;
	else if (strcmp(name, "label") == 0 || strcmp(name, "labels") == 0)
		n->field = FF_LABEL;
	else if (strcmp(name, "kids") == 0 || strcmp(name, "children") == 0)
		n->field = FF_KIDS;
	else if ((s = cn_sig_lookup(name)) >= 0) {
		n->field = FF_SIG;
		n->sig = s;
	} else {
		for (i = 0; ps->names != NULL && i < ps->nnames; i++)
			if (strcmp(ps->names[i], name) == 0)
				break;
		if (ps->names != NULL && i == ps->nnames) {
			free(ps->err);
			ps->err = NULL;
			ps->err = xasprintf("column %d: no signal '%s' in this"
			    " trace", (int)(at - ps->s) + 1, name);
			return -1;
		}
		n->field = FF_SIDE;
		n->name = xstrdup(name);
	}
	return 0;
}

/* A quoted or bare word after text~. */
static char *
parse_word(struct fx_parser *ps)
{
	const char	*start;
	char		 q;

	skip_space(ps);
	if (*ps->p == '"' || *ps->p == '\'') {
		q = *ps->p++;
		start = ps->p;
		while (*ps->p != '\0' && *ps->p != q)
			ps->p++;
		if (*ps->p != q) {
			fail(ps, start - 1, "unterminated quote");
			return NULL;
		}
		ps->p++;
		return xstrndup(start, (size_t)(ps->p - 1 - start));
	}
	start = ps->p;
	while (*ps->p != '\0' && *ps->p != ' ' && *ps->p != '\t' &&
	    *ps->p != ')' && *ps->p != '&' && *ps->p != '|')
		ps->p++;
	if (ps->p == start) {
		fail(ps, start, "expected a word after '~'");
		return NULL;
	}
	return xstrndup(start, (size_t)(ps->p - start));
}

static int
parse_test(struct fx_parser *ps)
{
	const char	*start, *opat;
	char		*name, *end;
	struct fx_node	 tmp;
	int		 i;

	skip_space(ps);
	start = ps->p;
	if (!isalpha((unsigned char)*ps->p))
		return fail(ps, ps->p, *ps->p == '\0' ?
		    "expected a signal name at the end" :
		    "expected a signal name");
	while (is_field_char((unsigned char)*ps->p))
		ps->p++;
	name = xstrndup(start, (size_t)(ps->p - start));
	skip_space(ps);
	opat = ps->p;
	if (strcmp(name, "text") == 0) {
		free(name);
		if (*ps->p != '~')
			return fail(ps, opat, "expected '~' after text");
		ps->p++;
		i = node_add(ps, FX_TEXT, -1, -1);
		if ((ps->e->n[i].name = parse_word(ps)) == NULL)
			return -1;
		return i;
	}
	memset(&tmp, 0, sizeof tmp);
	if (field_bind(ps, &tmp, name, start) != 0) {
		free(name);
		return -1;
	}
	free(name);
	if (strncmp(ps->p, "<=", 2) == 0)
		tmp.op = OP_LE, ps->p += 2;
	else if (strncmp(ps->p, ">=", 2) == 0)
		tmp.op = OP_GE, ps->p += 2;
	else if (strncmp(ps->p, "==", 2) == 0)
		tmp.op = OP_EQ, ps->p += 2;
	else if (strncmp(ps->p, "!=", 2) == 0)
		tmp.op = OP_NE, ps->p += 2;
	else if (*ps->p == '<')
		tmp.op = OP_LT, ps->p++;
	else if (*ps->p == '>')
		tmp.op = OP_GT, ps->p++;
	else if (*ps->p == '=')
		tmp.op = OP_EQ, ps->p++;
	else {
		/* No operator: a presence test. */
		i = node_add(ps, FX_HAS, -1, -1);
		ps->e->n[i].field = tmp.field;
		ps->e->n[i].sig = tmp.sig;
		ps->e->n[i].name = tmp.name;
		return i;
	}
	skip_space(ps);
	tmp.num = strtod(ps->p, &end);
	if (end == ps->p || !isfinite(tmp.num)) {
		free(tmp.name);
		return fail(ps, ps->p, "expected a number");
	}
	ps->p = end;
	i = node_add(ps, FX_CMP, -1, -1);
	tmp.kind = FX_CMP;
	tmp.a = tmp.b = -1;
	ps->e->n[i] = tmp;
	return i;
}

static int
parse_unary(struct fx_parser *ps)
{
	const char	*open;
	int		 a;

	skip_space(ps);
	if (*ps->p == '!' && ps->p[1] != '=') {
		ps->p++;
		if ((a = parse_unary(ps)) < 0)
			return -1;
		return node_add(ps, FX_NOT, a, -1);
	}
	if (*ps->p == '(') {
		open = ps->p++;
		if ((a = parse_chain(ps, FX_OR)) < 0)
			return -1;
		skip_space(ps);
		if (*ps->p != ')')
			return fail(ps, *ps->p == '\0' ? open : ps->p,
			    *ps->p == '\0' ? "'(' is not closed" :
			    "expected ')'");
		ps->p++;
		return a;
	}
	return parse_test(ps);
}

/* The operand of an || is an && chain; the operand of an && is unary. */
static int
parse_operand(struct fx_parser *ps, enum fx_kind op)
{
	return op == FX_OR ? parse_chain(ps, FX_AND) : parse_unary(ps);
}

/* A left-associative chain of || (op FX_OR) or && (op FX_AND). */
static int
parse_chain(struct fx_parser *ps, enum fx_kind op)
{
	const char	*tok = op == FX_OR ? "||" : "&&";
	int		 a, b;

	if ((a = parse_operand(ps, op)) < 0)
		return -1;
	for (;;) {
		skip_space(ps);
		if (strncmp(ps->p, tok, 2) != 0)
			return a;
		ps->p += 2;
		if ((b = parse_operand(ps, op)) < 0)
			return -1;
		a = node_add(ps, op, a, b);
	}
}

int
filter_expr_parse(const char *s, char *const *names, size_t nnames,
    struct filter_expr **out, char **cause)
{
	struct fx_parser	ps;

	*out = NULL;
	memset(&ps, 0, sizeof ps);
	ps.s = ps.p = s;
	ps.names = names;
	ps.nnames = nnames;
	ps.e = xcalloc(1, sizeof *ps.e);
	ps.e->root = parse_chain(&ps, FX_OR);
	if (ps.e->root >= 0) {
		skip_space(&ps);
		if (*ps.p != '\0') {
			fail(&ps, ps.p, *ps.p == '&' || *ps.p == '|' ?
			    "expected '&&' or '||'" : "unexpected text");
			ps.e->root = -1;
		}
	}
	if (ps.e->root < 0) {
		if (ps.err == NULL)
			fail(&ps, ps.p, "cannot parse");
		filter_expr_free(ps.e);
		if (cause != NULL)
			*cause = ps.err;
		else
			free(ps.err);
		return -1;
	}
	*out = ps.e;
	if (cause != NULL)
		*cause = NULL;
	return 0;
}

void
filter_expr_free(struct filter_expr *e)
{
	int	i;

	if (e == NULL)
		return;
	for (i = 0; i < e->count; i++)
		free(e->n[i].name);
	free(e->n);
	free(e);
}

static double
field_value(const struct fx_node *x, const struct cn_node *n)
{
	size_t	i;

	switch (x->field) {
	case FF_SIG:
		return n->sig[x->sig];
	case FF_DEPTH:
		return n->depth;
	case FF_LABEL:
		return (double)n->annotation_count;
	case FF_KIDS:
		return (double)n->child_count;
	case FF_SIDE:
		for (i = 0; i < n->nmore; i++)
			if (strcmp(n->more[i].name, x->name) == 0)
				return n->more[i].value;
		break;
	}
	return CN_NOVAL;
}

/* ASCII case-insensitive substring test. */
static int
has_word(const char *hay, const char *word)
{
	size_t	i, len = strlen(word);

	if (hay == NULL)
		return 0;
	for (; *hay != '\0'; hay++) {
		for (i = 0; i < len; i++)
			if (tolower((unsigned char)hay[i]) !=
			    tolower((unsigned char)word[i]))
				break;
		if (i == len)
			return 1;
	}
	return len == 0;
}

static int
eval_at(const struct filter_expr *e, int i, const struct cn_node *n)
{
	const struct fx_node	*x = &e->n[i];
	double			 v;

	switch (x->kind) {
	case FX_OR:
		return eval_at(e, x->a, n) || eval_at(e, x->b, n);
	case FX_AND:
		return eval_at(e, x->a, n) && eval_at(e, x->b, n);
	case FX_NOT:
		return !eval_at(e, x->a, n);
	case FX_TEXT:
		return has_word(n->text, x->name);
	case FX_HAS:
		v = field_value(x, n);
		return x->field == FF_LABEL ? v > 0 : cn_hasval(v);
	case FX_CMP:
		v = field_value(x, n);
		if (!cn_hasval(v))
			return 0;
		switch (x->op) {
		case OP_LT:
			return v < x->num;
		case OP_LE:
			return v <= x->num;
		case OP_GT:
			return v > x->num;
		case OP_GE:
			return v >= x->num;
		case OP_EQ:
			return v == x->num;
		case OP_NE:
			return v != x->num;
		}
	}
	return 0;
}

int
filter_expr_eval(const struct filter_expr *e, const struct cn_node *n)
{
	return eval_at(e, e->root, n);
}

/*
 * view-diff.c - two runs side by side: the subtree of a marked node (M)
 * and another node's or trace's (V, :diff), aligned by step text
 * (analysis.h an_align) as `canopy diff` does: one line per aligned pair,
 * '-' only in A, '+' only in B, '~' where a common signal differs (its
 * two values follow), indented by depth. Enter goes to the line's node
 * (A's when it has one). Computed on a worker (cmpview.c).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"
#include "cmpview.h"
#include "query.h"

#define DF_TEXT_W	60	/* step text shown per line, in bytes */
#define DF_INDENT_MAX	20

struct df_job {
	struct cv_out		 out;
	char			*na, *nb;	/* as the user named them */
	struct query_side	 a, b;
};

static void
df_free(void *arg)
{
	struct df_job	*j = arg;

	cv_out_free(&j->out);
	query_side_free(&j->a);
	query_side_free(&j->b);
	free(j->na);
	free(j->nb);
	free(j);
}

/* Resolves name ("#ID", an address or a trace) and loads its trace. */
static int
df_side_load(struct store *st, const char *name, struct query_side *s,
    char **cause)
{
	int64_t	 node;
	char	*end;
	int	 r;

	if (name[0] == '#') {
		node = strtoll(name + 1, &end, 10);
		r = *end == '\0' && node > 0;
	} else if ((r = store_node_resolve(st, name, &node, cause)) < 0)
		return -1;
	if (r == 0) {
		*cause = xasprintf("no trace or node '%s'", name);
		return -1;
	}
	return query_side_load(st, node, name, s, cause);
}

static void
df_val(struct cn_buf *b, double v)
{
	if (cn_hasval(v))
		buf_printf(b, "%.4g", v);
	else
		buf_addc(b, '-');
}

static void
df_line(struct df_job *j, const struct an_pair *p, unsigned m)
{
	const struct query_side	*one = p->a >= 0 ? &j->a : &j->b;
	int32_t			 i = p->a >= 0 ? p->a : p->b, d;
	const char		*text = one->dt.text[i];
	struct cn_buf		 b;
	enum theme_role		 role = ROLE_DEFAULT;
	char			 mark = ' ';
	int			 k;

	buf_init(&b);
	for (d = 0; d < p->depth && d < DF_INDENT_MAX; d++)
		buf_adds(&b, "  ");
	buf_add(&b, text != NULL ? text : "", text != NULL ?
	    strnlen(text, DF_TEXT_W) : 0);
	if (p->a < 0) {
		mark = '+';
		role = ROLE_GOOD;
	} else if (p->b < 0) {
		mark = '-';
		role = ROLE_BAD;
	} else if (m != 0) {
		mark = '~';
		role = ROLE_MATCH;
	}
	for (k = 0; k < CN_SIG_COUNT; k++) {
		if ((m & (1u << k)) == 0)
			continue;
		buf_printf(&b, "  %s ", cn_sig_names[k]);
		df_val(&b, j->a.sig[k][p->a]);
		buf_adds(&b, " -> ");
		df_val(&b, j->b.sig[k][p->b]);
	}
	cv_add(&j->out, one->dt.ids[i], role, "%c %s", mark, b.s != NULL ?
	    b.s : "");
	buf_free(&b);
}

static int
df_run(struct worker *w, struct store *st, void *arg, char **cause)
{
	struct df_job	*j = arg;
	struct an_align	 al;
	struct cv_out	 body;
	int64_t		 changed;
	unsigned	*m;
	char		*aa, *ab;
	size_t		 i;

	worker_progress(w, 0, 2);
	if (df_side_load(st, j->na, &j->a, cause) != 0)
		return -1;
	worker_progress(w, 1, 2);
	if (worker_cancelled(w) || df_side_load(st, j->nb, &j->b, cause) != 0)
		return -1;
	worker_progress(w, 2, 2);
	changed = query_diff(&j->a, &j->b, &al, &m);
	/* The summary goes first but counts the lines: build them aside. */
	for (i = 0; i < al.n && !worker_cancelled(w); i++)
		df_line(j, &al.pairs[i], m[i]);
	free(m);
	body = j->out;
	memset(&j->out, 0, sizeof j->out);
	aa = store_node_address(st, j->a.node);
	ab = store_node_address(st, j->b.node);
	cv_add(&j->out, j->a.node, ROLE_DEFAULT, "A %s", aa != NULL ? aa :
	    j->na);
	cv_add(&j->out, j->b.node, ROLE_DEFAULT, "B %s", ab != NULL ? ab :
	    j->nb);
	cv_add(&j->out, 0, ROLE_TITLE, "%lld aligned by step text (%lld with"
	    " different values, ~), %lld only in A (-), %lld only in B (+)",
	    (long long)al.both, (long long)changed, (long long)al.only_a,
	    (long long)al.only_b);
	free(aa);
	free(ab);
	for (i = 0; i < body.n; i++) {
		if (j->out.n == j->out.cap) {
			j->out.cap = j->out.cap * 2 + body.n;
			j->out.l = xreallocarray(j->out.l, j->out.cap,
			    sizeof *j->out.l);
		}
		j->out.l[j->out.n++] = body.l[i];
	}
	free(body.l);
	an_align_free(&al);
	return 0;
}

static int
df_start(struct tui *t, const char *a, const char *b)
{
	struct df_job	*j;

	j = xcalloc(1, sizeof *j);
	j->na = xstrdup(a);
	j->nb = xstrdup(b);
	cmpview_start(t, VIEW_DIFF, &(struct cv_job){ df_run, df_free, j,
	    &j->out }, "diff A %s with B %s (aligned by step text)", a, b);
	return TUI_HANDLED | TUI_REDRAW;
}

int
diff_mark(struct tui *t, int64_t cursor)
{
	t->diff_mark = cursor;
	tui_message(t, 0, "marked #%lld: V diffs it with the cursor node",
	    (long long)cursor);
	return TUI_HANDLED | TUI_REDRAW;
}

int
diff_with_mark(struct tui *t, int64_t cursor)
{
	char	a[32], b[32];

	if (t->diff_mark == 0) {
		tui_message(t, 1, "diff: no mark (M marks a node)");
		return TUI_HANDLED | TUI_REDRAW;
	}
	snprintf(a, sizeof a, "#%lld", (long long)t->diff_mark);
	snprintf(b, sizeof b, "#%lld", (long long)cursor);
	return df_start(t, a, b);
}

/* :diff [A] B; without A, the mark, else the tree's cursor node. */
int
diff_command(struct tui *t, const char *arg)
{
	char		*s, *p, *w1 = NULL, *w2 = NULL, *extra = NULL, a[32];
	int		 flags;

	s = xstrdup(arg);
	p = s;
	while (p != NULL && (w1 == NULL || *w1 == '\0'))
		w1 = strsep(&p, " \t");
	while (p != NULL && (w2 == NULL || *w2 == '\0'))
		w2 = strsep(&p, " \t");
	while (p != NULL && (extra == NULL || *extra == '\0'))
		extra = strsep(&p, " \t");
	if (w1 == NULL || *w1 == '\0' || (extra != NULL && *extra != '\0')) {
		tui_message(t, 1, "diff: usage :diff [A] B (addresses, #IDs"
		    " or traces; A defaults to the mark M)");
		free(s);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (w2 != NULL && *w2 != '\0')
		flags = df_start(t, w1, w2);
	else if (t->diff_mark != 0 || cmpview_tree_node(t) != 0) {
		snprintf(a, sizeof a, "#%lld", (long long)(t->diff_mark != 0 ?
		    t->diff_mark : cmpview_tree_node(t)));
		flags = df_start(t, a, w1);
	} else {
		tui_message(t, 1, "diff: name A and B, or mark A with M");
		flags = TUI_HANDLED | TUI_REDRAW;
	}
	free(s);
	return flags;
}

const struct view_ops view_diff_ops = CMPVIEW_OPS("diff");

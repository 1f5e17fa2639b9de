/*
 * report.c - the path report (report.h). Loads the path (root first) and
 * the labels of its nodes, then writes Markdown or HTML from them.
 */
#include "config.h"

#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "textsafe.h"

/* One node of the path with its labels. */
struct rp_step {
	struct cn_node		 n;
	struct cn_annotation	*a;
	size_t			 na;
	char			*address;
};

struct rp_path {
	struct store	*st;
	struct rp_step	*v;
	size_t		 n;
};

static int
rp_label(const struct cn_annotation *a, void *arg)
{
	struct rp_step		*s = arg;

	s->a = xreallocarray(s->a, s->na + 1, sizeof *s->a);
	cn_annotation_copy(&s->a[s->na++], a);
	return 0;
}

/* Adds a node (a copy of its id; the store's record is re-read whole). */
static int
rp_add(const struct cn_node *n, void *arg)
{
	struct rp_path	*p = arg;

	p->v = xreallocarray(p->v, p->n + 1, sizeof *p->v);
	memset(&p->v[p->n], 0, sizeof p->v[p->n]);
	p->v[p->n].n.id = n->id;
	p->n++;
	return 0;
}

static void
rp_path_free(struct rp_path *p)
{
	size_t	i, j;

	for (i = 0; i < p->n; i++) {
		cn_node_clear(&p->v[i].n);
		for (j = 0; j < p->v[i].na; j++)
			cn_annotation_clear(&p->v[i].a[j]);
		free(p->v[i].a);
		free(p->v[i].address);
	}
	free(p->v);
}

static int
rp_load(struct store *st, int64_t id, struct rp_path *p, char **cause)
{
	struct cn_node	 self;
	size_t		 i;
	int64_t		 nid;

	memset(p, 0, sizeof *p);
	p->st = st;
	if (store_ancestors_each(st, id, rp_add, p, cause) != 0)
		return -1;
	cn_node_init(&self);
	self.id = id;
	rp_add(&self, p);
	for (i = 0; i < p->n; i++) {
		nid = p->v[i].n.id;
		if (store_node_get(st, nid, &p->v[i].n, cause) != 1) {
			if (cause != NULL && *cause == NULL)
				*cause = xstrdup("node vanished");
			return -1;
		}
		if (store_annotations_each(st, nid, rp_label, &p->v[i],
		    cause) != 0)
			return -1;
		p->v[i].address = store_node_address(st, nid);
	}
	return 0;
}

/*
 * Appends s with the characters that may not reach a reader raw spelled
 * as \x.. / \u.... (newlines and tabs kept); html escapes & < > " '.
 */
static void
rp_text(struct cn_buf *b, const char *s, int html)
{
	struct textsafe_piece	 p;
	size_t			 len = s != NULL ? strlen(s) : 0, i = 0, k;

	while (i < len) {
		k = textsafe_next(s + i, len - i, &p);
		if (p.kind == TEXTSAFE_INVALID)
			buf_printf(b, "\\x%02x", (unsigned)p.cp);
		else if (p.kind == TEXTSAFE_UNSAFE && p.cp != '\n' &&
		    p.cp != '\t')
			buf_printf(b, p.cp < 0x100 ? "\\x%02x" : "\\u%04x",
			    (unsigned)p.cp);
		else if (html && p.cp == '&')
			buf_adds(b, "&amp;");
		else if (html && p.cp == '<')
			buf_adds(b, "&lt;");
		else if (html && p.cp == '>')
			buf_adds(b, "&gt;");
		else if (html && p.cp == '"')
			buf_adds(b, "&quot;");
		else if (html && p.cp == '\'')
			buf_adds(b, "&#39;");
		else
			buf_add(b, s + i, k);
		i += k;
	}
}

/* Markdown outside code: text with its markup characters escaped. */
static void
rp_md_inline(struct cn_buf *b, const char *s)
{
	struct cn_buf	t;
	size_t		i;

	buf_init(&t);
	rp_text(&t, s, 0);
	for (i = 0; i < t.len; i++) {
		if (t.s[i] == '\n' || t.s[i] == '\t') {
			buf_addc(b, ' ');
			continue;
		}
		if (strchr("\\`*_{}[]<>()#+-.!|~", t.s[i]) != NULL)
			buf_addc(b, '\\');
		buf_addc(b, t.s[i]);
	}
	buf_free(&t);
}

/* A fenced block longer than any run of backticks inside. */
static void
rp_md_block(struct cn_buf *b, const char *s)
{
	struct cn_buf	 t;
	size_t		 i, run = 0, max = 0;

	buf_init(&t);
	rp_text(&t, s != NULL ? s : "", 0);
	for (i = 0; i < t.len; i++) {
		run = t.s[i] == '`' ? run + 1 : 0;
		if (run > max)
			max = run;
	}
	for (i = 0; i < (max < 3 ? 3 : max + 1); i++)
		buf_addc(b, '`');
	buf_printf(b, "text\n%s\n", t.s);
	for (i = 0; i < (max < 3 ? 3 : max + 1); i++)
		buf_addc(b, '`');
	buf_addc(b, '\n');
	buf_free(&t);
}

static void
rp_rating(struct cn_buf *b, const struct cn_annotation *a)
{
	if (a->rating == CN_NORATING)
		buf_adds(b, "unrated");
	else if (a->rating == 0)
		buf_adds(b, "0");
	else
		buf_printf(b, "%+d", a->rating);
	if (a->first_error)
		buf_adds(b, ", first error");
}

static void
rp_values(struct cn_buf *b, const struct cn_node *n, int html)
{
	size_t	i;
	int	any = 0;

	for (i = 0; i < CN_SIG_COUNT; i++) {
		if (!cn_hasval(n->sig[i]))
			continue;
		buf_printf(b, "%s%s=%g", any ? " " : "", cn_sig_names[i],
		    n->sig[i]);
		any = 1;
	}
	for (i = 0; i < n->nmore; i++) {
		buf_adds(b, any ? " " : "");
		rp_text(b, n->more[i].name, html);
		buf_printf(b, "=%g", n->more[i].value);
		any = 1;
	}
	if (!any)
		buf_adds(b, "none");
}

static void
rp_md(const struct rp_path *p, const struct cn_trace *t, struct cn_buf *b)
{
	const struct rp_step	*s;
	size_t			 i, j;

	buf_adds(b, "# ");
	rp_md_inline(b, p->v[p->n - 1].address);
	buf_adds(b, "\n\nTrace ");
	rp_md_inline(b, t->ext_id);
	buf_adds(b, " (");
	rp_md_inline(b, t->format);
	buf_printf(b, "), %zu step%s from the root.", p->n - 1,
	    p->n == 2 ? "" : "s");
	if (t->ground_truth != NULL) {
		buf_adds(b, " Ground truth: ");
		rp_md_inline(b, t->ground_truth);
		buf_addc(b, '.');
	}
	buf_adds(b, "\n\n");
	if (t->problem != NULL) {
		buf_adds(b, "**Problem**\n\n");
		rp_md_block(b, t->problem);
		buf_addc(b, '\n');
	}
	for (i = 0; i < p->n; i++) {
		s = &p->v[i];
		buf_printf(b, "## %zu. ", i);
		rp_md_inline(b, s->address);
		buf_adds(b, " (");
		rp_md_inline(b, s->n.role);
		buf_adds(b, ")\n\n");
		rp_md_block(b, s->n.text);
		if (s->n.observation != NULL) {
			buf_adds(b, "\nObservation:\n\n");
			rp_md_block(b, s->n.observation);
		}
		buf_adds(b, "\n- values: ");
		rp_values(b, &s->n, 0);
		buf_addc(b, '\n');
		for (j = 0; j < s->na; j++) {
			buf_adds(b, "- ");
			rp_md_inline(b, s->a[j].author);
			buf_adds(b, ": ");
			rp_rating(b, &s->a[j]);
			if (s->a[j].tags != NULL) {
				buf_adds(b, "; tags ");
				rp_md_inline(b, s->a[j].tags);
			}
			if (s->a[j].note != NULL) {
				buf_adds(b, "; note: ");
				rp_md_inline(b, s->a[j].note);
			}
			buf_addc(b, '\n');
		}
		buf_addc(b, '\n');
	}
}

/* One SVG chart per common signal that has two values or more. */
static void
rp_svg(const struct rp_path *p, struct cn_buf *b)
{
	const int	 w = 480, h = 120, pad = 8;
	double		 lo, hi, x, y, v;
	size_t		 i, k, have;

	for (k = 0; k < CN_SIG_COUNT; k++) {
		lo = INFINITY;
		hi = -INFINITY;
		for (i = have = 0; i < p->n; i++) {
			if (!cn_hasval(v = p->v[i].n.sig[k]))
				continue;
			have++;
			lo = v < lo ? v : lo;
			hi = v > hi ? v : hi;
		}
		if (have < 2)
			continue;
		if (hi == lo) {
			hi += 0.5;
			lo -= 0.5;
		}
		buf_printf(b, "<figure><figcaption>%s along the path "
		    "(%g to %g)</figcaption>\n<svg xmlns=\"http://www.w3.org/"
		    "2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d "
		    "%d\" role=\"img\"><title>%s</title><polyline fill="
		    "\"none\" stroke=\"#2a6\" stroke-width=\"2\" points=\"",
		    cn_sig_names[k], lo, hi, w, h, w, h, cn_sig_names[k]);
		for (i = 0; i < p->n; i++) {
			if (!cn_hasval(v = p->v[i].n.sig[k]))
				continue;
			x = pad + (p->n > 1 ? (double)i / (double)(p->n - 1) :
			    0) * (w - 2 * pad);
			y = pad + (hi - v) / (hi - lo) * (h - 2 * pad);
			buf_printf(b, "%.1f,%.1f ", x, y);
		}
		buf_adds(b, "\"/></svg></figure>\n");
	}
}

static void
rp_html(const struct rp_path *p, const struct cn_trace *t, struct cn_buf *b)
{
	const struct rp_step	*s;
	size_t			 i, j;

	buf_adds(b, "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
	    "<title>canopy report: ");
	rp_text(b, p->v[p->n - 1].address, 1);
	buf_adds(b, "</title>\n<style>body{font-family:sans-serif;"
	    "max-width:52em;margin:2em auto}pre{white-space:pre-wrap;"
	    "background:#f4f4f4;padding:.5em}figure{margin:1em 0}"
	    ".bad{color:#b00}.good{color:#070}</style></head><body>\n<h1>");
	rp_text(b, p->v[p->n - 1].address, 1);
	buf_adds(b, "</h1>\n<p>Trace ");
	rp_text(b, t->ext_id, 1);
	buf_adds(b, " (");
	rp_text(b, t->format, 1);
	buf_printf(b, "), %zu step%s from the root.", p->n - 1,
	    p->n == 2 ? "" : "s");
	if (t->ground_truth != NULL) {
		buf_adds(b, " Ground truth: ");
		rp_text(b, t->ground_truth, 1);
		buf_addc(b, '.');
	}
	buf_adds(b, "</p>\n");
	if (t->problem != NULL) {
		buf_adds(b, "<h2>Problem</h2>\n<pre>");
		rp_text(b, t->problem, 1);
		buf_adds(b, "</pre>\n");
	}
	rp_svg(p, b);
	for (i = 0; i < p->n; i++) {
		s = &p->v[i];
		buf_printf(b, "<h2>%zu. ", i);
		rp_text(b, s->address, 1);
		buf_adds(b, " (");
		rp_text(b, s->n.role, 1);
		buf_adds(b, ")</h2>\n<pre>");
		rp_text(b, s->n.text, 1);
		buf_adds(b, "</pre>\n");
		if (s->n.observation != NULL) {
			buf_adds(b, "<p>Observation:</p>\n<pre>");
			rp_text(b, s->n.observation, 1);
			buf_adds(b, "</pre>\n");
		}
		buf_adds(b, "<p>values: ");
		rp_values(b, &s->n, 1);
		buf_adds(b, "</p>\n");
		if (s->na == 0)
			continue;
		buf_adds(b, "<ul>\n");
		for (j = 0; j < s->na; j++) {
			buf_printf(b, "<li class=\"%s\">", s->a[j].rating ==
			    -1 ? "bad" : s->a[j].rating == 1 ? "good" : "");
			rp_text(b, s->a[j].author, 1);
			buf_adds(b, ": ");
			rp_rating(b, &s->a[j]);
			if (s->a[j].tags != NULL) {
				buf_adds(b, "; tags ");
				rp_text(b, s->a[j].tags, 1);
			}
			if (s->a[j].note != NULL) {
				buf_adds(b, "; note: ");
				rp_text(b, s->a[j].note, 1);
			}
			buf_adds(b, "</li>\n");
		}
		buf_adds(b, "</ul>\n");
	}
	buf_adds(b, "</body></html>\n");
}

int
report_write(struct store *st, int64_t id, int format, FILE *out,
    char **cause)
{
	struct rp_path	 p;
	struct cn_trace	 t;
	struct cn_buf	 b;
	int		 rc = -1;

	if (cause != NULL)
		*cause = NULL;
	memset(&t, 0, sizeof t);
	buf_init(&b);
	if (rp_load(st, id, &p, cause) != 0)
		goto out;
	if (store_trace_get(st, p.v[0].n.trace_id, &t, cause) != 1) {
		if (cause != NULL && *cause == NULL)
			*cause = xstrdup("trace vanished");
		goto out;
	}
	if (format == REPORT_HTML)
		rp_html(&p, &t, &b);
	else
		rp_md(&p, &t, &b);
	if (fwrite(b.s, 1, b.len, out) != b.len) {
		if (cause != NULL)
			*cause = xstrdup("write failed");
		goto out;
	}
	rc = 0;
out:
	rp_path_free(&p);
	cn_trace_clear(&t);
	buf_free(&b);
	return rc;
}

/*
 * export-steps.c - the writers with one record per labeled path
 * (export.h): processbench, math-shepherd and trl-stepwise. Each checks
 * that the format can hold the path's labels and skips (and counts) a
 * path it cannot, rather than write labels that would read back changed.
 */
#include "config.h"

#include "export.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json-out.h"

#define SH_TAG	"\xd0\xba\xd0\xb8"	/* "ки" */

/* A writer's state across traces. */
struct ex_steps {
	FILE			*out;
	struct export_counts	*c;
	struct jw		 jw;
	int			 n;		/* records written */
};

static const char *
ex_problem(const struct export_trace *et, const struct export_path *p)
{
	if (et->t.problem != NULL)
		return et->t.problem;
	if (et->nodes[p->root].text != NULL)
		return et->nodes[p->root].text;
	return "";
}

static int
ex_flush(struct ex_steps *s, const char *sep, char **cause)
{
	if (fputs(sep, s->out) == EOF ||
	    fwrite(s->jw.b.s, 1, s->jw.b.len, s->out) != s->jw.b.len) {
		if (cause != NULL)
			*cause = xstrdup("write failed");
		return -1;
	}
	jw_reset(&s->jw);
	s->n++;
	s->c->records++;
	return 0;
}

/* A step's rating as a bad (-1) or good (1) label; 0 when unrated. */
static int
ex_sign(const struct export_label *l)
{
	if (l == NULL)
		return 0;
	if (l->first_error || l->rating == -1)
		return -1;
	if (l->rating == 0 || l->rating == 1)
		return 1;
	return 0;
}

/*
 * Checks that steps [0, nlabeled) of p all carry a rating; returns the
 * index of the first that does not, or -1.
 */
static long
ex_unrated(const struct export_path *p)
{
	size_t	i;

	for (i = 0; i < p->nlabeled; i++)
		if (ex_sign(p->labels[i]) == 0)
			return (long)i;
	return -1;
}

static int
ex_pb_trace(struct store *st, const struct export_trace *et, void *arg,
    char **cause)
{
	struct ex_steps		*s = arg;
	struct export_path	*paths, *p;
	const struct export_node *last;
	size_t			 np, i, j;
	long			 label;
	char			*name;
	int			 rc = 0, derived;

	(void)st;
	export_paths(et, 1, &paths, &np);
	for (i = 0; i < np && rc == 0; i++) {
		p = &paths[i];
		name = export_path_name(et, p, np);
		label = -1;
		for (j = 0; j < p->nsteps && label < 0; j++)
			if (ex_sign(p->labels[j]) < 0)
				label = (long)j;
		if (label < 0) {
			for (j = 0; j < p->nsteps; j++)
				if (ex_sign(p->labels[j]) == 0)
					break;
			if (j < p->nsteps) {
				export_skip(s->c, "%s: no wrong step, and "
				    "step %zu is unrated (ProcessBench needs "
				    "the first error or every step checked)",
				    name, j + 1);
				free(name);
				continue;
			}
		}
		last = &et->nodes[p->steps[p->nsteps - 1]];
		derived = !cn_hasval(last->sig[CN_SIG_OUTCOME]);
		jw_obj_begin(&s->jw);
		jw_key(&s->jw, "id");
		jw_str(&s->jw, name);
		jw_key(&s->jw, "problem");
		jw_str(&s->jw, ex_problem(et, p));
		jw_key(&s->jw, "steps");
		jw_arr_begin(&s->jw);
		for (j = 0; j < p->nsteps; j++) {
			const char *t = et->nodes[p->steps[j]].text;

			jw_str(&s->jw, t != NULL ? t : "");
		}
		jw_arr_end(&s->jw);
		jw_key(&s->jw, "final_answer_correct");
		jw_bool(&s->jw, derived ? label < 0 :
		    last->sig[CN_SIG_OUTCOME] == 1);
		if (derived) {
			jw_key(&s->jw, "final_answer_correct_derived");
			jw_bool(&s->jw, 1);
		}
		jw_key(&s->jw, "label");
		jw_int(&s->jw, label);
		jw_key(&s->jw, "author");
		jw_str(&s->jw, p->author);
		jw_obj_end(&s->jw);
		for (j = 0; j < p->nsteps; j++)
			s->c->labels += p->labels[j] != NULL;
		rc = ex_flush(s, s->n == 0 ? "[\n" : ",\n", cause);
		free(name);
	}
	export_paths_free(paths, np);
	return rc;
}

/* Runs fn over the traces o selects with a fresh writer state *s. */
static int
ex_steps_export(struct ex_steps *s, struct store *st,
    const struct export_opts *o, FILE *out, struct export_counts *c,
    export_trace_cb fn, char **cause)
{
	int	rc;

	memset(s, 0, sizeof *s);
	s->out = out;
	s->c = c;
	jw_init(&s->jw);
	rc = export_traces_each(st, o, fn, s, cause);
	jw_free(&s->jw);
	return rc;
}

int
export_processbench(struct store *st, const struct export_opts *o,
    FILE *out, struct export_counts *c, char **cause)
{
	struct ex_steps	s;
	int		rc;

	rc = ex_steps_export(&s, st, o, out, c, ex_pb_trace, cause);
	if (rc == 0 && fputs(s.n == 0 ? "[]\n" : "\n]\n", out) == EOF) {
		if (cause != NULL)
			*cause = xstrdup("write failed");
		rc = -1;
	}
	return rc;
}

/*
 * Whether text would read back as a different step in Math-Shepherd: a
 * tag followed by a newline or ending the text would end the step early.
 */
static int
ex_sh_unsafe(const char *text)
{
	const char	*t = text;
	size_t		 n;

	while ((t = strstr(t, SH_TAG)) != NULL) {
		t += strlen(SH_TAG);
		if (*t == '\n' || *t == '\0')
			return 1;
	}
	n = strlen(text);
	return n > 0 && text[n - 1] == '\n';
}

static int
ex_step_trace(struct store *st, const struct export_trace *et, void *arg,
    char **cause, int shepherd)
{
	struct ex_steps		*s = arg;
	struct export_path	*paths, *p;
	struct cn_buf		 in, lab;
	const char		*t, *problem;
	size_t			 np, i, j;
	long			 bad;
	char			*name;
	int			 rc = 0;

	(void)st;
	buf_init(&in);
	buf_init(&lab);
	export_paths(et, 0, &paths, &np);
	for (i = 0; i < np && rc == 0; i++) {
		p = &paths[i];
		name = export_path_name(et, p, np);
		problem = ex_problem(et, p);
		if ((bad = ex_unrated(p)) >= 0) {
			export_skip(s->c, "%s: step %ld has no rating (every "
			    "step of a path needs one)", name, bad + 1);
			free(name);
			continue;
		}
		if (shepherd && (strstr(problem, "Step 1:") != NULL ||
		    ex_sh_unsafe(problem))) {
			export_skip(s->c, "%s: the problem holds \"Step 1:\" "
			    "or a step tag, which Math-Shepherd cannot tell "
			    "from a step", name);
			free(name);
			continue;
		}
		for (j = 0; shepherd && j < p->nlabeled; j++) {
			t = et->nodes[p->steps[j]].text;
			if (t != NULL && ex_sh_unsafe(t))
				break;
		}
		if (shepherd && j < p->nlabeled) {
			export_skip(s->c, "%s: step %zu holds a step tag "
			    "(\"ки\" before a newline)", name, j + 1);
			free(name);
			continue;
		}
		jw_obj_begin(&s->jw);
		if (shepherd) {
			buf_reset(&in);
			buf_reset(&lab);
			buf_printf(&in, "%s", problem);
			buf_printf(&lab, "%s", problem);
			for (j = 0; j < p->nlabeled; j++) {
				t = et->nodes[p->steps[j]].text;
				buf_printf(&in, "%sStep %zu: %s %s",
				    j == 0 ? " " : "\n", j + 1,
				    t != NULL ? t : "", SH_TAG);
				buf_printf(&lab, "%sStep %zu: %s %c",
				    j == 0 ? " " : "\n", j + 1,
				    t != NULL ? t : "",
				    ex_sign(p->labels[j]) > 0 ? '+' : '-');
			}
			jw_key(&s->jw, "input");
			jw_str(&s->jw, in.s);
			jw_key(&s->jw, "label");
			jw_str(&s->jw, lab.s);
		} else {
			jw_key(&s->jw, "prompt");
			jw_str(&s->jw, problem);
			jw_key(&s->jw, "completions");
			jw_arr_begin(&s->jw);
			for (j = 0; j < p->nlabeled; j++) {
				t = et->nodes[p->steps[j]].text;
				jw_str(&s->jw, t != NULL ? t : "");
			}
			jw_arr_end(&s->jw);
			jw_key(&s->jw, "labels");
			jw_arr_begin(&s->jw);
			for (j = 0; j < p->nlabeled; j++)
				jw_bool(&s->jw, ex_sign(p->labels[j]) > 0);
			jw_arr_end(&s->jw);
		}
		jw_key(&s->jw, "id");
		jw_str(&s->jw, name);
		jw_key(&s->jw, "author");
		jw_str(&s->jw, p->author);
		jw_obj_end(&s->jw);
		buf_addc(&s->jw.b, '\n');
		s->c->labels += (int64_t)p->nlabeled;
		rc = ex_flush(s, "", cause);
		free(name);
	}
	export_paths_free(paths, np);
	buf_free(&in);
	buf_free(&lab);
	return rc;
}

static int
ex_sh_trace(struct store *st, const struct export_trace *et, void *arg,
    char **cause)
{
	return ex_step_trace(st, et, arg, cause, 1);
}

static int
ex_trl_trace(struct store *st, const struct export_trace *et, void *arg,
    char **cause)
{
	return ex_step_trace(st, et, arg, cause, 0);
}

int
export_shepherd(struct store *st, const struct export_opts *o, FILE *out,
    struct export_counts *c, char **cause)
{
	struct ex_steps	s;

	return ex_steps_export(&s, st, o, out, c, ex_sh_trace, cause);
}

int
export_trl_stepwise(struct store *st, const struct export_opts *o,
    FILE *out, struct export_counts *c, char **cause)
{
	struct ex_steps	s;

	return ex_steps_export(&s, st, o, out, c, ex_trl_trace, cause);
}

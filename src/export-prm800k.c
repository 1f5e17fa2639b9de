/*
 * export-prm800k.c - our labels as PRM800K label records (export.h), one
 * per trace and author: the chain runs from the root to that author's
 * deepest labeled node; step i lists the labeled children of chain node
 * i-1 as completions, with chosen_completion naming the one the chain
 * goes on through. Labels the shape cannot hold (below a node off the
 * chain) are counted as skipped.
 */
#include "config.h"

#include "export.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "json-out.h"

#define P8_PREFIX	"prm800k:"

struct ex_p8 {
	FILE			*out;
	struct export_counts	*c;
	struct jw		 jw;
	int64_t			 seq;	/* makes made-up timestamps unique */
};

/* Whether comma-separated tags hold tag. */
static int
ex_has_tag(const char *tags, const char *tag)
{
	size_t		 n = strlen(tag);
	const char	*t = tags;

	while (t != NULL && *t != '\0') {
		if (strncmp(t, tag, n) == 0 && (t[n] == ',' || t[n] == '\0'))
			return 1;
		if ((t = strchr(t, ',')) != NULL)
			t++;
	}
	return 0;
}

/*
 * The record's timestamp: the one a PRM800K import put in the trace id
 * ("<first 8 of labeler>-<timestamp>") so a round trip keeps the id, else
 * the first label's time with a sequence number as the fraction.
 */
static char *
ex_p8_stamp(struct ex_p8 *x, const struct export_trace *et,
    const char *labeler, int64_t when)
{
	char		 buf[64];
	struct tm	 tm;
	time_t		 t = (time_t)when;
	size_t		 n = strnlen(labeler, 8);

	if (et->t.format != NULL && strcmp(et->t.format, "prm800k") == 0 &&
	    strncmp(et->t.ext_id, labeler, n) == 0 &&
	    et->t.ext_id[n] == '-' && et->t.ext_id[n + 1] != '\0')
		return xstrdup(et->t.ext_id + n + 1);
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
	return xasprintf("%s.%06lld", buf, (long long)(++x->seq % 1000000));
}

static void
ex_p8_completion(struct jw *w, const struct export_node *n,
    const struct export_label *l)
{
	jw_obj_begin(w);
	jw_kstr(w, "text", n->text != NULL ? n->text : "");
	jw_krating(w, "rating", l != NULL ? l->rating : CN_NORATING);
	jw_kbool(w, "flagged", l != NULL && ex_has_tag(l->tags, "flagged"));
	jw_obj_end(w);
}

/* Writes one record: author's labels [a, b) with chain end `end`. */
static int
ex_p8_record(struct ex_p8 *x, const struct export_trace *et, size_t a,
    size_t b, size_t end, char **cause)
{
	const struct export_label	**by;
	const char			 *author = et->labels[a].author;
	const char			 *labeler;
	size_t				 *chain, len = 0, i, j, k, used = 0;
	int64_t				  first = INT64_MAX;
	int				  err = 0, rc = 0;
	char				 *stamp;

	by = xcalloc(et->nnodes, sizeof *by);
	for (i = a; i < b; i++) {
		by[et->labels[i].node] = &et->labels[i];
		if (et->labels[i].created < first)
			first = et->labels[i].created;
	}
	for (j = end; et->nodes[j].parent != SIZE_MAX; j = et->nodes[j].parent)
		len++;
	chain = xreallocarray(NULL, len + 1, sizeof *chain);
	chain[len] = SIZE_MAX;
	for (j = end, k = len; k > 0; j = et->nodes[j].parent)
		chain[--k] = j;

	labeler = strncmp(author, P8_PREFIX, strlen(P8_PREFIX)) == 0 ?
	    author + strlen(P8_PREFIX) : author;
	stamp = ex_p8_stamp(x, et, labeler, first);
	jw_obj_begin(&x->jw);
	jw_key(&x->jw, "labeler");
	jw_str(&x->jw, labeler);
	jw_key(&x->jw, "timestamp");
	jw_str(&x->jw, stamp);
	jw_key(&x->jw, "generation");
	jw_null(&x->jw);
	jw_key(&x->jw, "is_quality_control_question");
	jw_bool(&x->jw, 0);
	jw_key(&x->jw, "is_initial_screening_question");
	jw_bool(&x->jw, 0);
	jw_key(&x->jw, "question");
	jw_obj_begin(&x->jw);
	jw_key(&x->jw, "problem");
	jw_str(&x->jw, et->t.problem != NULL ? et->t.problem :
	    (et->nodes[j].text != NULL ? et->nodes[j].text : ""));
	if (et->t.ground_truth != NULL) {
		jw_key(&x->jw, "ground_truth_answer");
		jw_str(&x->jw, et->t.ground_truth);
	}
	jw_obj_end(&x->jw);
	jw_key(&x->jw, "label");
	jw_obj_begin(&x->jw);
	jw_key(&x->jw, "steps");
	jw_arr_begin(&x->jw);
	for (i = 0; i < len; i++) {
		size_t	up = i == 0 ? j : chain[i - 1], pos = 0, chosen = 0;

		jw_obj_begin(&x->jw);
		jw_key(&x->jw, "completions");
		jw_arr_begin(&x->jw);
		/* Siblings in node order: the labeled ones and the chain's. */
		for (k = 0; k < et->nnodes; k++) {
			if (et->nodes[k].parent != up ||
			    (by[k] == NULL && k != chain[i]))
				continue;
			if (k == chain[i])
				chosen = pos;
			if (by[k] != NULL) {
				used++;
				err |= by[k]->rating == -1;
			}
			ex_p8_completion(&x->jw, &et->nodes[k], by[k]);
			pos++;
		}
		jw_arr_end(&x->jw);
		jw_key(&x->jw, "human_completion");
		jw_null(&x->jw);
		jw_key(&x->jw, "chosen_completion");
		jw_int(&x->jw, (int64_t)chosen);
		jw_obj_end(&x->jw);
	}
	jw_arr_end(&x->jw);
	jw_key(&x->jw, "total_time");
	jw_int(&x->jw, 0);
	jw_key(&x->jw, "finish_reason");
	jw_str(&x->jw, err ? "found_error" : "solution");
	jw_obj_end(&x->jw);
	jw_obj_end(&x->jw);
	buf_addc(&x->jw.b, '\n');

	x->c->labels += (int64_t)used;
	if (used < b - a)
		for (i = 0; i < b - a - used; i++)
			export_skip(x->c, "%s: a label by %s below a node off "
			    "the chain (PRM800K has one chain per record)",
			    et->t.ext_id, author);
	if (fwrite(x->jw.b.s, 1, x->jw.b.len, x->out) != x->jw.b.len) {
		if (cause != NULL)
			*cause = xstrdup("write failed");
		rc = -1;
	} else
		x->c->records++;
	jw_reset(&x->jw);
	free(stamp);
	free(chain);
	free(by);
	return rc;
}

static int
ex_p8_trace(struct store *st, const struct export_trace *et, void *arg,
    char **cause)
{
	struct ex_p8		*x = arg;
	struct export_path	*paths;
	size_t			 np, a, b, i, pa, end;

	(void)st;
	export_paths(et, 0, &paths, &np);
	pa = 0;
	for (a = 0; a < et->nlabels; a = b) {
		for (b = a + 1; b < et->nlabels &&
		    strcmp(et->labels[b].author, et->labels[a].author) == 0;
		    b++)
			;
		/* The deepest end of this author's paths, chosen first. */
		end = SIZE_MAX;
		for (i = pa; i < np && strcmp(paths[i].author,
		    et->labels[a].author) == 0; i++) {
			if (end == SIZE_MAX ||
			    paths[i].nsteps > paths[end].nsteps ||
			    (paths[i].nsteps == paths[end].nsteps &&
			    et->nodes[paths[i].end].chosen &&
			    !et->nodes[paths[end].end].chosen))
				end = i;
		}
		pa = i;
		if (end == SIZE_MAX || paths[end].nsteps == 0) {
			export_skip(x->c, "%s: %s labeled only the root",
			    et->t.ext_id, et->labels[a].author);
			continue;
		}
		if (ex_p8_record(x, et, a, b, paths[end].end, cause) != 0) {
			export_paths_free(paths, np);
			return -1;
		}
	}
	export_paths_free(paths, np);
	return 0;
}

int
export_prm800k(struct store *st, const struct export_opts *o, FILE *out,
    struct export_counts *c, char **cause)
{
	struct ex_p8	x;
	int		rc;

	memset(&x, 0, sizeof x);
	x.out = out;
	x.c = c;
	jw_init(&x.jw);
	rc = export_traces_each(st, o, ex_p8_trace, &x, cause);
	jw_free(&x.jw);
	return rc;
}

/*
 * imp-shepherd.c - Math-Shepherd step labels (peiyi9979/Math-Shepherd on
 * the HF hub), JSONL read line by line, format name `math-shepherd`. Two
 * record shapes, told apart per record:
 *
 *	{"input": str, "label": str, "task": "GSM8K"|"MATH"}
 *   input = problem + " Step 1: <text> ки\nStep 2: <text> ки\n...", where
 *   "ки" (U+043A U+0438) tags the end of each step; label = the same text
 *   with each tag replaced by "+" (the step can still reach the right
 *   answer) or "-". A tag is "ки" followed by a newline or the end of the
 *   input (other "ки" are text). Labels are matched by position: the input
 *   and the label are walked together, byte for byte, and the k-th tag must
 *   face a '+' or '-' in the label; any other difference is an error. No
 *   '+' is ever searched for in the text (step texts contain '+'). The
 *   problem is the text before the first "Step 1:"; each step's text runs
 *   from the previous tag's newline to its tag, without a leading
 *   "Step <k>:" when k is its number and without surrounding blanks.
 *
 *	{"prompt": str, "completions": [str], "labels": [bool]}
 *   TRL's "stepwise supervision" form (trl-lib/math_shepherd): prompt =
 *   problem, completions[i] = step i+1, labels[i] = its label.
 *
 * Mapping, one trace per record, ext id "shepherd-<line>" (the line
 * number: the records carry no id):
 *	"root"	role root, text = the problem
 *	"1".."n" role step, a chain; signal "shepherd" = +1 or -1 (an
 *		automatic Monte-Carlo label, not a human rating, so not an
 *		annotation); the last step is terminal
 *	every other member (task, ...) -> trace extra
 * There is no ground truth (the final step only states the model's answer).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "imp-formats.h"
#include "imp-rec.h"

#define SH_TAG		"\xd0\xba\xd0\xb8"	/* "ки" */
#define SH_TAGLEN	4

/* One step found in a record. */
struct sh_step {
	char	*text;		/* owned */
	int	 label;		/* +1 or -1 */
};

struct sh_steps {
	struct sh_step	*v;
	int		 n;
	int		 cap;
	char		*problem;	/* owned */
};

static void
sh_steps_free(struct sh_steps *ss)
{
	int	i;

	for (i = 0; i < ss->n; i++)
		free(ss->v[i].text);
	free(ss->v);
	free(ss->problem);
	memset(ss, 0, sizeof *ss);
}

static void
sh_steps_add(struct sh_steps *ss, char *text, int label)
{
	if (ss->n == ss->cap) {
		ss->cap = ss->cap == 0 ? 16 : ss->cap * 2;
		ss->v = xreallocarray(ss->v, (size_t)ss->cap, sizeof *ss->v);
	}
	ss->v[ss->n].text = text;
	ss->v[ss->n].label = label;
	ss->n++;
}

/* A copy of s[0..n) without leading and trailing blanks. */
static char *
sh_trim(const char *s, size_t n)
{
	while (n > 0 && strchr(" \t\r\n", *s) != NULL) {
		s++;
		n--;
	}
	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		n--;
	return xstrndup(s, n);
}

/* Step text s[0..n) without its "Step k:" prefix when k matches. */
static char *
sh_step_text(const char *s, size_t n, int k)
{
	char	 pfx[32];
	size_t	 pl;

	while (n > 0 && strchr(" \t\r\n", *s) != NULL) {
		s++;
		n--;
	}
	pl = (size_t)snprintf(pfx, sizeof pfx, "Step %d:", k);
	if (n >= pl && memcmp(s, pfx, pl) == 0) {
		s += pl;
		n -= pl;
	}
	return sh_trim(s, n);
}

/* Whether input[i..] is a step tag. */
static int
sh_is_tag(const char *in, size_t len, size_t i)
{
	return i + SH_TAGLEN <= len && memcmp(in + i, SH_TAG, SH_TAGLEN) == 0 &&
	    (i + SH_TAGLEN == len || in[i + SH_TAGLEN] == '\n' ||
	    (in[i + SH_TAGLEN] == '\r' && i + SH_TAGLEN + 1 < len &&
	    in[i + SH_TAGLEN + 1] == '\n'));
}

/* Splits a tagged input and its label into the problem and steps. */
static int
sh_split(struct imp_jrec *jr, const char *in, size_t inlen, const char *lab,
    size_t lablen, struct sh_steps *ss, char **msg)
{
	const char	*s1;
	size_t		 i, j, start, ntags = 0, total = 0;

	if ((s1 = strstr(in, "Step 1:")) == NULL) {
		*msg = imp_jrec_msg(jr, "input", "no \"Step 1:\" (the problem "
		    "ends where it begins)");
		return -1;
	}
	ss->problem = sh_trim(in, (size_t)(s1 - in));
	start = (size_t)(s1 - in);
	for (i = 0; i < inlen; i++)
		if (sh_is_tag(in, inlen, i))
			total++;
	for (i = j = 0; i < inlen; i++, j++) {
		if (j >= lablen) {
			*msg = imp_jrec_msg(jr, "label", "ends before input "
			    "byte %zu (%zu of %zu step tags labelled)", i + 1,
			    ntags, total);
			return -1;
		}
		if (sh_is_tag(in, inlen, i)) {
			ntags++;
			if (lab[j] != '+' && lab[j] != '-') {
				*msg = imp_jrec_msg(jr, "label", "byte %zu "
				    "faces step tag %zu (input byte %zu) but "
				    "is not '+' or '-'", j + 1, ntags, i + 1);
				return -1;
			}
			if (i < start) {
				*msg = imp_jrec_msg(jr, "input", "step tag %zu "
				    "(byte %zu) comes before \"Step 1:\"",
				    ntags, i + 1);
				return -1;
			}
			sh_steps_add(ss, sh_step_text(in + start, i - start,
			    ss->n + 1), lab[j] == '+' ? 1 : -1);
			i += SH_TAGLEN - 1;
			start = i + 1;
			continue;
		}
		if (in[i] != lab[j]) {
			*msg = imp_jrec_msg(jr, "label", "differs from the "
			    "input at label byte %zu (input byte %zu): the "
			    "label must be the input with each step tag "
			    "replaced by '+' or '-'", j + 1, i + 1);
			return -1;
		}
	}
	if (j != lablen) {
		*msg = imp_jrec_msg(jr, "label", "has %zu bytes after the end "
		    "of the input (which has %zu step tags)", lablen - j,
		    ntags);
		return -1;
	}
	if (ntags == 0) {
		*msg = imp_jrec_msg(jr, "input", "no step tags (\"" SH_TAG
		    "\" at the end of a line)");
		return -1;
	}
	for (i = start; i < inlen; i++)
		if (strchr(" \t\r\n", in[i]) == NULL) {
			*msg = imp_jrec_msg(jr, "input", "text after the last "
			    "step tag (byte %zu)", i + 1);
			return -1;
		}
	return 0;
}

/* The TRL stepwise shape. */
static int
sh_trl(struct imp_jrec *jr, const cJSON *rec, struct sh_steps *ss,
    char **msg)
{
	const cJSON	*p, *comps, *labels, *c, *l;
	char		*path;
	int		 i, n;
	const struct imp_rec_field	 fields[] = {
		{ "prompt", cJSON_String, 1, &p },
		{ "completions", cJSON_Array, 1, &comps },
		{ "labels", cJSON_Array, 1, &labels },
		{ NULL, 0, 0, NULL }
	};

	if (imp_rec_fields(jr, rec, "", fields, msg) != 0)
		return -1;
	n = cJSON_GetArraySize(comps);
	if (n == 0) {
		*msg = imp_jrec_msg(jr, "completions", "empty (a solution has "
		    "at least one step)");
		return -1;
	}
	if (cJSON_GetArraySize(labels) != n) {
		*msg = imp_jrec_msg(jr, "labels", "%d labels for %d "
		    "completions", cJSON_GetArraySize(labels), n);
		return -1;
	}
	ss->problem = xstrdup(p->valuestring);
	for (i = 0; i < n; i++) {
		c = cJSON_GetArrayItem(comps, i);
		l = cJSON_GetArrayItem(labels, i);
		if (!cJSON_IsString(c)) {
			path = imp_rec_index("completions", i);
			*msg = imp_jrec_msg(jr, path, "expected a string, not "
			    "%s", imp_rec_type(c));
			free(path);
			return -1;
		}
		if (!cJSON_IsBool(l)) {
			path = imp_rec_index("labels", i);
			*msg = imp_jrec_msg(jr, path, "expected true or false, "
			    "not %s", imp_rec_type(l));
			free(path);
			return -1;
		}
		sh_steps_add(ss, xstrdup(c->valuestring),
		    cJSON_IsTrue(l) ? 1 : -1);
	}
	return 0;
}

static int
sh_record(struct imp_jrec *jr, const cJSON *rec, void *arg, char **msg)
{
	static const char *const used_tagged[] = { "input", "label", NULL };
	static const char *const used_trl[] = {
		"prompt", "completions", "labels", NULL
	};
	const struct imp_sink	*sink = ((struct imp_ctx *)arg)->sink;
	struct sh_steps		 ss;
	struct cn_trace		 t;
	struct cn_signal	 sig;
	const cJSON		*in, *lab;
	char			*id = NULL, *extra = NULL;
	char			 parent[32];
	int			 rc = CN_BAD, i, trl;
	const struct imp_rec_field	 tagged[] = {
		{ "input", cJSON_String, 1, &in },
		{ "label", cJSON_String, 1, &lab },
		{ NULL, 0, 0, NULL }
	};

	memset(&ss, 0, sizeof ss);
	if (imp_rec_object(jr, rec, NULL, msg) != 0)
		return CN_BAD;
	trl = cJSON_GetObjectItemCaseSensitive(rec, "input") == NULL &&
	    cJSON_GetObjectItemCaseSensitive(rec, "prompt") != NULL;
	if (trl) {
		if (sh_trl(jr, rec, &ss, msg) != 0)
			goto out;
	} else {
		if (cJSON_GetObjectItemCaseSensitive(rec, "input") == NULL) {
			*msg = imp_jrec_msg(jr, NULL, "neither {input, label} "
			    "(Math-Shepherd) nor {prompt, completions, "
			    "labels} (TRL stepwise)");
			goto out;
		}
		if (imp_rec_fields(jr, rec, "", tagged, msg) != 0)
			goto out;
		if (sh_split(jr, in->valuestring, strlen(in->valuestring),
		    lab->valuestring, strlen(lab->valuestring), &ss,
		    msg) != 0)
			goto out;
	}

	id = xasprintf("shepherd-%ld", jr->line0);
	extra = imp_json_extra(rec, trl ? used_trl : used_tagged, 0);
	t = (struct cn_trace){ .ext_id = id, .format = "math-shepherd",
	    .problem = ss.problem, .extra = extra };
	if ((rc = imp_rec_trace(sink, &t, jr->name, jr->line0,
	    msg)) != CN_OK)
		goto out;
	if ((rc = imp_rec_root(sink, ss.problem, NULL, 0, jr->name, jr->line0,
	    msg)) != CN_OK)
		goto out;
	snprintf(parent, sizeof parent, "root");
	for (i = 0; i < ss.n; i++) {
		sig.name = "shepherd";
		sig.value = ss.v[i].label;
		if ((rc = imp_rec_step(sink, jr, parent, sizeof parent, i + 1,
		    ss.v[i].text, i == ss.n - 1, &sig, 1, msg)) != CN_OK)
			goto out;
	}
	rc = CN_OK;
out:
	free(id);
	free(extra);
	sh_steps_free(&ss);
	return rc;
}

/* Its state is the bare context. */
const struct imp_rec_kind imp_shepherd_kind = {
	sizeof (struct imp_ctx), 0, sh_record, NULL
};

int
imp_shepherd_sniff(const char *buf, size_t len, char **why)
{
	struct imp_jscan_key	 keys[16];
	const char		*line;
	size_t			 linelen;
	int			 n;

	if ((n = imp_rec_sniff_line(buf, len, keys, 16, &line, &linelen,
	    why)) < 0)
		return 0;
	/* input is long; when label is past the buffer, look for a tag. */
	if (imp_jscan_key_is(keys, n, "input", "\"") &&
	    (imp_jscan_key_is(keys, n, "label", "\"") ||
	    memmem(line, linelen, SH_TAG, SH_TAGLEN) != NULL))
		return 1;
	if (imp_jscan_key_is(keys, n, "prompt", "\"") &&
	    imp_jscan_key_is(keys, n, "completions", "["))
		return 1;
	*why = xstrdup("first record has neither an \"input\" string with "
	    "step tags and a \"label\", nor \"prompt\" and \"completions\"");
	return 0;
}

/*
 * imp-alphamath.c - importer for AlphaMath / Super_MARIO tree dumps
 * (MARIO-Math-Reasoning/Super_MARIO; examples in tests/fixtures/alphamath/).
 *
 * Format: JSONL, one question per line: the input record (question,
 * answer, ...) plus "react": {tag: state}, as written by solver_demo.py
 * from return_states() (mcts.py, step_beam.py). Tags are dotted paths of
 * 0-based child indexes: "0" is the root, "0.1" its second child, "0.1.3"
 * a grandchild; they may come in any order. state = {text, extra_info,
 * action, action_input, final_answer, value, q_value, prior, visit_count}
 * (step_beam.py writes only value, and adds a key "solutions" to react).
 * Lines are read one at a time (memory is bounded by the longest line and
 * its tree). No real file was available: the tests use fixtures written
 * from the code above.
 *
 * Mapping: one trace per line, ext id = the record's "id" or "unique_id"
 * when present, else "<file stem>:<line>". question -> problem, answer ->
 * ground truth (compact JSON when not a string); the other record members
 * and the react keys that are not tags (e.g. "solutions", under "react")
 * -> trace extra. One node per tag, ext id = the tag, parent = the tag
 * without its last component. The root (tag without a dot; role "root")
 * has text = question (its own state text, if any, -> extra); other nodes
 * (role "step") have text = state.text. visit_count -> visits; q_value ->
 * q, absent when visit_count is 0 (Super_MARIO reports 0 for unvisited
 * nodes); prior -> prior; value -> value, absent when -100 (Super_MARIO's
 * "unset"). A non-empty final_answer makes the node terminal and goes to
 * extra with the other state members (empty strings and nulls dropped).
 *
 * Errors: a line that is not JSON, not an object, has no "react" object,
 * a tag that is not dotted integers (other keys are kept, see above: a key
 * made of digits and dots but malformed, e.g. "0..1", is an error), a
 * state that is not an object or holds a wrong type, no root, two roots or
 * a missing parent tag, is a bad record: the whole line is rejected
 * (skipped and counted with --skip-bad) before anything of it reaches the
 * sink. Messages are "name:line:col:" for JSON errors and "name:line:1:"
 * plus the tag for the others.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "importers.h"
#include "imp-formats.h"
#include "imp-rec.h"
#include "imp-jscan.h"
#include "imp-links.h"
#include "imp-text.h"

/* The state members that map to node fields. */
static const char *const am_used[] = { "text", "visit_count", "q_value",
    "prior", "value", NULL };

/* The record members that map to trace fields. */
static const char *const am_rused[] = { "question", "answer", "react",
    NULL };

/*
 * 1 if key is a tag (digits and dots), 0 if it is another key, -1 if it is
 * made of digits and dots but is not a dotted path ("0..1", ".0", "0.").
 */
static int
am_tag(const char *key)
{
	const char	*p;
	int		 digit = 0;

	for (p = key; *p != '\0'; p++)
		if (!isdigit((unsigned char)*p) && *p != '.')
			return 0;
	if (*key == '\0')
		return 0;
	for (p = key; *p != '\0'; p++) {
		if (*p == '.') {
			if (!digit)
				return -1;
			digit = 0;
		} else
			digit = 1;
	}
	return digit ? 1 : -1;
}

/* Checks a state's types; returns a message (heap) or NULL. */
static char *
am_state_check(const cJSON *st)
{
	static const char *const nums[] = { "visit_count", "q_value",
	    "prior", "value", NULL };
	static const char *const strs[] = { "text", "final_answer", NULL };
	const char	*bad;

	if (!cJSON_IsObject(st))
		return xstrdup("state is not an object");
	if ((bad = imp_json_mistyped(st, nums, cJSON_Number)) != NULL)
		return xasprintf("\"%s\" is not a number", bad);
	if ((bad = imp_json_mistyped(st, strs, cJSON_String)) != NULL)
		return xasprintf("\"%s\" is not a string", bad);
	return NULL;
}

/*
 * The state members not mapped to node fields, without nulls and empty
 * strings (Super_MARIO's defaults), as compact JSON or NULL.
 */
static char *
am_state_extra(const cJSON *st, int isroot)
{
	/* The root's own text is not its node text: keep it. */
	return imp_json_extra(st, isroot ? am_used + 1 : am_used,
	    IMP_JSON_NO_NULL | IMP_JSON_NO_EMPTY);
}

/* The parent tag (heap), or NULL for a root tag. */
static char *
am_parent(const char *tag)
{
	const char	*dot = strrchr(tag, '.');

	return dot != NULL ? xstrndup(tag, (size_t)(dot - tag)) : NULL;
}

/*
 * A sink status: CN_OK go on, CN_BAD record rejected (and counted under
 * skip-bad), CN_FATAL stop.
 */
static int
am_sink(const struct imp_opts *o, struct imp_report *rep, const char *name,
    long line, int rc, char **scausep, char **cause)
{
	char	*msg, *scause = *scausep;

	*scausep = NULL;
	if (rc == CN_OK) {
		free(scause);
		return CN_OK;
	}
	msg = xasprintf("%s:%ld:1: %s", name, line,
	    scause != NULL ? scause : "rejected");
	free(scause);
	if (rc == CN_BAD)
		return imp_bad(o, rep, msg, cause) == 0 ? CN_BAD : CN_FATAL;
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return CN_FATAL;
}

/*
 * Imports one parsed line. Returns CN_OK, CN_BAD (bad record, *bad says
 * why) or CN_FATAL (stop; *cause set).
 */
static int
am_record(const cJSON *rec, const char *name, long line,
    const struct imp_opts *o, const struct imp_sink *sink,
    struct imp_report *rep, char **bad, char **cause)
{
	const cJSON	 *react, *c, *idv, **states = NULL;
	struct imp_link	 *lk = NULL;
	struct cn_trace	  t;
	struct cn_node	  node;
	cJSON		 *ex = NULL, *rx = NULL;
	char		**parents = NULL, *tid = NULL, *truth = NULL;
	char		 *textra = NULL, *nextra, *scause, *stem;
	const char	 *question;
	size_t		  n = 0, i, ntags;
	long		  root;
	int		  rc = 0, k;
	double		  vc, v;

	*bad = NULL;
	if (!cJSON_IsObject(rec)) {
		*bad = xstrdup("not a JSON object");
		return CN_BAD;
	}
	react = cJSON_GetObjectItemCaseSensitive(rec, "react");
	if (!cJSON_IsObject(react)) {
		*bad = xstrdup("no \"react\" object");
		return CN_BAD;
	}
	c = cJSON_GetObjectItemCaseSensitive(rec, "question");
	if (c != NULL && !cJSON_IsNull(c) && !cJSON_IsString(c)) {
		*bad = xstrdup("\"question\" is not a string");
		return CN_BAD;
	}
	question = imp_json_str(rec, "question");

	/* Tags and their states; other react keys go to the trace extra. */
	ntags = (size_t)cJSON_GetArraySize(react);
	lk = xcalloc(ntags + 1, sizeof *lk);
	parents = xcalloc(ntags + 1, sizeof *parents);
	states = xcalloc(ntags + 1, sizeof *states);
	cJSON_ArrayForEach(c, react) {
		char	*msg;

		k = am_tag(c->string);
		if (k < 0) {
			*bad = xasprintf("tag %s: not a dotted path of "
			    "integers", c->string);
			goto bad;
		}
		if (k == 0) {
			if (rx == NULL && (rx = cJSON_CreateObject()) == NULL)
				fatalx("out of memory building JSON");
			cJSON_AddItemReferenceToObject(rx, c->string,
			    (cJSON *)(uintptr_t)c);
			continue;
		}
		if ((msg = am_state_check(c)) != NULL) {
			*bad = xasprintf("tag %s: %s", c->string, msg);
			free(msg);
			goto bad;
		}
		parents[n] = am_parent(c->string);
		lk[n].id = c->string;
		lk[n].parent = parents[n];
		states[n] = c;
		n++;
	}
	root = imp_links_check(lk, n);
	if (root < 0) {
		*bad = xstrdup("no root tag (a tag without a dot, e.g. "
		    "\"0\")");
		goto bad;
	}
	for (i = 0; i < n; i++) {
		if (lk[i].status != IMP_LINK_OK) {
			*bad = imp_links_why(&lk[i], "tag");
			goto bad;
		}
	}

	/* The trace. */
	idv = cJSON_GetObjectItemCaseSensitive(rec, "id");
	if (idv == NULL || cJSON_IsNull(idv))
		idv = cJSON_GetObjectItemCaseSensitive(rec, "unique_id");
	if ((tid = imp_json_id(idv)) == NULL) {
		stem = imp_text_stem(name, NULL);
		tid = xasprintf("%s:%ld", stem, line);
		free(stem);
	}
	c = cJSON_GetObjectItemCaseSensitive(rec, "answer");
	if (cJSON_IsString(c))
		truth = xstrdup(c->valuestring);
	else if (c != NULL && !cJSON_IsNull(c))
		truth = imp_json_print(c);
	if ((ex = cJSON_CreateObject()) == NULL)
		fatalx("out of memory building JSON");
	imp_json_keep(&ex, rec, am_rused, 0);
	if (rx != NULL) {
		cJSON_AddItemToObject(ex, "react", rx);
		rx = NULL;
	}
	textra = ex->child != NULL ? imp_json_print(ex) : NULL;
	t = (struct cn_trace){ .ext_id = tid, .format = "alphamath",
	    .source = name, .problem = question, .ground_truth = truth,
	    .extra = textra };
	scause = NULL;
	rc = am_sink(o, rep, name, line, sink->trace(sink->arg, &t, &scause),
	    &scause, cause);

	/* The nodes, in the order of the file. */
	for (i = 0; rc == 0 && i < n; i++) {
		const cJSON *st = states[i];

		cn_node_init(&node);
		node.ext_id = lk[i].id;
		node.parent_ext = lk[i].parent;
		node.src_line = line;
		node.role = (long)i == root ? "root" : "step";
		node.text = (long)i == root ? question :
		    imp_json_str(st, "text");
		vc = imp_json_num(st, "visit_count");
		node.sig[CN_SIG_VISITS] = vc;
		if (cn_hasval(vc) && vc > 0)
			node.sig[CN_SIG_Q] = imp_json_num(st, "q_value");
		node.sig[CN_SIG_PRIOR] = imp_json_num(st, "prior");
		v = imp_json_num(st, "value");
		if (cn_hasval(v) && v != -100)
			node.sig[CN_SIG_VALUE] = v;
		node.terminal = imp_json_str(st, "final_answer") != NULL &&
		    *imp_json_str(st, "final_answer") != '\0';
		nextra = am_state_extra(st, (long)i == root);
		node.extra = nextra;
		scause = NULL;
		rc = am_sink(o, rep, name, line, sink->node(sink->arg, &node,
		    &scause), &scause, cause);
		free(nextra);
	}
	goto out;
bad:
	rc = CN_BAD;
out:
	xfree_strv(parents, n);
	free(states);
	free(lk);
	free(tid);
	free(truth);
	free(textra);
	cJSON_Delete(ex);
	cJSON_Delete(rx);
	/* A record the sink rejected was already counted by am_sink. */
	return rc == CN_BAD && *bad == NULL ? CN_OK : rc;
}

/* What am_line needs besides the record. */
/* One line for imp_rec_run (its state is the bare context). */
static int
am_line(struct imp_jrec *jr, const cJSON *rec, void *arg, char **msg)
{
	struct imp_ctx	*ar = arg;
	char		*bad = NULL;
	int		 r;

	r = am_record(rec, jr->name, jr->line0, ar->opts, ar->sink, ar->rep,
	    &bad, msg);
	return imp_jrec_status(jr, r, bad, msg);
}

const struct imp_rec_kind imp_alphamath_kind = {
	sizeof (struct imp_ctx), 0, am_line, NULL
};

int
imp_alphamath_sniff(const char *buf, size_t len, char **why)
{
	struct imp_jscan_key	 k;
	size_t			 i, off2;
	long			 off;
	int			 complete;

	/* A top-level array of records: its first element. */
	i = imp_rec_first(buf, len, &off2);
	/* "react": {"<digit>...": a tree of states keyed by tag. */
	if (i < len && buf[i] == '{' &&
	    (off = imp_jscan_find_key(buf, len, "react")) >= 0 &&
	    buf[off] == '{' && imp_jscan_keys(buf + off, len - (size_t)off,
	    &k, 1, &complete) == 1 && isdigit((unsigned char)k.name[0]))
		return 1;
	if (why != NULL)
		*why = xstrdup("no \"react\": {\"<tag>\": ...} tree "
		    "(Super_MARIO JSONL)");
	return 0;
}

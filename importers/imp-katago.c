/*
 * imp-katago.c - importer for KataGo analysis-engine responses
 * (lightvector/KataGo analysis engine; a real file is
 * tests/fixtures/real/katago/basic.responses.jsonl).
 *
 * Format: JSONL, the engine's stdout: one response per analysed (query id,
 * turnNumber), in any order: {id, turnNumber, isDuringSearch, moveInfos:
 * [{move, visits, winrate, prior, utility, lcb, scoreLead, order, pv,
 * pvVisits?, pvEdgeVisits?, ...}], rootInfo: {visits, winrate, utility,
 * lcb?, scoreLead, currentPlayer, thisHash, ...}, ownership?, policy?}.
 * Responses with "isDuringSearch": true are partial reports (query option
 * reportDuringSearchEvery); each analysis ends with exactly one final
 * report (isDuringSearch false or absent). A query id may be reused by
 * later queries (KataGo's own regression output does so), so one (id,
 * turn) can have several final reports: each is a separate analysis.
 * Also on stdout: echoes of special actions ({"action": ...}), ignored;
 * errors and warnings ({"error"|"warning", "field"?, "id"?}): with an id
 * they become an annotation on that query's root, without one (general
 * errors, not tied to a query) they are ignored.
 *
 * Mapping: one trace per query id (ext id = the id; responses of one id
 * need not be adjacent: the trace is resumed). Its root (ext id "root",
 * role "root") has text = the id. Each final report is a child of the root
 * (role "step", ext id "t<turn>", or "t<turn>.<k>" for the k-th analysis,
 * k >= 2, of the same turn), text "turn N" ("turn N (analysis k)"):
 * visits = rootInfo.visits, q = rootInfo.winrate, signals utility, lcb and
 * scoreLead from rootInfo; the rest of rootInfo and of the response
 * (ownership, policy, ownershipStdev, noResults...) -> extra. Each moveInfo
 * is a child of its turn (role "action", ext id "<turn ext>/<move>", text =
 * move): visits, q = winrate, prior, signals utility, lcb, scoreLead; the
 * best move (order 0) and its pv are chosen; the rest (scoreMean,
 * scoreStdev, utilityLcb, order, edgeVisits, ownership...) -> extra. Its pv
 * (which starts with the move itself) continues as a chain below it: ext
 * id "<move ext>/<i>" for pv[i], text = pv[i], visits = pvVisits[i] when
 * present, pvEdgeVisits[i] -> extra. Winrates and scores are from the
 * perspective set by the engine's reportAnalysisWinratesAs, which the
 * responses do not carry: read them as the engine was configured.
 *
 * Partial reports: a final report supersedes the partial ones of its (id,
 * turn), which are then dropped; a partial report supersedes the previous
 * partial of its (id, turn). Only the latest partial report per pending
 * (id, turn) is kept in memory (the raw line); those never followed by a
 * final report (a search cut short) are imported at end of input, in the
 * order of their lines, with "isDuringSearch": true in the turn's extra.
 * Memory is therefore bounded by the pending partial lines plus a small
 * record per (id, turn) and per id seen. Since nothing else is held back,
 * turns become children of their root in the order their final reports
 * arrive (the engine answers in completion order, not turn order).
 *
 * Errors: a line that is not JSON or not an object, a response without a
 * string id or an integer turnNumber >= 0, or with wrong types in
 * moveInfos/rootInfo (checked before anything of it reaches the sink), is
 * a bad record: rejected as a whole, skipped and counted with --skip-bad.
 * Messages are "name:line:col:" for JSON errors, "name:line:1:" plus the
 * field for the others.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hmap.h"
#include "importers.h"
#include "imp-formats.h"
#include "imp-rec.h"
#include "imp-text.h"

/* What the importer keeps about an (id, turn) key or an id. */
struct kg_ent {
	int		 finals;	/* (id, turn): final reports so far */
	int		 started;	/* id: trace and root sent */
	char		*partial;	/* (id, turn): latest pending partial */
	size_t		 plen;
	long		 pline;
};

struct kg {
	struct imp_ctx		 ctx;
	struct hmap		 turns;	/* "id\n turn" -> kg_ent */
	struct hmap		 ids;	/* id -> kg_ent */
	char			*cur;	/* id of the sink's current trace */
};

/* Finds key in m, adding it when absent. */
static struct kg_ent *
kg_get(struct hmap *m, const char *key)
{
	struct hmap_ent	*e;

	e = hmap_add(m, key, NULL);
	if (e->ptr == NULL)
		e->ptr = xcalloc(1, sizeof (struct kg_ent));
	return e->ptr;
}

static void
kg_map_free(struct hmap *m)
{
	struct hmap_ent	*e;
	struct kg_ent	*k;
	size_t		 i = 0;

	while ((e = hmap_next(m, &i)) != NULL) {
		k = e->ptr;
		free(k->partial);
		free(k);
	}
	hmap_free(m);
}

/*
 * A sink status: CN_OK go on, CN_BAD record rejected (and counted under
 * skip-bad), CN_FATAL stop.
 */
static int
kg_sink(struct kg *k, long line, int rc, char **scausep)
{
	return imp_sink_status(k->ctx.opts, k->ctx.rep, k->ctx.cause, rc,
	    scausep, "%s:%ld:1", k->ctx.name, line);
}

/* Makes id the sink's current trace, starting it (and its root) once. */
static int
kg_trace(struct kg *k, const char *id, long line)
{
	struct kg_ent	*e;
	struct cn_trace	 t;
	struct cn_node	 root;
	char		*scause = NULL;
	int		 rc;

	if (k->cur != NULL && strcmp(k->cur, id) == 0)
		return 0;
	e = kg_get(&k->ids, id);
	memset(&t, 0, sizeof t);
	t.ext_id = id;
	if (!e->started) {
		t.format = "katago";
		t.source = k->ctx.name;
	}
	rc = kg_sink(k, line, k->ctx.sink->trace(k->ctx.sink->arg, &t,
	    &scause), &scause);
	if (rc != 0)
		return rc;
	free(k->cur);
	k->cur = xstrdup(id);
	if (e->started)
		return 0;
	cn_node_init(&root);
	root.ext_id = "root";
	root.role = "root";
	root.text = id;
	root.src_line = line;
	scause = NULL;
	rc = kg_sink(k, line, k->ctx.sink->node(k->ctx.sink->arg, &root,
	    &scause), &scause);
	if (rc == 0)
		e->started = 1;
	return rc;
}

static const char *const kg_sigs[] = { "visits", "winrate", "prior",
    "utility", "lcb", "scoreLead", "order", NULL };

static int
kg_strcmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int
kg_is_move(const cJSON *v)
{
	return cJSON_IsString(v) && *v->valuestring != '\0';
}

static int
kg_is_number(const cJSON *v)
{
	return cJSON_IsNumber(v);
}

/*
 * Checks member key of moveInfos[k] (m): absent, or a list whose elements
 * pass ok. Returns a message (heap) saying the element is `what`, or NULL.
 */
static char *
kg_list(const cJSON *m, int k, const char *key, int (*ok)(const cJSON *),
    const char *what)
{
	const cJSON	*l, *v;
	int		 j = 0;

	l = cJSON_GetObjectItemCaseSensitive(m, key);
	if (l != NULL && !cJSON_IsArray(l))
		return xasprintf("moveInfos[%d].%s is not an array", k, key);
	cJSON_ArrayForEach(v, l) {
		if (!ok(v))
			return xasprintf("moveInfos[%d].%s[%d] is %s", k, key,
			    j, what);
		j++;
	}
	return NULL;
}

/* Checks an analysis response; returns a message (heap) or NULL. */
static char *
kg_check(const cJSON *r)
{
	const cJSON	*mi, *ri, *m;
	const char	*bad, **moves;
	size_t		 nm = 0, i;
	int		 k = 0;

	ri = cJSON_GetObjectItemCaseSensitive(r, "rootInfo");
	if (ri != NULL && !cJSON_IsNull(ri) && !cJSON_IsObject(ri))
		return xstrdup("\"rootInfo\" is not an object");
	if ((bad = imp_json_mistyped(ri, kg_sigs, cJSON_Number)) != NULL)
		return xasprintf("rootInfo.%s is not a number", bad);
	mi = cJSON_GetObjectItemCaseSensitive(r, "moveInfos");
	if (mi != NULL && !cJSON_IsNull(mi) && !cJSON_IsArray(mi))
		return xstrdup("\"moveInfos\" is not an array");
	if (!cJSON_IsArray(mi))
		return NULL;
	moves = xcalloc((size_t)cJSON_GetArraySize(mi) + 1, sizeof *moves);
	cJSON_ArrayForEach(m, mi) {
		char	*msg = NULL;

		if (!cJSON_IsObject(m))
			msg = xasprintf("moveInfos[%d] is not an object", k);
		else if (imp_json_str(m, "move") == NULL ||
		    *imp_json_str(m, "move") == '\0')
			msg = xasprintf("moveInfos[%d]: no \"move\" string",
			    k);
		else if ((bad = imp_json_mistyped(m, kg_sigs,
		    cJSON_Number)) != NULL)
			msg = xasprintf("moveInfos[%d].%s is not a number", k,
			    bad);
		if (msg == NULL)
			msg = kg_list(m, k, "pv", kg_is_move, "not a move");
		if (msg == NULL)
			msg = kg_list(m, k, "pvVisits", kg_is_number,
			    "not a number");
		if (msg != NULL) {
			free(moves);
			return msg;
		}
		moves[nm++] = imp_json_str(m, "move");
		k++;
	}
	qsort(moves, nm, sizeof *moves, kg_strcmp);
	for (i = 1; i < nm; i++)
		if (strcmp(moves[i], moves[i - 1]) == 0) {
			char *msg = xasprintf("move %s is listed twice in "
			    "moveInfos", moves[i]);

			free(moves);
			return msg;
		}
	free(moves);
	return NULL;
}

/* Fills the signals of a rootInfo or moveInfo into node (and more[3]). */
static void
kg_signals(struct cn_node *n, struct cn_signal *more, const cJSON *o)
{
	static const char *const names[] = { "utility", "lcb", "scoreLead" };
	size_t	i;
	double	v;

	n->sig[CN_SIG_VISITS] = imp_json_num(o, "visits");
	n->sig[CN_SIG_Q] = imp_json_num(o, "winrate");
	n->sig[CN_SIG_PRIOR] = imp_json_num(o, "prior");
	n->nmore = 0;
	for (i = 0; i < 3; i++) {
		v = imp_json_num(o, names[i]);
		if (!cn_hasval(v))
			continue;
		more[n->nmore].name = names[i];
		more[n->nmore].value = v;
		n->nmore++;
	}
	n->more = more;
}

/* Members of a rootInfo or moveInfo that the node fields hold. */
static const char *const kg_used[] = { "move", "visits", "winrate", "prior",
    "utility", "lcb", "scoreLead", "pv", "pvVisits", "pvEdgeVisits", NULL };

/* Sends a checked response as a turn below its query's root. */
static int
kg_emit(struct kg *k, const cJSON *r, long line, int partial)
{
	static const char *const rused[] = { "id", "turnNumber",
	    "isDuringSearch", "moveInfos", "rootInfo", NULL };
	struct kg_ent	*te;
	struct cn_node	 node;
	struct cn_signal more[3];
	const cJSON	*ri, *mi, *m, *pv, *pvv, *pve, *p;
	cJSON		*ex, *rx;
	const char	*id, *move;
	char		*key, *turn, *text, *mext, *pext, *prev, *extra;
	char		*scause;
	long		 tn;
	int		 rc, i, start, nth;

	id = imp_json_str(r, "id");
	tn = (long)imp_json_num(r, "turnNumber");
	if ((rc = kg_trace(k, id, line)) != 0)
		return rc;
	key = xasprintf("%s\n%ld", id, tn);
	te = kg_get(&k->turns, key);
	free(key);
	nth = ++te->finals;
	if (nth == 1) {
		turn = xasprintf("t%ld", tn);
		text = xasprintf("turn %ld", tn);
	} else {
		turn = xasprintf("t%ld.%d", tn, nth);
		text = xasprintf("turn %ld (analysis %d)", tn, nth);
	}

	/* The turn: rootInfo, and the rest of the response as extra. */
	ri = cJSON_GetObjectItemCaseSensitive(r, "rootInfo");
	if ((ex = cJSON_CreateObject()) == NULL)
		fatalx("out of memory building JSON");
	if (partial)
		cJSON_AddTrueToObject(ex, "isDuringSearch");
	if ((rx = imp_json_minus(ri, kg_used, 0)) != NULL)
		cJSON_AddItemToObject(ex, "rootInfo", rx);
	imp_json_keep(&ex, r, rused, 0);
	extra = ex->child != NULL ? imp_json_print(ex) : NULL;
	cJSON_Delete(ex);
	cn_node_init(&node);
	node.ext_id = turn;
	node.parent_ext = "root";
	node.role = "step";
	node.text = text;
	node.src_line = line;
	node.extra = extra;
	kg_signals(&node, more, ri);
	node.sig[CN_SIG_PRIOR] = CN_NOVAL;
	scause = NULL;
	rc = kg_sink(k, line, k->ctx.sink->node(k->ctx.sink->arg, &node,
	    &scause), &scause);
	free(text);
	free(extra);

	/* The moves, each with its pv as a chain below it. */
	mi = cJSON_GetObjectItemCaseSensitive(r, "moveInfos");
	if (rc != 0 || !cJSON_IsArray(mi))
		mi = NULL;
	cJSON_ArrayForEach(m, mi) {
		int chosen = imp_json_num(m, "order") == 0;

		move = imp_json_str(m, "move");
		mext = xasprintf("%s/%s", turn, move);
		extra = imp_json_extra(m, kg_used, 0);
		cn_node_init(&node);
		node.ext_id = mext;
		node.parent_ext = turn;
		node.role = "action";
		node.text = move;
		node.chosen = chosen;
		node.src_line = line;
		node.extra = extra;
		kg_signals(&node, more, m);
		scause = NULL;
		rc = kg_sink(k, line, k->ctx.sink->node(k->ctx.sink->arg, &node,
		    &scause), &scause);
		free(extra);
		pv = cJSON_GetObjectItemCaseSensitive(m, "pv");
		pvv = cJSON_GetObjectItemCaseSensitive(m, "pvVisits");
		pve = cJSON_GetObjectItemCaseSensitive(m, "pvEdgeVisits");
		p = cJSON_IsArray(pv) ? pv->child : NULL;
		start = 0;
		if (p != NULL && strcmp(p->valuestring, move) == 0) {
			p = p->next;
			start = 1;
		}
		prev = xstrdup(mext);
		for (i = start; rc == 0 && p != NULL; p = p->next, i++) {
			const cJSON *ev = cJSON_GetArrayItem(pve, i);

			pext = xasprintf("%s/%d", mext, i);
			cn_node_init(&node);
			node.ext_id = pext;
			node.parent_ext = prev;
			node.role = "action";
			node.text = p->valuestring;
			node.chosen = chosen;
			node.src_line = line;
			node.sig[CN_SIG_VISITS] = cJSON_IsNumber(
			    cJSON_GetArrayItem(pvv, i)) ?
			    cJSON_GetArrayItem(pvv, i)->valuedouble : CN_NOVAL;
			extra = cJSON_IsNumber(ev) ? xasprintf(
			    "{\"edgeVisits\":%.17g}", ev->valuedouble) : NULL;
			node.extra = extra;
			scause = NULL;
			rc = kg_sink(k, line,
			    k->ctx.sink->node(k->ctx.sink->arg, &node,
			    &scause), &scause);
			free(extra);
			free(prev);
			prev = pext;
		}
		free(prev);
		free(mext);
		if (rc != 0)
			break;
	}
	free(turn);
	return rc;
}

/* An error or warning line: an annotation on its query's root. */
static int
kg_message(struct kg *k, const cJSON *r, long line)
{
	struct cn_annotation	 a;
	const char		*id, *kind, *msg, *field;
	char			*note, *scause = NULL;
	int			 rc;

	id = imp_json_str(r, "id");
	kind = imp_json_str(r, "error") != NULL ? "error" : "warning";
	msg = imp_json_str(r, kind);
	field = imp_json_str(r, "field");
	if (id == NULL || *id == '\0')
		return 0;
	if ((rc = kg_trace(k, id, line)) != 0)
		return rc;
	note = field != NULL ? xasprintf("%s: %s", field, msg) :
	    xstrdup(msg);
	memset(&a, 0, sizeof a);
	a.node_ext = "root";
	a.author = strcmp(kind, "error") == 0 ? "katago:error" :
	    "katago:warning";
	a.rating = CN_NORATING;
	a.note = note;
	rc = kg_sink(k, line, k->ctx.sink->annotation(k->ctx.sink->arg, &a,
	    &scause), &scause);
	free(note);
	return rc;
}

/* What a query file is told: the engine's input is not what canopy reads. */
#define KG_QUERY_WHY	"a KataGo query (the analysis engine's input: " \
	"\"moves\", \"rules\"), not a response; canopy reads the engine's " \
	"responses: run `katago analysis` on the queries and import its output"

/*
 * A query: the engine's input holds "moves" and "rules" or
 * "analyzeTurns", and none of a response's members.
 */
static int
kg_is_query(const cJSON *r)
{
	return cJSON_HasObjectItem(r, "moves") &&
	    (cJSON_HasObjectItem(r, "rules") ||
	    cJSON_HasObjectItem(r, "analyzeTurns")) &&
	    !cJSON_HasObjectItem(r, "moveInfos") &&
	    !cJSON_HasObjectItem(r, "rootInfo") &&
	    !cJSON_HasObjectItem(r, "turnNumber");
}

/*
 * Handles one parsed line. Returns CN_OK, CN_BAD (a bad record: *bad says
 * why, or NULL when the sink's refusal was already counted) or CN_FATAL.
 */
static int
kg_line(struct kg *k, const cJSON *r, const char *raw, size_t len,
    long line, char **bad)
{
	struct kg_ent	*te;
	const cJSON	*tv;
	const char	*id;
	char		*key;
	int		 partial;

	*bad = NULL;
	if (!cJSON_IsObject(r)) {
		*bad = xstrdup("not a JSON object");
		return CN_BAD;
	}
	if (cJSON_HasObjectItem(r, "action"))
		return CN_OK;
	if (imp_json_str(r, "error") != NULL ||
	    imp_json_str(r, "warning") != NULL)
		return kg_message(k, r, line);
	if (kg_is_query(r)) {
		*bad = xstrdup(KG_QUERY_WHY);
		return CN_BAD;
	}
	id = imp_json_str(r, "id");
	tv = cJSON_GetObjectItemCaseSensitive(r, "turnNumber");
	if (id == NULL || *id == '\0') {
		*bad = xstrdup("no \"id\" string");
		return CN_BAD;
	}
	if (!imp_json_isint(tv) || tv->valuedouble < 0) {
		*bad = xstrdup("\"turnNumber\" is missing or not an integer "
		    ">= 0");
		return CN_BAD;
	}
	if (imp_json_bool(r, "isDuringSearch") < 0 &&
	    cJSON_HasObjectItem(r, "isDuringSearch") &&
	    !cJSON_IsNull(cJSON_GetObjectItemCaseSensitive(r,
	    "isDuringSearch"))) {
		*bad = xstrdup("\"isDuringSearch\" is not a boolean");
		return CN_BAD;
	}
	if ((*bad = kg_check(r)) != NULL)
		return CN_BAD;
	partial = imp_json_bool(r, "isDuringSearch") == 1;
	key = xasprintf("%s\n%ld", id, (long)tv->valuedouble);
	te = kg_get(&k->turns, key);
	free(key);
	free(te->partial);
	te->partial = NULL;
	if (partial) {
		te->partial = xstrndup(raw, len);
		te->plen = len;
		te->pline = line;
		return CN_OK;
	}
	return kg_emit(k, r, line, 0);
}

static int
kg_pline_cmp(const void *a, const void *b)
{
	const struct kg_ent *x = *(struct kg_ent *const *)a;
	const struct kg_ent *y = *(struct kg_ent *const *)b;

	return x->pline < y->pline ? -1 : x->pline > y->pline;
}

/* Imports the partial reports that no final report followed. */
static int
kg_flush(struct kg *k)
{
	struct kg_ent	**v, *e;
	struct hmap_ent	 *he;
	cJSON		 *r;
	size_t		  i, it = 0, n = 0;
	char		 *perr = NULL;
	int		  rc = 0;

	v = xcalloc(hmap_count(&k->turns) + 1, sizeof *v);
	while ((he = hmap_next(&k->turns, &it)) != NULL) {
		e = he->ptr;
		if (e->partial != NULL)
			v[n++] = e;
	}
	qsort(v, n, sizeof *v, kg_pline_cmp);
	for (i = 0; i < n && rc >= 0; i++) {
		r = imp_json_parse(v[i]->partial, v[i]->plen, k->ctx.name,
		    v[i]->pline, &perr);
		if (CN_NEVER(r == NULL)) {
			/* It parsed when it was read. */
			free(perr);
			perr = NULL;
			continue;
		}
		rc = kg_emit(k, r, v[i]->pline, 1);
		cJSON_Delete(r);
	}
	free(v);
	return rc < 0 ? -1 : 0;
}

/*
 * One line for imp_rec_jsonl. Fatal causes from deeper down (kg_sink)
 * land in *msg while the line is handled.
 */
static int
kg_record(struct imp_jrec *jr, const cJSON *r, void *arg, char **msg)
{
	struct kg	*k = arg;
	char		*bad = NULL;
	int		 x;

	k->ctx.cause = msg;
	x = kg_line(k, r, jr->doc, jr->len, jr->line0, &bad);
	return imp_jrec_status(jr, x, bad, msg);
}

/* After the lines: what is still pending goes out, then all is freed. */
static int
kg_end(void *arg, int rc, char **cause)
{
	struct kg	*k = arg;

	k->ctx.cause = cause;
	if (rc == 0)
		rc = kg_flush(k);
	kg_map_free(&k->turns);
	kg_map_free(&k->ids);
	free(k->cur);
	return rc;
}

const struct imp_rec_kind imp_katago_kind = {
	sizeof (struct kg), 0, kg_record, kg_end
};

/* Whether the first object in buf looks like a query (kg_is_query). */
static int
kg_sniff_query(const char *buf, size_t len)
{
	struct imp_jscan_key	keys[32];
	int			n, complete;

	if ((n = imp_jscan_keys(buf, len, keys, 32, &complete)) <= 0)
		return 0;
	return imp_jscan_key_find(keys, n, "moves") != NULL &&
	    (imp_jscan_key_find(keys, n, "rules") != NULL ||
	    imp_jscan_key_find(keys, n, "analyzeTurns") != NULL) &&
	    imp_jscan_key_find(keys, n, "turnNumber") == NULL;
}

int
imp_katago_sniff(const char *buf, size_t len, char **why)
{
	static const char *const keys[] = { "moveInfos", "rootInfo",
	    "isDuringSearch", NULL };
	size_t	i, k, span;

	/* A top-level array of records: its first element. */
	i = imp_rec_first(buf, len, &span);
	/* Any line may be the first response: warnings can come before. */
	if (i < len && buf[i] == '{') {
		for (k = 0; keys[k] != NULL; k++)
			if (imp_jscan_find_key(buf, len, keys[k]) >= 0)
				return 1;
	}
	if (why != NULL)
		*why = xstrdup(kg_sniff_query(buf + i, len - i) ? KG_QUERY_WHY :
		    "no \"moveInfos\", \"rootInfo\" or "
		    "\"isDuringSearch\" (KataGo analysis responses)");
	return 0;
}

/*
 * imp-rollout.c - merges the rollouts of one prompt into a prefix tree and
 * sends it to the sink (see imp-rollout.h for the rules). Keeps per step a
 * hash and counters, never the text of a step already sent.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "imp-rollout.h"

#define RL_NONE		UINT32_MAX
#define RL_PRIME	0x100000001b3ULL

/* A group: one prompt, one trace. */
struct rl_group {
	uint64_t	 key;
	char		*ext_id;
	uint32_t	 next_no;	/* next node number; the root is 0 */
	int		 started;	/* trace and root sent */
	int		 dead;		/* the sink rejected the trace */
};

/* A distinct step: identified by (group, parent, hash). */
struct rl_node {
	uint64_t	 hash;
	uint32_t	 group;
	uint32_t	 parent;	/* index in nodes, RL_NONE = the root */
	uint32_t	 no;		/* number in its trace (ext_id) */
	uint32_t	 pending;	/* index in the run; RL_NONE: sent */
	uint32_t	 ends;		/* rollouts that ended here */
	uint32_t	 rn, on;	/* how many had a reward, outcome */
	double		 rsum, osum;
	unsigned char	 touched;	/* in the run's score list */
	unsigned char	 dead;		/* the sink rejected it */
};

/* A node created in the current run, not yet sent. */
struct rl_pend {
	uint32_t	 node;
	char		*role;
	char		*text;
	long		 line;
	cJSON		*samples;	/* the rollouts that ended here */
};

struct rollout {
	const char		*name;
	const char		*format;
	const struct imp_opts	*opts;
	const struct imp_sink	*sink;
	struct imp_report	*report;

	struct rl_group		*groups;
	size_t			 ngroups, gcap;
	uint32_t		*gslots;	/* open addressing on key */
	size_t			 gslot_cap;

	struct rl_node		*nodes;
	size_t			 nnodes, ncap;
	uint32_t		*nslots;
	size_t			 nslot_cap;

	/* The run: consecutive samples of one group. */
	uint32_t		 run_group;	/* RL_NONE: no run */
	long			 run_line;
	char			*root_text;	/* when the group is new */
	char			*truth;
	char			*trace_extra;
	struct rl_pend		*pend;
	size_t			 npend, pcap;
	uint32_t		*touched;
	size_t			 ntouched, tcap;
	size_t			 run_bytes;
};

uint64_t
rollout_hash(uint64_t h, const void *p, size_t n)
{
	const unsigned char	*s = p;
	size_t			 i;

	for (i = 0; i < n; i++) {
		h ^= s[i];
		h *= RL_PRIME;
	}
	return h;
}

/* Spreads a 64-bit value over the table (splitmix64 finalizer). */
static uint64_t
rl_mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

static uint64_t
rl_node_slot(uint32_t group, uint32_t parent, uint64_t hash)
{
	return rl_mix(hash ^ rl_mix(((uint64_t)group << 32) | parent));
}

struct rollout *
rollout_new(const char *name, const char *format, const struct imp_opts *o,
    const struct imp_sink *sink, struct imp_report *report)
{
	struct rollout	*r;

	r = xcalloc(1, sizeof *r);
	*r = (struct rollout){ .name = name, .format = format, .opts = o,
	    .sink = sink, .report = report, .run_group = RL_NONE };
	return r;
}

/* Grows an open-addressing table of indices to hold n + 1 entries. */
static void
rl_slots_grow(uint32_t **slots, size_t *cap, size_t n,
    uint64_t (*slot_of)(const struct rollout *, uint32_t),
    const struct rollout *r)
{
	uint32_t	*ns;
	size_t		 ncap, i, j;

	if ((n + 1) * 2 <= *cap)
		return;
	ncap = *cap == 0 ? 1024 : *cap * 2;
	ns = xreallocarray(NULL, ncap, sizeof *ns);
	for (i = 0; i < ncap; i++)
		ns[i] = RL_NONE;
	for (i = 0; i < *cap; i++) {
		if ((*slots)[i] == RL_NONE)
			continue;
		j = slot_of(r, (*slots)[i]) & (ncap - 1);
		while (ns[j] != RL_NONE)
			j = (j + 1) & (ncap - 1);
		ns[j] = (*slots)[i];
	}
	free(*slots);
	*slots = ns;
	*cap = ncap;
}

static uint64_t
rl_group_slot_of(const struct rollout *r, uint32_t g)
{
	return rl_mix(r->groups[g].key);
}

static uint64_t
rl_node_slot_of(const struct rollout *r, uint32_t n)
{
	const struct rl_node	*nd = &r->nodes[n];

	return rl_node_slot(nd->group, nd->parent, nd->hash);
}

/* Finds or adds the group of key. */
static uint32_t
rl_group(struct rollout *r, uint64_t key, const char *prefix)
{
	struct rl_group	*g;
	size_t		 j;
	uint32_t	 gi;

	rl_slots_grow(&r->gslots, &r->gslot_cap, r->ngroups,
	    rl_group_slot_of, r);
	j = rl_mix(key) & (r->gslot_cap - 1);
	while ((gi = r->gslots[j]) != RL_NONE) {
		if (r->groups[gi].key == key)
			return gi;
		j = (j + 1) & (r->gslot_cap - 1);
	}
	if (r->ngroups >= RL_NONE - 1)
		fatalx("rollout: too many groups");
	if (r->ngroups == r->gcap)
		r->groups = xgrow(r->groups, &r->gcap, 64, sizeof *r->groups);
	gi = (uint32_t)r->ngroups++;
	g = &r->groups[gi];
	memset(g, 0, sizeof *g);
	g->key = key;
	g->ext_id = xasprintf("%s%016" PRIx64, prefix != NULL ? prefix : "",
	    key);
	g->next_no = 1;
	r->gslots[j] = gi;
	return gi;
}

/* Finds the child of parent with this hash, or adds it to the run. */
static uint32_t
rl_child(struct rollout *r, uint32_t group, uint32_t parent,
    const struct rollout_step *s, long line)
{
	struct rl_node	*nd;
	struct rl_pend	*p;
	uint64_t	 h;
	unsigned char	 first = s->first ? 1 : 0;
	size_t		 j;
	uint32_t	 ni;

	h = rollout_hash(ROLLOUT_HASH_INIT, s->role, strlen(s->role) + 1);
	h = rollout_hash(h, &first, 1);
	h = rollout_hash(h, s->text, s->len);

	rl_slots_grow(&r->nslots, &r->nslot_cap, r->nnodes,
	    rl_node_slot_of, r);
	j = rl_node_slot(group, parent, h) & (r->nslot_cap - 1);
	while ((ni = r->nslots[j]) != RL_NONE) {
		nd = &r->nodes[ni];
		if (nd->hash == h && nd->group == group &&
		    nd->parent == parent)
			return ni;
		j = (j + 1) & (r->nslot_cap - 1);
	}
	if (r->nnodes >= RL_NONE - 1 || r->groups[group].next_no == RL_NONE)
		fatalx("rollout: too many nodes");
	if (r->nnodes == r->ncap)
		r->nodes = xgrow(r->nodes, &r->ncap, 1024, sizeof *r->nodes);
	ni = (uint32_t)r->nnodes++;
	nd = &r->nodes[ni];
	memset(nd, 0, sizeof *nd);
	nd->hash = h;
	nd->group = group;
	nd->parent = parent;
	nd->no = r->groups[group].next_no++;
	r->nslots[j] = ni;

	if (r->npend == r->pcap)
		r->pend = xgrow(r->pend, &r->pcap, 64, sizeof *r->pend);
	nd->pending = (uint32_t)r->npend;
	p = &r->pend[r->npend++];
	p->node = ni;
	p->role = xstrdup(s->role);
	p->text = xstrndup(s->text, s->len);
	p->line = line;
	p->samples = NULL;
	r->run_bytes += s->len + 64;
	return ni;
}

/* Forgets the run (sent or not). */
static void
rl_run_clear(struct rollout *r)
{
	size_t	i;

	for (i = 0; i < r->npend; i++) {
		r->nodes[r->pend[i].node].pending = RL_NONE;
		free(r->pend[i].role);
		free(r->pend[i].text);
		cJSON_Delete(r->pend[i].samples);
	}
	for (i = 0; i < r->ntouched; i++)
		r->nodes[r->touched[i]].touched = 0;
	r->npend = r->ntouched = 0;
	free(r->root_text);
	free(r->truth);
	free(r->trace_extra);
	r->root_text = r->truth = r->trace_extra = NULL;
	r->run_group = RL_NONE;
	r->run_bytes = 0;
}

/* The ext_id of node number no ("r" for the root) into buf[16]. */
static const char *
rl_ext(uint32_t no, char buf[16])
{
	if (no == 0)
		return "r";
	snprintf(buf, 16, "%" PRIu32, no);
	return buf;
}

/*
 * Handles a sink result: CN_OK gives 0; CN_BAD goes through the skip-bad
 * policy (0 = go on, *rejected = 1); CN_FATAL gives -1. Adopts sc.
 */
static int
rl_sink_rc(struct rollout *r, int rc, char *sc, long line, int *rejected,
    char **cause)
{
	char	*msg;

	if (rc == CN_OK) {
		free(sc);
		return 0;
	}
	msg = xasprintf("%s:%ld:1: %s", r->name, line,
	    sc != NULL ? sc : "rejected by the store");
	free(sc);
	if (rc == CN_BAD) {
		*rejected = 1;
		return imp_bad(r->opts, r->report, msg, cause);
	}
	if (cause != NULL)
		*cause = msg;
	else
		free(msg);
	return -1;
}

/* Sends the trace (or resumes it) and the root when new. */
static int
rl_send_trace(struct rollout *r, struct rl_group *g, char **cause)
{
	struct cn_trace	 t;
	struct cn_node	 n;
	char		*sc = NULL;
	int		 rc, rejected = 0;

	memset(&t, 0, sizeof t);
	t.ext_id = g->ext_id;
	if (!g->started) {
		t.format = r->format;
		t.source = r->name;
		t.problem = r->root_text;
		t.ground_truth = r->truth;
		t.extra = r->trace_extra;
	}
	t.best_reward = t.best_q = t.outcome = CN_NOVAL;
	rc = r->sink->trace(r->sink->arg, &t, &sc);
	if (rl_sink_rc(r, rc, sc, r->run_line, &rejected, cause) != 0)
		return -1;
	if (!rejected && !g->started) {
		cn_node_init(&n);
		n.ext_id = "r";
		n.role = "root";
		n.text = r->root_text;
		n.src_line = r->run_line;
		sc = NULL;
		rc = r->sink->node(r->sink->arg, &n, &sc);
		if (rl_sink_rc(r, rc, sc, r->run_line, &rejected, cause) != 0)
			return -1;
	}
	if (rejected)
		g->dead = 1;
	g->started = 1;
	return 0;
}

/* Sends one new node of the run. */
static int
rl_send_node(struct rollout *r, struct rl_pend *p, char **cause)
{
	struct rl_node		*nd = &r->nodes[p->node];
	struct cn_node		 n;
	struct cn_signal	 more;
	const cJSON		*x;
	char			 eb[16], pb[16], *extra = NULL, *sc = NULL;
	cJSON			*o;
	int			 rc, rejected = 0;

	if (nd->parent != RL_NONE && r->nodes[nd->parent].dead) {
		nd->dead = 1;
		return 0;
	}
	cn_node_init(&n);
	n.ext_id = rl_ext(nd->no, eb);
	n.parent_ext = rl_ext(nd->parent == RL_NONE ? 0 :
	    r->nodes[nd->parent].no, pb);
	n.role = p->role;
	n.text = p->text;
	n.src_line = p->line;
	if (nd->ends > 0) {
		n.terminal = 1;
		if (nd->rn > 0)
			n.sig[CN_SIG_REWARD] = nd->rsum / nd->rn;
		if (nd->on > 0)
			n.sig[CN_SIG_OUTCOME] = nd->osum / nd->on;
		more.name = "rollouts";
		more.value = nd->ends;
		n.more = &more;
		n.nmore = 1;
	}
	if (p->samples != NULL && cJSON_GetArraySize(p->samples) == 1) {
		x = cJSON_GetObjectItemCaseSensitive(p->samples->child,
		    "extra");
		if (x != NULL)
			extra = imp_json_print(x);
	} else if (p->samples != NULL) {
		if ((o = cJSON_CreateObject()) == NULL)
			fatalx("out of memory building JSON");
		cJSON_AddItemReferenceToObject(o, "samples", p->samples);
		extra = imp_json_print(o);
		cJSON_Delete(o);
	}
	n.extra = extra;
	rc = r->sink->node(r->sink->arg, &n, &sc);
	free(extra);
	if (rl_sink_rc(r, rc, sc, p->line, &rejected, cause) != 0)
		return -1;
	if (rejected)
		nd->dead = 1;
	return 0;
}

/* Updates the signals of a node sent by an earlier run. */
static int
rl_send_scores(struct rollout *r, struct rl_node *nd, long line,
    char **cause)
{
	char	 eb[16], *sc;
	int	 rc, rejected = 0;

	rl_ext(nd->no, eb);
	if (nd->rn > 0) {
		sc = NULL;
		rc = r->sink->score(r->sink->arg, eb, "reward",
		    nd->rsum / nd->rn, &sc);
		if (rl_sink_rc(r, rc, sc, line, &rejected, cause) != 0)
			return -1;
	}
	if (nd->on > 0 && !rejected) {
		sc = NULL;
		rc = r->sink->score(r->sink->arg, eb, "outcome",
		    nd->osum / nd->on, &sc);
		if (rl_sink_rc(r, rc, sc, line, &rejected, cause) != 0)
			return -1;
	}
	if (!rejected) {
		sc = NULL;
		rc = r->sink->score(r->sink->arg, eb, "rollouts", nd->ends,
		    &sc);
		if (rl_sink_rc(r, rc, sc, line, &rejected, cause) != 0)
			return -1;
	}
	return 0;
}

/* Sends the run to the sink and forgets it. */
static int
rl_flush(struct rollout *r, char **cause)
{
	struct rl_group	*g;
	size_t		 i;
	int		 rv = -1;

	if (r->run_group == RL_NONE)
		return 0;
	g = &r->groups[r->run_group];
	if (!g->dead && rl_send_trace(r, g, cause) != 0)
		goto out;
	for (i = 0; i < r->npend && !g->dead; i++)
		if (rl_send_node(r, &r->pend[i], cause) != 0)
			goto out;
	for (i = 0; i < r->ntouched && !g->dead; i++) {
		struct rl_node	*nd = &r->nodes[r->touched[i]];

		if (!nd->dead && rl_send_scores(r, nd, r->run_line,
		    cause) != 0)
			goto out;
	}
	rv = 0;
out:
	rl_run_clear(r);
	return rv;
}

/* The record of one rollout that ended at a node, for its extra. */
static cJSON *
rl_sample_json(const struct rollout_sample *s)
{
	cJSON	*o, *x;

	if ((o = cJSON_CreateObject()) == NULL)
		fatalx("out of memory building JSON");
	cJSON_AddNumberToObject(o, "line", (double)s->line);
	if (cn_hasval(s->reward))
		cJSON_AddNumberToObject(o, "reward", s->reward);
	if (cn_hasval(s->outcome))
		cJSON_AddNumberToObject(o, "outcome", s->outcome);
	if (s->extra != NULL) {
		if ((x = cJSON_Duplicate(s->extra, 1)) == NULL)
			fatalx("out of memory building JSON");
		cJSON_AddItemToObject(o, "extra", x);
	}
	return o;
}

int
rollout_add(struct rollout *r, const struct rollout_sample *s, char **cause)
{
	struct rl_node	*nd;
	struct rl_pend	*p;
	uint32_t	 g, at = RL_NONE;
	size_t		 i;

	g = rl_group(r, s->key, s->ext_prefix);
	if (r->run_group != RL_NONE && (r->run_group != g ||
	    r->run_bytes > ROLLOUT_RUN_BYTES)) {
		if (rl_flush(r, cause) != 0)
			return -1;
	}
	if (r->groups[g].dead)
		return 0;
	if (r->run_group == RL_NONE) {
		r->run_group = g;
		r->run_line = s->line;
		if (!r->groups[g].started) {
			r->root_text = xstrdup(s->root_text != NULL ?
			    s->root_text : "");
			r->truth = xstrdup_or_null(s->ground_truth);
			r->trace_extra = xstrdup_or_null(s->trace_extra);
			r->run_bytes += strlen(r->root_text);
		}
	}
	for (i = 0; i < s->nsteps; i++)
		at = rl_child(r, g, at, &s->steps[i], s->line);
	if (CN_NEVER(at == RL_NONE))
		return 0;
	nd = &r->nodes[at];
	nd->ends++;
	if (cn_hasval(s->reward)) {
		nd->rsum += s->reward;
		nd->rn++;
	}
	if (cn_hasval(s->outcome)) {
		nd->osum += s->outcome;
		nd->on++;
	}
	if (nd->pending != RL_NONE) {
		p = &r->pend[nd->pending];
		if (p->samples == NULL &&
		    (p->samples = cJSON_CreateArray()) == NULL)
			fatalx("out of memory building JSON");
		cJSON_AddItemToArray(p->samples, rl_sample_json(s));
		/* Samples count toward the run's size too (duplicates). */
		r->run_bytes += 256;
	} else if (!nd->touched && !nd->dead) {
		if (r->ntouched == r->tcap)
			r->touched = xgrow(r->touched, &r->tcap, 16,
			    sizeof *r->touched);
		r->touched[r->ntouched++] = at;
		nd->touched = 1;
	}
	return 0;
}

int
rollout_finish(struct rollout *r, char **cause)
{
	return rl_flush(r, cause);
}

void
rollout_free(struct rollout *r)
{
	size_t	i;

	if (r == NULL)
		return;
	rl_run_clear(r);
	for (i = 0; i < r->ngroups; i++)
		free(r->groups[i].ext_id);
	free(r->groups);
	free(r->gslots);
	free(r->nodes);
	free(r->nslots);
	free(r->pend);
	free(r->touched);
	free(r);
}

/* What rollout_line needs besides the record. */
struct rl_run {
	struct rollout		*ro;
	rollout_record_fn	 record;
	const struct imp_opts	*opts;
};

static int
rl_line(struct imp_jrec *jr, const cJSON *j, void *arg, char **msg)
{
	struct rl_run		*rr = arg;
	struct rollout_sample	 s = { .reward = CN_NOVAL,
	    .outcome = CN_NOVAL };
	struct rollout_steps	 st = { NULL, 0, 0 };
	int			 rc;

	*msg = NULL;
	if (!cJSON_IsObject(j)) {
		*msg = imp_jrec_at(jr, NULL, "record is not a JSON object");
		return CN_BAD;
	}
	rc = rr->record(rr->ro, jr, j, rr->opts, &s, &st, msg);
	rollout_steps_free(&st);
	return rc;
}

int
rollout_run(FILE *in, const char *name, const char *format,
    rollout_record_fn record, const struct imp_opts *o,
    const struct imp_sink *sink, struct imp_report *rep, char **cause)
{
	struct rl_run	rr;
	int		rv = -1;

	rr.ro = rollout_new(name, format, o, sink, rep);
	rr.record = record;
	rr.opts = o;
	if (imp_rec_jsonl(in, name, o, rep, rl_line, &rr, cause) == 0 &&
	    rollout_finish(rr.ro, cause) == 0)
		rv = 0;
	rollout_free(rr.ro);
	return rv;
}

int
rollout_reward(struct imp_jrec *jr, const cJSON *j, const char *key,
    double *out, char **msg)
{
	const cJSON	*v;

	v = cJSON_GetObjectItemCaseSensitive(j, key);
	if (cJSON_IsNumber(v) || cJSON_IsBool(v))
		*out = imp_json_num(j, key);
	else if (v != NULL && !cJSON_IsNull(v)) {
		*msg = imp_jrec_at(jr, key, "\"%s\" is not a number", key);
		return -1;
	}
	return 0;
}

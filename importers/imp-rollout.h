/*
 * imp-rollout.h - the prefix-tree builder shared by the rollout importers
 * (verl, chat-jsonl). Internal to importers/.
 *
 * Rollouts of the same prompt (a "group") are merged into one trace: the
 * root holds the prompt, each rollout is split into steps, and identical
 * leading steps become one shared node, so a GRPO group reads as a tree
 * whose forks show where samples diverged.
 *
 * Merge key: a step is identified under its parent by a 64-bit FNV-1a hash
 * of (role, whether it starts a message, text); a group by a 64-bit hash of
 * its key (the importer decides what goes in). Texts are not compared: two
 * different steps under the same parent with the same 64-bit hash would be
 * merged (probability about n^2 / 2^65 for n siblings; accepted).
 *
 * Memory: per distinct step about 60 bytes (no text), per group one entry.
 * Texts are kept only for the nodes of the current "run" (consecutive
 * samples of one group, at most ROLLOUT_RUN_BYTES of text): a run is sent
 * to the sink when the group changes, at that size, and at the end.
 *
 * Sink output per run: trace() (in full for a new group, else only ext_id
 * to resume it), then the run's new nodes in creation order (parents first),
 * then score() calls for nodes sent by an earlier run that gained rollout
 * ends in this one.
 *
 * Node ext ids: "r" for the root, then "1", "2", ... per trace in creation
 * order. A node where k >= 1 rollouts ended has terminal = 1, signal
 * "rollouts" = k, reward = mean of their rewards, outcome = mean of their
 * outcomes (each only when some rollout had one). Its extra is the unmapped
 * fields of the rollout when k = 1, else {"samples":[{"line":L,
 * "reward":r, "outcome":o, "extra":{...}}, ...]} keeping each raw value.
 * Limit: when a later run ends a rollout at a node an earlier run sent, the
 * sink has no node update, so reward, outcome and rollouts are updated by
 * score() but terminal and extra stay as first sent.
 */
#ifndef CN_IMP_ROLLOUT_H
#define CN_IMP_ROLLOUT_H

#include <stdint.h>

#include "imp-rec.h"

/* Text buffered per run before it is sent anyway. */
#define ROLLOUT_RUN_BYTES	(32u << 20)

/* FNV-1a 64: start with ROLLOUT_HASH_INIT, feed bytes. */
#define ROLLOUT_HASH_INIT	0xcbf29ce484222325ULL
uint64_t rollout_hash(uint64_t h, const void *p, size_t n);

/* One step of a rollout; strings borrowed. */
struct rollout_step {
	const char	*role;		/* node role: "step", "assistant"... */
	const char	*text;		/* not NUL-terminated */
	size_t		 len;
	int		 first;		/* starts a message (chat-jsonl) */
};

/* A growable list of steps. */
struct rollout_steps {
	struct rollout_step	*v;
	size_t			 n;
	size_t			 cap;
};
void	 rollout_steps_free(struct rollout_steps *);

/*
 * Appends the steps of text (one message) to st, borrowing text. sep NULL
 * splits at blank lines: a line break followed by one or more lines holding
 * only spaces, tabs or \r. Otherwise text is split at each occurrence of
 * the literal sep. Empty pieces are dropped (so runs of separators count as
 * one); a text with no piece left still gives one empty step. The first
 * step appended is marked first.
 */
void	 rollout_split(struct rollout_steps *st, const char *role,
	    const char *text, size_t len, const char *sep);

/* One rollout; everything borrowed for the duration of rollout_add. */
struct rollout_sample {
	uint64_t		 key;		/* group key hash */
	const char		*ext_prefix;	/* trace ext_id = prefix +
						   16 hex digits of key */
	/* Used when the group is new. */
	const char		*root_text;	/* prompt, also trace problem */
	const char		*ground_truth;	/* or NULL */
	const char		*trace_extra;	/* JSON object text, or NULL */
	const struct rollout_step *steps;
	size_t			 nsteps;	/* >= 1 */
	double			 reward;	/* or CN_NOVAL */
	double			 outcome;	/* or CN_NOVAL */
	const cJSON		*extra;		/* object of unmapped fields,
						   or NULL */
	long			 line;		/* input line */
};

struct rollout;

/*
 * A builder for one import. name and format are borrowed for its life; so
 * are opts, sink and report. Sink rejections (CN_BAD) go through imp_bad
 * with the line of the record concerned.
 */
struct rollout *rollout_new(const char *name, const char *format,
	    const struct imp_opts *, const struct imp_sink *,
	    struct imp_report *);
/* Adds a rollout. Returns 0, or -1 with *cause (a fatal sink error, or a
   rejected record without skip_bad). */
int	 rollout_add(struct rollout *, const struct rollout_sample *,
	    char **cause);
/* Sends what is buffered. Returns 0 or -1 with *cause. */
int	 rollout_finish(struct rollout *, char **cause);

/*
 * One JSONL record of a rollout format, as imp_rec_jsonl hands it over: j
 * is an object, s starts zeroed but for reward and outcome (CN_NOVAL),
 * and st empty (the runner frees it after). Fills s (its steps from st)
 * and adds it; returns CN_OK, CN_BAD with *msg (a bad record) or CN_FATAL
 * with *msg.
 */
typedef int (*rollout_record_fn)(struct rollout *, struct imp_jrec *,
    const cJSON *, const struct imp_opts *, struct rollout_sample *s,
    struct rollout_steps *st, char **msg);

/*
 * The whole importer of a JSONL rollout format: runs imp_rec_jsonl with
 * record on each line, then finishes the trees.
 */
int	 rollout_run(FILE *in, const char *name, const char *format,
	    rollout_record_fn record, const struct imp_opts *,
	    const struct imp_sink *, struct imp_report *, char **cause);
void	 rollout_free(struct rollout *);

/*
 * A sample's reward from member key of record j: a number, or true/false
 * as 1/0; left alone when absent or null. Returns 0, or -1 with *msg (at
 * the member) when it is anything else.
 */
int	 rollout_reward(struct imp_jrec *, const cJSON *j, const char *key,
	    double *out, char **msg);

#endif /* CN_IMP_ROLLOUT_H */

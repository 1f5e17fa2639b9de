/*
 * imp-formats.h - the run and sniff functions of each importer, and the
 * list that importers.c turns into the registry. Internal to importers/.
 * To add a format: declare it here with IMP_DECLARE, define its run in
 * importers.c with IMP_GUARDED, and add one line to IMP_FORMAT_LIST
 * (sniffing order: more specific formats first).
 */
#ifndef CN_IMP_FORMATS_H
#define CN_IMP_FORMATS_H

#include "importers.h"

/*
 * imp_<stem>_read is the importer proper, or for a JSON-lines format
 * imp_<stem>_kind, which imp_rec_run reads (imp-rec.h); imp_<stem>_run
 * (importers.c) runs either behind imp_guard, so every way in gets the
 * same id caps.
 */
#define IMP_DECLARE_RUN(stem)						\
	int imp_##stem##_run(FILE *, const char *,			\
	    const struct imp_opts *, const struct imp_sink *,		\
	    struct imp_report *, char **);				\
	int imp_##stem##_sniff(const char *, size_t, char **);
#define IMP_DECLARE(stem)						\
	int imp_##stem##_read(FILE *, const char *,			\
	    const struct imp_opts *, const struct imp_sink *,		\
	    struct imp_report *, char **);				\
	IMP_DECLARE_RUN(stem)
#define IMP_DECLARE_REC(stem)						\
	extern const struct imp_rec_kind imp_##stem##_kind;		\
	IMP_DECLARE_RUN(stem)

IMP_DECLARE_REC(canopy)
IMP_DECLARE_REC(prm800k)
IMP_DECLARE_REC(prm800k_scored)
IMP_DECLARE(processbench)
IMP_DECLARE_REC(shepherd)
IMP_DECLARE(moatless)
IMP_DECLARE(reasoners)
IMP_DECLARE_REC(alphamath)
IMP_DECLARE_REC(omegaprm)
IMP_DECLARE_REC(katago)
IMP_DECLARE_REC(scores)
IMP_DECLARE(verl)
IMP_DECLARE(chat)

#define IMP_FORMAT_LIST \
	/* { name, description, example file, run, sniff, lines, sync }, */ \
	{ "canopy-jsonl", "canopy's own JSON lines: traces, nodes, "	\
	    "signals, labels, scores", "run.canopy.jsonl",		\
	    imp_canopy_run, imp_canopy_sniff, 1, 0 }, \
	{ "prm800k", "PRM800K phase 1/2 step labels (JSONL)",		\
	    "phase2_train.jsonl", imp_prm800k_run, imp_prm800k_sniff, 1, 0 }, \
	{ "prm800k-scored", "PRM800K scored samples, rating_probs (JSONL)", \
	    "scored-test-samples.jsonl", imp_prm800k_scored_run,	\
	    imp_prm800k_scored_sniff, 1, 0 }, \
	{ "processbench", "ProcessBench split (JSON array)",		\
	    "gsm8k.json", imp_processbench_run, imp_processbench_sniff, \
	    0, 0 }, \
	{ "math-shepherd", "Math-Shepherd tagged or TRL stepwise (JSONL)", \
	    "math-shepherd.jsonl", imp_shepherd_run, imp_shepherd_sniff, \
	    1, 0 }, \
	{ "moatless", "SWE-Search / moatless search tree or trajectory " \
	    "(JSON)", "trajectory.json", imp_moatless_run, \
	    imp_moatless_sniff, 0, 0 }, \
	{ "llm-reasoners", "llm-reasoners TreeLog: visualizer JSON " \
	    "{\"logs\": [snapshot...]}", "tree_log.json", \
	    imp_reasoners_run, imp_reasoners_sniff, 0, 0 }, \
	{ "alphamath", "AlphaMath / Super_MARIO tree dump: JSONL with " \
	    "\"react\": {tag: state}", "gsm8k.mcts.jsonl", \
	    imp_alphamath_run, imp_alphamath_sniff, 1, 0 }, \
	{ "katago", "KataGo analysis-engine responses (JSONL)", \
	    "analysis.responses.jsonl", imp_katago_run, imp_katago_sniff, \
	    1, 0 }, \
	{ "canopy-scores", "reward-model scores for existing nodes (JSONL)", \
	    "scores.jsonl", imp_scores_run, imp_scores_sniff, 1, 1 }, \
	{ "verl", "veRL rollout dump, groups merged into prefix trees", \
	    "0042.jsonl", imp_verl_run, imp_verl_sniff, 1, 0 }, \
	{ "chat-jsonl", "chat JSONL rollouts, merged into prefix trees", \
	    "rollouts.jsonl", imp_chat_run, imp_chat_sniff, 1, 0 }, \
	/* Last: the fuzz corpus picks formats by their index. */ \
	{ "omegaprm", "OpenR OmegaPRM / MATH-APS: a tree or solution " \
	    "prefixes with mc_value (JSONL)", "math-aps.jsonl", \
	    imp_omegaprm_run, imp_omegaprm_sniff, 1, 0 },

#endif /* CN_IMP_FORMATS_H */

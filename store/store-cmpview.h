/*
 * store-cmpview.h - the reads the TUI's replay view needs beyond
 * store-derive.h: the search history a source kept in a trace's extra
 * (llm-reasoners: "iterations", one {"nodes", "chosen"} per MCTS
 * iteration) and the source's node ids of a trace, to map that history
 * onto the nodes.
 */
#ifndef CN_STORE_CMPVIEW_H
#define CN_STORE_CMPVIEW_H

#include <stdint.h>

#include "store.h"

/*
 * Calls cb for each recorded iteration of trace in order: its index (0
 * first), the source ids of the nodes present after it and of the chosen
 * ones, as the importer wrote them (comma-separated, runs of integers as
 * "a-b"; borrowed, NULL when absent). A trace without a history (or whose
 * extra is not JSON) gives no call. Returns 0, -1 with *cause, or cb's
 * non-zero return.
 */
typedef int (*store_iter_cb)(int64_t iter, const char *nodes,
    const char *chosen, void *arg);
int	 store_trace_iterations(struct store *, int64_t trace, store_iter_cb,
	    void *arg, char **cause);

/*
 * Calls cb with the database id and the source id (borrowed) of every
 * node of trace, in id order (the order of store_dtree_load's indices).
 */
typedef int (*store_ext_cb)(int64_t id, const char *ext_id, void *arg);
int	 store_trace_ext_ids(struct store *, int64_t trace, store_ext_cb,
	    void *arg, char **cause);

#endif /* CN_STORE_CMPVIEW_H */

/*
 * store-test.h - building a test database through the store's import sink
 * record by record, and reading single values back: the helpers the
 * store's unit tests share (test-store*.c). Nodes claim in.jsonl:7:3, so
 * errors that name a position are predictable. Include after cmocka.h
 * and tmpdb.h; compiled into tests/unit/libharness.a.
 */
#ifndef CN_STORE_TEST_H
#define CN_STORE_TEST_H

#include <stddef.h>
#include <stdint.h>

#include "tmpdb.h"

/* Begins an import of "in.jsonl" (format "test"); sha may be NULL. */
void	store_test_begin(struct tmpdb *, const char *sha);
/* Ends the import, committing; c may be NULL. */
void	store_test_end_ok(struct tmpdb *, struct store_import_counts *c);
/* Ends the import, which must fail to commit with the cause want. */
void	store_test_end_fails(struct tmpdb *, const char *want);
/* Commits what the import has so far and goes on. */
void	store_test_checkpoint(struct tmpdb *);
/* Starts trace ext (problem may be NULL). */
void	store_test_trace(struct tmpdb *, const char *ext, const char *problem);
/*
 * Begins an import (store_test_begin, no sha) of trace "t" with its root
 * "r", text "root", with visits (CN_NOVAL: none): many tests' first step.
 */
void	store_test_begin_root(struct tmpdb *, double visits);
/*
 * Sends a node record with three signals (CN_NOVAL: none). Returns the
 * sink's status; *causep gets its message (the caller frees it) or, with
 * causep NULL, the message is freed.
 */
int	store_test_node_rc(struct tmpdb *, const char *ext, const char *parent,
	    const char *text, double visits, double reward, double outcome,
	    char **causep);
/* The same, which must be accepted with no message. */
void	store_test_node_sig(struct tmpdb *, const char *ext,
	    const char *parent, const char *text, double visits, double reward,
	    double outcome);
/* A node with visits, which must be refused (CN_BAD) with cause want. */
void	store_test_node_bad(struct tmpdb *, const char *ext,
	    const char *parent, const char *text, double visits,
	    const char *want);
/* A node without signals, which must be accepted. */
void	store_test_node(struct tmpdb *, const char *ext, const char *parent,
	    const char *text);
/* The id of an address, which must resolve. */
int64_t	store_test_resolve(struct store *, const char *addr);
/* Reads the node at addr into n (the caller clears it). */
void	store_test_get(struct store *, const char *addr, struct cn_node *n);
/*
 * The node at addr has the facts given as "key=value ..." (keys: depth
 * ordinal children subtree leaves ok outcomes best visits reward outcome
 * annotations terminal chosen); a wrong one fails naming addr and key.
 */
void	store_test_assert_node(struct store *, const char *addr,
	    const char *facts);
/* The id of trace ext, which must exist. */
int64_t	store_test_trace_id(struct store *, const char *ext);
/* How many nodes of trace ext a search for words finds. */
int64_t	store_test_hits(struct store *, const char *ext, const char *words);
/*
 * Searches of trace ext find the numbers of nodes given as "word=n ...";
 * a wrong one fails naming the word.
 */
void	store_test_assert_hits(struct store *, const char *ext,
	    const char *hits);
/* The same, then the full-text index passes FTS5's integrity check. */
void	store_test_assert_index(struct store *, const char *ext,
	    const char *hits);
/* The full-text index passes FTS5's integrity check. */
void	store_test_fts_intact(struct store *);
/* The integer a query of one value returns. */
int64_t	store_test_int64(struct store *, const char *sql);
/* The store's counts as "traces nodes annotations signal-names". */
void	store_test_stats_line(struct store *, char *out, size_t len);
/* The file's journal mode, read by a plain SQLite connection, is WAL. */
void	store_test_assert_wal(const char *path);

#endif /* CN_STORE_TEST_H */

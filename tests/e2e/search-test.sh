#!/bin/sh
# search-test.sh - / and ? search the step texts (FTS5 through the store),
# n/N repeat, hits inside folded subtrees are reached (they unfold), hits
# are highlighted, a miss is a message.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep
wait_for 'sheep/a1 #'
wait_gone 'The needle'

# The hit is under folded b > b1: the search unfolds it.
keys /
wait_for '^/'
keys needle Enter
wait_for 'sheep/b1a #.*\| /needle \(1\)'
wait_for 'The needle'
# The only hit: n wraps around to it again.
keys n
wait_for 'search wrapped'
wait_for 'sheep/b1a #'
# Hits are drawn in the match role (colour snapshot).
keys g
wait_for 'sheep/r #'
snapshot search-highlight -e

# Backward search with ?, then N goes the other way.

keys : 'goto b1a' Enter
wait_for 'sheep/b1a #'
keys '?' sheep Enter
wait_for 'sheep/a2 #.*\| /sheep \(4\)'
keys n
wait_for 'sheep/a1 #'
keys N
wait_for 'sheep/a2 #'
# Prefixes match; words are ANDed; punctuation is not FTS syntax.
keys / 'hays' Enter
wait_for 'sheep/b1 #'
keys / '"needle (' Enter
wait_for 'sheep/b1a #'
keys / zzznothing Enter
wait_for 'not found: zzznothing'
quit_ok
finish

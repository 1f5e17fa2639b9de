#!/bin/sh
# sort-test.sh - siblings sorted by a signal (s cycles, :sort NAME), a
# reward-model score from the side table, back to the original order (S);
# the traces view sorts by any column.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep
wait_for 'sheep/a1 #'

# s: visits (a 18, b 11, c 2: the original order), then q (a, c, b).
keys s
wait_for '\| sort visits'
keys s
wait_for '\| sort q'
snapshot sort-q
# :sort by prior (b .47, a .42, c .11) and by a reward model's score.
keys : 'sort prior' Enter
wait_for '\| sort prior'
snapshot sort-prior
keys : 'sort prm:demo-7b' Enter
wait_for '\| sort prm:demo-7b'
snapshot sort-prm
keys : 'sort nosuch' Enter
wait_for "sort: no signal 'nosuch' in this trace"
keys S
wait_for '\| sort original'
snapshot sort-original

# The traces view: s cycles its columns (numbers biggest first).
keys T
wait_for '\| sort trace'
keys s
wait_for '\| sort format'
keys s
wait_for '\| sort nodes desc'
snapshot sort-traces-nodes
keys : 'sort labels' Enter
wait_for '\| sort labels desc'
quit_ok
finish

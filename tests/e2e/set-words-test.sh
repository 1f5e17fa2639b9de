#!/bin/sh
# set-words-test.sh - the options that take a word (mouse, label-others,
# clipboard) from :set, each bad word named with its column; the fixed
# value columns (id, depth, children, subtree, rating, leaves) under their
# headers; a tree filter joining tests with || and &&; Esc and T back to
# the trace list on the open trace.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep
wait_for 'sheep/a1 #'

keys : 'set mouse maybe' Enter
wait_for "set: :set:1:11: mouse: expected on or off, not 'maybe'"
keys : 'set label-others sometimes' Enter
wait_for "label-others: expected on or off, not 'sometimes'"
keys : 'set clipboard xx' Enter
wait_for "clipboard: expected auto, osc52 or off, not 'xx'"
# Good words are taken silently.
keys : 'set clipboard osc52' Enter
wait_gone 'clipboard: expected'
keys : 'set label-others off' Enter
keys : 'set mouse off' Enter
wait_for 'sheep/a1 #5 d2 1/2 \| sort original +F1 help'

keys : 'cols id,depth,children,subtree,rating,leaves,q' Enter
wait_for '^sheep +id +dep kids +size +rt ok/leaves q'

# || joins two tests; && binds tighter.
keys : 'filter depth>1 || q>0.5' Enter
wait_for '6 matches: depth>1 \|\| q>0.5'
keys : 'filter depth>5 || q<0.3 && depth>=1' Enter
wait_for '4 matches: depth>5 \|\|'

# Esc (back) and T both land on the open trace in the list.
keys Escape
wait_for '\[traces\]'
wait_for '1/2 traces'
keys Enter
wait_for 'sheep/'
keys T
wait_for '\[traces\]'
wait_for '1/2 traces'
quit_ok
finish

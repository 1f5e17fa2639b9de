#!/bin/sh
# fold-test.sh - folding: collapse/expand, a folded node's summary,
# collapse all, expand all below, expand to depth N.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep
wait_for 'sheep/a1 #'
# b and c are folded and show their subtree summary.
wait_for '▸ \[3n r0.000 ok0% 1lbl\] 17 minus'
wait_for '▸ \[2n r1.000 ok100%\] Let x'

# h on a leaf moves to its parent and leaves it open (ncdu, ranger);
# a second h folds it.
keys h
wait_for 'sheep/a #'
wait_for 'The farmer has 9'
keys h
wait_for '▸ \[3n r1.000 ok50%\] All but'
keys l
wait_for '▾ All but 9'
wait_for 'The farmer has 9'

# Z collapses everything but the root.
keys Z
wait_gone 'The farmer has 9'
wait_for 'sheep/a #'

# E on the root expands the whole tree.
keys g E
wait_for 'The needle'
wait_for '17 - x = 9 so x = 8'
snapshot fold-all

# e asks for a depth: 2 shows the grandchildren but not b1a.
keys e
wait_for 'expand to depth:'
keys 2 Enter
wait_gone 'The needle'
wait_for 'Check: 17 -'
keys : 'depth 0' Enter
wait_for "depth: expected a number >= 1, not '0'"

# Space toggles the node under the cursor.
keys g Space
wait_gone 'Check: 17 -'
keys Space
wait_for 'Check: 17 -'
snapshot fold-depth
quit_ok
finish

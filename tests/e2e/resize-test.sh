#!/bin/sh
# resize-test.sh - resizing at any time: wide terminals put the detail
# pane at the right, below the minimum a "terminal too small" screen that
# still takes q, and back again with the cursor where it was.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep
wait_for 'sheep/a1 #'

# 120 columns and more: the detail pane goes to the right.
tm resize-window -t cn -x 130 -y 30
wait_for '│path'
wait_for 'sheep/a1 #'
snapshot resize-wide

# Below 60x16: one clear screen.
tm resize-window -t cn -x 50 -y 12
wait_for '^terminal too small \(need 60x16\)'
snapshot resize-small

# Back to 80x24: the same node under the cursor.
tm resize-window -t cn -x 80 -y 24
wait_for 'sheep/a1 #'
wait_for '^path$'
keys j
wait_for 'sheep/a2 #'
snapshot resize-back

# q works on the small screen too.
tm resize-window -t cn -x 40 -y 10
wait_for '^terminal too small'
quit_ok
finish

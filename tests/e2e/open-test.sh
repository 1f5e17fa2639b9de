#!/bin/sh
# open-test.sh - canopy tui opens on the list of traces; Enter opens the
# tree with the best path (most visits, then q) expanded and selected; an
# address opens the tree at that node; q restores the terminal with status 0.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"

# The traces view lists every trace, sorted by id.
start_tui
wait_for '^sheep .*canopy-jsonl'
snapshot open-traces

# Enter on "sheep" opens its tree along the best path r > a > a1.
keys Enter
wait_for 'sheep/a1 #'
snapshot open-tree
quit_ok

# An address opens the tree at that node (b1a is folded away otherwise).
start_tui sheep/b1a
wait_for 'sheep/b1a #'
wait_for 'The needle'
quit_ok

# A trace id alone opens its best path; an unknown address is a message.
start_tui tiny
wait_for 'tiny/x #'
quit_ok
start_tui nosuch/node
wait_for 'no such trace or node: nosuch/node'
quit_ok
finish

#!/bin/sh
# navigation-test.sh - moving in the tree view: lines, pages, ends,
# parent/child/siblings, next leaf, go to a node by id.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep
wait_for 'sheep/a1 #'

# Lines: j/k and the arrow keys.
keys j
wait_for 'sheep/a2 #'
keys j
wait_for 'sheep/b #'
keys k
wait_for 'sheep/a2 #'
keys Down Down Up
wait_for 'sheep/b #'

# Ends: G is the last visible row, g the root.
keys G
wait_for 'sheep/c #'
keys g
wait_for 'sheep/r #'

# Tree moves: first child, siblings, parent.
keys f
wait_for 'sheep/a #'
keys ']'
wait_for 'sheep/b #'
keys ']'
wait_for 'sheep/c #'
keys ']'
wait_for 'sheep/c #'
keys '['
wait_for 'sheep/b #'
keys p
wait_for 'sheep/r #'

# Next leaf unfolds what it passes through: b1a is under folded b.
keys L
wait_for 'sheep/a1 #'
keys L L
wait_for 'sheep/b1a #'
wait_for 'The needle'

# Go to a node by id (i asks), or with :goto.
keys i
wait_for 'goto node:'
keys c1 Enter
wait_for 'sheep/c1 #'
wait_for '17 - x = 9 so x = 8'
keys : 'goto a2' Enter
wait_for 'sheep/a2 #'
keys : 'goto nosuch' Enter
# (any address goes, so the message names both kinds)
wait_for "goto: no node or trace 'nosuch'"

# Pages: at the end a page down lands on the last row.
keys PageDown
wait_for 'sheep/c1 #'
keys PageUp
wait_for 'sheep/r #'
keys End
wait_for 'sheep/c1 #'
keys Home
wait_for 'sheep/r #'
snapshot navigation-end

# The mouse (X10 reports, as the terminal sends them): a click selects
# the row under it, the wheel moves three rows.
mouse() {
	tm send-keys -t cn -l "$(printf '\033[M%b%b%b' \
	    "\\0$(printf %o "$1")" "\\0$(printf %o $(($2 + 33)))" \
	    "\\0$(printf %o $(($3 + 33)))")"
}
keys Z
wait_for 'sheep/r #'
keys : 'goto a1' Enter
wait_for 'sheep/a1 #'
# Screen row 7 is the tree's sixth row: c. Press (32) then release (35).
mouse 32 10 7
mouse 35 10 7
wait_for 'sheep/c #'
# Wheel up (96) from c: three rows up is a1.
mouse 96 10 7
wait_for 'sheep/a1 #'
mouse 97 10 7
wait_for 'sheep/c #'
quit_ok
finish

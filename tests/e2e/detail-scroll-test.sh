#!/bin/sh
# detail-scroll-test.sh - the detail pane stops at its last full page
# (J past the end, then one K moves back), j/k scroll one line when the
# pane has the focus, and Tab shows where the focus is; h on a leaf moves
# to the parent without folding it; BS back to the traces list puts the
# cursor on the trace the user came from.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

# Line N of the screen (1: the title) matches REGEX, within the timeout.
wait_line() {
	i=0
	while [ $i -lt $((TIMEOUT * 10)) ]; do
		screen | sed -n "$1p" | grep -Eq -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for line $1 to match /$2/"
}

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep/b
wait_for 'sheep/b #'
# The pane is rows 15-22 (8 lines); b's details are 16 lines.
wait_line 15 '^path$'

# J well past the end: the last line sits on the pane's last row, the
# pane is never blank.
keys J J J J J J
wait_line 22 '^    reads all but as minus$'
wait_line 15 '^signals$'
# One K moves back at once (half a page: 4 lines), no extra K first.
keys K
wait_line 15 '^node$'
keys K
wait_line 15 '^path$'

# Tab: the border says the pane has the focus, and so does the title.
wait_gone 'detail \(focus'
keys Tab
wait_line 14 '── detail \(focus: j/k scroll, Tab back\) ──'
wait_line 1 '\[tree: detail\]'
# j and k scroll one line; the tree cursor stays.
keys j
wait_line 15 '^r › b$'
keys j j
wait_line 15 '^17 minus 9 leaves 8 sheep\.$'
keys k
wait_line 15 '^text$'
wait_for 'sheep/b #3'
keys Tab
wait_gone 'detail \(focus'
wait_line 1 '\[tree\]'

# h on a leaf goes to the parent and leaves it open (the siblings stay).
keys : 'goto a2' Enter
wait_for 'sheep/a2 #'
keys h
wait_for 'sheep/a #'
wait_for 'So 8 sheep are left\.'
wait_for 'The farmer has 9 sheep left'
# A second h folds it.
keys h
wait_gone 'So 8 sheep are left\.'

# BS back to the list: the cursor is on the trace we came from.
keys : 'goto tiny' Enter
wait_for '^tiny '
keys BSpace
wait_for '2/2 traces'
keys Enter
wait_for '^tiny '
keys T
wait_for '2/2 traces'
keys : 'goto sheep' Enter
wait_for 'sheep/a1 #'
keys BSpace
wait_for '1/2 traces'
quit_ok
finish

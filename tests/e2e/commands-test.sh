#!/bin/sh
# commands-test.sh - the `:` command line (issues 9, 10, 11): :set takes
# every option (it used to read freed memory and reject them all), Tab
# completes command names, :filter narrows the trace list and searches
# the tree, and a command of the other view says so.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep
wait_for 'sheep/a1 #'

# :set, for options of each kind; the screen follows.
keys : 'set columns visits' Enter
# (the trace's reward-model scores always follow the chosen columns)
wait_for '^sheep +visits +demo-7b$'
keys : 'set detail-ratio 70' Enter
wait_gone 'set: '
keys : 'set dim-visits 5' Enter
wait_gone 'set: '
keys : 'set theme mono' Enter
wait_for 'theme mono'
# A bad option is named as typed, with its column.
keys : 'set frobs 3' Enter
wait_for "set: :set:1:5: unknown option 'frobs'"
keys : 'set detail-ratio 7' Enter
wait_for 'set: :set:1:'

# Tab completes a command's name: one match in full, several listed.
keys : 'go' Tab 'c' Enter
wait_for 'sheep/c #'
keys : 's' Tab
wait_for 'search sort set'
wait_for '^:s *$'
keys C-u 'th' Tab 'light' Enter
wait_for 'theme light'

# :filter narrows the trace list.
keys T
wait_for '\[traces\]'
keys : 'filter tin' Enter
wait_for '1/1 traces \(of 2\)'
wait_gone '^ *sheep '
keys : 'filter' Enter
wait_for '1/2 traces|2/2 traces'
# In the tree, whose rows are read a screen at a time, it searches.
keys : 'goto sheep' Enter
wait_for 'sheep/a1 #'
keys : 'filter needle' Enter
wait_for 'sheep/b1a #'
wait_for 'searched, not narrowed'
# A command of the other view says which view it is in.
keys T
wait_for '\[traces\]'
keys : 'depth 2' Enter
wait_for 'depth: not in the traces view'
keys : frobnicate Enter
wait_for "unknown command 'frobnicate'"
quit_ok
finish

#!/bin/sh
# detail-test.sh - the detail pane: path, full text, observation, every
# signal, annotations (author, rating, tags, note); toggled with d,
# resized with > and <, scrolled with J/K or j/k after Tab.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep/b
wait_for 'sheep/b #'
wait_for '^r › b$'
wait_for '^17 minus 9 leaves 8 sheep\.$'
snapshot detail-b

# Scroll down to the signals and the annotation.
keys J J
wait_for 'prm:demo-7b +0.22'
wait_for 'alice -1 first-error \[misread\]'
wait_for 'reads all but as minus'
keys K K
wait_for '^r › b$'

# Tab moves the focus to the detail pane: j scrolls it (a line at a
# time), the cursor stays.
keys Tab j j j j j j j j
wait_for 'alice -1 first-error'
wait_for 'sheep/b #'
keys Tab

# The observation of a tool step.
keys : 'goto c1' Enter
wait_for '^tool: x = 8$'

# d hides the pane (the tree gets the rows), d shows it again.
keys d
wait_gone '^path$'
wait_gone '────────'
keys d
wait_for '^path$'
# > grows the pane: the border moves up; < shrinks it back.
row() { screen | grep -n '^────' | cut -d: -f1; }
r0=$(row)
keys '>'
i=0
while [ "$(row)" = "$r0" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
r1=$(row)
[ "$r1" -lt "$r0" ] || fail "detail-grow: border at $r1, was $r0"
keys '<'
i=0
while [ "$(row)" = "$r1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
[ "$(row)" = "$r0" ] || fail "detail-shrink: border at $(row), was $r0"
quit_ok
finish

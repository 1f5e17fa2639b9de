#!/bin/sh
# goto-test.sh - going to a node (issues 10, 11): `#` asks with the '#'
# of the "#ID" the status line shows, `i` asks empty; :goto takes any
# address (#ID, a node id of this trace, TRACE/NODE of another trace, a
# trace id) and switches trace when it must, from either view.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep
wait_for 'sheep/a1 #'
id_b=$(screen | sed -n 's/.*sheep\/a1 #\([0-9]*\) .*/\1/p')
[ -n "$id_b" ] || fail "no #ID in the status line"

# `#` then the digits: the prompt holds "#" already.
keys k
wait_for 'sheep/a #'
keys '#'
wait_for '^goto node: #'
keys "$id_b" Enter
wait_for "sheep/a1 #$id_b "
# `i` then the whole "#ID" as the status line shows it.
keys k i
wait_for '^goto node: *$'
keys "#$id_b" Enter
wait_for "sheep/a1 #$id_b "

# A node id of the open trace.
keys : 'goto c' Enter
wait_for 'sheep/c #'
# Another trace's address: the tree switches to that trace.
keys : 'goto tiny/y' Enter
wait_for 'tiny/y #'
# A trace id: its tree along the best path.
keys : 'goto sheep' Enter
wait_for 'sheep/a1 #'
# #ID of a node in another trace.
keys : 'goto tiny/x' Enter
wait_for 'tiny/x #'
id_x=$(screen | sed -n 's/.*tiny\/x #\([0-9]*\) .*/\1/p')
keys : 'goto sheep/b1' Enter
wait_for 'sheep/b1 #'
keys : "goto #$id_x" Enter
wait_for "tiny/x #$id_x "
# From the traces view.
keys T
wait_for '\[traces\]'
keys : 'goto sheep/c' Enter
wait_for 'sheep/c #'
# What does not exist is a message naming it.
keys : 'goto nosuch' Enter
wait_for "goto: no node or trace 'nosuch'"
keys : 'goto #999999' Enter
wait_for "goto: no node or trace '#999999'"
wait_for 'sheep/c #'
quit_ok
finish

#!/bin/sh
# follow-update-test.sh - a search rewrites nodes of a file that
# `canopy import --follow` reads while the TUI shows the tree: without a
# key press the TUI shows each rewrite (the subtree's best leaf reward
# going up and down, a node's new visits), never a second copy of a node.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

fpid=""
trap '[ -n "$fpid" ] && kill -9 "$fpid" 2>/dev/null; cleanup' EXIT

# rec ID PARENT VISITS REWARD TEXT: one node line of trace m.
rec() {
	printf '{"type":"node","trace":"m","id":"%s","parent":%s,' "$1" "$2"
	printf '"text":"%s","signals":{"visits":%s,"reward":%s}}\n' \
	    "$5" "$3" "$4"
}

{
	rec r null 1 null "the root"
	rec x '"r"' 1 null "the middle"
	rec n2 '"x"' 1 0.9 "first try"
	rec n3 '"x"' 1 0.4 "other try"
} >"$T/live.jsonl"
follow_bg "$T/live.jsonl" 4
start_tui m
wait_for '^m/n2 #'
wait_for 'first try +1.* 0\.900'
# On the middle node, the detail pane shows its subtree's summary.
keys k
wait_for '^m/x #'
wait_for 'best leaf reward 0\.9$'
# Rewrite 1: n2 goes down to 0.8, the subtree's best with it.
rec n2 '"x"' 2 0.8 "first try" >>"$T/live.jsonl"
wait_for 'first try +2.* 0\.800'
wait_for 'best leaf reward 0\.8$'
# Rewrite 2: n2 below n3: the best is n3's 0.4, not the old 0.9.
rec n2 '"x"' 3 0.2 "first try" >>"$T/live.jsonl"
wait_for 'first try +3.* 0\.200'
wait_for 'best leaf reward 0\.4$'
# Rewrite 3: the middle node's own visits.
rec x '"r"' 42 null "the middle" >>"$T/live.jsonl"
wait_for 'the middle +42'
[ "$(screen | grep -c 'first try')" -eq 1 ] || fail "n2 shown twice"
follow_stop '1 trace, 4 nodes (3 updates)'
quit_ok
finish

#!/bin/sh
# follow-test.sh - `canopy import --follow` writes while the TUI is open
# on the same database: the traces view shows the growing node count and
# a new trace without a key press (the TUI polls PRAGMA data_version and
# the follower commits at least once a second).
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

fpid=""
trap '[ -n "$fpid" ] && kill -9 "$fpid" 2>/dev/null; cleanup' EXIT

# node TRACE ID [PARENT]: one canopy-jsonl node line.
node() {
	if [ $# -eq 3 ]; then p="\"$3\""; else p=null; fi
	printf '{"type":"node","trace":"%s","id":"%s",' "$1" "$2"
	printf '"parent":%s,' "$p"
	printf '"text":"step %s of %s"}\n' "$2" "$1"
}

{ node grow r; node grow a r; node grow b r; } >"$T/live.jsonl"
follow_bg "$T/live.jsonl" 3
start_tui
wait_for '^grow +canopy-jsonl +3 '
{ node grow c a; node grow d a; node grow e c; } >>"$T/live.jsonl"
wait_for '^grow +canopy-jsonl +6 +3( |$)'
{ node later r; node later x r; } >>"$T/live.jsonl"
wait_for '^later +canopy-jsonl +2 '
wait_for '2 traces'
follow_stop '2 traces, 8 nodes'
quit_ok
finish

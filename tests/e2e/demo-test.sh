#!/bin/sh
# demo-test.sh - `canopy demo` on a terminal builds the demo database once
# and opens it in the interface (traces from several real formats);
# `canopy` with no command opens the interface on $CANOPY_DB.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

start "CANOPY_DEMO_DIR='$CANOPY_SRCDIR/demo' '$CANOPY_BIN' demo"
wait_for '\[traces\]'
wait_for '^mcts-sheep +canopy-jsonl'
wait_for '^beam-train +canopy-jsonl'
wait_for ' moatless '
wait_for ' prm800k '
wait_for ' processbench '
[ -f "$XDG_DATA_HOME/canopy/demo.db" ] || fail "demo.db not built"
# Enter opens the selected trace's tree.
keys : 'filter mcts-sheep' Enter
keys Enter
wait_for '\[tree\]'
wait_for '^mcts-sheep/'
quit_ok

# No command: the interface on the database from the environment.
db_import "$E2E/fixtures/small.canopy.jsonl"
start "CANOPY_DB='$DB' '$CANOPY_BIN'"
wait_for '^sheep +canopy-jsonl'
quit_ok
# canopy tui ADDRESS through the global --db option.
start "'$CANOPY_BIN' --db '$DB' tui tiny/y"
wait_for 'tiny/y #'
quit_ok
finish

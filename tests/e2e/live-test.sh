#!/bin/sh
# live-test.sh - another process writes to the database while canopy is
# open: the traces view shows the new trace within about a second, and
# the tree view keeps its cursor and fold state through the reload.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui
wait_for '^tiny '
wait_gone '^evil '
db_import "$E2E/fixtures/escape.canopy.jsonl"
wait_for '^evil '
# The cursor stays on the same trace (sheep, now second).
wait_for '2/3 traces'

# In the tree: open b1a (under folded b), write, stay there.
keys : 'traces' Enter
keys : 'filter sheep' Enter
wait_for '1/1 traces'
keys Enter
wait_for 'sheep/a1 #'
keys : 'goto b1a' Enter
wait_for 'sheep/b1a #'
# A reward model scores b1a meanwhile: its column fills in without a key.
wait_gone '0\.990'
cat >"$T/more.jsonl" <<'EOS'
{"type":"score","trace":"sheep","node":"b1a","name":"prm:demo-7b","value":0.99}
{"type":"trace","id":"later","problem":"written while browsing"}
{"type":"node","trace":"later","id":"r","parent":null,"text":"later root"}
EOS
db_import "$T/more.jsonl"
wait_for 'The needle.* 0\.990'
wait_for 'sheep/b1a #'
# R reloads on demand; the cursor and the unfolded path survive.
keys R
wait_for 'sheep/b1a #'
wait_for 'The needle'
keys T : filter Enter
wait_for '^later '
quit_ok
finish

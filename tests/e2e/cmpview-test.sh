#!/bin/sh
# cmpview-test.sh - the comparison views: the disagreement finder (:disagree,
# D with Tab completion of signal names, Enter to the node, } and { walking
# the listed nodes in tree order), calibration (:calibrate) and distributions
# (:hist) with the numbers `canopy calibrate` and `canopy hist` print, and
# the diff of a marked subtree (M, V) with `canopy diff`'s counts, and
# the replay of a search (I, :replay) in its recorded or creation order.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/compare.canopy.jsonl"
start_tui go
tm resize-window -x 120 -y 30
wait_for 'go/a1 #'

# The list says its scale; every row `canopy disagree` prints is on screen
# with the same score, values and address, in the same order.
keys : 'disagree q prm:qwen-7b' Enter
wait_for 'on scale rank \(each signal.s rank among siblings, 0\.\.1\): 5 worst of 5 scored nodes in this trace'
"$CANOPY_BIN" disagree --db "$DB" --trace go q prm:qwen-7b >"$T/cli.out" ||
    fail "canopy disagree"
sed -n '3,$p' "$T/cli.out" >"$T/cli.rows"
[ "$(wc -l <"$T/cli.rows")" -eq 5 ] || fail "cli rows: $(cat "$T/cli.out")"
screen | grep -E '^ *[01]\.[0-9]{3} ' >"$T/tui.rows"
paste -d'|' "$T/cli.rows" "$T/tui.rows" | while IFS='|' read -r c u; do
	# score, the two values, the address: the CLI's words 1, 2, 4, 8.
	set -- $c
	cs=$1 ca=$2 cb=$4 caddr=$8
	set -- $u
	[ "$1 $2 $4 $8" = "$cs $ca $cb $caddr" ] ||
	    { echo "cli: $c / tui: $u" >"$T/mismatch"; break; }
done
[ -e "$T/mismatch" ] && fail "rows differ: $(cat "$T/mismatch")"
# The cursor starts on the first row; Enter goes to its node.
wait_for 'disagree 3/7'
keys j Enter
wait_for 'go/b #3 d1'
# } and { walk the listed nodes of this trace in tree order, wrapping.
keys '}'
wait_for 'go/c #4 .*disagreement 0\.000: q 0\.2 vs prm:qwen-7b 0\.5$'
keys '}'
wait_for 'go/a #2 .*disagreement 1\.000: .*\(wrapped\)'
keys '}'
wait_for 'go/a1 #5 .*disagreement 1\.000: q 0\.25 vs prm:qwen-7b 0\.85$'
keys '{' '{'
wait_for 'go/c #4 .*\(wrapped\)'

# D asks; Tab completes signal names and the scale.
keys D 'q prm' Tab
wait_for '^:disagree q prm:qwen-7b ?$'
keys n Tab
wait_for '^:disagree q prm:qwen-7b norm ?$'
keys Enter
wait_for 'on scale norm \(each signal min-max normalised to 0\.\.1 per trace\)'
keys : 'disagree q nosuch' Enter
wait_for "disagree: no node has signal 'nosuch'"
keys : 'disagree q' Enter
wait_for 'disagree: name two signals'
# No node has both (orm on the moves, outcome on the answers): an empty
# list that says so (UBSan once saw qsort(NULL) here).
keys : 'disagree orm:qwen-7b outcome' Enter
wait_for '0 worst of 0 scored nodes in this trace'
wait_for 'no node has both signals and a sibling with both'
# Esc leaves a finished list for the tree.
keys Escape
wait_for 'go/c #4 d1'

# Calibration: the numbers of canopy calibrate --by-depth.
"$CANOPY_BIN" calibrate --db "$DB" --trace go --signal q --against outcome \
    --by-depth >"$T/calib.out" || fail "canopy calibrate"
grep -q 'Brier 0.4612  AUROC 0.0000' "$T/calib.out" ||
    fail "calibrate: $(cat "$T/calib.out")"
keys %
wait_for '^:calibrate ?$'
keys 'q outcome' Enter
wait_for 'calibration of q against outcome, 10 bins'
wait_for '^q against outcome, all depths: 2 pairs$'
wait_for '^  0\.20-0\.30         1     0\.250     1\.000  \|#{30}$'
wait_for '^  0\.60-0\.70         1     0\.600     0\.000  \|$'
wait_for '^  Brier 0\.4612  AUROC 0\.0000$'
keys G
wait_for '^depth 2: 2 pairs$'
keys : 'calibrate q outcome 2' Enter
wait_for '^  0\.50-1\.00         1     0\.600     0\.000  \|$'

# The distribution per depth: the very lines of canopy hist --by-depth.
"$CANOPY_BIN" hist --db "$DB" --trace go --by-depth --bins 4 q \
    >"$T/hist.out" || fail "canopy hist"
keys : 'hist q 4' Enter
wait_for '^q, all depths: 6 values$'
wait_for '^ +-0\.9 \.\. -0\.45 +1 \|#{10}$'
wait_for '^ +0 \.\. 0\.45 +3 \|#{30}$'
wait_for '^depth 1: 3 values$'
screen | grep -E '^ +-?[0-9.]+ \.\. ' | sed 's/[[:space:]]*$//' >"$T/hist.tui"
sed 's/[[:space:]]*$//' "$T/hist.out" >"$T/hist.cli"
[ "$(wc -l <"$T/hist.tui")" -ge 12 ] || fail "hist lines: $(cat "$T/hist.tui")"
while IFS= read -r l; do
	grep -qxF -- "$l" "$T/hist.cli" || fail "not in canopy hist: '$l'"
done <"$T/hist.tui"
keys Escape

# Two subtrees side by side: M marks the root, V diffs it with play D4.
"$CANOPY_BIN" diff --db "$DB" go/r go/a >"$T/diff.out" || fail "canopy diff"
grep -q '1 aligned by step text (1 with different values), 5 only in A (-), 2 only in B (+)' \
    "$T/diff.out" || fail "diff: $(cat "$T/diff.out")"
keys V
wait_for 'diff: no mark \(M marks a node\)'
keys g M
wait_for 'marked #1'
keys j V
wait_for '^1 aligned by step text \(1 with different values, ~\), 5 only in A \(-\), 2 only in B \(\+\)$'
wait_for '^~ Black to play  visits 100 -> 60  q 0\.1 -> 0\.9'
wait_for '^\+   answer D4 then C3$'
# Enter on a line goes to its node (A's side when it has one).
keys j j j j Enter
wait_for 'go/a #2 d1'
keys : 'diff go/a go/r' Enter
wait_for '^1 aligned by step text \(1 with different values, ~\), 2 only in A \(-\), 5 only in B \(\+\)$'
wait_for '^A go/a$'
keys : 'diff nosuch' Enter
wait_for "diff: no trace or node 'nosuch'"

# Replay: this trace kept no search order, so creation order, said so.
keys Escape I
wait_for '^no search history recorded: the 6 nodes in creation \(id\) order'
wait_for '^  3\. b  play Q16  visits 30  q -0\.9$'
# llm-reasoners kept one snapshot per MCTS iteration.
db_import "$CANOPY_SRCDIR/tests/fixtures/reasoners/mcts-rap-gsm8k.json"
keys : 'goto mcts-rap-gsm8k' Enter
wait_for 'mcts-rap-gsm8k/'
keys : replay Enter
wait_for '^iteration 1: 2 nodes, 2 new, 1 on the chosen path$'
wait_for '^iteration 2: 4 nodes, 2 new, 2 on the chosen path$'
wait_for '^  \+  13  .*None are left.*  q 0\.1$'
wait_for '^iteration 3: 5 nodes, 1 new, 3 on the chosen path$'
# The cursor starts on iteration 1; Enter goes to the node it added.
keys j j Enter
wait_for 'mcts-rap-gsm8k/11 #'
quit_ok
finish

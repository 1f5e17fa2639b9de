#!/bin/sh
# label-live-test.sh - two colleagues on one database (issue 12): a label
# written by one canopy process shows in another one's open tree within
# about a second, without a restart, in both directions, and each
# author's label stays their own.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
mkdir -p "$XDG_CONFIG_HOME/canopy"
echo 'set columns visits,rating' >"$XDG_CONFIG_HOME/canopy/config"

# The second process runs in a tmux server of its own: a second session
# or window in a server with window-size manual crashes tmux 3.3a.
tm2() {
	tmux -L "${SOCK}b" -f /dev/null "$@"
}
trap 'tm2 kill-server >/dev/null 2>&1; cleanup' EXIT

# wait_for2 RE SECONDS: like wait_for, in the second process's pane.
wait_for2() {
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		tm2 capture-pane -p -t cn2 | grep -Eq -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "--- second pane ---"
	tm2 capture-pane -p -t cn2
	fail "second pane: timed out waiting for /$1/"
}

# Seen-within check: the time from the write to the screen, in ms.
since() {
	echo $((($(date +%s%N) - $1) / 1000000))
}

start_tui --author ann sheep
wait_for 'sheep/a1 #'
tm2 new-session -d -s cn2 -x 80 -y 24 \
    "env TERM=$PANE_TERM '$CANOPY_BIN' tui --db '$DB' --author bob sheep" ||
    fail "second session"
wait_for2 'sheep/a1 #' "$TIMEOUT"

# ann rates a1 +1: bob sees the rating in the rating column (no mark of
# his own in the gutter).
t0=$(date +%s%N)
keys y
wait_for 'rated \+1 \(ann\)'
wait_for2 '^│ │   \+ The farmer has 9.* 1 *$' 3
ms=$(since "$t0")
echo "ann -> bob: ${ms} ms"
[ "$ms" -lt 2500 ] || fail "bob saw ann's label after $ms ms"

# bob rates a1 -1 (his own mark '-'; the authors now disagree there),
# then a2 -1, which ann has not labeled: her rating column shows it.
tm2 send-keys -t cn2 b
wait_for2 '^│ │  -\+ The farmer has 9' 3
t0=$(date +%s%N)
tm2 send-keys -t cn2 j b
wait_for2 '^│ │  -- So 8 sheep' 3
wait_for '^│ │   - So 8 sheep.* -1 *$'
ms=$(since "$t0")
echo "bob -> ann: ${ms} ms"
[ "$ms" -lt 2500 ] || fail "ann saw bob's label after $ms ms"

# A script labels too: both panes show it without a key pressed.
t0=$(date +%s%N)
"$CANOPY_BIN" annotate --db "$DB" sheep/c --rating 1 --author cy ||
    fail "annotate"
wait_for '1lbl\] Let x be the number.* 2[^ ]* +1 '
wait_for2 '1lbl\] Let x be the number.* 2[^ ]* +1 ' 3
ms=$(since "$t0")
echo "script -> both: ${ms} ms"
[ "$ms" -lt 2500 ] || fail "the panes saw the script's label after $ms ms"

# ann finds the step where the authors disagree.
keys : 'labels disagree' Enter
wait_for 'sheep/a1 #.*labels disagree'

tm2 send-keys -t cn2 q
quit_ok
"$CANOPY_BIN" annotations --db "$DB" >"$T/all"
grep -q '^sheep/a1 ann +1$' "$T/all" || fail "ann's label: $(cat "$T/all")"
grep -q '^sheep/a1 bob -1$' "$T/all" || fail "bob's label: $(cat "$T/all")"
finish

#!/bin/sh
# label-keys-test.sh - labeling in the tree (issue 12): one key each for
# +1 / 0 / -1, first error (the step -1, unrated steps above it +1),
# clear, a tag from the picker, a note, a preference between siblings;
# the gutter mark and the rating column show them; undo and redo; a
# label acknowledged on screen survives a kill -9 right after.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
mkdir -p "$XDG_CONFIG_HOME/canopy"
echo 'set columns visits,rating' >"$XDG_CONFIG_HOME/canopy/config"
start_tui --author ann sheep
wait_for 'sheep/a1 #'

# y rates the cursor step +1: a gutter '+' before its outcome mark.
keys y
wait_for 'rated \+1 \(ann\)'
wait_for '^│ │  \+\+ The farmer has 9'
wait_for 'The farmer has 9 sheep left.*15[^ ]* +1 *$'
# X on it: first error; the unrated step above (a) gets +1, not the root.
keys X
wait_for 'first error \(ann\)'
wait_for '^│ │  !\+ The farmer has 9'
wait_for '^│ ▾\+All but 9 run away'
wait_for 'The farmer has 9 sheep left.*15[^ ]* +-1 *$'
wait_for '^▾ A farmer'
# Undo puts both rows back as they were (a1 rated +1, a unrated); redo
# does the first error again.
keys U
wait_for 'undone \(1 more to undo, 1 to redo\)'
wait_for '^│ │  \+\+ The farmer has 9'
wait_for '^│ ▾ All but 9 run away'
keys C-r
wait_for 'redone'
wait_for '^│ │  !\+ The farmer has 9'
wait_for '^│ ▾\+All but 9 run away'

# m (0) and b (-1) on a2; z clears.
keys j m
wait_for '^│ │  o- So 8 sheep'
keys b
wait_for '^│ │  -- So 8 sheep'
keys z
wait_for 'label removed'
wait_for '^│ │   - So 8 sheep'
keys b
wait_for '^│ │  -- So 8 sheep'
# A note, inline.
keys a
wait_for '^note:'
keys 'off by one' Enter
wait_for 'note saved \(ann\)'
# A tag from the picker, by its number (3: misread).
keys t
wait_for '^tag 1:arithmetic 2:logic 3:misread'
keys 3 Enter
wait_for 'tag misread toggled'

# Preference: mark a1, go to a2, prefer the marked one (w), with a note.
keys k v
wait_for 'marked #'
wait_for '^│ │  @\+ The farmer'
keys j w
wait_for '^why \(optional'
keys 'a1 is right' Enter
wait_for 'preferred #[0-9]+ over #[0-9]+ \(ann\)'
# Undo removes the preference, redo adds it back.
keys U
wait_for 'undone'
keys C-r
wait_for 'redone'

# Finding labels: a tag (after the cursor, then from the top: b has it
# from the imported rater), on with ','; then the steps ann has not
# labeled.
keys : 'labels tag misread' Enter
wait_for 'sheep/b #.*labels tag misread: from the top'
keys ,
wait_for 'sheep/a2 #'
keys F
wait_for '^find labels \(rated, unrated, tag T, disagree\): tag misread'
keys Escape
# (In the order steps were imported: a2, then b1, b1a, c1, then b.)
keys : 'labels unrated' Enter
wait_for 'sheep/b1 #.*labels unrated'
keys ,
wait_for 'sheep/b1a #.*labels unrated'
keys , ,
wait_for 'sheep/b #.*labels unrated: from the top'
keys : 'labels sideways' Enter
wait_for "labels: expected rated, unrated, tag T or disagree, not 'sideways'"
quit_ok

"$CANOPY_BIN" annotations --db "$DB" --author ann >"$T/ann" 2>&1 ||
    fail "annotations: $(cat "$T/ann")"
cat >"$T/want" <<'EOS'
sheep/a ann +1
sheep/a1 ann -1 first-error
sheep/a2 ann -1 tags=misread note=off by one
sheep/a1 > sheep/a2 ann note=a1 is right
EOS
diff -u "$T/want" "$T/ann" || fail "stored labels differ"

# kill -9 right after a label is acknowledged on screen: it is on disk.
start_tui --author kim sheep
wait_for 'sheep/a1 #'
keys y
wait_for 'rated \+1 \(kim\)'
pid=$(pgrep -P "$(tm display -p -t cn '#{pane_pid}')" canopy)
[ -n "$pid" ] || fail "no canopy process"
kill -9 "$pid"
wait_exit >/dev/null
"$CANOPY_BIN" annotations --db "$DB" --author kim >"$T/kim" 2>&1
[ "$(cat "$T/kim")" = "sheep/a1 kim +1" ] ||
    fail "the label is not on disk after kill -9: $(cat "$T/kim")"
finish

#!/bin/sh
# tags-test.sh - the tags view and the label filters (issue 12): :tags
# counts every tag across traces and per author; Enter goes to a tagged
# step with the filter "tagged T" set, and n/N walk its steps; :filter
# rated|unrated|tagged T|disagreeing in the tree; :authors hides the
# other authors' (imported raters') labels from counts and filters; D
# records the resolved label of a disagreement.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui --author ann sheep
wait_for 'sheep/a1 #'

# ann tags a1 and a "calc"; alice's import tagged b "misread".
keys : 'tag calc' Enter
wait_for 'tag calc toggled'
keys k : 'tag calc' Enter
wait_for 'tag calc toggled'
wait_for 'sheep/a #'

keys @
wait_for '^tags \(2\) +steps +traces'
wait_for '^calc +2 +1 *$'
wait_for '^ +by ann +2 +1 *$'
wait_for '^misread +1 +1 *$'
wait_for '^ +by alice +1 +1 *$'
# Without other authors: only ann's tag is counted.
keys : authors Enter
wait_for 'other authors. labels hidden'
wait_for '^tags \(1\) +steps +traces'
wait_gone '^misread'
keys : 'authors on' Enter
wait_for '^misread +1 +1 *$'

# Enter on calc: its first step (a), the filter set; n walks to a1 and
# wraps back to a.
keys g Enter
wait_for 'sheep/a #.*filter tagged calc'
keys n
wait_for 'sheep/a1 #'
keys n
wait_for 'labels tagged calc: from the top'
wait_for 'sheep/a #'
keys N
wait_for 'sheep/a1 #'

# :filter with label terms in the tree.
keys : 'filter tagged misread' Enter
wait_for 'sheep/b #'
keys : 'filter unrated' Enter
wait_for 'filter unrated'
keys : 'filter disagreeing' Enter
wait_for 'labels disagreeing: no step in this trace'
# ann rates b +1 against alice's -1: now they disagree there.
keys : 'goto sheep/b' Enter
wait_for 'sheep/b #'
keys y
wait_for 'rated \+1 \(ann\)'
keys g : 'filter disagreeing' Enter
wait_for 'sheep/b #.*filter disagreeing'
# Hidden authors cannot disagree with ann (V toggles them).
keys W
wait_for 'other authors. labels hidden'
keys g : 'filter disagreeing' Enter
wait_for 'labels disagreeing: no step in this trace'
keys : 'authors on' Enter
# D resolves it: ann's label becomes -1, tagged resolved; the step is no
# longer among the disagreeing ones.
keys g : 'filter disagreeing' Enter
wait_for 'sheep/b #.*filter disagreeing'
keys !
wait_for '^resolve as'
keys -- -1 Enter
wait_for 'resolved -1 \(ann\)'
keys g : 'filter disagreeing' Enter
wait_for 'labels disagreeing: no step in this trace'
"$CANOPY_BIN" annotations --db "$DB" --author ann >"$T/ann" 2>&1
grep -q '^sheep/b ann -1 tags=resolved$' "$T/ann" ||
    fail "resolved label: $(cat "$T/ann")"
keys : 'goto sheep/c' Enter
wait_for 'sheep/c #'
keys : 'resolve +1' Enter
wait_for 'resolve: no other author labels this step'
# A search takes n back from the filter.
keys / 'needle' Enter
wait_for 'sheep/b1a #'
# The list of traces counts the labels written here when shown: alice's
# and ann's three.
keys T
wait_for '^sheep +canopy-jsonl .* 4 *$'
quit_ok
finish

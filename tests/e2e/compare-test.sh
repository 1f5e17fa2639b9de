#!/bin/sh
# compare-test.sh - comparing value estimates: bars scaled to each
# signal's range and diverging from zero, distinct headers (prm and orm
# of one model), the sort mark and its reverse, the "+N cols" note and
# :cols, :filter EXPR with its count and n/N, and the sibling comparison
# view with its ranks, disagreement marks and chosen child.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/compare.canopy.jsonl"
start_tui go
wait_for 'go/a1 #'

# -0.9 and +0.9 point opposite ways; scoreLead -11.5 is the full bar and
# +7.1 is not; headers o:qwen-7b and p:qwen-7b stay apart.
tm resize-window -x 120 -y 24
keys d E
wait_for 'scoreLead'
snapshot compare-bars
# At 80 columns two columns do not fit, and the header says so.
keys d
tm resize-window -x 80 -y 24
wait_for '\+2 cols'

# :sort takes what the header shows; -NAME and v reverse it; the sorted
# column is marked.
# With orm left out the header is just qwen-7b, and :sort takes that.
keys : 'cols q,reward,p:qwen-7b' Enter
wait_for ' qwen-7b$'
keys : 'sort -qwen-7b' Enter
wait_for '\| sort -prm:qwen-7b'
wait_for 'qwen-7▲'
snapshot compare-sort-asc
keys O
wait_for '\| sort prm:qwen-7b'
wait_for 'qwen-7▼'

# :filter EXPR: the count of matches, n and N walk them (id order).
keys : 'filter q<0.3 && prm:qwen-7b>0.8' Enter
wait_for '\| 2 matches: q<0.3'
keys g n
wait_for 'go/b #3 '
keys n
wait_for 'go/a1 #5 '
keys N
wait_for 'go/b #3 '
keys : 'filter depth>=2 && text~C3' Enter
wait_for 'go/a2 #6 .*\| 1 match: depth>=2'
# A bad expression names its column; plain words still search.
keys : 'filter q<' Enter
wait_for 'filter: column 3: expected a number'
keys : 'filter nosuch>1' Enter
wait_for "filter: column 1: no signal 'nosuch' in this trace"
keys : 'filter Q16' Enter
wait_for '/Q16 \(2\)'

# The root's children compared: q is the reference, play D4 was chosen.
keys g =
wait_for 'compare go/r 1/3 \| ref q \| 4 disagree'
snapshot compare-siblings
keys : 'sort p:qwen-7b' Enter
wait_for '\| ref prm:qwen-7b \| 11 disagree'
# Narrower: fewer columns, counted.
tm resize-window -x 60 -y 20
wait_for 'children \(3\) \+3 cols'
snapshot compare-siblings-narrow
# Enter goes to the child in the tree; Esc from the view returns there.
keys j Enter
wait_for 'go/b #3 d1 2/3'
keys =
wait_for 'compare go/r 2/3'
keys Escape
wait_for 'go/b #3 d1'
quit_ok
finish

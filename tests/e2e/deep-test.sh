#!/bin/sh
# deep-test.sh - a 20,000-step chain (issue 15): it opens on its top with
# the best path unfolded, pages past the first TM_BEST_STEP levels, G goes
# to its end, a fold deep down leaves nothing below it, goto lands on a
# deep node whose detail path shows the nearest levels only.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

n=20000
awk -v n=$n 'BEGIN {
	print "{\"type\":\"node\",\"trace\":\"chain\",\"id\":\"n0\",\"text\":\"step 0\"}"
	for (i = 1; i < n; i++)
		printf "{\"type\":\"node\",\"trace\":\"chain\",\"id\":\"n%d\",\"parent\":\"n%d\",\"text\":\"step %d\"}\n", i, i - 1, i
}' >"$T/chain.jsonl"
db_import "$T/chain.jsonl"
start_tui chain
wait_for 'chain/n0 #1 d0 '
# Open along the way: the depth is written, not drawn, past the guides.
wait_for '^│ │ ▾ step 2 *$'
wait_for '^ *10 ▾ step 10 *$'

# Paging down goes past the first 256 levels the best path opened.
i=0
while [ $i -lt 30 ]; do
	keys PgDn
	i=$((i + 1))
done
wait_for '^ *3[0-9][0-9] ▾ step 3[0-9][0-9] *$'

# G: the last row is the end of the chain.
keys G
wait_for 'chain/n19999 #20000 d19999 '
wait_for '^ *19999   step 19999 *$'
keys k
wait_for 'chain/n19998 #'
keys j j
wait_for 'chain/n19999 #'

# Goto a node half way down: the detail path is its nearest 64 levels.
keys : 'goto n15000' Enter
wait_for 'chain/n15000 #15001 d15000 '
wait_for '^\(14936 above\) n14936 '
# Folding it leaves no row below it (the chain has no other branch).
keys h
wait_for '^ *15000 ▸ \[5000n\] step 15000 *$'
wait_gone 'step 15001'
keys l
wait_for '^ *15000 ▾ step 15000 *$'
keys j
wait_for 'chain/n15001 #'
wait_for '^ *15001 ▾ step 15001 *$'
quit_ok
finish

#!/bin/sh
# traces-filter-test.sh - the traces filter through the prompt over
# enough traces that it takes its candidates from the trigram index: a
# rare word found at the far end of the list, narrowed key by key with
# the cursor kept, a trace a later import adds found while the filter is
# on, % and UTF-8 taken as themselves.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

awk 'BEGIN {
	for (i = 0; i < 3000; i++) {
		p = "problem " i
		if (i == 2999)
			p = p " about a platypus"
		if (i == 1500)
			p = p " at 50% off, café"
		if (i == 1501)
			p = p " at 50x off, cafe"
		printf "{\"type\":\"trace\",\"id\":\"tr-%05d\",\"problem\":\"%s\"}\n", i, p
		printf "{\"type\":\"node\",\"trace\":\"tr-%05d\",\"id\":\"r\",\"parent\":null,\"text\":\"root\"}\n", i
	} }' >"$T/many.canopy.jsonl"
db_import "$T/many.canopy.jsonl"

start_tui
wait_for '^1/3000 traces \| sort trace'
# A word only the last trace holds: found at once, counted.
keys / 'platyp'
wait_for '^1/1 traces \(of 3000\)'
wait_for '^tr-02999 '
keys Enter
wait_for '\| filter platyp'
# Narrowing keeps the cursor on its trace.
keys / C-u 'problem 150' Enter
wait_for '^1/11 traces \(of 3000\)'
keys j
wait_for '^2/11 traces \(of 3000\)'
keys / '0'
wait_for 'filter: problem 1500'
wait_for '^1/1 traces \(of 3000\)'
wait_for '^tr-01500 '
keys Enter
# An import while the filter is on: the new match is in the list.
printf '{"type":"trace","id":"zz-late","problem":"a late platypus"}\n{"type":"node","trace":"zz-late","id":"r","parent":null,"text":"root"}\n' \
    >"$T/late.canopy.jsonl"
keys / C-u 'platypus' Enter
wait_for '^1/1 traces \(of 3000\)'
db_import "$T/late.canopy.jsonl"
wait_for '^1/2 traces \(of 3001\)'
wait_for '^zz-late '
# % is a character, not LIKE's wildcard; so is é.
keys / C-u '50% off' Enter
wait_for '^1/1 traces \(of 3001\)'
wait_for '^tr-01500 '
keys / C-u 'café' Enter
wait_for '^1/1 traces \(of 3001\)'
wait_for '^tr-01500 '
keys / C-u Enter
wait_for '^1501/3001 traces \| sort trace'
quit_ok
finish

#!/bin/sh
# traces-layout.sh - `canopy traces` keeps its columns aligned whatever
# the ids: an id of exactly 24 characters keeps a gap before the format
# (it used to run into it: `verl-12-3e431983c567f8d4verl`), and a longer
# id widens the ID column for every row instead of shifting its own.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

id24=verl-12-3e431983c567f8d4
idlong=prm800k-0f6c1f2e-8a5b-4c3d-9e7f-1a2b3c4d5e6f
printf '%s\n' \
    '{"type":"trace","id":"a","problem":"short one"}' \
    '{"type":"node","trace":"a","id":"r"}' \
    "{\"type\":\"trace\",\"id\":\"$id24\",\"problem\":\"exactly 24\"}" \
    "{\"type\":\"node\",\"trace\":\"$id24\",\"id\":\"r\"}" \
    "{\"type\":\"trace\",\"id\":\"$idlong\",\"problem\":\"a long id\"}" \
    "{\"type\":\"node\",\"trace\":\"$idlong\",\"id\":\"r\"}" \
    "{\"type\":\"trace\",\"id\":\"é-ünïcode\",\"problem\":\"wide bytes\"}" \
    "{\"type\":\"node\",\"trace\":\"é-ünïcode\",\"id\":\"r\"}" >t.jsonl
run import --format canopy-jsonl t.jsonl
expect_rc 0 "import four traces"

LC_ALL=C.UTF-8
export LC_ALL
run traces
expect_rc 0 "traces"
expect_out "^$id24 +canopy-jsonl " "a 24-character id keeps a gap"
expect_out "^$idlong  canopy-jsonl " "the longest id sets the column"
# Every row (and the header) has its FORMAT column at the same display
# column: the width of the longest id plus two.
col=$((${#idlong} + 2))
awk -v col="$col" 'NR == 1 { if (index($0, "FORMAT") != col + 1) bad = 1 }
    NR > 1 { # display columns before "canopy-jsonl"
	i = index($0, "canopy-jsonl"); pre = substr($0, 1, i - 1)
	n = 0; for (k = 1; k <= length(pre); k++) {
		c = substr(pre, k, 1)
		if (c < "\200" || c >= "\300") n++ }
	if (n != col) bad = 1 }
    END { exit bad }' "$T/out" && pass ||
    fail "FORMAT starts at column $((col + 1)) on every line"
expect_out 'exactly 24$' "problem text still shown"
finish

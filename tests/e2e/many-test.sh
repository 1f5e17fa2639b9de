#!/bin/sh
# many-test.sh - a list longer than the first page: the rest is read while
# idle, then sorting, the end and the filter see every trace.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

i=0
while [ $i -lt 700 ]; do
	id=$(printf 't%04d' $i)
	printf '{"type":"trace","id":"%s"}\n' "$id"
	printf '{"type":"node","trace":"%s","id":"r","parent":null,"text":"root %d","signals":{"visits":%d}}\n' "$id" $i $((i + 1))
	printf '{"type":"node","trace":"%s","id":"x","parent":"r","text":"x","signals":{"reward":%d.%03d}}\n' "$id" $((i / 1000)) $((i % 1000))
	i=$((i + 1))
done >"$T/many.canopy.jsonl"
db_import "$T/many.canopy.jsonl"

start_tui
wait_for '^1/700 traces \| sort trace +F1 help$'
keys G
wait_for '^t0699 '
wait_for '^700/700 traces'
# Best reward, biggest first: t0699 (0.699) leads.
keys : 'sort reward' Enter
wait_for '\| sort best r desc'
keys g
wait_for '^t0699 .* 0\.699$'
keys : 'filter t065' Enter
wait_for '^1/10 traces \(of 700\)'
keys Enter
wait_for '^t0659/x #'
quit_ok
finish

#!/bin/sh
# traces-problem-test.sh - PRM800K-style opaque ids: the traces list shows
# the id's start and the problem text (one line, sanitized, cut with an
# ellipsis) while short ids and the format column stay as they were, the
# filter matches the problem, and BS from a tree puts the
# cursor back on the trace it came from.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

{
	printf '{"type":"trace","id":"0b9f6a52-6d1c-4f0e-9a51-3c2d1e0f4a11","problem":"How many vertical asymptotes does y=2/(x^2+x-6) have?"}\n'
	printf '{"type":"node","trace":"0b9f6a52-6d1c-4f0e-9a51-3c2d1e0f4a11","id":"r","parent":null,"text":"root a"}\n'
	printf '{"type":"trace","id":"5c1e7b33-2f4a-4b8d-8e62-7d9a0b1c2e22","problem":"Line one\\nline two \\u001b[31mred"}\n'
	printf '{"type":"node","trace":"5c1e7b33-2f4a-4b8d-8e62-7d9a0b1c2e22","id":"r","parent":null,"text":"root b"}\n'
	printf '{"type":"trace","id":"9d2f8c44-3a5b-4c9e-9f73-8e0b1c2d3f33","problem":"What is the positive difference between 120%% of 30 and 130%% of 20?"}\n'
	printf '{"type":"node","trace":"9d2f8c44-3a5b-4c9e-9f73-8e0b1c2d3f33","id":"r","parent":null,"text":"root c"}\n'
	printf '{"type":"node","trace":"9d2f8c44-3a5b-4c9e-9f73-8e0b1c2d3f33","id":"x","parent":"r","text":"step c"}\n'
} >"$T/prm.canopy.jsonl"
db_import "$T/prm.canopy.jsonl"

start_tui
# Opaque ids: the id's start, then the problem; the format stays.
wait_for '^0b9f6a52… How many.* +canopy-jsonl +1 +0$'
wait_for '^5c1e7b33… Line one.* +canopy-jsonl +1 +0$'
wait_for '^9d2f8c44… What is.* +canopy-jsonl +2 +1$'
# Wider: one line, the escape spelled out, not run.
tm resize-window -t cn -x 130 -y 24
wait_for '^5c1e7b33… Line one line two \\x1b\[31mred +canopy-jsonl'
tm resize-window -t cn -x 80 -y 24
wait_for '^1/3 traces \| sort trace'
# The filter matches problem text, not only ids.
keys /
wait_for '^filter:'
keys 'difference'
wait_for '^1/1 traces \(of 3\)'
keys Enter
wait_for '\| filter difference'
keys Enter
wait_for '^9d2f8c44-3a5b-4c9e-9f73-8e0b1c2d3f33/[rx] #'
keys BSpace
wait_for '\[traces\]'
wait_for '^1/1 traces \(of 3\)'
# Cleared: every trace again, the cursor still on the one opened.
keys /
wait_for 'filter: difference'
keys C-u Enter
wait_for '^3/3 traces \| sort trace'
keys k Enter
wait_for '^5c1e7b33-2f4a-4b8d-8e62-7d9a0b1c2e22/r #'
keys BSpace
wait_for '^2/3 traces'
quit_ok
finish

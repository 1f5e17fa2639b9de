#!/bin/sh
# rollout.sh - `canopy import` of rollout groups (verl, chat-jsonl: the
# fixtures written from formats.md section 7) and of score files
# (--scores), checked through `canopy stats --json` and `show --json`.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"
F="$CANOPY_SRCDIR/tests/fixtures"

# The id of the trace whose problem contains $1.
trace_id() {
	"$CANOPY_BIN" traces --json | grep -F -- "$1" |
	    sed 's/^{"id":"\([^"]*\)".*/\1/'
}

# verl: detected; two groups of 12 nodes; every rollout end has a reward,
# an outcome (acc) and a rollouts count.
run import "$F/verl/12.jsonl"
expect_rc 0 "import verl fixture"
expect_err 'format verl \(detected\)' "verl is detected"
expect_out '2 traces, 24 nodes, 27 signals' "verl summary"
run stats --json
expect_out '"traces":2,"nodes":24,' "verl: stats counts"
expect_out '"signals":\{"reward":9,"outcome":9,"rollouts":9\}' \
    "verl: signal counts"
A=$(trace_id Natalia)
run show "$A"
expect_rc 0 "show the Natalia group"
# The two identical correct samples share one leaf; the wrong doubling
# forks at step 2; the strict-prefix sample ends at the inner node 2.
expect_out '^        4  \[step\]  The answer is \\boxed\{72\}\.  reward=1 outcome=1 rollouts=2$' \
    "identical samples share a leaf"
expect_out '^    5  \[step\]  In May she sold half as many: 48 \* 2 = 96 clips\.$' \
    "the fork at step 2"
expect_out '^    2  \[step\]  In May she sold half as many: 48 / 2 = 24 clips\.  reward=0 outcome=0 rollouts=1$' \
    "a strict prefix ends at an inner node"
run show --json "$A"
expect_out '"address":"'"$A"'/2",.*"terminal":true,.*"extra":\{"pred":"\[INVALID\]"\}' \
    "the inner end is terminal and keeps its extra"
expect_out '"address":"'"$A"'/4",.*"extra":\{"samples":\[\{"line":1,' \
    "a shared leaf keeps each sample"
[ "$(grep -c '"terminal":true' "$T/out")" -eq 5 ] && pass ||
    fail "Natalia group: 5 terminal nodes"

# chat-jsonl: one group; tool turns keep their role.
run import --db "$T/chat.db" "$F/chat/rollouts.jsonl"
expect_rc 0 "import chat fixture"
expect_err 'format chat-jsonl \(detected\)' "chat-jsonl is detected"
run stats --json --db "$T/chat.db"
expect_out '"traces":1,"nodes":10,' "chat: stats counts"
C=$(CANOPY_DB="$T/chat.db" trace_id discounted)
run show --json --db "$T/chat.db" "$C"
[ "$(grep -c '"role":"tool"' "$T/out")" -eq 2 ] && pass ||
    fail "chat: two tool nodes"
expect_out '"text":"The sale price is 25 - 5 = \$20.",.*"signals":\{"reward":0.9,"rollouts":2\}' \
    "chat: duplicate rollouts share a leaf with the mean reward"

# --step-sep, with a backslash escape for a newline.
printf '%s\n' \
    '{"input":"Q","output":"a|b|c","score":1}' \
    '{"input":"Q","output":"a|b|d","score":0}' >"$T/pipe.jsonl"
run import --db "$T/sep.db" --step-sep '|' "$T/pipe.jsonl"
expect_rc 0 "import with --step-sep '|'"
expect_out '1 trace, 5 nodes' "--step-sep splits at |"
printf '%s\n' \
    '{"input":"Q","output":"x\ny","score":1}' \
    '{"input":"Q","output":"x\nz","score":0}' >"$T/nl.jsonl"
run import --db "$T/nl.db" --step-sep '\n' "$T/nl.jsonl"
expect_out '1 trace, 4 nodes' "--step-sep '\\n' splits at newlines"
run import --db "$T/nl2.db" "$T/nl.jsonl"
expect_out '1 trace, 3 nodes' "without --step-sep one newline does not split"

# Scores: a canopy-jsonl trace, then a score file naming nodes by id and
# by step path; one line names a node that does not exist.
printf '%s\n' \
    '{"type":"trace","id":"t1","problem":"What is 2+2?"}' \
    '{"type":"node","trace":"t1","id":"n1","text":"What is 2+2?"}' \
    '{"type":"node","trace":"t1","id":"n2","parent":"n1","text":"2+2 = 4"}' \
    '{"type":"node","trace":"t1","id":"n3","parent":"n1","text":"2+2 = 5"}' \
    >"$T/run.jsonl"
printf '%s\n' \
    '{"trace":"t1","node":"n2","value":0.93}' \
    '{"trace":"t1","path":["2+2 = 5"],"value":0.04}' \
    '{"trace":"t1","node":"n9","value":0.5}' \
    '{"trace":"t1","node":"n3","value":0.7,"name":"prm:other"}' \
    >"$T/scores.jsonl"
run import --db "$T/s.db" "$T/run.jsonl"
expect_rc 0 "import the trace to score"
snapshot before "$T/s.db"

# Without a name for the signal the lines are bad records.
run import --db "$T/s.db" "$T/scores.jsonl"
expect_rc 1 "a score file without --scores"
expect_err 'format canopy-scores \(detected\)' "score files are detected"
expect_err 'scores.jsonl:1:1: no "name" and no score name given \(--scores NAME\)' \
    "a line without a name"
same_as before "score file without names" "$T/s.db"

# An unknown node fails the file, leaving the database as it was.
run import --db "$T/s.db" --scores rm:test "$T/scores.jsonl"
expect_rc 1 "an unmatched score without --skip-bad"
expect_err 'scores.jsonl:3:1: .*n9' "the unmatched line is named"
same_as before "unmatched score without --skip-bad" "$T/s.db"

run import --db "$T/s.db" --scores rm:test --skip-bad "$T/scores.jsonl"
expect_rc 0 "score file with --skip-bad"
expect_out '0 traces, 0 nodes, 3 signals, 0 annotations, 3 scores' \
    "three scores matched"
expect_err 'skipped 1 bad record' "one line did not match"
expect_err '^  .*scores.jsonl:3:1: .*n9' "the first unmatched line is listed"
run show --json --db "$T/s.db" t1
expect_out '"address":"t1/n2",.*"signals":\{"rm:test":0.93\}' \
    "score by node id"
expect_out '"address":"t1/n3",.*"signals":\{"prm:other":0.7,"rm:test":0.04\}' \
    "score by path and a named score"
run stats --json --db "$T/s.db"
expect_out '"traces":1,"nodes":3,' "scores add no traces or nodes"

finish

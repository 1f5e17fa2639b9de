#!/bin/sh
# score.sh - `canopy score` against the test server: a PRM scores every
# step of every path, a reward endpoint every leaf; --resume skips what
# is scored; a bad answer fails its path with a clear message.
. "$CANOPY_SRCDIR/tests/live/lib.sh"

cat >"$T/t2.jsonl" <<'EOT'
{"type":"trace","id":"t2","problem":"2 * 3?"}
{"type":"node","trace":"t2","id":"r","parent":null,"role":"root","text":"2 * 3?"}
{"type":"node","trace":"t2","id":"x","parent":"r","text":"It is 6."}
{"type":"node","trace":"t2","id":"y","parent":"r","text":"It is 5."}
EOT
"$CANOPY_BIN" import "$T/t2.jsonl" >/dev/null 2>&1 ||
    { echo "FAIL: cannot import t2"; exit 1; }
scorer prm vllm-pooling "$(url "")" "model = test-prm"
scorer rm http-reward "$(url "")/get_reward"
scorer badrows vllm-pooling "$(url rows)" "model = test-prm" \
    "max_retries = 0"
scorer orm vllm-classify "$(url "")" "model = test-orm"
scorer down http-reward http://127.0.0.1:1/get_reward "retry_initial_ms = 50"

sig() {
	q "SELECT group_concat(address || '=' || value, ' ') FROM (SELECT *
	    FROM v_signals WHERE name = '$1' ORDER BY address)"
}

run score --scorer prm
expect_rc 2 "no --trace nor --all"
run score --scorer nope --all
expect_rc 1 "unknown scorer"
expect_err "no scorer 'nope' in $CONF" "unknown scorer message"
run score --scorer prm --all --name reward
expect_rc 2 "a common signal name"

run score --scorer prm --trace t1
expect_rc 0 "prm on t1"
expect_out '^scored 1 of 1 paths with prm as signal prm$' "prm summary"
if [ "$(sig prm)" = "t1/a=0.9 t1/b=0.8" ]; then pass; else
	fail "prm: one value per step: $(sig prm)"; fi
if grep '"path": "/pooling"' "$T/port.log" | grep -q \
    '"input": "<|im_start|>system\\nPlease reason step by step, and put your final answer within \\\\boxed{}.<|im_end|>\\n<|im_start|>user\\nWhat is 1 + 1?<|im_end|>\\n<|im_start|>assistant\\nStep 1: add the numbers.<extra_0>Step 2: 1 + 1 = 2.<extra_0><|im_end|><|endoftext|>"'
then pass; else fail "prm request: the PRM template with step tags"; fi

run score --scorer prm --all --resume
expect_rc 0 "prm --all --resume"
expect_out '^scored 2 of 2 paths with prm as signal prm \(1 already scored, skipped\)$' \
    "resume skips the scored path"
if [ "$(served /pooling)" -eq 3 ]; then pass; else
	fail "resume: two more requests, not three"; fi
if [ "$(sig prm)" = "t1/a=0.9 t1/b=0.8 t2/x=0.9 t2/y=0.9" ]; then pass; else
	fail "prm --all: $(sig prm)"; fi

run score --scorer rm --all -j 1 --name rm:test
expect_rc 0 "reward endpoint"
if [ "$(sig rm:test)" = "t1/b=0.62 t2/x=0.18 t2/y=0.18" ]; then pass; else
	fail "reward per leaf: $(sig rm:test)"; fi

run score --scorer badrows --trace t1
expect_rc 1 "rows missing"
expect_err "^canopy score: t1/b: 1 rows for 2 steps \(does the input hold the step tag '<extra_0>'\?\)$" \
    "rows missing message"
expect_out '^scored 0 of 1 paths' "rows missing summary"

run score --scorer down --trace t2
expect_rc 1 "reward endpoint down"
expect_err "^canopy score: t2/x: endpoint down \(http://127.0.0.1:1/get_reward\): .*\(after 3 attempts\)$" \
    "reward endpoint down message"

# vLLM /classify (a sequence reward model): probs[score_index] of the
# whole path, stored on the leaf.
run score --scorer orm --all
expect_rc 0 "classify scorer"
if [ "$(sig orm)" = "t1/b=0.062 t2/x=0.018 t2/y=0.018" ]; then pass; else
	fail "classify per leaf: $(sig orm)"; fi
if grep '"path": "/classify"' "$T/port.log" | grep -q \
    '"body": {"model": "test-orm", "input": \["2 \* 3?\\n\\nIt is 6\.\\n\\n"\]}'
then pass; else fail "classify request: {model, input: [text]}"; fi

finish

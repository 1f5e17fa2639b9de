#!/bin/sh
# tui-rerun.sh - the rerun panel in a terminal against the test server:
# x and :rerun open it on the cursor node with the exact request shown
# (no key), + ] m s change it, Enter streams K answers stacked and
# stores them as children marked in the tree, a scorer scores them; a
# refused connection, an idle stream and a mid-stream disconnect each say
# what went wrong, naming the endpoint, while keys keep answering; Esc
# cancels and keeps what came, marked truncated.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

. "$CANOPY_SRCDIR/tests/live/server.sh"
start_server cleanup || fail "the test server did not start"
U=http://127.0.0.1:$PORT

export CANOPY_TEST_KEY=sk-tui-secret-17
cat >"$XDG_CONFIG_HOME/canopy/models.conf" <<EOC
[endpoint vllm]
kind = openai-completions
base_url = $U
model = test-model
api_key_env = CANOPY_TEST_KEY
temperature = 0.7

[endpoint dead]
kind = openai-completions
base_url = http://127.0.0.1:1
model = test-model
max_retries = 1
retry_initial_ms = 100

[endpoint idle]
kind = openai-completions
base_url = $U/f/idle
model = test-model
idle_timeout_ms = 1500

[endpoint cut]
kind = llamacpp
base_url = $U/f/disconnect

[endpoint stall]
kind = openai-completions
base_url = $U/f/idle.b
model = test-model
idle_timeout_ms = 20000

[scorer rm]
kind = http-reward
base_url = $U/get_reward
EOC

cp "$CANOPY_SRCDIR/tests/live/small.jsonl" "$T/small.jsonl"
db_import --format canopy-jsonl "$T/small.jsonl"
q() {
	sqlite3 "$DB" "$1"
}

tm resize-window -t cn -x 100 -y 30 2>/dev/null
start_tui t1/a
tm resize-window -t cn -x 100 -y 30
wait_for 'Step 1: add the numbers'

# x: the panel on the cursor node, the request exactly as it will go.
keys x
wait_for '^rerun t1/a \| vllm \(openai-completions\) \| n=1 \| temp 0\.7 \(default\) \| mode step \| score none'
wait_for "^POST $U/v1/completions\$"
wait_for '"prompt":"What is 1 \+ 1\?\\n\\nStep 1: add the'
screen | grep -q 'sk-tui-secret' && fail "the panel shows the API key"
# + ] m: two answers, warmer, the full continuation; the preview follows.
keys + ] m
wait_for 'n=2 \| temp 0\.8 \| mode full'
wait_for '"n":2'
keys Enter
wait_for '^\[1\] done \(finish eos\)'
wait_for '^\[2\] done \(finish eos\)'
wait_for '^So the answer is 2\.'
wait_for '^stored 2 answers under t1/a \(Esc'
[ "$(q "SELECT count(*) FROM v_nodes WHERE origin = 'rerun'
    AND address LIKE 't1/a~r%'")" = 2 ] || fail "two children stored"
[ "$(q "SELECT count(*) FROM model_calls WHERE endpoint = 'vllm'")" = 2 ] ||
    fail "model_calls rows"
q "SELECT extra FROM nodes WHERE ext_id LIKE 'a~r%'" | grep -q '"mode":"full"' ||
    fail "the parameters are stored"
q "SELECT * FROM model_calls" | grep -q 'sk-tui-secret' &&
    fail "the key reached the database"
# Esc: back to the tree, the answers marked there.
keys Escape
wait_for '↻ Rerun answer 1: x = 1\.'
wait_for '↻ Rerun answer 2: x = 2\.'

# :rerun with arguments, scored at once.
keys g
keys : 'rerun vllm n=1 temp=0 mode=step score=rm' Enter
wait_for '^rerun t1/r \| vllm .* n=1 \| temp 0\.0 \| mode step \| score rm'
keys Enter
wait_for 'rerun: 1 answer scored by rm'
[ "$(q "SELECT count(*) FROM signals s JOIN signal_names n
    ON n.id = s.name_id WHERE n.name = 'rm'")" = 1 ] ||
    fail "the score is stored as signal rm"
keys Escape
keys : 'rerun nope' Enter
wait_for "rerun: no endpoint 'nope' in"

# Connection refused: the endpoint and the cause, nothing stored.
keys g
keys : 'rerun dead' Enter
wait_for '^rerun t1/r \| dead'
keys Enter
wait_for '^\[1\] failed'
wait_for 'endpoint dead \(http://127\.0\.0\.1:1/v1/completions\)'
wait_for '^nothing stored: no answer came'
keys Escape

# An idle stream: two tokens, then silence; keys still answer (a prompt
# opens and takes text) until the idle timeout ends it, kept truncated.
keys g
keys : 'rerun idle' Enter Enter
wait_for '^Rerun answer'
keys :
keys 'still here'
wait_for '^:still here'
keys Escape
wait_for 'the stream stalled: nothing for 1500'
wait_for 'stored 1 answer under t1/r, marked truncated'
keys Escape

# A mid-stream disconnect (llama.cpp framing).
keys g
keys : 'rerun cut' Enter Enter
wait_for 'endpoint cut \(.*\): the stream broke off'
wait_for 'marked truncated'
keys Escape

# Esc cancels a stream and keeps what came, marked truncated.
keys g
keys : 'rerun stall' Enter Enter
wait_for '^Rerun answer'
keys Escape
wait_for 'cancelled'
wait_for 'stored 1 answer under t1/r, marked truncated'
[ "$(q "SELECT count(*) FROM model_calls WHERE endpoint = 'stall'
    AND status = 'truncated'")" = 1 ] || fail "the cancelled call is recorded"
keys Escape
wait_for '↻ Rerun answer'

# Quitting while an answer streams keeps what came, as Esc does.
keys g
keys : 'rerun stall' Enter Enter
wait_for '^Rerun answer'
keys : q
quit_ok Enter
[ "$(q "SELECT count(*) FROM model_calls WHERE endpoint = 'stall'
    AND status = 'truncated'")" = 2 ] || fail "quitting stores what came"
finish

#!/bin/sh
# rerun.sh - `canopy rerun` against the test server in each wire format:
# the prompt sent, the answers streamed to stdout, and what is stored (new
# children with origin rerun and their parameters, model_calls rows, the
# summaries kept true, no key anywhere in the database).
. "$CANOPY_SRCDIR/tests/live/lib.sh"

export CANOPY_NOW=1700000000
export CANOPY_TEST_KEY=sk-live-secret-42
endpoint vllm openai-completions "" "api_key_env = CANOPY_TEST_KEY" \
    "temperature = 0.7" "max_tokens = 64" "seed = 7"
endpoint chat openai-chat ""
endpoint llama llamacpp ""
endpoint ollama ollama ""
endpoint fan openai-completions "" "n = fanout"

# Usage errors.
run rerun t1/a
expect_rc 2 "no endpoint"
expect_err "no endpoint: give --endpoint NAME" "no endpoint message"
run rerun t1/a --endpoint nope
expect_rc 1 "unknown endpoint"
expect_err "no endpoint 'nope' in $CONF" "unknown endpoint message"
run rerun t1/zz --endpoint vllm
expect_rc 1 "unknown address"
expect_err "no node at address 't1/zz'" "unknown address message"
run rerun t1/a --endpoint vllm -n 0
expect_rc 2 "-n 0"
run rerun t1/a --endpoint vllm --mode sideways
expect_rc 2 "bad mode"

# --dry-run: the exact request, nothing sent, nothing stored.
run rerun t1/a --endpoint vllm --dry-run
expect_rc 0 "dry run"
expect_out "^POST http://127.0.0.1:$PORT/v1/completions$" "dry run URL"
expect_out '^\{"model":"test-model","prompt":"What is 1 \+ 1\?\\n\\nStep 1: add the numbers\.\\n\\n","temperature":0\.7,"seed":7,"max_tokens":64,"stop":\["\\n\\n"\],"stream":true,"stream_options":\{"include_usage":true\}\}$' \
    "dry run body"
if grep -q "sk-live-secret" "$T/out"; then fail "dry run shows the key"; else
	pass; fi
if [ "$(served /v1/completions)" -eq 0 ]; then pass; else
	fail "dry run sent a request"; fi

# OpenAI completions, native n: one request, two answers in turn.
run rerun t1/a --endpoint vllm -n 2
expect_rc 0 "vllm rerun"
if [ "$(sed -n 1,2p "$T/out")" = "[1] Rerun answer 1: x = 1.
[2] Rerun answer 2: x = 2." ]; then pass; else
	fail "vllm answers streamed one after the other"; fi
expect_out '^\[1\] stored t1/a~r1 \(finish step\)$' "first stored"
expect_out '^\[2\] stored t1/a~r2 \(finish step\)$' "second stored"
if [ "$(served /v1/completions)" -eq 1 ]; then pass; else
	fail "native n: one request"; fi
if grep -q '"auth": "Bearer sk-live-secret-42"' "$T/port.log"; then pass; else
	fail "the key is sent as a bearer token"; fi

# Stored: origin, text, parameters and usage; one model_calls row each.
if [ "$(q "SELECT address, origin, role, text, terminal FROM v_nodes
    WHERE origin = 'rerun' ORDER BY id")" = "t1/a~r1|rerun|step|Rerun answer 1: x = 1.|0
t1/a~r2|rerun|step|Rerun answer 2: x = 2.|0" ]; then pass; else
	fail "vllm answers stored as children"; fi
if [ "$(q "SELECT extra FROM nodes WHERE ext_id = 'a~r1'")" = \
    '{"endpoint":"vllm","kind":"openai-completions","model":"test-model","mode":"step","n":2,"temperature":0.7,"top_p":null,"max_tokens":64,"seed":7,"time":1700000000,"seconds":'"$(q "SELECT json_extract(extra, '\$.seconds') FROM nodes WHERE ext_id = 'a~r1'")"',"finish":"step","usage":{"prompt_tokens":42,"completion_tokens":14}}' ]
then pass; else fail "extra of a rerun answer: $(q "SELECT extra FROM nodes WHERE ext_id = 'a~r1'")"; fi
if [ "$(q "SELECT count(*), min(status), max(status), min(endpoint),
    min(model), min(started), count(error) FROM model_calls")" = \
    "2|ok|ok|vllm|test-model|1700000000|0" ]; then pass; else
	fail "model_calls rows: $(q "SELECT * FROM model_calls")"; fi
if [ "$(q "SELECT count(*) FROM model_calls m JOIN nodes n ON n.id = m.node_id
    WHERE json_extract(m.request, '\$.prompt') LIKE 'What is 1 + 1?%'
    AND m.response LIKE '%[DONE]%'")" = 2 ]; then pass; else
	fail "model_calls keep the request and the response"; fi
if grep -qa "sk-live-secret" "$CANOPY_DB"*; then
	fail "the key is in the database"; else pass; fi

# The precomputed summaries and totals follow.
if [ "$(q "SELECT child_count, size, leaves FROM subtrees s JOIN nodes n
    ON n.id = s.node_id WHERE n.ext_id = 'a'") $(q "SELECT node_count,
    max_depth FROM traces WHERE ext_id = 't1'")" = "3|4|3 5|2" ]; then
	pass; else fail "subtree summaries after a rerun"; fi
run stats --json
expect_out '"nodes":5' "stats count the new nodes"
run show t1/a
expect_out 'Rerun answer 2: x = 2\.' "show lists the new children"

# Chat: the steps so far go as an assistant message to continue.
run rerun t1/a --endpoint chat --mode full --temperature 0.3
expect_rc 0 "chat rerun"
expect_out '^So the answer is 1\.$' "full continuation streamed"
expect_out '^stored t1/a~r3 \(finish eos\)$' "chat stored (eos)"
if grep '"path": "/v1/chat/completions"' "$T/port.log" | grep -q \
    '"messages": \[{"role": "user", "content": "What is 1 + 1?"}, {"role": "assistant", "content": "Step 1: add the numbers.\\n\\n"}\], "add_generation_prompt": false, "continue_final_message": true, "temperature": 0.3, "stream": true'
then pass; else fail "chat request with the prefill"; fi
if [ "$(q "SELECT terminal, json_extract(extra, '\$.mode'),
    json_extract(extra, '\$.temperature') FROM nodes
    WHERE ext_id = 'a~r3'")" = "1|full|0.3" ]; then pass; else
	fail "full answer marked terminal"; fi

# llama.cpp and Ollama: no native n, so K parallel requests.
run rerun t1/b --endpoint llama -n 2
expect_rc 0 "llama.cpp rerun"
expect_out '^\[2\] stored t1/b~r2 \(finish step\)$' "llama.cpp stored"
if [ "$(served /completion)" -eq 2 ]; then pass; else
	fail "llama.cpp: two requests for -n 2"; fi
if grep '"path": "/completion"' "$T/port.log" | head -1 | grep -q \
    '"prompt": "What is 1 + 1?\\n\\nStep 1: add the numbers.\\n\\nStep 2: 1 + 1 = 2.\\n\\n", "n_predict": 512'
then pass; else fail "llama.cpp prompt and n_predict"; fi
run rerun t1/b --endpoint ollama
expect_rc 0 "ollama rerun"
expect_out '^Rerun answer 1: x = 1\.$' "ollama streamed"
expect_out '^stored t1/b~r3 \(finish stop\)$' "ollama stored"
if grep '"path": "/api/generate"' "$T/port.log" | grep -q '"raw": true'
then pass; else fail "ollama raw prompt"; fi

# fanout on an OpenAI endpoint: n = 1 per request.
run rerun t1/r --endpoint fan -n 3
expect_rc 0 "fanout rerun"
if [ "$(q "SELECT count(*) FROM nodes WHERE parent_id = (SELECT id FROM
    nodes WHERE ext_id = 'r') AND origin = 1")" = 3 ]; then pass; else
	fail "fanout stored three"; fi

# Ad hoc, and a scorer cannot generate.
run rerun t1/a --kind ollama --base-url "$(url "")" --model test-model
expect_rc 0 "ad-hoc rerun"
run rerun t1/a --endpoint vllm --kind ollama
expect_rc 2 "endpoint and ad hoc"
run rerun t1/a --kind http-reward --base-url "$(url "")"
expect_rc 1 "scorer rerun"
expect_err "is a scorer \(http-reward\), not a model that generates" \
    "scorer refused"

# No database: an error, and none is created.
run rerun --db "$T/none.db" t1/a --endpoint vllm
expect_rc 1 "no database"
if [ -e "$T/none.db" ]; then fail "rerun created a database"; else pass; fi

finish

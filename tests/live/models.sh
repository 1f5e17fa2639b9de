#!/bin/sh
# models.sh - `canopy models` against the test server: a verdict and a
# reason for each endpoint of models.conf, --json, ad-hoc endpoints, and
# config files that are wrong or hold a key where others can read it.
. "$CANOPY_SRCDIR/tests/live/lib.sh"

# No config file: a clear message naming where it goes.
run models
expect_rc 1 "no config"
expect_err "no endpoints: write $CONF" "no config names the file"

endpoint vllm openai-completions ""
endpoint chat openai-chat ""
endpoint llama llamacpp ""
endpoint ollama ollama ""
endpoint other ollama nomodel
endpoint denied openai-chat 401
cat >>"$CONF" <<EOT
[endpoint refused]
kind = openai-chat
base_url = http://127.0.0.1:1
model = test-model

[endpoint keyless]
kind = openai-chat
base_url = $(url "")
model = test-model
api_key_env = CANOPY_TEST_UNSET_KEY
EOT
scorer rm http-reward "$(url "")/get_reward"
unset CANOPY_TEST_UNSET_KEY

run models
expect_rc 1 "models with bad endpoints"
expect_out '^vllm +openai-completions +ok +model test-model is served$' \
    "vllm ok"
expect_out '^chat +openai-chat +ok ' "chat ok"
expect_out '^llama +llamacpp +ok ' "llama.cpp ok"
expect_out '^ollama +ollama +ok +model test-model is served$' "ollama ok"
expect_out "^other +ollama +missing +endpoint other \(http://127.0.0.1:$PORT/f/nomodel/api/tags\): not served \(the server has: other-model:latest\)$" \
    "a model the server does not have"
expect_out "^denied +openai-chat +denied +endpoint denied \(http://127.0.0.1:$PORT/f/401/v1/models\): HTTP 401: Unauthorized$" \
    "401"
expect_out '^refused +openai-chat +unreachable +endpoint refused \(http://127.0.0.1:1/v1/models\): .*(onnect|refused)' \
    "connection refused"
expect_out '^keyless +openai-chat +nokey +endpoint keyless \(http://127.0.0.1:[0-9]+/v1/models\): environment variable CANOPY_TEST_UNSET_KEY \(api_key_env\) is not set$' \
    "unset key variable"
expect_out '^rm +http-reward +ok +reachable \(HTTP 405 to a GET' \
    "reward endpoint reachable"

run models --json
expect_rc 1 "models --json"
expect_out '^\{"name":"vllm","kind":"openai-completions","base_url":"http://127.0.0.1:[0-9]+","model":"test-model","scorer":false,"verdict":"ok","reason":"model test-model is served","defined":"[^"]*models.conf:1"\}$' \
    "json line"
expect_out '"name":"rm","kind":"http-reward".*"scorer":true' "json scorer"
if [ "$(wc -l <"$T/out")" -eq 9 ]; then pass; else
	fail "models --json: one line per endpoint"; fi

# Ad hoc: no config needed; exit 0 when the one endpoint is fine.
run models --kind ollama --base-url "$(url "")" --model test-model
expect_rc 0 "ad-hoc endpoint"
expect_out '^adhoc +ollama +ok' "ad-hoc verdict"
run models --kind gpt --base-url "$(url "")"
expect_rc 2 "ad-hoc unknown kind"
expect_err "unknown kind 'gpt'" "ad-hoc unknown kind message"

# A bad config: file:line:column.
printf '[endpoint x]\nkind = openai-chat\nbase_url = %s\nmodel = m\ntemperature = warm\n' \
    "$(url "")" >"$T/bad.conf"
run models --config "$T/bad.conf"
expect_rc 1 "bad config"
expect_err "^canopy models: $T/bad.conf:5:15: bad value 'warm' for temperature$" \
    "bad config names file:line:col"

# A key in a file others can read is refused; chmod 600 makes it fine.
printf '[endpoint x]\nkind = openai-chat\nbase_url = %s\nmodel = test-model\napi_key = sk-test-123\n' \
    "$(url "")" >"$T/key.conf"
chmod 644 "$T/key.conf"
run models --config "$T/key.conf"
expect_rc 1 "readable key file"
expect_err "key.conf:5:1: refusing a key in a file others can read or change: use api_key_env, or chmod 600 the file$" \
    "readable key file refused"
chmod 600 "$T/key.conf"
run models --config "$T/key.conf"
expect_rc 0 "private key file"
if grep -q '"auth": "Bearer sk-test-123"' "$T/port.log"; then pass; else
	fail "the key goes in the Authorization header"; fi

finish

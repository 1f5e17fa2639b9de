#!/bin/sh
# faults.sh - every fault of the test server through `canopy rerun`: each
# gives a clear message naming the endpoint and its URL; retries are
# bounded, honour Retry-After and never follow delivered text; an answer
# that broke off is stored marked truncated, one where nothing arrived
# is dropped and only its model_calls row remains.
. "$CANOPY_SRCDIR/tests/live/lib.sh"

# fault NAME KIND FAULT [KEY = VALUE...]: an endpoint NAME for FAULT.
fault() {
	endpoint "$@"
}

# rerun_fault NAME: reruns t1/a on endpoint NAME.
rerun_fault() {
	run rerun t1/a --endpoint "$1"
}

# last_call: status and error of the newest model_calls row.
last_call() {
	q "SELECT status || '|' || coalesce(error, '') FROM model_calls
	    ORDER BY id DESC LIMIT 1"
}

# expect_call STATUS ERE: the newest model_calls row.
expect_call() {
	if last_call | grep -qE -- "^$1\|$2"; then pass; else
		fail "model_calls row: $(last_call), expected $1|$2"; fi
}

# dropped WHAT: nothing stored, exit 1.
dropped() {
	expect_rc 1 "$1"
	expect_out '^dropped: nothing arrived$' "$1: dropped"
	expect_call error "endpoint "
}

# truncated WHAT TEXT: the partial TEXT stored, marked, exit 1.
truncated() {
	expect_rc 1 "$1"
	expect_out '^stored t1/a~r[0-9]+, marked truncated \(finish none\)$' \
	    "$1: stored truncated"
	if [ "$(q "SELECT text || '|' || json_extract(extra, '\$.truncated')
	    FROM nodes ORDER BY id DESC LIMIT 1")" = "$2|1" ]; then pass; else
		fail "$1: stored text and mark"; fi
	expect_call truncated "endpoint "
}

u=$(url "")
ep() { echo "endpoint $1 \(http://127.0.0.1:$PORT/f/$2$3\)"; }

# ---- before any byte: retried, then dropped ----
cat >>"$CONF" <<EOT
[endpoint refused]
kind = openai-completions
base_url = http://127.0.0.1:1
model = test-model
retry_initial_ms = 50
EOT
rerun_fault refused
dropped "connection refused"
expect_err '^canopy rerun: endpoint refused \(http://127.0.0.1:1/v1/completions\): .*(onnect|refused).* \(after 3 attempts\)$' \
    "connection refused message"

fault slow openai-completions slow-first "first_byte_timeout_ms = 700" \
    "max_retries = 1"
rerun_fault slow
dropped "slow first byte"
expect_err "^canopy rerun: $(ep slow slow-first /v1/completions): no response within 700 ms \(first_byte_timeout_ms\) \(after 2 attempts\)$" \
    "slow first byte message"

fault limited openai-completions 429once.a
rerun_fault limited
expect_rc 0 "429 once, then an answer"
if [ "$(served /f/429once.a/v1/completions)" -eq 2 ]; then pass; else
	fail "429 once: retried once"; fi
expect_call ok ""

fault limited2 openai-completions 429always "max_retries = 1"
rerun_fault limited2
dropped "always 429"
expect_err "^canopy rerun: $(ep limited2 429always /v1/completions): HTTP 429: Rate limit reached \(after 2 attempts\)$" \
    "always 429 message"

fault limited3 openai-completions 429hour
rerun_fault limited3
dropped "429 after an hour"
expect_err "HTTP 429: Rate limit reached; the server asks to retry after 3600 s, more than retry_after_cap_s \(60 s\)$" \
    "absurd Retry-After not waited for"
if [ "$(served /f/429hour/v1/completions)" -eq 1 ]; then pass; else
	fail "absurd Retry-After: no retry"; fi

fault busy ollama 503once.b
rerun_fault busy
expect_rc 0 "503 once, then an answer (ollama)"
if [ "$(served /f/503once.b/api/generate)" -eq 2 ]; then pass; else
	fail "503 once: retried once"; fi

# ---- each family's error body, in the message ----
check_body() {
	fault "e$1" "$2" "$1" "max_retries = 0"
	rerun_fault "e$1"
	dropped "$1"
	expect_err "^canopy rerun: $(ep "e$1" "$1" "$3"): $4$" "$1 message"
}
check_body 500-openai openai-chat /v1/chat/completions \
    'HTTP 500: The server had an error while processing your request'
check_body 500-vllm-old openai-completions /v1/completions \
    'HTTP 500: vLLM engine died'
check_body 503-ollama ollama /api/generate \
    'HTTP 503: server busy, please try again. maximum pending requests exceeded'
check_body 503-llamacpp llamacpp /completion 'HTTP 503: Loading model'
check_body 502-html openai-completions /v1/completions \
    'HTTP 502: 502 Bad Gateway'
check_body 500-empty openai-completions /v1/completions \
    'HTTP 500: \(empty body\)'

# ---- after text arrived: never retried, stored truncated ----
fault idle openai-completions idle
rerun_fault idle
truncated "idle stream" "Rerun answer "
expect_err "^canopy rerun: $(ep idle idle /v1/completions): the stream stalled: nothing for 1000 ms \(idle_timeout_ms\)$" \
    "idle message"
if [ "$(served /f/idle/v1/completions)" -eq 1 ]; then pass; else
	fail "idle: no retry after text"; fi

fault cut llamacpp disconnect
rerun_fault cut
truncated "mid-stream disconnect" "Rerun answer "
expect_err "^canopy rerun: $(ep cut disconnect /completion): the stream broke off: " \
    "disconnect message"
if [ "$(served /f/disconnect/completion)" -eq 1 ]; then pass; else
	fail "disconnect: no retry after text"; fi

fault nodone openai-completions no-done
rerun_fault nodone
expect_rc 1 "no [DONE]"
expect_err "^canopy rerun: $(ep nodone no-done /v1/completions): the stream ended without its terminator \(\[DONE\]\)$" \
    "no [DONE] message"
expect_out '^stored t1/a~r[0-9]+, marked truncated \(finish step\)$' \
    "no [DONE]: stored truncated"

fault nofinal ollama no-done
rerun_fault nofinal
expect_rc 1 "no final object"
expect_err "$(ep nofinal no-done /api/generate): the stream ended without its final object$" \
    "no final object message"

for kind in openai-completions llamacpp ollama; do
	fault "ev-$kind" "$kind" error-event
	rerun_fault "ev-$kind"
	truncated "error event ($kind)" "Rerun answer "
done
expect_err "error event in the stream: an error was encountered while running the model$" \
    "ollama error line"
run rerun t1/a --endpoint ev-openai-completions
expect_err "error event in the stream: CUDA out of memory$" \
    "openai error event"
run rerun t1/a --endpoint ev-llamacpp
expect_err "error event in the stream: slot crashed$" \
    "llama.cpp legacy error field"

# ---- Ctrl-C (or SIGTERM) cancels: what came is stored truncated ----
fault stall openai-completions idle "idle_timeout_ms = 20000"
for sig in INT TERM; do
	# Emptied first, or the wait below could see the last run's answer
	# before the child has opened the file.
	: >"$T/out"
	: >"$T/err"
	"$CANOPY_BIN" rerun t1/a --endpoint stall >"$T/out" 2>"$T/err" &
	pid=$!
	i=0
	while ! grep -q "Rerun answer" "$T/out" && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill -"$sig" $pid
	wait $pid
	rc=$?
	truncated "SIG$sig cancels" "Rerun answer "
	expect_err "^canopy rerun: $(ep stall idle /v1/completions): cancelled$" \
	    "SIG$sig message"
done

# ---- a server that refuses n > 1: K requests of n = 1 instead ----
fault non openai-completions no-n
run rerun t1/a --endpoint non -n 2
expect_rc 0 "n refused, fanout"
expect_err "^canopy rerun: $(ep non no-n /v1/completions): HTTP 500: Only one completion choice is allowed; asking 2 times with n = 1 instead" \
    "n refused message"
if [ "$(sed -n 1,2p "$T/out")" = "[1] Rerun answer 1: x = 1.
[2] Rerun answer 1: x = 1." ]; then pass; else
	fail "n refused: both answers streamed"; fi
if [ "$(served /f/no-n/v1/completions)" -eq 3 ]; then pass; else
	fail "n refused: one refused request, then two"; fi
if [ "$(q "SELECT group_concat(status || ':' || coalesce(json_extract(
    request, '\$.n'), 1) || ':' || (node_id IS NULL), ' ') FROM (SELECT *
    FROM model_calls ORDER BY id DESC LIMIT 3)")" = "ok:1:0 ok:1:0 error:2:1" ]
then pass; else fail "n refused: every request recorded"; fi

# ---- framing and content ----
fault split openai-completions split
run rerun t1/a --endpoint split -n 2
expect_rc 0 "split chunks, CRLF, comments, multi-line data"
if [ "$(sed -n 1,2p "$T/out")" = "[1] Rerun answer 1: x = 1.
[2] Rerun answer 2: x = 2." ]; then pass; else
	fail "split stream read whole"; fi

fault huge openai-completions huge "max_body_bytes = 100000"
rerun_fault huge
expect_rc 1 "huge response"
expect_err "$(ep huge huge /v1/completions): response larger than 100000 bytes \(max_body_bytes\)$" \
    "huge message"
if [ "$(q "SELECT length(text) < 100000 AND length(text) > 1000 FROM nodes
    ORDER BY id DESC LIMIT 1")" = 1 ]; then pass; else
	fail "huge: a bounded part stored"; fi

fault bad openai-chat bad-utf8
rerun_fault bad
expect_rc 0 "invalid UTF-8"
if grep -q "$(printf '\033')" "$T/out"; then
	fail "raw ESC reached stdout"; else pass; fi
expect_out 'Bad .* bytes \\x1b\[31mred\\x1b\[0m \\u009b end\.' \
    "control bytes shown escaped"
if [ "$(q "SELECT hex(text) FROM nodes ORDER BY id DESC LIMIT 1")" = \
    "$(printf 'Bad \357\277\275\357\277\275 bytes \033[31mred\033[0m \302\233 end.' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)" ]
then pass; else fail "invalid bytes stored as U+FFFD"; fi

# Ollama's NDJSON cut mid-line: the stream broke off, not a bad line.
fault cutnd ollama disconnect.nd
rerun_fault cutnd
truncated "mid-stream disconnect (ollama)" "Rerun answer "
expect_err "^canopy rerun: $(ep cutnd disconnect.nd /api/generate): the stream broke off: " \
    "ollama disconnect message"

# ---- stream: true answered with plain JSON: one answer, not an error ----
fault pj-cmpl openai-completions plain-json
run rerun t1/a --endpoint pj-cmpl -n 2
expect_rc 0 "plain JSON (completions, pretty-printed)"
expect_out '^\[1\] Rerun answer 1: x = 1\.$' "plain JSON: first answer"
expect_out '^\[2\] stored t1/a~r[0-9]+ \(finish step\)$' \
    "plain JSON: second answer stored whole"
fault pj-chat openai-chat plain-json
rerun_fault pj-chat
expect_rc 0 "plain JSON (chat: message, not delta)"
expect_out '^Rerun answer 1: x = 1\.$' "plain JSON chat text"
fault pj-llama llamacpp plain-json
rerun_fault pj-llama
expect_rc 0 "plain JSON (llama.cpp)"
expect_out '^stored t1/a~r[0-9]+ \(finish step\)$' "plain JSON llama.cpp"
fault pj-ollama ollama plain-json
rerun_fault pj-ollama
expect_rc 0 "plain JSON (Ollama)"
expect_out '^Rerun answer 1: x = 1\.$' "plain JSON Ollama text"
expect_call ok ""

# ---- names that never resolve, TLS to a plain-HTTP server ----
# .invalid never resolves (RFC 6761); the default retry settings apply,
# and the message must still come quickly.
cat >>"$CONF" <<EOT
[endpoint nodns]
kind = openai-completions
base_url = http://canopy-test.invalid:8000
model = test-model

[endpoint tls]
kind = openai-completions
base_url = https://127.0.0.1:$PORT
model = test-model
EOT
t0=$(date +%s)
rerun_fault nodns
t1=$(date +%s)
dropped "DNS failure"
expect_err '^canopy rerun: endpoint nodns \(http://canopy-test.invalid:8000/v1/completions\): .*resolve.*canopy-test\.invalid' \
    "DNS failure message"
if [ $((t1 - t0)) -le 5 ]; then pass; else
	fail "DNS failure took $((t1 - t0)) s"; fi

rerun_fault tls
dropped "TLS to a plain-HTTP server"
expect_err "^canopy rerun: endpoint tls \(https://127.0.0.1:$PORT/v1/completions\): TLS handshake failed \(is the server plain http://\?\): " \
    "TLS failure message"
if grep -q "after [0-9]* attempts" "$T/err"; then
	fail "a failed handshake is not retried"; else pass; fi

# ---- backoff: each wait doubles, and the attempts are bounded ----
fault backoff openai-completions 500-empty.backoff "max_retries = 2" \
    "retry_initial_ms = 300" "retry_max_ms = 5000"
rerun_fault backoff
dropped "backoff"
expect_err "HTTP 500: \(empty body\) \(after 3 attempts\)$" "backoff message"
if [ "$(served /f/500-empty.backoff/v1/completions)" -eq 3 ]; then pass
else fail "backoff: exactly 3 attempts"; fi
gaps=$(python3 -c '
import json, sys
t = [json.loads(l)["t"] for l in open(sys.argv[1])
     if "/f/500-empty.backoff/" in l]
print(" ".join("%d" % ((b - a) * 1000) for a, b in zip(t, t[1:])))
' "$T/port.log")
set -- $gaps
if [ $# -eq 2 ] && [ "$1" -ge 280 ] && [ "$2" -ge 580 ] && [ "$2" -lt 3000 ]
then pass; else fail "backoff: waits of 300 then 600 ms, got $gaps ms"; fi

# ---- a key never reaches the terminal, even when the server refuses it ----
export CANOPY_FAULT_KEY=sk-fault-secret-99
fault denied openai-completions 401 "api_key_env = CANOPY_FAULT_KEY"
rerun_fault denied
dropped "401"
if grep -q "sk-fault-secret" "$T/out" "$T/err"; then
	fail "the key reached stdout or stderr"; else pass; fi
if grep -qa "sk-fault-secret" "$CANOPY_DB"*; then
	fail "the key reached the database"; else pass; fi

finish

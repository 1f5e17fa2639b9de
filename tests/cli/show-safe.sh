#!/bin/sh
# show-safe.sh - text from traces never reaches the terminal raw: `show`,
# `traces` and `show --json` escape control characters; lines fit.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

# ESC [ 2 J clears the screen; \x07 rings; \xc2\x9b is the C1 CSI.
printf '%s\n%s\n' \
    '{"type":"trace","id":"evil\u001b[31m","problem":"clear \u001b[2J\u0007 me"}' \
    '{"type":"node","trace":"evil\u001b[31m","id":"r\u001b","text":"line one \u001b]0;title\u0007 \u009b1m\u202e tab\there\nline two","signals":{"q\u001b":1}}' \
    >evil.jsonl
run import evil.jsonl
expect_rc 0 "import control characters"

run traces
expect_rc 0 "traces"
if tr -d '\n' <"$T/out" | LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
	fail "traces wrote a control character"
else pass; fi
expect_out 'evil\\x1b\[31m' "traces: id escaped"
expect_out 'clear \\x1b\[2J\\x07 me' "traces: problem escaped"

run show "$(printf 'evil\033[31m')"
expect_rc 0 "show"
if tr -d '\n' <"$T/out" | LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
	fail "show wrote a control character"
else pass; fi
if LC_ALL=C grep -q "$(printf '\302\233')" "$T/out"; then
	fail "show wrote a C1 control"; else pass; fi
expect_out '^r\\x1b  \[root\]  line one \\x1b\]0;title\\x07 \\u009b1m\\u202e tab\\there  q\\x1b=1$' \
    "show: text escaped, first line only"

run show --json "$(printf 'evil\033[31m')"
expect_rc 0 "show --json"
if tr -d '\n' <"$T/out" | LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
	fail "show --json wrote a control character"
else pass; fi
expect_out '"text":"line one \\u001b\]0;title\\u0007 \\u009b1m\\u202e tab\\there\\nline two"' \
    "show --json: JSON escapes"

# Long text is cut to fit 100 columns, with "...".
awk 'BEGIN { printf "{\"type\":\"node\",\"trace\":\"long\",\"id\":\"r\",\"text\":\""
	for (i = 0; i < 50; i++) printf "word%02d ", i
	print "\"}" }' >long.jsonl
run import long.jsonl
run show long
expect_out '^r  \[root\]  word00 .*\.\.\.$' "long text cut with ..."
[ "$(awk '{ print length }' "$T/out")" -le 100 ] && pass ||
    fail "long line longer than 100 columns"
finish

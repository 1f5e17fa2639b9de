#!/bin/sh
# progress.sh - `import` draws a progress bar on stderr only when stderr is
# a terminal and the import runs longer than half a second; redraws are
# throttled, and the bar is erased before the summary. Needs script(1)
# for a terminal; skipped (77) without it.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

command -v script >/dev/null 2>&1 || { echo "SKIP: no script(1)"; exit 77; }

# The bar waits CANOPY_PROGRESS_DELAY seconds (default 0.5): none here,
# so the test does not depend on how fast the machine is.
export CANOPY_PROGRESS_DELAY=0

awk 'BEGIN {
	print "{\"type\":\"node\",\"trace\":\"p\",\"id\":\"n0\"}"
	for (i = 1; i < 60000; i++)
		printf "{\"type\":\"node\",\"trace\":\"p\",\"id\":\"n%d\",\"parent\":\"n%d\",\"text\":\"step %d of a long import, with some words to index\",\"signals\":{\"visits\":%d,\"q\":0.5,\"prm:x\":0.25}}\n", i, int(i / 3), i, i % 50
}' >slow.jsonl

# Not a terminal: no bar.
run import --db plain.db slow.jsonl
expect_rc 0 "import to a pipe"
if grep -q "$(printf '\r')" "$T/err"; then fail "a bar on a non-terminal";
else pass; fi

start=$(date +%s)
script -qec "'$CANOPY_BIN' import --db tty.db slow.jsonl" /dev/null \
    >"$T/out" 2>"$T/err" </dev/null
rc=$?
secs=$(($(date +%s) - start + 1))
expect_rc 0 "import on a terminal"
expect_out "$(printf '\r')\[=* *\] +[0-9]+%  [0-9.]+/[0-9.]+ MB" \
    "the bar is drawn"
expect_out "$(printf '\r\033')\[K" "the bar is erased"
expect_out 'finishing\.\.\.' "the store's finalization is shown"
expect_out "$(printf '\033')\\[Kslow\\.jsonl: 1 trace, 60000 nodes" \
    "the summary follows the erased bar"
draws=$(tr '\r' '\n' <"$T/out" | grep -c '^\[')
[ "$draws" -le $((secs * 10 + 2)) ] && pass ||
    fail "$draws redraws in about $secs s: not throttled"

# With the default delay (half a second), a quick import draws no bar.
printf '{"type":"node","trace":"q","id":"r"}\n' >quick.jsonl
unset CANOPY_PROGRESS_DELAY
script -qec "'$CANOPY_BIN' import --db quick.db quick.jsonl" /dev/null \
    >"$T/out" 2>"$T/err" </dev/null
rc=$?
expect_rc 0 "a quick import on a terminal"
if grep -q 'MB' "$T/out"; then fail "a bar for a quick import"; else pass; fi
expect_out '^quick\.jsonl: 1 trace, 1 node, ' "quick import summary"
finish

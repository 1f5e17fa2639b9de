#!/bin/sh
# args-test.sh - `canopy tui` arguments and the errors printed before the
# terminal is touched: --help, unknown options, a missing database, no
# terminal, and the replay mode's timings file.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

"$CANOPY_BIN" tui --help >"$T/out" 2>&1 || fail "--help failed"
grep -q '^usage: canopy tui \[--db FILE\] \[--author A\] \[ADDRESS\]$' "$T/out" ||
    fail "--help: $(cat "$T/out")"
"$CANOPY_BIN" tui --bogus >"$T/out" 2>&1
[ $? = 2 ] || fail "--bogus: expected status 2"
grep -q "^canopy tui: unknown option '--bogus'$" "$T/out" ||
    fail "--bogus: $(cat "$T/out")"
"$CANOPY_BIN" tui --db "$T/none.db" </dev/null >"$T/out" 2>&1
[ $? = 1 ] || fail "missing db: expected status 1"
grep -q "^canopy tui: $T/none.db: No such file or directory$" "$T/out" ||
    fail "missing db: $(cat "$T/out")"
grep -q "import traces first" "$T/out" || fail "missing db: no hint"

db_import "$E2E/fixtures/small.canopy.jsonl"
"$CANOPY_BIN" tui --db "$DB" </dev/null >"$T/out" 2>&1
[ $? = 1 ] || fail "no terminal: expected status 1"
grep -q "needs a terminal" "$T/out" || fail "no terminal: $(cat "$T/out")"

# Replay: headless, one line per key with microseconds and bytes.
printf 'j\n<PgDn>\n/needle<Enter>\n# a comment\n\nq\n' >"$T/keys"
TERM=xterm-256color "$CANOPY_BIN" tui --db "$DB" --replay "$T/keys" \
    --timings "$T/timings" --size 30x100 sheep || fail "replay failed"
grep -q '^# canopy replay v1 30x100$' "$T/timings" ||
    fail "replay header: $(head -1 "$T/timings")"
grep -Eq '^first-screen	[0-9]+	[1-9][0-9]*$' "$T/timings" ||
    fail "replay first screen: $(cat "$T/timings")"
for k in j '<PgDn>' '/needle<Enter>' q; do
	grep -Fq "key	$k	" "$T/timings" || fail "replay: no line for $k"
done
[ "$(grep -c '^key' "$T/timings")" = 4 ] || fail "replay: $(cat "$T/timings")"
"$CANOPY_BIN" tui --db "$DB" --replay "$T/keys" >"$T/out" 2>&1
[ $? = 2 ] || fail "--replay without --timings: expected status 2"
finish

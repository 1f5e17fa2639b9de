#!/bin/sh
# readers-test.sh - readers are never locked out by an import (docs/
# schema.md, "Always WAL"): while a large import writes, a TUI open on the
# database and a loop of `canopy traces` and `canopy show` all go on
# reading the last commit: zero failures, zero "locked". When the import
# commits, the open TUI shows the new trace without a key press.
# CANOPY_READERS_NODES sets the size (default 150000; the one-off
# measurement in the report used 1000000).
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

gen="${CANOPY_BUILDDIR:-.}/bench/gen"
[ -x "$gen" ] || fail "no $gen"
N=${CANOPY_READERS_NODES:-150000}
ipid=""
trap '[ -n "$ipid" ] && kill -9 "$ipid" 2>/dev/null; cleanup' EXIT

# A small trace first, so the readers have a commit to read.
"$gen" -s 1 -t 1 -n 50 -o "$T/small.jsonl" || fail "gen small"
db_import "$T/small.jsonl"
"$gen" -s 2 -t 2 -n "$N" -o "$T/big.jsonl" || fail "gen big"
sed -i 's/"t\([12]\)"/"big\1"/' "$T/big.jsonl"

start_tui
wait_for '^t1 +canopy-jsonl +50 '

"$CANOPY_BIN" import --db "$DB" "$T/big.jsonl" >"$T/import.out" \
    2>"$T/import.err" &
ipid=$!

# The reader loop runs until the import ends; every read must succeed.
reads=0
: >"$T/reader.err"
while kill -0 "$ipid" 2>/dev/null; do
	"$CANOPY_BIN" traces --db "$DB" >"$T/r.out" 2>>"$T/reader.err" ||
	    echo "traces failed" >>"$T/reader.err"
	grep -q '^t1 ' "$T/r.out" ||
	    echo "traces lost t1: $(head -3 "$T/r.out")" >>"$T/reader.err"
	"$CANOPY_BIN" show --db "$DB" --depth 1 t1 >"$T/r.out" \
	    2>>"$T/reader.err" || echo "show failed" >>"$T/reader.err"
	# The TUI is still there and says nothing of a lock.
	screen | grep -qiE 'locked|reload:' &&
	    echo "TUI: $(screen | grep -iE 'locked|reload:')" >>"$T/reader.err"
	reads=$((reads + 1))
done
wait "$ipid" || fail "the import failed: $(cat "$T/import.err")"
ipid=""
[ -s "$T/reader.err" ] &&
    fail "readers failed during the import: $(head -5 "$T/reader.err")"
[ "$reads" -ge 2 ] || fail "only $reads reads during the import"
echo "readers: $reads rounds of traces + show + TUI during $N nodes"
cat "$T/import.out"
grep -q "2 traces, $N nodes" "$T/import.out" ||
    fail "import summary: $(cat "$T/import.out")"

# The TUI found the commit by itself.
wait_for '^big1 +canopy-jsonl '
wait_for '3 traces'
quit_ok
finish

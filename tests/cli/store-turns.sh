#!/bin/sh
# store-turns.sh - the store's promises as the commands show them: two
# imports of one file at once keep one (the other says "already
# imported"); structural errors name file:line:col and the trace id as
# written; addresses escape '/' and '%' inside ids and resolve back; an
# empty file is "empty"; a read-only folder is refused, never read torn.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

: >"$T/out"
: >"$T/err"

# 1. Two imports of one file at the same time, into a new database.
awk 'BEGIN { print "{\"type\":\"node\",\"trace\":\"big\",\"id\":\"n0\"}";
    for (i = 1; i < 20000; i++)
	printf "{\"type\":\"node\",\"trace\":\"big\",\"id\":\"n%d\"," \
	    "\"parent\":\"n%d\",\"text\":\"step %d\"}\n", i, int(i / 3), i }' \
    >big.jsonl
"$CANOPY_BIN" import --db two.db big.jsonl >out1 2>err1 &
p1=$!
"$CANOPY_BIN" import --db two.db big.jsonl >out2 2>err2 &
p2=$!
wait $p1; rc=$?
expect_rc 0 "first of two simultaneous imports"
wait $p2; rc=$?
expect_rc 0 "second of two simultaneous imports"
cat out1 out2 err1 err2 >"$T/out"
: >"$T/err"
expect_out 'big\.jsonl: already imported on .* as big\.jsonl \(use --force to import again\)' \
    "one of two simultaneous imports is refused"
if grep -q 'database is locked' "$T/out"; then
	fail "an import failed with 'database is locked'"
else
	pass
fi
run stats --json --db two.db
expect_out '"traces":1,"nodes":20000,' "two simultaneous imports keep one"

# 2. Structural errors: file:line:col, and the trace id as written
#    (the store would call this second trace t~2).
printf '{"type":"node","trace":"t","id":"r"}\n' >a.jsonl
printf '{"type":"node","trace":"t","id":"r"}\n{"type":"node","trace":"t","id":"x","parent":"zz"}\n' >b.jsonl
run import --db err.db a.jsonl
expect_rc 0 "import a first trace t"
run import --db err.db b.jsonl
expect_rc 1 "an unknown parent fails"
expect_err 'b\.jsonl:2:[0-9]+: trace t: node x: unknown parent zz' \
    "unknown parent: file:line:col and the id as written"
if grep -q 't~2' "$T/err"; then fail "the error names the renamed id"; else
	pass; fi

# 3. Addresses: trace p node q/r and trace p/q node r are two nodes.
printf '%s\n' '{"type":"node","trace":"p","id":"root"}' \
    '{"type":"node","trace":"p","id":"q/r","parent":"root","text":"in p"}' \
    '{"type":"node","trace":"p/q","id":"root"}' \
    '{"type":"node","trace":"p/q","id":"r","parent":"root","text":"in p/q"}' \
    '{"type":"node","trace":"a%b","id":"c","text":"pct"}' >addr.jsonl
run import --db addr.db addr.jsonl
expect_rc 0 "import ids with / and %"
run show --json --depth 0 --db addr.db 'p/q%2Fr'
expect_out '^\{"address":"p/q%2Fr","parent":"p/root",.*"text":"in p"' \
    "p/q%2Fr is node q/r of trace p"
run show --json --depth 0 --db addr.db 'p%2Fq/r'
expect_out '^\{"address":"p%2Fq/r","parent":"p%2Fq/root",.*"text":"in p/q"' \
    "p%2Fq/r is node r of trace p/q"
run show --json --depth 0 --db addr.db 'a%25b/c'
expect_out '^\{"address":"a%25b/c",.*"text":"pct"' "a%25b/c is trace a%b"

# 4. A zero-byte database read by a command is empty.
: >empty.db
run stats --db empty.db
expect_rc 1 "stats on a zero-byte file"
expect_err 'empty\.db: the database is empty' "zero-byte file: says empty"
if grep -q 'not a canopy database' "$T/err"; then
	fail "zero-byte file: called not a canopy database"; else pass; fi

# 5. A folder the reader cannot write: refused with the reason, not read
#    as immutable (root ignores modes: run as nobody through setpriv).
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
	bin_for_nobody st
	bin=$nobody_bin
	mkdir ro
	run import --db ro/db a.jsonl
	chmod 755 "$T"
	chmod 555 ro
	$as_user "$bin" stats --db ro/db >"$T/out" 2>"$T/err"
	rc=$?
	expect_rc 1 "stats in a read-only folder"
	expect_err 'cannot read it safely: its folder is not writable' \
	    "read-only folder: the reason"
	chmod 755 ro
fi
finish

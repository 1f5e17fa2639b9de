#!/bin/sh
# kill-index.sh - an import killed after its tree's commit and before its
# text index is done (CANOPY_TEST_INDEX_KILL: it kills itself after that
# many index transactions) leaves the tree whole (`stats`, `show` as after
# a whole import), a sound file, and the index behind the watermark; the
# next import, or `canopy index`, finishes it (FTS5's own integrity check
# against the node rows passes only then).
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "SKIP: no sqlite3"; exit 77; }
gen="${CANOPY_BUILDDIR:-.}/bench/gen"
[ -x "$gen" ] || { echo "no $gen"; exit 1; }

stats() {
	"$CANOPY_BIN" stats --json --db "$1" 2>/dev/null || echo none
}
# fts_whole DB: the index holds exactly the rows' text.
fts_whole() {
	sqlite3 "$1" "INSERT INTO nodes_fts(nodes_fts, rank)
	    VALUES('integrity-check', 1)" >/dev/null 2>&1
}
behind() {
	sqlite3 "$1" "SELECT (SELECT indexed_to FROM fts_state) <
	    (SELECT max(id) FROM nodes)"
}

"$gen" -s 11 -t 1 -n 40 -o base.jsonl || exit 1
"$gen" -s 12 -t 6 -n 4000 -o big.jsonl || exit 1
run import --db whole.db big.jsonl
expect_rc 0 "a whole import"
stats whole.db >s.whole
"$CANOPY_BIN" show --db whole.db t3 >show.whole 2>&1

for resume in import index; do
	what="killed, then $resume"
	rm -f k.db k.db-wal k.db-shm
	CANOPY_TEST_INDEX_CHUNK=1000 CANOPY_TEST_INDEX_KILL=2 \
	    "$CANOPY_BIN" import --db k.db big.jsonl >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 137 ] && pass || fail "$what: exit $rc, not 137 (killed)"
	stats k.db >s.now
	cmp -s s.now s.whole && pass ||
	    fail "$what: the tree is not as after a whole import"
	run show --db k.db t3
	expect_rc 0 "$what: show"
	cmp -s "$T/out" show.whole && pass || fail "$what: show differs"
	ic=$(sqlite3 k.db "PRAGMA integrity_check" 2>&1)
	[ "$ic" = ok ] && pass || fail "$what: integrity_check: $ic"
	[ "$(behind k.db)" = 1 ] && pass ||
	    fail "$what: the watermark is not behind the tree"
	fts_whole k.db && fail "$what: the index is whole already" || pass
	# Reading commands never write: the index is still behind.
	run traces --db k.db
	[ "$(behind k.db)" = 1 ] && pass || fail "$what: a reader indexed"
	if [ $resume = import ]; then
		run import --db k.db base.jsonl
		expect_rc 0 "$what: the next import"
	else
		run index --db k.db
		expect_rc 0 "$what: canopy index"
		expect_out '^text index: complete \(2000 node ids indexed now' \
		    "$what: canopy index says what it did"
	fi
	[ "$(behind k.db)" = 0 ] && pass ||
	    fail "$what: the watermark is still behind"
	fts_whole k.db && pass || fail "$what: the index is not whole"
done
finish

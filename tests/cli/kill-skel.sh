#!/bin/sh
# kill-skel.sh - a bulk load into an empty database builds its skeleton
# index (nodes_skel) after the tree's commit; killed while building it
# (CANOPY_TEST_SKEL_KILL: it kills itself before that build's commit), it
# leaves the tree whole and readable as after a whole import (`stats`,
# `show --json` of every trace), a sound file and the index missing; the
# next import, or `canopy index`, builds it. An import into a database
# that has nodes never drops it.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

kill_setup
# has_skel DB: 1 if nodes_skel exists.
has_skel() {
	sqlite3 "$1" "SELECT count(*) FROM sqlite_master
	    WHERE type = 'index' AND name = 'nodes_skel'"
}

"$gen" -s 11 -t 1 -n 40 -o base.jsonl || exit 1
"$gen" -s 12 -t 6 -n 4000 -o big.jsonl || exit 1
run import --db whole.db big.jsonl
expect_rc 0 "a whole import"
[ "$(has_skel whole.db)" = 1 ] && pass || fail "a whole import: no nodes_skel"
snapshot whole whole.db
# What each writer that finishes it leaves: the next import adds base.
snapshot index whole.db
run import --db plus.db big.jsonl base.jsonl
expect_rc 0 "a whole import, then another"
snapshot import plus.db

# The writers that finish it: the next import, canopy index.
for resume in "import --db k.db base.jsonl" "index --db k.db"; do
	what="killed, then ${resume%% *}"
	rm -f k.db k.db-wal k.db-shm
	CANOPY_TEST_SKEL_KILL=1 \
	    "$CANOPY_BIN" import --db k.db big.jsonl >"$T/out" 2>"$T/err"
	rc=$?
	[ $rc -eq 137 ] && pass || fail "$what: exit $rc, not 137 (killed)"
	expect_sound k.db "$what"
	[ "$(has_skel k.db)" = 0 ] && pass || fail "$what: nodes_skel is there"
	# The readers (stats, traces, show) find the same tree, and never
	# write: still missing.
	same_as whole "$what: readers without nodes_skel" k.db
	[ "$(has_skel k.db)" = 0 ] && pass || fail "$what: a reader built it"
	run $resume
	expect_rc 0 "$what"
	[ "$(has_skel k.db)" = 1 ] && pass || fail "$what: nodes_skel not built"
	expect_sound k.db "$what: built"
	same_as ${resume%% *} "$what: readers with nodes_skel" k.db
done
expect_out '^skeleton index: built now$' \
    "canopy index says it built the skeleton index"
expect_out '^text index: complete \(4000 node ids indexed now' \
    "canopy index goes on with the text"

# Over existing nodes the index is kept: a kill before the build's
# commit has nothing to lose.
CANOPY_TEST_SKEL_KILL=1 "$CANOPY_BIN" import --db whole.db base.jsonl \
    >"$T/out" 2>"$T/err"
rc=$?
expect_rc 0 "an import over existing nodes builds nothing"
[ "$(has_skel whole.db)" = 1 ] && pass || fail "an import dropped nodes_skel"
run index --db whole.db
expect_rc 0 "canopy index when all is built"
grep -q skeleton "$T/out" && fail "canopy index built it again" || pass
finish

#!/bin/sh
# index-later-test.sh - browsable before indexed: an import killed after
# it committed the tree and before its text index was done leaves a tree
# that opens and browses; / says the index is still being built (found or
# not); `canopy index` run meanwhile, from another process, finishes the
# index and the open TUI's next search finds the node.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

# One id per index transaction, killed after the first (the root).
CANOPY_TEST_INDEX_CHUNK=1 CANOPY_TEST_INDEX_KILL=1 "$CANOPY_BIN" import \
    --db "$DB" "$E2E/fixtures/small.canopy.jsonl" >"$T/import.out" 2>&1
rc=$?
[ $rc -eq 137 ] || fail "the import was to kill itself (137), exit $rc"
"$CANOPY_BIN" show --db "$DB" sheep >"$T/show.out" 2>&1 ||
    fail "show after the kill: $(cat "$T/show.out")"
grep -q 'The needle' "$T/show.out" || fail "show: the tree is not whole"

start_tui sheep
wait_for 'sheep/a1 #'
keys / needle Enter
wait_for 'not found: needle; text index still being built \([0-9]+%\)'
# The root is indexed: found (backward from a1), with the warning; and
# again forward, wrapping around.
keys '?' farmer Enter
wait_for 'sheep/r #'
wait_for 'text index still being built \([0-9]+%\): results may be missing'
keys / farmer Enter
wait_for 'search wrapped; text index still being built \([0-9]+%\)'
"$CANOPY_BIN" index --db "$DB" >"$T/index.out" 2>&1 ||
    fail "canopy index: $(cat "$T/index.out")"
grep -q '^text index: complete (' "$T/index.out" ||
    fail "canopy index said: $(cat "$T/index.out")"
keys / needle Enter
wait_for 'sheep/b1a #.*\| /needle \(1\)'
wait_for 'The needle'
screen | grep -q 'still being built' && fail "the warning outlived the index"
quit_ok
"$CANOPY_BIN" index --db "$DB" >"$T/index.out" 2>&1 ||
    fail "canopy index again"
grep -q '^text index: complete already' "$T/index.out" ||
    fail "canopy index again said: $(cat "$T/index.out")"
finish

#!/bin/sh
# replay.sh - every input of tests/fuzz/corpus (seeds, and each crash the
# fuzzer found once) goes through the importers and the store again: none
# may crash (the sanitizer build catches leaks and undefined behaviour).
set -e
corpus=$CANOPY_SRCDIR/tests/fuzz/corpus
n=$(ls "$corpus" | wc -l)
[ "$n" -gt 0 ] || { echo "replay.sh: $corpus is empty" >&2; exit 1; }
out=$("$CANOPY_BUILDDIR/tests/fuzz/fuzz-replay" "$corpus"/*)
echo "$out"
[ "$out" = "fuzz-import: $n inputs replayed" ]

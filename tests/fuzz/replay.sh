#!/bin/sh
# replay.sh - every input of each fuzz target's corpus (seeds, and each
# crash the fuzzer once found) goes through the target again: none may
# crash (the sanitizer build catches leaks and undefined behaviour too).
set -e
replay() {
	corpus=$CANOPY_SRCDIR/tests/fuzz/$2
	n=$(ls "$corpus" | wc -l)
	[ "$n" -gt 0 ] || { echo "replay.sh: $corpus is empty" >&2; exit 1; }
	out=$("$CANOPY_BUILDDIR/tests/fuzz/$1" "$corpus"/*)
	echo "$out"
	[ "$out" = "$1: $n inputs replayed" ]
}
replay fuzz-import-replay corpus
replay fuzz-text-replay corpus-text

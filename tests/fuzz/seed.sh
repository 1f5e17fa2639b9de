#!/bin/sh
# seed.sh SRCDIR DIR - seeds the fuzzer's corpus: every test fixture, once
# for each importer (the first byte of an input picks it), with the
# database bit set, so the search starts from files the importers take.
src=$1
dir=$2
n=$(grep -c '^IMP_DECLARE(' "$src/importers/imp-formats.h")
find "$src/tests/fixtures" -type f -size -64k | while read -r f; do
	i=0
	while [ "$i" -lt "$n" ]; do
		h=$(printf '%s' "$f" | cksum | cut -d' ' -f1)
		# byte 1: importer i; byte 2: options 2 (write to a database)
		{ printf "\\$(printf '%03o' "$i")\\002"; cat "$f"; } \
		    >"$dir/seed-$h-$i"
		i=$((i + 1))
	done
done

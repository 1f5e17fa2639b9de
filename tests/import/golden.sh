#!/bin/sh
# golden.sh - importer goldens: for every tests/import/<format>/<case>.in,
# runs tests/unit/golden over it as <format> and compares the canonical
# JSON (one object per sink call, then the outcome) with <case>.json beside
# it. A case whose name ends in .skip.in is imported with skip-bad. Adding
# a format or a case is adding these two files (and a line in SOURCES).
#
# GOLDEN_UPDATE=1 rewrites every .json from what the importers send now:
# review the diff by eye against docs before committing it, since a golden
# that records a bug is worse than none.
#	GOLDEN_UPDATE=1 make check TESTS=tests/import/golden.sh
: "${CANOPY_SRCDIR:?}" "${CANOPY_BUILDDIR:?}"
golden="$CANOPY_BUILDDIR/tests/unit/golden"
top="$CANOPY_SRCDIR/tests/import"
out=$(mktemp) || exit 99
trap 'rm -f "$out"' EXIT
n=0 bad=0
for in in "$top"/*/*.in; do
	[ -e "$in" ] || continue
	dir=${in%/*}
	format=${dir##*/}
	want=${in%.in}.json
	opt=
	case $in in *.skip.in) opt=-s ;; esac
	n=$((n + 1))
	if ! "$golden" $opt "$format" "$in" >"$out"; then
		echo "FAIL: $format/${in##*/}: golden exited $?"
		bad=$((bad + 1))
		continue
	fi
	if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$out" "$want"
		echo "updated $format/${want##*/}"
	elif ! [ -f "$want" ]; then
		echo "FAIL: $format/${in##*/}: no ${want##*/} (GOLDEN_UPDATE=1)"
		bad=$((bad + 1))
	elif ! diff -u "$want" "$out"; then
		echo "FAIL: $format/${in##*/} differs from ${want##*/}"
		bad=$((bad + 1))
	fi
done
echo "$n goldens, $bad failed"
[ "$n" -gt 0 ] || { echo "FAIL: no goldens found under $top"; exit 1; }
[ "$bad" -eq 0 ]

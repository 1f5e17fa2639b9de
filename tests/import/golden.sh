#!/bin/sh
# golden.sh - importer goldens: for every tests/import/<format>/<case>.in,
# runs tests/unit/golden over it as <format> and compares the canonical
# JSON (one object per sink call, then the outcome) with <case>.json beside
# it. A case whose name ends in .skip.in is imported with skip-bad. A case
# with <case>.calls beside it (or instead of the .json) is compared in the
# test sink's log form too (golden -l: one line a sink call, then the
# outcome as JSON), the form of the unit tests it was moved from. Adding a
# format or a case is adding these two files (and a line in SOURCES).
#
# The sink's verdicts: <case>.TAGS.calls beside <case>.in is the log of
# the same input with the test sink refusing one call, TAGS being
# dot-separated words: badN (the Nth call answers CN_BAD), fatalN
# (CN_FATAL), skip (with skip-bad). sink-1.skip.bad3.calls: skip-bad, and
# the third call is a bad record.
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

# check IN WANT [-l]: runs golden over IN and compares with WANT.
check() {
	n=$((n + 1))
	if ! "$golden" $opt $3 "$format" "$1" >"$out"; then
		echo "FAIL: $format/${1##*/}: golden exited $?"
		bad=$((bad + 1))
	elif [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
		cp "$out" "$2"
		echo "updated $format/${2##*/}"
	elif ! [ -f "$2" ]; then
		echo "FAIL: $format/${1##*/}: no ${2##*/} (GOLDEN_UPDATE=1)"
		bad=$((bad + 1))
	elif ! diff -u "$2" "$out"; then
		echo "FAIL: $format/${1##*/} differs from ${2##*/}"
		bad=$((bad + 1))
	fi
}

# sink_flags TAGS: sets flags to golden's options for a verdict's TAGS;
# fails unless they are known words with exactly one badN or fatalN.
sink_flags() {
	flags= nsink=0 old_ifs=$IFS
	IFS=.
	for t in $1; do
		case $t in
		skip) flags="$flags -s" ;;
		bad[0-9]*) flags="$flags -f ${t#bad}"; nsink=$((nsink + 1)) ;;
		fatal[0-9]*) flags="$flags -F ${t#fatal}"; nsink=$((nsink + 1)) ;;
		*) nsink=2 ;;
		esac
	done
	IFS=$old_ifs
	[ "$nsink" -eq 1 ]
}

for in in "$top"/*/*.in; do
	[ -e "$in" ] || continue
	dir=${in%/*}
	format=${dir##*/}
	opt=
	case $in in *.skip.in) opt=-s ;; esac
	case=${in%.in}
	verdicts=0
	for want in "$case".*.calls; do
		[ -e "$want" ] || continue
		tags=${want#"$case".}
		sink_flags "${tags%.calls}" || continue
		verdicts=$((verdicts + 1))
		check "$in" "$want" "-l$flags"
	done
	if [ -f "$case.json" ] ||
	    { ! [ -f "$case.calls" ] && [ "$verdicts" -eq 0 ]; }; then
		check "$in" "$case.json"
	fi
	if [ -f "$case.calls" ]; then
		check "$in" "$case.calls" -l
	fi
done
echo "$n goldens, $bad failed"
[ "$n" -gt 0 ] || { echo "FAIL: no goldens found under $top"; exit 1; }
[ "$bad" -eq 0 ]

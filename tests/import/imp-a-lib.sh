# imp-a-lib.sh - sourced by the import tests of prm800k, prm800k-scored,
# processbench and math-shepherd: a scratch directory, and helpers that
# import into a fresh database and compare `canopy stats --json`.
#
#	import_ok DB ARGS...	canopy import --db DB ARGS...; must exit 0
#	stats_is DB JSON WHAT	stats --json of DB must be exactly JSON
#	finish			exit 1 if any check failed

set -u
: "${CANOPY_BIN:?run through make check (CANOPY_BIN is not set)}"
: "${CANOPY_SRCDIR:?run through make check (CANOPY_SRCDIR is not set)}"

T=$(mktemp -d "${TMPDIR:-/tmp}/canopy-imp.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
unset CANOPY_DB
export LC_ALL=C
fails=0

fail() {
	echo "FAIL: $*"
	fails=$((fails + 1))
}

import_ok() {
	db=$1
	shift
	if ! "$CANOPY_BIN" import --db "$T/$db" "$@" >"$T/out" 2>"$T/err"
	then
		fail "import $*: exit $?"
		cat "$T/err"
	fi
}

stats_is() {
	got=$("$CANOPY_BIN" stats --db "$T/$1" --json 2>&1)
	if [ "$got" != "$2" ]; then
		fail "$3"
		echo "  expected: $2"
		echo "  got:      $got"
	fi
}

finish() {
	[ "$fails" -eq 0 ] || exit 1
	exit 0
}

# lib-stats.sh - for the import tests (sourced after tests/cli/lib.sh):
#
#	import_ok DB ARGS...
#		`canopy import --db $T/DB ARGS...` must exit 0.
#
#	stats_is DB JSON WHAT
#		`canopy stats --json` of $T/DB must print exactly JSON.
#
#	import_each FORMAT FILE STATS WHAT [FILE STATS WHAT...]
#		imports each FILE in turn into $T/a.db with --format
#		FORMAT, `stats --json` after each exactly its STATS; then all
#		the FILEs at once into $T/b.db by detection, which must give
#		the last STATS.
#
#	check_import FORMAT FILE STATS
#		imports FILE (relative to tests/fixtures) into a fresh
#		database with format detection, expects FORMAT to be detected
#		and `canopy stats --json` to print exactly STATS.

check_import() {
	rm -f "$CANOPY_DB"
	run import "$CANOPY_SRCDIR/tests/fixtures/$2"
	expect_rc 0 "$2: import"
	expect_err "format $1 \\(detected\\)" "$2: detected as $1"
	run stats --json
	expect_rc 0 "$2: stats"
	if [ "$(cat "$T/out")" = "$3" ]; then pass; else
		fail "$2: stats --json is not $3"; fi
}
#
#	check_node ADDRESS JSON
#		`canopy show --json --depth 0 ADDRESS` prints one node whose
#		JSON contains the text JSON (address through text, say).

check_node() {
	run show --json --depth 0 "$1"
	expect_rc 0 "$1: show"
	if [ "$(wc -l <"$T/out")" -eq 1 ] &&
	    grep -qF -- "$2" "$T/out"; then pass; else
		fail "$1: show --json does not hold $2"; fi
}

import_ok() {
	db=$1
	shift
	run import --db "$T/$db" "$@"
	expect_rc 0 "import $*"
}

stats_is() {
	run stats --db "$T/$1" --json
	expect_rc 0 "$3: stats"
	if [ "$(cat "$T/out")" = "$2" ]; then pass; else
		fail "$3: stats --json is not $2"; fi
}

import_each() {
	format=$1
	shift
	n=0
	for a in "$@"; do
		case $((n % 3)) in
		0)	f=$a ;;
		1)	s=$a ;;
		2)	import_ok a.db --format "$format" "$f"
			stats_is a.db "$s" "$a"
			set -- "$@" "$f" ;;
		esac
		n=$((n + 1))
	done
	shift "$n"
	import_ok b.db "$@"
	stats_is b.db "$s" "detected format gives the same database"
}

# lib.sh - shared setup for the CLI tests (sourced): a scratch directory
# removed on exit, an isolated environment, and assertions that count
# failures. A test script ends with `finish`.
#
#	run ARGS...		runs canopy; sets $rc, $T/out and $T/err
#	expect_rc N WHAT	the last run exited N
#	expect_err RE WHAT	stderr of the last run matches RE (grep -E)
#	expect_out RE WHAT	stdout of the last run matches RE
#	no_crash WHAT		no signal death, no sanitizer report
#	snapshot NAME		saves `stats --json` and `show --json` of
#				every trace, to compare with same_as NAME
#	bin_for_nobody TAG	$as_user runs a command as nobody (setpriv);
#				$nobody_bin is a canopy nobody can run: a
#				copy in /tmp/canopy-TAG-bin.* (removed on
#				exit) if the build's folder is private
#	kill_setup		for the kill tests: skips without sqlite3;
#				sets $gen (bench/gen) and $seed
#	kill_points SEED N MS	N random delays below MS ms, one a line
#	kill_after S SIG ARGS...	runs canopy ARGS in the background and
#				sends SIG after S seconds; sets $rc, $krc
#	expect_sound DB WHAT	DB passes integrity_check, stays in WAL
#	poll_eq N WHAT NOUN CMD...	polls (up to 60 s) until CMD prints N

set -u
: "${CANOPY_BIN:?run through make check (CANOPY_BIN is not set)}"
: "${CANOPY_SRCDIR:?run through make check (CANOPY_SRCDIR is not set)}"

T=$(mktemp -d "${TMPDIR:-/tmp}/canopy-cli.XXXXXX") || exit 1
trap 'rm -rf "$T"' EXIT
export HOME="$T/home"
export XDG_DATA_HOME="$T/home/.local/share"
export CANOPY_DB="$T/canopy.db"
export LC_ALL=C
unset CANOPY_DEMO_DIR
mkdir -p "$HOME"
cd "$T" || exit 1

fails=0
checks=0

fail() {
	echo "FAIL: $*"
	echo "  exit: $rc"
	echo "  stdout:"; sed -n '1,20s/^/    /p' "$T/out"
	echo "  stderr:"; sed -n '1,20s/^/    /p' "$T/err"
	fails=$((fails + 1))
}

pass() {
	checks=$((checks + 1))
}

run() {
	"$CANOPY_BIN" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

no_crash() {
	if [ "$rc" -ge 128 ] ||
	    grep -qE 'Sanitizer|runtime error:|Segmentation' "$T/err"; then
		fail "$1: crashed"
	else
		pass
	fi
}

expect_rc() {
	no_crash "$2"
	if [ "$rc" -ne "$1" ]; then
		fail "$2: exit $rc, expected $1"
	else
		pass
	fi
}

expect_err() {
	if grep -qE -- "$1" "$T/err"; then pass; else
		fail "$2: stderr does not match /$1/"; fi
}

expect_out() {
	if grep -qE -- "$1" "$T/out"; then pass; else
		fail "$2: stdout does not match /$1/"; fi
}

bin_for_nobody() {
	as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
	nobody_bin=$CANOPY_BIN
	# A build under a private directory (mktemp -d is 0700) is copied to
	# a place nobody can read.
	if ! $as_user test -x "$nobody_bin"; then
		bindir=$(mktemp -d "/tmp/canopy-$1-bin.XXXXXX")
		cp "$CANOPY_BIN" "$bindir/canopy"
		chmod 755 "$bindir" "$bindir/canopy"
		nobody_bin=$bindir/canopy
		trap 'rm -rf "$T" "$bindir"' EXIT
	fi
}

kill_setup() {
	command -v sqlite3 >/dev/null 2>&1 ||
	    { echo "SKIP: no sqlite3"; exit 77; }
	gen="${CANOPY_BUILDDIR:-.}/bench/gen"
	[ -x "$gen" ] || { echo "no $gen"; exit 1; }
	# The points are random; CANOPY_KILL_SEED repeats a run.
	seed=${CANOPY_KILL_SEED:-$$}
	echo "seed $seed"
}

kill_points() {
	awk -v seed="$1" -v n="$2" -v ms="$3" 'BEGIN {
		srand(seed)
		for (i = 0; i < n; i++)
			printf "%.3f\n", rand() * ms / 1000
	}'
}

# A sanitizer report fails the check $what (the caller names the point).
kill_after() {
	delay=$1 sig=$2
	shift 2
	# Emptied first: a signal that lands before the child opens them
	# would leave the last run's output there.
	: >"$T/out"
	: >"$T/err"
	"$CANOPY_BIN" "$@" >"$T/out" 2>"$T/err" &
	pid=$!
	sleep "$delay"
	kill -"$sig" "$pid" 2>/dev/null
	wait "$pid"
	rc=$?
	krc=$rc
	if grep -qE 'Sanitizer|runtime error:' "$T/err"; then
		fail "$what: a sanitizer report"
	else
		pass
	fi
}

expect_sound() {
	ic=$(sqlite3 "$1" "PRAGMA integrity_check" 2>&1)
	[ "$ic" = ok ] && pass || fail "$2: integrity_check: $ic"
	# Needs an import that never leaves WAL (the store's WAL-only import).
	jm=$(sqlite3 "$1" "PRAGMA journal_mode" 2>&1)
	[ "$jm" = wal ] && pass || fail "$2: journal_mode is $jm, not wal"
}

# Passes if the caller's `stats DB` prints what file WANT holds, fails
# WHAT if not (the counts are left in s.now).
expect_stats() {
	stats "$1" >s.now
	cmp -s s.now "$2" && pass || fail "$3"
}

# Fails WHAT with what CMD printed last, counted in NOUN, if it never does.
poll_eq() {
	want=$1 pwhat=$2 noun=$3
	shift 3
	i=0
	while [ "$("$@")" -ne "$want" ]; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			fail "$pwhat: $("$@") $noun after 60 s, expected $want"
			return 1
		fi
		sleep 0.2
	done
	pass
}

# The content of the database, for before/after comparisons.
dump_db() {
	"$CANOPY_BIN" stats --json --db "$1" || return 1
	"$CANOPY_BIN" traces --json --db "$1" || return 1
	for t in $("$CANOPY_BIN" traces --json --db "$1" |
	    sed 's/^{"id":"\([^"]*\)".*/\1/'); do
		"$CANOPY_BIN" show --json --db "$1" "$t" || return 1
	done
}

snapshot() {
	dump_db "${2:-$CANOPY_DB}" >"$T/snap.$1" 2>&1 ||
	    { echo "FAIL: snapshot $1"; fails=$((fails + 1)); }
}

same_as() {
	dump_db "${3:-$CANOPY_DB}" >"$T/snap.now" 2>&1
	if cmp -s "$T/snap.$1" "$T/snap.now"; then pass; else
		echo "FAIL: $2: the database changed"
		diff "$T/snap.$1" "$T/snap.now" | sed -n '1,20s/^/    /p'
		fails=$((fails + 1))
	fi
}

finish() {
	echo "$(basename "$0"): $checks checks, $fails failed"
	[ "$fails" -eq 0 ]
	exit $?
}

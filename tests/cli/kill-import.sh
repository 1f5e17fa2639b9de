#!/bin/sh
# kill-import.sh - a plain import killed (SIGKILL) or stopped (SIGTERM) at
# random points leaves the database exactly as before the import or as
# after it, never between: `stats --json` matches one of the two, the file
# passes `PRAGMA integrity_check`, stays in WAL mode, and the next import
# works. SIGTERM is caught: the import rolls back, says so, leaves no
# rollback journal and exits 143.
# The points are random; CANOPY_KILL_SEED repeats a run.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

kill_setup
POINTS=24

# stats DB: the totals, or "none" if DB cannot be read.
stats() {
	"$CANOPY_BIN" stats --json --db "$1" 2>/dev/null || echo none
}

"$gen" -s 11 -t 1 -n 40 -o base.jsonl || exit 1
"$gen" -s 12 -t 6 -n 4000 -o big.jsonl || exit 1
run import --db before.db base.jsonl
expect_rc 0 "the first import"
stats before.db >s.before
cp before.db after.db
start=$(date +%s%N)
run import --db after.db big.jsonl
expect_rc 0 "the import to interrupt, whole"
took=$(( ($(date +%s%N) - start) / 1000000 ))
stats after.db >s.after
echo "a whole import takes $took ms"

# The points: up to 1.2 times a whole import, so some come after its end.
kill_points "$seed" "$POINTS" $((took * 12 / 10)) >points

i=0
while read -r delay; do
	i=$((i + 1))
	if [ $((i % 2)) -eq 0 ]; then sig=TERM; else sig=KILL; fi
	what="point $i (SIG$sig after $delay s)"
	cp before.db k.db
	rm -f k.db-wal k.db-shm k.db-journal
	kill_after "$delay" "$sig" import --db k.db big.jsonl
	stats k.db >s.now
	if cmp -s s.now s.before; then
		state=before
	elif cmp -s s.now s.after; then
		state=after
	else
		state=between
		fail "$what: the database is neither as before nor as after"
		diff s.before s.now | sed -n '1,6s/^/    /p'
	fi
	if [ "$sig" = TERM ]; then
		# Caught: 143 and rolled back, or it had ended (0).
		if [ "$rc" -eq 143 ] && [ "$state" = before ] &&
		    ! grep -q '(detected)' "$T/err"; then
			pass	# stopped before it began to import
		elif [ "$rc" -eq 143 ] && [ "$state" = before ]; then
			expect_err "import interrupted: nothing imported from big\.jsonl" \
			    "$what: the rollback is reported"
		elif [ "$rc" -eq 143 ] || [ "$rc" -eq 0 ]; then
			[ "$state" = after ] && pass ||
			    fail "$what: exit $rc, database $state"
		else
			fail "$what: exit $rc, expected 143 (or 0 once done)"
		fi
		[ ! -e k.db-journal ] && pass ||
		    fail "$what: a rollback journal is left behind"
	fi
	expect_sound k.db "$what"
	if [ "$state" = before ]; then
		run import --db k.db big.jsonl
		expect_rc 0 "$what: the next import"
		expect_stats k.db s.after \
		    "$what: the next import did not import it whole"
	fi
	echo "$what: exit $krc, $state"
done <points
finish

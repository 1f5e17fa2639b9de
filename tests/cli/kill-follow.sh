#!/bin/sh
# kill-follow.sh - `import --follow` killed (SIGKILL) or stopped (SIGTERM)
# at random points: what is in the database is exactly the file's first
# lines up to the end its follows row records (whole records: `stats
# --json` equals a plain import of those lines), the file passes `PRAGMA
# integrity_check` and stays in WAL mode, and following the file again
# resumes there and ends with the whole file imported once.
# The points are random; CANOPY_KILL_SEED repeats a run.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

kill_setup
POINTS=22
# Commit often, and end soon once the file is read.
export CANOPY_FOLLOW_INTERVAL=0.05
export CANOPY_FOLLOW_IDLE=0.3

# stats DB: the totals without the count of imports (a resumed follow is
# a second import of the same lines).
stats() {
	"$CANOPY_BIN" stats --json --db "$1" 2>/dev/null |
	    sed 's/"imports":[0-9]*,//' | grep . || echo none
}

"$gen" -s 21 -t 5 -n 4000 -o run.jsonl || exit 1
run import --db whole.db run.jsonl
expect_rc 0 "a plain import of the whole file"
stats whole.db >s.whole
start=$(date +%s%N)
run import --follow --db timed.db run.jsonl
expect_rc 0 "a whole follow"
took=$(( ($(date +%s%N) - start) / 1000000 ))
echo "a whole follow takes $took ms"
expect_stats timed.db s.whole "a whole follow imports the file"

# The points: while it reads, not while it waits out the idle time.
ms=$((took - 300))
[ "$ms" -ge 100 ] || ms=100
kill_points "$seed" "$POINTS" "$ms" >points

i=0
while read -r delay; do
	i=$((i + 1))
	if [ $((i % 2)) -eq 0 ]; then sig=TERM; else sig=KILL; fi
	what="point $i (SIG$sig after $delay s)"
	rm -f k.db k.db-wal k.db-shm k.db-journal
	kill_after "$delay" "$sig" import --follow --db k.db run.jsonl
	if [ "$sig" != TERM ] || [ "$rc" -eq 0 ]; then
		:
	elif [ "$rc" -eq 143 ] && ! grep -q '(detected)' "$T/err"; then
		:	# stopped before it began to import
	else
		fail "$what: exit $rc, expected 0 (a follow keeps what it read)"
	fi
	# The committed end, and a plain import of the lines before it.
	lines=0
	[ -e k.db ] && lines=$(sqlite3 k.db "SELECT lines FROM follows
	    ORDER BY import_id DESC LIMIT 1" 2>/dev/null)
	lines=${lines:-0}
	if [ "$lines" -gt 0 ]; then
		head -n "$lines" run.jsonl >prefix.jsonl
		rm -f prefix.db
		"$CANOPY_BIN" import --db prefix.db prefix.jsonl >/dev/null 2>&1
		stats prefix.db >s.prefix
		expect_stats k.db s.prefix \
		    "$what: the database is not the first $lines lines"
		expect_sound k.db "$what"
	elif [ -e k.db ]; then
		# Nothing committed: nothing to see.
		n=$("$CANOPY_BIN" stats --json --db k.db 2>/dev/null |
		    sed -n 's/.*"nodes":\([0-9]*\).*/\1/p')
		[ "${n:-0}" -eq 0 ] && pass ||
		    fail "$what: $n nodes without a recorded end"
	fi
	run import --follow --db k.db run.jsonl
	expect_rc 0 "$what: the follow again"
	if [ "$lines" -gt 0 ]; then
		expect_err "resuming after line $lines," "$what: it resumes"
	fi
	expect_stats k.db s.whole \
	    "$what: resumed, the file is not imported whole and once"
	echo "$what: exit $krc, $lines lines committed"
done <points
finish

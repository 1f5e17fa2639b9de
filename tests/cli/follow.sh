#!/bin/sh
# follow.sh - `import --follow` reads a JSON-lines file while a writer
# still appends to it: another reader sees the nodes committed as they
# arrive, lines written in two halves are held back until complete,
# truncation and rotation are followed with a message, Ctrl-C (SIGINT)
# stops with exit 0 and keeps everything read, a bad record stops with
# what was committed kept, and single-document formats are refused.
# The machine may be loaded: every wait is a polling loop with a
# generous limit, never a fixed sleep.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

fpid=""
trap '[ -n "$fpid" ] && kill -9 "$fpid" 2>/dev/null; rm -rf "$T"' EXIT

# node TRACE ID [PARENT]: one canopy-jsonl node line.
node() {
	if [ $# -eq 3 ]; then
		printf '{"type":"node","trace":"%s","id":"%s","parent":"%s",' \
		    "$1" "$2" "$3"
	else
		printf '{"type":"node","trace":"%s","id":"%s",' "$1" "$2"
	fi
	printf '"text":"step %s of %s","signals":{"visits":%s}}\n' \
	    "$2" "$1" "${#2}"
}

# nodes DB: how many nodes another reader sees committed (0 if none yet).
nodes() {
	"$CANOPY_BIN" stats --json --db "$1" 2>/dev/null |
	    sed -n 's/.*"nodes":\([0-9]*\).*/\1/p' | grep . || echo 0
}

# wait_nodes DB N WHAT: polls (up to 60 s) until DB has N nodes.
wait_nodes() {
	poll_eq "$2" "$3" nodes nodes "$1"
}

# wait_err RE WHAT: polls (up to 60 s) until the follower's stderr matches.
wait_err() {
	i=0
	until grep -qE -- "$1" "$T/err"; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			fail "$2: no /$1/ on stderr after 60 s"
			return 1
		fi
		sleep 0.2
	done
	pass
}

# follow ARGS...: starts `canopy import --follow ARGS` in the background.
follow() {
	# Emptied first: wait_err must not see the last run's stderr.
	: >"$T/out"
	: >"$T/err"
	"$CANOPY_BIN" import --follow "$@" >"$T/out" 2>"$T/err" &
	fpid=$!
}

# stopped WHAT: waits (up to 60 s) for the follower to exit; sets $rc.
stopped() {
	i=0
	while kill -0 "$fpid" 2>/dev/null; do
		i=$((i + 1))
		if [ $i -gt 300 ]; then
			kill -9 "$fpid" 2>/dev/null
			wait "$fpid"
			rc=$?
			fpid=""
			fail "$1: still running after 60 s"
			return 1
		fi
		sleep 0.2
	done
	wait "$fpid"
	rc=$?
	fpid=""
}

# ---- growth, lines in halves, SIGINT ----
: >live.jsonl
follow --db live.db live.jsonl
{
	node g r
	for i in 1 2 3 4 5 6 7 8 9; do node g "n$i" r; done
} >>live.jsonl
wait_nodes live.db 10 "the first burst is committed while following"
kill -0 "$fpid" 2>/dev/null && pass || fail "the follower ended early"

# Five lines and the first half of a sixth in one write; the rest later.
{
	for i in 10 11 12 13 14; do node g "n$i" "n$((i - 9))"; done
	node g n15 n10 | cut -c1-30 | tr -d '\n'
} >>live.jsonl
wait_nodes live.db 15 "complete lines before a half line are committed"
{
	node g n15 n10 | cut -c31-
	for i in 16 17 18 19 20; do node g "n$i" n15; done
} >>live.jsonl
wait_nodes live.db 21 "a line written in two halves is imported whole"

# A complete line, then half of one: SIGINT keeps the first, not the half.
{
	node g n21 n20
	node g n22 n21 | cut -c1-25 | tr -d '\n'
} >>live.jsonl
wait_nodes live.db 22 "the last complete line is committed"
kill -INT "$fpid"
stopped "SIGINT"
expect_rc 0 "SIGINT stops the follower cleanly"
expect_err 'live\.jsonl: format canopy-jsonl \(detected\)' "format sniffed"
expect_err 'incomplete last line \(25 bytes' "the half line is reported"
expect_out '^live\.jsonl: 1 trace, 22 nodes, 22 signals' "summary"
[ "$(nodes live.db)" -eq 22 ] && pass || fail "22 nodes after SIGINT"
run show --db live.db g --depth 1
expect_rc 0 "show the followed trace"
expect_out 'step n1 of g' "the followed tree reads back"

# ---- truncation ----
{ node t r; node t a r; node t b r; } >trunc.jsonl
follow --db trunc.db trunc.jsonl
wait_nodes trunc.db 3 "before truncation"
: >trunc.jsonl
wait_err 'trunc\.jsonl: truncated, reading from the start' \
    "truncation is reported"
{ node u r; node u a r; } >>trunc.jsonl
wait_nodes trunc.db 5 "lines written after truncation are imported"
kill -TERM "$fpid"
stopped "SIGTERM after truncation"
expect_rc 0 "SIGTERM stops the follower cleanly"
expect_out '^trunc\.jsonl: 2 traces, 5 nodes' "summary after truncation"

# ---- rotation: rename, the old file still written, then a new one ----
{ node a r; node a x r; node a y r; node a z r; } >rot.jsonl
follow --db rot.db rot.jsonl
wait_nodes rot.db 4 "before rotation"
mv rot.jsonl rot.jsonl.1
# The writer still has the old file open: its last line lacks a newline.
{ node a x1 x; node a y1 y | tr -d '\n'; } >>rot.jsonl.1
{ node b r; node b p r; node b q p; } >rot.jsonl.tmp
mv rot.jsonl.tmp rot.jsonl
wait_err 'rot\.jsonl: replaced \(log rotation\), reading the new file' \
    "rotation is reported"
wait_nodes rot.db 9 "the old file's tail and the new file are imported"
{ node b s q; } >>rot.jsonl
wait_nodes rot.db 10 "the new file is followed"
kill -INT "$fpid"
stopped "SIGINT after rotation"
expect_rc 0 "SIGINT after rotation"
expect_out '^rot\.jsonl: 2 traces, 10 nodes' "summary after rotation"

# ---- the idle limit (test hook) ends a follow by itself ----
{ node i r; node i c r; } >idle.jsonl
export CANOPY_FOLLOW_IDLE=1
follow --db idle.db idle.jsonl
unset CANOPY_FOLLOW_IDLE
stopped "CANOPY_FOLLOW_IDLE"
expect_rc 0 "the idle limit ends the follow"
expect_out '^idle\.jsonl: 1 trace, 2 nodes' "summary after the idle limit"

# ---- stopped before any line ----
: >empty.jsonl
follow --db empty.db empty.jsonl
wait_err 'empty\.jsonl: waiting for a first line' "waiting is said"
kill -INT "$fpid"
stopped "SIGINT on an empty file"
expect_rc 0 "SIGINT before a first line"
expect_err 'stopped before a first line; nothing imported' \
    "nothing to import is said"

# ---- a bad record stops; what was committed stays ----
{ node k r; node k a r; node k b r; } >bad.jsonl
follow --db bad.db bad.jsonl
wait_nodes bad.db 3 "before a bad record"
printf '{"type":"node","trace":"k","id":"c",\n' >>bad.jsonl
stopped "a bad record"
expect_rc 1 "a bad record fails the follow"
expect_err 'bad\.jsonl:4:' "the bad record is located"
expect_err 'what was committed before stays in the database' \
    "the committed part is said to stay"
[ "$(nodes bad.db)" -eq 3 ] && pass || fail "3 nodes stay after the error"

# ---- on a terminal: a status line; notes go on their own lines ----
if command -v script >/dev/null 2>&1 && command -v pgrep >/dev/null 2>&1
then
	{ node s r; node s a r; node s b r; } >tty.jsonl
	script -qec "exec '$CANOPY_BIN' import --follow --db tty.db tty.jsonl" \
	    /dev/null >"$T/err" 2>&1 </dev/null &
	spid=$!
	wait_nodes tty.db 3 "following on a terminal"
	fpid=$(pgrep -P "$spid")
	wait_err 'following tty\.jsonl: 3 nodes, 0\.[0-9] kB read' \
	    "the status line"
	: >tty.jsonl
	wait_err "$(printf '\r\033')\\[Ktty\\.jsonl: truncated" \
	    "the note erases the status line first"
	kill -INT "$fpid"
	stopped "SIGINT on a terminal"
	wait "$spid"
	rc=$?
	expect_rc 0 "SIGINT on a terminal"
	# At the start of a line, or after erasing the status line.
	expect_err "(^|$(printf '\033')\\[K)tty\\.jsonl: 1 trace, 3 nodes" \
	    "the summary on a line of its own"
fi

# ---- following again: resume, refuse a changed file, replace ----
export CANOPY_FOLLOW_IDLE=0.3
{ node r r; node r a r; } >again.jsonl
run import --follow --db again.db again.jsonl
expect_rc 0 "a first follow"
node r b a >>again.jsonl
run import --follow --db again.db again.jsonl
expect_rc 0 "the same file followed again"
expect_err '^again\.jsonl: resuming after line 2,' \
    "it resumes after the committed lines"
[ "$(nodes again.db)" -eq 3 ] && pass || fail "each line imported once"
run traces --db again.db
expect_out '^r ' "the trace is continued..."
if grep -q '~2' "$T/out"; then fail "...not copied"; else pass; fi
run import --follow --resume --db again.db again.jsonl
expect_rc 0 "--resume with nothing new"
expect_err 'resuming after line 3,' "--resume resumes"
[ "$(nodes again.db)" -eq 3 ] && pass || fail "nothing imported twice"
# The committed lines changed: refused, nothing imported.
{ node r r; node r x r; node r b x; } >again.jsonl
run import --follow --db again.db again.jsonl
expect_rc 1 "a changed file is refused"
expect_err 'again\.jsonl: an earlier follow imported its first 3 lines \([0-9]+ bytes\), which have changed since' \
    "the refusal says why"
expect_err 'again\.jsonl: nothing imported \(--replace deletes' \
    "the refusal names --replace"
[ "$(nodes again.db)" -eq 3 ] && pass || fail "the refusal changed nothing"
run import --follow --replace --db again.db again.jsonl
expect_rc 0 "--replace"
expect_err 'deleted the 1 trace that earlier follows imported' \
    "--replace says what it deleted"
[ "$(nodes again.db)" -eq 3 ] && pass || fail "the new file, once"
run show --db again.db r/x
expect_rc 0 "the new lines are in"
if command -v sqlite3 >/dev/null 2>&1; then
	# rank 1: the index is checked against the nodes table too.
	sqlite3 again.db "INSERT INTO nodes_fts(nodes_fts, rank)
	    VALUES('integrity-check', 1)" >"$T/out" 2>"$T/err" && pass ||
	    fail "--replace left the text index out of step"
fi
run import --follow --resume --db fresh.db again.jsonl
expect_rc 1 "--resume with no earlier follow"
expect_err 'no earlier follow of this file committed anything' \
    "--resume says why"
unset CANOPY_FOLLOW_IDLE
run import --resume --db again.db again.jsonl
expect_rc 2 "--resume without --follow"
run import --follow --resume --replace --db again.db again.jsonl
expect_rc 2 "--resume and --replace together"

# ---- refusals and usage ----
pb="$CANOPY_SRCDIR/tests/fixtures/real/processbench/gsm8k.sample.json"
run import --follow --db no.db "$pb"
expect_rc 1 "a sniffed single-document format is refused"
expect_err 'follow needs a JSON-lines format; processbench is one document' \
    "why processbench is refused"
run import --follow --format moatless --db no.db live.jsonl
expect_rc 1 "--format of a single-document format is refused"
expect_err 'follow needs a JSON-lines format; moatless is one document' \
    "why moatless is refused"
run import --follow --db no.db live.jsonl trunc.jsonl
expect_rc 2 "--follow takes one file"
expect_err 'takes one file' "the usage error says why"
run import --follow --db no.db missing.jsonl
expect_rc 1 "a missing file"
expect_err 'missing\.jsonl: No such file' "the missing file is named"
[ ! -e no.db ] && pass || fail "a refused follow created a database"
[ ! -e empty.db ] && pass || fail "a follow of nothing created a database"
run import --help
expect_out '^  --follow  ' "import --help documents --follow"
expect_out 'Single-document formats' "import --help says what cannot be followed"
finish

#!/bin/sh
# follow-update.sh - a running search writes a node again whenever its
# visits and values change (docs/format.md, "Updates"). `import --follow`
# updates the node in place, and a reader polling all the while sees every
# commit whole (each visits count with its own reward), never "locked";
# the trace's best value goes down when the node's does; a resumed follow
# goes on updating and names the file's own line numbers; a plain import
# updates too; a record that moves a node is refused at its line.
# Every wait is a polling loop with a generous limit, never a fixed sleep.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

fpid=""
rpid=""
trap '[ -n "$fpid" ] && kill -9 "$fpid" 2>/dev/null;
    [ -n "$rpid" ] && kill -9 "$rpid" 2>/dev/null; rm -rf "$T"' EXIT

# rec ID PARENT VISITS REWARD [TEXT]: one node line of trace m.
rec() {
	printf '{"type":"node","trace":"m","id":"%s","parent":%s,' "$1" "$2"
	[ $# -ge 5 ] && printf '"text":"%s",' "$5"
	printf '"signals":{"visits":%s,"reward":%s}}\n' "$3" "$4"
}

# visits ADDR: the visits of a node as another reader sees them now.
visits() {
	"$CANOPY_BIN" show --json --db live.db "$1" 2>/dev/null |
	    sed -n '1s/.*"visits":\([0-9]*\).*/\1/p' | grep . || echo 0
}

# wait_visits ADDR N WHAT: polls (up to 60 s) until ADDR has N visits.
wait_visits() {
	poll_eq "$2" "$3" visits visits "$1"
}

# wait_reads N: polls (up to 60 s) until the reader has read N times, so
# that it reads between the rewrites however loaded the machine is.
wait_reads() {
	i=0
	while [ "$(wc -l <reads.log)" -lt "$1" ] && [ $i -le 300 ]; do
		i=$((i + 1))
		sleep 0.2
	done
}

# The reader: show and traces in a loop until reader.stop exists. Each
# read goes to reads.log as "visits reward"; any failure to reader.err.
reader() {
	while [ ! -e reader.stop ]; do
		if "$CANOPY_BIN" show --json --db live.db m/n2 >r.out 2>r.err
		then
			sed -n '1s/.*"visits":\([0-9]*\),"reward":\([0-9.]*\).*/\1 \2/p' \
			    r.out >>reads.log
		elif [ -e live.db ]; then
			cat r.err >>reader.err
		fi
		"$CANOPY_BIN" traces --db live.db >/dev/null 2>r.err ||
		    { [ -e live.db ] && cat r.err >>reader.err; }
	done
}

# ---- a follow: n2 rewritten three times while a reader reads ----
{
	printf '{"type":"trace","id":"m","problem":"a running search"}\n'
	rec r null 1 0.5 "root"
	rec n2 '"r"' 1 0.9 "first try"
	rec n3 '"r"' 1 0.4 "other"
} >live.jsonl
"$CANOPY_BIN" import --follow --db live.db live.jsonl >"$T/out" \
    2>"$T/err" &
fpid=$!
wait_visits m/n2 1 "the first record of n2 is committed"
: >reads.log
: >reader.err
reader &
rpid=$!
wait_reads 1
rec n2 '"r"' 2 0.8 >>live.jsonl
wait_visits m/n2 2 "the first rewrite is seen by another reader"
wait_reads 2
rec n2 '"r"' 3 0.6 "second try" >>live.jsonl
wait_visits m/n2 3 "the second rewrite is seen"
wait_reads 3
rec n2 '"r"' 4 0.2 >>live.jsonl
wait_visits m/n2 4 "the third rewrite is seen"
wait_reads 4
: >reader.stop
wait "$rpid"
rpid=""
kill -INT "$fpid"
i=0
while kill -0 "$fpid" 2>/dev/null && [ $i -lt 300 ]; do
	i=$((i + 1))
	sleep 0.2
done
wait "$fpid"
rc=$?
fpid=""
expect_rc 0 "SIGINT stops the follower"
expect_out '^live\.jsonl: 1 trace, 3 nodes \(3 updates\),' \
    "the summary counts nodes and updates apart"

# The reader never failed, and never saw half a commit.
if [ -s reader.err ]; then
	fail "the reader failed: $(head -3 reader.err)"
else
	pass
fi
if grep -qi locked reader.err; then fail "a reader was locked out"; else
	pass; fi
[ "$(wc -l <reads.log)" -ge 4 ] && pass ||
    fail "the reader read only $(wc -l <reads.log) times"
if grep -vqE '^(1 0\.9|2 0\.8|3 0\.6|4 0\.2)$' reads.log; then
	fail "a read mixed two commits: $(grep -vE \
	    '^(1 0\.9|2 0\.8|3 0\.6|4 0\.2)$' reads.log | head -1)"
else
	pass
fi

run show --json --db live.db m/n2
expect_out '"text":"second try"' "a rewrite without text keeps the text"
expect_out '"visits":4,"reward":0\.2' "the last values are kept"
run stats --json --db live.db
expect_out '"nodes":3[,}]' "one row per node, however often written"
# The best reward went down with n2's: 0.5 (the root), not 0.9.
run traces --db live.db
expect_out '^m .* r=0\.5 ' "the trace's best follows the updates down"

# ---- resumed: more rewrites, and the file's own line numbers ----
# resume LINE RC WHAT: a follow of live.jsonl resumes after LINE, exits RC.
resume() {
	run import --follow --db live.db live.jsonl
	expect_rc "$2" "$3"
	expect_err "^live\\.jsonl: resuming after line $1," "it resumed after $1"
}
export CANOPY_FOLLOW_IDLE=0.3
rec n2 '"r"' 5 0.95 >>live.jsonl
resume 7 0 "a resumed follow"
expect_out '^live\.jsonl: 0 traces, 0 nodes \(1 update\),' \
    "a resumed follow updates a node of the first"
[ "$(visits m/n2)" -eq 5 ] && pass || fail "the update is committed"
run traces --db live.db
expect_out '^m .* r=0\.95 ' "the best goes up again"
rec n3 '"n2"' 2 0.4 >>live.jsonl
resume 8 1 "a record that moves a node stops the follow"
expect_err 'live\.jsonl:9:[0-9]+: trace m: node n3: parent n2, but r \(imported before\): a later record may update a node, not move it' \
    "the move is refused at the file's own line 9"
unset CANOPY_FOLLOW_IDLE

# ---- a plain import updates the same way ----
{
	printf '{"type":"trace","id":"p","problem":"plain"}\n'
	printf '{"type":"node","trace":"p","id":"r","parent":null,"text":"root"}\n'
	printf '{"type":"node","trace":"p","id":"a","parent":"r","text":"x",'
	printf '"signals":{"q":0.7}}\n'
	printf '{"type":"node","trace":"p","id":"a","parent":"r",'
	printf '"signals":{"q":0.1}}\n'
} >plain.jsonl
run import --db plain.db plain.jsonl
expect_rc 0 "a plain import with a rewritten node"
expect_out '^plain\.jsonl: 1 trace, 2 nodes \(1 update\),' "plain summary"
run traces --db plain.db
expect_out '^p .* q=0\.1 ' "the plain import keeps the last q"
printf '{"type":"node","trace":"p","id":"a","parent":"a"}\n' >>plain.jsonl
run import --force --db plain2.db plain.jsonl
expect_rc 1 "a plain import of a move fails"
expect_err 'plain\.jsonl:5:[0-9]+: trace p: node a: parent a, but r \(first on line 3\)' \
    "the move is located"
finish

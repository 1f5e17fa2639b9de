#!/bin/sh
# annotate.sh - labels from scripts (issue 12): `canopy annotate`,
# `prefer` and `annotations`; bad addresses, ratings out of range and
# conflicting flags fail with a clear message and write nothing; authors
# are kept side by side; 4 labelers writing at once for a while lose
# nothing and never see "database is locked".
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

export CANOPY_NOW=1700000000
unset CANOPY_AUTHOR
run import "$CANOPY_SRCDIR/tests/e2e/fixtures/small.canopy.jsonl"
expect_rc 0 "import"
# An id with '/' is addressed with %2F.
cat >slash.jsonl <<'EOS'
{"type":"trace","id":"p/q","problem":"x"}
{"type":"node","trace":"p/q","id":"r","parent":null,"text":"x"}
{"type":"node","trace":"p/q","id":"s/1","parent":"r","text":"y"}
EOS
run import slash.jsonl
expect_rc 0 "import slash"
run annotations
cp "$T/out" before.txt

# Bad input: a clear message, exit 2 (usage) or 1, nothing written.
run annotate sheep/a --rating 2 --author ann
expect_rc 2 "rating out of range"
expect_err "--rating takes -1, 0 or 1, not '2'" "rating message"
run annotate sheep/a --rating x --author ann
expect_rc 2 "rating not a number"
run annotate sheep/nosuch --rating 1 --author ann
expect_rc 1 "unknown node"
expect_err "sheep/nosuch: no such node" "unknown node message"
run annotate nosuch/a --rating 1 --author ann
expect_rc 1 "unknown trace"
run annotate sheep/a --first-error --rating 1 --author ann
expect_rc 2 "first error and +1"
expect_err "conflicts with --rating 1" "conflict message"
run annotate sheep/a --clear --rating 1 --author ann
expect_rc 2 "clear and rating"
run annotate sheep/a --author ann
expect_rc 2 "nothing to write"
run annotate sheep/a --tag a,b --author ann
expect_rc 2 "tag with a comma"
run annotate sheep/a sheep/b --rating 1
expect_rc 2 "two addresses"
run prefer sheep/a sheep/a1
expect_rc 1 "preference across parents"
expect_err "do not have one parent" "preference message"
run prefer sheep/a sheep/nosuch
expect_rc 1 "preference of an unknown node"
run annotate --db "$T/none.db" sheep/a --rating 1
expect_rc 1 "no database"
[ ! -e "$T/none.db" ] && pass || fail "annotate created a database"
run annotations
if cmp -s before.txt "$T/out"; then pass; else
	fail "a refused command wrote something"; fi

# Labels, side by side per author; the root is not a step.
run annotate sheep/a1 --first-error --author ann
expect_rc 0 "first error"
run annotate sheep/a1 --rating 1 --tag ok --note "fine by me" --author bob
expect_rc 0 "bob's label"
CANOPY_AUTHOR=cy run annotate 'p%2Fq/s%2F1' --rating 0
expect_rc 0 "an escaped address, author from the environment"
run annotate sheep/a1 --tag again --author bob
expect_rc 0 "a second tag"
run annotations --author ann
expect_out '^sheep/a ann \+1$' "the step above the first error is +1"
expect_out '^sheep/a1 ann -1 first-error$' "the first error"
if grep -q '^sheep/r ' "$T/out"; then fail "the root was rated"; else pass; fi
run annotations --author bob
expect_out '^sheep/a1 bob \+1 tags=ok,again note=fine by me$' "bob kept"
run annotations --author cy
expect_out '^p%2Fq/s%2F1 cy 0$' "the escaped address"
run prefer sheep/b sheep/c --note "shorter" --author ann
expect_rc 0 "preference"
run annotations --json --author ann
expect_out '^\{"type":"preference","chosen":"sheep/b","rejected":"sheep/c","author":"ann","note":"shorter","created":1700000000\}$' \
    "preference as JSON"
expect_out '^\{"type":"annotation","address":"sheep/a1","author":"ann","rating":-1,"first_error":true,"tags":null,"note":null,"created":1700000000,"updated":1700000000\}$' \
    "annotation as JSON"
run annotate sheep/a1 --clear --author bob
expect_rc 0 "clear"
run annotations --author bob
[ ! -s "$T/out" ] && pass || fail "bob's label was not cleared"
run annotations --author ann
expect_out '^sheep/a1 ann -1 first-error$' "ann's label survives bob's clear"

# Four labelers at once, each a process per label: every acknowledged
# write is on disk, nobody sees "database is locked". Each writes notes
# "w<i>-<k>" round the nodes. (test-store-label holds four long-lived
# writers for 20 s, thousands of writes.)
secs=${CANOPY_LABEL_STRESS_SECONDS:-6}
nodes="sheep/a sheep/b sheep/c sheep/a1 sheep/a2 sheep/b1 sheep/b1a sheep/c1"
for i in 1 2 3 4; do
	(
		end=$(($(date +%s) + secs))
		k=0
		: >"w$i.ok"
		while [ "$(date +%s)" -lt "$end" ]; do
			for n in $nodes; do
				k=$((k + 1))
				if "$CANOPY_BIN" annotate "$n" --note "w$i-$k" \
				    --rating $((k % 3 - 1)) --author "w$i" \
				    2>>"w$i.err"; then
					echo "$n w$i $((k % 3 - 1)) w$i-$k" \
					    >>"w$i.ok"
				else
					echo "FAILED $n $k" >>"w$i.err"
				fi
			done
		done
	) &
done
wait
for i in 1 2 3 4; do
	if [ -s "w$i.err" ]; then
		fail "writer $i: $(head -3 "w$i.err")"
	else
		pass
	fi
	# The last acknowledged note of each node is what is stored.
	for n in $nodes; do
		grep "^$n " "w$i.ok" | tail -1
	done | sort >"want$i"
	run annotations --author "w$i"
	sed -n 's/^\([^ ]*\) \(w[0-9]\) \([-+0-9]*\) note=\(.*\)$/\1 \2 \3 \4/p' \
	    "$T/out" | sed 's/ +1 / 1 /' | sort >"got$i"
	if cmp -s "want$i" "got$i"; then pass; else
		fail "writer $i lost labels: $(diff "want$i" "got$i" | head -5)"
	fi
	[ "$(wc -l <"w$i.ok")" -ge 8 ] && pass ||
	    fail "writer $i wrote too little to test anything"
done
grep -l "locked" w*.err 2>/dev/null && fail "database is locked seen"
finish

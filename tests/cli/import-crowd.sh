#!/bin/sh
# import-crowd.sh - four importers at once into one database take turns
# (docs/schema.md, "Writers take turns"): four different files all finish
# with every node in, none fails with "database is locked"; four imports
# of one file at once keep it once, and the other three say "already
# imported".
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

gen="${CANOPY_BUILDDIR:-.}/bench/gen"
[ -x "$gen" ] || { echo "no $gen"; exit 1; }

# crowd DB FILE FILE FILE FILE: starts four imports at once and waits for
# each; their exit statuses go to st.N, their output to out.N, err.N.
crowd() {
	db=$1
	shift
	k=0
	pids=""
	for f in "$@"; do
		k=$((k + 1))
		( "$CANOPY_BIN" import --db "$db" "$f" >out.$k 2>err.$k
		    echo $? >st.$k ) &
		pids="$pids $!"
	done
	for p in $pids; do
		wait "$p"
	done
}

# ---- four different files ----
for k in 1 2 3 4; do
	"$gen" -s "$k" -t 1 -n 30000 -o "f$k.jsonl" || exit 1
	sed -i "s/\"t1\"/\"f$k\"/" "f$k.jsonl"
done
crowd four.db f1.jsonl f2.jsonl f3.jsonl f4.jsonl
for k in 1 2 3 4; do
	rc=$(cat st.$k)
	cp out.$k "$T/out"
	cp err.$k "$T/err"
	expect_rc 0 "importer $k of four different files"
	expect_out "^f$k\\.jsonl: 1 trace, 30000 nodes" "importer $k imported all"
done
cat err.1 err.2 err.3 err.4 >"$T/err"
if grep -qi 'locked' "$T/err"; then fail "an importer was locked out"; else
	pass; fi
expect_err 'waiting for another import to finish' \
    "the importers that waited said so"
run stats --json --db four.db
expect_out '"traces":4,"nodes":120000,' "four traces, all nodes, once each"

# ---- one file, four times at once ----
crowd same.db f1.jsonl f1.jsonl f1.jsonl f1.jsonl
ok=0
known=0
for k in 1 2 3 4; do
	[ "$(cat st.$k)" -eq 0 ] || fail "importer $k of one file: exit $(cat st.$k)"
	grep -q '^f1\.jsonl: 1 trace, 30000 nodes' out.$k && ok=$((ok + 1))
	grep -q 'already imported on .* as f1\.jsonl' out.$k &&
	    known=$((known + 1))
done
[ $ok -eq 1 ] && pass || fail "$ok of four imports of one file imported it"
[ $known -eq 3 ] && pass || fail "$known of three others said already imported"
run traces --db same.db
if grep -q '~' "$T/out"; then fail "a duplicate trace: $(cat "$T/out")"
else pass; fi
run stats --json --db same.db
expect_out '"traces":1,"nodes":30000,' "one file imported once"
finish

#!/bin/sh
# export.sh - `canopy export` round trips: what we export in a format we
# also import comes back with the same labels (real PRM800K and
# ProcessBench samples, our own multi-author file for the rest);
# `canopy agreement` on hand-computed numbers; errors that write nothing.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

REAL="$CANOPY_SHARED/fixtures/real"
LABELS="python3 $CANOPY_SRCDIR/tests/cli/labels.py $CANOPY_BIN"

# Our own file: two authors, tags, a note, a named signal, extra members.
cat >lab.jsonl <<'JSONL'
{"type":"trace","id":"t1","problem":"What is 2+2?","ground_truth":"4","seed":7}
{"type":"node","trace":"t1","id":"r","text":"What is 2+2?"}
{"type":"node","trace":"t1","id":"a","parent":"r","text":"2+2 = 4","chosen":true,"signals":{"prm:x":0.5},"labels":[{"author":"alice","rating":1},{"author":"bob","rating":1}]}
{"type":"node","trace":"t1","id":"b","parent":"a","text":"So the answer is 4","terminal":true,"chosen":true,"signals":{"outcome":1},"labels":[{"author":"alice","rating":1},{"author":"bob","rating":0}]}
{"type":"node","trace":"t1","id":"c","parent":"r","text":"2+2 = 5","labels":[{"author":"alice","rating":-1,"first_error":true},{"author":"bob","rating":-1}]}
{"type":"trace","id":"t2","problem":"3*3?"}
{"type":"node","trace":"t2","id":"r","text":"3*3?"}
{"type":"node","trace":"t2","id":"x","parent":"r","text":"3*3 = 6","k":{"z":1},"labels":[{"author":"alice","rating":-1},{"author":"bob","rating":1,"tags":["arith","flagged"],"note":"hm"}]}
{"type":"node","trace":"t2","id":"y","parent":"x","text":"answer 6","terminal":true,"labels":[{"author":"alice","rating":-1}]}
JSONL
run import lab.jsonl
expect_rc 0 "import lab.jsonl"

# canopy-jsonl: every trace comes back exactly as `show --json` saw it.
run export --format canopy-jsonl -o all.jsonl
expect_rc 0 "export canopy-jsonl"
expect_err '^export: 2 records, 9 labels \(canopy-jsonl\)$' "summary"
run import all.jsonl --db b.db
expect_rc 0 "import the export"
for t in t1 t2; do
	"$CANOPY_BIN" show "$t" --json >before
	"$CANOPY_BIN" show "$t" --json --db b.db >after
	if cmp -s before after; then pass; else
		fail "canopy-jsonl round trip changed $t"; diff before after
	fi
done

# prm800k: the real samples, exported and imported again: the same labels
# on the same step paths, under the same trace ids.
for f in phase1_train phase2_train; do
	run import "$REAL/prm800k/$f.sample.jsonl" --db p.db
	expect_rc 0 "import $f"
done
run export --db p.db --format prm800k -o p8.jsonl
expect_rc 0 "export prm800k"
expect_err '^export: 6 records, 164 labels \(prm800k\)$' "prm800k summary"
run import p8.jsonl --db p2.db
expect_rc 0 "import the prm800k export"
$LABELS p.db >want && $LABELS p2.db >got || fail "labels.py failed"
[ "$(wc -l <want)" -eq 164 ] && pass || fail "164 labels expected"
if cmp -s want got; then pass; else
	fail "prm800k round trip changed labels"; diff want got | head; fi

# processbench: the real samples, same labels and ids back.
run import "$REAL/processbench/gsm8k.sample.json" --db pb.db
expect_rc 0 "import processbench"
run import "$REAL/processbench/math.sample.json" --db pb.db
expect_rc 0 "import processbench math"
run export --db pb.db --format processbench -o pb.json
expect_rc 0 "export processbench"
expect_err '\(processbench\)$' "processbench summary"
run import pb.json --db pb2.db --format processbench
expect_rc 0 "import the processbench export"
$LABELS pb.db >want && $LABELS pb2.db >got || fail "labels.py failed"
[ -s want ] && pass || fail "no processbench labels"
if cmp -s want got; then pass; else
	fail "processbench round trip changed labels"; diff want got | head; fi

# math-shepherd and trl-stepwise come back as the automatic "shepherd"
# signal: +1 where alice rated a step 1 (or 0), -1 where she rated -1.
cat >want <<'EOF2'
["", "2+2 = 4", "So the answer is 4", 1]
["", "2+2 = 4", 1]
["", "2+2 = 5", -1]
["", "3*3 = 6", "answer 6", -1]
["", "3*3 = 6", -1]
EOF2
for f in math-shepherd trl-stepwise; do
	rm -f s.db
	run export --format "$f" --author alice -o s.jsonl
	expect_rc 0 "export $f"
	expect_err "^export: 3 records, 5 labels \\($f\\)\$" "$f summary"
	run import s.jsonl --db s.db --format math-shepherd
	expect_rc 0 "import the $f export"
	$LABELS s.db --signal shepherd --no-trace >got || fail "labels.py"
	if cmp -s want got; then pass; else
		fail "$f round trip changed labels"; diff want got; fi
done

# Agreement. t1: a (1,1), b (1,0), c (-1,-1): po = 2/3; alice's shares
# +1 2/3, -1 1/3, bob's +1 1/3, 0 1/3, -1 1/3: pe = 2/9 + 1/9 = 1/3,
# Cohen = (2/3 - 1/3) / (2/3) = 0.5. Fleiss: +1 3/6, 0 1/6, -1 2/6:
# pe = 14/36, kappa = (24/36 - 14/36) / (22/36) = 10/22 = 0.455.
# t2: x (-1, 1) only: po 0, pe = 0, Cohen 0; Fleiss pe = 1/2, -1.
# Overall: 4 steps, po 1/2; alice +1 2/4, -1 2/4; bob +1 2/4, 0 1/4,
# -1 1/4: pe = 1/4 + 1/8 = 3/8, Cohen = (1/2 - 3/8) / (5/8) = 0.2.
run agreement
expect_rc 0 "agreement"
cat >want <<'EOF2'
trace                       items raters disagreed   agree    cohen   fleiss
t1                              3      2         1   66.7%   0.500   0.455
t2                              1      2         1    0.0%   0.000  -1.000
overall                         4      2         2   50.0%   0.200   0.158
EOF2
if cmp -s want "$T/out"; then pass; else
	fail "agreement table"; diff want "$T/out"; fi
run agreement --json --trace t2
expect_rc 0 "agreement --json"
expect_out '^\{"traces":\[\{"trace":"t2","items":1,"ratings":2,"raters":2,"disagreed":1,"percent":0,"cohen":0,"fleiss":-1\}\],"overall":\{"items":1,' \
    "agreement --json"
run agreement --disagreements
expect_rc 0 "disagreements"
printf 't1/b  alice=+1  bob=+0\nt2/x  alice=-1  bob=+1\n' >want
if cmp -s want "$T/out"; then pass; else
	fail "disagreements"; diff want "$T/out"; fi
run agreement --disagreements --json
expect_out '^\{"address":"t2/x","ratings":\{"alice":-1,"bob":1\}\}$' \
    "disagreements --json"
# One author: no step counts, kappas undefined.
run agreement --db p.db --json
expect_out '"overall":\{"items":0,"ratings":0,"raters":[0-9]+,"disagreed":0,"percent":null,"cohen":null,"fleiss":null\}' \
    "no overlap: null kappas"

# Errors write nothing.
run export --format nosuch
expect_rc 2 "unknown format"
expect_err "unknown format 'nosuch'" "unknown format named"
run export
expect_rc 2 "no format"
run export --format prm800k --trace nosuch -o x.jsonl
expect_rc 1 "unknown trace"
expect_err '^canopy export: no trace nosuch$' "unknown trace named"
[ ! -e x.jsonl ] && pass || fail "a file was written for an unknown trace"
run export --format prm800k -o nodir/x.jsonl
expect_rc 1 "unwritable output"
expect_err '^canopy export: nodir/x\.jsonl: No such file' "output error"
run agreement --trace nosuch
expect_rc 1 "agreement unknown trace"

# -o to something not a regular file (a FIFO here; /dev/null for users) is
# written in place: renaming the finished file over it once replaced the
# device node. The reader gets every byte; the FIFO stays a FIFO.
for cmd in "export --format canopy-jsonl" "annotations export --author alice" \
    "report t1/a"; do
	rm -f out.fifo got
	mkfifo out.fifo || { fail "mkfifo"; continue; }
	cat out.fifo >got &
	reader=$!
	# shellcheck disable=SC2086
	run $cmd -o out.fifo
	# A replaced FIFO is never opened for writing: its reader would wait
	# for ever, so it gets 5 s.
	i=0
	while kill -0 $reader 2>/dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	kill $reader 2>/dev/null
	wait $reader 2>/dev/null
	expect_rc 0 "$cmd -o FIFO"
	if [ -p out.fifo ] && [ -s got ]; then pass; else
		fail "$cmd -o FIFO: replaced or empty"; fi
	ls out.fifo.tmp* >/dev/null 2>&1 && fail "$cmd left a temporary file"
done

finish

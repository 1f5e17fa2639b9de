#!/bin/sh
# roundtrip.sh - a canopy-jsonl file comes back from `show --json` as the
# objects it describes; re-import is a no-op unless --force; the database
# comes from --db, $CANOPY_DB or ./canopy.db; stats --json has its keys.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

cat >rt.jsonl <<'JSONL'
{"type":"trace","id":"t1","problem":"What is 2+2?","ground_truth":"4","model":"m"}
{"type":"node","trace":"t1","id":"n2","parent":"n1","text":"2+2 = 4","observation":"ok","terminal":true,"chosen":true,"signals":{"visits":12,"q":0.61,"prm:x":0.3},"labels":[{"author":"alice","rating":1,"tags":["a","b"],"note":"fine"}],"seed":7}
{"type":"node","trace":"t1","id":"n1","parent":null,"text":"What is 2+2?","signals":{"visits":20}}
{"type":"node","trace":"t1","id":3,"parent":"n1","role":"alternative","text":"2+2 = 5","signals":{"q":-1,"reward":0}}
{"type":"score","trace":"t1","node":"n2","name":"orm","value":0.75}
JSONL

run import rt.jsonl
expect_rc 0 "import rt.jsonl"
expect_out '^rt\.jsonl: 1 trace, 3 nodes, 7 signals, 1 annotation, 1 score in [0-9.]+ s \(canopy-jsonl\)$' \
    "import summary"
expect_err '^rt\.jsonl: format canopy-jsonl \(detected\)$' "format said on stderr"
[ -f "$CANOPY_DB" ] && pass || fail "\$CANOPY_DB was not used"

run show t1 --json
expect_rc 0 "show --json"
cat >expected <<'JSON'
{"address":"t1/n1","parent":null,"depth":0,"role":"root","text":"What is 2+2?","observation":null,"terminal":false,"chosen":false,"signals":{"visits":20},"annotations":[],"extra":null}
{"address":"t1/n2","parent":"t1/n1","depth":1,"role":"step","text":"2+2 = 4","observation":"ok","terminal":true,"chosen":true,"signals":{"visits":12,"q":0.61,"orm":0.75,"prm:x":0.3},"annotations":[{"author":"alice","rating":1,"first_error":false,"tags":["a","b"],"note":"fine"}],"extra":{"seed":7}}
{"address":"t1/3","parent":"t1/n1","depth":1,"role":"alternative","text":"2+2 = 5","observation":null,"terminal":false,"chosen":false,"signals":{"q":-1,"reward":0},"annotations":[],"extra":null}
JSON
if cmp -s expected "$T/out"; then pass; else
	fail "show --json differs from the expected objects"
	diff expected "$T/out"
fi

run show t1
expect_rc 0 "show (text)"
cat >expected <<'TXT'
n1  [root]  What is 2+2?  visits=20
  n2  [step]  2+2 = 4  visits=12 q=0.61 orm=0.75 prm:x=0.3
  3  [alternative]  2+2 = 5  q=-1 reward=0
TXT
if cmp -s expected "$T/out"; then pass; else
	fail "show differs from the expected tree"; diff expected "$T/out"; fi

run show t1 --signals q,orm
expect_out '^  n2  \[step\]  2\+2 = 4  q=0\.61 orm=0\.75$' "--signals q,orm"
run show t1 --depth 0
expect_rc 0 "--depth 0"
[ "$(wc -l <"$T/out")" -eq 1 ] && pass || fail "--depth 0 prints one line"
run show t1/n2 --json
expect_rc 0 "show an address"
[ "$(wc -l <"$T/out")" -eq 1 ] && pass || fail "an address shows its subtree"
expect_out '^\{"address":"t1/n2","parent":"t1/n1","depth":1,' "address subtree"
run show t1 --extra
expect_out '^      extra: \{"seed":7\}$' "--extra prints extra fields"
run show '#1' --depth 0
expect_rc 0 "show a trace by database id"
[ "$(cat "$T/out")" = "n1  [root]  What is 2+2?  visits=20" ] && pass ||
    fail "show '#1' is trace t1"
run show nosuch
expect_rc 1 "show an unknown trace"
expect_err "no trace or node 'nosuch'" "unknown trace: message"

run traces
expect_rc 0 "traces"
expect_out '^t1 +canopy-jsonl +3 +1 +r=0 +What is 2\+2\?$' "traces line"
run traces --json
expect_out '^\{"id":"t1","format":"canopy-jsonl","source":"rt\.jsonl","nodes":3,"depth":1,"annotations":1,"best_reward":0,"best_q":0\.61,' \
    "traces --json"

run stats --json
expect_rc 0 "stats --json"
expect_out '^\{"traces":1,"nodes":3,"annotations":1,"preferences":0,"imports":1,"signals":\{' \
    "stats --json: integer totals"
for k in visits q reward orm prm:x; do
	expect_out "\"$k\":[0-9]+" "stats --json: signal $k counted"
done
expect_out '"visits":2[,}]' "stats --json: 2 visits values"

# Scores in a later file reach a trace of an earlier import.
printf '{"type":"score","trace":"t1","node":3,"name":"prm:late","value":0.25}\n' \
    >late.jsonl
run import late.jsonl
expect_rc 0 "scores for an earlier trace"
expect_out '^late\.jsonl: 0 traces, 0 nodes, 1 signal, 0 annotations, 1 score in ' \
    "late scores: summary"
run show t1 --signals prm:late
expect_out '^  3  \[alternative\]  2\+2 = 5  prm:late=0\.25$' "late score shown"
snapshot late
printf '{"type":"score","trace":"t1","node":"zz","name":"prm:late","value":1}\n' \
    >late2.jsonl
run import late2.jsonl
expect_rc 1 "a score for an unknown node"
expect_err '^canopy import: late2\.jsonl:1:30: score "prm:late": .*zz' \
    "unknown node: message"
same_as late "a score for an unknown node"
run import --db scratch.db late.jsonl
expect_rc 1 "a score for a trace that does not exist"
run stats --json
expect_out '^\{"traces":1,"nodes":3,' "late scores add no trace"

# The same file again: a no-op, unless --force.
snapshot before
run import rt.jsonl
expect_rc 0 "re-import"
expect_out '^rt\.jsonl: already imported on [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]+ UTC as rt\.jsonl \(use --force to import again\)$' \
    "re-import message"
same_as before "re-import"
# The first import hashed rt.jsonl as it read it; the re-import hashed it
# first (an import of its size exists): the two agree, as said above. A
# file of the same size with other bytes is another file.
sed 's/2+2 = 5/2+2 = 6/' rt.jsonl >rt-same-size.jsonl
if [ "$(wc -c <rt-same-size.jsonl)" -eq "$(wc -c <rt.jsonl)" ] &&
    ! cmp -s rt.jsonl rt-same-size.jsonl; then pass; else
	fail "rt-same-size.jsonl should differ from rt.jsonl in bytes only"
fi
run import --db same-size.db rt.jsonl
run import --db same-size.db rt-same-size.jsonl
expect_rc 0 "import of a same-size file"
expect_out '^rt-same-size\.jsonl: 1 trace, 3 nodes' \
    "a same-size file with other bytes is imported"

run import --force rt.jsonl
expect_rc 0 "import --force"
run stats --json
expect_out '^\{"traces":2,"nodes":6,"annotations":2,"preferences":0,"imports":3,' \
    "--force imports again"

# --db beats $CANOPY_DB; without either, ./canopy.db.
run import --db other.db rt.jsonl
expect_rc 0 "import --db"
[ -f other.db ] && pass || fail "--db other.db was not created"
run --db other.db stats --json
expect_out '^\{"traces":1,' "global --db before the command"
mkdir sub && cd sub || exit 1
unset CANOPY_DB
run import ../rt.jsonl
expect_rc 0 "import into ./canopy.db"
[ -f canopy.db ] && pass || fail "./canopy.db was not the default"
cd "$T" || exit 1
finish

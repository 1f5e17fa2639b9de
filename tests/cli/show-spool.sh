#!/bin/sh
# show-spool.sh - `show` of a big selection out of id order goes through a
# spool file (store-stream.c); the test hook CANOPY_TEST_SPOOL_MIN forces
# it on small traces. The output must be byte for byte the direct path's:
# our own traces (ids out of preorder, interleaved traces, signals, labels,
# extra members) and every real fixture, whole, from an address, with
# --depth, --signals and --extra, as JSON and as text. The spool leaves
# nothing in $TMPDIR, and a spool that cannot be written is a clear error.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

REAL="$CANOPY_SHARED/fixtures/real"
mkdir spool
export TMPDIR="$T/spool"

# Two traces whose nodes alternate in file (so id) order, breadth first.
cat >mixed.jsonl <<'JSONL'
{"type":"trace","id":"o","problem":"order"}
{"type":"trace","id":"p","problem":"other"}
{"type":"node","trace":"o","id":"r","text":"root","signals":{"q":0.5,"prm:x":0.25}}
{"type":"node","trace":"p","id":"r","text":"p root"}
{"type":"node","trace":"o","id":"a","parent":"r","text":"a","k":{"z":[1,"two"]},"labels":[{"author":"al","rating":1,"tags":["t1","t2"],"note":"n"}]}
{"type":"node","trace":"p","id":"x","parent":"r","text":"px","signals":{"prm:y":-1}}
{"type":"node","trace":"o","id":"b","parent":"r","text":"b\nsecond line","signals":{"prm:x":1e-7,"orm":3}}
{"type":"node","trace":"o","id":"c","parent":"r","role":"action","observation":"seen"}
{"type":"node","trace":"o","id":"b1","parent":"b","text":"b1","terminal":true,"signals":{"outcome":1}}
{"type":"node","trace":"p","id":"x1","parent":"x","text":"px1"}
{"type":"node","trace":"o","id":"a1","parent":"a","text":"a1","chosen":true}
{"type":"node","trace":"o","id":"a2","parent":"a","text":""}
{"type":"node","trace":"o","id":"a1x","parent":"a1","text":"a1x","signals":{"prm:y":0.125}}
{"type":"node","trace":"o","id":"b1x","parent":"b1","text":"b1x"}
JSONL
# A spool bigger than SQLite's own files need, to fail on.
awk 'BEGIN { printf "{\"type\":\"node\",\"trace\":\"big\",\"id\":\"r\",\"text\":\""
	for (i = 0; i < 50000; i++) printf "word "
	print "\"}"
	print "{\"type\":\"node\",\"trace\":\"big\",\"id\":\"k\",\"parent\":\"r\"}" }' \
    >>mixed.jsonl
run import mixed.jsonl
expect_rc 0 "import mixed.jsonl"
for f in "$REAL"/*/*.json "$REAL"/*/*.jsonl; do
	# KataGo queries are only read beside their responses.
	case $f in *queries*) continue ;; esac
	run import "$f"
	expect_rc 0 "import $f"
done

"$CANOPY_BIN" traces --json | sed 's/^{"id":"\([^"]*\)".*/\1/' >ids
[ "$(wc -l <ids)" -gt 20 ] && pass || fail "too few traces: $(wc -l <ids)"

# Each trace whole, and from its first child's address.
while IFS= read -r t; do
	echo "$t"
	"$CANOPY_BIN" show "$t" --json |
	    sed -n '2s/^{"address":"\([^"]*\)".*/\1/p'
done <ids >starts

same=0
while IFS= read -r s; do
	for o in --json "" "--depth 1" "--json --depth 0" "--json --depth 2" \
	    --extra "--json --signals prm:x,q" "--signals q --extra"; do
		# $o is split on purpose: it holds several options.
		"$CANOPY_BIN" show "$s" $o >direct 2>&1
		CANOPY_TEST_SPOOL_MIN=1 "$CANOPY_BIN" show "$s" $o >spooled 2>&1
		if cmp -s direct spooled; then
			same=$((same + 1))
		else
			rc=0
			fail "show $s $o: spooled differs"
			diff direct spooled | head -5
		fi
	done
done <starts
[ "$same" -ge 200 ] && pass || fail "only $same outputs compared the same"

# The spool is used (one node each bucket), then nothing is left of it.
if command -v strace >/dev/null 2>&1; then
	CANOPY_TEST_SPOOL_MIN=1 strace -f -e trace=unlink -o st \
	    "$CANOPY_BIN" show o --json >/dev/null 2>&1
	grep -q 'canopy-spool-' st && pass || fail "the spool was not used"
fi
if [ -z "$(ls -A spool)" ]; then pass; else
	fail "left in TMPDIR: $(ls spool)"; fi

# Preorder, as show-order.sh has it, through the spool.
CANOPY_TEST_SPOOL_MIN=1 "$CANOPY_BIN" show o --json >"$T/out"
sed 's/^{"address":"\([^"]*\)".*/\1/' "$T/out" >got
printf '%s\n' o/r o/a o/a1 o/a1x o/a2 o/b o/b1 o/b1x o/c >want
if cmp -s want got; then pass; else
	fail "spooled show --json is not in preorder"; diff want got; fi

# A spool that cannot be written or made: an error naming it, no output.
(trap '' XFSZ; ulimit -f 128; CANOPY_TEST_SPOOL_MIN=1 \
    exec "$CANOPY_BIN" show big --json) >big.out 2>"$T/err"
rc=$?
: >"$T/out"
expect_rc 1 "show with a spool past the file size limit"
expect_err "^canopy show: read subtree: writing its spool of 2 nodes in $T/spool: File too large \(set TMPDIR to a bigger disk\)$" \
    "spool write error"
[ -s big.out ] && fail "output despite the spool error" || pass
if [ -z "$(ls -A spool)" ]; then pass; else
	fail "left in TMPDIR after an error: $(ls spool)"; fi
TMPDIR="$T/none" CANOPY_TEST_SPOOL_MIN=1 "$CANOPY_BIN" show o --json \
    >"$T/out" 2>"$T/err"
rc=$?
expect_rc 1 "show with no TMPDIR"
expect_err "cannot make a spool in $T/none: No such file or directory" \
    "spool open error"

finish

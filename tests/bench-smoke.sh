#!/bin/sh
# bench-smoke.sh - keeps the benchmark generator honest without timing
# anything: bench/gen must write valid canopy-jsonl (one JSON object per
# line, traces before their nodes, parents before children, one root per
# trace, unique ids, 4-6 numeric signals), exactly the node count asked
# for, split over the traces asked for, and the same bytes for a seed.
# The measuring programs (parse-only, insert-only, pipe-import, peer.py)
# must run on such a file and count every node.
gen="${CANOPY_BUILDDIR:-.}/bench/gen"
[ -x "$gen" ] || { echo "no $gen"; exit 1; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found"; exit 77; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$gen" -s 7 -t 3 -n 2000 -o "$tmp/a.jsonl" || exit 1
"$gen" -s 7 -t 3 -n 2k >"$tmp/b.jsonl" || exit 1
"$gen" -s 8 -t 3 -n 2000 -o "$tmp/c.jsonl" || exit 1
"$gen" -s 7 -n 2000 -o "$tmp/single.jsonl" || exit 1
cmp -s "$tmp/a.jsonl" "$tmp/b.jsonl" ||
    { echo "FAIL: same seed, different output"; exit 1; }
cmp -s "$tmp/a.jsonl" "$tmp/c.jsonl" &&
    { echo "FAIL: different seeds, same output"; exit 1; }
if "$gen" -n 0 >/dev/null 2>&1; then
	echo "FAIL: gen accepted -n 0"; exit 1
fi

check() {
	python3 - "$@" <<'PY'
import json, sys

path, want_nodes, want_traces = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
traces = {}         # trace id -> {node id: depth}
roots = {}
nodes = 0
textlen = 0
with open(path, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        where = "%s:%d" % (path, n)
        assert line.endswith("\n"), where + ": no newline"
        o = json.loads(line)
        assert isinstance(o, dict), where + ": not an object"
        if o["type"] == "trace":
            assert isinstance(o["id"], str) and o["id"] not in traces, where
            assert isinstance(o["problem"], str) and o["problem"], where
            traces[o["id"]] = {}
            continue
        assert o["type"] == "node", where + ": unknown type"
        assert set(o) == {"type", "trace", "id", "parent", "text",
                          "signals"}, where + ": keys %s" % sorted(o)
        ids = traces.get(o["trace"])
        assert ids is not None, where + ": node before its trace"
        assert isinstance(o["id"], str) and o["id"] not in ids, \
            where + ": duplicate id"
        p = o["parent"]
        if p is None:
            assert o["trace"] not in roots, where + ": second root"
            roots[o["trace"]] = o["id"]
            ids[o["id"]] = 0
        else:
            assert p in ids, where + ": parent %r not seen before" % p
            ids[o["id"]] = ids[p] + 1
            assert ids[o["id"]] <= 30, where + ": deeper than 30"
        assert isinstance(o["text"], str) and o["text"], where
        assert 150 <= len(o["text"].encode()) <= 2100, where + ": text size"
        textlen += len(o["text"].encode())
        s = o["signals"]
        assert 4 <= len(s) <= 6, where + ": %d signals" % len(s)
        for k in ("visits", "q", "prior", "prm:qwen"):
            assert k in s, where + ": no " + k
        for k, v in s.items():
            assert isinstance(v, (int, float)) and not isinstance(v, bool), \
                where + ": signal " + k
            assert k == "visits" or 0 <= v <= 1, where + ": " + k
        nodes += 1
assert nodes == want_nodes, "%d nodes, want %d" % (nodes, want_nodes)
assert len(traces) == want_traces, "%d traces" % len(traces)
assert sorted(roots) == sorted(traces), "a trace has no root"
sizes = sorted(len(ids) for ids in traces.values())
assert sizes[-1] - sizes[0] <= 1, "uneven split %s" % sizes
assert 250 <= textlen / nodes <= 360, "mean text %.0f B" % (textlen / nodes)
print("%s: %d nodes in %d traces, mean text %.0f B, max depth %d" % (
    path, nodes, len(traces), textlen / nodes,
    max(max(ids.values()) for ids in traces.values())))
PY
}
check "$tmp/a.jsonl" 2000 3 || exit 1
check "$tmp/single.jsonl" 2000 1 || exit 1

# The measuring programs must still run on it and see every node (their
# speed is `make bench`'s business, not this test's).
b=${CANOPY_BUILDDIR:-.}/bench
sees() {
	out=$("$@") || { echo "FAIL: $*"; exit 1; }
	case $out in
	*" nodes=2000 "*) echo "$out" ;;
	*) echo "FAIL: $* did not see 2000 nodes: $out"; exit 1 ;;
	esac
}
sees "$b/parse-only" "$tmp/a.jsonl"
sees "$b/parse-only" -c "$tmp/a.jsonl"
sees "$b/insert-only" "$tmp/a.jsonl" "$tmp/io.db"
sees "$b/pipe-import" "$tmp/a.jsonl" "$tmp/pi.db"
sees python3 "${CANOPY_SRCDIR:-.}/bench/peer.py" "$tmp/a.jsonl" "$tmp/peer.db"
[ -s "$tmp/io.db" ] && [ -s "$tmp/pi.db" ] ||
    { echo "FAIL: no database written"; exit 1; }
if "$b/parse-only" "$tmp/nonexistent.jsonl" >/dev/null 2>&1; then
	echo "FAIL: parse-only succeeded on a missing file"; exit 1
fi
exit 0

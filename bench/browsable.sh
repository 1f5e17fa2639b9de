#!/bin/sh
# browsable.sh - issue 15's "browsable before indexed": how long after an
# import of the 1M-node bench file starts a separate reader first sees its
# traces (time-to-browsable: the tree's commit), and how long until its
# text index is complete (time-to-searchable: the import's end, which
# indexes in chunks after the tree's commit). Budget: browsable <= 5 s.
# The Python peer (bench/peer.py, no text index: browsable and done at
# its one commit) runs in the same minutes. With --old BIN (a canopy
# built from main, which indexes before it commits), each run of it is
# interleaved with ours. Prints Markdown rows in BENCHMARKS.md's shape,
# medians of --runs runs.
#
# usage: browsable.sh [--runs N] [--file F.jsonl] [--old BIN]
set -u

me=browsable.sh
usage="browsable.sh [--runs N] [--file F] [--old BIN] [--no-old]"
. "$(dirname "$0")/lib.sh"
canopy=${CANOPY_BIN:-$canopy}
runs=3
file=
old=
bench_args "--runs=runs --file=file --old=old --no-old=old=" "$@"

bench_built
bench_need python3
bench_data
if [ -z "$file" ]; then
	# The file bench/run.sh imports at 1M (same generator and seed).
	file=$data/multi-1M.jsonl
	bench_gen "$file" -s 1 -t 10 -n 1000000
fi
[ -s "$file" ] || die "no $file"

bench_tmp

# The reader: starts the import, then polls the database (a read
# transaction every 10 ms) until it first sees a trace; prints
# "browsable=S searchable=S", both from the import's start.
cat >"$tmp/reader.py" <<'EOF'
import sqlite3, subprocess, sys, time
db, argv = sys.argv[1], sys.argv[2:]
t0 = time.perf_counter()
p = subprocess.Popen(argv, stdout=subprocess.DEVNULL)
seen = None
con = None
while seen is None and p.poll() is None:
    try:
        if con is None:
            con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
        if con.execute("SELECT count(*) FROM traces").fetchone()[0] > 0:
            seen = time.perf_counter() - t0
    except sqlite3.Error:
        pass
    time.sleep(0.01)
rc = p.wait()
end = time.perf_counter() - t0
if con is not None:
    con.close()
if rc != 0:
    sys.exit("import failed: %d" % rc)
print("browsable=%.3f searchable=%.3f" % (seen if seen is not None else end,
                                          end))
EOF

# One import of $file by canopy $1 into a fresh db; appends to $2.b/$2.s.
measure() {
	rm -f "$tmp/m.db" "$tmp/m.db-wal" "$tmp/m.db-shm"
	python3 "$tmp/reader.py" "$tmp/m.db" "$1" import --db "$tmp/m.db" \
	    "$file" >"$tmp/out" || die "$1: $(cat "$tmp/out")"
	sed -n 's/.*browsable=\([0-9.]*\).*/\1/p' "$tmp/out" >>"$tmp/$2.b"
	sed -n 's/.*searchable=\([0-9.]*\).*/\1/p' "$tmp/out" >>"$tmp/$2.s"
}

median() {
	sort -g "$1" | awk '{ a[NR] = $1 } END {
	    printf "%.2f", NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

: >"$tmp/new.b"; : >"$tmp/old.b"; : >"$tmp/peer"
i=0
while [ $i -lt "$runs" ]; do
	measure "$canopy" new
	[ -n "$old" ] && measure "$old" old
	rm -f "$tmp/p.db"
	python3 "$src/bench/peer.py" "$file" "$tmp/p.db" >"$tmp/out" ||
	    die "peer failed"
	sed -n 's/.*seconds=\([0-9.]*\).*/\1/p' "$tmp/out" >>"$tmp/peer"
	i=$((i + 1))
done

nb=$(median "$tmp/new.b"); ns=$(median "$tmp/new.s"); pe=$(median "$tmp/peer")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
verdict() { awk -v a="$1" -v b="$2" 'BEGIN { print a <= b ? "PASS" : "MISS" }'; }
echo "| figure | median s | peer s | ratio to peer | budget | verdict |"
echo "|---|---|---|---|---|---|"
echo "| browsable 1M nodes (tree committed) | $nb | $pe | $(ratio "$nb" "$pe") | <= 5 s | $(verdict "$nb" 5) |"
echo "| searchable 1M nodes (text index done) | $ns | $pe | $(ratio "$ns" "$pe") | - | - |"
if [ -n "$old" ]; then
	ob=$(median "$tmp/old.b"); os=$(median "$tmp/old.s")
	echo "| old build: browsable 1M nodes | $ob | $pe | $(ratio "$ob" "$pe") | - | new/old $(ratio "$nb" "$ob") |"
	echo "| old build: searchable 1M nodes | $os | $pe | $(ratio "$os" "$pe") | - | new/old $(ratio "$ns" "$os") |"
fi
echo
echo "Medians of $runs runs ($(basename "$file")), interleaved" \
    "new/old/peer; time from the import's start until a separate reader" \
    "(polling every 10 ms) first sees a trace, and until the process ends."

#!/bin/sh
# show.sh - issue 15's streaming-out budget: `canopy show TRACE --json` of
# the 1M-node bench trace (bench/gen -s 1, one trace) to a pipe, <= 3 s,
# memory flat. Prints Markdown rows in BENCHMARKS.md's shape: the median
# (min-max) of --runs runs, wall time, CPU (user+sys: what a loaded
# machine distorts least) and peak RSS. With --old BIN (a
# canopy built from an earlier commit) runs it interleaved with this
# build, each on a file it imported itself, and prints its row too.
#
# usage: show.sh [--runs N] [--nodes N] [--old BIN]
set -u

me=show.sh
usage="show.sh [--runs N] [--nodes N] [--old BIN]"
. "$(dirname "$0")/lib.sh"
runs=3
nodes=1000000
old=
bench_args "--runs=runs --nodes=nodes --old=old" "$@"

bench_built bench/gen
bench_need time
bench_data
in=$data/show-$nodes.jsonl
bench_gen "$in" -s 1 -t 1 -n "$nodes"
db=$data/show-$nodes-new.db
bench_import "$canopy" "$db" "$in"
db_old=$data/show-$nodes-old.db
[ -n "$old" ] && bench_import "$old" "$db_old" "$in"
trace=t1	# bench/gen names its traces t1, t2...

bench_tmp

run_one() {
	/usr/bin/time -o "$tmp/t" -f "%e %M %U %S" "$1" --db "$3" show "$trace" \
	    --json 2>/dev/null | wc -c >"$tmp/bytes"
	tail -n 1 "$tmp/t" >>"$tmp/$2"
}

echo "== show --json: $nodes nodes, $runs runs; load: $(uptime)" >&2
r=0
while [ $r -lt "$runs" ]; do
	r=$((r + 1))
	echo "   run $r/$runs" >&2
	[ -n "$old" ] && run_one "$old" old "$db_old"
	run_one "$canopy" new "$db"
done

med() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit 1
	m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
	printf "%s %s %s %d\n", m, a[1], a[NR], NR }'; }
ok() { awk -v a="$1" -v b="$2" 'BEGIN { print a <= b ? "PASS" : "MISS" }'; }

size="$((nodes / 1000))k nodes"
[ "$nodes" -ge 1000000 ] && size="$((nodes / 1000000))M nodes"
for l in old new; do
	[ "$l" = old ] && [ -z "$old" ] && continue
	set -- $(awk '{ print $1 }' "$tmp/$l" | med)
	rss=$(awk '{ print $2 }' "$tmp/$l" | med | cut -d' ' -f1)
	cpu=$(awk '{ print $3 + $4 }' "$tmp/$l" | med | cut -d' ' -f1)
	echo "| $size, one trace ($l) | show --json to a pipe ($(cat "$tmp/bytes") B) | $1 s | $2–$3 s | CPU $cpu s, peak RSS $(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k / 1024 }'), n=$4 | ≤ 3 s | $(ok "$1" 3) |"
done

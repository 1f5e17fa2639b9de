#!/bin/sh
# labels.sh - issue 12's label budgets, as BENCHMARKS.md rows:
#   a label key (y, b: write included) to its mark on screen <= 16 ms p99
#   on a 1M-node trace (the replay mode's per-key timings);
#   `canopy export --format prm800k` of 100,000 labeled steps <= 2 s.
# Data is generated once into DIR (default bench/data-labels of the build
# folder) and reused. Prints the machine's load beside the figures: on a
# shared machine compare medians of one run, not across runs.
#   make bench-labels [BENCH_ARGS='--nodes N --runs N']
#   sh ../bench/labels.sh [--nodes N] [--runs N] [DIR]   (from the build)
set -u
me=labels.sh
usage="labels.sh [--nodes N] [--runs N] [DIR]"
. "$(dirname "$0")/lib.sh"
nodes=1000000
runs=5
bench_args -k "--nodes=nodes --runs=runs" "$@"
shift "$bench_shift"
dir=${1:-bench/data-labels}
bench_tmp
mkdir -p "$dir" || exit 1
bench_built

# ---- a label key on a big trace --------------------------------------
db=$dir/labels-$nodes.db
if [ ! -f "$db" ]; then
	echo "== generating $nodes nodes" >&2
	"$bld/bench/gen" -s 1 -t 1 -n "$nodes" -o "$tmp/gen.jsonl" ||
	    die "gen failed"
	"$canopy" import --db "$db" "$tmp/gen.jsonl" >/dev/null ||
	    die "import failed"
	rm -f "$tmp/gen.jsonl"
fi
# Expand to depth 8, then label 100 rows down the screen: y, move, b, move.
{
	echo e8
	echo "<Enter>"
	bench_rep 50 y j b j
} >"$tmp/keys"
cat "$db" >/dev/null
r=0
while [ $r -lt "$runs" ]; do
	r=$((r + 1))
	echo "== label keys: run $r/$runs" >&2
	env TERM=xterm-256color "$canopy" tui --db "$db" --author bench \
	    --replay "$tmp/keys" --timings "$tmp/tim" --size 50x160 t1 \
	    >/dev/null 2>&1 || die "tui --replay failed"
	awk -F'\t' '$1 == "key" && ($2 == "y" || $2 == "b") {
		print $3 / 1000 }' "$tmp/tim" >>"$tmp/label.ms"
	awk -F'\t' '$1 == "key" && $2 == "j" { print $3 / 1000 }' \
	    "$tmp/tim" >>"$tmp/move.ms"
done
load=$(bench_load)
set -- $(bench_pct <"$tmp/label.ms") || die "no label timings"
printf '| %s nodes | key: label (y, b) to its mark, write included | p50 %.2f ms | | p99 %.2f ms, max %.1f ms, n=%d; load %s | ≤ 16 ms p99 | %s |\n' \
    "$nodes" "$1" "$2" "$3" "$4" "$load" "$(bench_ok "$2" 16)"
set -- $(bench_pct <"$tmp/move.ms") || die "no move timings"
printf '| %s nodes | key: move a line (j) between labels | p50 %.2f ms | | p99 %.2f ms, max %.1f ms, n=%d (reference) | | |\n' \
    "$nodes" "$1" "$2" "$3" "$4"

# ---- export prm800k of 100k labeled steps -------------------------------
edb=$dir/export.db
if [ ! -f "$edb" ]; then
	echo "== generating 10,000 labeled chains" >&2
	awk 'BEGIN {
		for (t = 1; t <= 10000; t++) {
			printf "{\"type\":\"trace\",\"id\":\"t%d\",\"problem\":\"Problem %d\"}\n", t, t
			printf "{\"type\":\"node\",\"trace\":\"t%d\",\"id\":\"r\",\"text\":\"Problem %d\"}\n", t, t
			for (s = 1; s <= 10; s++) {
				p = s == 1 ? "r" : ("s" (s - 1))
				printf "{\"type\":\"node\",\"trace\":\"t%d\",\"id\":\"s%d\",\"parent\":\"%s\",\"text\":\"step %d of %d\",\"labels\":[{\"author\":\"alice\",\"rating\":%d}]}\n", t, s, p, s, t, ((t * 7 + s * 3) % 3) - 1
			}
		}
	}' >"$tmp/export.jsonl"
	"$canopy" import --db "$edb" "$tmp/export.jsonl" >/dev/null ||
	    die "import failed"
fi
cat "$edb" >/dev/null
r=0
while [ $r -lt "$runs" ]; do
	r=$((r + 1))
	t0=$(date +%s%N)
	"$canopy" export --db "$edb" --format prm800k -o "$tmp/out" \
	    >/dev/null 2>&1 || die "export failed"
	t1=$(date +%s%N)
	echo "$(( (t1 - t0) / 1000 ))" >>"$tmp/export.us"
done
load=$(bench_load)
sort -n "$tmp/export.us" | awk -v load="$load" '{ v[NR] = $1 / 1e6 }
    END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "| 100k labeled steps | export --format prm800k | %.3f s | %.3f–%.3f s | n=%d; load %s | ≤ 2 s | %s |\n",
	    m, v[1], v[NR], NR, load, m <= 2 ? "PASS" : "MISS" }'

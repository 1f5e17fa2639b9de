#!/bin/sh
# analysis.sh - `make bench-analysis`: the budgets of issue 13 over one
# 1M-node trace (bench/gen -s 1, leaves given outcome = reward so that mc
# has something to count): canopy derive <= 3 s, disagree and calibrate
# <= 1 s each; and what derive would add to the import (the issue asks
# for it after each import unless it costs more than ~10%).
# Prints the median with min-max over --runs runs of each figure.
#
# usage: analysis.sh [--runs N] [--nodes N]
set -u

bld=${CANOPY_BUILDDIR:-$(pwd)}
canopy=$bld/canopy
runs=5
nodes=1000000

while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift ;;
	--nodes) nodes=$2; shift ;;
	*) echo "usage: analysis.sh [--runs N] [--nodes N]" >&2; exit 2 ;;
	esac
	shift
done

die() { echo "analysis.sh: $*" >&2; exit 1; }
[ -x "$canopy" ] && [ -x "$bld/bench/gen" ] || die "build canopy first"
data=$bld/bench/data
mkdir -p "$data" || die "cannot create $data"
in=$data/analysis-$nodes.jsonl
if [ ! -s "$in" ]; then
	"$bld/bench/gen" -s 1 -t 1 -n "$nodes" |
	    sed 's/"reward":\([01]\)\.0/&,"outcome":\1/' >"$in.part" &&
	    mv "$in.part" "$in" || die "gen failed"
fi
db=$data/analysis-$nodes.db

now() { date +%s%N; }
# Seconds taken by the command, its output discarded; dies on failure.
timed() {
	t0=$(now)
	"$@" >/dev/null || die "failed: $*"
	t1=$(now)
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f\n", (b - a) / 1e9 }'
}
# "median (min-max, n=N)" of the numbers in file $1.
stats() {
	sort -n "$1" | awk '{ v[NR] = $1 } END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.3f s (%.3f-%.3f, n=%d)\n", m, v[1], v[NR], NR }'
}

tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
i=0
while [ "$i" -lt "$runs" ]; do
	rm -f "$db" "$db-wal" "$db-shm"
	timed "$canopy" --db "$db" import "$in" >>"$tmp/import"
	timed "$canopy" --db "$db" derive >>"$tmp/derive"
	timed "$canopy" --db "$db" derive --delta q --diff prm:qwen,q \
	    >>"$tmp/derive5"
	timed "$canopy" --db "$db" disagree q prm:qwen -n 20 \
	    >>"$tmp/disagree"
	timed "$canopy" --db "$db" disagree q prm:qwen -n 20 --scale norm \
	    >>"$tmp/disnorm"
	timed "$canopy" --db "$db" calibrate --signal q --against outcome \
	    --by-depth >>"$tmp/calib"
	timed "$canopy" --db "$db" hist prm:qwen --by-depth >>"$tmp/hist"
	i=$((i + 1))
done
echo "analysis over one trace of $nodes nodes ($runs runs):"
echo "  import                              $(stats "$tmp/import")"
echo "  derive (mc, mc_hard, best_leaf)      $(stats "$tmp/derive")   budget 3 s"
echo "  derive + delta:q + prm:qwen-q        $(stats "$tmp/derive5")   budget 3 s"
echo "  disagree q prm:qwen (rank)          $(stats "$tmp/disagree")   budget 1 s"
echo "  disagree q prm:qwen (norm)          $(stats "$tmp/disnorm")   budget 1 s"
echo "  calibrate q vs outcome --by-depth   $(stats "$tmp/calib")   budget 1 s"
echo "  hist prm:qwen --by-depth            $(stats "$tmp/hist")"
imp=$(sort -n "$tmp/import" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
der=$(sort -n "$tmp/derive" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
awk -v a="$imp" -v b="$der" 'BEGIN {
	printf "  derive after import would add %.0f%% to the import\n",
	    100 * b / a }'

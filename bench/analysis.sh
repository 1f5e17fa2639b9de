#!/bin/sh
# analysis.sh - `make bench-analysis`: the budgets of issue 13 over one
# 1M-node trace (bench/gen -s 1, leaves given outcome = reward so that mc
# has something to count): canopy derive <= 3 s, disagree and calibrate
# <= 1 s each; and what derive would add to the import (the issue asks
# for it after each import unless it costs more than ~10%).
# Prints the median with min-max over --runs runs of each figure, wall
# clock and CPU (user + system, from GNU time): on a busy machine the CPU
# figure is the one that says what the command costs.
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

[ -x /usr/bin/time ] || die "needs GNU time (/usr/bin/time)"
# Appends "wall cpu" seconds of the command to file $1; dies on failure.
timed() {
	f=$1
	shift
	/usr/bin/time -o "$tmp/t" -f "%e %U %S" "$@" >/dev/null 2>"$tmp/err" ||
	    die "failed: $* ($(cat "$tmp/err"))"
	awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' "$tmp/t" >>"$f"
}
# "median (min-max)" of column $2 of file $1.
med() {
	awk -v c="$2" '{ print $c }' "$1" | sort -n | awk '{ v[NR] = $1 }
	    END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.2f s (%.2f-%.2f)", m, v[1], v[NR] }'
}
stats() { echo "wall $(med "$1" 1), cpu $(med "$1" 2)"; }

tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
i=0
while [ "$i" -lt "$runs" ]; do
	rm -f "$db" "$db-wal" "$db-shm"
	timed "$tmp/import" "$canopy" --db "$db" import "$in"
	timed "$tmp/derive" "$canopy" --db "$db" derive
	timed "$tmp/derive5" "$canopy" --db "$db" derive --delta q \
	    --diff prm:qwen,q
	timed "$tmp/disagree" "$canopy" --db "$db" disagree q prm:qwen -n 20
	timed "$tmp/disnorm" "$canopy" --db "$db" disagree q prm:qwen -n 20 \
	    --scale norm
	timed "$tmp/calib" "$canopy" --db "$db" calibrate --signal q \
	    --against outcome --by-depth
	timed "$tmp/hist" "$canopy" --db "$db" hist prm:qwen --by-depth
	i=$((i + 1))
done
echo "analysis over one trace of $nodes nodes (median (min-max) of $runs runs):"
echo "  import                              $(stats "$tmp/import")"
echo "  derive (mc, mc_hard, best_leaf)      $(stats "$tmp/derive")   budget 3 s"
echo "  derive + delta:q + prm:qwen-q        $(stats "$tmp/derive5")   budget 3 s"
echo "  disagree q prm:qwen (rank)          $(stats "$tmp/disagree")   budget 1 s"
echo "  disagree q prm:qwen (norm)          $(stats "$tmp/disnorm")   budget 1 s"
echo "  calibrate q vs outcome --by-depth   $(stats "$tmp/calib")   budget 1 s"
echo "  hist prm:qwen --by-depth            $(stats "$tmp/hist")"
imp=$(awk '{ print $2 }' "$tmp/import" | sort -n | awk '{ v[NR] = $1 }
    END { print v[int((NR + 1) / 2)] }')
der=$(awk '{ print $2 }' "$tmp/derive" | sort -n | awk '{ v[NR] = $1 }
    END { print v[int((NR + 1) / 2)] }')
awk -v a="$imp" -v b="$der" 'BEGIN {
	printf "  derive after import would add %.0f%% to the import (cpu)\n",
	    100 * b / a }'

#!/bin/sh
# export-bench.sh - the label budgets of issue 12: `canopy export` of
# 100,000 labeled steps <= 2 s, `canopy agreement` over 100,000 labels
# <= 1 s. Builds two databases once in DIR (default bench/data-labels of
# the current folder): 10,000 chains of 10 steps each labeled by one author
# (export), and 5,000 chains of 10 steps labeled by two authors (agreement:
# 100,000 labels). Prints the median wall time of --runs runs (default 5)
# of each command. `make bench` runs it (bench/run.sh); by hand, from the build
# folder: sh ../bench/export-bench.sh [--runs N] [DIR]
set -u
runs=5
if [ "${1:-}" = "--runs" ]; then runs=$2; shift 2; fi
dir=${1:-bench/data-labels}
canopy=${CANOPY_BIN:-./canopy}
mkdir -p "$dir" || exit 1

# gen N AUTHORS: N chains of 10 steps, every step rated by each author
# (ratings vary so that the authors disagree now and then).
gen() {
	awk -v n="$1" -v authors="$2" 'BEGIN {
		na = split(authors, a, ",")
		for (t = 1; t <= n; t++) {
			printf "{\"type\":\"trace\",\"id\":\"t%d\",\"problem\":\"Problem %d\"}\n", t, t
			printf "{\"type\":\"node\",\"trace\":\"t%d\",\"id\":\"r\",\"text\":\"Problem %d\"}\n", t, t
			for (s = 1; s <= 10; s++) {
				p = s == 1 ? "r" : ("s" (s - 1))
				printf "{\"type\":\"node\",\"trace\":\"t%d\",\"id\":\"s%d\",\"parent\":\"%s\",\"text\":\"step %d of %d\",\"signals\":{\"value\":0.%d},\"labels\":[", t, s, p, s, t, s % 10
				for (i = 1; i <= na; i++)
					printf "%s{\"author\":\"%s\",\"rating\":%d}", (i > 1 ? "," : ""), a[i], ((t * 7 + s * 3 + i * (t % 3)) % 3) - 1
				printf "]}\n"
			}
		}
	}'
}

if [ ! -f "$dir/export.db" ]; then
	gen 10000 alice >"$dir/export.jsonl"
	"$canopy" import --db "$dir/export.db" "$dir/export.jsonl" >/dev/null || exit 1
fi
if [ ! -f "$dir/agree.db" ]; then
	gen 5000 alice,bob >"$dir/agree.jsonl"
	"$canopy" import --db "$dir/agree.db" "$dir/agree.jsonl" >/dev/null || exit 1
fi

# median CMD...: the median wall time in seconds over $runs runs.
median() {
	i=0
	while [ $i -lt "$runs" ]; do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1 || { echo "failed: $*" >&2; exit 1; }
		t1=$(date +%s%N)
		echo $(( (t1 - t0) / 1000000 ))
		i=$((i + 1))
	done | sort -n | awk '{ v[NR] = $1 } END {
		printf "%.3f s (min %.3f, max %.3f)", v[int((NR + 1) / 2)] / 1000, v[1] / 1000, v[NR] / 1000 }'
}

for f in processbench trl-stepwise prm800k canopy-jsonl; do
	echo "export $f, 100k labeled steps: $(median "$canopy" export --db "$dir/export.db" --format $f -o "$dir/out")  (budget 2 s)"
done
echo "agreement, 100k labels: $(median "$canopy" agreement --db "$dir/agree.db")  (budget 1 s)"
echo "agreement --disagreements, 100k labels: $(median "$canopy" agreement --db "$dir/agree.db" --disagreements)"

#!/bin/sh
# deep.sh - `make bench-deep`: issue 15's budgets on one 100,000-step
# chain (one path, step text like an agent's): first screen <= 50 ms,
# every key <= 16 ms p99, browsing RSS <= 32 MB; plus `show --json` of
# the chain to a pipe. Prints Markdown rows in BENCHMARKS.md's shape,
# medians of --runs runs. With --old BIN (a canopy built from an earlier
# commit), runs it interleaved with this build under a --limit seconds
# time limit each run, and prints its rows too (label "old").
#
# usage: deep.sh [--runs N] [--steps N] [--old BIN] [--limit S]
set -u

me=deep.sh
usage="deep.sh [--runs N] [--steps N] [--old BIN] [--limit S]"
. "$(dirname "$0")/lib.sh"
runs=5
steps=100000
old=
limit=60
bench_args "--runs=runs --steps=steps --old=old --limit=limit" "$@"

bench_built
bench_need time
bench_data
in=$data/chain-$steps.jsonl
chain() {
	awk -v n="$steps" 'BEGIN {
	print "{\"type\":\"node\",\"trace\":\"chain\",\"id\":\"n0\",\"text\":\"an agent run\",\"visits\":" n "}"
	for (i = 1; i < n; i++)
		printf "{\"type\":\"node\",\"trace\":\"chain\",\"id\":\"n%d\",\"parent\":\"n%d\",\"text\":\"step %d: the agent reads the file, thinks about the next command and runs it\",\"observation\":\"exit 0\",\"visits\":%d,\"q\":0.5}\n", i, i - 1, i, n - i
	}'
}
bench_make "$in" chain
# Each binary browses a file it imported itself: an earlier canopy cannot
# open a later schema, and a file imported before the chains table
# (schema_deep, "-c") would be browsed without it.
db=$data/chain-$steps-c.db
bench_import "$canopy" "$db" "$in"
db_old=$data/chain-$steps-old.db
[ -n "$old" ] && bench_import "$old" "$db_old" "$in"

bench_tmp

# The keys: 100 down, 100 up, 20 pages each way from the top (past the
# best path's first opened step), goto a node half way down, fold and
# unfold it, a line down from it, G to the end, j there, k.
half=$((steps / 2))
{
	bench_rep 100 j
	bench_rep 20 "<PgDn>"
	bench_rep 20 "<PgUp>"
	bench_rep 100 k
	echo "in$half"
	echo "<Enter>"
	echo h
	echo l
	echo j
	echo G
	echo j
	echo k
} >"$tmp/keys"

# One run of binary $1 (label $2): first screen, keys, RSS, show --json.
run_one() {
	b=$1
	l=$2
	db=$3
	rm -f "$tmp/tim"
	/usr/bin/time -o "$tmp/rss" -f "%M" timeout -k 5 "$limit" \
	    env TERM=xterm-256color "$b" tui --db "$db" --replay "$tmp/keys" \
	    --timings "$tmp/tim" --size 50x160 chain >/dev/null 2>&1
	rc=$?
	if [ $rc -ne 0 ]; then
		echo "timeout" >>"$tmp/$l.fail"
	else
		awk -F'\t' '$1 == "first-screen" { print $2 / 1e6 }' \
		    "$tmp/tim" >>"$tmp/$l.first"
		awk -F'\t' '$1 == "key" {
			k = $2
			if (k == "j" || k == "k") c = "move"
			else if (k == "<PgDn>" || k == "<PgUp>") c = "page"
			else if (k == "<Enter>") c = "goto"
			else if (k == "h" || k == "l") c = "fold"
			else if (k == "G") c = "end"
			else next
			print c, $3 / 1000 }' "$tmp/tim" >>"$tmp/$l.keys"
		tail -n 1 "$tmp/rss" >>"$tmp/$l.rss"
	fi
	/usr/bin/time -o "$tmp/t" -f "%e %M" timeout -k 5 "$limit" \
	    "$b" --db "$db" show chain --json 2>/dev/null | cat >/dev/null
	tail -n 1 "$tmp/t" >>"$tmp/$l.show"
}

echo "== deep chain: $steps steps, $runs runs; load: $(uptime)" >&2
run_both() {
	[ -n "$old" ] && run_one "$old" old "$db_old"
	run_one "$canopy" new "$data/chain-$steps-c.db"
}
bench_runs "$runs" run_both

size="chain $((steps / 1000))k"
for l in old new; do
	[ "$l" = old ] && [ -z "$old" ] && continue
	lab="$size ($l)"
	if [ -s "$tmp/$l.fail" ]; then
		echo "| $lab | TUI replay | > $limit s | | $(wc -l <"$tmp/$l.fail") of $runs runs stopped at the limit | ≤ 50 ms first screen | MISS |"
	fi
	if [ -s "$tmp/$l.first" ]; then
		set -- $(awk '{ print $1 * 1000 }' "$tmp/$l.first" | bench_med)
		echo "| $lab | first screen (open, best path, 50×160) | $(bench_ms "$1") | $(bench_ms "$2")–$(bench_ms "$3") | n=$4 | ≤ 50 ms | $(bench_ok "$1" 50) |"
		for kw in "move=move a line (j, k)" \
		    "page=page down, page up" \
		    "goto=goto the middle node (Enter after i)" \
		    "fold=fold, unfold there (h, l)" \
		    "end=G to the end of the chain"; do
			f=$(bench_key "$tmp/$l.keys" "${kw%%=*}" 2 |
			    bench_pct) || continue
			set -- $f
			echo "| $lab | key: ${kw#*=} | p50 $(bench_ms "$1") | | p99 $(bench_ms "$2"), max $(bench_ms "$3"), n=$4 | ≤ 16 ms p99 | $(bench_ok "$2" 16) |"
		done
		set -- $(bench_med <"$tmp/$l.rss")
		echo "| $lab | browsing peak RSS | $(bench_mb "$1") | | n=$4 | ≤ 32 MB | $(bench_ok "$1" 32768) |"
	fi
	set -- $(awk '{ print $1 }' "$tmp/$l.show" | bench_med)
	rss=$(awk '{ print $2 }' "$tmp/$l.show" | bench_med | cut -d' ' -f1)
	echo "| $lab | show --json to a pipe | $1 s | $2–$3 s | peak RSS $(bench_mb "$rss") | | |"
done

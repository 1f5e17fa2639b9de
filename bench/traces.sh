#!/bin/sh
# traces.sh - `make bench-traces`: issue 15's budgets for the traces list
# over a million traces (one per prompt, as RL rollout dumps and PRM800K
# have them): first screen <= 50 ms, every key <= 16 ms p99 (move, page,
# end, sort change, filter keystroke), browse RSS <= 32 MB.
#
# The data: N traces with UUID-like ids and a problem of 6-18 words each,
# a root and two children (reward, q; outcome), written by awk with a
# fixed seed, imported once into bench/data/ of the build tree (about ten
# minutes on a loaded 2-core machine) and reused. --db FILE browses a
# database made elsewhere instead.
#
# Each run is `canopy tui --replay` (tui/replay.c) over one key script;
# the figures are the median of the runs' first screens, the p99 over
# every run of each key category, and the median of the runs' max RSS
# (GNU time). Prints Markdown rows in BENCHMARKS.md's shape, with the
# load average beside them: the machine is shared.
#
# usage: traces.sh [--runs N] [--traces N] [--db FILE]
set -u

me=traces.sh
usage="traces.sh [--runs N] [--traces N] [--db FILE]"
. "$(dirname "$0")/lib.sh"
runs=5
ntraces=1000000
db=
bench_args "--runs=runs --traces=ntraces --db=db" "$@"

bench_built
bench_need time
bench_tmp

if [ -z "$db" ]; then
	bench_data
	db=$data/traces-$ntraces.db
	in=$data/traces-$ntraces.jsonl
	if [ ! -s "$db" ]; then
		echo "== generating and importing $ntraces traces" >&2
		awk -v n="$ntraces" 'BEGIN {
		    srand(15)
		    split("find the number of real solutions equation triangle" \
			" area probability integer sum prime divisor circle" \
			" radius square polynomial roots compute value least" \
			" greatest positive", w, " ")
		    for (i = 0; i < n; i++) {
			id = ""
			for (k = 0; k < 32; k++) {
				id = id substr("0123456789abcdef",
				    int(rand() * 16) + 1, 1)
				if (k == 7 || k == 11 || k == 15 || k == 19)
					id = id "-"
			}
			p = ""
			m = 6 + int(rand() * 13)
			for (k = 0; k < m; k++)
				p = p w[int(rand() * 21) + 1] " "
			p = p "#" i
			printf "{\"type\":\"trace\",\"id\":\"%s\",\"problem\":\"%s\"}\n", id, p
			printf "{\"type\":\"node\",\"trace\":\"%s\",\"id\":\"r\",\"parent\":null,\"text\":\"%s\"}\n", id, p
			printf "{\"type\":\"node\",\"trace\":\"%s\",\"id\":\"a\",\"parent\":\"r\",\"text\":\"step\",\"signals\":{\"reward\":%.3f,\"q\":%.3f}}\n", id, rand(), rand()
			printf "{\"type\":\"node\",\"trace\":\"%s\",\"id\":\"b\",\"parent\":\"r\",\"text\":\"step\",\"terminal\":true,\"signals\":{\"outcome\":%d}}\n", id, int(rand() * 2)
		    } }' >"$in.part" && mv "$in.part" "$in" || die "gen failed"
		"$canopy" import --db "$db.part" "$in" >&2 &&
		    mv "$db.part" "$db" || die "import failed"
		rm -f "$in" "$db.part-wal" "$db.part-shm"
	fi
fi
[ -s "$db" ] || die "no database $db"
# Upgrade the schema (a write open) outside the timed runs.
"$canopy" stats --db "$db" >/dev/null || die "cannot open $db"
n=$("$canopy" stats --db "$db" | awk '$1 == "traces" { print $2 }')
# A rare filter: the first 8 characters of the middle trace's id.
mid=$("$canopy" traces --db "$db" --json | awk -v m=$((n / 2)) \
    'NR == m { sub(/^\{"id":"/, ""); print substr($0, 1, 8); exit }')
[ -n "$mid" ] || die "cannot read a trace id"
# A rare word: the number that ends one problem (and its tens' prefixes).
word="#$((n / 3 + 7))"

# The key script: moves, pages, ends, every sort, then a filter typed a
# key at a time: a word many problems hold, then a rare id prefix, then
# a rare word. The filter is applied on each key, so a keystroke's time
# is also the time to its first results.
{
	bench_rep 100 j
	bench_rep 100 k
	bench_rep 20 "<PgDn>"
	bench_rep 20 "<PgUp>"
	bench_rep 5 G k g
	bench_rep 8 s G
	echo S
	echo /
	for c in t r i a n g l e; do echo "$c"; done
	echo "<Enter>"
	bench_rep 20 j
	echo /
	echo "<C-u>"
	echo "$mid" | sed 's/./&\n/g' | grep .
	echo "<Enter>"
	echo /
	echo "<C-u>"
	# A line "#" is a comment in a key script: the key is <Hash>.
	echo "$word" | sed 's/./&\n/g' | grep . | sed 's/^#$/<Hash>/'
	echo "<Enter>"
} >"$tmp/keys"

# A step's category; filter keys are those typed between / and Enter,
# the id prefix's and the rare word's after the first three, where they
# become rare (the first three: a few thousand candidates, the middle of
# the trigram index's range).
categorize() {
	awk -F'\t' '$1 == "key" {
		s = $2
		if (s == "/") { c = "other"; typing = 1; typed = 0 }
		else if (s == "<Enter>") { c = "other"; typing = 0 }
		else if (typing && s == "<C-u>") { c = "other"; rare_on++ }
		else if (typing) { typed++
			c = rare_on && typed > 3 ? \
			    (rare_on == 1 ? "filter-rare" : "filter-word") : \
			    "filter" }
		else if (s == "j" || s == "k") c = "move"
		else if (s == "<PgDn>" || s == "<PgUp>") c = "page"
		else if (s == "G" || s == "g") c = "end"
		else if (s == "s" || s == "S") c = "sort"
		else c = "other"
		print c, $3
	}' "$1"
}

load0=$(bench_load)
cat "$db" >/dev/null
# One replay: its first screen, RSS and key timings.
replay_run() {
	/usr/bin/time -o "$tmp/time" -f "%M" env TERM=xterm-256color \
	    "$canopy" tui --db "$db" --replay "$tmp/keys" --timings \
	    "$tmp/tim" --size 50x160 >/dev/null 2>"$tmp/err" ||
	    die "replay failed: $(cat "$tmp/err")"
	awk -F'\t' '$1 == "first-screen" { print $2 / 1000 }' "$tmp/tim" \
	    >>"$tmp/first"
	awk '{ print $1 / 1024 }' "$tmp/time" >>"$tmp/rss"
	categorize "$tmp/tim" >>"$tmp/keys.all"
}
bench_runs "$runs" replay_run
load1=$(bench_load)

size="$n traces"
note="load $load0 → $load1"
set -- $(bench_med "%.1f %.1f %.1f" <"$tmp/first")
echo "| $size | traces list: first screen (50×160) | $1 ms | $2–$3 ms |" \
    "$note | ≤ 50 ms | $(bench_ok "$1" 50) |"
for kw in "move=move a line (j, k)" "page=page down, page up" \
    "end=last and first trace (G, g)" \
    "sort=sort by each column (s ×8, S), then G" \
    "filter=filter keystroke (a word in many problems)" \
    "filter-rare=filter keystroke (an id prefix: few matches)" \
    "filter-word=filter keystroke (a rare word in problems)"; do
	f=$(bench_key "$tmp/keys.all" "${kw%%=*}" 2 1000 |
	    bench_pct "%.1f %.1f %.1f %d") || continue
	set -- $f
	echo "| $size | traces key: ${kw#*=} | p99 $2 ms | p50 $1, max $3 ms ($4 keys) |" \
	    "$note | ≤ 16 ms p99 | $(bench_ok "$2" 16) |"
done
set -- $(bench_med "%.1f %.1f %.1f" <"$tmp/rss")
echo "| $size | traces list: max RSS of a browse run | $1 MB | $2–$3 MB |" \
    "$note | ≤ 32 MB | $(bench_ok "$1" 32) |"

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

bld=${CANOPY_BUILDDIR:-$(pwd)}
canopy=$bld/canopy
runs=5
steps=100000
old=
limit=60

while [ $# -gt 0 ]; do
	case $1 in
	--runs) runs=$2; shift ;;
	--steps) steps=$2; shift ;;
	--old) old=$2; shift ;;
	--limit) limit=$2; shift ;;
	*) echo "usage: deep.sh [--runs N] [--steps N] [--old BIN]" \
	    "[--limit S]" >&2; exit 2 ;;
	esac
	shift
done

die() { echo "deep.sh: $*" >&2; exit 1; }
[ -x "$canopy" ] || die "build canopy first"
[ -x /usr/bin/time ] || die "needs GNU time (/usr/bin/time)"
data=$bld/bench/data
mkdir -p "$data" || die "cannot create $data"
in=$data/chain-$steps.jsonl
if [ ! -s "$in" ]; then
	awk -v n="$steps" 'BEGIN {
	print "{\"type\":\"node\",\"trace\":\"chain\",\"id\":\"n0\",\"text\":\"an agent run\",\"visits\":" n "}"
	for (i = 1; i < n; i++)
		printf "{\"type\":\"node\",\"trace\":\"chain\",\"id\":\"n%d\",\"parent\":\"n%d\",\"text\":\"step %d: the agent reads the file, thinks about the next command and runs it\",\"observation\":\"exit 0\",\"visits\":%d,\"q\":0.5}\n", i, i - 1, i, n - i
	}' >"$in.part" && mv "$in.part" "$in" || die "cannot write $in"
fi
# Each binary browses a file it imported itself: an earlier canopy cannot
# open a later schema, and a file imported before the chains table
# (schema_deep, "-c") would be browsed without it.
import_db() {
	if [ ! -s "$2" ]; then
		rm -f "$2" "$2-wal" "$2-shm"
		"$1" --db "$2" import "$in" >/dev/null || die "import failed"
	fi
}
db=$data/chain-$steps-c.db
import_db "$canopy" "$db"
db_old=$data/chain-$steps-old.db
[ -n "$old" ] && import_db "$old" "$db_old"

tmp=$(mktemp -d) || die "mktemp failed"
trap 'rm -rf "$tmp"' EXIT

# The keys: 100 down, 100 up, 20 pages each way from the top (past the
# best path's first opened step), goto a node half way down, fold and
# unfold it, a line down from it, G to the end, j there, k.
half=$((steps / 2))
{
	i=0; while [ $i -lt 100 ]; do echo j; i=$((i + 1)); done
	i=0; while [ $i -lt 20 ]; do echo "<PgDn>"; i=$((i + 1)); done
	i=0; while [ $i -lt 20 ]; do echo "<PgUp>"; i=$((i + 1)); done
	i=0; while [ $i -lt 100 ]; do echo k; i=$((i + 1)); done
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
r=0
while [ $r -lt "$runs" ]; do
	r=$((r + 1))
	echo "   run $r/$runs" >&2
	[ -n "$old" ] && run_one "$old" old "$db_old"
	run_one "$canopy" new "$data/chain-$steps-c.db"
done

med() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit 1
	m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
	printf "%s %s %s %d\n", m, a[1], a[NR], NR }'; }
pct() { sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit 1
	i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++
	i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++
	printf "%s %s %s %d\n", a[i50], a[i99], a[NR], NR }'; }
ok() { awk -v a="$1" -v b="$2" 'BEGIN { print a <= b ? "PASS" : "MISS" }'; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s }'; }

size="chain $((steps / 1000))k"
for l in old new; do
	[ "$l" = old ] && [ -z "$old" ] && continue
	lab="$size ($l)"
	if [ -s "$tmp/$l.fail" ]; then
		echo "| $lab | TUI replay | > $limit s | | $(wc -l <"$tmp/$l.fail") of $runs runs stopped at the limit | ≤ 50 ms first screen | MISS |"
	fi
	if [ -s "$tmp/$l.first" ]; then
		set -- $(awk '{ print $1 * 1000 }' "$tmp/$l.first" | med)
		echo "| $lab | first screen (open, best path, 50×160) | $(ms "$1") | $(ms "$2")–$(ms "$3") | n=$4 | ≤ 50 ms | $(ok "$1" 50) |"
		for c in move page goto fold end; do
			awk -v c="$c" '$1 == c { print $2 }' "$tmp/$l.keys" \
			    >"$tmp/$l.$c"
			[ -s "$tmp/$l.$c" ] || continue
			set -- $(pct <"$tmp/$l.$c")
			case $c in
			move) w="key: move a line (j, k)" ;;
			page) w="key: page down, page up" ;;
			goto) w="key: goto the middle node (Enter after i)" ;;
			fold) w="key: fold, unfold there (h, l)" ;;
			end) w="key: G to the end of the chain" ;;
			esac
			echo "| $lab | $w | p50 $(ms "$1") | | p99 $(ms "$2"), max $(ms "$3"), n=$4 | ≤ 16 ms p99 | $(ok "$2" 16) |"
		done
		set -- $(med <"$tmp/$l.rss")
		echo "| $lab | browsing peak RSS | $(awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }') | | n=$4 | ≤ 32 MB | $(ok "$1" 32768) |"
	fi
	set -- $(awk '{ print $1 }' "$tmp/$l.show" | med)
	rss=$(awk '{ print $2 }' "$tmp/$l.show" | med | cut -d' ' -f1)
	echo "| $lab | show --json to a pipe | $1 s | $2–$3 s | peak RSS $(awk -v k="$rss" 'BEGIN { printf "%.1f MB", k / 1024 }') | | |"
done

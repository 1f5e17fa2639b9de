#!/bin/sh
# run.sh - `make bench`: measures canopy against the budgets of
# docs/performance.md (section 4) and writes the table to BENCHMARKS.md at
# the top of the source tree. Generates its canopy-jsonl data once into
# bench/data/ of the build tree (bench/gen, seed 1) and reuses it.
#
# Every figure is a median with min-max over --runs runs (--runs-1m for the
# 1M-node sizes), the programs interleaved run by run so that noise from
# other processes spreads over all of them. Wall times come from
# `date +%s%N` around the process (import, peer) or from the program's own
# clock (parse-only, insert-only: they exclude their untimed setup); peak
# RSS from GNU time's %M.
#
# usage: run.sh [--runs N] [--runs-1m N] [--sizes "10k 100k 1M"]
#	[--out FILE] [--no-tui] [--profile] [--search-limit SECONDS]
#	[--only import|browse|profile|extras] [--no-extras]
#
# Then each further budget script, bench/<name>.sh (every bench/*.sh but
# this one and lib.sh), runs from the build folder with CANOPY_BIN,
# CANOPY_BUILDDIR and CANOPY_SRCDIR set and --runs passed; what it prints
# goes under its own heading (Markdown table rows as they are, other lines
# as a block).
set -u

me=run.sh
usage="run.sh [--runs N] [--runs-1m N] [--sizes \"10k 100k 1M\"]\
 [--out FILE] [--no-tui] [--profile] [--search-limit S]\
 [--only import|browse|profile|extras] [--no-extras]"
. "$(dirname "$0")/lib.sh"
py=${PYTHON3:-python3}
[ -n "$py" ] || py=python3
cflags=${CANOPY_BENCH_CFLAGS:-}
runs=5
runs_big=5	# issue 5: every figure over at least 5 runs
sizes="10k 100k 1M"
out=$src/BENCHMARKS.md
tui=yes
profile=no
search_limit=60
only=
extras=yes
seed=1
cmdline="make bench${BENCH_ARGS:+ BENCH_ARGS='$BENCH_ARGS'}"

bench_args "--runs=runs --runs-1m=runs_big --sizes=sizes --out=out
    --no-tui=tui=no --profile=profile=yes --no-extras=extras=no
    --search-limit=search_limit --only=only" "$@"
case $only in ''|import|browse|profile|extras) ;; *) bench_usage ;; esac

case " $cflags " in
*" -O0 "*|*-fsanitize*)
	die "this build has CFLAGS '$cflags': configure without" \
	    "--enable-debug/--enable-sanitizers to benchmark" ;;
esac
bench_built bench/gen bench/parse-only bench/insert-only bench/pipe-import
command -v "$py" >/dev/null 2>&1 || die "python3 not found (the peer)"
gnutime=
if /usr/bin/time -f %M true >/dev/null 2>&1; then
	gnutime=/usr/bin/time
else
	echo "run.sh: GNU time not found (apt-get install time):" \
	    "peak RSS will not be measured" >&2
fi

data=$bld/bench/data
tmp=$data/tmp
rm -rf "$tmp"
mkdir -p "$tmp" || die "cannot create $tmp"

# ---- helpers --------------------------------------------------------------

# Node count of a size name: 10k -> 10000.
count() {
	echo "$1" | awk '/[kK]$/ { print $0 * 1000; next }
	    /M$/ { print $0 * 1000000; next } { print $0 + 0 }'
}

# Generates data file $1 (nodes $2, traces $3) unless it is there.
gendata() {
	[ -s "$data/$1" ] && return 0
	echo "generating $1 ($2 nodes, $3 traces)..." >&2
	bench_gen "$data/$1" -s "$seed" -t "$3" -n "$2"
}

# "median min max n" of the numbers in file $1, one per line.
stats() { bench_med "%.6f %.6f %.6f %d\n" <"$1"; }

# Runs a command, appending its wall seconds to $1.secs and its peak RSS
# (KB) to $1.rss; its stdout goes to $tmp/out. Fails the benchmark if the
# command fails: a number from a failed run means nothing.
timed() {
	pfx=$1
	shift
	t0=$(date +%s%N)
	if [ -n "$gnutime" ]; then
		"$gnutime" -f %M -o "$tmp/rss" "$@" >"$tmp/out" 2>"$tmp/err"
	else
		"$@" >"$tmp/out" 2>"$tmp/err"
	fi
	rc=$?
	t1=$(date +%s%N)
	if [ $rc -ne 0 ]; then
		echo "run.sh: failed ($rc): $*" >&2
		cat "$tmp/err" >&2
		exit 1
	fi
	echo "$t0 $t1" | awk '{ printf "%.6f\n", ($2 - $1) / 1e9 }' \
	    >>"$pfx.secs"
	[ -n "$gnutime" ] && tail -n 1 "$tmp/rss" >>"$pfx.rss"
	return 0
}

# Appends the value of key $2 (key=value) in $tmp/out to file $1.
field() {
	v=$(sed -n "s/.*[ (]$2=\([0-9.]*\).*/\1/p" "$tmp/out" | head -n 1)
	[ -n "$v" ] || die "no $2= in: $(cat "$tmp/out")"
	echo "$v" >>"$1"
}

# Formats: seconds, rates, sizes.
fsec() { awk -v s="$1" 'BEGIN { if (s < 1) printf "%.0f ms", s * 1000;
    else printf "%.2f s", s }'; }
frange() { awk -v a="$1" -v b="$2" 'BEGIN { if (b < 1)
    printf "%.0f–%.0f ms", a * 1000, b * 1000;
    else printf "%.2f–%.2f s", a, b }'; }
# Rate of n nodes and b bytes in s seconds.
frate() { awk -v n="$1" -v b="$2" -v s="$3" 'BEGIN {
    printf "%.0f k nodes/s, %.0f MB/s", n / s / 1000, b / s / 1e6 }'; }
fmb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
# PASS when $1 $2 $3 holds (e.g. 0.9 ">=" 0.8), MISS otherwise.
verdict() { awk -v a="$1" -v op="$2" -v b="$3" 'BEGIN {
    ok = op == ">=" ? a >= b : a <= b; print ok ? "PASS" : "MISS" }'; }

table=$tmp/table.md
: >"$table"
# A table row: size, figure, median, min-max, rate or note, budget, verdict.
row() {
	printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$@" >>"$table"
}
notes=$tmp/notes.md
: >"$notes"
note() { printf '%s\n' "$*" >>"$notes"; }

# ---- machine --------------------------------------------------------------

load0=$(bench_load)
cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)
mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)
cc=$(${CC:-cc} --version 2>/dev/null | head -n 1)
sqlite=$(pkg-config --modversion sqlite3 2>/dev/null || echo "?")
cjson=$(pkg-config --modversion libcjson 2>/dev/null || echo "?")
pyver=$("$py" -c 'import sys, sqlite3; print("%d.%d.%d (sqlite %s)" % (
    sys.version_info[:3] + (sqlite3.sqlite_version,)))')

# ---- import side ----------------------------------------------------------

# One run of every import program over $file (prefix $p).
import_run() {
	timed "$p.po" "$bld/bench/parse-only" "$file"
	field "$p.po.in" seconds
	timed "$p.poc" "$bld/bench/parse-only" -c "$file"
	field "$p.poc.in" seconds
	timed "$p.io" "$bld/bench/insert-only" "$file" "$tmp/io.db"
	field "$p.io.in" seconds
	field "$p.io.calls" calls
	field "$p.io.end" end
	field "$p.io.index" index
	rm -f "$tmp/io.db"*
	timed "$p.pi" "$bld/bench/pipe-import" "$file" "$tmp/pi.db"
	field "$p.pi.in" seconds
	timed "$p.si" "$bld/bench/pipe-import" -s "$file" "$tmp/pi.db"
	field "$p.si.in" seconds
	rm -f "$tmp/pi.db"*
	rm -f "$tmp/imp.db"*
	timed "$p.imp" "$canopy" import --db "$tmp/imp.db" "$file"
	dbsize=$(stat -c %s "$tmp/imp.db")
	for x in "$tmp/imp.db-wal" "$tmp/imp.db-journal"; do
		[ -f "$x" ] && dbsize=$((dbsize + $(stat -c %s "$x")))
	done
	echo "$dbsize" >>"$p.dbsize"
	rm -f "$tmp/peer.db"
	timed "$p.peer" "$py" "$src/bench/peer.py" "$file" \
	    "$tmp/peer.db"
	field "$p.peer.in" seconds
	rm -f "$tmp/peer.db"
}

# Sets size, file, n, nodes, bytes and the result prefix p ($4) for size
# $1 of data file $2 with $3 runs, and warms the page cache with the file.
import_setup() {
	size=$1
	file=$data/$2
	n=$3
	p=$4
	nodes=$(count "$size")
	bytes=$(stat -c %s "$file")
	cat "$file" >/dev/null
}

# Measures size $1 on data file $2 with $3 runs.
import_size() {
	import_setup "$1" "$2" "$3" "$tmp/$1"
	echo "== $size: $2 ($bytes bytes), $n runs" >&2
	bench_runs "$n" import_run
	# Keep the last database of the size for the browse benchmarks.
	mv "$tmp/imp.db" "$tmp/$size.db"

	set -- $(stats "$p.po.in"); po=$1; po_lo=$2; po_hi=$3
	set -- $(stats "$p.poc.in"); poc=$1; poc_lo=$2; poc_hi=$3
	set -- $(stats "$p.io.in"); io=$1; io_lo=$2; io_hi=$3
	set -- $(stats "$p.io.calls"); io_calls=$1
	set -- $(stats "$p.io.end"); io_end=$1
	set -- $(stats "$p.io.index"); io_index=$1
	set -- $(stats "$p.pi.in"); pi=$1; pi_lo=$2; pi_hi=$3
	set -- $(stats "$p.si.in"); si=$1; si_lo=$2; si_hi=$3
	set -- $(stats "$p.imp.secs"); imp=$1; imp_lo=$2; imp_hi=$3
	set -- $(stats "$p.peer.secs"); peer=$1; peer_lo=$2; peer_hi=$3
	set -- $(stats "$p.dbsize"); db=$1

	row "$size" "parse-only: getline + cJSON + fields" "$(fsec "$po")" \
	    "$(frange "$po_lo" "$po_hi")" "$(frate "$nodes" "$bytes" "$po")" \
	    "raw limit 1" ""
	row "$size" "parse-only -c: + importers' UTF-8/finite checks" \
	    "$(fsec "$poc")" "$(frange "$poc_lo" "$poc_hi")" \
	    "$(frate "$nodes" "$bytes" "$poc")" "(information)" ""
	row "$size" "insert-only: store sink, begin→end" "$(fsec "$io")" \
	    "$(frange "$io_lo" "$io_hi")" \
	    "$(frate "$nodes" "$bytes" "$io"); calls $(fsec "$io_calls") + end $(fsec "$io_end"), of which the full-text index $(fsec "$io_index")" \
	    "raw limit 2" ""
	lim=$(awk -v a="$po" -v b="$io" 'BEGIN { print (a > b ? a : b) }')
	ratio=$(awk -v i="$imp" -v l="$lim" 'BEGIN { printf "%.2f", l / i }')
	row "$size" "**canopy import** (process, fresh db)" "$(fsec "$imp")" \
	    "$(frange "$imp_lo" "$imp_hi")" \
	    "$(frate "$nodes" "$bytes" "$imp")" \
	    "≥ 0.8× min(parse, insert): **${ratio}×**" \
	    "$(verdict "$ratio" ">=" 0.8)"
	pratio=$(awk -v i="$pi" -v l="$lim" 'BEGIN { printf "%.2f", l / i }')
	row "$size" "in-process import, parser→writer pipe (bench/pipe-import)" \
	    "$(fsec "$pi")" "$(frange "$pi_lo" "$pi_hi")" \
	    "$(frate "$nodes" "$bytes" "$pi")" \
	    "(information) ${pratio}× min(parse, insert)" ""
	sratio=$(awk -v i="$si" -v l="$lim" 'BEGIN { printf "%.2f", l / i }')
	row "$size" "in-process import, one thread (bench/pipe-import -s)" \
	    "$(fsec "$si")" "$(frange "$si_lo" "$si_hi")" \
	    "$(frate "$nodes" "$bytes" "$si"); the pipe saves $(awk -v a="$si" -v b="$pi" 'BEGIN { printf "%.0f%%", (a - b) / a * 100 }')" \
	    "(information) ${sratio}× min(parse, insert)" ""
	pr=$(awk -v i="$imp" -v p="$peer" 'BEGIN { printf "%.2f", p / i }')
	# What 6x would take: two cores must do the parse and the writes.
	need=$(awk -v p="$peer" 'BEGIN { print p / 6 }')
	floor=$(awk -v a="$poc" -v b="$io" 'BEGIN { print (a + b) / 2 }')
	row "$size" "python peer (json.loads + sqlite3)" "$(fsec "$peer")" \
	    "$(frange "$peer_lo" "$peer_hi")" \
	    "$(frate "$nodes" "$bytes" "$peer"); 6× means ≤ $(fsec "$need"), while (parse-only -c + insert-only) ÷ 2 cores = $(fsec "$floor"), and the full-text index alone $(fsec "$io_index")" \
	    "import ≥ 6× peer: **${pr}×**" "$(verdict "$pr" ">=" 6)"
	rss_row "$size" "$p"
	dbsize_row "$size" "$db"
}

# The import peak RSS row of label $1 from $2.imp.rss (GNU time only).
rss_row() {
	[ -n "$gnutime" ] || return 0
	set -- "$1" $(stats "$2.imp.rss")
	row "$1" "import peak RSS" "$(fmb "$2")" \
	    "$(fmb "$3")–$(fmb "$4")" "" "≤ 100 MB" \
	    "$(verdict "$2" "<=" 102400)"
}

# The database size row of label $1: $2 bytes of database for $nodes
# nodes read from $bytes bytes of JSONL.
dbsize_row() {
	dr=$(awk -v d="$2" -v j="$bytes" 'BEGIN { printf "%.2f", d / j }')
	row "$1" "database size (FTS included)" \
	    "$(awk -v d="$2" -v n="$nodes" 'BEGIN { printf "%.0f B/node", d / n }')" \
	    "" "JSONL $(awk -v j="$bytes" -v n="$nodes" 'BEGIN { printf "%.0f B/node", j / n }'); db $(awk -v d="$2" 'BEGIN { printf "%.1f MB", d / 1e6 }')" \
	    "≤ 1.25× JSONL: **${dr}×**" "$(verdict "$dr" "<=" 1.25)"
}

# One import of the single-tree $file (prefix $p).
single_run() {
	rm -f "$tmp/single-$size.db"*
	timed "$p.imp" "$canopy" import --db "$tmp/single-$size.db" \
	    "$file"
	stat -c %s "$tmp/single-$size.db" >>"$p.dbsize"
}

# The single-tree file: import time, RSS and size only (the tree is 1M
# nodes deep and wide, the worst case for per-trace state at finalize).
import_single() {
	import_setup "$1" "$2" "$3" "$tmp/single-$1"
	echo "== single tree $size: $2, $n runs" >&2
	bench_runs "$n" single_run
	set -- $(stats "$p.imp.secs")
	row "$size, 1 tree" "canopy import" "$(fsec "$1")" \
	    "$(frange "$2" "$3")" "$(frate "$nodes" "$bytes" "$1")" "" ""
	rss_row "$size, 1 tree" "$p"
	set -- $(stats "$p.dbsize")
	dbsize_row "$size, 1 tree" "$1"
}

# Where the time of one import of data file $1 goes (perf, CPU samples
# with DWARF call graphs). The import profiled is bench/pipe-import -s: in
# one thread, every sink call runs under the importer, so parse and writes
# can be told apart (`canopy import` runs them in two threads and adds a
# sha256 pass). By phase (the share of samples under each function,
# callees included; the function names are canopy's own and may change),
# then by library (self time), then the top symbols. Goes to the notes.
import_profile() {
	command -v perf >/dev/null 2>&1 ||
	    { note "(--profile: perf not found, no profile)"; return 0; }
	rm -f "$tmp/prof.db"*
	echo "== profile: one import of $1" >&2
	perf record -q -F 500 --call-graph dwarf,16384 -o "$tmp/perf.data" \
	    -- "$bld/bench/pipe-import" -s "$data/$1" "$tmp/prof.db" \
	    >/dev/null 2>"$tmp/err" ||
	    { note "(--profile: perf record failed: $(head -n 1 "$tmp/err"))"
	      return 0; }
	perf report -i "$tmp/perf.data" --children --sort sym --stdio \
	    -g none 2>/dev/null | grep '%' | grep -v '^#' >"$tmp/perf-ch.txt"
	perf report -i "$tmp/perf.data" --no-children --sort dso,sym \
	    --stdio -g none 2>/dev/null | grep '%' | grep -v '^#' \
	    >"$tmp/perf.txt"
	note ""
	note "### Where one import of $1 spends its time (perf, \`bench/pipe-import -s\`: one thread)"
	note ""
	note "By phase (share of all CPU samples under the function, callees"
	note "included; \"parse\" is the importer minus its sink calls):"
	note ""
	note "| phase | function | share |"
	note "|---|---|---|"
	awk '
	function get(f) { return (f in ch) ? ch[f] : -1 }
	function out(label, f, v) {
		if (v >= 0) printf "| %s | %s | %.1f%% |\n", label, f, v }
	{ v = $1; sub(/%/, "", v); f = $NF; if (!(f in ch)) ch[f] = v + 0 }
	END {
		out("whole program", "main", get("main"))
		out("sha256 of the input (own pass over the file)",
		    "cn_sha256_file", get("cn_sha256_file"))
		run = -1
		for (f in ch) if (f ~ /^imp_.*_run$/ && ch[f] > run) {
			run = ch[f]; runf = f }
		sn = get("sink_node"); st = get("sink_trace")
		if (run >= 0 && sn >= 0)
			out("parse: read lines, JSON, fields, checks", runf \
			    " − sink calls", run - sn - (st > 0 ? st : 0))
		out("  of which cJSON parse", "cJSON_ParseWithLengthOpts",
		    get("cJSON_ParseWithLengthOpts"))
		out("  of which UTF-8 check", "imp_utf8_valid",
		    get("imp_utf8_valid"))
		out("row writes (nodes, signals, their indexes)", "sink_node",
		    sn)
		out("  of which named signals (side table)", "signal_put",
		    get("signal_put"))
		out("end of import (finalize, FTS, commit)",
		    "store_import_end", get("store_import_end"))
		out("  of which full-text index (FTS5, bulk)",
		    "imp_index_text", get("imp_index_text"))
		out("  of which tree finalization (depth, subtrees)",
		    "trace_finalize", get("trace_finalize"))
		out("  of which WAL checkpoint", "sqlite3WalCheckpoint",
		    get("sqlite3WalCheckpoint"))
		out("SQLite, all (under sqlite3_step)", "sqlite3_step",
		    get("sqlite3_step"))
		out("kernel system calls", "do_syscall_64",
		    get("do_syscall_64"))
	}' "$tmp/perf-ch.txt" >>"$notes"
	note ""
	note "By library (self time):"
	note ""
	note "| part | share |"
	note "|---|---|"
	awk '{
		pct = $1; sub(/%/, "", pct); dso = $2; sym = $4
		if (dso ~ /cjson/) c = "cJSON (libcjson)"
		else if (sym ~ /[Ff]ts5/) c = "SQLite FTS5"
		else if (dso ~ /sqlite/) c = "SQLite core (VDBE, B-tree, pager)"
		else if (sym ~ /sha256/) c = "sha256"
		else if (sym ~ /malloc|free|realloc|calloc|_int_|tcache/)
			c = "malloc/free"
		else if (dso ~ /kernel/) c = "kernel (read, write, page faults)"
		else if (dso ~ /libc/) c = "libc other (memcpy, strcmp, strtod...)"
		else if (dso ~ /canopy|pipe-import/)
			c = "canopy code (importer, store glue)"
		else c = "other (" dso ")"
		share[c] += pct
	} END { for (c in share) printf "| %s | %.1f%% |\n", c, share[c] }' \
	    "$tmp/perf.txt" | sort -t'|' -k3 -rn >>"$notes"
	note ""
	note "Top symbols (self time):"
	note ""
	note '```'
	head -n 15 "$tmp/perf.txt" | sed 's/[[:space:]]*$//' >>"$notes"
	note '```'
	rm -f "$tmp/prof.db"* "$tmp/perf.data"*
}

# ---- browse side ----------------------------------------------------------

# Nearest-rank percentiles: "p50 p99 max n" of the numbers in file $1.
pct() { bench_pct <"$1"; }

# The key script of the replay mode, one timed step per line. $1: the
# database, $2: the script to write. Steps: for 20 nodes with 8 children,
# go to it, expand it, collapse it; back to the root; expand to depth 12
# (so that there are pages to move through); 100 lines down and 100 up; 20
# pages down and 20 up; sort the siblings by each signal in turn and
# restore the order.
browse_script() {
	"$py" - "$1" >"$tmp/targets" <<'PY' || die "cannot list nodes of $1"
import sqlite3, sys
# Nodes with 8 children below the root, spread over the tree by a hash.
con = sqlite3.connect("file:%s?mode=ro" % sys.argv[1], uri=True)
for (ext,) in con.execute(
        "SELECT n.ext_id FROM subtrees s JOIN nodes n ON n.id = s.node_id"
        " WHERE s.child_count = 8 AND n.depth >= 1"
        " ORDER BY (n.id * 2654435761) % 4294967296 LIMIT 20"):
    print(ext)
PY
	[ -s "$tmp/targets" ] || die "no node with 8 children in $1"
	{
		# First, while only the root is expanded, so that each target
		# is folded when the cursor gets to it.
		while read -r ext; do
			echo "i$ext"
			echo "<Enter>"
			echo l
			echo h
		done <"$tmp/targets"
		echo r
		echo "e12"
		echo "<Enter>"
		i=0; while [ $i -lt 100 ]; do echo j; i=$((i + 1)); done
		i=0; while [ $i -lt 100 ]; do echo k; i=$((i + 1)); done
		i=0; while [ $i -lt 20 ]; do echo "<PgDn>"; i=$((i + 1)); done
		i=0; while [ $i -lt 20 ]; do echo "<PgUp>"; i=$((i + 1)); done
		i=0; while [ $i -lt 6 ]; do echo s; i=$((i + 1)); done
		echo S
	} >"$2"
}

# A step's category, from its text in the timings file. A prompt's text
# is typed in one step ("typing", not reported) and run by <Enter> in the
# next, which takes the category of the prompt.
categorize() {
	awk -F'\t' '$1 == "key" {
		s = $2
		if (s == "j" || s == "k") c = "move"
		else if (s == "<PgDn>" || s == "<PgUp>") c = "page"
		else if (s == "l") c = "expand"
		else if (s == "h") c = "collapse"
		else if (s == "s" || s == "S") c = "sort"
		else if (s == "n") c = "search-next"
		else if (s == "<Enter>") c = prompt
		else if (s ~ /^\//) { c = "typing"; prompt = "search" }
		else if (s ~ /^i/) { c = "typing"; prompt = "goto" }
		else if (s ~ /^e/) { c = "typing"; prompt = "depth" }
		else c = "other"
		print c, $3, $4
	}' "$1"
}

# One replay of the key script over $db (label $label, prefix $p).
browse_run() {
	timed "$p" env TERM=xterm-256color "$canopy" tui --db "$db" \
	    --replay "$tmp/keys-$label" --timings "$tmp/tim" \
	    --size 50x160 t1
	awk -F'\t' '$1 == "first-screen" { print $2 / 1e6 }' \
	    "$tmp/tim" >>"$p.first"
	categorize "$tmp/tim" >>"$p.keys"
}

# Browses database $2 (label $1) with the replay mode, $3 runs.
browse_size() {
	label=$1
	db=$2
	n=$3
	p=$tmp/browse-$label
	echo "== browse $label: $n runs" >&2
	browse_script "$db" "$tmp/keys-$label"
	# Typing the query and running it are separate steps.
	printf '/binomial\n<Enter>\n' >"$tmp/search-$label"
	bench_rep 20 n >>"$tmp/search-$label"
	cat "$db" >/dev/null
	bench_runs "$n" browse_run
	# Search runs apart, under a time limit: a slow search must not
	# hold up the other figures. After a timeout, no more tries.
	r=0
	src_rc=0
	while [ $r -lt "$n" ] && [ $src_rc -eq 0 ]; do
		r=$((r + 1))
		rm -f "$tmp/tim"
		t0=$(date +%s%N)
		(TERM=xterm-256color exec timeout -k 5 "$search_limit" \
		    "$canopy" tui --db "$db" --replay "$tmp/search-$label" \
		    --timings "$tmp/tim" --size 50x160 t1) >/dev/null 2>&1
		src_rc=$?
		t1=$(date +%s%N)
		[ $src_rc -eq 0 ] && categorize "$tmp/tim" >>"$p.keys"
	done

	set -- $(stats "$p.first")
	row "$label" "first screen (open, root expanded, 50×160)" \
	    "$(fsec "$1")" "$(frange "$2" "$3")" "" "≤ 50 ms" \
	    "$(verdict "$1" "<=" 0.050)"
	for kw in "move=move a line (j, k)" "page=page down, page up" \
	    "expand=expand a node with 8 children" "collapse=collapse it" \
	    "goto=jump to a node by id: Enter after i<id>" \
	    "search=search: Enter after /word (count + first hit)" \
	    "search-next=jump to the next search hit (n)" \
	    "sort=sort siblings (s, S)" \
	    "depth=expand to depth 12 (information)"; do
		c=${kw%%=*}
		what=${kw#*=}
		bench_key "$p.keys" "$c" 2 1000 >"$p.$c.ms"
		bench_key "$p.keys" "$c" 3 >"$p.$c.bytes"
		if [ ! -s "$p.$c.ms" ]; then
			[ "$c" = search ] && [ $src_rc -ne 0 ] && row "$label" \
			    "key: search (/word, then n ×20)" \
			    "> $search_limit s" "" \
			    "stopped after $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", (b - a) / 1e9 }') s (exit $src_rc); no figure" \
			    "≤ 16 ms p99" "MISS"
			continue
		fi
		set -- $(pct "$p.$c.ms")
		b=$(pct "$p.$c.bytes" | cut -d' ' -f1)
		budget="≤ 16 ms p99"
		v=$(verdict "$2" "<=" 16)
		[ "$c" = depth ] && { budget=""; v=""; }
		note_b="p99 $(awk -v x="$2" 'BEGIN { printf "%.2f ms", x }'), max $(awk -v x="$3" 'BEGIN { printf "%.1f ms", x }'), n=$4; $b B to the terminal (median)"
		case $c in
		move) note_b="$note_b (doc target ≤ 1 KB: $(verdict "$b" "<=" 1024))" ;;
		page) note_b="$note_b (doc target ≤ 8 KB: $(verdict "$b" "<=" 8192))" ;;
		esac
		row "$label" "key: $what" \
		    "p50 $(awk -v x="$1" 'BEGIN { printf "%.2f ms", x }')" "" \
		    "$note_b" "$budget" "$v"
	done
	if [ -n "$gnutime" ]; then
		set -- $(stats "$p.rss")
		row "$label" "browsing peak RSS" "$(fmb "$1")" \
		    "$(fmb "$2")–$(fmb "$3")" "" "≤ 32 MB" \
		    "$(verdict "$1" "<=" 32768)"
	fi
}

# ---- run ------------------------------------------------------------------

for size in $sizes; do
	nodes=$(count "$size")
	[ "$nodes" -gt 0 ] || die "bad size $size"
	gendata "multi-$size.jsonl" "$nodes" 10
done
case " $sizes " in *" 1M "*)
	gendata "single-1M.jsonl" 1000000 1 ;;
esac

[ "$only" = profile ] && profile=yes
if [ -z "$only" ] || [ "$only" = import ]; then
	for size in $sizes; do
		n=$runs
		[ "$(count "$size")" -ge 1000000 ] && n=$runs_big
		import_size "$size" "multi-$size.jsonl" "$n"
	done
	case " $sizes " in *" 1M "*)
		import_single 1M single-1M.jsonl "$runs_big" ;;
	esac
fi
[ -n "$only" ] && [ "$only" != browse ] && tui=no
if [ "$tui" = yes ] &&
    ! "$canopy" tui --no-such-option 2>&1 | grep -q -- --replay; then
	tui=no
	note "The browse rows are left out: this canopy has no" \
	    "\`tui --replay\` mode."
fi
if [ "$tui" = yes ]; then
	for size in $sizes; do
		db=$tmp/single-$size.db
		if [ ! -s "$db" ]; then
			gendata "single-$size.jsonl" "$(count "$size")" 1
			rm -f "$db"*
			"$canopy" import --db "$db" "$data/single-$size.jsonl" \
			    >/dev/null 2>"$tmp/err" ||
			    die "import of single-$size.jsonl: $(cat "$tmp/err")"
		fi
		browse_size "$size, 1 tree" "$db" "$runs"
	done
fi
if [ "$profile" = yes ]; then
	psize=
	for size in $sizes; do
		[ -z "$psize" ] || [ "$(count "$size")" -le 100000 ] &&
		    psize=$size
	done
	import_profile "multi-$psize.jsonl"
fi

# ---- further budgets: bench/<name>.sh ------------------------------------

[ -n "$only" ] && [ "$only" != extras ] && extras=no
: >"$tmp/extras.md"
if [ "$extras" = yes ]; then
	for script in "$src"/bench/*.sh; do
		name=$(basename "$script")
		case $name in run.sh|lib.sh) continue ;; esac
		echo "run.sh: $name..." >&2
		(cd "$bld" && CANOPY_BIN=$canopy CANOPY_BUILDDIR=$bld \
		    CANOPY_SRCDIR=$src sh "$script" --runs "$runs") \
		    >"$tmp/extra.out" 2>"$tmp/extra.err"
		erc=$?
		{
			echo
			echo "## bench/$name"
			echo
			[ $erc -eq 0 ] ||
			    echo "**It failed (exit $erc):** $(tail -3 \
			    "$tmp/extra.err" | tr '\n' ' ')"
			if grep -q '^|' "$tmp/extra.out"; then
				cat "$tmp/extra.out"
			elif [ -s "$tmp/extra.out" ]; then
				echo '```'
				cat "$tmp/extra.out"
				echo '```'
			fi
		} >>"$tmp/extras.md"
	done
fi

# ---- report ---------------------------------------------------------------

load1=$(bench_load)
{
	echo "# canopy benchmarks"
	echo
	echo "Written by \`$cmdline\` (bench/run.sh) on $(date -u '+%Y-%m-%d %H:%M UTC')."
	echo "Budgets: docs/performance.md (section 4) and issue 5. Each figure"
	if [ "$runs" = "$runs_big" ]; then
		echo "is the median, with min–max, of $runs runs;"
	else
		echo "is the median, with min–max, of $runs runs ($runs_big for the 1M sizes);"
	fi
	echo "rates are computed from the median time. MB = 10^6 bytes."
	echo
	echo "Machine: $(nproc) CPUs ($cpu), $mem RAM, $(uname -sr);"
	echo "$cc; CFLAGS \`$cflags\`; SQLite $sqlite, cJSON $cjson;"
	echo "Python $pyver. Load average before/after: $load0 / $load1."
	echo
	echo "Data: bench/gen -s $seed, canopy-jsonl, 10 traces per file (and one"
	echo "1M-node tree), MCTS-like growth (3–8 children, depth ≤ 30, steps"
	echo "~300 B, 4–6 signals per node)."
	echo
	echo "| size | figure | median | min–max | rate / note | budget | verdict |"
	echo "|---|---|---|---|---|---|---|"
	cat "$table"
	echo
	cat "$notes"
	cat "$tmp/extras.md"
	cat <<'EOF'

### How each figure is measured

- **parse-only** (bench/parse-only.c): getline, cJSON_ParseWithLength,
  the fields the importer reads, cJSON_Delete; no SQLite. `-c` parses
  through imp_json_parse instead (UTF-8 validation, finite-number walk).
- **insert-only** (bench/insert-only.c): the real canopy-jsonl importer
  runs first into a sink that copies every call into memory (not timed);
  the copies are replayed into the store's sink of a fresh database, timed
  from store_import_begin to the return of store_import_end. "calls" is
  the replay, "end" is store_import_end (finalization, full-text index,
  commit), and the part of it spent on the full-text index is shown.
- **pipe-import** (bench/pipe-import.c): the real importer in one thread,
  the store's sink behind src/pipe.c in another, as `canopy import` runs
  it; `-s` calls the store's sink from the importer's thread instead (no
  pipe). Timed in-process from opening the file to the end of
  store_import_end (no sha256 pass, no process start).
- **canopy import**: the whole process (start, sha256 of the file, open,
  import, close) into a fresh database, by `date +%s%N`; peak RSS by GNU
  time. The ratio is import rate ÷ the slower of parse-only and
  insert-only.
- **python peer** (bench/peer.py): json.loads per line, sqlite3, one
  transaction, one row per node with its signals as JSON text, the
  (trace, parent) index built after the load; timed inside the script.
  The ratio is peer time ÷ import time. Next to it, what 6× would
  take: the peer's time ÷ 6, against half the CPU time the parse (with
  the importers' checks) and the writes need, the least two cores can
  do them in, however they overlap.
- **database size**: the file after the import (plus any -wal or -journal
  left), FTS index included, per node, next to the JSONL bytes per node.
- **browse rows**: `canopy tui --db DB --replay KEYS --timings OUT --size
  50x160 t1` on a single-tree database (TERM=xterm-256color). The first
  screen is timed from entering the TUI (database open included) to the
  end of the first doupdate. Each key step is timed from its first key to
  the end of its redraw; p50/p99 are nearest-rank over all runs' steps,
  and the bytes are what curses wrote for the step. Key script: for 20
  nodes with 8 children (chosen by a hash of their ids; folded, since
  only the root is expanded at first) goto, expand, collapse; then back
  to the root, expand to depth 12, 100 lines down and 100 up, 20 pages
  down and 20 up, sort siblings by each signal (s ×6, S). The search
  (`/binomial` typed as one step, <Enter> as the next, then n ×20) runs
  in its own process under a time limit.
EOF
	# Hand-written notes below the marker survive a new run.
	if [ -f "$out" ] && grep -q '^<!-- notes kept by run.sh -->' "$out"
	then
		echo
		sed -n '/^<!-- notes kept by run.sh -->/,$p' "$out"
	fi
} >"$tmp/report.md"
cat "$tmp/report.md"
cp "$tmp/report.md" "${out%.md}.tmp" && mv "${out%.md}.tmp" "$out" ||
    die "cannot write $out"
echo "run.sh: wrote $out" >&2

# bench/lib.sh - what the budget scripts bench/*.sh share, sourced (never
# run: run.sh skips it among the extras) after the script has set `me` (its
# name, for messages) and `usage` (its options, for the usage line):
#
#	me=show.sh
#	usage="show.sh [--runs N] [--nodes N] [--old BIN]"
#	. "$(dirname "$0")/lib.sh"
#
# It sets bld, src and canopy from the environment `make bench` gives
# (CANOPY_BUILDDIR, CANOPY_SRCDIR), and has the option parser, the checks
# that what a script runs is there, the data folder with its generated
# files, a scratch folder, and the figures of the rows (median,
# percentiles, verdict) so that every script computes them the same way.

bld=${CANOPY_BUILDDIR:-$(pwd)}
src=${CANOPY_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
canopy=$bld/canopy

die() { echo "$me: $*" >&2; exit 1; }
bench_usage() { echo "usage: $usage" >&2; exit "${1:-2}"; }

# Parses the options "$@" by spec $1, words "--opt=var" (the option takes
# a value, into var) or "--opt=var=value" (a flag: sets var to value);
# -h and --help print the usage line, anything else prints it and exits
# 2. With -k before the spec, the first word that is no option ends the
# options instead, and bench_shift says how many words they took.
bench_args() {
	bench_keep=
	[ "$1" = -k ] && { bench_keep=1; shift; }
	bench_spec=$1
	shift
	bench_shift=0
	while [ $# -gt 0 ]; do
		case $1 in -h|--help) bench_usage 0 ;; esac
		bench_hit=
		for bench_s in $bench_spec; do
			[ "$1" = "${bench_s%%=*}" ] || continue
			bench_v=${bench_s#*=}
			case $bench_v in
			*=*) eval "${bench_v%%=*}=\${bench_v#*=}" ;;
			*) [ $# -ge 2 ] || bench_usage
			   eval "$bench_v=\$2"
			   shift
			   bench_shift=$((bench_shift + 1)) ;;
			esac
			bench_hit=1
			break
		done
		if [ -z "$bench_hit" ]; then
			[ -n "$bench_keep" ] && return 0
			bench_usage
		fi
		shift
		bench_shift=$((bench_shift + 1))
	done
}

# Dies unless canopy and each program $@ of the build folder (bench/gen...)
# are built.
bench_built() {
	for bench_p in "$canopy" "$@"; do
		case $bench_p in /*) ;; *) bench_p=$bld/$bench_p ;; esac
		[ -x "$bench_p" ] || die "$bench_p is not built (run make first)"
	done
}

# Dies unless each command $@ is there; "time" is GNU time, whose -f and
# -o the scripts use.
bench_need() {
	for bench_c in "$@"; do
		if [ "$bench_c" = time ]; then
			[ -x /usr/bin/time ] ||
			    die "needs GNU time (/usr/bin/time)"
		else
			command -v "$bench_c" >/dev/null 2>&1 ||
			    die "needs $bench_c"
		fi
	done
}

# The data folder of the build tree, kept between runs: $data.
bench_data() {
	data=$bld/bench/data
	mkdir -p "$data" || die "cannot create $data"
}

# Writes file $1 with the output of command $2... unless it is there (a
# file cut short by a failure is never left under its name).
bench_make() {
	bench_f=$1
	shift
	[ -s "$bench_f" ] && return 0
	"$@" >"$bench_f.part" && mv "$bench_f.part" "$bench_f" ||
	    die "cannot write $bench_f"
}

# bench/gen's file $1 with options $2... (bench_make).
bench_gen() {
	bench_g=$1
	shift
	bench_make "$bench_g" "$bld/bench/gen" "$@"
}

# Imports file $3 into database $2 with canopy $1 unless $2 is there: each
# binary imports its own, since an earlier canopy cannot open a later
# schema.
bench_import() {
	[ -s "$2" ] && return 0
	rm -f "$2" "$2-wal" "$2-shm"
	"$1" --db "$2" import "$3" >/dev/null 2>&1 || die "import failed ($1)"
}

# A scratch folder, $tmp, removed on exit with what command $1 removes.
bench_tmp() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/cnbench.XXXXXX") ||
	    die "mktemp failed"
	trap "rm -rf \"\$tmp\"; ${1:-:}" EXIT
}

# The load average, for the notes (the machine is shared).
bench_load() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null; }

# Prints the lines $2... $1 times over (key scripts of the replay mode).
bench_rep() {
	bench_n=$1
	shift
	while [ "$bench_n" -gt 0 ]; do
		printf '%s\n' "$@"
		bench_n=$((bench_n - 1))
	done
}

# Calls $2 $1 times, saying "run r/N" on stderr before each ($bench_r).
bench_runs() {
	bench_r=0
	while [ $bench_r -lt "$1" ]; do
		bench_r=$((bench_r + 1))
		echo "   run $bench_r/$1" >&2
		"$2"
	done
}

# "median min max n" of the numbers on stdin, or printf format $1 of them;
# fails on none.
bench_med() {
	sort -g | awk -v f="${1:-%s %s %s %d\n}" '{ a[NR] = $1 }
	    END { if (NR == 0) exit 1
		m = NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2
		printf f, m, a[1], a[NR], NR }'
}

# Nearest-rank percentiles "p50 p99 max n" of the numbers on stdin, or
# printf format $1 of them; fails on none.
bench_pct() {
	sort -g | awk -v f="${1:-%s %s %s %d\n}" '{ a[NR] = $1 }
	    END { if (NR == 0) exit 1
		i50 = int(NR * 0.50); if (i50 < NR * 0.50) i50++
		i99 = int(NR * 0.99); if (i99 < NR * 0.99) i99++
		printf f, a[i50], a[i99], a[NR], NR }'
}

# Column $3 of the lines of key $2 in the replay timings $1 ("key us
# bytes" lines, categorized), divided by $4 when given.
bench_key() {
	awk -v c="$2" -v k="$3" -v d="${4:-}" \
	    '$1 == c { print (d == "" ? $k : $k / d) }' "$1"
}

# PASS when $1 <= $2, MISS otherwise.
bench_ok() { awk -v a="$1" -v b="$2" 'BEGIN { print a <= b ? "PASS" : "MISS" }'; }

# KB as "x.y MB"; ms as "x.y ms".
bench_mb() { awk -v k="$1" 'BEGIN { printf "%.1f MB", k / 1024 }'; }
bench_ms() { awk -v s="$1" 'BEGIN { printf "%.1f ms", s }'; }

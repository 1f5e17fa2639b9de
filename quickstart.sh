#!/bin/sh
# quickstart.sh - set up everything canopy needs on Debian/Ubuntu, build it,
# then open the demo or run the whole test suite. Safe to run again: each
# step is skipped when already done.
#
#   ./quickstart.sh demo            set up, build, open the demo
#   ./quickstart.sh test            set up, build, run every test
#   ./quickstart.sh test --sanitize the same in an ASan+UBSan build
#
# CANOPY_WERROR=1 builds with warnings as errors (CI does).
set -eu

top=$(cd "$(dirname "$0")" && pwd)
mode=${1:-}
san=no
[ "${2:-}" = "--sanitize" ] && san=yes

case "$mode" in
demo|test) ;;
*)	echo "usage: $0 demo | test [--sanitize]" >&2
	exit 2 ;;
esac

# ---- Debian packages ------------------------------------------------------
pkgs="gcc make autoconf automake pkg-config libncurses-dev libsqlite3-dev
libcjson-dev libcurl4-openssl-dev libutf8proc-dev libssl-dev"
[ "$mode" = test ] && pkgs="$pkgs libcmocka-dev tmux python3 sqlite3"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" = 0 ]; then
		echo "quickstart: installing$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -qq
		# shellcheck disable=SC2086
		apt-get install -y -qq $missing >/dev/null
	else
		echo "quickstart: missing packages; run:" >&2
		echo "  sudo apt-get install -y$missing" >&2
		exit 1
	fi
fi

# ---- Configure and build --------------------------------------------------
cd "$top"
if [ ! -x configure ] || [ configure.ac -nt configure ] ||
    [ Makefile.am -nt Makefile.in ]; then
	./autogen.sh >/dev/null 2>&1 || ./autogen.sh
fi
flags=""
[ "${CANOPY_WERROR:-0}" = 1 ] && flags="$flags --enable-werror"
if [ "$san" = yes ]; then
	bdir=build-asan
	flags="$flags --enable-sanitizers --enable-debug"
else
	bdir=build
fi
mkdir -p "$bdir"
cd "$bdir"
if [ ! -f Makefile ] || [ ../configure -nt Makefile ]; then
	# shellcheck disable=SC2086
	../configure $flags >configure.out 2>&1 || {
		cat configure.out; tail -40 config.log; exit 1; }
fi
jobs=$(nproc 2>/dev/null || echo 2)
make -s -j"$jobs" >/dev/null

# ---- Run ------------------------------------------------------------------
if [ "$mode" = demo ]; then
	exec ./canopy demo
fi
if [ "$san" = yes ]; then
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
	UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
	export ASAN_OPTIONS UBSAN_OPTIONS
fi
rc=0
make -j"$jobs" check >check.out 2>&1 || rc=$?
grep -E '^(PASS|FAIL|XPASS|ERROR|SKIP|XFAIL):' check.out || true
if [ $rc -ne 0 ]; then
	for f in $(grep -lE '^:test-result: (FAIL|ERROR|XPASS)' $(find . -name '*.trs') 2>/dev/null); do
		echo "==== ${f%.trs}.log"
		tail -60 "${f%.trs}.log"
	done
	tail -20 check.out
fi
pass=$(sed -n 's/^# PASS: *//p' check.out | head -1)
fail=$(sed -n 's/^# FAIL: *//p' check.out | head -1)
err=$(sed -n 's/^# ERROR: *//p' check.out | head -1)
skip=$(sed -n 's/^# SKIP: *//p' check.out | head -1)
echo "tests: ${pass:-0} passed, $(( ${fail:-0} + ${err:-0} )) failed, ${skip:-0} skipped"
exit $rc

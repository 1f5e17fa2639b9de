# lib.sh - helpers for the terminal end-to-end tests (STYLE.md §3.14),
# sourced by tests/e2e/*-test.sh. Each test runs canopy in a private tmux
# server at a fixed size, sends keys and compares what the pane shows.
#
#	db_import FILE...	import fixtures into $DB with the real CLI
#	start [ARGS...]		run `canopy tui --db $DB ARGS` in the pane
#	keys KEY...		tmux send-keys
#	wait_for REGEX		poll the pane (0.1 s) until a line matches
#	wait_gone REGEX		poll until no line matches
#	snapshot NAME [-e]	compare the pane with snapshots/NAME.screen
#	quit_ok [KEY]		press q (or KEY), expect exit status 0
#	finish			check sanitizer logs, print PASS, exit 0
#
# Environment: CANOPY_BIN, CANOPY_SRCDIR (set by make check);
# CANOPY_UPDATE_SNAPSHOTS=1 rewrites the snapshots instead of comparing.

set -u

: "${CANOPY_BIN:?CANOPY_BIN is not set (run through make check)}"
: "${CANOPY_SRCDIR:?CANOPY_SRCDIR is not set (run through make check)}"

command -v tmux >/dev/null 2>&1 || { echo "SKIP: no tmux"; exit 77; }

E2E=$CANOPY_SRCDIR/tests/e2e
TEST_NAME=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/cntest.XXXXXX")
SOCK=cntest$$
DB=$T/test.db
# Generous: the machine is slow and shared.
TIMEOUT=${CANOPY_E2E_TIMEOUT:-10}

export HOME=$T/home
export XDG_CONFIG_HOME=$T/config
export XDG_DATA_HOME=$T/data
export LC_ALL=C.UTF-8
export CANOPY_NOW=1700000000
unset CANOPY_CONFIG CANOPY_DB NO_COLOR
mkdir -p "$HOME" "$XDG_CONFIG_HOME/canopy" "$XDG_DATA_HOME"
# Sanitizer reports go to files: inside a pane they would be drawn over.
export ASAN_OPTIONS=log_path=$T/asan:detect_leaks=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$T/ubsan

if [ -e /usr/share/terminfo/t/tmux-256color ] ||
    [ -e /lib/terminfo/t/tmux-256color ]; then
	PANE_TERM=tmux-256color
else
	PANE_TERM=screen-256color
fi

tm() {
	tmux -L "$SOCK" -f /dev/null "$@"
}

cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$T"
}
trap cleanup EXIT

fail() {
	echo "FAIL: $TEST_NAME: $*"
	if tm has-session -t cn 2>/dev/null; then
		echo "--- screen ---"
		tm capture-pane -p -t cn
		echo "--------------"
	fi
	for f in "$T"/asan.* "$T"/ubsan.*; do
		[ -e "$f" ] && { echo "--- $f ---"; cat "$f"; }
	done
	exit 1
}

db_import() {
	"$CANOPY_BIN" import --db "$DB" "$@" >"$T/import.out" 2>&1 ||
	    { cat "$T/import.out"; fail "import $*"; }
}

# Starts the pane (80x24) running a command line (quoted by the caller).
# A wrapper shell records the terminal modes before and after it and its
# exit status (tmux's own pane_dead_status can lag behind pane_dead).
start() {
	rm -f "$T/status" "$T/stty.before" "$T/stty.after"
	if ! tm has-session -t cn 2>/dev/null; then
		tm new-session -d -s cn -x 80 -y 24 "sleep 1000" ||
		    fail "tmux new-session"
		tm set -g window-size manual >/dev/null
		tm set -g remain-on-exit on >/dev/null
	fi
	cat >"$T/run.sh" <<EOS
trap : INT
stty -a >"$T/stty.before"
$*
echo \$? >"$T/status.tmp"
stty -a >"$T/stty.after"
mv "$T/status.tmp" "$T/status"
EOS
	tm respawn-pane -k -t cn "env TERM=$PANE_TERM sh '$T/run.sh'" ||
	    fail "respawn-pane"
}

# Runs `canopy tui --db $DB ARGS...` in the pane.
start_tui() {
	start "'$CANOPY_BIN' tui --db '$DB' $*"
}

# follow_bg FILE N: `import --follow --db $DB FILE` in the background
# ($fpid, its output in $T/follow.out and .err), once it has committed N
# nodes. The caller's EXIT trap kills $fpid if it is still set.
follow_bg() {
	"$CANOPY_BIN" import --follow --db "$DB" "$1" \
	    >"$T/follow.out" 2>"$T/follow.err" &
	fpid=$!
	i=0
	until "$CANOPY_BIN" stats --db "$DB" 2>/dev/null |
	    grep -q "nodes  *$2\$"; do
		i=$((i + 1))
		[ $i -lt $((TIMEOUT * 10)) ] ||
		    fail "the follower committed nothing: $(cat "$T/follow.err")"
		sleep 0.1
	done
}

# follow_stop SUMMARY: SIGINT to the follower, which must exit 0 and
# print SUMMARY (a fixed string) in its summary.
follow_stop() {
	kill -INT "$fpid"
	wait "$fpid" || fail "the follower did not exit 0 on SIGINT"
	fpid=""
	grep -qF -- "$1" "$T/follow.out" ||
	    fail "follower summary: $(cat "$T/follow.out" "$T/follow.err")"
}

# pane_tame WHAT: nothing on screen is red (no SGR 31 or 38;5;1 reaches the
# pane) and the text did not set the pane's title.
pane_tame() {
	tm capture-pane -p -e -t cn >"$T/pane.e"
	esc=$(printf '\033')
	grep -Eq "$esc\\[([0-9;]*;)?(31|38;5;1)(;[0-9;]*)?m" "$T/pane.e" &&
	    fail "$1: the text turned the pane red"
	title=$(tm display -p -t cn '#{pane_title}')
	case "$title" in *pwned*) fail "$1: the text set the title: $title" ;;
	esac
	return 0
}

keys() {
	tm send-keys -t cn "$@"
}

screen() {
	tm capture-pane -p -t cn
}

wait_for() {
	i=0
	while [ $i -lt $((TIMEOUT * 10)) ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for /$1/"
}

wait_gone() {
	i=0
	while [ $i -lt $((TIMEOUT * 10)) ]; do
		screen | grep -Eq -- "$1" || return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "timed out waiting for /$1/ to go"
}

# snapshot NAME [-e]: -e compares colours and attributes too.
snapshot() {
	name=$1
	shift
	want=$E2E/snapshots/$name.screen
	tm capture-pane -p ${1:+"$1"} -t cn | sed 's/[[:space:]]*$//' \
	    >"$T/$name.screen"
	if [ "${CANOPY_UPDATE_SNAPSHOTS:-0}" = 1 ]; then
		cp "$T/$name.screen" "$want"
		return 0
	fi
	[ -f "$want" ] || fail "no snapshot $want (CANOPY_UPDATE_SNAPSHOTS=1)"
	if ! diff -u "$want" "$T/$name.screen"; then
		fail "screen differs from snapshot $name"
	fi
}

# Waits for the pane's program to exit; prints its status.
wait_exit() {
	i=0
	while [ $i -lt $((TIMEOUT * 10)) ]; do
		if [ -f "$T/status" ]; then
			cat "$T/status"
			return 0
		fi
		sleep 0.1
		i=$((i + 1))
	done
	echo "none (still running)"
}

# The terminal modes must be what they were before canopy ran.
check_tty_restored() {
	# The size may differ (resize tests); every mode must not.
	for f in before after; do
		sed 's/rows [0-9]*; columns [0-9]*;//' "$T/stty.$f" >"$T/modes.$f"
	done
	diff -u "$T/modes.before" "$T/modes.after" ||
	    fail "terminal modes not restored"
}

quit_ok() {
	keys "${1:-q}"
	st=$(wait_exit)
	[ "$st" = 0 ] || fail "exit status $st, expected 0"
	check_tty_restored
}

finish() {
	for f in "$T"/asan.* "$T"/ubsan.*; do
		[ -e "$f" ] && fail "sanitizer report $f"
	done
	echo "PASS: $TEST_NAME"
	exit 0
}

#!/bin/sh
# signals-test.sh - the terminal is restored on every way out: q, Ctrl-C
# (SIGINT), SIGTERM, SIGHUP and a crash (SIGSEGV: the handler restores,
# then the process dies of the signal); the wrapper compares stty -a.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"

# The pid of canopy: the child of the pane's wrapper shell.
canopy_pid() {
	pgrep -P "$(tm display -p -t cn '#{pane_pid}')" | head -1
}

expect_exit() {
	st=$(wait_exit)
	[ "$st" = "$1" ] || fail "$2: exit status $st, expected $1"
	check_tty_restored
}

start_tui sheep
wait_for 'sheep/a1 #'
keys C-c
expect_exit 130 "Ctrl-C"

for sig in TERM:143 HUP:129; do
	start_tui sheep
	wait_for 'sheep/a1 #'
	kill -"${sig%:*}" "$(canopy_pid)" || fail "kill -${sig%:*}"
	expect_exit "${sig#*:}" "SIG${sig%:*}"
done

# A crash: the handler puts the terminal back and the process dies of it
# (status 128 + 11). Sanitizers would catch SIGSEGV themselves.
if ! nm "$CANOPY_BIN" 2>/dev/null | grep -q __asan_init; then
	start_tui sheep
	wait_for 'sheep/a1 #'
	kill -SEGV "$(canopy_pid)" || fail "kill -SEGV"
	expect_exit 139 "SIGSEGV"
fi
finish

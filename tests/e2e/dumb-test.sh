#!/bin/sh
# dumb-test.sh - a terminal that cannot move the cursor (TERM=dumb) gets
# a clear one-line message and exit status 1, not a screen with only the
# title line; the terminal modes are left as they were.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
# stderr goes to a file: a process this quick can exit before tmux has
# finished respawning the pane, which then shows nothing at all.
start "env TERM=dumb '$CANOPY_BIN' tui --db '$DB' 2>'$T/msg'"
st=$(wait_exit)
[ "$st" = 1 ] || fail "exit status $st, expected 1"
[ "$(cat "$T/msg")" = "canopy tui: TERM=dumb cannot move the cursor (try\
 TERM=xterm-256color)" ] || fail "message: $(cat "$T/msg")"
screen | grep -q 'canopy  test.db' && fail "drew the title line"
check_tty_restored
finish

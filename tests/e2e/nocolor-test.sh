#!/bin/sh
# nocolor-test.sh - NO_COLOR (and TERM=dumb-like terminals) draw with
# attributes only: no colour sequences, the cursor line in reverse video.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start "NO_COLOR=1 '$CANOPY_BIN' tui --db '$DB' sheep"
wait_for 'sheep/a1 #'
tm capture-pane -p -e -t cn >"$T/screen"
# tmux writes colours as 3x/4x/9x/10x or 38;5;n/48;5;n parameters.
esc=$(printf '\033')
if grep -Eq "$esc\\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7]|10[0-7]|38;5;[0-9]+|48;5;[0-9]+)(;[0-9;]*)?m" "$T/screen"; then
	cat -v "$T/screen" | head -5
	fail "colour sequences with NO_COLOR set"
fi
grep -q "$(printf '\033')\[7m" "$T/screen" ||
    fail "no reverse video for the cursor line"
snapshot nocolor -e
quit_ok
finish

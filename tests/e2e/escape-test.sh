#!/bin/sh
# escape-test.sh - step text is untrusted: escape sequences, OSC titles,
# BEL, C1 controls and bidi overrides are shown spelled out and never
# reach the terminal (the pane does not turn red, its title is unchanged).
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/escape.canopy.jsonl"
start_tui evil/e
wait_for 'evil/e #'
wait_for '\\x1b\[31mRED\\x1b\[0m and \\x1b\]0;pwned\\x07 title'
keys j
wait_for 'bell\\x07 c1\\u009b2J bidi\\u202eevil'
pane_tame "the tree"
snapshot escape
quit_ok
finish

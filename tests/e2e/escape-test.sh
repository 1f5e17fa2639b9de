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
tm capture-pane -p -e -t cn >"$T/screen"
# Nothing on screen is red: no SGR 31 (or 38;5;1) reaches the pane.
esc=$(printf '\033')
grep -Eq "$esc\\[([0-9;]*;)?(31|38;5;1)(;[0-9;]*)?m" "$T/screen" &&
    fail "the text turned the pane red"
title=$(tm display -p -t cn '#{pane_title}')
case "$title" in *pwned*) fail "the text set the title: $title" ;; esac
snapshot escape
quit_ok
finish

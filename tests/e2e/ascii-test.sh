#!/bin/sh
# ascii-test.sh - outside a UTF-8 locale, box drawing, fold markers, bars
# and the ellipsis fall back to ASCII, and non-ASCII text is spelled out.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start "LC_ALL=C '$CANOPY_BIN' tui --db '$DB' sheep"
wait_for 'sheep/a1 #'
wait_for '^v A farmer has 17'
wait_for '^\| v All but 9'
wait_for '^\| > \[3n r0.000 ok0% 1lbl\] 17'
wait_for '^-{80}$'
wait_for '^r > a > a1$'
# Nothing but ASCII reaches the terminal.
screen | LC_ALL=C grep -q '[^ -~]' && fail "non-ASCII on screen"
snapshot ascii
quit_ok
finish

#!/bin/sh
# help-test.sh - the help overlay lists every action with its keys (from
# the action table), filters by typing, closes with Esc; :help opens it.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep
wait_for 'sheep/a1 #'
keys H
wait_for '\[help\]'
wait_for '^q, <C-c> +quit +Quit canopy'
snapshot help-tree
# Typing filters (keys, names and help texts).
keys sibling
wait_for 'filter: sibling'
wait_for '^\] +next-sibling'
wait_gone 'quit +Quit canopy'
snapshot help-filtered
keys BSpace BSpace BSpace BSpace BSpace BSpace BSpace
wait_for 'quit +Quit canopy'
keys Escape
wait_for 'sheep/a1 #'
wait_gone '\[help\]'
# F1 and :help open it too.
keys F1
wait_for '\[help\]'
keys Escape
wait_gone '\[help\]'
keys : help Enter
wait_for '\[help\]'
keys Escape
wait_gone '\[help\]'
# An unknown command is a message, not an exit.
keys : frobnicate Enter
wait_for "unknown command 'frobnicate'"
quit_ok
finish

#!/bin/sh
# help-test.sh - the help overlay lists every action with its keys (from
# the action table) and the `:` commands with their help (from the command
# table), filters by typing (any printable key, q too), closes with Esc;
# :help opens it. Key cells are never cut, a view's list has no action
# without a key, and at 160 columns no pane border is drawn over it.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui sheep
wait_for 'sheep/a1 #'
# Until the help is first opened, the status line says how to get it.
wait_for 'sort original +F1 help$'
keys H
# The legend comes first.
wait_for '^bold +legend +a step on the path the source chose'
wait_for '^\+ - +legend'
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
wait_gone 'F1 help$'
# F1 and :help open it too.
keys F1
wait_for '\[help\]'
keys Escape
wait_gone '\[help\]'
keys : help Enter
wait_for '\[help\]'
keys Escape
wait_gone '\[help\]'
# q is filter text, not a way out.
keys H
wait_for '\[help\]'
keys q
wait_for '^filter: q$'
wait_for '^q, <C-c> +quit +Quit canopy'
wait_for '^:quit, :q +Quit canopy'
keys BSpace
# The commands follow the actions, with their arguments and help.
keys goto
wait_for '^:goto +ADDRESS +Go to #ID'
wait_for '^i, <Hash> +goto-node'
# A command without help of its own shows, and is found by, its action's.
keys BSpace BSpace BSpace BSpace raters
wait_for '^:authors +\[on\|off\] +Show or hide other'
keys C-u Escape
wait_gone '\[help\]'
# The traces view lists only what has a key there, in whole key cells
# (page-down's used to be cut to "<PgDn>, <C-f>, <").
keys T
wait_for '\[traces\]'
keys H
wait_for '\[help\]'
wait_for '^<PgDn>, <C-f>, <Space> +page-down +Move'
screen | sed -n '3,22p' | grep -Eq '^ +[a-z]' &&
    fail "help in the traces view lists an action without a key"
screen | grep -q 'next-sibling' &&
    fail "help in the traces view lists a tree action"
keys Escape
wait_gone '\[help\]'
keys Enter
wait_for 'sheep/a1 #'
# Wide: the detail pane (at the right) is not drawn over the help.
tm resize-window -t cn -x 160 -y 50
wait_for '^ *│|│'
keys H
wait_for '\[help\]'
wait_gone '│'
keys Escape
wait_for '│'
tm resize-window -t cn -x 80 -y 24
wait_for '^─+$'

# An unknown command is a message, not an exit.
keys : frobnicate Enter
wait_for "unknown command 'frobnicate'"
quit_ok
finish

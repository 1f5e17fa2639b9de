#!/bin/sh
# show-order.sh - `show` streams a subtree in preorder (children by
# ordinal, each child's subtree before the next child), not level by level,
# whole or from an address and down to --depth; the file lists the nodes
# breadth first and out of order, so neither file order nor id order is
# preorder.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

cat >order.jsonl <<'JSONL'
{"type":"node","trace":"o","id":"r","text":"root"}
{"type":"node","trace":"o","id":"a","parent":"r","text":"a"}
{"type":"node","trace":"o","id":"b","parent":"r","text":"b"}
{"type":"node","trace":"o","id":"c","parent":"r","text":"c"}
{"type":"node","trace":"o","id":"b1","parent":"b","text":"b1"}
{"type":"node","trace":"o","id":"a1","parent":"a","text":"a1"}
{"type":"node","trace":"o","id":"a2","parent":"a","text":"a2"}
{"type":"node","trace":"o","id":"a1x","parent":"a1","text":"a1x"}
{"type":"node","trace":"o","id":"b1x","parent":"b1","text":"b1x"}
JSONL
run import order.jsonl
expect_rc 0 "import order.jsonl"

run show o --json
expect_rc 0 "show --json"
sed 's/^{"address":"\([^"]*\)".*/\1/' "$T/out" >got
printf '%s\n' o/r o/a o/a1 o/a1x o/a2 o/b o/b1 o/b1x o/c >want
if cmp -s want got; then pass; else
	fail "show --json is not in preorder"; diff want got; fi

run show o
expect_rc 0 "show (text)"
sed 's/  \[.*//' "$T/out" >got
printf '%s\n' r '  a' '    a1' '      a1x' '    a2' '  b' '    b1' '      b1x' \
    '  c' >want
if cmp -s want got; then pass; else
	fail "show is not in preorder"; diff want got; fi

run show o/b --json
sed 's/^{"address":"\([^"]*\)".*/\1/' "$T/out" >got
printf '%s\n' o/b o/b1 o/b1x >want
if cmp -s want got; then pass; else
	fail "show ADDRESS is not its subtree in preorder"; diff want got; fi

run show o --depth 1 --json
sed 's/^{"address":"\([^"]*\)".*/\1/' "$T/out" >got
printf '%s\n' o/r o/a o/b o/c >want
if cmp -s want got; then pass; else
	fail "show --depth 1 is not the root and its children"; diff want got; fi
finish

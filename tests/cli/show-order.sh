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

# Children before their parents (so a parent's id is greater than its
# children's), other signals given out of name order, a label, extra: each
# line whole, as the store holds it, the parent's address with it.
cat >late.jsonl <<'JSONL'
{"type":"node","trace":"l","id":"k2","parent":"k","text":"k2","signals":{"zeta":2,"q":0.5,"alpha":0.25}}
{"type":"node","trace":"l","id":"k1","parent":"k","text":"k1 \u00e9\u202e","signals":{"visits":3,"mid":-0.1},"labels":[{"author":"al","rating":-1}]}
{"type":"node","trace":"l","id":"k","parent":"r","text":"k","extra_field":[1,{"x":null}]}
{"type":"node","trace":"l","id":"r","text":"root"}
{"type":"node","trace":"l","id":"s","parent":"r","text":"s"}
JSONL
run import late.jsonl
expect_rc 0 "import late.jsonl"
run show l --json
expect_rc 0 "show --json, parents after children"
cat >want <<'JSONL'
{"address":"l/r","parent":null,"depth":0,"role":"root","text":"root","observation":null,"terminal":false,"chosen":false,"signals":{},"annotations":[],"extra":null}
{"address":"l/k","parent":"l/r","depth":1,"role":"step","text":"k","observation":null,"terminal":false,"chosen":false,"signals":{},"annotations":[],"extra":{"extra_field":[1,{"x":null}]}}
{"address":"l/k2","parent":"l/k","depth":2,"role":"step","text":"k2","observation":null,"terminal":false,"chosen":false,"signals":{"q":0.5,"alpha":0.25,"zeta":2},"annotations":[],"extra":null}
{"address":"l/k1","parent":"l/k","depth":2,"role":"step","text":"k1 é\u202e","observation":null,"terminal":false,"chosen":false,"signals":{"visits":3,"mid":-0.1},"annotations":[{"author":"al","rating":-1,"first_error":false,"tags":[],"note":null}],"extra":null}
{"address":"l/s","parent":"l/r","depth":1,"role":"step","text":"s","observation":null,"terminal":false,"chosen":false,"signals":{},"annotations":[],"extra":null}
JSONL
if cmp -s want "$T/out"; then pass; else
	fail "show --json of a trace listed children first"; diff want "$T/out"; fi

run show l/k --json --depth 1 --signals zeta,mid
expect_rc 0 "show ADDRESS --depth 1 --signals"
sed -n 's/^{"address":"\([^"]*\)","parent":\("[^"]*"\|null\).*"signals":\({[^}]*}\).*/\1 \2 \3/p' \
    "$T/out" >got
printf '%s\n' 'l/k "l/r" {}' 'l/k2 "l/k" {"zeta":2}' 'l/k1 "l/k" {"mid":-0.1}' \
    >want
if cmp -s want got; then pass; else
	fail "show ADDRESS --depth 1 --signals"; diff want got; fi
finish

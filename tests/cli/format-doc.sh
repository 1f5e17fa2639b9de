#!/bin/sh
# format-doc.sh - the examples in docs/format.md import, and `canopy show`
# prints what the document says it prints.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

doc="$CANOPY_SRCDIR/docs/format.md"
sed -n '/^```jsonl$/,/^```$/p' "$doc" | grep '^{' >doc.jsonl
[ "$(wc -l <doc.jsonl)" -ge 6 ] && pass || fail "format.md lost its examples"
run import doc.jsonl
expect_rc 0 "import the examples of format.md"
# The first plain code block after "then prints" is the expected output.
awk '/then prints:/ { on = 1; next }
    on && /^```$/ { if (in_block) exit; in_block = 1; next }
    in_block { print }' "$doc" >expected
run show t1
expect_rc 0 "show t1"
cmp -s expected "$T/out" && pass ||
    { fail "show t1 differs from format.md"; diff expected "$T/out"; }
run show beam-1 --json
for a in beam-1/0 beam-1/0.0 beam-1/0.0.0 beam-1/alt; do
	expect_out "^\\{\"address\":\"$a\"," "nested example has $a"
done
finish

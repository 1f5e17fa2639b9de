#!/bin/sh
# deep.sh - big inputs: a 50,000-deep chain (flat and nested) imports and
# `show --depth 2` prints its top; a 10 MB single line imports whole.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

n=50000
awk -v n=$n 'BEGIN {
	print "{\"type\":\"node\",\"trace\":\"flat\",\"id\":\"n0\"}"
	for (i = 1; i < n; i++)
		printf "{\"type\":\"node\",\"trace\":\"flat\",\"id\":\"n%d\",\"parent\":\"n%d\"}\n", i, i - 1
}' >flat.jsonl
awk -v n=$n 'BEGIN {
	printf "{\"type\":\"trace\",\"id\":\"nest\",\"root\":"
	for (i = 0; i < n; i++) {
		printf "{\"id\":\"d%d\",\"text\":\"s%d\"", i, i
		if (i + 1 < n)
			printf ",\"children\":["
	}
	for (i = 0; i < n; i++)
		printf (i == 0 ? "}" : "]}")
	print "}"
}' >nest.jsonl

run import flat.jsonl nest.jsonl
expect_rc 0 "import 50,000-deep chains"
expect_out '^flat\.jsonl: 1 trace, 50000 nodes,' "flat chain: all nodes"
expect_out '^nest\.jsonl: 1 trace, 50000 nodes,' "nested chain: all nodes"

run show nest --depth 2
expect_rc 0 "show --depth 2 of the nested chain"
printf 'd0  [root]  s0\n  d1  [step]  s1\n    d2  [step]  s2\n' >expected
cmp -s expected "$T/out" && pass || fail "show --depth 2 of the nested chain"
run show flat --depth 2 --json
expect_rc 0 "show --depth 2 --json of the flat chain"
[ "$(wc -l <"$T/out")" -eq 3 ] && pass || fail "three levels shown"
expect_out '^\{"address":"flat/n2","parent":"flat/n1","depth":2,' \
    "the third level"
run show nest/d49998
expect_rc 0 "show the bottom of the chain by address"
printf '(depth 0) d49998' >/dev/null
printf 'd49998  [step]  s49998\n  d49999  [step]  s49999\n' >expected
cmp -s expected "$T/out" && pass || fail "the bottom of the chain"
run traces
expect_out '^nest +canopy-jsonl +50000 +49999 ' "traces: depth 49999"
# Deep lines are not indented without bound.
run show flat
expect_rc 0 "show the whole flat chain"
[ "$(awk '{ if (length > m) m = length } END { print m }' "$T/out")" -lt 100 ] &&
    pass || fail "show keeps deep lines short"
expect_out '^ {60}\(depth 49999\) n49999  \[step\]$' "depth written past 30"

{
	printf '{"type":"node","trace":"big","id":"n","text":"'
	head -c 10485760 /dev/zero | tr '\0' a
	printf '"}\n'
} >big.jsonl
run import big.jsonl
expect_rc 0 "import a 10 MB line"
run show big --json
expect_rc 0 "show the 10 MB text"
[ "$(sed 's/.*"text":"\(a*\)".*/\1/' "$T/out" | tr -d '\n' | wc -c)" \
    -eq 10485760 ] && pass || fail "the 10 MB text came back whole"
run show big
[ "$(wc -c <"$T/out")" -lt 200 ] && pass || fail "show cuts long text"
finish

#!/bin/sh
# report.sh - `canopy report`: the path from the root to a node with its
# values and labels, as Markdown and as self-contained HTML; hostile text
# (markup, a script tag, backticks, escape sequences, bidi controls) is
# escaped in both and never reaches the output raw.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

printf '%s\n' \
 '{"type":"trace","id":"r1","problem":"Find <b>x</b> & y","ground_truth":"42"}' \
 '{"type":"node","trace":"r1","id":"root","text":"Find x","signals":{"value":0.2,"visits":10}}' \
 '{"type":"node","trace":"r1","id":"s1","parent":"root","text":"<script>alert(1)</script> ```code``` \u001b[31mred\u202e","signals":{"value":0.6,"visits":6,"prm:m":0.9},"labels":[{"author":"alice","rating":-1,"first_error":true,"tags":["arith"],"note":"*wrong* <i>here</i>"}]}' \
 '{"type":"node","trace":"r1","id":"s2","parent":"s1","text":"so x = 42","signals":{"value":0.4,"visits":3},"labels":[{"author":"bob","rating":0}]}' \
 >r.jsonl
run import r.jsonl
expect_rc 0 "import"

run report r1/s2
expect_rc 0 "report md"
expect_out '^# r1/s2$' "md title"
expect_out '^## 1\. r1/s1 \(step\)$' "a section per step"
expect_out '^- values: visits=6 value=0\.6 prm:m=0\.9$' "md values"
expect_out '^- alice: -1, first error; tags arith; note: \\\*wrong\\\* \\<i\\>here\\</i\\>$' \
    "md label, markup escaped"
expect_out '^- bob: 0$' "neutral rating"
# The text holds a run of three backticks: its fence has four.
expect_out '^````text$' "fence longer than the text's backticks"
expect_out '\\x1b\[31mred\\u202e' "controls spelled out in md"
if LC_ALL=C grep -q "$(printf '\033')" "$T/out"; then
	fail "raw ESC in the md report"; else pass; fi

run report r1/s2 --format html -o rep.html
expect_rc 0 "report html"
[ -s rep.html ] && pass || fail "no html file"
grep -q '^<!DOCTYPE html>' rep.html && pass || fail "not html"
if grep -qi '<script' rep.html; then fail "a script tag in the html";
	else pass; fi
grep -q '&lt;script&gt;alert(1)&lt;/script&gt;' rep.html && pass ||
    fail "the script text is not escaped"
grep -q 'Find &lt;b&gt;x&lt;/b&gt; &amp; y' rep.html && pass ||
    fail "the problem is not escaped"
if LC_ALL=C grep -q "$(printf '\033')" rep.html; then
	fail "raw ESC in the html report"; else pass; fi
if grep -qE '(src|href)=' rep.html; then fail "the html fetches something";
	else pass; fi
# value and visits have three points along the path: two curves.
[ "$(grep -c '<polyline' rep.html)" -eq 2 ] && pass ||
    fail "expected two value curves"
grep -q '<title>value</title><polyline fill="none" stroke="#2a6" stroke-width="2" points="8.0,112.0 240.0,8.0 472.0,60.0 "/>' rep.html &&
    pass || fail "value curve points (0.2, 0.6, 0.4 scaled to 8..112)"

run report nosuch/x
expect_rc 1 "unknown address"
expect_err '^canopy report: no node nosuch/x$' "unknown address named"
run report r1/s2 --format pdf
expect_rc 2 "unknown format"
run report
expect_rc 2 "no address"

finish

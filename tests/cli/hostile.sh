#!/bin/sh
# hostile.sh - the hostile fixture (tests/fixtures/hostile: CSI, OSC 0 and
# 52, DCS, C1, every bidi control, U+2028/9, NUL, DEL, emoji ZWJ and flag
# sequences, wide ids, a 1 MB step) through `show`, `show --extra`,
# `show --json`, `traces` and `stats`, plain and JSON: no raw control,
# C1, separator or bidi character and no invalid UTF-8 reaches stdout,
# JSON is valid and reads back the original text, and the columns of
# `traces` line up by display width. Invalid UTF-8 is refused at import,
# naming file:line:column.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

sh "$CANOPY_SRCDIR/tests/fixtures/hostile/make-hostile.sh" "$T" ||
    { echo "FAIL: make-hostile.sh"; exit 1; }
have_py=0
command -v python3 >/dev/null 2>&1 && have_py=1

# Fails unless stdout of the last run is clean for a terminal.
clean() {
	# C0 but newline, DEL; C1 (U+0080-U+009F); LRM RLM, LS PS, LRE..RLO;
	# LRI..PDI; ALM.
	if LC_ALL=C grep -naP '[\x00-\x09\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c' \
	    "$T/out" >"$T/raw"; then
		fail "$1: raw control or bidi bytes: $(od -c "$T/raw" | head -3)"
	else pass; fi
	if [ $have_py -eq 1 ]; then
		if python3 -c 'import sys; open(sys.argv[1], "rb").read().decode("utf-8")' \
		    "$T/out" 2>"$T/py"; then pass; else
			fail "$1: invalid UTF-8: $(cat "$T/py")"; fi
	fi
}

# Fails unless every line of stdout is valid JSON.
json_ok() {
	[ $have_py -eq 1 ] || return 0
	if python3 -m json.tool --json-lines "$T/out" >/dev/null 2>"$T/py"
	then pass; else fail "$1: not JSON: $(head -c 300 "$T/py")"; fi
}

run import hostile.canopy.jsonl
expect_rc 0 "import the hostile fixture"
expect_out '5 traces, 7 nodes' "import: all records"

# Invalid UTF-8 is refused with its position; the rest can be taken.
run import bad-utf8.canopy.jsonl
expect_rc 1 "import invalid UTF-8"
expect_err 'bad-utf8\.canopy\.jsonl:2:63: invalid UTF-8 \(byte 0xff\)' \
    "import: invalid UTF-8 named by file:line:column"
run import --skip-bad bad-utf8.canopy.jsonl
expect_rc 0 "import --skip-bad"
run import nul.canopy.jsonl
expect_rc 1 "import a NUL in a string"
expect_err 'nul\.canopy\.jsonl:1:[0-9]+: problem: NUL character' \
    "import: a NUL in a string named by file:line:column and member"
run show bad
expect_rc 0 "show bad"
expect_out '^r  \[root\]  fine$' "the good record of bad-utf8 imported"

bidi='\\u202a\\u202b\\u202c\\u202d\\u202e'

run traces
expect_rc 0 "traces"
clean "traces"
expect_out '^hostile +canopy-jsonl +3 +1 +- +CSI \\x1b\[2J OSC0 \\x1b\]0;pwned\.\.\.$' \
    "traces: problem escaped and cut"
# Every FORMAT cell starts in display column 24, wide and joined ids too,
# and no line is wider than 100 columns.
if [ $have_py -eq 1 ]; then
	if python3 - "$T/out" >"$T/py" 2>&1 <<'PY'
import sys, unicodedata
def width(s):
    w = 0
    for c in s:
        if unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        w += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
    return w
cols = set()
for line in open(sys.argv[1], encoding="utf-8"):
    i = line.find("canopy-jsonl")
    if i < 0:
        i = line.find("FORMAT")
    cols.add(width(line[:i]))
    if width(line.rstrip("\n")) > 100:
        sys.exit("wider than 100 columns: " + line)
if cols != {24}:
    sys.exit("FORMAT starts at display columns %s" % sorted(cols))
PY
	then pass; else fail "traces: columns do not line up: $(cat "$T/py")"; fi
fi

run traces --json
expect_rc 0 "traces --json"
clean "traces --json"
json_ok "traces --json"
expect_out '"problem":"CSI \\u001b\[2J OSC0 \\u001b\]0;pwned\\u0007 OSC52 \\u001b\]52;c;cHduZWQ=\\u0007 DCS \\u001bP1\$qm\\u001b\\\\ C1 \\u009b2J \\u009d0;t\\u009c \\u0090\+q\\u009c end"' \
    "traces --json: problem escaped whole"

run stats
expect_rc 0 "stats"
clean "stats"
expect_out '^  q\\u200e\\u200f\\u061c +1$' "stats: LRM, RLM, ALM spelled out"
run stats --json
expect_rc 0 "stats --json"
clean "stats --json"
json_ok "stats --json"
expect_out '"q\\u200e\\u200f\\u061c":1' "stats --json: signal name escaped"

run show --extra hostile
expect_rc 0 "show --extra"
clean "show --extra"
expect_out "^r$bidi  \\[ro\\\\u009ble\\]  bidi \\[$bidi\\]" \
    "show: bidi and C1 spelled out in id, role and text"
expect_out '^    extra: \{"meta\\u009b":\{"k\\u009d":"v\\u202a\\u202b\\u202c\\u202d\\u202e\\x7f","\\u2028":\["\\u2066\\u2067\\u2068\\u2069\\u009c"\]\}\}$' \
    "show --extra: extra keys and values spelled out"
expect_out '^  wide  \[step\]  family .* flags .* kanji .* tab\\there  visits=3$' \
    "show: emoji sequences kept"
expect_out '^  big  \[step\]  step 00000 \\x1b\[31m\\u009b' "show: 1 MB step"
[ "$(wc -l <"$T/out")" -eq 4 ] && pass ||
    fail "show: a step took more than one line"
[ "$(wc -c <"$T/out")" -lt 2000 ] && pass || fail "show: the 1 MB step not cut"

run show --json hostile
expect_rc 0 "show --json"
clean "show --json"
json_ok "show --json"
expect_out '"extra":\{"meta\\u009b":\{"k\\u009d":"v\\u202a\\u202b\\u202c\\u202d\\u202e\\u007f","\\u2028":\["\\u2066\\u2067\\u2068\\u2069\\u009c"\]\}\}' \
    "show --json: extra keys and values escaped"
expect_out '"text":"bidi \[\\u202a\\u202b\\u202c\\u202d\\u202e\] \[\\u2066\\u2067\\u2068\\u2069\] \[\\u200e\\u200f\\u061c\] seps \[\\u2028\] \[\\u2029\] nel \[\\u0085\] del \[\\u007f\] end\\nsecond line"' \
    "show --json: every control and bidi code point escaped"
# Escaping loses nothing: the JSON reads back the imported text.
if [ $have_py -eq 1 ]; then
	if python3 - "$T/out" >"$T/py" 2>&1 <<'PY'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
bidi = "\u202a\u202b\u202c\u202d\u202e"
root, wide, big = rows
assert root["address"] == "hostile/r" + bidi, root["address"]
assert root["role"] == "ro\u009ble"
assert root["signals"] == {"q\u200e\u200f\u061c": 0.5}, root["signals"]
assert root["extra"] == {"meta\u009b": {"k\u009d": "v" + bidi + "\u007f",
    "\u2028": ["\u2066\u2067\u2068\u2069\u009c"]}}, root["extra"]
assert "\U0001f468\u200d\U0001f469\u200d\U0001f467" in wide["text"]
assert "\U0001f1eb\U0001f1f7\U0001f1ef\U0001f1f5" in wide["text"]
assert len(big["text"]) > 1000000, len(big["text"])
assert big["text"].count("\u001b[31m\u009b" + bidi + "x") == 16384
PY
	then pass; else fail "show --json: does not read back: $(cat "$T/py")"; fi
fi

# The other traces: ids with wide and joined characters.
for id in "$(printf '\345\256\266\346\227\217\345\256\266\346\227\217')" \
    "$(printf '\360\237\221\250\342\200\215\360\237\221\251\342\200\215\360\237\221\247')" \
    "$(printf '\360\237\207\253\360\237\207\267\360\237\207\257\360\237\207\265')"; do
	run show "$id"
	expect_rc 0 "show a wide id"
	clean "show a wide id"
	run show --json "$id"
	expect_rc 0 "show --json a wide id"
	json_ok "show --json a wide id"
done
finish

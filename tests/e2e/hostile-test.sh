#!/bin/sh
# hostile-test.sh - the hostile fixture (tests/fixtures/hostile) in the
# TUI: the trace list with wide and joined-emoji ids, the tree and the
# detail pane of every step, the 1 MB one included. What the pane holds
# has no raw control, C1, separator or bidi character, nothing turns red,
# the title stays, and the trace list's columns line up.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

sh "$CANOPY_SRCDIR/tests/fixtures/hostile/make-hostile.sh" "$T" ||
    fail "make-hostile.sh"
db_import "$T/hostile.canopy.jsonl"

# Fails unless the pane (text and attributes) is clean for a terminal.
pane_clean() {
	tm capture-pane -p -t cn >"$T/pane"
	if LC_ALL=C grep -naP '[\x00-\x08\x0b-\x1f\x7f]|\xc2[\x80-\x9f]|\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]|\xd8\x9c' \
	    "$T/pane" >"$T/raw"; then
		fail "$1: raw control or bidi bytes: $(od -c "$T/raw" | head -3)"
	fi
	pane_tame "$1"
}

# The trace list: wide ids are padded by display width.
start_tui
wait_for '^ *plain '
pane_clean "trace list"
snapshot hostile-traces
# The format column starts at one screen column on every row. tmux draws
# a ZWJ sequence in one wide cell, so a joined character adds nothing.
if command -v python3 >/dev/null 2>&1; then
	python3 - "$T/pane" >"$T/py" 2>&1 <<'PY' || fail "columns: $(cat "$T/py")"
import sys, unicodedata
def width(s):
    w, joined = 0, False
    for c in s:
        if unicodedata.category(c) in ("Mn", "Me", "Cf"):
            joined = c == "\u200d"
            continue
        if not joined:
            w += 2 if unicodedata.east_asian_width(c) in ("W", "F") else 1
        joined = False
    return w
cols = set()
for line in open(sys.argv[1], encoding="utf-8"):
    for word in ("canopy-jsonl", "format"):
        i = line.find(word)
        if i >= 0:
            cols.add(width(line[:i]))
            break
if len(cols) != 1:
    sys.exit("format column at screen columns %s" % sorted(cols))
PY
fi

# The hostile trace: the root's id, role and text are spelled out.
start_tui hostile/wide
wait_for 'hostile/wide #'
wait_for 'family'
pane_clean "wide step"
snapshot hostile-wide
keys k
wait_for 'hostile/r\\u202a'
pane_clean "root"
keys j j
wait_for 'hostile/big #'
wait_for '^step 00000 \\x1b\[31m\\u009b\\u202a'
pane_clean "1 MB step"
quit_ok
finish

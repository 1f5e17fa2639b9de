#!/bin/sh
# demo.sh - `canopy demo` builds its database once from the shipped demo
# files (at $XDG_DATA_HOME/canopy/demo.db, ~/.local/share/... without it,
# or --db), then prints the traces and the first trace.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

export CANOPY_DEMO_DIR="$CANOPY_SRCDIR/demo"
run demo
expect_rc 0 "demo"
expect_err "^canopy demo: building $XDG_DATA_HOME/canopy/demo\.db from " \
    "demo: says it builds"
[ -f "$XDG_DATA_HOME/canopy/demo.db" ] && pass || fail "demo.db not built"
expect_out '^ID +FORMAT +NODES +DEPTH +BEST +PROBLEM$' "demo: the trace list"
expect_out '^mcts-sheep +canopy-jsonl +9 +3 +r=1 +A farmer has 17 sheep' \
    "demo: the MCTS trace"
expect_out '^beam-train +canopy-jsonl +6 +2 ' "demo: the nested beam trace"
expect_out '^canopy show mcts-sheep$' "demo: shows the first trace"
expect_out '^  b  \[step\]  17 sheep minus 9 .* visits=11 q=0\.05 prior=0\.47 value=0\.61 prm:demo-prm-7b=0\.71$' \
    "demo: signals and reward-model scores"
cp "$T/out" first.out

# Built once: the second run opens it.
run demo
expect_rc 0 "demo again"
if grep -q building "$T/err"; then fail "demo rebuilt its database"; else
	pass; fi
cmp -s first.out "$T/out" && pass || fail "demo again prints the same"

run stats --json --db "$XDG_DATA_HOME/canopy/demo.db"
expect_out '"annotations":[1-9]' "demo: has annotations"
expect_out '"prm:demo-prm-7b":[0-9]+' "demo: has reward-model scores"

# --db overrides; without XDG_DATA_HOME it goes under ~/.local/share.
run demo --db "$T/other-demo.db"
expect_rc 0 "demo --db"
[ -f "$T/other-demo.db" ] && pass || fail "demo --db: not built there"
unset XDG_DATA_HOME
run demo
expect_rc 0 "demo without XDG_DATA_HOME"
[ -f "$HOME/.local/share/canopy/demo.db" ] && pass ||
    fail "demo: not in ~/.local/share/canopy"

# No demo files: a clear failure and no half-built database.
CANOPY_DEMO_DIR="$T/nowhere" run demo --db "$T/none.db"
expect_rc 1 "demo without demo files"
expect_err 'demo files were not found' "no demo files: message"
[ -e "$T/none.db" ] && fail "a database was left behind" || pass
ls "$T" | grep -q 'none\.db\.tmp' && fail "a temporary file was left" || pass

# Run uninstalled, the binary finds demo/ beside its build directory.
if [ -d "$(dirname "$CANOPY_BIN")/../demo" ]; then
	unset CANOPY_DEMO_DIR
	run demo --db "$T/exe.db"
	expect_rc 0 "demo found next to the binary"
fi
finish

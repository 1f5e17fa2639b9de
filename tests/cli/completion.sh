#!/bin/sh
# completion.sh - contrib/canopy.bash completes commands, options, format
# names from `canopy formats` and trace ids from `canopy traces`.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

command -v bash >/dev/null 2>&1 || { echo "SKIP: no bash"; exit 77; }
printf '{"type":"node","trace":"alpha","id":"r"}\n{"type":"node","trace":"beta","id":"r"}\n' \
    >t.jsonl
run import t.jsonl
expect_rc 0 "import two traces"
PATH="$(dirname "$CANOPY_BIN"):$PATH"
export PATH

# complete WORDS...: the completions for the last word.
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1));
	    _canopy; printf "%s\n" "${COMPREPLY[@]}"' x \
	    "$CANOPY_SRCDIR/contrib/canopy.bash" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

complete_words canopy ""
expect_out '^import$' "commands: import"
expect_out '^demo$' "commands: demo"
# Every command in canopy's own list (`canopy help`) completes.
cmds=$("$CANOPY_BIN" help | awk '/^Commands:/ { on = 1; next }
    on && /^  [a-z]/ { print $1 } on && /^$/ { on = 0 }')
[ -n "$cmds" ] && pass || fail "no commands in canopy help"
for c in $cmds; do
	complete_words canopy ""
	grep -qx "$c" "$T/out" && pass || fail "command $c not completed"
done
complete_words canopy tu
[ "$(cat "$T/out")" = tui ] && pass || fail "'tu' completes to tui"
complete_words canopy tui ""
expect_out '^alpha$' "tui: trace ids"
complete_words canopy score --tr
[ "$(cat "$T/out")" = --trace ] && pass || fail "score --tr"
complete_words canopy sh
[ "$(cat "$T/out")" = show ] && pass || fail "'sh' completes to show"
complete_words canopy import --for
[ "$(sort "$T/out" | tr '\n' ' ')" = "--force --format " ] && pass ||
    fail "--for completes to --force and --format"
complete_words canopy import --format canopy-j
[ "$(cat "$T/out")" = canopy-jsonl ] && pass || fail "format names"
complete_words canopy show ""
expect_out '^alpha$' "trace ids: alpha"
expect_out '^beta$' "trace ids: beta"
complete_words canopy --db "$T/none.db" show ""
grep -q . "$T/out" && fail "traces of a missing --db" || pass
complete_words canopy show --j
[ "$(cat "$T/out")" = --json ] && pass || fail "--j completes to --json"
finish

#!/bin/sh
# help.sh - --help, --version, `help CMD` and `CMD --help` for every
# command; unknown commands and options are usage errors (exit 2).
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

run --help
expect_rc 0 "--help"
expect_out '^usage: canopy ' "--help: usage line"
for c in import show traces stats formats demo help; do
	expect_out "^  $c " "--help lists $c"
done

run --version
expect_rc 0 "--version"
expect_out '^canopy [0-9]+\.[0-9]+\.[0-9]+$' "--version prints the version"

for c in import show traces stats formats demo; do
	run "$c" --help
	expect_rc 0 "$c --help"
	expect_out "^usage: canopy $c" "$c --help: usage"
	cp "$T/out" "$T/help1"
	run help "$c"
	expect_rc 0 "help $c"
	if cmp -s "$T/out" "$T/help1"; then pass; else
		fail "help $c differs from $c --help"; fi
	run "$c" -h
	expect_rc 0 "$c -h"
done
run show --help
expect_out '--depth N' "show --help documents --depth"
expect_out '--signals' "show --help documents --signals"
run import --help
expect_out '--skip-bad' "import --help documents --skip-bad"
expect_out '--force' "import --help documents --force"

# Usage errors: a message, a hint, exit 2, nothing on stdout.
run frobnicate
expect_rc 2 "unknown command"
expect_err "unknown command 'frobnicate'" "unknown command: message"
expect_err "canopy --help" "unknown command: hint"
run --frob
expect_rc 2 "unknown global option"
expect_err "unknown option '--frob'" "unknown global option: message"
run import --frob x.jsonl
expect_rc 2 "unknown import option"
expect_err "unknown option '--frob'" "unknown import option: message"
expect_err "canopy import --help" "unknown import option: hint"
run show --depth
expect_rc 2 "--depth without a value"
expect_err "needs an argument" "--depth without a value: message"
run show --depth -1 t
expect_rc 2 "negative --depth"
run show --json
expect_rc 2 "show without a trace"
run import
expect_rc 2 "import without a file"
run import --format nosuch x.jsonl
expect_rc 2 "unknown --format"
expect_err "unknown format 'nosuch'" "unknown --format: message"
run stats extra-arg
expect_rc 2 "stats with an argument"
run help nosuch
expect_rc 2 "help for an unknown command"
run
expect_rc 2 "no command"
expect_err '^usage: canopy' "no command: usage on stderr"
[ -e "$CANOPY_DB" ] && fail "a usage error created the database" || pass

# formats lists every registered format with a description and example.
run formats
expect_rc 0 "formats"
expect_out '^canopy-jsonl +.+\(e\.g\. [^)]+\)$' "formats: canopy-jsonl line"
finish

#!/bin/sh
# usage.sh - the help text and usage errors of every command, byte for
# byte: each invocation of usage.cases is run (with no database), and its
# stdout, stderr and exit code must be as usage.golden has them. After a
# deliberate change of a message: CANOPY_GOLDEN_UPDATE=1 make check
# TESTS=tests/cli/usage.sh rewrites usage.golden (review the diff).
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

cases="$CANOPY_SRCDIR/tests/cli/usage.cases"
golden="$CANOPY_SRCDIR/tests/cli/usage.golden"

grep -v '^#' "$cases" | while IFS= read -r line; do
	eval "set -- $line"
	run "$@" </dev/null
	printf '$ canopy %s\n' "$line"
	sed 's/^/1 /' "$T/out"
	sed 's/^/2 /' "$T/err"
	echo "exit $rc"
done | sed "s|$T|TMP|g" >"$T/got"

if [ "${CANOPY_GOLDEN_UPDATE:-}" = 1 ]; then
	cp "$T/got" "$golden"
	echo "rewrote $golden"
fi
rc=0
if diff -u "$golden" "$T/got" >"$T/diff"; then pass; else
	cat "$T/diff"
	fail "usage output differs from usage.golden (diff above)"
fi
finish

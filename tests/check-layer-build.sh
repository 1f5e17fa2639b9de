#!/bin/sh
# check-layer-build.sh - proves that the compiler, not grep alone, holds the
# layer rules (layers/README): a probe that includes a library's header with
# the flags of a layer that may not use it must fail with the stand-in's
# #error; one that includes another layer's header the layer may not see
# must fail with "not found"; and probes with the headers each layer may use
# must compile, so the check cannot pass because nothing compiles. The
# flags are the Makefile's own, exported by tests/local.mk.
: "${CANOPY_CC:?run this through make check}"
cd "${CANOPY_BUILDDIR:-.}" || exit 1
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
rc=0
n=0

# probe LAYER EXPECT HEADER...: compile a file including every HEADER (<x>
# or "x") with LAYER's flags. EXPECT is ok, hidden (not found) or poison
# OWNER: the #error of a layers/no-* stand-in naming OWNER's folder.
probe() {
	layer=$1
	expect=$2
	shift 2
	owner=
	if [ "$expect" = poison ]; then
		owner=$1
		shift
	fi
	eval "flags=\${CANOPY_CPPFLAGS_$layer-}"
	if [ -z "$flags" ]; then
		echo "no flags exported for layer $layer"
		rc=1
		return
	fi
	{
		echo '#include "config.h"'
		for h; do echo "#include $h"; done
		echo 'int cn_layer_probe(void);'
	} >"$t/probe.c"
	n=$((n + 1))
	what="$layer + $*"
	# shellcheck disable=SC2086
	if $CANOPY_CC $flags $CANOPY_LAYER_CFLAGS -fsyntax-only "$t/probe.c" \
	    >"$t/err" 2>&1; then
		got=ok
	elif [ -n "$owner" ] &&
	    grep -q "$owner is the only layer that may use" "$t/err"; then
		got=poison
	elif grep -qE 'No such file|not found' "$t/err"; then
		got=hidden
	else
		got=error
	fi
	if [ "$got" = "$expect" ]; then
		echo "ok $n: $what: $got"
	else
		echo "FAIL $n: $what: expected $expect${owner:+ ($owner)}, got $got"
		sed 's/^/	/' "$t/err" | head -20
		rc=1
	fi
}

# A breach of each library rule, from every layer that must not use it.
for l in core importers themes tui live analysis query cli; do
	probe $l poison store/ '<sqlite3.h>'
done
for l in core store importers themes live analysis query cli; do
	probe $l poison tui/ '<curses.h>'
	probe $l poison tui/ '<ncursesw/curses.h>'
	probe $l poison tui/ '<ncurses.h>'
done
for l in core store themes tui analysis query cli; do
	probe $l poison importers/ '<cjson/cJSON.h>'
done
for l in core store importers themes tui analysis query cli; do
	probe $l poison live/ '<curl/curl.h>'
done

# The other layers' headers a layer may not see.
for h in '"store.h"' '"importers.h"' '"theme.h"' '"tui.h"'; do
	probe core hidden "$h"
	probe live hidden "$h"
	probe analysis hidden "$h"
done
for h in '"importers.h"' '"theme.h"' '"tui.h"'; do
	probe store hidden "$h"
done
for h in '"store.h"' '"theme.h"' '"tui.h"'; do
	probe importers hidden "$h"
done
for h in '"store.h"' '"importers.h"' '"tui.h"'; do
	probe themes hidden "$h"
done
for h in '"importers.h"' '"imp-json.h"'; do
	probe tui hidden "$h"
done
for h in '"importers.h"' '"theme.h"' '"tui.h"' '"live.h"'; do
	probe query hidden "$h"
done
# analysis/ stays pure: the query header it sits beside needs the store.
probe analysis hidden '"query.h"'

# What each layer may use compiles.
probe core ok '"canopy.h"' '<openssl/evp.h>'
probe store ok '"canopy.h"' '"store.h"' '<sqlite3.h>'
probe importers ok '"canopy.h"' '"importers.h"' '"imp-json.h"' \
    '<cjson/cJSON.h>'
probe themes ok '"canopy.h"' '"theme.h"'
probe tui ok '"canopy.h"' '"store.h"' '"theme.h"' '"tui.h"' '<curses.h>' \
    '"live.h"' '"analysis.h"' '"query.h"'
if [ "${CANOPY_HAVE_CURL:-no}" = yes ]; then
	probe live ok '"canopy.h"' '<curl/curl.h>' '<cjson/cJSON.h>'
else
	probe live ok '"canopy.h"' '<cjson/cJSON.h>'
fi
probe analysis ok '"canopy.h"'
probe query ok '"canopy.h"' '"store.h"' '"store-derive.h"' '"analysis.h"' \
    '"query.h"'
probe cli ok '"canopy.h"' '"store.h"' '"importers.h"' '"theme.h"' \
    '"tui.h"' '"pipe.h"' '"cli.h"'

[ $rc -eq 0 ] && echo "layer build ok: $n probes"
exit $rc

#!/bin/sh
# check-layers.sh - the dependency rules of docs/STYLE.md, enforced:
# SQL and <sqlite3.h> only in store/, curses only in tui/, curl only in
# live/, cJSON only in importers/ and live/ (and tests). Exits non-zero on
# a breach. The build holds the include rules first (layers/README); this is
# the second line, and the only one for SQL text outside store/.
top=${CANOPY_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$top" || exit 1
rc=0
breach() { echo "layer breach: $*"; rc=1; }

files() { find src store importers themes analysis live tui -name '*.[ch]' 2>/dev/null; }

for f in $(files); do
	case "$f" in store/*) ;; *)
		grep -q '#include <sqlite3.h>' "$f" && breach "$f includes sqlite3.h"
		grep -nE '"[^"]*\b(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE TABLE|PRAGMA)\b' "$f" |
		    grep -v '^[0-9]*:[[:space:]]*/\?\*' | head -3 | while read -r l; do
			echo "layer breach: SQL outside store/: $f:$l"; done
		grep -qE '"[^"]*\b(SELECT|INSERT INTO|DELETE FROM|CREATE TABLE)\b' "$f" && rc=1
	;; esac
	case "$f" in tui/*) ;; *)
		grep -qE '#include <(n?curses|ncursesw/curses)\.h>' "$f" && breach "$f includes curses"
	;; esac
	case "$f" in live/*) ;; *)
		grep -q '#include <curl/curl.h>' "$f" && breach "$f includes curl"
	;; esac
	case "$f" in importers/*|live/*) ;; *)
		grep -q '#include <cjson/cJSON.h>' "$f" && breach "$f includes cJSON"
	;; esac
done
[ $rc -eq 0 ] && echo "layers ok: $(files | wc -l) files checked"
exit $rc

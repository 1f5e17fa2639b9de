#!/bin/sh
# check-layer-symbols.sh - the layer rules (layers/README) at link level: a
# function declared by hand gets past the include paths, but its library
# still references the symbol. So each layer library's undefined symbols
# may be defined only in the libraries of the layers it may use, and
# SQLite, cJSON, libcurl and curses may be called only from store/,
# importers/, live/ and tui/. The build runs this before linking canopy
# (layer-symbols.stamp); make check runs it as a test too.
#	check-layer-symbols.sh [BUILDDIR]
nm=${CANOPY_NM:-nm}
cd "${1:-${CANOPY_BUILDDIR:-.}}" || exit 1
# configure sets NM to ":" when it finds no nm.
[ "$nm" != : ] && command -v "$nm" >/dev/null 2>&1 || {
	echo "check-layer-symbols: no $nm, skipped"; exit 77; }
t=$(mktemp -d) || exit 1
trap 'rm -rf "$t"' EXIT
rc=0

# The libraries of the layers, and what each may call. A layer without code
# yet has no library and is skipped.
libs="core store imp theme tui live analysis query cli"
may() {
	case $1 in
	core)	echo "" ;;
	tui)	echo "query store theme live analysis core" ;;
	query)	echo "store analysis core" ;;
	cli)	echo "core store imp theme tui live analysis query" ;;
	*)	echo "core" ;;
	esac
}
# Library calls that belong to one layer: PATTERN OWNER NAME. curses has
# no prefix, so its entry names the calls a screen cannot do without.
curses=$(tr -s ' \n' '|' <<'EOF' | sed 's/^|//; s/|$//'
initscr endwin newterm set_term delscreen newwin delwin subwin derwin
wrefresh wnoutrefresh doupdate wmove waddch waddstr waddnstr wadd_wch
waddnwstr wprintw mvwprintw printw mvprintw wattr_on wattr_off wattron
wattroff wattrset wbkgd wbkgdset werase wclear wclrtoeol wgetch wget_wch
getch keypad nodelay cbreak nocbreak noecho echo raw noraw curs_set
start_color use_default_colors init_pair init_color has_colors stdscr
curscr LINES COLS COLORS COLOR_PAIRS resizeterm keyname setupterm tigetstr
tputs set_escdelay
EOF
)
cat >"$t/owned" <<EOF
^sqlite3_ store SQLite
^cJSON_ imp,live cJSON
^curl_ live libcurl
^($curses)\$ tui curses
EOF

present=""
for l in $libs; do
	a=libcn$l.a
	[ -f "$a" ] || continue
	present="$present $l"
	"$nm" -u "$a" 2>/dev/null | awk '$1 == "U" { print $2 }' |
	    sort -u >"$t/$l.u"
	"$nm" -g --defined-only "$a" 2>/dev/null |
	    awk 'NF == 3 && $2 ~ /^[A-TV-Z]$/ { print $3 }' | sort -u >"$t/$l.d"
done

for l in $present; do
	allowed=" $l $(may "$l") "
	for m in $present; do
		case $allowed in *" $m "*) continue ;; esac
		comm -12 "$t/$l.u" "$t/$m.d" | head -5 | while read -r s; do
			echo "layer breach: libcn$l.a calls $s of libcn$m.a" \
			    "($l may use:$(may "$l" | sed 's/^/ /;s/^ $/ nothing/'))"
		done >>"$t/breaches"
	done
	while read -r pat owner name; do
		case ",$owner," in *",$l,"*) continue ;; esac
		grep -E "$pat" "$t/$l.u" | head -5 | while read -r s; do
			echo "layer breach: libcn$l.a calls $s ($name is for" \
			    "$(echo "$owner" | sed 's/\([a-z]*\)/libcn\1.a/g;
			    s/,/ and /') only)"
		done >>"$t/breaches"
	done <"$t/owned"
done

# The check must see the calls that are allowed, or it proves nothing.
seen() {
	[ -f "$t/$1.u" ] && [ -f "$t/$3.d" ] || return 0
	comm -12 "$t/$1.u" "$t/$3.d" | grep -q . || {
		echo "check-layer-symbols: libcn$1.a calls nothing of" \
		    "libcn$3.a ($2): is nm reading the libraries?"
		rc=1
	}
}
seen tui "the tree model reads the store" store
seen cli "the pipe keeps the importers' report" imp
seen store "the store uses util" core
seen query "a disagreement list reads traces" store
seen query "a disagreement list scores them" analysis
seen tui "the comparison views ask the query layer" query
for p in "store ^sqlite3_" "imp ^cJSON_" "tui ^wmove$"; do
	set -- $p
	[ -f "$t/$1.u" ] && ! grep -qE "$2" "$t/$1.u" && {
		echo "check-layer-symbols: libcn$1.a calls no $2: is nm" \
		    "reading the libraries?"
		rc=1
	}
done

if [ -s "$t/breaches" ]; then
	cat "$t/breaches"
	rc=1
fi
[ $rc -eq 0 ] && echo "layer symbols ok:$present"
exit $rc

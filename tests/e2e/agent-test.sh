#!/bin/sh
# agent-test.sh - reviewing an agent run (the real SWE-Search tree): rows
# show the action and its main argument, the detail pane the headline, the
# thoughts, the arguments as lines, the observation under its heading and
# the edit's diff coloured (dark theme, then :theme mono's attributes);
# / finds text that is only in an observation; escapes in the thoughts are
# shown spelled out, never sent to the terminal.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

real=$CANOPY_SRCDIR/tests/fixtures/real/moatless
db_import "$real/search_tree.claude-3-5-haiku.django-cache.json" \
    "$CANOPY_SRCDIR/tests/import/moatless/edit-3.in"
t=search_tree.claude-3-5-haiku.django-cache
tm new-session -d -s cn -x 180 -y 60 "sleep 1000" || fail "tmux new-session"
tm set -g window-size manual >/dev/null
tm set -g remain-on-exit on >/dev/null
echo "set theme dark" >"$XDG_CONFIG_HOME/canopy/config"
start_tui "$t"
wait_for "$t/3 #"

# The rows: the action and its main argument, not the thoughts.
wait_for '^│ ▾ SemanticSearch FileBasedCache has_'
wait_for '^│ │ ▾ StringReplace django/core/cache/'
wait_for '^│ │ │   Finish  +0 '
screen | grep -q "I'll help address" && fail "a row shows the thoughts"
keys g j
wait_for "$t/1 #"

# The detail pane: headline, thoughts, arguments one to a line.
wait_for '│action$'
wait_for '│SemanticSearch FileBasedCache has_key method implementation$'
wait_for "│I'll help address this race condition"
wait_for '│query: FileBasedCache has_key method implementation$'
wait_for '│category: implementation$'
wait_for '│observation$'
wait_for '│Found the following relevant code:$'

# The edit: old_str over several lines, no \n escapes; its diff below the
# observation's message, coloured.
keys j
wait_for "$t/2 #"
wait_for '│old_str:$'
wait_for '│      def has_key\(self, key, version=None\):$'
screen | grep -q '\\n' && fail "the detail pane shows \\n escapes"
# The pane scrolls no further than its last page: J to the end.
keys J J J J J J J J
wait_for '│@@ -90,10 \+90,11 @@$'
# Whole lines: the role's attribute starts right after the border.
line() { tm capture-pane -p -e -t cn | grep -F -- "$1"; }
esc=$(printf '\033')
# diff_drawn THEME ADD DEL HUNK: the SGR codes of the three kinds of line.
diff_drawn() {
	for x in "$2 +        try:" "$3 -        if os.path.exists" \
	    "$4 @@ -90,10"; do
		sgr=${x%% *} text=${x#* }
		line "$text" | grep -qF "│${esc}[${sgr}m$text" ||
		    fail "$1: want SGR $sgr on '$text': $(line "$text" | cat -v)"
	done
}
diff_drawn dark 32 31 36
line '     def has_key(self, key, version=None):' | grep -q "${esc}\[3[12]m" &&
    fail "a context line is coloured"

# Monochrome: bold, dim and underline instead of colours.
keys : 'theme mono' Enter
wait_for 'theme mono'
keys J J J J J J J J
wait_for '│@@ -90,10 \+90,11 @@$'
diff_drawn mono 1 2 4

# / searches the observations: "snippet" is only in node 2's.
keys g
wait_for "$t/0 #"
keys / snippet Enter
wait_for "$t/2 #.*/snippet \\(1\\)"

# Trace text with an escape sequence: spelled out on the row's detail.
keys : 'goto edit-3/2' Enter
wait_for 'edit-3/2 #'
wait_for '│StringReplace django/core/cache/backends/filebased\.py$'
wait_for '│Catch the error \\x1b\[31minstead\\x1b\[0m\.$'
quit_ok
finish

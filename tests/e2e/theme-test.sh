#!/bin/sh
# theme-test.sh - every shipped theme (set theme NAME in the config),
# compared in colour (capture-pane -e); :theme switches at run time; a
# bad config line is reported in the status line, not fatal.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
for f in "$CANOPY_SRCDIR"/themes/*.theme; do
	name=$(basename "$f" .theme)
	echo "set theme $name" >"$XDG_CONFIG_HOME/canopy/config"
	start_tui sheep
	wait_for 'sheep/a1 #'
	snapshot "theme-$name" -e
	quit_ok
done

# Switching at run time.
echo "set theme dark" >"$XDG_CONFIG_HOME/canopy/config"
start_tui sheep
wait_for 'sheep/a1 #'
keys : 'theme light' Enter
wait_for 'theme light'
tm capture-pane -p -e -t cn | sed 's/[[:space:]]*$//' >"$T/light-live"
sed 's/[[:space:]]*$//' "$E2E/snapshots/theme-light.screen" |
    grep -v 'sheep/a1 ' >"$T/light-want"
grep -v 'sheep/a1 ' "$T/light-live" >"$T/light-got"
diff -u "$T/light-want" "$T/light-got" >/dev/null ||
    fail ":theme light does not draw like the light theme"
keys : 'theme nosuch' Enter
wait_for 'theme: '
# A theme that cannot be loaded leaves the current one (it used to fall
# back to dark): after mono, the screen stays mono.
keys : 'theme mono' Enter
wait_for 'theme mono'
keys : 'theme nosuch' Enter
wait_for 'theme: '
tm capture-pane -p -e -t cn | sed 's/[[:space:]]*$//' |
    grep -v 'sheep/a1 ' >"$T/mono-got"
sed 's/[[:space:]]*$//' "$E2E/snapshots/theme-mono.screen" |
    grep -v 'sheep/a1 ' >"$T/mono-want"
diff -u "$T/mono-want" "$T/mono-got" ||
    fail ":theme nosuch after :theme mono changed the colours"
quit_ok

# A bad line: the message shows, the rest of the config applies.
printf 'set theme mono\nset colour red\n' >"$XDG_CONFIG_HOME/canopy/config"
start_tui sheep
wait_for 'config:2:5: unknown option'
quit_ok
finish

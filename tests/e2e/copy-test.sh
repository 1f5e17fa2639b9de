#!/bin/sh
# copy-test.sh - :copy and Y (issue 12): with `set clipboard off` the
# address (or a one-line report) is shown on the status line to copy by
# hand; with OSC 52 on, inside tmux with set-clipboard on, the address
# lands in tmux's paste buffer, which is what the terminal's clipboard
# gets through tmux. A bad argument says what it expects.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
echo 'set clipboard off' >"$XDG_CONFIG_HOME/canopy/config"
start_tui --author ann sheep
wait_for 'sheep/a1 #'

keys Y
wait_for 'copy by hand: sheep/a1$'
keys : 'copy report' Enter
wait_for 'copy by hand: sheep/a1: The farmer has 9 sheep left\. The'
keys : 'copy nonsense' Enter
wait_for 'copy: expected address or report'
# Up one row: the copy follows the cursor.
keys k Y
wait_for 'copy by hand: sheep/a$'

# OSC 52 through tmux: set-clipboard on makes tmux take it as a buffer.
tm set -g set-clipboard on >/dev/null
tm delete-buffer >/dev/null 2>&1
keys : 'set clipboard osc52' Enter
keys j Y
wait_for 'copied \(OSC 52\): sheep/a1$'
i=0
while [ "$(tm show-buffer 2>/dev/null)" != "sheep/a1" ]; do
	i=$((i + 1))
	[ $i -lt 50 ] || fail "tmux buffer: '$(tm show-buffer 2>&1)'"
	sleep 0.1
done
keys : 'set clipboard sometimes' Enter
wait_for 'clipboard: expected auto, osc52 or off'
quit_ok
finish

#!/bin/sh
# katago.sh - KataGo's real analysis output imports into a fresh database
# with format detection; `canopy stats --json` counts one trace (every
# query uses id "foo"), its root, 5 turns, 9 moves and 17 pv nodes.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"
. "$CANOPY_SRCDIR/tests/import/lib-stats.sh"

check_import katago real/katago/basic.responses.jsonl \
    '{"traces":1,"nodes":32,"annotations":0,"preferences":0,"imports":1,"signals":{"visits":14,"q":14,"prior":9,"lcb":9,"scoreLead":14,"utility":14}}'
check_node foo/t72/J9 '{"address":"foo/t72%2FJ9","parent":"foo/t72","depth":2,"role":"action","text":"J9","observation":null,"terminal":false,"chosen":false,"signals":{"visits":1,"q":0.0405833516,"prior":0.179644421,"lcb":-1.20941665,"scoreLead":-9.38220215,"utility":-1.03298864}'
check_node foo/t2.2%2FD4%2F2 '{"address":"foo/t2.2%2FD4%2F2","parent":"foo/t2.2%2FD4%2F1","depth":4,"role":"action","text":"C4"'
finish

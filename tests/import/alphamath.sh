#!/bin/sh
# alphamath.sh - the AlphaMath / Super_MARIO fixtures (written from
# Super_MARIO's code: no real dump was available) import into a fresh
# database with format detection; `canopy stats --json` counts them.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"
. "$CANOPY_SRCDIR/tests/import/lib-stats.sh"

check_import alphamath alphamath/mcts.jsonl \
    '{"traces":2,"nodes":8,"annotations":0,"preferences":0,"imports":1,"signals":{"visits":8,"q":7,"prior":8,"value":6}}'
# Children come before their parents on this line: the store links them.
check_node gsm8k-17/0.0.0 '{"address":"gsm8k-17/0.0.0","parent":"gsm8k-17/0.0","depth":2,"role":"step","text":"Thought: 12 / 4 = 3.\nFinal Answer: 3","observation":null,"terminal":true'
check_import alphamath alphamath/step-beam.jsonl \
    '{"traces":1,"nodes":3,"annotations":0,"preferences":0,"imports":1,"signals":{"value":2}}'
finish

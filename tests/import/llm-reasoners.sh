#!/bin/sh
# llm-reasoners.sh - the llm-reasoners TreeLog fixtures (written from
# tree_log.py: no real TreeLog JSON was available) import into a fresh
# database with format detection; `canopy stats --json` counts them.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"
. "$CANOPY_SRCDIR/tests/import/lib-stats.sh"

check_import llm-reasoners reasoners/mcts-rap-gsm8k.json \
    '{"traces":1,"nodes":5,"annotations":0,"preferences":0,"imports":1,"signals":{"q":4,"reward":4,"r_conf":4,"r_useful":4}}'
check_node mcts-rap-gsm8k/14 '{"address":"mcts-rap-gsm8k/14","parent":"mcts-rap-gsm8k/12","depth":3,"role":"step"'
check_node mcts-rap-gsm8k/14 '"chosen":true,"signals":{"q":0.9,"reward":0.9,"r_conf":1,"r_useful":0.95}'
check_import llm-reasoners reasoners/beam-search.json \
    '{"traces":1,"nodes":4,"annotations":0,"preferences":0,"imports":1,"signals":{"reward":3}}'
finish

#!/bin/sh
# math-shepherd.sh - Math-Shepherd records in both shapes (hand-written
# fixtures: no real file is public outside the HF hub) import with one
# automatic "shepherd" label per step and no annotations.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"
. "$CANOPY_SRCDIR/tests/import/lib-stats.sh"
fx="$CANOPY_SRCDIR/tests/fixtures/shepherd"

import_each math-shepherd "$fx/math-shepherd.sample.jsonl" \
    '{"traces":3,"nodes":12,"annotations":0,"preferences":0,"imports":1,"signals":{"shepherd":9}}' \
    "tagged: 3 traces, 12 nodes, 9 step labels" \
    "$fx/trl-stepwise.sample.jsonl" \
    '{"traces":5,"nodes":20,"annotations":0,"preferences":0,"imports":2,"signals":{"shepherd":15}}' \
    "TRL stepwise adds 2 traces, 8 nodes, 6 step labels"
finish

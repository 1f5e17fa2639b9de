#!/bin/sh
# processbench.sh - the real ProcessBench samples (gsm8k, math) import
# with one rating per step up to the first error and the outcome.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"
. "$CANOPY_SRCDIR/tests/import/lib-stats.sh"
fx="$CANOPY_SRCDIR/tests/fixtures/real/processbench"

import_each processbench "$fx/gsm8k.sample.json" \
    '{"traces":6,"nodes":39,"annotations":23,"preferences":0,"imports":1,"signals":{"outcome":6}}' \
    "gsm8k: 6 traces, 39 nodes, 23 step ratings" \
    "$fx/math.sample.json" \
    '{"traces":9,"nodes":66,"annotations":38,"preferences":0,"imports":2,"signals":{"outcome":9}}' \
    "math adds 3 traces, 27 nodes, 15 step ratings"
finish

#!/bin/sh
# prm800k-scored.sh - OpenAI's scored sample imports with its per-step PRM
# probabilities, PRM/ORM scores and outcome; samples of one problem, even
# apart, make one trace.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"
. "$CANOPY_SRCDIR/tests/import/lib-stats.sh"
fx="$CANOPY_SRCDIR/tests/fixtures/real/prm800k/scored_test_samples.sample.jsonl"

import_each prm800k-scored "$fx" \
    '{"traces":1,"nodes":5,"annotations":0,"preferences":0,"imports":1,"signals":{"outcome":1,"orm_score":1,"prm":4,"prm:p-1":4,"prm:p0":4,"prm_score":1}}' \
    "1 trace, root + 4 steps, 3 probabilities per step"

# The same sample twice around another problem: 2 traces, one forest.
p='{"problem": "Q", "unique_id": "q", "steps": ["s"], "rating_probs": [{"-1": 0, "0": 0, "1": 1}]}'
{ cat "$fx"; echo "$p"; cat "$fx"; } >three.jsonl
import_ok c.db --format prm800k-scored three.jsonl
stats_is c.db '{"traces":2,"nodes":11,"annotations":0,"preferences":0,"imports":1,"signals":{"outcome":2,"orm_score":2,"prm":9,"prm:p-1":9,"prm:p0":9,"prm_score":2}}' \
    "samples of one problem share a root"
run show --db "$T/c.db" test/precalculus/779.json/2.4
expect_rc 0 "address test/precalculus/779.json/2.4"
finish

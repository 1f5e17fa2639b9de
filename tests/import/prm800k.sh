#!/bin/sh
# prm800k.sh - the real PRM800K phase 1 and phase 2 samples import into a
# fresh database, chosen by name and by sniffing, with the counts python3
# finds in them; --skip-bad keeps the good records of a damaged copy.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"
. "$CANOPY_SRCDIR/tests/import/lib-stats.sh"
fx="$CANOPY_SRCDIR/tests/fixtures/real/prm800k"

# Sniffing picks prm800k for both files (import_each, b.db).
import_each prm800k "$fx/phase1_train.sample.jsonl" \
    '{"traces":2,"nodes":141,"annotations":121,"preferences":0,"imports":1,"signals":{}}' \
    "phase 1: 2 traces, 141 nodes, 121 ratings" \
    "$fx/phase2_train.sample.jsonl" \
    '{"traces":6,"nodes":227,"annotations":164,"preferences":0,"imports":2,"signals":{"verifier":4}}' \
    "phase 2 adds 4 traces, 86 nodes, 43 ratings, 4 verifier scores"

# A damaged second record: refused whole without --skip-bad, skipped with.
{ sed -n 1p "$fx/phase1_train.sample.jsonl"; echo '{"labeler": 1}'; } >bad.jsonl
run import --db "$T/c.db" --format prm800k bad.jsonl
if [ "$rc" -ne 0 ]; then pass; else
	fail "a bad record without --skip-bad must fail the import"; fi
expect_err 'bad\.jsonl:2:2: labeler: expected a string, not number' \
    "the error names bad.jsonl:2:2"
import_ok c.db --format prm800k --skip-bad bad.jsonl
stats_is c.db '{"traces":1,"nodes":16,"annotations":14,"preferences":0,"imports":1,"signals":{}}' \
    "--skip-bad keeps the first record"
finish

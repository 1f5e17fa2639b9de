#!/bin/sh
# moatless.sh - each real moatless file (a current-layout search tree, an
# older node layout, legacy transitions) imports into a fresh database
# with format detection; `canopy stats --json` counts what the file holds
# (counted from the files with python3).
. "$CANOPY_SRCDIR/tests/cli/lib.sh"
. "$CANOPY_SRCDIR/tests/import/lib-stats.sh"

check_import moatless \
    real/moatless/search_tree.claude-3-5-haiku.django-cache.json \
    '{"traces":1,"nodes":4,"annotations":0,"preferences":0,"imports":1,"signals":{"visits":4,"reward":1}}'
t=search_tree.claude-3-5-haiku.django-cache
check_node "$t/0" '{"address":"'$t'/0","parent":null,"depth":0,"role":"root","text":"FileBasedCache has_key is susceptible to race conditions\nDescription'
check_node "$t/3" '"parent":"'$t'/2","depth":3,"role":"action"'
check_import moatless \
    real/moatless/search_tree.one_node.legacy_action_fields.json \
    '{"traces":1,"nodes":1,"annotations":0,"preferences":0,"imports":1,"signals":{"visits":1,"reward":1}}'
check_import moatless real/moatless/legacy_transitions.django__django-16139.trajectory-correction.json \
    '{"traces":1,"nodes":10,"annotations":0,"preferences":0,"imports":1,"signals":{"visits":10}}'
t=legacy_transitions.django__django-16139.trajectory-correction
check_node "$t/9" '{"address":"'$t'/9","parent":"'$t'/8","depth":9,"role":"action","text":"Finished"'
# The import hashed the document as it read it: the file is known again.
run import "$CANOPY_SRCDIR/tests/fixtures/real/moatless/$t.json"
expect_rc 0 "$t: import again"
expect_out "$t\\.json: already imported on " "$t: recognised by its sha256"
finish

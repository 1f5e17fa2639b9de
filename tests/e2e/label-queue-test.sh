#!/bin/sh
# label-queue-test.sh - queue mode (issue 12): Q walks the unlabeled steps
# of the trace in a chosen order (tree, fewest visits, random with a
# seed), one key per label with auto-advance and a progress counter; it
# resumes where it stopped, in the same session and after a restart.
. "$CANOPY_SRCDIR/tests/e2e/lib.sh"

db_import "$E2E/fixtures/small.canopy.jsonl"
start_tui --author ann sheep
wait_for 'sheep/a1 #'

# Tree order: a, a1, a2, b, b1, b1a, c, c1 (the root is the problem).
keys Q
wait_for '^queue order \(tree, visits, random SEED, disagree SIG SIG\): tree'
keys Enter
wait_for 'sheep/a #.*queue tree 1/8'
keys y
wait_for 'sheep/a1 #.*queue tree 2/8'
keys b
wait_for 'sheep/a2 #.*queue tree 3/8'
# Leave, wander off, come back: the queue resumes at a2.
keys Q
wait_for 'queue left \(Q resumes it\)'
keys r
wait_for 'sheep/r #'
keys Q Enter
wait_for 'sheep/a2 #.*queue tree 3/8'
keys m
wait_for 'sheep/b #.*queue tree 4/8'
keys Q
wait_for 'queue left'

# Fewest visits first: c1 (1), c (2), a2 (3, labeled: skipped), b1a (9).
keys Q BSpace BSpace BSpace BSpace visits Enter
wait_for 'sheep/c1 #.*queue visits 1/8'
keys y
wait_for 'sheep/c #.*queue visits 2/8'
keys y
wait_for 'sheep/b1a #.*queue visits 4/8'
keys Q
wait_for 'queue left'
# An order it does not know is said, and nothing starts.
keys Q BSpace BSpace BSpace BSpace BSpace BSpace sideways Enter
wait_for "queue: unknown order 'sideways'"
quit_ok

# After a restart the same order starts at the first step still unlabeled.
start_tui --author ann sheep
wait_for 'sheep/a1 #'
keys Q Enter
wait_for 'sheep/b #.*queue tree 4/8'
# A seeded shuffle is the same on every run.
keys Q
wait_for 'queue left'
keys Q BSpace BSpace BSpace BSpace 'random 7' Enter
wait_for 'queue random 7 [0-9]/8'
first=$(screen | sed -n 's/^\(sheep\/[a-z0-9]*\) #.*queue random 7 \([0-9]\)\/8.*/\1 \2/p')
[ -n "$first" ] || fail "no queue position"
quit_ok
start_tui --author ann sheep
wait_for 'sheep/a1 #'
keys Q BSpace BSpace BSpace BSpace 'random 7' Enter
wait_for 'queue random 7 [0-9]/8'
again=$(screen | sed -n 's/^\(sheep\/[a-z0-9]*\) #.*queue random 7 \([0-9]\)\/8.*/\1 \2/p')
[ "$first" = "$again" ] || fail "random 7 went to '$again', then '$first'"
quit_ok
finish

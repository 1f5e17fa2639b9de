#!/bin/sh
# analysis.sh - canopy derive, calibrate, disagree, hist and diff on two
# small traces whose numbers are worked out by hand in the comments.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

# t1:  r ─┬─ a ─┬─ a1  outcome 1, reward 1
#         │     └─ a2  outcome 0, reward 0.5
#         ├─ b ─── b1  outcome 0, reward 0 (no prm:x)
#         └─ c         a leaf without outcome
# t2:  r ─┬─ a ─── a1  (same texts as t1; a's q differs, a1 has no reward)
#         └─ d         outcome 0
cat >an.jsonl <<'JSONL'
{"type":"trace","id":"t1","problem":"p"}
{"type":"node","trace":"t1","id":"r","parent":null,"text":"What is 1+1?","signals":{"q":0.5}}
{"type":"node","trace":"t1","id":"a","parent":"r","text":"step a","signals":{"q":0.9,"prm:x":0.2}}
{"type":"node","trace":"t1","id":"b","parent":"r","text":"step b","signals":{"q":0.4,"prm:x":0.8}}
{"type":"node","trace":"t1","id":"c","parent":"r","text":"step c","signals":{"q":0.4,"prm:x":0.6}}
{"type":"node","trace":"t1","id":"a1","parent":"a","text":"answer 2","signals":{"q":0.8,"prm:x":0.9,"reward":1,"outcome":1},"labels":[{"author":"h","rating":1}]}
{"type":"node","trace":"t1","id":"a2","parent":"a","text":"answer 3","signals":{"q":0.1,"prm:x":0.3,"reward":0.5,"outcome":0},"labels":[{"author":"h","rating":-1}]}
{"type":"node","trace":"t1","id":"b1","parent":"b","text":"answer 4","signals":{"q":0.3,"reward":0,"outcome":0}}
{"type":"trace","id":"t2","problem":"p"}
{"type":"node","trace":"t2","id":"r","parent":null,"text":"What is 1+1?","signals":{"q":0.5}}
{"type":"node","trace":"t2","id":"a","parent":"r","text":"step a","signals":{"q":0.7}}
{"type":"node","trace":"t2","id":"a1","parent":"a","text":"answer 2","signals":{"q":0.8,"outcome":1}}
{"type":"node","trace":"t2","id":"d","parent":"r","text":"new step","signals":{"outcome":0}}
JSONL
run import an.jsonl
expect_rc 0 "import"

# mc: r 1/3 (a1, a2, b1; c has no outcome), a 1/2, b 0; c gets none.
# best_leaf: the best leaf reward below; delta:q: q minus the parent's q.
run derive --delta q --diff q,prm:x
expect_rc 0 "derive"
expect_out '^  mc +10 values$' "mc on every node with a terminal descendant"
expect_out '^  delta:q +8 values$' "delta:q where a node and its parent have q"
expect_out '^  q-prm:x +5 values$' "q-prm:x where both exist"
run show t1 --signals mc,mc_hard,best_leaf,delta:q,q-prm:x
cat >expected <<'TXT'
r  [root]  What is 1+1?  best_leaf=1 mc=0.3333 mc_hard=1
  a  [step]  step a  best_leaf=1 delta:q=0.4 mc=0.5 mc_hard=1 q-prm:x=0.7
    a1  [step]  answer 2  best_leaf=1 delta:q=-0.1 mc=1 mc_hard=1 q-prm:x=-0.1
    a2  [step]  answer 3  best_leaf=0.5 delta:q=-0.8 mc=0 mc_hard=0 q-prm:x=-0.2
  b  [step]  step b  best_leaf=0 delta:q=-0.1 mc=0 mc_hard=0 q-prm:x=-0.4
    b1  [step]  answer 4  best_leaf=0 delta:q=-0.1 mc=0 mc_hard=0
  c  [step]  step c  delta:q=-0.1 q-prm:x=-0.2
TXT
if cmp -s expected "$T/out"; then pass; else
	fail "derived values differ from the hand-computed ones"
	diff expected "$T/out"
fi

# Deriving again (all traces, then one) replaces: the counts stay.
run derive
run derive --trace t1
expect_rc 0 "derive --trace"
run stats
expect_out '^  mc +10$' "re-deriving does not duplicate mc"
expect_out '^  delta:q +8$' "delta:q kept by a derive without --delta"

run derive --diff q
expect_rc 2 "derive --diff with one signal"
expect_err "two signals A,B" "--diff names its form"
run derive --trace nosuch
expect_rc 1 "derive of a missing trace"
expect_err "no trace 'nosuch'" "the missing trace is named"

# Ranks among r's children: q a 1, b = c 0.25; prm:x a 0, b 1, c 0.5.
run disagree q prm:x --trace t1 -n 2
expect_rc 0 "disagree"
expect_out '^q vs prm:x on scale rank \(.*\): 2 worst of 5 scored nodes$' \
    "disagree says the scale and the count"
sed -n '3,4p' "$T/out" >got
cat >expected <<'TXT'
 1.000  0.9 vs 0.2 (1.00 vs 0.00)  t1/a  step a
 0.750  0.4 vs 0.8 (0.25 vs 1.00)  t1/b  step b
TXT
if cmp -s expected got; then pass; else
	fail "disagree rows"; diff expected got; fi
run disagree q prm:x --scale norm --json -n 1
expect_rc 0 "disagree --json"
expect_out '^\{"address":"t1/a","score":1,"q":0.9,"prm:x":0.2,"scaled":\[1,0\],"text":"step a"\}$' \
    "norm: a is highest in q and lowest in prm:x"
run disagree q nosuch
expect_rc 1 "disagree with a missing signal"
expect_err "no node has signal 'nosuch'" "the missing signal is named"
run disagree q prm:x --scale z
expect_rc 2 "bad --scale"

# q against outcome in t1 and t2: (0.8,1) (0.1,0) (0.3,0) (0.8,1).
# Brier (0.04 + 0.01 + 0.09 + 0.04) / 4 = 0.045; AUROC 1.
run calibrate --signal q --against outcome --bins 2
expect_rc 0 "calibrate"
expect_out '^  0\.00-0\.50         2     0\.200     0\.000  \|$' "low bin"
expect_out '^  0\.50-1\.00         2     0\.800     1\.000  \|#{30}$' \
    "high bin with its bar"
expect_out '^  Brier 0\.0450  AUROC 1\.0000$' "Brier and AUROC"
run calibrate --signal q --against outcome --bins 2 --by-depth --json
expect_rc 0 "calibrate --json"
expect_out '"overall":\{"n":4,"scaled":false,"brier":0\.04(5|49999)' "json overall"
expect_out '"by_depth":\[\{"depth":2,"n":4,' "json per depth"
# Human ratings (+1, -1) read as 1 and 0: (0.9,1) (0.3,0): Brier 0.05.
run calibrate --signal prm:x --against rating
expect_rc 0 "calibrate against ratings"
expect_out '^  Brier 0\.0500  AUROC 1\.0000$' "against ratings"
run calibrate --signal q
expect_rc 2 "calibrate without --against"

run hist q --bins 2 --trace t1 --by-depth
expect_rc 0 "hist"
expect_out '^q: 7 values in \[0\.1, 0\.9\]$' "hist range"
expect_out '^depth 1: 3 values$' "hist per depth"

# a's q and a1's reward differ; a2, b, b1 and c only in t1, d only in t2.
run diff t1 t2
expect_rc 0 "diff"
cat >expected <<'TXT'
diff t1 t2: 3 aligned by step text (2 with different values), 4 only in A (-), 1 only in B (+)
  What is 1+1?
~   step a  q 0.9 -> 0.7
~     answer 2  reward 1 -> -
-     answer 3
-   step b
-     answer 4
-   step c
+   new step
TXT
if cmp -s expected "$T/out"; then pass; else
	fail "diff output"; diff expected "$T/out"; fi
run diff t1/a t2/a --json
expect_rc 0 "diff of two subtrees"
expect_out '^\{"a":"t1/a","b":"t2/a","aligned":2,"changed":2,"only_a":1,"only_b":0\}$' \
    "diff --json summary"
expect_out '"status":"changed","depth":0,"a":"t1/a","b":"t2/a","text":"step a","changed":\{"q":\[0\.9,0\.7\]\}' \
    "diff --json names the changed signal"
# One side a leaf: nothing to align below it (UBSan once saw qsort(NULL)).
run diff t1/b t2/d
expect_rc 0 "diff of a subtree and a leaf"
expect_out '^-   answer 4$' "the leaf's missing child is listed"
run diff t1 nosuch
expect_rc 1 "diff with a missing side"
expect_err "no trace or node 'nosuch'" "the missing side is named"

# Deriving is explicit (it would add ~30% to an import): both helps say so.
run import --help
expect_out 'run canopy derive afterwards' "import --help points to derive"
run derive --help
expect_rc 0 "derive --help"
expect_out 'Imports do not derive' "derive --help says it is explicit"

# No node of t2 has both q and reward: an empty list (UBSan once saw
# qsort(NULL) here, in the CLI and in the TUI's :disagree).
run disagree q reward --trace t2
expect_rc 0 "disagree with nothing to compare"
expect_out ': 0 worst of 0 scored nodes$' "the empty list says so"

# import --derive: the same derive, once the files are in, into a new file.
run import --db derived.db --derive an.jsonl
expect_rc 0 "import --derive"
expect_out '^  mc +10 values$' "import --derive derives mc"
run show --db derived.db t1 --signals mc,mc_hard,best_leaf
sed -n 1p "$T/out" >first
if grep -qx 'r  \[root\]  What is 1+1?  best_leaf=1 mc=0.3333 mc_hard=1' first
then pass; else fail "import --derive gave other values: $(cat first)"; fi
# Not over a failed import: the good file is kept, nothing is derived.
printf '{"type":"node","trace":"x","id":"n","parent":"nosuch"}\n' >bad.jsonl
run import --db fresh.db --derive an.jsonl bad.jsonl
expect_rc 1 "import --derive with a bad file"
run show --db fresh.db t1 --signals mc
expect_rc 0 "the good file was imported"
sed -n 1p "$T/out" >first
if grep -qx 'r  \[root\]  What is 1+1?' first; then pass; else
	fail "a failed import --derive derived: $(cat first)"; fi
run import --derive --follow an.jsonl
expect_rc 2 "--derive with --follow"
expect_err 'does not go with --follow' "the usage error names --follow"

finish

#!/bin/sh
# bundle.sh - `canopy annotations export|import` (issue 12): one author's
# labels move between two databases imported from the same file and come
# back the same; a second import adds nothing; conflicts are listed with
# file:line and address and keep this copy's label; unknown addresses and
# bad lines write nothing; --dry-run counts without writing.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

export CANOPY_NOW=1700000000
unset CANOPY_AUTHOR
SMALL="$CANOPY_SRCDIR/tests/e2e/fixtures/small.canopy.jsonl"
run import --db a.db "$SMALL"
expect_rc 0 "import a"
run import --db b.db "$SMALL"
expect_rc 0 "import b"

# ann labels in a.db.
run annotate --db a.db sheep/a1 --first-error --author ann
expect_rc 0 "first error"
run annotate --db a.db sheep/c --tag detour --note "slow but right" \
    --author ann
expect_rc 0 "tag and note"
run annotate --db a.db tiny/x --rating 1 --author ann
expect_rc 0 "rate tiny"
run prefer --db a.db sheep/a sheep/b --note "reads it right" --author ann
expect_rc 0 "prefer"
run annotate --db a.db sheep/b --rating 1 --author bob
expect_rc 0 "bob's label"

run annotations export --db a.db --author ann -o ann.jsonl
expect_rc 0 "export"
expect_err "annotations export: 4 labels, 1 preference" "export counts"
if head -1 ann.jsonl | grep -q \
    '^{"type":"canopy-annotations","version":1,"author":"ann","created":1700000000}$'
then pass; else fail "bundle header: $(head -1 ann.jsonl)"; fi
grep -q '"bob"' ann.jsonl && fail "another author's label exported"
[ "$(wc -l <ann.jsonl)" -eq 6 ] && pass || fail "bundle lines"
run annotations export --db a.db --author ann --trace tiny
expect_rc 0 "export one trace"
[ "$(wc -l <"$T/out")" -eq 2 ] && expect_out '"address":"tiny/x"' \
    "trace filter" || fail "--trace: $(cat "$T/out")"
run annotations export --db a.db --trace nosuch
expect_rc 1 "unknown trace"

# Dry run: counts, writes nothing.
run annotations --db b.db --author ann
cp "$T/out" b-before.txt
run annotations import --db b.db ann.jsonl --dry-run
expect_rc 0 "dry run"
expect_out "^ann \(dry run\): labels: 4 to add, 0 to update, 0 unchanged,"\
" 0 conflicts, 0 missing; preferences: 1 to add" "dry-run counts"
run annotations --db b.db --author ann
cmp -s b-before.txt "$T/out" && pass || fail "dry run wrote"

# The round trip: b.db then lists exactly what a.db does for ann.
run annotations import --db b.db ann.jsonl
expect_rc 0 "import"
expect_out "^ann: labels: 4 added, 0 updated, 0 unchanged, 0 conflicts,"\
" 0 missing; preferences: 1 added, 0 updated, 0 unchanged" "import counts"
for f in a b; do
	"$CANOPY_BIN" annotations --db $f.db --author ann --json >$f.ann
done
cmp -s a.ann b.ann && pass || fail "round trip differs: $(diff a.ann b.ann)"
# The first error's +1 above it came along too; the root stays unlabeled.
grep -q '"address":"sheep/a","author":"ann","rating":1' b.ann && pass ||
    fail "the +1 above the first error"

# A second import adds nothing.
run annotations import --db b.db ann.jsonl
expect_rc 0 "second import"
expect_out "labels: 0 added, 0 updated, 4 unchanged, 0 conflicts" \
    "second import: labels unchanged"
expect_out "preferences: 0 added, 0 updated, 1 unchanged" \
    "second import: preference unchanged"
"$CANOPY_BIN" annotations --db b.db --json >b.all
[ "$(grep -c '"author":"ann"' b.all)" -eq 5 ] && pass ||
    fail "duplicates after a second import"

# Conflicts: bob rated a1 +1 in b.db; ann's bundle as bob says -1.
run annotate --db b.db sheep/a1 --rating 1 --author bob
run annotations import --db b.db ann.jsonl --author-as bob
expect_rc 0 "import with conflicts"
expect_err "ann.jsonl:4: sheep/a1: conflict, kept this copy's \(rating:"\
" here \+1, bundle -1 \(first error\)\)" "conflict listed"
expect_out "^bob: labels: 3 added, 0 updated, 0 unchanged, 1 conflict," \
    "conflict counted"
run annotations --db b.db --author bob --json
expect_out '"address":"sheep/a1","author":"bob","rating":1,' \
    "this copy's label kept"

# Unknown addresses: file:line, nothing written unless --skip-missing.
cat >other.jsonl <<'EOS'
{"type":"trace","id":"sheep","problem":"x"}
{"type":"node","trace":"sheep","id":"r","parent":null,"text":"x"}
{"type":"node","trace":"sheep","id":"a","parent":"r","text":"y"}
{"type":"node","trace":"sheep","id":"b","parent":"r","text":"z"}
EOS
run import --db c.db other.jsonl
expect_rc 0 "import c"
run annotations import --db c.db ann.jsonl
expect_rc 1 "missing addresses"
expect_err "ann.jsonl:4: sheep/a1: " "missing address named with its line"
expect_err "ann.jsonl:5: tiny/x: " "missing trace named with its line"
expect_err "nothing written" "missing: nothing written"
run annotations --db c.db --author ann
[ ! -s "$T/out" ] && pass || fail "a refused import wrote"
run annotations import --db c.db ann.jsonl --skip-missing
expect_rc 0 "skip missing"
expect_out "labels: 1 added, 0 updated, 0 unchanged, 0 conflicts,"\
" 3 missing; preferences: 1 added" "skip-missing counts"

# Bad lines: file:line:column, nothing written.
{ head -2 ann.jsonl; printf '{"type":"label","address":"sheep/c",'\
'"rating":7}\n'; } >bad1.jsonl
{ head -2 ann.jsonl; printf '{"type":"label","address":\n'; } >bad2.jsonl
printf '{"type":"label","address":"sheep/c","rating":1}\n' >bad3.jsonl
"$CANOPY_BIN" annotations --db b.db --json >b.before
run annotations import --db b.db bad1.jsonl --author-as dan
expect_rc 1 "rating out of range"
expect_err 'bad1.jsonl:3:1: sheep/c: "rating" must be -1, 0, 1 or null' \
    "bad rating message"
run annotations import --db b.db bad2.jsonl --author-as dan
expect_rc 1 "cut-off line"
expect_err "bad2.jsonl:3:[0-9]+: truncated JSON" "cut-off message"
run annotations import --db b.db bad3.jsonl
expect_rc 1 "no header"
expect_err "bad3.jsonl:1:1: not an annotation bundle" "header message"
run annotations import --db b.db nosuch.jsonl
expect_rc 1 "no such file"
run annotations import --db b.db
expect_rc 2 "no file"
"$CANOPY_BIN" annotations --db b.db --json >b.after
cmp -s b.before b.after && pass || fail "a bad bundle wrote"

# Hostile bytes in a bundle come back escaped, never raw.
printf '{"type":"canopy-annotations","version":1,"author":"e\\u001b[2Jx"}\n'\
'{"type":"label","address":"sheep/\\u001b]52;c;x\\u0007","rating":1}\n' \
    >hostile.jsonl
run annotations import --db b.db hostile.jsonl
expect_rc 1 "hostile address missing"
if grep -q "$(printf '\033')" "$T/err" "$T/out"; then
	fail "raw escape byte printed"; else pass; fi
finish

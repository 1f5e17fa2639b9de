#!/bin/sh
# import-bad.sh - every bad input gets a clear message and a non-zero exit,
# never a crash, and leaves the database as it was (compared through
# `stats --json`, `traces --json` and `show --json`). --skip-bad counts.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

good='{"type":"node","trace":"g","id":"r","text":"root"}'
printf '%s\n{"type":"node","trace":"g","id":"c","parent":"r","signals":{"q":0.5}}\n' \
    "$good" >good.jsonl
run import good.jsonl
expect_rc 0 "import the starting file"
snapshot start

# bad NAME EXIT MESSAGE-RE FILE...: an import that must fail cleanly.
bad() {
	name=$1 code=$2 re=$3
	shift 3
	run import "$@"
	expect_rc "$code" "$name"
	expect_err "$re" "$name: message"
	same_as start "$name"
}

bad "missing file" 1 'nope\.jsonl: No such file or directory' nope.jsonl
mkdir adir
bad "a directory" 1 'adir: is a directory' adir
: >empty.jsonl
bad "an empty file" 1 'empty\.jsonl: empty file, nothing to import' \
    empty.jsonl

printf '%s\n{"type":"node","trace":"t","id":"b","parent":"r"' "$good" \
    >trunc.jsonl
bad "truncated last line" 1 \
    '^canopy import: trunc\.jsonl:2:49: truncated last line' trunc.jsonl
expect_err 'use --skip-bad to skip bad records' "truncated: hint"

printf '{"type":"node","trace":"t","id":"a","text":"caf\351"}\n' >latin1.jsonl
bad "invalid UTF-8" 1 \
    'latin1\.jsonl:1:48: invalid UTF-8 \(byte 0xe9\)' latin1.jsonl

printf '{"type":"node","trace":"t","id":"a","signals":{"q":NaN}}\n' >nan.jsonl
bad "NaN" 1 'nan\.jsonl:1:52: NaN and Infinity are not JSON numbers' \
    nan.jsonl
printf '{"type":"node","trace":"t","id":"a","signals":{"q":Infinity}}\n' \
    >inf.jsonl
bad "Infinity" 1 'inf\.jsonl:1:52: NaN and Infinity' inf.jsonl

printf '%s\n{"type":"node","trace":"t","id":"a","parent":"zz"}\n' \
    '{"type":"node","trace":"t","id":"r"}' >orphan.jsonl
bad "unknown parent id" 1 'orphan\.jsonl: .*unknown parent zz' orphan.jsonl

printf '%s\n{"type":"node","trace":"t","id":"r","parent":"r"}\n' \
    '{"type":"node","trace":"t","id":"r"}' >dup.jsonl
# A node written again is an update (follow-update.sh), but not a move.
bad "a node moved by a later record" 1 \
    'dup\.jsonl:2:28: trace t: node r: parent r, but a root \(first on line 1\): a later record may update a node, not move it' \
    dup.jsonl

printf '%s\n%s\n%s\n' '{"type":"node","trace":"t","id":"r"}' \
    '{"type":"node","trace":"t","id":"a","parent":"b"}' \
    '{"type":"node","trace":"t","id":"b","parent":"a"}' >cycle.jsonl
bad "a parent cycle" 1 'cycle\.jsonl: .*cycle' cycle.jsonl

printf '%s\n{"type":"node","trace":"t","id":"s","parent":null}\n' \
    '{"type":"node","trace":"t","id":"r"}' >roots.jsonl
bad "two roots" 1 'roots\.jsonl:2:37: trace "t" already has a root' \
    roots.jsonl

printf '%s\n{"type":"edge","from":1}\n' "$good" >type.jsonl
bad "unknown type" 1 'type\.jsonl:2:2: unknown type "edge"' type.jsonl
printf '{"type":"edge","from":1}\n' >type1.jsonl
bad "unknown type on line 1, sniffed" 1 \
    'canopy-jsonl +the first record.s "type" is "edge", not trace' type1.jsonl
bad "unknown type on line 1, --format" 1 \
    'type1\.jsonl:1:2: unknown type "edge"' --format canopy-jsonl type1.jsonl

printf 'id,text\n1,hello\n' >table.csv
bad "no format matches" 1 'table\.csv: no import format matches; tried:' \
    table.csv
expect_err 'canopy-jsonl +the first record is not a JSON object' \
    "no format: why each format did not fit"

# A file that is not a database, as --db: refused, and left alone.
printf 'this is not an SQLite file, just text\n' >notdb.db
cp notdb.db notdb.orig
run import --db notdb.db good.jsonl
expect_rc 1 "--db is not SQLite"
expect_err 'not a canopy database' "not SQLite: message"
cmp -s notdb.db notdb.orig && pass || fail "the non-database file changed"
run stats --db notdb.db
expect_rc 1 "stats on a non-database"
expect_err 'not a canopy database' "stats on a non-database: message"
run show --db missing.db t
expect_rc 1 "show without a database"
expect_err 'no database at missing\.db' "no database: message"
[ -e missing.db ] && fail "show created a database" || pass

# One bad file among good ones: the others are imported, exit 1.
printf '{"type":"node","trace":"h","id":"r"}\n' >more.jsonl
run import nan.jsonl more.jsonl
expect_rc 1 "a bad file among good ones"
run stats --json
expect_out '^\{"traces":2,"nodes":3,' "the good file was imported"
snapshot start

# --skip-bad: bad records are counted and skipped, the rest goes in.
{
	echo '{"type":"node","trace":"s","id":"r"}'
	echo 'not json'
	echo '{"type":"node","trace":"s","id":"a","parent":"r","text":7}'
	echo '{"type":"node","trace":"s","id":"b","parent":"r"}'
	echo '{"type":"node","trace":"s","id":"b","parent":"b"}'
	echo '{"type":"node","trace":"s","id":"c","parent":"r","signals":{"q":NaN}}'
	echo '{"type":"node","trace":"s","id":"d","parent":"r"}'
} >skip.jsonl
run import skip.jsonl
expect_rc 1 "bad records without --skip-bad"
expect_err 'skip\.jsonl:2:1: invalid JSON' "first bad record reported"
same_as start "bad records without --skip-bad"
run import --skip-bad skip.jsonl
expect_rc 0 "import --skip-bad"
expect_err '^skip\.jsonl: skipped 4 bad records:$' "--skip-bad: count"
expect_err '^  skip\.jsonl:2:1: invalid JSON$' "--skip-bad: 1st message"
expect_err '^  skip\.jsonl:3:50: member "text" must be a string$' \
    "--skip-bad: 2nd message"
expect_err '^  skip\.jsonl:5:28: .*node b: parent b, but r \(first on line 4\)' \
    "--skip-bad: 3rd message"
expect_err '^  skip\.jsonl:6:' "--skip-bad: 4th message"
expect_out '^skip\.jsonl: 1 trace, 3 nodes, ' "--skip-bad: 3 nodes kept"
finish

#!/bin/sh
# upgrade.sh - a database an older canopy wrote stays readable: a read
# command (traces, show, the TUI's open) upgrades its schema once when it
# may write the file, and says what to do when it may not.
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

command -v sqlite3 >/dev/null 2>&1 || { echo "no sqlite3: skipped"; exit 77; }

cat >t.jsonl <<'EOT'
{"type":"node","trace":"t","id":"r","text":"root"}
{"type":"node","trace":"t","id":"a","parent":"r","text":"a step","observation":"tool said snippet"}
EOT
run import --db db t.jsonl
expect_rc 0 "import"
# What this canopy writes: the version every older file is upgraded to.
latest=$(sqlite3 db 'PRAGMA user_version')

# Schema 3 as an older canopy left it: the text index without observations
# (nor what later versions added to traces).
old() {
	rm -f "$1"
	cp db "$1"
	sqlite3 "$1" "DROP INDEX traces_format; DROP INDEX traces_nodes;
	    DROP INDEX traces_depth; DROP INDEX traces_reward;
	    DROP INDEX traces_q; DROP INDEX traces_outcome;
	    DROP INDEX traces_labels;
	    ALTER TABLE traces DROP COLUMN leaf_outcome;
	    DROP TABLE nodes_fts;
	    CREATE VIRTUAL TABLE nodes_fts USING fts5(text, content='nodes',
	    content_rowid='id', detail=none, columnsize=0);
	    INSERT INTO nodes_fts(nodes_fts) VALUES('rebuild');
	    PRAGMA user_version=3;" >/dev/null
}

old v3.db
run traces --db v3.db
expect_rc 0 "traces on a schema 3 file"
expect_out '^t ' "traces lists the old file's trace"
ver=$(sqlite3 v3.db 'PRAGMA user_version')
if [ "$ver" = "$latest" ] && [ "$latest" -ge 4 ]; then pass
else fail "schema after a read: $ver, expected $latest"; fi
run show --db v3.db t
expect_rc 0 "show on the upgraded file"
expect_out 'a step' "show reads the upgraded file"

# A file the reader may not write: a clear message, nothing shown torn.
if [ "$(id -u)" != 0 ]; then
	old ro.db
	chmod a-w ro.db
	run traces --db ro.db
	expect_rc 1 "traces on an old read-only file"
	expect_err "schema version 3 needs upgrading to $latest" \
	    "an old read-only file says it needs upgrading"
fi
finish

#!/bin/sh
# readonly.sh - importing into a read-only database (a 0444 file, then a
# file in a 0555 directory) fails with a message and changes nothing.
# Root ignores file modes, so as root the commands run as user nobody
# (setpriv); without setpriv the test is skipped (77).
. "$CANOPY_SRCDIR/tests/cli/lib.sh"

as_user=""
if [ "$(id -u)" -eq 0 ]; then
	if ! command -v setpriv >/dev/null 2>&1; then
		echo "SKIP: running as root and setpriv is missing: root" \
		    "writes through file modes, so nothing can be read-only"
		exit 77
	fi
	# nobody must reach the binary.
	bin_for_nobody ro
	CANOPY_BIN=$nobody_bin
	if ! $as_user test -x "$CANOPY_BIN"; then
		echo "SKIP: user nobody cannot run $CANOPY_BIN"
		exit 77
	fi
fi

printf '{"type":"node","trace":"a","id":"r"}\n' >a.jsonl
printf '{"type":"node","trace":"b","id":"r"}\n' >b.jsonl
mkdir ro
run import --db ro/db a.jsonl
expect_rc 0 "build the database"
chmod 755 "$T"
chmod 644 a.jsonl b.jsonl
snapshot start ro/db

runas() {
	$as_user "$CANOPY_BIN" "$@" >"$T/out" 2>"$T/err"
	rc=$?
}

# 1. The file is read-only.
chmod 444 ro/db
chmod 755 ro
runas import --db ro/db b.jsonl
expect_rc 1 "import into a 0444 database"
expect_err 'read-?only' "0444 database: message"
chmod 644 ro/db
same_as start "0444 database" ro/db

# 2. The directory is read-only (no journal can be created).
chmod 666 ro/db
chmod 555 ro
runas import --db ro/db b.jsonl
expect_rc 1 "import into a database in a 0555 directory"
expect_err 'read-?only|unable to open|cannot' "0555 directory: message"
chmod 755 ro
chmod 644 ro/db
same_as start "0555 directory" ro/db

# 3. A new database where nothing can be created.
chmod 555 ro
runas import --db ro/new.db b.jsonl
expect_rc 1 "create a database in a 0555 directory"
expect_err 'ro/new\.db' "0555 directory, new database: names the file"
chmod 755 ro
[ -e ro/new.db ] && fail "a database appeared in the read-only directory" ||
    pass
finish

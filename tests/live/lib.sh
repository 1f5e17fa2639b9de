# lib.sh - shared setup of the live tests (sourced, after tests/cli/lib.sh
# gives run/expect_*/finish): the test server on 127.0.0.1, a small
# database to rerun nodes of, and helpers to write models.conf.
#
#	url FAULT		base URL of the server, misbehaving as FAULT
#				(tests/live/server.py FAULTS; "" for none)
#	endpoint NAME KIND FAULT [KEY = VALUE...]
#				appends an endpoint section to models.conf
#	scorer NAME KIND URL [KEY = VALUE...]
#				appends a scorer section to models.conf
#	q SQL			runs SQL on the database (sqlite3)
#	served PATH		how many requests the server got for PATH

. "$CANOPY_SRCDIR/tests/cli/lib.sh"

. "$CANOPY_SRCDIR/tests/live/server.sh"
export XDG_CONFIG_HOME="$T/config"
mkdir -p "$XDG_CONFIG_HOME/canopy"
CONF="$XDG_CONFIG_HOME/canopy/models.conf"
: >"$CONF"

start_server 'rm -rf "$T"' ||
    { echo "FAIL: the test server did not start"; exit 1; }

url() {
	if [ -n "$1" ]; then
		echo "http://127.0.0.1:$PORT/f/$1"
	else
		echo "http://127.0.0.1:$PORT"
	fi
}

# Short timeouts and backoff, so each fault takes a second or two.
endpoint() {
	name=$1 kind=$2 fault=$3
	shift 3
	{
		echo "[endpoint $name]"
		echo "kind = $kind"
		echo "base_url = $(url "$fault")"
		echo "model = test-model"
		echo "first_byte_timeout_ms = 1500"
		echo "idle_timeout_ms = 1000"
		echo "retry_initial_ms = 100"
		echo "retry_max_ms = 400"
		for kv in "$@"; do echo "$kv"; done
		echo
	} >>"$CONF"
}

scorer() {
	{
		echo "[scorer $1]"
		echo "kind = $2"
		echo "base_url = $3"
		shift 3
		for kv in "$@"; do echo "$kv"; done
		echo
	} >>"$CONF"
}

q() {
	sqlite3 "$CANOPY_DB" "$1"
}

served() {
	grep -c "\"path\": \"[^\"]*$1\"" "$T/port.log" 2>/dev/null || echo 0
}

cp "$CANOPY_SRCDIR/tests/live/small.jsonl" "$T/small.jsonl"
"$CANOPY_BIN" import --format canopy-jsonl "$T/small.jsonl" >/dev/null 2>&1 ||
    { echo "FAIL: cannot import the test trace"; exit 1; }

# lib.sh - shared setup of the live tests (sourced, after tests/cli/lib.sh
# gives run/expect_*/finish): the test server on 127.0.0.1, a small
# database to rerun nodes of, and helpers to write models.conf.
#
#	url FAULT		base URL of the server, misbehaving as FAULT
#				(tests/live/server.py FAULTS; "" for none)
#	endpoint NAME KIND FAULT [KEY = VALUE...]
#				appends an endpoint section to models.conf
#	q SQL			runs SQL on the database (sqlite3)
#	served PATH		how many requests the server got for PATH

. "$CANOPY_SRCDIR/tests/cli/lib.sh"

if ! command -v python3 >/dev/null 2>&1 || ! command -v sqlite3 \
    >/dev/null 2>&1; then
	echo "SKIP: the live tests need python3 and sqlite3"
	exit 77
fi
# Nothing may go through a proxy: the server is on this machine.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy
export XDG_CONFIG_HOME="$T/config"
mkdir -p "$XDG_CONFIG_HOME/canopy"
CONF="$XDG_CONFIG_HOME/canopy/models.conf"
: >"$CONF"

python3 "$CANOPY_SRCDIR/tests/live/server.py" "$T/port" &
server_pid=$!
trap 'kill $server_pid 2>/dev/null; rm -rf "$T"' EXIT
i=0
while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ -s "$T/port" ] || { echo "FAIL: the test server did not start"; exit 1; }
PORT=$(cat "$T/port")

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

q() {
	sqlite3 "$CANOPY_DB" "$1"
}

served() {
	grep -c "\"path\": \"[^\"]*$1\"" "$T/port.log" 2>/dev/null || echo 0
}

cat >"$T/small.jsonl" <<'EOT'
{"type":"trace","id":"t1","problem":"What is 1 + 1?"}
{"type":"node","trace":"t1","id":"r","parent":null,"role":"root","text":"What is 1 + 1?"}
{"type":"node","trace":"t1","id":"a","parent":"r","text":"Step 1: add the numbers.","signals":{"outcome":1}}
{"type":"node","trace":"t1","id":"b","parent":"a","text":"Step 2: 1 + 1 = 2.","signals":{"outcome":1,"reward":0.9}}
EOT
"$CANOPY_BIN" import --format canopy-jsonl "$T/small.jsonl" >/dev/null 2>&1 ||
    { echo "FAIL: cannot import the test trace"; exit 1; }

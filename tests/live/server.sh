# server.sh - the live tests' server (tests/live/server.py) on 127.0.0.1,
# sourced after tests/cli/lib.sh or tests/e2e/lib.sh (which set $T): skips
# the test without python3 and sqlite3 and keeps requests off any proxy.
#
#	start_server CLEANUP	starts it: $server_pid, $PORT; the EXIT trap
#				kills it, then runs CLEANUP (the sourcing
#				lib's own); returns 1 if it did not start

if ! command -v python3 >/dev/null 2>&1 || ! command -v sqlite3 \
    >/dev/null 2>&1; then
	echo "SKIP: the live tests need python3 and sqlite3"
	exit 77
fi
# Nothing may go through a proxy: the server is on this machine.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY ALL_PROXY all_proxy

start_server() {
	python3 "$CANOPY_SRCDIR/tests/live/server.py" "$T/port" &
	server_pid=$!
	trap "kill \$server_pid 2>/dev/null; $1" EXIT
	i=0
	while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	[ -s "$T/port" ] || return 1
	PORT=$(cat "$T/port")
}

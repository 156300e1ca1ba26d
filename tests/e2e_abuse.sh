#!/bin/sh
# e2e_abuse.sh - the echo server under abuse: 1000 clients at once (the
# test raises its own fd limit and minios's), then resets in the middle of
# a transfer, stalled readers beside normal clients, and the CPU use while
# they sit there (tests/e2e/abuse.py).  Each part prints its figures.
# 127.0.0.1 only.  ABUSE_CLIENTS sets the first count; 77 without python3
# or /proc.

MINIOS=${MINIOS:-./minios}
srcdir=${srcdir:-$(dirname "$0")/..}
helpers=$srcdir/tests/e2e
clients=${ABUSE_CLIENTS:-1000}
passed=0
failed=0
pid=

if ! command -v python3 > /dev/null 2>&1 || [ ! -r /proc/self/stat ]; then
	echo "e2e_abuse.sh: needs python3 and /proc, skipped"
	exit 77
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-abuse.XXXXXX") || exit 99
stop_server() {
	if [ -n "$pid" ]; then
		kill "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
		pid=
	fi
}
trap 'stop_server; rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }

# A client is an fd in minios too: room for all of them, if the hard
# limit allows (else the first part tells).
ulimit -n $((clients + 64)) 2> /dev/null || ulimit -n "$(ulimit -H -n)" 2> /dev/null

for attempt in 1 2 3; do
	port=$(python3 "$helpers/wait_port.py" free) || exit 99
	"$MINIOS" --exec "echo $port" > "$tmp/log" 2>&1 &
	pid=$!
	if python3 "$helpers/wait_port.py" wait "$port" 10; then
		break
	fi
	stop_server
done
if [ -z "$pid" ]; then
	fail "the echo server listens"
	echo "$passed passed, $failed failed"
	exit 1
fi

if timeout 180 python3 "$helpers/echo_clients.py" "$port" "$clients" > "$tmp/clients" 2>&1; then
	pass "$clients clients at once: $(tail -1 "$tmp/clients")"
else
	fail "$clients clients at once: $(tail -1 "$tmp/clients")"
	head -5 "$tmp/clients" | sed 's/^/  /'
fi
if timeout 180 python3 "$helpers/abuse.py" "$port" "$pid" > "$tmp/abuse" 2>&1; then
	pass "resets, stalled readers and idle CPU"
else
	fail "resets, stalled readers and idle CPU"
fi
sed 's/^/  /' "$tmp/abuse"
if kill -0 "$pid" 2> /dev/null && python3 "$helpers/echo_clients.py" "$port" 1 > /dev/null 2>&1; then
	pass "the server still serves"
else
	fail "the server still serves"
fi
stop_server
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

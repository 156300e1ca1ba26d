#!/bin/sh
# e2e_abuse.sh - the echo server under abuse: 1000 clients at once (the
# test raises its own fd limit and minios's), then resets in the middle of
# a transfer, stalled readers beside normal clients, and the CPU use while
# they sit there (tests/e2e/abuse.py); and a second server run under
# `ulimit -n 64` given 200 connections (tests/e2e/fd_limit.py): it says
# so once, keeps serving, does not spin, and accepts again.  Each part
# prints its figures.
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
. "$helpers/lib.sh"
e2e_tmp abuse


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

# The fd limit: a server with 64 fds, and 200 clients.
for attempt in 1 2 3; do
	port=$(python3 "$helpers/wait_port.py" free) || exit 99
	(ulimit -n 64 && exec "$MINIOS" --exec "echo $port") > "$tmp/log64" 2>&1 &
	pid=$!
	if python3 "$helpers/wait_port.py" wait "$port" 10; then
		break
	fi
	stop_server
done
if [ -n "$pid" ] &&
   timeout 60 python3 "$helpers/fd_limit.py" "$port" "$pid" "$tmp/log64" > "$tmp/limit" 2>&1; then
	pass "at the fd limit: said once, served, no spin, accepted again"
else
	fail "at the fd limit: said once, served, no spin, accepted again"
	grep -v 'Connection from\|Client closed\|terminated' "$tmp/log64" | head -5 | sed 's/^/  log: /'
fi
sed 's/^/  /' "$tmp/limit"
stop_server
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

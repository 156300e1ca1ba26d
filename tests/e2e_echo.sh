#!/bin/sh
# e2e_echo.sh - the echo server against 100 real TCP clients at once.
#
# Starts `minios --exec 'echo PORT'` on a free port of 127.0.0.1, waits for
# its listener, runs tests/e2e/echo_clients.py (each client must get back
# exactly the random bytes it sent), checks the server's log and that it is
# still up, then stops it.  Prints "N passed, N failed"; 77 (skip) without
# python3.

MINIOS=${MINIOS:-./minios}
srcdir=${srcdir:-$(dirname "$0")/..}
helpers=$srcdir/tests/e2e
clients=${ECHO_CLIENTS:-100}
passed=0
failed=0
pid=

if ! command -v python3 > /dev/null 2>&1; then
	echo "e2e_echo.sh: python3 not found, skipped"
	exit 77
fi
. "$helpers/lib.sh"
e2e_tmp echo


# Another program may take the free port before minios binds it: try again
# on a new one if the server did not come up.
for attempt in 1 2 3; do
	port=$(python3 "$helpers/wait_port.py" free) || exit 99
	timeout 300 "$MINIOS" --exec "echo $port" > "$tmp/log" 2>&1 &
	pid=$!
	if python3 "$helpers/wait_port.py" wait "$port" 10; then
		break
	fi
	stop_server
done
if [ -z "$pid" ]; then
	fail "the echo server listens"
	sed 's/^/  log: /' "$tmp/log"
	echo "$passed passed, $failed failed"
	exit 1
fi
pass "the echo server listens on 127.0.0.1:$port"

if timeout 120 python3 "$helpers/echo_clients.py" "$port" "$clients" \
	> "$tmp/clients" 2>&1; then
	pass "$clients clients at once each got their bytes back"
else
	fail "$clients clients at once each got their bytes back"
	sed 's/^/  /' "$tmp/clients" | tail -20
fi

# count PATTERN: how many log lines match.
count() { grep -c "$1" "$tmp/log"; }

# The server prints "Client closed" just after closing; give the last ones
# a moment.
tries=0
while [ "$(count '^Client closed$')" -lt "$clients" ] && [ $tries -lt 50 ]; do
	sleep 0.1
	tries=$((tries + 1))
done
if [ "$(count '^Server starting$')" -eq 1 ]; then
	pass "the log says Server starting"
else
	fail "the log says Server starting"
fi
# The listener probe of wait_port.py is a client too: hence "at least".
if [ "$(count '^Connection from 127\.0\.0\.1:[0-9]*$')" -ge "$clients" ] &&
   [ "$(count '^Client closed$')" -ge "$clients" ]; then
	pass "the log has a Connection from and a Client closed per client"
else
	fail "the log has a Connection from and a Client closed per client"
	tail -5 "$tmp/log" | sed 's/^/  log: /'
fi

if kill -0 "$pid" 2> /dev/null; then
	pass "the server is still running"
else
	fail "the server is still running"
fi
if python3 "$helpers/echo_clients.py" "$port" 1 > /dev/null 2>&1; then
	pass "a client after all that is still served"
else
	fail "a client after all that is still served"
fi
if timeout 30 python3 "$helpers/echo_flood.py" "$port" > "$tmp/flood" 2>&1; then
	pass "a client that never lets its handler wait does not starve another"
else
	fail "a client that never lets its handler wait does not starve another"
	sed 's/^/  /' "$tmp/flood"
fi
stop_server

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

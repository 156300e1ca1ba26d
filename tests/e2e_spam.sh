#!/bin/sh
# e2e_spam.sh - the spam server, byte for byte, with faulty clients.
#
# Starts `minios --exec 'spam PORT'` on a free port of 127.0.0.1 and runs
# tests/e2e/spam_checks.py: good and bad requests with their exact replies,
# a request split across packets, over-long lines, clients that hang up in
# the middle of their spam, many clients at once, and after each fault a
# plain request that must still be served.  Prints "N passed, N failed";
# 77 (skip) without python3.

MINIOS=${MINIOS:-./minios}
srcdir=${srcdir:-$(dirname "$0")/..}
helpers=$srcdir/tests/e2e
pid=

if ! command -v python3 > /dev/null 2>&1; then
	echo "e2e_spam.sh: python3 not found, skipped"
	exit 77
fi
. "$helpers/lib.sh"
e2e_tmp spam

for attempt in 1 2 3; do
	port=$(python3 "$helpers/wait_port.py" free) || exit 99
	timeout 300 "$MINIOS" --exec "spam $port" > "$tmp/log" 2>&1 &
	pid=$!
	if python3 "$helpers/wait_port.py" wait "$port" 10; then
		break
	fi
	stop_server
done
if [ -z "$pid" ]; then
	echo "FAIL: the spam server listens"
	sed 's/^/  log: /' "$tmp/log"
	echo "0 passed, 1 failed"
	exit 1
fi

timeout 180 python3 "$helpers/spam_checks.py" "$port" > "$tmp/checks" 2>&1
status=$?
grep -v '^[0-9]* passed, [0-9]* failed$' "$tmp/checks"
passed=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\1/p' "$tmp/checks")
failed=$(sed -n 's/^\([0-9]*\) passed, \([0-9]*\) failed$/\2/p' "$tmp/checks")
passed=${passed:-0}
failed=${failed:-1}
[ $status -eq 0 ] || [ $failed -gt 0 ] || failed=1

if kill -0 "$pid" 2> /dev/null; then
	passed=$((passed + 1))
	echo "PASS: the server is still running"
else
	failed=$((failed + 1))
	echo "FAIL: the server is still running"
	tail -5 "$tmp/log" | sed 's/^/  log: /'
fi
if grep -q '^Listener: Accepted connection from 127\.0\.0\.1:' "$tmp/log"; then
	passed=$((passed + 1))
	echo "PASS: the log shows the accepted connections"
else
	failed=$((failed + 1))
	echo "FAIL: the log shows the accepted connections"
fi
stop_server

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

#!/bin/sh
# e2e_storm.sh - the echo and spam servers in one minios under a
# connect-and-close storm (tests/e2e/storm.py): every connection task
# owns its fd from its creation (sys_spawn_fds), so a client gone at once
# is a normal event - no "cannot hand" line, no accept error, no reset of
# a good client, and both servers still serve afterwards.  127.0.0.1 only;
# STORM_CLIENTS (default 3000) sets the storm's size.  77 without python3.

MINIOS=${MINIOS:-./minios}
srcdir=${srcdir:-$(dirname "$0")/..}
helpers=$srcdir/tests/e2e
storm=${STORM_CLIENTS:-3000}
good=${STORM_GOOD:-200}
passed=0
failed=0
pid=

if ! command -v python3 > /dev/null 2>&1; then
	echo "e2e_storm.sh: python3 not found, skipped"
	exit 77
fi
. "$helpers/lib.sh"
e2e_tmp storm


for attempt in 1 2 3; do
	echo_port=$(python3 "$helpers/wait_port.py" free) || exit 99
	spam_port=$(python3 "$helpers/wait_port.py" free) || exit 99
	[ "$echo_port" = "$spam_port" ] && continue
	"$MINIOS" --exec "echo $echo_port" --exec "spam $spam_port" \
		> "$tmp/log" 2>&1 &
	pid=$!
	if python3 "$helpers/wait_port.py" wait "$echo_port" 10 &&
	   python3 "$helpers/wait_port.py" wait "$spam_port" 10; then
		break
	fi
	stop_server
done
if [ -z "$pid" ]; then
	fail "the servers listen"
	sed 's/^/  log: /' "$tmp/log"
	echo "$passed passed, $failed failed"
	exit 1
fi

if timeout 120 python3 "$helpers/storm.py" "$echo_port" "$spam_port" "$storm" "$good" "$pid" \
	> "$tmp/storm" 2>&1; then
	pass "$storm clients connect and close; $good good clients each served, none reset"
else
	fail "$storm clients connect and close; $good good clients each served, none reset"
fi
sed 's/^/  /' "$tmp/storm"

n=$(grep -c 'cannot hand' "$tmp/log")
if [ "$n" -eq 0 ]; then
	pass "no 'cannot hand' line"
else
	fail "no 'cannot hand' line ($n of them)"
	grep 'cannot hand' "$tmp/log" | head -3 | sed 's/^/  log: /'
fi
n=$(grep -c 'accept:\|cannot start' "$tmp/log")
if [ "$n" -eq 0 ]; then
	pass "no accept or start error"
else
	fail "no accept or start error ($n of them)"
	grep 'accept:\|cannot start' "$tmp/log" | head -3 | sed 's/^/  log: /'
fi
if kill -0 "$pid" 2> /dev/null &&
   python3 "$helpers/echo_clients.py" "$echo_port" 1 > /dev/null 2>&1 &&
   timeout 20 python3 "$helpers/storm.py" "$echo_port" "$spam_port" 0 1 > /dev/null 2>&1; then
	pass "both servers still serve"
else
	fail "both servers still serve"
fi
stop_server

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

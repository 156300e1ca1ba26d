#!/bin/sh
# e2e_rss.sh - memory does not grow with spawn and kill.
#
# A live shell gets 10,000 `spawn foo` / `kill N` pairs to warm up, then
# 100,000 more (tests/e2e/spawn_kill_rss.py): its RSS may grow by at most
# 64 KiB over them, and its fd count not at all.  (The shell's job table
# used to keep every job it ever reported: about 56 bytes a cycle.)
# SPAWN_KILL_CYCLES sets the second count.  Needs python3 and /proc; not
# under AddressSanitizer, whose quarantine holds freed memory on purpose.

MINIOS=${MINIOS:-./minios}
srcdir=${srcdir:-$(dirname "$0")/..}
cycles=${SPAWN_KILL_CYCLES:-100000}

if ! command -v python3 > /dev/null 2>&1 || [ ! -r /proc/self/status ]; then
	echo "e2e_rss.sh: needs python3 and /proc, skipped"
	exit 77
fi
if grep -q __asan_init "$MINIOS" 2> /dev/null; then
	echo "e2e_rss.sh: AddressSanitizer keeps freed memory on purpose, skipped"
	exit 77
fi
if timeout 600 python3 "$srcdir/tests/e2e/spawn_kill_rss.py" "$MINIOS" 10000 "$cycles" 64; then
	echo "PASS: RSS and fds stay put over $cycles spawn/kill cycles"
	exit 0
fi
echo "FAIL: RSS and fds stay put over $cycles spawn/kill cycles"
exit 1

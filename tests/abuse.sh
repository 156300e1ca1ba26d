#!/bin/sh
# abuse.sh - what a careless or hostile user does to minios, each bounded
# in time: a FIFO or /dev/zero as a script, durations near the clock's
# end, a directory as a script, an empty command, thousands of jobs, the
# task limit, a reader that goes away, a server out of fds.
#
# Each check prints PASS or FAIL; the last line is "N passed, N failed".
# Without timeout(1) a step that hangs would hang the test: skipped (77).

minios=${MINIOS:-./minios}
case $minios in
/*) ;;
*) minios=$(pwd)/$minios ;;
esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
command -v timeout >/dev/null 2>&1 || { echo "timeout not found: skipped"; exit 77; }
srcdir=${srcdir:-$(dirname "$0")/..}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-abuse.XXXXXX") || exit 99
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

passed=0
failed=0
pass() { echo "PASS: $1"; passed=$((passed + 1)); }
fail() {
	echo "FAIL: $1"
	[ -f "$tmp/out" ] && sed 's/^/    /' "$tmp/out" | head -20
	failed=$((failed + 1))
}

# run SECONDS ARGS...: minios ARGS, stdout and stderr in $tmp/out, killed
# after SECONDS; $status is its exit status (124: it had to be killed).
run() {
	seconds=$1
	shift
	timeout "$seconds" "$minios" "$@" </dev/null >"$tmp/out" 2>&1
	status=$?
}

# expect NAME STATUS TEXT: the last run exited STATUS and printed TEXT.
expect() {
	printf '%s\n' "$3" >"$tmp/expected"
	if [ "$status" -eq "$2" ] && cmp -s "$tmp/expected" "$tmp/out"; then
		pass "$1"
	else
		echo "    (exit $status, wanted $2)"
		diff -u "$tmp/expected" "$tmp/out" | sed 's/^/    /'
		: >"$tmp/out"
		fail "$1"
	fi
}

# ---- the command line

run 10 /
expect "a directory as the script says so" 1 "minios: /: Is a directory"

run 10 -c "''; echo after"
expect "an empty command name is said so" 1 \
	"minios: '': an empty word is not a command (try 'help')
after"

run 10 --stack-size 0 -c 'echo never'
expect "--stack-size 0 is out of range" 2 \
	"minios: --stack-size: 0 bytes is out of range (16k to 1024M)
usage: minios [OPTION...] [SCRIPT | -f SCRIPT | -c COMMANDS | --exec 'PROGRAM ARGS...'...]"

# ---- a FIFO as input: minios goes on while nobody writes to it, and
# reads it when somebody does.
mkfifo "$tmp/fifo" || exit 99
timeout 3 "$minios" -c "spawn alive 100ms; sleep 300ms; source '$tmp/fifo'" >"$tmp/out" 2>&1
alive=$(grep -c "^I'm alive!" "$tmp/out")
if [ "$alive" -ge 10 ]; then
	pass "source FIFO without a writer: the tasks go on ($alive lines in 3s)"
else
	fail "source FIFO without a writer: the tasks go on ($alive lines in 3s)"
fi
(sleep 0.5 && echo 'echo from the fifo' >"$tmp/fifo") &
run 10 -c "source '$tmp/fifo'; echo after"
expect "source FIFO reads what is written" 0 "from the fifo
after"
(sleep 0.5 && echo 'echo script in a fifo' >"$tmp/fifo") &
run 10 "$tmp/fifo"
expect "a FIFO as the script" 0 "script in a fifo"

# ---- input that is not text is given up on, not read for ever
run 10 -c 'source /dev/zero; echo after'
expect "source /dev/zero stops" 1 "minios: input: line longer than 4096 bytes ignored
minios: input: no newline in 65536 bytes: not text, the rest is not read
after"
i=0
while [ $i -lt 150 ]; do
	printf 'bad\000line\n'
	i=$((i + 1))
done >"$tmp/nul-lines"
timeout 10 "$minios" -c "source '$tmp/nul-lines'; echo after" >"$tmp/out" 2>&1
status=$?
if [ $status -eq 1 ] && [ "$(grep -c 'NUL byte ignored$' "$tmp/out")" -eq 100 ] &&
	[ "$(tail -n 2 "$tmp/out")" = "minios: input: 100 lines rejected: not text, the rest is not read
after" ]; then
	pass "source stops after 100 rejected lines"
else
	fail "source stops after 100 rejected lines (exit $status)"
fi

# ---- the end of the virtual clock (2^63-1 ns): it stops there, and the
# sleeps and tasks after it go on.
run 10 --clock=virtual -c 'sleep 9223372036854775000ns; echo a; sleep 1; echo b; run countdown 1'
expect "the virtual clock stops at its end" 0 "a
b
1
Liftoff!"
run 10 --clock=virtual -c 'sleep 9223372036854775807ns; sleep 9223372036854775807ns; echo c'
expect "two sleeps to the end of time" 0 "c"

# ---- a reader that goes away: minios ends as a command in a pipe does
# (of SIGPIPE), whether a task or the shell was writing.
# The pipeline's status is head's: minios's own goes to a file.
timeout 10 sh -c "('$minios' --exec 'alive 1ms'; echo \$? >'$tmp/status') | head -n 1" >/dev/null
if [ "$(cat "$tmp/status" 2>/dev/null)" = 141 ]; then
	pass "--exec | head -1 ends minios (SIGPIPE)"
else
	: >"$tmp/out"
	fail "--exec | head -1 ends minios (status '$(cat "$tmp/status" 2>/dev/null)', wanted 141)"
fi
rm -f "$tmp/status"
timeout 10 sh -c "('$minios' -c 'spawn alive 1ms; sleep 1m'; echo \$? >'$tmp/status') | head -n 1" >/dev/null
if [ "$(cat "$tmp/status" 2>/dev/null)" = 141 ]; then
	pass "-c | head -1 ends minios (SIGPIPE)"
else
	: >"$tmp/out"
	fail "-c | head -1 ends minios (status '$(cat "$tmp/status" 2>/dev/null)', wanted 141)"
fi

# ---- jobs by the thousand

# More leftovers than the kernel keeps exit records for (1,024): each is
# still reported killed.
i=0
while [ $i -lt 1500 ]; do
	echo 'spawn alive 1s'
	i=$((i + 1))
done >"$tmp/leftovers.msh"
timeout 60 "$minios" --clock=virtual "$tmp/leftovers.msh" >"$tmp/out" 2>&1
killed=$(grep -c '^\[[0-9]*\] killed  alive 1s$' "$tmp/out")
if [ "$killed" -eq 1500 ]; then
	pass "1,500 leftover jobs reported killed"
else
	: >"$tmp/out"
	fail "1,500 leftover jobs reported killed (got $killed)"
fi

# The job table's cost is linear: 100,000 jobs in well under the time
# that a walk of the table per line would take (about 12s).
yes 'spawn countdown 0' 2>/dev/null | head -n 100000 >"$tmp/many.msh"
timeout 6 "$minios" --clock=virtual "$tmp/many.msh" >"$tmp/out" 2>&1
status=$?
if [ $status -eq 0 ] && [ "$(grep -c 'done (status 0)  countdown 0$' "$tmp/out")" -eq 100000 ]; then
	pass "100,000 jobs, each reported, within 6s"
else
	: >"$tmp/out"
	fail "100,000 jobs, each reported, within 6s (exit $status)"
fi

# ---- the task limit: once there is no address space left for another
# task's stack, spawns are refused, and ps must still list every task and
# exit still end them all (listing them needs no memory: TaskListFrom).
# A build with ASan cannot start under ulimit -v at all: skipped there.
limit=60000 # KiB: about 800 tasks of 64 KiB stacks
yes 'spawn alive 1h' 2>/dev/null | head -n 2000 >"$tmp/limit.msh"
printf 'ps\nexit 0\n' >>"$tmp/limit.msh"
if [ "$( (ulimit -v $limit && "$minios" -c 'echo ok') 2>/dev/null)" = ok ]; then
	(
		ulimit -v $limit
		exec timeout 10 "$minios" --stack-size 64k "$tmp/limit.msh"
	) >"$tmp/out" 2>&1
	status=$?
	started=$(grep -c '^\[[0-9]*\] alive 1h$' "$tmp/out")
	refused=$(grep -c '^minios: spawn: alive: cannot start: ' "$tmp/out")
	listed=$(grep -cE '^ +[0-9]+ +1 +[0-9]+ sleeping until 36[0-9.]*s .* alive 1h$' "$tmp/out")
	killed=$(grep -c '^\[[0-9]*\] killed  alive 1h$' "$tmp/out")
	what="at the task limit ($started started, $refused refused): ps lists $listed, exit kills $killed"
	if [ $status -eq 0 ] && [ "$started" -gt 0 ] && [ "$refused" -gt 0 ] &&
		[ "$listed" -eq "$started" ] && [ "$killed" -eq "$started" ]; then
		pass "$what"
	else
		grep -v 'alive 1h$' "$tmp/out" | sort | uniq -c | sort -rn | head -n 5 >"$tmp/summary"
		mv "$tmp/summary" "$tmp/out"
		fail "$what (exit $status)"
	fi
else
	echo "SKIP: minios does not start under ulimit -v $limit (a sanitizer build?)"
fi

# ---- a server out of fds: one "retrying" line per episode
if command -v python3 >/dev/null 2>&1; then
	port=$(python3 "$srcdir/tests/e2e/wait_port.py" free)
	(
		ulimit -n 24
		exec timeout 60 "$minios" --exec "echo $port"
	) >"$tmp/log" 2>&1 &
	pid=$!
	if python3 "$srcdir/tests/e2e/wait_port.py" wait "$port" 10; then
		# 40 clients at once, held for a second (the server retries every
		# 100ms meanwhile), twice.
		python3 - "$port" <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
for episode in range(2):
    held = [socket.create_connection(("127.0.0.1", port)) for _ in range(40)]
    time.sleep(1.0)
    for s in held:
        s.close()
    time.sleep(0.5)
EOF
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
		pid=
		retries=$(grep -c 'accept: Too many open files; retrying$' "$tmp/log")
		# Once per episode, not once per retry (a retry every 100ms
		# for a second made 20 lines for 2 episodes).  An episode may
		# end and start again while the clients pile in (a connection
		# that the probe of wait_port left goes away mid-way), so up to
		# two lines an episode.
		if [ "$retries" -ge 1 ] && [ "$retries" -le 4 ]; then
			pass "out of fds: said once per episode ($retries lines for 2)"
		else
			cp "$tmp/log" "$tmp/out"
			fail "out of fds: said once per episode ($retries lines for 2)"
		fi
	else
		cp "$tmp/log" "$tmp/out"
		fail "the echo server listens under ulimit -n 24"
	fi
else
	echo "SKIP: python3 not found (server out of fds)"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

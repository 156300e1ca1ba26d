#!/bin/sh
# smoke.sh - `make check` for minios-bench: every workload once at a tiny
# size; each must exit 0 and print one RESULT line with the keys the peers'
# table reads.  No timing is checked: this only keeps the program from
# rotting.  The binary is ./bench/minios-bench (the build directory, as
# under `make check`) or $MINIOS_BENCH.
mb=${MINIOS_BENCH:-./bench/minios-bench}
if [ ! -x "$mb" ]; then
	echo "smoke.sh: no minios-bench at $mb" >&2
	exit 99
fi
limit=
if command -v timeout >/dev/null 2>&1; then
	limit="timeout 60"
fi
fails=0

# The host's calibration line, first on stdout (bench/calibrate.c): each
# figure a number of ns, or na where it cannot be measured (off x86-64).
num='[0-9]+(\.[0-9]+)?'
calibration="^CALIBRATION ldmxcsr_ns=($num|na) switch_ns=($num|na) syscall_ns=$num\$"

# check NAME PATTERN CMD... : CMD must exit 0 and print on stdout the
# calibration line, then exactly one RESULT line, matching the extended
# regex PATTERN, and nothing else.
check() {
	name=$1 pattern=$2
	shift 2
	out=$($limit "$@" 2>smoke-stderr.$$)
	rc=$?
	lines=$(printf '%s\n' "$out" | grep -c '^RESULT ')
	first=$(printf '%s\n' "$out" | sed -n 1p)
	if [ $rc -ne 0 ] || [ "$lines" -ne 1 ] || [ "$(printf '%s\n' "$out" | wc -l)" -ne 2 ] ||
		! printf '%s\n' "$first" | grep -Eq "$calibration" ||
		! printf '%s\n' "$out" | grep -Eq "$pattern"; then
		echo "FAIL: $name (exit $rc): $*" >&2
		printf '%s\n' "$out" | sed 's/^/  stdout: /' >&2
		sed 's/^/  stderr: /' smoke-stderr.$$ >&2
		fails=$((fails + 1))
		rm -f smoke-stderr.$$
		return 1
	fi
	echo "ok: $name: $(printf '%s\n' "$out" | grep '^RESULT ')"
	rm -f smoke-stderr.$$
	return 0
}

ok_tail=' stack_mode=(private|compact) stack_bytes=[0-9]+ quantum_ns=[0-9]+$'
check W1 "^RESULT peer=minios w=W1 tasks=1 n=1000 secs=$num ns_per_op=$num$ok_tail" \
	"$mb" W1 1000 1
check W1pp "^RESULT peer=minios w=W1 tasks=2 n=1000 secs=$num ns_per_op=$num$ok_tail" \
	"$mb" W1 1000 2
check W2 "^RESULT peer=minios w=W2 n=2500 secs=$num ns_per_op=$num$ok_tail" \
	"$mb" W2 2500 100
check W3 "^RESULT peer=minios w=W3 n=500 create_secs=$num peak_rss_kb=[0-9]+ bytes_per_task=-?[0-9]+$ok_tail" \
	"$mb" W3 500
check W3-small-stacks "^RESULT peer=minios w=W3 n=200 create_secs=$num peak_rss_kb=[0-9]+ bytes_per_task=-?[0-9]+ stack_mode=private stack_bytes=16384 quantum_ns=10000000$" \
	"$mb" --stack-mode=private --stack-size=16384 W3 200
check W1-no-preemption "^RESULT peer=minios w=W1 tasks=1 n=1000 secs=$num ns_per_op=$num stack_mode=private stack_bytes=[0-9]+ quantum_ns=0$" \
	"$mb" --quantum=0 W1 1000 1
check W1pp-quantum-1ms "^RESULT peer=minios w=W1 tasks=2 n=1000 secs=$num ns_per_op=$num stack_mode=private stack_bytes=[0-9]+ quantum_ns=1000000$" \
	"$mb" --quantum=1ms W1 1000 2
check W4 "^RESULT peer=minios w=W4 threads=100 switches=[0-9]+ secs=$num create_secs=$num cpu_secs=$num$ok_tail" \
	"$mb" W4 100 1000
# Every scheduling policy (bench/README.md's example is lottery at 100,000
# tasks; here at 100), and one bad name.
for policy in fifo rr prio random lottery mlfq; do
	check "W4-$policy" "^RESULT peer=minios w=W4 threads=100 switches=[0-9]+ secs=$num create_secs=$num cpu_secs=$num$ok_tail" \
		"$mb" --sched=$policy W4 100 1000
done
# Mixed tickets (bench/README.md's W4 example with `mixed`), and a bad word.
check W4-lottery-mixed "^RESULT peer=minios w=W4 threads=100 switches=[0-9]+ secs=$num create_secs=$num cpu_secs=$num tickets=mixed$ok_tail" \
	"$mb" --sched=lottery W4 100 1000 mixed
if "$mb" W4 100 1000 unequal >/dev/null 2>&1; then
	echo "FAIL: W4 ... unequal was accepted" >&2
	fails=$((fails + 1))
fi
if "$mb" --sched=sjf W4 100 1000 >/dev/null 2>&1; then
	echo "FAIL: --sched=sjf was accepted" >&2
	fails=$((fails + 1))
fi
check W6pp "^RESULT peer=minios w=W6pp n=1000 secs=$num ns_per_op=$num$ok_tail" \
	"$mb" W6 pp 1000
check W6tp "^RESULT peer=minios w=W6tp bytes=2097152 secs=$num mib_per_s=$num$ok_tail" \
	"$mb" W6 tp 2

# W5: a port of our own (from the pid), a one-second life; if bash is
# here, one line goes through the echo server too.
# A port nobody listens on: the host picks it, when python3 is there.
port=$((20000 + $$ % 20000))
free=$(python3 "${srcdir:-$(dirname "$0")/..}/tests/e2e/wait_port.py" free 2>/dev/null) && port=$free
check W5 "^RESULT peer=minios w=W5 port=$port life_secs=1 secs=$num$ok_tail" \
	"$mb" W5 "$port" 1 &
wpid=$!
if command -v bash >/dev/null 2>&1; then
	PORT=$port bash -c '
		for i in 1 2 3 4 5 6 7 8; do
			{ exec 3<>/dev/tcp/127.0.0.1/$PORT; } 2>/dev/null && break
			sleep 0.1
		done
		printf "smoke\n" >&3 || exit 1
		read -r line <&3 || exit 1
		[ "$line" = smoke ]' || {
		echo "FAIL: W5 did not echo a line on port $port" >&2
		fails=$((fails + 1))
	}
fi
wait $wpid || fails=$((fails + 1))

# `make bench` (bench/run.sh) at tiny sizes: only the shape of its output
# is checked - the calibration line, the minios table with a figure in
# every row, and the options table: each workload's plain figure, then one
# ratio for each of the ten options.
runsh=${srcdir:-$(dirname "$0")/..}/bench/run.sh
table=$(TINY=1 REPS=1 $limit sh "$runsh" "$mb" 2>/dev/null)
rc=$?
bad=$(printf '%s\n' "$table" | awk -v cal="$calibration" '
	NR == 1 && $0 !~ cal { print "line 1 is not the calibration line" }
	/^\| W/ && /failed/ { print "failed: " $0 }
	/^\| workload \| figure \| plain \|/ { options = 1; cols = split($0, h, "|") - 2 }
	options && /^\| W/ {
		rows++
		if (split($0, c, "|") - 2 != cols) print "cells: " $0
		if (c[4] !~ /^ [0-9]+(\.[0-9]+)? $/) print "plain figure: " $0
		for (i = 5; i <= cols + 1; i++)
			if (c[i] !~ /^ [0-9]+\.[0-9][0-9]x $/) print "ratio " c[i] ": " $0
	}
	END {
		if (cols != 13) print "options table has " cols " columns, not 13"
		if (rows != 4) print "options table has " rows " rows, not 4"
	}')
if [ $rc -ne 0 ] || [ -n "$bad" ]; then
	echo "FAIL: make bench's table (TINY=1 sh $runsh $mb, exit $rc):" >&2
	printf '%s\n' "$bad" | sed 's/^/  /' >&2
	printf '%s\n' "$table" | sed 's/^/  output: /' >&2
	fails=$((fails + 1))
else
	echo "ok: make bench's tables, tiny sizes"
fi

# bench/steady.sh (issue 8's line) at tiny sizes, one round: a header and
# a figure and a ratio for each policy (fifo first) and lottery-mixed.
steadysh=${srcdir:-$(dirname "$0")/..}/bench/steady.sh
table=$(TINY=1 ROUNDS=1 $limit sh "$steadysh" "$mb" 2>/dev/null)
rc=$?
want='policy ns_per_switch x_fifo
fifo N R
prio N R
rr N R
mlfq N R
random N R
lottery N R
lottery-mixed N R'
# (A ratio is - when fifo's figure is not above 0: at tiny sizes noise.)
got=$(printf '%s\n' "$table" | sed -E 's/ -?[0-9]+\.[0-9] / N /; s/ (-?[0-9]+\.[0-9][0-9]|-)$/ R/')
if [ $rc -ne 0 ] || [ "$got" != "$want" ]; then
	echo "FAIL: steady.sh's table (TINY=1 ROUNDS=1 sh $steadysh $mb, exit $rc):" >&2
	printf '%s\n' "$table" | sed 's/^/  output: /' >&2
	fails=$((fails + 1))
else
	echo "ok: steady.sh's table, tiny sizes"
fi

[ "$fails" -eq 0 ]

#!/bin/sh
# cli.sh - the command line of minios: options, -c, -f, stdin, --exec.
#
# The .msh scenarios all run `minios --clock=virtual --seed 1 FILE`; this
# covers the other ways in.  Each check compares stdout+stderr and the
# exit status with what is expected, and prints PASS or FAIL.

minios=${MINIOS:-./minios}
case $minios in
/*) ;;
*) minios=$(pwd)/$minios ;;
esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
limit=
command -v timeout >/dev/null 2>&1 && limit="timeout 30"

passed=0
failed=0

# check NAME STATUS EXPECTED [ARGS...]: minios ARGS (stdin from
# $tmp/stdin if it exists, else empty) prints EXPECTED and exits STATUS.
check() {
	name=$1 status=$2 expected=$3
	shift 3
	if [ -f "$tmp/stdin" ]; then
		$limit "$minios" "$@" <"$tmp/stdin" >"$tmp/out" 2>&1
	else
		$limit "$minios" "$@" </dev/null >"$tmp/out" 2>&1
	fi
	got=$?
	if [ -n "$expected" ]; then
		printf '%s\n' "$expected" >"$tmp/expected"
	else
		: >"$tmp/expected"
	fi
	if [ "$got" -eq "$status" ] && cmp -s "$tmp/expected" "$tmp/out"; then
		echo "PASS: $name"
		passed=$((passed + 1))
	else
		echo "FAIL: $name (exit $got, wanted $status)"
		diff -u "$tmp/expected" "$tmp/out" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
}

# check_line NAME LINE [ARGS...]: minios ARGS exits 0 and prints LINE
# among others.
check_line() {
	name=$1 line=$2
	shift 2
	$limit "$minios" "$@" </dev/null >"$tmp/out" 2>&1
	got=$?
	if [ "$got" -eq 0 ] && grep -Fxq -- "$line" "$tmp/out"; then
		echo "PASS: $name"
		passed=$((passed + 1))
	else
		echo "FAIL: $name (exit $got; wanted the line '$line')"
		sed 's/^/    /' "$tmp/out"
		failed=$((failed + 1))
	fi
}

usage='usage: minios [OPTION...] [SCRIPT | -f SCRIPT | -c COMMANDS | --exec '"'"'PROGRAM ARGS...'"'"'...]'

# --exec: no shell; the tasks are 1, 2, ... as in the seminar.
check "--exec foo and bar" 0 "I'm foo
I'm bar
I'm foo
I'm bar
I'm foo
I'm bar
Task 1 terminated
Task 2 terminated" --clock=virtual --exec 'foo 3' --exec 'bar 3'
check "--exec with quotes and -t" 0 "I'm foo 1
Task 1 terminated" --exec "foo -t '1'"
check "--exec an unknown program" 2 \
	"minios: --exec: 'nosuch 1': no such program" --exec 'nosuch 1'
check "--exec with a script" 2 "minios: choose one of SCRIPT, -c and --exec
$usage" --exec foo -c 'echo'

# Options.
check "--version" 0 "minios $("$minios" --version | sed -n 's/^minios //p')" \
	--version
"$minios" --help >"$tmp/help" 2>&1
if [ $? -eq 0 ] && head -n 1 "$tmp/help" | grep -q '^usage: minios' &&
	grep -q -- '--stack-size' "$tmp/help"; then
	echo "PASS: --help"
	passed=$((passed + 1))
else
	echo "FAIL: --help"
	failed=$((failed + 1))
fi
check "an unknown option" 2 "minios: unknown option '--frob'
$usage" --frob
check "an unknown short option" 2 "minios: unknown option '-z'
$usage" -z
check "an option without its argument" 2 "minios: -c: needs an argument
$usage" -c
check "a bad clock" 2 "minios: --clock: 'fast': must be real or virtual
$usage" --clock=fast
check "a bad poller" 2 "minios: --poller: 'select': must be epoll or poll
$usage" --poller=select -c 'echo'
saved_poller=${MINIOS_POLLER-}
export MINIOS_POLLER=select
check "a bad MINIOS_POLLER" 2 "minios: MINIOS_POLLER: 'select': must be epoll or poll
$usage" -c 'echo'
check "a bad MINIOS_POLLER, even with --poller" 2 "minios: MINIOS_POLLER: 'select': must be epoll or poll
$usage" --poller=poll -c 'echo'
MINIOS_POLLER=poll
check "MINIOS_POLLER=poll" 0 "hi" -c 'echo hi'
MINIOS_POLLER=$saved_poller
# --sched and MINIOS_SCHED: one line naming what is valid.
check "an unknown policy" 2 "minios: --sched: unknown policy 'sjf': valid are fifo, rr, prio, random, lottery, mlfq
$usage" --sched=sjf -c 'echo'
check "an unknown policy option" 2 "minios: --sched: mlfq: unknown option 'speed': valid are levels=1..16, allotment=DURATION, boost=DURATION (0: never)
$usage" --sched=mlfq:speed=2 -c 'echo'
check "a bad policy option value" 2 "minios: --sched: mlfq: bad value '0' for levels: valid are levels=1..16, allotment=DURATION, boost=DURATION (0: never)
$usage" --sched=mlfq:levels=0 -c 'echo'
check "options to a policy that takes none" 2 "minios: --sched: prio: takes no options (got 'x=1')
$usage" --sched=prio:x=1 -c 'echo'
MINIOS_SCHED=fast
export MINIOS_SCHED
check "a bad MINIOS_SCHED" 2 "minios: MINIOS_SCHED: unknown policy 'fast': valid are fifo, rr, prio, random, lottery, mlfq
$usage" -c 'echo'
MINIOS_SCHED=random
check "MINIOS_SCHED=random, overridden by --sched" 0 "I'm foo
I'm bar
I'm foo
I'm bar
I'm foo
I'm bar
Task 1 terminated
Task 2 terminated" --sched=fifo --clock=virtual --exec 'foo 3' --exec 'bar 3'
unset MINIOS_SCHED
check "policies with options" 0 "hi" --sched=mlfq:levels=3,allotment=5ms,boost=1s -c 'echo hi'
check "rr with a quantum" 0 "hi" --sched=rr:quantum=20ms -c 'echo hi'
# sched under mlfq: the settings in effect once, defaults too.
check "sched under mlfq, defaults" 0 "policy mlfq
levels 3, allotment 10ms, boost 1s
level 0:
level 1:
level 2:" --sched=mlfq -c sched
check "sched under mlfq, options" 0 "policy mlfq
levels 2, allotment 1500us, boost 0
level 0:
level 1:" --sched=mlfq:levels=2,allotment=1500us,boost=0 -c sched
# random: one seed gives one schedule, another seed another.
random_run() {
	$limit "$minios" --clock=virtual --sched=random --seed "$1" -c 'spawn foo 4; spawn bar 4; wait' 2>&1
}
if [ "$(random_run 7)" = "$(random_run 7)" ] && [ "$(random_run 1)" != "$(random_run 2)" ]; then
	echo "PASS: random: a seed replays, seeds differ"
	passed=$((passed + 1))
else
	echo "FAIL: random: a seed replays, seeds differ"
	failed=$((failed + 1))
fi
check "a bad seed" 2 "minios: --seed: 'x1': not a number
$usage" --seed x1 -c 'echo'
check "a bad stack size" 2 "minios: --stack-size: '12q': not a size (like 64k or 1M)
$usage" --stack-size 12q -c 'echo'
check "a stack size out of range" 2 "minios: --stack-size: 1024 bytes is out of range (16k to 1024M)
$usage" --stack-size 1k -c 'echo'
check_line "a stack size in k" "stacks     65536 bytes each" \
	--stack-size 64k -c stats --poller=poll
check_line "a stack size in M" "stacks     1048576 bytes each" \
	--stack-size=1M -c stats
check_line "a stack size in bytes" "stacks     32768 bytes each" \
	--stack-size 32768 -c stats
check "a bad quantum" 2 "minios: --quantum: '10x': not a duration (like 10ms or 2s)
$usage" --quantum=10x -c 'echo never'
check "a negative quantum" 2 "minios: --quantum: '-1ms': not a duration (like 10ms or 2s)
$usage" --quantum=-1ms -c 'echo never'
check "a quantum too short" 2 "minios: --quantum: '50us': shorter than 100us (0 turns it off)
$usage" --quantum=50us -c 'echo never'
check "a quantum too long" 2 "minios: --quantum: '2h': longer than an hour
$usage" --quantum=2h -c 'echo never'
export MINIOS_QUANTUM=soon
check "a bad MINIOS_QUANTUM" 2 "minios: MINIOS_QUANTUM: 'soon': not a duration (like 10ms or 2s)
$usage" -c 'echo never'
unset MINIOS_QUANTUM
check "a watchdog too short" 2 "minios: --watchdog: '1ms': shorter than 10ms (0 turns it off)
$usage" --watchdog=1ms -c 'echo never'
check "preemption and the watchdog off" 0 "hi" --quantum=0 --watchdog=0 -c 'echo hi'
check "a quantum of 1ms" 0 "hi" --quantum=1ms -c 'echo hi'

check "two scripts" 2 "minios: 'b.msh': only one script at a time
$usage" a.msh b.msh

# --exec's status reports its tasks: that of the first, in command-line
# order, that failed; 128 + the signal a fault would have been.
check "--exec: the first task that failed" 3 "I'm foo
Task 2 terminated
Task 3 terminated
Task 1 terminated" --clock=virtual --exec 'foo 1' --exec 'crash exit' --exec 'crash fpe'
check "--exec: a fault, as a shell reports a signal" 136 "Task 1 terminated
Task 2 terminated" --clock=virtual --exec 'crash fpe' --exec 'crash exit'
check "--exec: a stack overflow" 139 "Task 1 terminated" --exec 'crash overflow'

# A task killed while it runs leaves its frames on its stack; the next
# task given that stack must not trip over them (in the sanitizer build,
# AddressSanitizer's marks: stack_free clears them).
check_line "a task on the stack of a killed one" "Child done" \
	--clock=virtual -c 'spawn foo; sleep 10ms; kill 2; run waittask-demo'

# -c: lines and ';'; the status says whether all went well.
check "-c" 0 "one
two
three" -c 'echo one; echo two
echo three'
check "-c with a failure" 1 "minios: frob: unknown command (try 'help')
after" -c 'frob; echo after'
check "-c exit" 7 "" -c 'exit 7; echo never'

# -f and a script that is not there.
printf 'echo from a file\nrun countdown 1\n' >"$tmp/script.msh"
check "-f SCRIPT" 0 "from a file
1
Liftoff!" --clock=virtual -f "$tmp/script.msh"
check "a missing script" 1 "minios: $tmp/none.msh: cannot open: No such file or directory" \
	"$tmp/none.msh"

# stdin that is not a terminal: plain lines, no prompt, EOF ends it.
printf 'echo from stdin\nspawn countdown 1\nwait\necho last line without newline' \
	>"$tmp/stdin"
check "commands on stdin" 0 "from stdin
[2] countdown 1
1
Liftoff!
[2] done (status 0)  countdown 1
last line without newline" --clock=virtual
rm -f "$tmp/stdin"

# A line that arrives in pieces through a pipe is put together, and the
# tasks run while the shell waits for the rest.
(printf 'spawn alive 100ms\necho par'; sleep 1; printf 'tial\nkill 2\n') |
	$limit "$minios" >"$tmp/out" 2>&1
if [ $? -eq 0 ] && grep -q '^partial$' "$tmp/out" &&
	grep -q "^I'm alive! 5" "$tmp/out" &&
	grep -q '^\[2\] killed  alive 100ms$' "$tmp/out"; then
	echo "PASS: a line in pieces from a pipe"
	passed=$((passed + 1))
else
	echo "FAIL: a line in pieces from a pipe"
	sed 's/^/    /' "$tmp/out"
	failed=$((failed + 1))
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

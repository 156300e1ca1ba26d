#!/bin/sh
# explore.sh - minios --explore: schedules searched by seed.  The
# acceptance cases: naive philosophers deadlock under some of 100 seeds
# and finish under others, ordered ones give one outcome, the race demo
# shows its race and its locked form does not; a replay command replays;
# a run that never ends is a time-out.  Under the virtual clock each run
# takes milliseconds: the whole file runs in a few seconds.

minios=${MINIOS:-./minios}
case $minios in
/*) ;;
*) minios=$(pwd)/$minios ;;
esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-explore.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
limit=
command -v timeout >/dev/null 2>&1 && limit="timeout 60"
passed=0
failed=0

ok() {
	echo "PASS: $1"
	passed=$((passed + 1))
}
ko() {
	echo "FAIL: $1"
	sed 's/^/    /' "$tmp/out"
	failed=$((failed + 1))
}

# explore STATUS ARGS...: minios ARGS into $tmp/out; true if it exited STATUS.
explore() {
	want=$1
	shift
	$limit "$minios" "$@" </dev/null >"$tmp/out" 2>&1
	[ $? -eq "$want" ]
}

if explore 1 --explore=100 -c 'run philosophers -n 5 --strategy naive' &&
	grep -q '^outcome [0-9]*: [0-9]* of 100 seeds, smallest seed [0-9]*: deadlock (exit 1)$' "$tmp/out" &&
	grep -q '^outcome [0-9]*: [0-9]* of 100 seeds, smallest seed [0-9]*: exit 0$' "$tmp/out" &&
	grep -qx '  last line: All 5 philosophers ate 3 meals' "$tmp/out" &&
	grep -q '^minios: explore: [0-9]* different outcomes in 100 seeds$' "$tmp/out"; then
	ok "naive philosophers: a deadlocking seed and a finishing seed"
else
	ko "naive philosophers: a deadlocking seed and a finishing seed"
fi

# The smallest deadlocking seed, replayed with the command given, deadlocks.
seed=$(sed -n 's/^outcome [0-9]*: [0-9]* of 100 seeds, smallest seed \([0-9]*\): deadlock.*/\1/p' "$tmp/out")
replay=$(grep -A2 "smallest seed $seed: deadlock" "$tmp/out" | sed -n 's/^  replay: minios //p')
if [ -n "$replay" ] && eval "\"\$minios\" $replay" >"$tmp/replay" 2>&1; then
	ko "the replay of seed $seed deadlocks"
elif grep -q '^minios: deadlock:' "$tmp/replay"; then
	ok "the replay of seed $seed deadlocks"
else
	cp "$tmp/replay" "$tmp/out"
	ko "the replay of seed $seed deadlocks"
fi

if explore 0 --explore=100 --explore-jobs=2 -c 'run philosophers -n 5 --strategy ordered' &&
	grep -qx 'outcome 1: 100 of 100 seeds, smallest seed 1: exit 0' "$tmp/out" &&
	grep -qx 'minios: explore: every one of 100 seeds gave the same outcome' "$tmp/out"; then
	ok "ordered philosophers: one outcome"
else
	ko "ordered philosophers: one outcome"
fi

if explore 1 --explore=50 -c 'run race' &&
	[ "$(grep -c '^  last line: counter [0-9]*, expected 10$' "$tmp/out")" -ge 3 ] &&
	grep -qx '  last line: counter 10, expected 10' "$tmp/out"; then
	ok "race: several answers, the right one among them"
else
	ko "race: several answers, the right one among them"
fi
cp "$tmp/out" "$tmp/race1"
if explore 1 --explore=50 --explore-jobs=3 -c 'run race' && cmp -s "$tmp/out" "$tmp/race1"; then
	ok "race: the same report with 3 jobs at a time"
else
	ko "race: the same report with 3 jobs at a time"
fi

if explore 0 --explore=50 -c 'run race -l' &&
	grep -qx '  last line: counter 10, expected 10' "$tmp/out" &&
	grep -qx 'minios: explore: every one of 50 seeds gave the same outcome' "$tmp/out"; then
	ok "race -l: one outcome"
else
	ko "race -l: one outcome"
fi

if explore 0 --explore=3 --explore-output=all -c 'run race -l 1' &&
	grep -q '^outcome 1: 3 of 3 seeds, smallest seed 1: exit 0, output [0-9a-f]*$' "$tmp/out"; then
	ok "--explore-output=all hashes the whole output"
else
	ko "--explore-output=all hashes the whole output"
fi

if explore 0 --explore=2 --explore-timeout=1 -c 'run foo' &&
	grep -qx 'outcome 1: 2 of 2 seeds, smallest seed 1: time-out after 1s' "$tmp/out"; then
	ok "a run that never ends is a time-out"
else
	ko "a run that never ends is a time-out"
fi

usage='usage: minios [OPTION...] [SCRIPT | -f SCRIPT | -c COMMANDS | --exec '"'"'PROGRAM ARGS...'"'"'...]'
# bad NAME LINE ARGS...: minios ARGS exits 2 with LINE and the usage line.
bad() {
	name=$1 line=$2
	shift 2
	printf '%s\n%s\n' "$line" "$usage" >"$tmp/expected"
	if explore 2 "$@" && cmp -s "$tmp/expected" "$tmp/out"; then
		ok "$name"
	else
		ko "$name"
	fi
}
bad "--explore without a script" "minios: --explore: needs a SCRIPT, -c COMMANDS or --exec" --explore=3
bad "--explore under fifo" "minios: --explore: 'fifo': exploring needs --sched=random" \
	--explore=3 --sched=fifo -c 'echo'
bad "--explore with --seed" "minios: --explore: runs seeds 1..N itself; drop --seed" \
	--explore=3 --seed 4 -c 'echo'
bad "--explore=0" "minios: --explore: '0': a number of seeds from 1 to 1000000" --explore=0 -c 'echo'
bad "--explore-jobs alone" "minios: --explore-jobs, --explore-timeout and --explore-output need --explore=N" \
	--explore-jobs=2 -c 'echo'
bad "a bad --explore-output" "minios: --explore-output: 'some': must be last or all" \
	--explore=2 --explore-output=some -c 'echo'

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

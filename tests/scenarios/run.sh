#!/bin/sh
# run.sh - the scenario tests: each tests/scenarios/NAME.msh is run by
# `minios --clock=virtual --seed 1 [FLAGS] NAME.msh` (from the scenarios
# directory, so `source` finds its neighbours), with stdout and stderr
# together and "exit=N" appended, and must match NAME.out byte for byte.
#
# Under the virtual clock a scenario that does no outside I/O prints the
# same thing on every run, so any difference is a change in behaviour.
#
#   run.sh                  run them all (what `make check` does)
#   run.sh NAME...          run only these (NAME or NAME.msh)
#   run.sh --print NAME     print what NAME produces now, to review it
#                           before saving it as NAME.out
#
# The binary is ./minios in the current directory (the build directory,
# under `make check`), or $MINIOS.  $MINIOS_WRAPPER (e.g. "valgrind -q
# --error-exitcode=99") runs it under a tool.

# The scenarios sit beside this script (make check runs it by its path in
# the source tree, so this holds in a VPATH build and under distcheck),
# or in $MINIOS_SCENARIO_DIR (the lab's, tests/lab/).
here=$(cd "${MINIOS_SCENARIO_DIR:-$(dirname "$0")}" && pwd) || exit 99
minios=${MINIOS:-./minios}
case $minios in
/*) ;;
*) minios=$(pwd)/$minios ;;
esac
if [ ! -x "$minios" ]; then
	echo "run.sh: no minios binary at $minios" >&2
	exit 99
fi
# A hung scenario must fail, not stall the suite.
limit=
if command -v timeout >/dev/null 2>&1; then
	limit="timeout ${MINIOS_SCENARIO_TIMEOUT:-60}"
fi

# A scenario whose first line is "# flags: OPTIONS" runs with those
# options too (a scheduling policy: "# flags: --sched=prio").
run_one() {
	flags=$(sed -n '1s/^# flags: //p' "$here/$1.msh")
	(cd "$here" &&
		$limit ${MINIOS_WRAPPER} "$minios" --clock=virtual --seed 1 $flags \
			"$1.msh" 2>&1 </dev/null
		echo "exit=$?")
}

if [ "$1" = "--print" ]; then
	[ $# -eq 2 ] || { echo "usage: run.sh --print NAME" >&2; exit 2; }
	run_one "${2%.msh}"
	exit 0
fi

if [ $# -eq 0 ]; then
	set -- "$here"/*.msh
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-scenarios.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
for script; do
	name=$(basename "$script" .msh)
	if [ ! -f "$here/$name.out" ]; then
		echo "FAIL: $name (no $name.out)"
		failed=$((failed + 1))
		continue
	fi
	run_one "$name" >"$tmp/$name.actual"
	if cmp -s "$here/$name.out" "$tmp/$name.actual"; then
		echo "PASS: $name"
		passed=$((passed + 1))
	else
		echo "FAIL: $name"
		diff -u "$here/$name.out" "$tmp/$name.actual" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

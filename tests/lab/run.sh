#!/bin/sh
# run.sh - the scenarios that grade the lab guide's exercises
# (docs/lab-guide.md), run like tests/scenarios/run.sh.  A scenario whose
# policy ("# flags: --sched=NAME") is not written yet is skipped, so the
# tree passes before the exercise is done and grades it after.
#
#   sh ../tests/lab/run.sh          from the build directory
here=$(cd "$(dirname "$0")" && pwd) || exit 99
minios=${MINIOS:-./minios}
ran=0
for script in "$here"/*.msh; do
	name=$(basename "$script" .msh)
	flags=$(sed -n '1s/^# flags: //p' "$script")
	if ! "$minios" $flags -c 'echo' >/dev/null 2>&1; then
		echo "SKIP: $name (not written yet: $flags)"
		continue
	fi
	MINIOS_SCENARIO_DIR=$here sh "$here/../scenarios/run.sh" "$name" || exit 1
	ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || exit 77

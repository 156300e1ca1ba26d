#!/bin/sh
# seminar.sh - the seminar's example programs, run with --exec, must print
# what the slides print, line for line, "Task N terminated" included.
#
# Run from the build directory (make check does); MINIOS overrides the
# binary.  Prints "N passed, N failed" and fails if any case failed.

MINIOS=${MINIOS:-./minios}
passed=0
failed=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-seminar.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$MINIOS" ]; then
	echo "seminar.sh: no $MINIOS to test" >&2
	exit 99
fi

# check NAME -- minios arguments; the expected output on stdin.
check() {
	name=$1
	shift 2
	cat > "$tmp/expected"
	timeout 20 "$MINIOS" --clock=virtual --seed 1 "$@" > "$tmp/actual" 2> "$tmp/stderr"
	status=$?
	if [ $status -eq 0 ] && cmp -s "$tmp/expected" "$tmp/actual" &&
	   [ ! -s "$tmp/stderr" ]; then
		passed=$((passed + 1))
		echo "PASS: $name"
	else
		failed=$((failed + 1))
		echo "FAIL: $name (exit status $status)"
		diff -u "$tmp/expected" "$tmp/actual" | sed 's/^/  /'
		sed 's/^/  stderr: /' "$tmp/stderr"
	fi
}

# Part 7, "First Multitasking": the slide shows six lines of two tasks
# that loop forever; three rounds each give the same six lines first.
check "first multitasking" -- --exec 'foo 3' --exec 'bar 3' <<'EOF'
I'm foo
I'm bar
I'm foo
I'm bar
I'm foo
I'm bar
Task 1 terminated
Task 2 terminated
EOF

# "Second Multitasking": foo runs ten times, bar five.
check "second multitasking" -- --exec 'foo 10' --exec 'bar 5' <<'EOF'
I'm foo
I'm bar
I'm foo
I'm bar
I'm foo
I'm bar
I'm foo
I'm bar
I'm foo
I'm bar
I'm foo
Task 2 terminated
I'm foo
I'm foo
I'm foo
I'm foo
Task 1 terminated
EOF

# "A First System Call": GetTid.
check "GetTid" -- --exec 'foo -t 5' --exec 'bar -t 10' <<'EOF'
I'm foo 1
I'm bar 2
I'm foo 1
I'm bar 2
I'm foo 1
I'm bar 2
I'm foo 1
I'm bar 2
I'm foo 1
I'm bar 2
Task 1 terminated
I'm bar 2
I'm bar 2
I'm bar 2
I'm bar 2
I'm bar 2
Task 2 terminated
EOF

# "An Example" of NewTask and KillTask.
check "NewTask and KillTask" -- --exec newtask-demo <<'EOF'
I'm foo 2
I'm foo 2
I'm foo 2
I'm foo 2
I'm foo 2
Task 2 terminated
main done
Task 1 terminated
EOF

# "Task Waiting Example": WaitTask.
check "WaitTask" -- --exec waittask-demo <<'EOF'
Waiting for child
I'm foo 2
I'm foo 2
I'm foo 2
I'm foo 2
I'm foo 2
Task 2 terminated
Child done
Task 1 terminated
EOF

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

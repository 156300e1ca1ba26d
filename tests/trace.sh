#!/bin/sh
# trace.sh - the system-call trace from the command line: --trace's
# filters (calls, tid:N, errors), --trace-file, a bad filter, the same
# trace on every run under the virtual clock, and `trace -c` totals that
# add up to the trap counts of `stats`.
minios=${MINIOS:-./minios}
case $minios in
/*) ;;
*) minios=$(pwd)/$minios ;;
esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-trace.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
ok() { echo "PASS: $1"; passed=$((passed + 1)); }
ko() {
	echo "FAIL: $1"
	sed 's/^/    /' "$tmp/out"
	failed=$((failed + 1))
}
run() { timeout 30 "$minios" --clock=virtual --seed 1 "$@" </dev/null >"$tmp/out" 2>&1; }
work='spawn countdown 1; spawn foo 2; kill 99; wait'

# Calls: only Sleep and KillTask lines, of any task.
run --trace=Sleep,KillTask -c "$work"
if grep -q '^[0-9.]* \[' "$tmp/out" &&
	! grep '^[0-9.]* \[' "$tmp/out" | grep -vq '\] \(Sleep\|KillTask\)(' &&
	grep -Fxq '0.000005 [2 countdown 1] Sleep(1s) = 0 <1.000s>' "$tmp/out"; then
	ok "--trace=Sleep,KillTask"
else ko "--trace=Sleep,KillTask"; fi

# Tasks: only task 3's lines, its end included.
run --trace=tid:3 -c "$work"
if [ "$(grep -c '^[0-9.]* \[' "$tmp/out")" -gt 1 ] &&
	! grep '^[0-9.]* \[' "$tmp/out" | grep -vq '^[0-9.]* \[3 foo 2\]' &&
	grep -q '\[3 foo 2\] +++ done (status 0) +++$' "$tmp/out"; then
	ok "--trace=tid:3"
else ko "--trace=tid:3"; fi

# Errors: only failed calls.
run --trace=errors -c "$work"
if grep -Fxq '0.000007 [1 shell] KillTask(99) = -ESRCH' "$tmp/out" &&
	! grep '^[0-9.]* \[' "$tmp/out" | grep -vq ' = -E[A-Z]*$'; then
	ok "--trace=errors"
else ko "--trace=errors"; fi

# A file instead of stderr; two runs give the same bytes.
run --trace --trace-file="$tmp/t1" -c "$work"
grep -q '^[0-9.]* \[' "$tmp/out" && ko "--trace-file: lines on stderr too"
run --trace --trace-file="$tmp/t2" -c "$work"
if [ -s "$tmp/t1" ] && cmp -s "$tmp/t1" "$tmp/t2" &&
	grep -q 'WaitChild(0) = 0 <0.999s>$' "$tmp/t1"; then
	ok "--trace-file, the same on every run"
else
	cp "$tmp/t1" "$tmp/out"
	ko "--trace-file, the same on every run"
fi

# A bad filter: one line, the usage, status 2.
run --trace=Slep -c 'echo'
st=$?
if [ $st -eq 2 ] && [ "$(head -n 1 "$tmp/out")" = "minios: --trace: 'Slep': not a call name, tid:N or errors" ]; then
	ok "--trace=Slep refused"
else ko "--trace=Slep refused (status $st)"; fi

# trace -c adds up to stats: with the trace on from the start, every
# trap is counted by both; stats runs after trace -c, so it has one
# Stats trap more and trace -c's own Trace trap.
run --trace --trace-file=/dev/null -c "$work; trace -c; stats"
awk '
	/^ +[0-9]+ +[0-9]+ +[0-9.]+s [A-Za-z]+$/ { c[$4] = $1 }
	/^traps +[0-9]+$/ { in_stats = 1; total = $2; next }
	in_stats && /^  [A-Za-z]+ +[0-9]+$/ { s[$1] = $2 }
	END {
		bad = 0
		for (k in s) if (k != "Stats" && k != "total" && s[k] != c[k]) bad = 1
		for (k in c) if (k != "total" && k != "Stats" && s[k] != c[k]) bad = 1
		if (c["total"] + 1 != total || s["Stats"] != 1 || c["Stats"] != "") bad = 1
		exit bad
	}' "$tmp/out" && ok "trace -c adds up to stats" || ko "trace -c adds up to stats"

echo "trace: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

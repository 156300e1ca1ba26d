#!/bin/sh
# harness.sh - tools/minios-check, the grading harness: PASS/FAIL
# with a diff, the summary and exit status, --update, --jobs, the time
# limits, --tap, the "?~ " regular-expression lines, and the "# points:"
# and "# minios:" headers with the score.
top=${srcdir:-$(dirname "$0")/..}
check=$top/tools/minios-check
minios=${MINIOS:-./minios}
case $minios in /*) ;; *) minios=$(pwd)/$minios ;; esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
export MINIOS="$minios"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-harness.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0

ok() {
	echo "PASS: $1"
	passed=$((passed + 1))
}
ko() {
	echo "FAIL: $1"
	sed 's/^/    /' "$tmp/log"
	failed=$((failed + 1))
}
# expect NAME STATUS GREP-PATTERN... -- ARGS: runs minios-check ARGS; its
# status must be STATUS and each pattern (grep -E, whole line) a line of
# its output.
expect() {
	name=$1 want=$2
	shift 2
	pats=
	while [ "$1" != -- ]; do
		pats="$pats$1
"
		shift
	done
	shift
	sh "$check" "$@" >"$tmp/log" 2>&1
	got=$?
	if [ "$got" -ne "$want" ]; then
		echo "(exit $got, wanted $want)" >>"$tmp/log"
		ko "$name"
		return
	fi
	printf '%s' "$pats" | while IFS= read -r p; do
		grep -E -x -q -- "$p" "$tmp/log" || { echo "(no line '$p')" >>"$tmp/log"; exit 1; }
	done && ok "$name" || ko "$name"
}

d=$tmp/s
mkdir "$d"
printf 'echo hello\n' >"$d/good.msh"
printf 'hello\nexit=0\n' >"$d/good.out"
printf '# points: 3\necho one\necho two\n' >"$d/bad.msh"
printf 'one\nthree\nexit=0\n' >"$d/bad.out"
expect "a pass and a failure, with a diff and the summary" 1 \
	'PASS: good' 'FAIL: bad' '    -three' '    \+two' '1 passed, 1 failed' 'score: 1/4' -- "$d"
expect "one file" 0 'PASS: good' '1 passed, 0 failed' -- "$d/good.msh"
expect "--tap" 1 '1\.\.2' 'not ok 1 - bad' 'ok 2 - good' '# -three' '# 1 passed, 1 failed' -- --tap "$d"
expect "--jobs 2 keeps the order" 1 'FAIL: bad' 'PASS: good' '1 passed, 1 failed' -- --jobs 2 "$d"
expect "--update writes the .out" 0 'FAIL: bad' '    \+two' 'minios-check: wrote .*bad\.out' -- --update "$d/bad.msh"
expect "after --update it passes" 0 'PASS: bad' '1 passed, 0 failed' 'score: 3/3' -- "$d/bad.msh"

# A regular-expression line matches; a line it does not match fails.
printf 'echo port 4242 at 0x7ffd1234\necho fixed\n' >"$d/re.msh"
printf '?~ port [0-9]+ at 0x[0-9a-f]+\nfixed\nexit=0\n' >"$d/re.out"
expect "a ?~ line matches" 0 'PASS: re' -- "$d/re.msh"
printf '?~ port [0-9]+ at 0x[0-9a-f]+\nfixes\nexit=0\n' >"$d/re.out"
expect "a ?~ line that matches is no difference" 1 'FAIL: re' '    -fixes' '    \+fixed' -- "$d/re.msh"
printf '?~ port [a-z]+ at .*\nfixed\nexit=0\n' >"$d/re.out"
expect "a ?~ line that does not match fails" 1 'FAIL: re' '    -\?~ port \[a-z\]\+ at \.\*' -- "$d/re.msh"
rm "$d"/re.*

# "# minios:" passes options: the seed changes random numbers.
printf '# minios: --seed 3\nspawn philosophers -n 2 --meals 1\nwait\n' >"$d/seed.msh"
sh "$check" --update "$d/seed.msh" >/dev/null 2>&1
sed 's/^# minios:.*/# other/' "$d/seed.msh" >"$d/seed2.msh"
cp "$d/seed.out" "$d/seed2.out"
if cmp -s "$d/seed.out" "$d/seed2.out" && sh "$check" "$d/seed.msh" >/dev/null 2>&1 &&
	[ "$(sh "$check" --timeout 30 "$d/seed.msh" | tail -n 1)" = "1 passed, 0 failed" ]; then
	ok "# minios: options are used"
else
	: >"$tmp/log"
	ko "# minios: options are used"
fi
rm "$d"/seed*

# Time limits: a runaway in virtual time, and one in real time.
printf 'spawn alive\nwait\n' >"$d/forever.msh"
printf 'exit=0\n' >"$d/forever.out"
# (The shell is stopped in the middle of `wait`, holding that line's words
# and its job table: its task's memory, freed with it, so a sanitizer
# build's LeakSanitizer has nothing to add to the output compared here.)
expect "--virtual-limit" 1 'FAIL: forever \(time limit: .*\)' '    \+minios: time limit \(10s\) reached' \
	'    \+exit=124' -- --virtual-limit 10s "$d/forever.msh"
if command -v timeout >/dev/null 2>&1; then
	printf 'run spin\n' >"$d/forever.msh"
	expect "--timeout" 1 'FAIL: forever \(time limit: .*\)' -- --timeout 1 "$d/forever.msh"
fi
rm "$d"/forever.*

# Mistakes: one line and status 2.
rm "$d/good.out"
expect "a missing .out fails" 1 'FAIL: good \(no good\.out\)' '0 passed, 1 failed' -- "$d/good.msh"
expect "a missing file" 2 'minios-check: .*/nope.msh: no such file or folder' -- "$d/nope.msh"
expect "not a scenario" 2 'minios-check: .*: not a \.msh scenario' -- "$check"
expect "a bad option" 2 "minios-check: unknown option '--frob'" 'usage: .*' -- --frob "$d"
expect "a bad --jobs" 2 "minios-check: --jobs: 'x': not a positive number" 'usage: .*' -- --jobs x "$d"

# minios's own --time-limit: a bad duration is one line and status 2.
"$minios" --time-limit=soon -c 'echo x' >"$tmp/log" 2>&1
if [ $? -eq 2 ] && grep -qx "minios: --time-limit: 'soon': not a duration (like 10s or 5m)" "$tmp/log"; then
	ok "minios --time-limit=soon"
else
	ko "minios --time-limit=soon"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

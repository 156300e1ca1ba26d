#!/bin/sh
# docs.sh - every minios command the docs tell a user to type, run, so that
# the docs cannot drift from the code:
#   - README.md's "Running" block (each build/minios line but the bare,
#     interactive one) and the commands of its quick start's prompt tour;
#   - docs/lab-guide.md's "Things to try at the shell" block, and the
#     "$ minios ..." lines of its labs;
#   - the examples of docs/minios.1 ("$ minios ..." and "minios> ...").
# Each must end within its time limit and print no "unknown command",
# "usage:" or "not a ..." complaint: a renamed command, program or option
# fails here.  The commands are taken from the docs as they stand.
top=${srcdir:-$(dirname "$0")/..}
minios=${MINIOS:-./minios}
case $minios in
/*) ;;
*) minios=$(pwd)/$minios ;;
esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-docs.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
limit=
command -v timeout >/dev/null 2>&1 && limit="timeout 60"
passed=0
failed=0

# run WHERE COMMAND: runs COMMAND (a shell line naming minios as
# "minios") in $tmp, stdin empty; checks the end and the output.
run() {
	where=$1 line=$2
	cmd=$(printf '%s\n' "$line" | sed "s|^minios|\"\$minios\"|")
	(cd "$tmp" && eval "$limit $cmd") </dev/null >"$tmp/out" 2>&1
	status=$?
	if [ $status -ge 124 ] && [ $status -le 137 ]; then
		echo "FAIL: $where: '$line' did not end (status $status)"
		failed=$((failed + 1))
	elif grep -E -q 'unknown (command|option|program)|^usage:|: not a |no such program' "$tmp/out"; then
		echo "FAIL: $where: '$line' complained:"
		sed 's/^/    /' "$tmp/out" | head -10
		failed=$((failed + 1))
	else
		echo "PASS: $where: $line"
		passed=$((passed + 1))
	fi
}

# A script for the README's "run a script" lines.
printf 'echo hello from a script\nspawn foo 2\nwait\n' >"$tmp/script.msh"
printf 'spawn philosophers -n 3 --strategy ordered\nsleep 3s\nps\n' >"$tmp/dining.msh"

# README.md: the Running block.
sed -n '/^## Running/,/^## /p' "$top/README.md" | grep '^    build/minios' |
	sed -e 's/^    build\/minios/minios/' -e 's/  *#.*$//' >"$tmp/readme"
n=0
while IFS= read -r line; do
	[ "$line" = minios ] && continue # the interactive shell
	run README.md "$line"
	n=$((n + 1))
done <"$tmp/readme"
[ $n -ge 4 ] || { echo "FAIL: README.md: found only $n commands to run"; failed=$((failed + 1)); }

# README.md: the tour of the quick start's prompt, `CMD`, `CMD`, ... up to
# `exit` (the spam server and its nc line are for another terminal: the
# end-to-end tests run spam on a port of their own).
tour=$(sed -n '/^Then, at the `minios>` prompt/,/^$/p' "$top/README.md" | tr '\n' ' ' |
	grep -o '`[^`]*`' | tr -d '`' | grep -v '^minios>$\|^nc \|^SPAM \|^spawn spam$' | tr '\n' ';')
run "README.md tour" "minios --clock=virtual -c '$tour'"

# docs/lab-guide.md: things to try at the shell, one run each.
sed -n '/^## Things to try at the shell/,/^## /p' "$top/docs/lab-guide.md" | grep '^    ' |
	sed -e 's/^    //' -e 's/  *#.*$//' >"$tmp/lab"
n=0
while IFS= read -r line; do
	run lab-guide.md "minios --clock=virtual -c '$line; sleep 1s'"
	n=$((n + 1))
done <"$tmp/lab"
[ $n -ge 3 ] || { echo "FAIL: lab-guide.md: found only $n commands to run"; failed=$((failed + 1)); }

# docs/lab-guide.md: the commands of its labs ("$ minios ..." lines).  The
# labs outside the tree (an installed minios, examples/) are run in order,
# as a whole, by scripts/outside.sh in CI.
sed '/^## Lab: write a program outside the tree/,/^## Reading the timeline/d' \
	"$top/docs/lab-guide.md" | grep -E '^ +\$ minios ' | sed 's/^ *\$ //' >"$tmp/labs"
n=0
while IFS= read -r line; do
	run lab-guide.md "$line"
	n=$((n + 1))
done <"$tmp/labs"
[ $n -ge 5 ] || { echo "FAIL: lab-guide.md: found only $n lab commands to run"; failed=$((failed + 1)); }

# docs/lab-guide.md: the prime sieve lab, one run each.
sed -n '/^## Lab: the prime sieve/,/^## /p' "$top/docs/lab-guide.md" | grep '^    ' |
	sed -e 's/^    //' -e 's/  *#.*$//' >"$tmp/sieve"
n=0
while IFS= read -r line; do
	run "lab-guide.md sieve" "minios --clock=virtual -c '$line; sleep 1s'"
	n=$((n + 1))
done <"$tmp/sieve"
[ $n -ge 3 ] || { echo "FAIL: lab-guide.md sieve: found only $n commands"; failed=$((failed + 1)); }

# docs/minios.1: the examples.  "$ minios ..." lines run as they are
# (roff escapes undone); "minios> CMD" lines of one example run as a script.
sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$top/docs/minios.1" |
	sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" >"$tmp/man"
grep '^\$ minios' "$tmp/man" | sed 's/^\$ //' | while IFS= read -r line; do
	echo "$line"
done >"$tmp/man.cmds"
while IFS= read -r line; do
	run minios.1 "$line"
done <"$tmp/man.cmds"
session=$(grep '^minios> ' "$tmp/man" | sed 's/^minios> //' | tr '\n' ';')
[ -n "$session" ] && run "minios.1 session" "minios --clock=virtual -c '$session'"

# docs/minios-check.1: its examples, from the top of the tree (paths in
# the docs are relative to it), with this build's minios.
sed -n '/^\.SH EXAMPLES/,/^\.SH /p' "$top/docs/minios-check.1" | sed -e 's/\\-/-/g' |
	grep '^\$ minios-check' | sed 's/^\$ minios-check//' >"$tmp/check.cmds"
n=0
while IFS= read -r args; do
	if (cd "$top" && eval "MINIOS=\"\$minios\" $limit sh tools/minios-check $args") \
		</dev/null >"$tmp/out" 2>&1; then
		echo "PASS: minios-check.1: minios-check$args"
		passed=$((passed + 1))
	else
		echo "FAIL: minios-check.1: minios-check$args"
		tail -n 20 "$tmp/out" | sed 's/^/    /'
		failed=$((failed + 1))
	fi
	n=$((n + 1))
done <"$tmp/check.cmds"
[ $n -ge 1 ] || { echo "FAIL: minios-check.1: found no example to run"; failed=$((failed + 1)); }

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

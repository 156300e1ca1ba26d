#!/bin/sh
# record.sh - minios --record=NAME: a session (here typed into a pipe,
# with pauses) becomes NAME.msh, with a sleep for each pause rounded to
# 10ms, and NAME.out; minios-check replays it under the virtual clock and
# it passes.  A session whose output holds real-clock values (ps's CPU
# times) fails there, and minios-check says where and why.
top=$(cd "${srcdir:-$(dirname "$0")/..}" && pwd) || exit 99
minios=${MINIOS:-./minios}
case $minios in /*) ;; *) minios=$(pwd)/$minios ;; esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
export MINIOS="$minios"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-record.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
ok() { echo "PASS: $1"; passed=$((passed + 1)); }
ko() {
	echo "FAIL: $1"
	for f in "$tmp"/*.msh "$tmp"/*.out "$tmp/log"; do
		[ -f "$f" ] && { echo "    == $(basename "$f")"; sed 's/^/    /' "$f"; }
	done
	failed=$((failed + 1))
}
cd "$tmp" || exit 99

{ echo "spawn countdown 2"; sleep 0.3; echo "echo typed later"; sleep 2.6; echo "echo end"; } |
	"$minios" --record=s >/dev/null 2>&1
if [ -f s.msh ] && grep -qx 'spawn countdown 2' s.msh && grep -qx 'echo typed later' s.msh &&
	grep -Eqx 'sleep (2[6-9][0-9]|3[0-9][0-9])0ms' s.msh &&
	[ "$(grep -c '^sleep [0-9]*0ms$' s.msh)" -eq 2 ] &&
	[ "$(tail -n 1 s.out)" = exit=0 ] && grep -qx 'Liftoff!' s.out; then
	ok "the session is saved, pauses as sleeps of whole 10ms"
else
	ko "the session is saved, pauses as sleeps of whole 10ms"
fi
if sh "$top/tools/minios-check" --timeout 30 s.msh >log 2>&1 && grep -qx 'PASS: s' log; then
	ok "minios-check replays it and it passes"
else
	ko "minios-check replays it and it passes"
fi
rm -f s.msh s.out log

{ echo "spawn alive 500ms"; sleep 1.2; echo "ps"; echo "kill 2"; } | "$minios" --record=p >/dev/null 2>&1
sh "$top/tools/minios-check" --timeout 30 p.msh >log 2>&1
if [ $? -eq 1 ] && grep -q '^    first difference: line [0-9]* (a real-clock value' log; then
	ok "a real-clock value: the first difference and why"
else
	ko "a real-clock value: the first difference and why"
fi
rm -f p.msh p.out log

# Mistakes: one line, status 2, nothing written.
"$minios" --record= </dev/null >log 2>&1
st=$?
if [ $st -eq 2 ] && grep -qx 'minios: --record: needs a name (NAME.msh and NAME.out are written)' log; then
	ok "--record= without a name"
else
	ko "--record= without a name"
fi
"$minios" --record=x -c 'echo hi' </dev/null >log 2>&1
st=$?
if [ $st -eq 2 ] && grep -q '^minios: --record: records a session typed at the shell' log && [ ! -f x.msh ]; then
	ok "--record with -c"
else
	ko "--record with -c"
fi
echo hi | "$minios" --record=no/such/dir/x >log 2>&1
st=$?
if [ $st -eq 2 ] && grep -qx 'minios: --record: no/such/dir/x.msh: No such file or directory' log; then
	ok "--record into a missing folder"
else
	ko "--record into a missing folder"
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]

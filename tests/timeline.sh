#!/bin/sh
# timeline.sh - the picture of a run: --timeline=FILE.json (checked by
# timeline_check.py: it parses, one track per task, no overlapping
# slices, never two tasks on the CPU), --timeline=FILE.svg (well-formed
# XML, by xmllint), the deadlock marker in both after a naive
# philosophers' deadlock, the shell's timeline start/stop, preemptions
# under the real clock, a file completed by Ctrl-C, a chart of many
# tasks, and bad file names.
minios=${MINIOS:-./minios}
case $minios in
/*) ;;
*) minios=$(pwd)/$minios ;;
esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
here=$(cd "$(dirname "$0")" && pwd)
check="python3 $here/timeline_check.py"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-timeline.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
passed=0
failed=0
result() {
	if [ "$1" = 0 ]; then
		echo "PASS: $2"
		passed=$((passed + 1))
	else
		echo "FAIL: $2"
		[ -f "$tmp/out" ] && sed 's/^/    /' "$tmp/out"
		failed=$((failed + 1))
	fi
}
vrun() { timeout 30 "$minios" --clock=virtual --seed 1 "$@" </dev/null >"$tmp/out" 2>&1; }
wellformed() {
	if command -v xmllint >/dev/null 2>&1; then
		xmllint --noout "$1" >"$tmp/out" 2>&1
	else
		python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$1" >"$tmp/out" 2>&1
	fi
}

# Naive philosophers deadlock: both files have the marker.
vrun --timeline="$tmp/naive.json" -c 'run philosophers --strategy naive'
$check "$tmp/naive.json" --tasks 5 --deadlock >"$tmp/out" 2>&1
result $? "JSON of a deadlocking run: valid, 5 tracks, deadlock marker"
vrun --timeline="$tmp/naive.svg" -c 'run philosophers --strategy naive'
wellformed "$tmp/naive.svg" && grep -q '<title>deadlock</title>' "$tmp/naive.svg" &&
	grep -q 'class="blocked"><title>sem fork' "$tmp/naive.svg"
result $? "SVG of a deadlocking run: well-formed, deadlock marker, labelled waits"

# The same bytes on every run under the virtual clock.
vrun --timeline="$tmp/again.json" -c 'run philosophers --strategy naive'
cmp -s "$tmp/naive.json" "$tmp/again.json"
result $? "JSON the same on every run (virtual clock)"

# From the shell: a stretch of the session.
vrun -c "spawn foo 3; timeline start $tmp/part.json; spawn countdown 1; wait; timeline stop; spawn foo 2; wait"
$check "$tmp/part.json" --tasks 3 >"$tmp/out" 2>&1 &&
	grep -q '"name":"Sleep 1s","cat":"blocked"' "$tmp/part.json"
result $? "timeline start/stop"

# Bad names and misuse: one line each.
vrun --timeline="$tmp/x.txt" -c 'echo'
[ $? = 2 ] && [ "$(head -n 1 "$tmp/out")" = "minios: --timeline: '$tmp/x.txt': name it FILE.json or FILE.svg" ]
result $? "--timeline=x.txt refused"
vrun -c "timeline start $tmp/x.txt; timeline stop; timeline start $tmp/y.json; timeline start $tmp/z.json; timeline go"
printf '%s\n' "minios: timeline: $tmp/x.txt: name it FILE.json or FILE.svg" \
	"minios: timeline: none is being recorded" \
	"minios: timeline: one is being recorded already ('timeline stop')" \
	"minios: timeline: usage: timeline start FILE | timeline stop" >"$tmp/want"
cmp -s "$tmp/want" "$tmp/out" && $check "$tmp/y.json" >/dev/null
result $? "timeline command errors"

# The real clock, with a task the timer preempts: no two on the CPU.
timeout 30 "$minios" --timeline="$tmp/real.json" \
	-c 'spawn spin 200ms; spawn alive 20ms; spawn foo 50; sleep 400ms; kill 3' >"$tmp/out" 2>&1 </dev/null
$check "$tmp/real.json" --tasks 4 >"$tmp/out" 2>&1 && grep -q '"name":"preempted"' "$tmp/real.json"
result $? "real clock with preemption"

# Ctrl-C in the middle of a script: the file is still complete.
"$minios" --timeline="$tmp/int.json" -c 'run alive 10ms' </dev/null >/dev/null 2>&1 &
pid=$!
tries=50
while [ "$tries" -gt 0 ] && ! grep -q '"Sleep 10ms"' "$tmp/int.json" 2>/dev/null; do
	sleep 0.1
	tries=$((tries - 1))
done
kill -INT "$pid"
wait "$pid"
st=$?
[ "$st" = 130 ] && $check "$tmp/int.json" --tasks 2 >"$tmp/out" 2>&1
result $? "complete after Ctrl-C (status $st)"

# Many tasks: the chart keeps the busiest 300 and says how many it left out.
vrun --timeline="$tmp/many.svg" -c 'run philosophers -q -n 350 -r 1 --strategy ordered'
wellformed "$tmp/many.svg" && grep -q '>52 less busy tasks left out' "$tmp/many.svg"
result $? "SVG of 351 tasks"

# The README's picture is such a chart, of a deadlock.
wellformed "$here/../docs/run.svg" && grep -q '<title>deadlock</title>' "$here/../docs/run.svg"
result $? "docs/run.svg: well-formed, with the deadlock"

echo "timeline: $passed passed, $failed failed"
[ "$failed" -eq 0 ]

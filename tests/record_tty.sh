#!/bin/sh
# record_tty.sh - minios --record=NAME at an interactive shell (a real
# terminal, driven by tmux): the typed lines, a pause as a sleep, what
# minios printed (not the prompt, not the echo of typed keys), and the
# replay by minios-check passes.  Skips (77) without tmux.
command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
top=$(cd "${srcdir:-$(dirname "$0")/..}" && pwd) || exit 99
minios=${MINIOS:-./minios}
case $minios in /*) ;; *) minios=$(pwd)/$minios ;; esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-record-tty.XXXXXX") || exit 99
socket="$tmp/tmux.sock"
tm() { tmux -S "$socket" -f /dev/null "$@"; }
trap 'tm kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT INT TERM
screen() { tm capture-pane -p -t t; }
# wait_for PATTERN: until grep -E PATTERN matches the screen (5 s).
wait_for() {
	tries=50
	while [ "$tries" -gt 0 ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	echo "FAIL: the screen never showed '$1':"
	screen | sed -e '/^$/d' -e 's/^/    /'
	exit 1
}
tm new-session -d -s t -x 100 -y 40 \
	"env -i PATH=\"$PATH\" TERM=screen HOME=\"$tmp\" PS1='$ ' sh" ||
	{ echo "tmux cannot start a session: skipped"; exit 77; }
wait_for '^\$'
tm send-keys -t t "cd '$tmp' && MINIOS_HISTORY=0 '$minios' --record=demo; echo \"minios exited \$?\"" Enter
wait_for '^minios>'
tm send-keys -t t "spawn countdown 1" Enter
wait_for '^Liftoff!'
sleep 0.5
tm send-keys -t t "echo typed" Enter
wait_for '^typed$'
tm send-keys -t t C-d
wait_for '^minios exited 0$'

failed=0
check() {
	if eval "$2"; then
		echo "PASS: $1"
	else
		echo "FAIL: $1"
		for f in "$tmp/demo.msh" "$tmp/demo.out"; do
			echo "    == $f"
			sed 's/^/    /' "$f" 2>/dev/null
		done
		failed=$((failed + 1))
	fi
}
check "the typed lines, and the pause as a sleep" \
	"grep -qx 'spawn countdown 1' '$tmp/demo.msh' && grep -qx 'echo typed' '$tmp/demo.msh' &&
	 grep -Eqx 'sleep [0-9]+0ms' '$tmp/demo.msh'"
check "what minios printed, without prompts" \
	"grep -qx 'Liftoff!' '$tmp/demo.out' && grep -qx typed '$tmp/demo.out' &&
	 ! grep -q 'minios>' '$tmp/demo.out' && [ \"\$(tail -n 1 '$tmp/demo.out')\" = exit=0 ]"
check "minios-check replays it" \
	"MINIOS='$minios' sh '$top/tools/minios-check' '$tmp/demo.msh' >'$tmp/log' 2>&1"
[ "$failed" -eq 0 ] || cat "$tmp/log" 2>/dev/null
echo "$failed failed"
[ "$failed" -eq 0 ]

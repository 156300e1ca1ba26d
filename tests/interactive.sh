#!/bin/sh
# interactive.sh - the readline shell in a real terminal, driven by tmux.
#
# What a person at the terminal relies on: the prompt; task output
# appearing above the prompt while a half-typed line stays intact; ps and
# kill; top redrawing until q or Ctrl-C; trace lines above the prompt;
# Ctrl-C clearing the line at the prompt and killing the task of `run`,
# even one that never traps; typed lines as the standard input of `run
# cat`, Ctrl-D ending it; completion after '|'; clear and Ctrl-L emptying
# the screen; Ctrl-D leaving, with the terminal settings as they were.
#
# Skips (77) without tmux.  Every wait is bounded: a step that does not
# show what it should within a few seconds fails the test.

command -v tmux >/dev/null 2>&1 || { echo "tmux not found: skipped"; exit 77; }
minios=${MINIOS:-./minios}
case $minios in
/*) ;;
*) minios=$(pwd)/$minios ;;
esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-interactive.XXXXXX") || exit 99
socket="$tmp/tmux.sock"
tm() { tmux -S "$socket" -f /dev/null "$@"; }
cleanup() {
	tm kill-server >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

failures=0
fail() {
	echo "FAIL: $1"
	echo "---- screen:"
	tm capture-pane -p -t t 2>/dev/null | sed -e '/^$/d' -e 's/^/    /'
	failures=$((failures + 1))
}
pass() { echo "PASS: $1"; }

screen() { tm capture-pane -p -t t; }
# The last non-blank line on the screen: where the prompt is.
last_line() { screen | sed '/^[[:space:]]*$/d' | tail -n 1; }

# wait_for WHAT PATTERN [SECONDS]: until grep -E PATTERN matches the
# screen (WHAT names the step in a failure).
wait_for() {
	tries=$(( ${3:-5} * 10 ))
	while [ "$tries" -gt 0 ]; do
		screen | grep -Eq -- "$2" && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	fail "$1"
	return 1
}

# wait_last WHAT TEXT: until the last line is exactly TEXT.
wait_last() {
	tries=50
	while [ "$tries" -gt 0 ]; do
		[ "$(last_line)" = "$2" ] && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	fail "$1 (last line '$(last_line)', wanted '$2')"
	return 1
}

count() { screen | grep -Ec -- "$1"; }

# A plain sh in a fixed-size terminal; it records the terminal settings
# before and after minios, and how minios exited.
tm new-session -d -s t -x 100 -y 40 "env -i PATH=\"$PATH\" TERM=screen HOME=\"$tmp\" PS1='$ ' sh" ||
	{ echo "tmux cannot start a session: skipped"; exit 77; }
# Type only once sh shows its prompt, or its "$ " lands before minios's.
wait_last "sh starts" '$' || exit 1
tm send-keys -t t "stty -g > '$tmp/stty.before'; MINIOS_HISTORY=0 '$minios'; echo \"minios exited \$?\"; stty -g > '$tmp/stty.after'" Enter

wait_last "the prompt appears" "minios>" && pass "prompt"

# Output of a background task appears above the prompt, and the line
# being typed stays whole under it.
tm send-keys -t t "spawn alive 300ms" Enter
wait_for "spawn prints the task id" '^\[2\] alive 300ms' && pass "spawn"
tm send-keys -t t "echo half typed"
wait_last "typed text is shown" "minios> echo half typed"
before=$(count "I'm alive!")
tries=50
while [ "$tries" -gt 0 ] && [ "$(count "I'm alive!")" -lt $((before + 3)) ]; do
	sleep 0.1
	tries=$((tries - 1))
done
if [ "$(count "I'm alive!")" -ge $((before + 3)) ] &&
	[ "$(last_line)" = "minios> echo half typed" ]; then
	pass "task output above an intact half-typed line"
else
	fail "task output above an intact half-typed line"
fi
tm send-keys -t t " line" Enter
wait_for "the finished line runs" '^half typed line$' && pass "finished line"

tm send-keys -t t "ps" Enter
wait_for "ps lists the tasks" '^ +2 +1 .* alive 300ms$' && pass "ps"

# kill takes task ids, so Tab offers the live ones (the shell's own
# left out): task 2 is the only other.
tm send-keys -t t "kill " Tab
wait_last "Tab completes a task id" "minios> kill 2" && pass "task id completion"
tm send-keys -t t Enter
wait_for "kill reports the end" '^\[2\] killed  alive 300ms$' && pass "kill"

# Ctrl-C at the prompt: the line goes, a new prompt comes.
tm send-keys -t t "echo never run"
wait_last "typed text before Ctrl-C" "minios> echo never run"
tm send-keys -t t C-c
wait_last "Ctrl-C clears the line" "minios>" &&
	wait_for "Ctrl-C shows ^C" 'minios> echo never run\^C$' &&
	pass "Ctrl-C at the prompt"
tm send-keys -t t "echo after ctrl-c" Enter
if wait_for "the shell goes on after Ctrl-C" '^after ctrl-c$'; then
	if screen | grep -q '^never run'; then
		fail "the cleared line must not run"
	else
		pass "cleared line not run"
	fi
fi

# Ctrl-C during run: the foreground task is killed, the shell goes on.
tm send-keys -t t "run countdown 50" Enter
wait_for "run shows the task's output" '^49$'
tm send-keys -t t C-c
wait_for "Ctrl-C kills the foreground task" 'run: countdown 50: killed$' &&
	wait_last "a prompt after run" "minios>" &&
	pass "Ctrl-C during run"

# A task that never traps is preempted by the timer interrupt, so Ctrl-C
# still reaches the shell, which kills it.
tm send-keys -t t "run spin" Enter
sleep 0.3
tm send-keys -t t C-c
wait_for "Ctrl-C kills a spinning task" 'run: spin: killed$' &&
	wait_last "a prompt after run spin" "minios>" &&
	pass "Ctrl-C during run spin"

# clear and Ctrl-L empty the screen: only the prompt is left, on the top
# line; Ctrl-L keeps the line being typed.  (No task is running now that
# could print meanwhile.)
only_line() {
	tries=50
	while [ "$tries" -gt 0 ]; do
		lines=$(screen | sed '/^[[:space:]]*$/d')
		[ "$lines" = "$2" ] && [ "$(screen | head -n 1)" = "$2" ] && return 0
		sleep 0.1
		tries=$((tries - 1))
	done
	fail "$1"
	return 1
}
tm send-keys -t t "clear" Enter
only_line "clear leaves only the prompt" "minios>" && pass "clear"
tm send-keys -t t "echo after clear" Enter
wait_for "the shell goes on after clear" '^after clear$'
tm send-keys -t t "echo kept"
wait_last "typed text before Ctrl-L" "minios> echo kept"
tm send-keys -t t C-l
only_line "Ctrl-L leaves only the prompt and the typed line" "minios> echo kept" &&
	pass "Ctrl-L"
tm send-keys -t t " line" Enter
wait_for "the line typed before Ctrl-L runs" '^kept line$' && pass "line kept by Ctrl-L"

# top redraws about once a second (the uptime in its first line moves
# on), and q brings back an intact prompt.
tm send-keys -t t "clear" Enter
only_line "clear before top" "minios>"
tm send-keys -t t "top" Enter
if wait_for "top draws" '^top - up [0-9.]+s; [0-9]+ tasks' &&
	wait_for "top shows the shell" '^ +1 +0 running .* shell$'; then
	first=$(screen | grep '^top - up' | head -n 1)
	tries=40
	while [ "$tries" -gt 0 ] && [ "$(screen | grep '^top - up' | head -n 1)" = "$first" ]; do
		sleep 0.1
		tries=$((tries - 1))
	done
	[ "$tries" -gt 0 ] && [ "$(count '^top - up')" -eq 1 ] && pass "top redraws" ||
		fail "top redraws"
fi
tm send-keys -t t q
wait_last "q leaves top for the prompt" "minios>" && pass "top: q"
tm send-keys -t t "echo after top" Enter
wait_for "the shell goes on after top" '^after top$' && pass "prompt intact after top"

# Ctrl-C leaves top too.
tm send-keys -t t "top -s traps" Enter
wait_for "top -s traps draws" 'sorted by traps$' &&
	tm send-keys -t t C-c && wait_last "Ctrl-C leaves top for the prompt" "minios>" &&
	pass "top: Ctrl-C"

# Trace lines come through the console: above the prompt, the half-typed
# line intact under them.
tm send-keys -t t "clear" Enter
only_line "clear before trace" "minios>"
tm send-keys -t t "spawn countdown 3; trace all" Enter
wait_for "trace shows a task's calls" '\] Sleep\(1s\) = 0 <1\.[0-9]{3}s>$' 6
tm send-keys -t t "echo still typing"
before=$(count 'Sleep\(1s\)')
tries=30
while [ "$tries" -gt 0 ] && [ "$(count 'Sleep\(1s\)')" -lt $((before + 1)) ]; do
	sleep 0.1
	tries=$((tries - 1))
done
if [ "$(count 'Sleep\(1s\)')" -ge $((before + 1)) ] &&
	[ "$(last_line)" = "minios> echo still typing" ]; then
	pass "trace lines above an intact half-typed line"
else
	fail "trace lines above an intact half-typed line"
fi
tm send-keys -t t C-u "trace off" Enter
wait_for "the traced task ends" 'done \(status 0\)  countdown 3$' 5
tm send-keys -t t "clear" Enter
only_line "clear after trace" "minios>"

# Tab completion: a command, then a program.
tm send-keys -t t "spa" Tab "count" Tab "3" Enter
wait_for "completion of spawn and countdown" '^\[[0-9]+\] countdown 3$' &&
	pass "completion"

# run gives its task the lines typed meanwhile as its standard input:
# cat echoes each (the terminal shows the typed line, then cat's copy),
# and Ctrl-D ends its input, so it ends and the prompt comes back.
tm send-keys -t t "run cat" Enter
sleep 0.3
tm send-keys -t t "first typed line" Enter
wait_for "cat echoes the first line" '^first typed line$'
tries=30
while [ "$tries" -gt 0 ] && [ "$(count '^first typed line$')" -lt 2 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
tm send-keys -t t "second typed line" Enter
tries=30
while [ "$tries" -gt 0 ] && [ "$(count '^second typed line$')" -lt 2 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
if [ "$(count '^first typed line$')" -eq 2 ] && [ "$(count '^second typed line$')" -eq 2 ]; then
	pass "run cat echoes typed lines"
else
	fail "run cat echoes typed lines"
fi
tm send-keys -t t C-d
wait_last "Ctrl-D ends run cat's input" "minios>" && pass "Ctrl-D ends a foreground task's input"
tm send-keys -t t "echo after cat" Enter
wait_for "the shell goes on after run cat" '^after cat$' && pass "prompt intact after run cat"

# After a '|' Tab offers programs.
tm send-keys -t t "run yes | hea" Tab
wait_last "Tab completes a program after |" "minios> run yes | head" && pass "completion after |"
tm send-keys -t t -- "-n 2" Enter
wait_for "the completed pipeline runs" '^minios> run yes \| head -n 2$' &&
	wait_last "a prompt after the pipeline" "minios>" && pass "pipeline at the terminal"

# A paste cut off before its end marker (ESC[200~ and no ESC[201~): the
# tasks go on, the keys after it are keys, and Ctrl-C still clears the line.
tm send-keys -t t "spawn alive 100ms" Enter
wait_for "spawn alive 100ms" '^\[[0-9]+\] alive 100ms$'
alive_tid=$(screen | sed -n 's/^\[\([0-9]*\)\] alive 100ms$/\1/p' | tail -n 1)
last_alive() { screen | sed -n "s/^I'm alive! \([0-9]*\)$/\1/p" | tail -n 1; }
wait_for "alive prints" "^I'm alive! 2$"
tm send-keys -t t -H 1b 5b 32 30 30 7e
tm send-keys -t t "echo pasted"
before=$(last_alive)
tries=50
while [ "$tries" -gt 0 ] && [ "$(last_alive)" -lt $((before + 5)) ]; do
	sleep 0.1
	tries=$((tries - 1))
done
if [ "$(last_alive)" -ge $((before + 5)) ]; then
	pass "tasks run after an unfinished paste"
else
	fail "tasks run after an unfinished paste (alive stopped at $(last_alive))"
fi
tm send-keys -t t C-c
wait_for "Ctrl-C after an unfinished paste shows ^C" 'echo pasted\^C$'
tm send-keys -t t "echo after the paste" Enter
wait_for "Ctrl-C and a line after an unfinished paste" '^after the paste$' &&
	pass "Ctrl-C after an unfinished paste"
tm send-keys -t t "kill $alive_tid" Enter
wait_for "kill alive 100ms" "^\[$alive_tid\] killed  alive 100ms$"

# Ctrl-] (character search) then ESC [ ESC [ C crashed readline 8.2:
# Ctrl-] is not bound, and the shell goes on.
tm send-keys -t t C-]
tm send-keys -t t -H 1b 5b 1b 5b 43
tm send-keys -t t C-u "echo survived" Enter
wait_for "the shell survives Ctrl-] ESC [ ESC [ C" '^survived$' && pass "Ctrl-] ESC [ ESC [ C"

# Ctrl-R Ctrl-X e crashed readline (Ctrl-X ended the search and was run
# as the start of a sequence): Ctrl-X now only ends the search.
tm send-keys -t t C-r C-x e
tm send-keys -t t C-u "echo after search" Enter
wait_for "the shell survives Ctrl-R Ctrl-X e" '^after search$' && pass "Ctrl-R Ctrl-X e"

# An edited history line, a prefix search (Page Up) and a later line made
# readline free an undo list twice: Page Up searches no more.
tm send-keys -t t "Tc" Enter
tm send-keys -t t C-p BSpace C-a PPage Enter C-r T Enter
tm send-keys -t t C-u "echo after history" Enter
wait_for "the shell survives an edited history line" '^after history$' &&
	pass "edited history line and Page Up"

# Task output during a search (Ctrl-R) leaves readline's prompt alone.
tm send-keys -t t "spawn alive 100ms" Enter
wait_for "spawn alive 100ms again" "^I'm alive! 3$"
alive_tid=$(screen | sed -n 's/^\[\([0-9]*\)\] alive 100ms$/\1/p' | tail -n 1)
tm send-keys -t t C-r
sleep 1
tm send-keys -t t C-g
wait_last "the prompt comes back after a search with output" "minios>" &&
	pass "prompt after a search with output"
tm send-keys -t t C-u "echo after output in a search" Enter
wait_for "the shell survives output during a search" '^after output in a search$' &&
	pass "task output during a search"
tm send-keys -t t C-u "kill $alive_tid" Enter
wait_for "kill the second alive 100ms" "^\[$alive_tid\] killed  alive 100ms$"
if screen | grep -q 'the shell task ended'; then
	fail "the shell task must not fault"
else
	pass "the shell task did not fault"
fi

# Ctrl-D on an empty line leaves; the countdown is killed on the way out.
tm send-keys -t t C-d
wait_for "Ctrl-D exits" '^minios exited 0$' && pass "Ctrl-D"
tries=50
while [ ! -s "$tmp/stty.after" ] && [ "$tries" -gt 0 ]; do
	sleep 0.1
	tries=$((tries - 1))
done
if [ -s "$tmp/stty.before" ] && cmp -s "$tmp/stty.before" "$tmp/stty.after"; then
	pass "terminal restored"
else
	fail "terminal settings differ after minios"
fi

# Key sequences that crashed readline from an empty history, each in a
# minios of its own.  fresh_shell starts one; keys_survive sends the
# keys, then checks that the shell answers and did not fault.
# fresh_shell [ENV...]: with these settings in its environment.
fresh_shell() {
	tm send-keys -t t "clear; $* MINIOS_HISTORY=0 '$minios'; echo \"minios exited \$?\"" Enter
	wait_last "a new minios shows its prompt" "minios>"
}
survivals=0
keys_survive() {
	what=$1
	shift
	survivals=$((survivals + 1))
	tm send-keys -t t "$@"
	tm send-keys -t t C-u "echo survived $survivals" Enter
	if wait_for "the shell survives $what" "^survived $survivals\$"; then
		if screen | grep -q 'the shell task ended'; then
			fail "the shell task faulted after $what"
		else
			pass "$what"
		fi
	fi
	tm send-keys -t t C-u C-d
	wait_for "Ctrl-D exits after $what" '^minios exited 0$'
}

# A failed non-incremental search (M-p) on a history line, an edit, M-<
# and two later lines made readline free an undo list twice (glibc:
# "double free"): M-p and M-n search no more.
fresh_shell
tm send-keys -t t "~" Enter
keys_survive "M-p, an edit and M-<" C-p M-p z q Enter C 'M-<' Enter C-p

# In vi mode (here from an inputrc), ESC [ 1 Tab (the start of a key
# sequence such as ESC [ 1 ; 5 C, cut short) made the 1 a count, and the
# Tab that followed called a null function: the shell task faulted.  In
# vi mode, digits make no count.  (Then Ctrl-C, for a fresh line in
# insert mode: only once the keys are read, as the terminal drops what is
# unread at a Ctrl-C.)
echo "set editing-mode vi" >"$tmp/vi.inputrc"
fresh_shell INPUTRC="'$tmp/vi.inputrc'"
tm send-keys -t t Escape '[1' Tab
sleep 0.5
keys_survive "vi mode, ESC [ 1 Tab" C-c

# ESC Enter switched readline to vi mode, where an edited history line
# (M-< k), a search ended by ESC, a line, then ESC [ A and Enter made
# readline free an undo list twice: ESC Enter switches no more.
fresh_shell
tm send-keys -t t "echo a" Enter
keys_survive "ESC Enter, then history in vi mode" 'M-<' k C-r Escape Enter Escape Enter Escape '[A' Enter

echo "$failures failed"
[ "$failures" -eq 0 ]

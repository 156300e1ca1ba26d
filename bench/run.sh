#!/bin/sh
# run.sh [MINIOS_BENCH] - what `make bench` runs: each workload of issue 4 on
# minios once (REPS=n for more; the median is shown), as a short table of
# minios-only figures; then what each option of minios-bench costs (the
# timer's quantum, every scheduling policy, the trace and the timeline),
# as ratios to the plain run of the same workload, all in this one run.
# The side-by-side table with the peer runtimes is
# ../shared/peers/run-peers.sh with MINIOS_BENCH set (see README.md).
#
# Env: REPS (default 1), OREPS (runs of each cell of the options table,
# default 3, each beside a plain run: its ratios are of medians), QUICK=1 (sizes / 10), TINY=1 (tiny sizes: only the
# table's shape means anything; smoke.sh checks it), LOADCLIENT (path to
# the peers' c/loadclient built binary: adds the W5 echo row), W5_SECS (5).
mb=${1:-${MINIOS_BENCH:-./bench/minios-bench}}
[ -x "$mb" ] || { echo "run.sh: no minios-bench at $mb" >&2; exit 2; }
REPS=${REPS:-1}
W5_SECS=${W5_SECS:-5}
div=1
[ "${QUICK:-0}" = 1 ] && div=10
timev=
[ -x /usr/bin/time ] && timev="/usr/bin/time -v -o"

# one KEY CMD... : runs CMD REPS times; prints the median of RESULT's KEY
# (or of the peak RSS in KiB when KEY is maxrss_kb, or of ns per switch when
# KEY is ns_per_switch, from W4's secs and switches); "failed" if no run
# gave it.
one() {
	key=$1
	shift
	vals=
	r=0
	while [ $r -lt "$REPS" ]; do
		r=$((r + 1))
		tv=$(mktemp)
		if [ -n "$timev" ]; then
			out=$($timev "$tv" "$@" 2>/dev/null | grep '^RESULT')
		else
			out=$("$@" 2>/dev/null | grep '^RESULT')
		fi
		case $out in *failed=1*) out= ;; esac
		if [ "$key" = maxrss_kb ]; then
			v=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$tv")
			[ -n "$out" ] || v=
		elif [ "$key" = ns_per_switch ]; then
			v=$(printf '%s\n' "$out" | tr ' ' '\n' | awk -F= '
				$1 == "secs" { s = $2 } $1 == "switches" { n = $2 }
				END { if (n > 0) printf "%.2f\n", s * 1e9 / n }')
		else
			v=$(printf '%s\n' "$out" | tr ' ' '\n' | sed -n "s/^$key=//p")
		fi
		rm -f "$tv"
		[ -n "$v" ] && vals="$vals $v"
	done
	if [ -z "$vals" ]; then
		echo failed
	else
		printf '%s\n' $vals | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
	fi
}

n1=$((10000000 / div))
n2=$((1000000 / div))
w3a=20000 w3b=100000 w4a=100000 w4b=10000 w4s=1000000
if [ "${TINY:-0}" = 1 ]; then
	n1=1000 n2=1000 w3a=100 w3b=200 w4a=100 w4b=10 w4s=1000
fi
echo "minios-bench: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc 2>/dev/null || echo ?) cores, REPS=$REPS" >&2
# The host, as minios-bench measures it (its first line; README.md).
"$mb" W1 1 1 2>/dev/null | grep '^CALIBRATION '
echo
echo "| workload | figure | minios |"
echo "|---|---|---|"
echo "| W1 GetTid round trip, 1 task, n=$n1 | ns/op | $(one ns_per_op "$mb" W1 $n1 1) |"
echo "| W1pp yield ping-pong, 2 tasks, n=$n1 | ns/yield | $(one ns_per_op "$mb" W1 $n1 2) |"
echo "| W2 spawn+exit, batches of 1000, n=$n2 | ns/task | $(one ns_per_op "$mb" W2 $n2 1000) |"
if [ -n "$timev" ]; then
	base=$(one maxrss_kb "$mb" W3 1)
	for n in $w3a $w3b; do
		rss=$(one maxrss_kb "$mb" W3 $n)
		if [ "$rss" = failed ] || [ "$base" = failed ]; then
			bpt=failed
		else
			bpt="$(((rss - base) * 1024 / n)) B/task ($((rss / 1024)) MiB peak)"
		fi
		echo "| W3 $n idle tasks (auto stack mode) | bytes/task | $bpt |"
	done
else
	echo "| W3 idle tasks | bytes/task | needs /usr/bin/time |"
fi
for t in $w4a $w4b; do
	echo "| W4 Mertz, $t threads, $w4s switches | s | $(one secs "$mb" W4 $t $w4s) |"
done
if [ -n "${LOADCLIENT:-}" ] && [ -x "$LOADCLIENT" ]; then
	port=$((30000 + $$ % 20000))
	"$mb" W5 $port $((W5_SECS + 3)) >/dev/null 2>&1 &
	spid=$!
	sleep 1
	out=$("$LOADCLIENT" minios $port 300 "$W5_SECS" 1024 0.5 | grep '^RESULT')
	wait $spid
	m=$(printf '%s\n' "$out" | tr ' ' '\n' | sed -n 's/^msgs_per_s=//p')
	p=$(printf '%s\n' "$out" | tr ' ' '\n' | sed -n 's/^p99_us=//p')
	echo "| W5 echo, 300 conns, 1 KiB lines, ${W5_SECS} s | msgs/s, p99 us | ${m:-failed}, ${p:-failed} |"
else
	echo "| W5 echo | msgs/s | set LOADCLIENT=path/to/loadclient |"
fi

# ---- the options against the plain run (issue 13, section 3) ----
# Each workload plain (its figure), then with one option at a time, as
# after/plain ratios: the cost of the timer interrupt (quantum 0 = off,
# 1ms = ten times the default rate), of each scheduling policy (fifo is
# the default: its ratio is the noise), of the trace and of a timeline.
# Smaller sizes than above: with the trace on, every trap costs ~1 us.
o1=$((1000000 / div)) o2=$((200000 / div)) o4=$((1000000 / div))
[ "${TINY:-0}" = 1 ] && o1=1000 o2=1000 o4=1000 OREPS=${OREPS:-1}
OREPS=${OREPS:-3}
timeline=$(mktemp "${TMPDIR:-/tmp}/minios-bench-timeline.XXXXXX") || exit 2
rm -f "$timeline"
timeline=$timeline.json
options="--quantum=0 --quantum=1ms --sched=fifo --sched=rr --sched=prio --sched=random"
options="$options --sched=lottery --sched=mlfq --trace-file=/dev/null --timeline=$timeline"
echo
printf '| workload | figure | plain |'
for o in $options; do
	case $o in --timeline=*) o=--timeline=FILE.json ;; esac
	printf ' %s |' "$o"
done
printf '\n|---|---|---|'
for o in $options; do printf -- '---|'; done
printf '\n'
# row NAME FIGURE KEY ARGS... : the plain run's figure, then each option's
# ratio to it.  Each option's runs take turns with plain runs of their own,
# so that both see the same load of the shared machine.
row() {
	name=$1 figure=$2 key=$3
	shift 3
	cells= all=
	for o in $options; do
		p= v= r=0
		while [ $r -lt "$OREPS" ]; do
			r=$((r + 1))
			p="$p $(REPS=1 one "$key" "$mb" "$@")"
			p=${p% failed}
			v="$v $(REPS=1 one "$key" "$mb" "$o" "$@")"
			v=${v% failed}
			rm -f "$timeline"
		done
		all="$all$p"
		if [ -z "$p" ] || [ -z "$v" ]; then
			cells="$cells failed |"
		else
			cells="$cells $(median $v | awk -v b="$(median $p)" '{ printf "%.2fx", (b > 0 ? $1 / b : 0) }') |"
		fi
	done
	printf '| %s | %s | %s |%s\n' "$name" "$figure" "$(median $all)" "$cells"
}
median() {
	[ $# -gt 0 ] || { echo failed; return; }
	printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}
row "W1 GetTid round trip, n=$o1" ns/op ns_per_op W1 $o1 1
row "W1pp yield ping-pong, n=$o1" ns/yield ns_per_op W1 $o1 2
row "W2 spawn+exit, n=$o2" ns/task ns_per_op W2 $o2 1000
row "W4 Mertz, $w4a threads, $o4 switches" ns/switch ns_per_switch W4 $w4a $o4

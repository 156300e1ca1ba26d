#!/bin/sh
# run.sh [MINIOS_BENCH] - what `make bench` runs: each workload of issue 4 on
# minios once (REPS=n for more; the median is shown), as a short table of
# minios-only figures.  The side-by-side table with the peer runtimes is
# ../shared/peers/run-peers.sh with MINIOS_BENCH set (see README.md).
#
# Env: REPS (default 1), QUICK=1 (sizes / 10), LOADCLIENT (path to the
# peers' c/loadclient built binary: adds the W5 echo row), W5_SECS (5).
mb=${1:-${MINIOS_BENCH:-./bench/minios-bench}}
[ -x "$mb" ] || { echo "run.sh: no minios-bench at $mb" >&2; exit 2; }
REPS=${REPS:-1}
W5_SECS=${W5_SECS:-5}
div=1
[ "${QUICK:-0}" = 1 ] && div=10
timev=
[ -x /usr/bin/time ] && timev="/usr/bin/time -v -o"

# one KEY CMD... : runs CMD REPS times; prints the median of RESULT's KEY
# (or of the peak RSS in KiB when KEY is maxrss_kb); "failed" if no run gave it.
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
echo "minios-bench: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc 2>/dev/null || echo ?) cores, REPS=$REPS" >&2
echo "| workload | figure | minios |"
echo "|---|---|---|"
echo "| W1 GetTid round trip, 1 task, n=$n1 | ns/op | $(one ns_per_op "$mb" W1 $n1 1) |"
echo "| W1pp yield ping-pong, 2 tasks, n=$n1 | ns/yield | $(one ns_per_op "$mb" W1 $n1 2) |"
echo "| W2 spawn+exit, batches of 1000, n=$n2 | ns/task | $(one ns_per_op "$mb" W2 $n2 1000) |"
if [ -n "$timev" ]; then
	base=$(one maxrss_kb "$mb" W3 1)
	for n in 20000 100000; do
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
echo "| W4 Mertz, 100000 threads, 1000000 switches | s | $(one secs "$mb" W4 100000 1000000) |"
echo "| W4 Mertz, 10000 threads, 1000000 switches | s | $(one secs "$mb" W4 10000 1000000) |"
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

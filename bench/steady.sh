#!/bin/sh
# steady.sh [MINIOS_BENCH] - issue 8's cost line: the steady cost of a W4
# switch with 100,000 tasks under each policy (lottery with equal tickets,
# and mixed), as ratios to fifo's.  For each it runs
#
#     minios-bench --sched=POLICY W4 100000 1000000 [mixed]
#     minios-bench --sched=POLICY W4 100000 3000000 [mixed]
#
# and takes (cpu_secs(3M) - cpu_secs(1M)) / (switches(3M) - switches(1M)):
# making the tasks, their first turns and the end are in both runs, so they
# cancel.  The policies take turns, ROUNDS times (default 7), so that all
# see the same load; each row is the median of its rounds.
#
# Env: ROUNDS (7), TINY=1 (1,000 tasks, 10,000 and 30,000 switches: only
# the table's shape means anything; bench/smoke.sh checks it).
mb=${1:-${MINIOS_BENCH:-./bench/minios-bench}}
[ -x "$mb" ] || { echo "steady.sh: no minios-bench at $mb" >&2; exit 2; }
ROUNDS=${ROUNDS:-7}
tasks=100000 short=1000000 long=3000000
[ "${TINY:-0}" = 1 ] && tasks=1000 short=10000 long=30000

# cpu SCHED [mixed] : "CPU_SECS SWITCHES" of one run at the short and one
# at the long size, on one line.
cpu() {
	for n in $short $long; do
		# Compact stacks for every size, as 100,000 tasks get by default.
		"$mb" --stack-mode=compact --sched="$1" W4 $tasks $n $2 2>/dev/null |
			sed -n 's/^RESULT .* switches=\([0-9]*\) .* cpu_secs=\([0-9.]*\).*/\2 \1/p'
	done | tr '\n' ' '
}

out=$(mktemp)
r=0
while [ $r -lt "$ROUNDS" ]; do
	r=$((r + 1))
	for row in fifo prio rr mlfq random lottery lottery-mixed; do
		case $row in
		lottery-mixed) echo "$row $(cpu lottery mixed)" ;;
		*) echo "$row $(cpu $row)" ;;
		esac
	done
done >"$out"

echo "policy ns_per_switch x_fifo"
for row in fifo prio rr mlfq random lottery lottery-mixed; do
	# ns per switch of each round (none if a run failed), then the median.
	awk -v row=$row '$1 == row && NF == 5 && $5 != $3 {
		printf "%.3f\n", ($4 - $2) / ($5 - $3) * 1e9 }' "$out" | sort -n |
		awk -v row=$row '{ v[NR] = $1 }
		END { if (NR == 0) { print row, "failed"; exit }
		      printf "%s %.1f\n", row, (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
done | awk '$2 == "failed" { print $1, "failed", "-"; next }
	NR == 1 { fifo = $2 }
	{ printf "%s %.1f %s\n", $1, $2, (fifo > 0 ? sprintf("%.2f", $2 / fifo) : "-") }'
rm -f "$out"

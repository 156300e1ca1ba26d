#!/bin/sh
# compare.sh BEFORE AFTER [N] - the hot path of two minios-bench binaries,
# side by side in one run: W1 (GetTid round trips) and W1pp (two tasks
# yielding) as instructions per operation under callgrind (steady,
# whatever else the machine does) and as wall time (median of REPS runs,
# taken in turns so that both see the same load), with after/before ratios.
#
#   bench/compare.sh /tmp/minios-bench.before build/bench/minios-bench
#   EXTRA='--trace-file=/dev/null --timeline=/tmp/t.json' bench/compare.sh B B
#
# EXTRA: options for the AFTER binary only (the cost of tracing).
# REPS (default 5), N (default 2000000; callgrind runs N/10).
before=$1 after=$2
n=${3:-2000000}
reps=${REPS:-5}
[ -x "$before" ] && [ -x "$after" ] || { echo "usage: compare.sh BEFORE AFTER [N]" >&2; exit 2; }
command -v valgrind >/dev/null 2>&1 || { echo "compare.sh: valgrind is needed" >&2; exit 2; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-compare.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM
cg_n=$((n / 10))

# instructions WHICH TASKS: instructions per operation under callgrind.
instructions() {
	bin=$1 tasks=$2 extra=$3
	# shellcheck disable=SC2086
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg" "$bin" $extra W1 "$cg_n" "$tasks" \
		>/dev/null 2>"$tmp/cg.err"
	total=$(sed -n 's/.*Collected : *//p' "$tmp/cg.err")
	awk -v t="$total" -v n="$cg_n" -v k="$tasks" 'BEGIN { printf "%.2f", t / (n * k) }'
}
# wall WHICH TASKS: ns_per_op of one run.
wall() {
	# shellcheck disable=SC2086
	"$1" $3 W1 "$n" "$2" 2>/dev/null | sed -n 's/.*ns_per_op=\([0-9.]*\).*/\1/p'
}
median() { sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

printf '%-5s %14s %14s %8s %12s %12s %8s\n' workload "instr/op bef" "instr/op aft" ratio \
	"ns/op bef" "ns/op aft" ratio
for tasks in 1 2; do
	name=W1
	[ "$tasks" = 2 ] && name=W1pp
	ib=$(instructions "$before" "$tasks" "")
	ia=$(instructions "$after" "$tasks" "$EXTRA")
	: >"$tmp/b"
	: >"$tmp/a"
	r=0
	while [ $r -lt "$reps" ]; do
		wall "$before" "$tasks" "" >>"$tmp/b"
		wall "$after" "$tasks" "$EXTRA" >>"$tmp/a"
		r=$((r + 1))
	done
	wb=$(median <"$tmp/b")
	wa=$(median <"$tmp/a")
	awk -v name="$name" -v ib="$ib" -v ia="$ia" -v wb="$wb" -v wa="$wa" 'BEGIN {
		printf "%-5s %14.2f %14.2f %8.4f %12.2f %12.2f %8.4f\n", name, ib, ia, ia / ib, wb, wa, wa / wb }'
done

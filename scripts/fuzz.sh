#!/usr/bin/env bash
# fuzz.sh [BUILD_DIR] - build the libFuzzer target for the shell's parser
# and command dispatcher (tests/fuzz/fuzz_shell.c) with clang, and run it.
#
# FUZZ_SECONDS (default 60) bounds the run by time; FUZZ_RUNS, when set,
# by executions instead (`make soak` runs 10^6).  The seed corpus is
# tests/fuzz/corpus/; what the fuzzer finds meanwhile goes to
# BUILD_DIR/fuzz/corpus/ and any crashing input to BUILD_DIR/fuzz/.
# Prints the number of executions and of findings; exits 1 on a finding.
# Without clang (or its libFuzzer), says so and exits 0.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
mkdir -p "$build"
build=$(cd "$build" && pwd)
dir=$build/fuzz
CC=${FUZZ_CC:-clang}

if ! command -v "$CC" >/dev/null 2>&1 ||
	! echo 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }' |
	"$CC" -x c -fsanitize=fuzzer -o /dev/null - >/dev/null 2>&1; then
	echo "fuzz: $CC with libFuzzer not found, skipped"
	exit 0
fi

# The kernel, the syscalls, the programs and the shell, built with
# coverage for the fuzzer and with the sanitizers, out of tree.
mkdir -p "$dir"
if [ ! -f "$dir/Makefile" ]; then
	[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null 2>&1)
	(cd "$dir" && "$top/configure" CC="$CC" --enable-sanitizers \
		CFLAGS="-g -O1 -fsanitize=fuzzer-no-link" >"$dir/configure.log" 2>&1) || {
		echo "fuzz: configure failed:"; tail -20 "$dir/configure.log"; exit 1; }
fi
make -C "$dir" -j2 libminios.la libshell.a >"$dir/make.log" 2>&1 || {
	echo "fuzz: the build failed:"; tail -30 "$dir/make.log"; exit 1; }
"$CC" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I"$top" -I"$top/include" -I"$dir" \
	"$top/tests/fuzz/fuzz_shell.c" "$dir/libshell.a" "$dir/.libs/libminios.a" \
	-lreadline -o "$dir/fuzz_shell"

mkdir -p "$dir/corpus"
if [ -n "${FUZZ_RUNS:-}" ]; then
	limit=-runs=$FUZZ_RUNS
else
	limit=-max_total_time=${FUZZ_SECONDS:-60}
fi
cd "$dir"
status=0
# Leaks are findings too: a run stopped at its time limit ends the shell
# in the middle of a command, and what it holds then is its task's
# memory (u_malloc), which the kernel frees with it.
./fuzz_shell "$limit" -max_len=256 -timeout=10 \
	-print_final_stats=1 -artifact_prefix="$dir/" corpus "$top/tests/fuzz/corpus" \
	</dev/null >"$dir/fuzz.log" 2>&1 || status=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/fuzz.log" | tail -1)
findings=$(find "$dir" -maxdepth 1 \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' \
	-o -name 'oom-*' \) | wc -l)
echo "fuzz: ${runs:-0} executions, $findings findings (log: $dir/fuzz.log)"
if [ $status -ne 0 ] || [ "$findings" -ne 0 ]; then
	tail -40 "$dir/fuzz.log"
	exit 1
fi

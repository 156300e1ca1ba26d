#!/bin/sh
# soak.sh - `make soak`, scaled down so that make check can afford it: the
# target itself runs (the one README.md documents), with 50 random
# programs and no fuzzer executions (CI runs `make fuzz`; the fuzzer's
# build takes minutes).  It must pass and print its figures.
make=${MAKE:-make}
if ! command -v "$make" > /dev/null 2>&1 || [ ! -f Makefile ]; then
	echo "soak.sh: needs make and the build directory, skipped"
	exit 77
fi
out=$("$make" -s soak SOAK_RANDOM_RUNS=50 SOAK_FUZZ_RUNS=0 2>&1)
status=$?
printf '%s\n' "$out"
if [ $status -ne 0 ]; then
	echo "FAIL: make soak (scaled down) exited $status"
	exit 1
fi
if ! printf '%s\n' "$out" | grep -q '^random programs: 50 run (seeds 1 to 50), 0 failed'; then
	echo "FAIL: make soak did not report its 50 random programs"
	exit 1
fi
echo "PASS: make soak SOAK_RANDOM_RUNS=50 SOAK_FUZZ_RUNS=0"

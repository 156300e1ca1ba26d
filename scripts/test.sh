#!/usr/bin/env bash
# test.sh [DIR [CONFIGURE-ARGS...]] - build minios (installing what it
# needs) and run every test: unit, scenario, end-to-end, interactive.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build}
shift || true
"$top/scripts/build.sh" "$dir" "$@"
cd "$dir"
status=0
make -j"$(nproc)" check >/dev/null 2>&1 || status=$?
# Show the harness's summary and any failing log.
sed -n '/^# TOTAL/,/^# ERROR/p' test-suite.log 2>/dev/null || true
if [ $status -ne 0 ]; then
	for f in $(grep -l -E '^(FAIL|ERROR)' tests/*.trs tests/scenarios/*.trs 2>/dev/null); do
		echo "==== ${f%.trs}.log"; tail -50 "${f%.trs}.log"
	done
fi
total=$(sed -n 's/^# TOTAL: *//p' test-suite.log)
pass=$(sed -n 's/^# PASS: *//p' test-suite.log)
fail=$(sed -n 's/^# FAIL: *//p' test-suite.log)
err=$(sed -n 's/^# ERROR: *//p' test-suite.log)
skip=$(sed -n 's/^# SKIP: *//p' test-suite.log)
echo "tests: ${pass:-0} passed, $(( ${fail:-0} + ${err:-0} )) failed, ${skip:-0} skipped (of ${total:-0})"
exit $status

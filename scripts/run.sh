#!/usr/bin/env bash
# run.sh [MINIOS-ARGS...] - build minios (installing what it needs) and
# start its shell.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
"$top/scripts/build.sh" "$top/build"
exec "$top/build/minios" "$@"

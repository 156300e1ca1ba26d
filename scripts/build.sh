#!/usr/bin/env bash
# build.sh [DIR [CONFIGURE-ARGS...]] - configure and build minios out of
# tree in DIR (default: build/).  Reconfigures only when needed.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build}
shift || true
"$top/scripts/deps.sh"
[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null)
mkdir -p "$dir"
cd "$dir"
[ -f Makefile ] || "$top/configure" --enable-werror "$@" >/dev/null
make -j"$(nproc)" >/dev/null

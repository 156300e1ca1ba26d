#!/usr/bin/env bash
# build.sh [DIR [CONFIGURE-ARGS...]] - configure and build minios out of
# tree in DIR (default: build/).
#
# Quiet: what autoreconf, configure and make print goes to DIR/build.log,
# and is shown only when a step fails (a first build says one line).  Each step runs only when needed:
# autoreconf when there is no configure script, configure when DIR has no
# Makefile (after that, make reruns them itself when configure.ac or a
# Makefile.am changes), and make rebuilds only what is out of date - on a
# built tree, nothing.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build}
shift || true
"$top/scripts/deps.sh"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
log=$dir/build.log
: >"$log"

# Runs a step with its output in the log; on failure shows the log's end.
step() {
	echo "== $*" >>"$log"
	if ! "$@" >>"$log" 2>&1; then
		echo "minios: the build failed in: $*" >&2
		tail -n 40 "$log" >&2
		echo "minios: the whole log is $log" >&2
		exit 1
	fi
}

# The first build takes a while: one line, so that it does not look hung.
[ -f "$dir/Makefile" ] || echo "minios: configuring and building in $dir (log: $log)" >&2
[ -x "$top/configure" ] || step autoreconf -fi "$top"
cd "$dir"
[ -f Makefile ] || step "$top/configure" --enable-werror "$@"
step make -j"$(nproc)"

#!/usr/bin/env bash
# outside.sh [DIR] - the labs outside the tree, as the lab guide tells a
# student and an instructor to type them: its "$ ..." lines from "Lab:
# write a program outside the tree" to the end of "Lab: grade a folder of
# scenarios", run in order in one shell from the top of the tree, with
# HOME=DIR/home.  That is the course's whole path on a fresh machine: the
# dist tarball, ./configure --prefix=$HOME/m && make install, examples/hello
# and examples/prodcons built with pkg-config, spawned from the installed
# minios, a session recorded and graded with minios-check.  A guide that
# drifts from minios fails here.  (DIR defaults to build-outside/; .ci/run
# runs this.)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$top/build-outside}
"$top/scripts/build.sh" "$top/build" >/dev/null
rm -rf "$dir"
mkdir -p "$dir/home"
dir=$(cd "$dir" && pwd)
sed -n '/^## Lab: write a program outside the tree/,/^## Reading the timeline/p' \
	"$top/docs/lab-guide.md" | sed -n 's/^ *\$ //p' >"$dir/commands"
n=$(wc -l <"$dir/commands")
[ "$n" -ge 10 ] || { echo "outside: found only $n commands in the lab guide" >&2; exit 1; }
# Each command is shown, then run; the first that fails stops the run.
{
	echo 'set -e'
	while IFS= read -r line; do
		printf 'printf "%%s\\n" %q\n' "\$ $line"
		printf '%s\n' "$line"
	done <"$dir/commands"
	echo 'echo "outside: ok"'
} >"$dir/commands.sh"
cd "$top"
HOME=$dir/home bash "$dir/commands.sh"

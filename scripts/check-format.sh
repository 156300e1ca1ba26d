#!/bin/sh
# check-format.sh - fail if a C file of the tree differs from what
# .clang-format says.  CLANG_FORMAT names the program (default: Debian's
# clang-format-14, the version the style was written against: another
# version may break lines differently).
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
cf=${CLANG_FORMAT:-clang-format-14}
if ! command -v "$cf" >/dev/null 2>&1; then
	echo "check-format: $cf not found (Debian: apt-get install clang-format-14)" >&2
	exit 2
fi
if [ -d .git ] || git rev-parse --git-dir >/dev/null 2>&1; then
	files=$(git ls-files '*.c' '*.h')
else
	files=$(find . -name '*.[ch]' -not -path './build*' | sort)
fi
bad=0
for f in $files; do
	if ! "$cf" --dry-run --Werror "$f" >/dev/null 2>&1; then
		echo "check-format: $f differs from .clang-format (run: $cf -i $f)"
		bad=$((bad + 1))
	fi
done
n=$(echo "$files" | wc -w)
if [ $bad -ne 0 ]; then
	echo "check-format: $bad of $n files differ"
	exit 1
fi
echo "check-format: $n files match .clang-format"

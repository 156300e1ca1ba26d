#!/bin/sh
# quiet_build.sh - the quick start stays quiet and quick:
#   1. scripts/build.sh on a tree that is built (the one make check runs
#      in) prints nothing and rebuilds nothing;
#   2. ar, with the flags the Makefile gives it, prints no warning;
#   3. a step that fails shows its error and where the whole log is.
top=$(cd "${srcdir:-.}" && pwd)
build=$(pwd)
[ -f "$build/Makefile" ] || { echo "run from a configured build tree" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-build.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
# build.sh runs its own make, not a part of the make running this test.
unset MAKEFLAGS MFLAGS MAKELEVEL
failed=0
fail() {
	echo "FAIL: $*"
	failed=1
}

# 1. Nothing to do: no output, no file remade.
touch "$tmp/stamp"
sleep 1
out=$("$top/scripts/build.sh" "$build" 2>&1) || fail "build.sh failed on a built tree"
[ -z "$out" ] || fail "build.sh printed on a built tree: $out"
remade=$(find . -newer "$tmp/stamp" -type f \( -name '*.o' -o -name '*.a' -o -name minios \
	-o -name minios-bench -o -name Makefile -o -name config.h -o -name config.status \) |
	head -5)
[ -z "$remade" ] || fail "build.sh remade on a built tree:" $remade
echo "second run: quiet, nothing remade"

# 2. The archiver, as the Makefile calls it.
ar=$(sed -n 's/^AR = //p' Makefile)
arflags=$(sed -n 's/^ARFLAGS = //p' Makefile)
echo 'int x;' >"$tmp/x.c"
cc -c -o "$tmp/x.o" "$tmp/x.c" || exit 99
out=$($ar $arflags "$tmp/x.a" "$tmp/x.o" 2>&1)
[ -z "$out" ] || fail "'$ar $arflags' printed: $out"
echo "ar $arflags: quiet"

# 3. A configure that fails: its error is shown, and the log named.  (Not
# when the source tree is configured in place: then configure refuses any
# other build directory, for a reason of its own.)
if [ -f "$top/config.status" ]; then
	echo "the source tree is configured in place: a failed step not tried"
	exit $failed
fi
out=$("$top/scripts/build.sh" "$tmp/bad" --with-context=bogus 2>&1) &&
	fail "build.sh succeeded with a bad configure option"
case $out in
*"--with-context must be asm or ucontext"*) ;;
*) fail "the configure error was not shown: $out" ;;
esac
case $out in
*"$tmp/bad/build.log"*) ;;
*) fail "the log was not named: $out" ;;
esac
echo "a failed step: shown, with its log"
exit $failed

#!/bin/sh
# loadable.sh - programs from shared objects (userland/loader.c), graded
# by minios-check: the scenarios of tests/loadable/ and examples/hello's,
# in a folder with the objects built for the tests (tests/progs/, and
# examples/hello and examples/prodcons), a text file and an object of
# another machine.
top=${srcdir:-$(dirname "$0")/..}
minios=${MINIOS:-./minios}
case $minios in /*) ;; *) minios=$(pwd)/$minios ;; esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
libs=tests/progs/.libs
for p in hello spinner crashy plain undef prodcons; do
	[ -f "$libs/$p.so" ] || { echo "no $libs/$p.so (make check builds it)" >&2; exit 99; }
done
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-loadable.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
for p in hello spinner crashy plain undef prodcons; do cp "$libs/$p.so" "$tmp/"; done
cp "$top"/tests/loadable/*.msh "$top"/tests/loadable/*.out "$top"/examples/hello/hello.msh \
	"$top"/examples/hello/hello.out "$top"/examples/prodcons/prodcons.msh \
	"$top"/examples/prodcons/prodcons.out "$tmp/"
echo 'not an object' >"$tmp/notelf.so"
# The same object, marked for AArch64 (e_machine 183 = 0xb7, little-endian).
cp "$tmp/hello.so" "$tmp/arm.so"
printf '\267\000' | dd of="$tmp/arm.so" bs=1 seek=18 conv=notrunc 2>/dev/null
MINIOS="$minios" MINIOS_PATH="$tmp" sh "$top/tools/minios-check" "$@" "$tmp"
status=$?
# `programs` lists the built-in programs, then the objects found on
# MINIOS_PATH, each with its file or what is wrong with it.
(cd "$tmp" && MINIOS_PATH="$tmp" "$minios" -c programs) 2>&1 |
	sed -n '/^Found on MINIOS_PATH:$/,$p' | sed "s|$tmp/||" >"$tmp/found"
cat >"$tmp/found.expected" <<'EOF'
Found on MINIOS_PATH:
  arm.so: wrong architecture (ELF machine 183, class 2; this minios: 62, 2)
  crashy  write through a bad pointer  (crashy.so)
  hello  say hello, then count to 3  (hello.so)
  notelf.so: not a minios program (not an ELF object)
  plain.so: not a minios program (no MINIOS_PROGRAM in it)
  prodcons  producer/consumer over a ring of 4 places  (prodcons.so)
  spinner  spin without trapping until another task has run  (spinner.so)
  undef.so: missing symbol: minios_no_such_call
EOF
if diff -u "$tmp/found.expected" "$tmp/found"; then
	echo "PASS: programs lists the objects found on MINIOS_PATH"
else
	echo "FAIL: programs lists the objects found on MINIOS_PATH"
	status=1
fi
# loadable.sh --update: keep what ran as the expected outputs.
if [ "$1" = --update ]; then
	for f in "$top"/tests/loadable/*.out; do cp "$tmp/$(basename "$f")" "$f"; done
	cp "$tmp/hello.out" "$top/examples/hello/hello.out"
	cp "$tmp/prodcons.out" "$top/examples/prodcons/prodcons.out"
fi
exit $status

#!/bin/sh
# e2e_letters.sh - `letters FILE` must agree with a plain count.
#
# The plain count is tr and wc in the C locale: vowels are aeiouAEIOU,
# consonants the other ASCII letters, others every other byte.  Tried on the
# shipped text, on a larger file of random bytes (many chunks, NUL bytes
# included), on an empty file, and on a file that does not exist (one clear
# line on stderr).  Prints "N passed, N failed".

MINIOS=${MINIOS:-./minios}
srcdir=${srcdir:-$(dirname "$0")/..}
passed=0
failed=0
LC_ALL=C
export LC_ALL

tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-letters.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }

plain_count() {
	vowels=$(tr -cd 'aeiouAEIOU' < "$1" | wc -c)
	letters=$(tr -cd 'a-zA-Z' < "$1" | wc -c)
	total=$(wc -c < "$1")
	echo "vowels=$((vowels)) consonants=$((letters - vowels))" \
		"others=$((total - letters))"
}

# run FILE: letters' own line (stdout without the kernel's exit notices).
# (minios --exec exits 0 whatever its tasks return, so the status only
# tells that minios itself did not fail.)
run() {
	timeout 60 "$MINIOS" --clock=virtual --exec "letters '$1'" \
		> "$tmp/out" 2> "$tmp/err"
	echo $? > "$tmp/status"
	grep -v '^Task [0-9]* terminated$' "$tmp/out"
}

agrees() {
	expected=$(plain_count "$1")
	actual=$(run "$1")
	if [ "$actual" = "$expected" ] && [ "$(cat "$tmp/status")" -eq 0 ] &&
	   [ ! -s "$tmp/err" ]; then
		pass "$2: $actual"
	else
		fail "$2: expected '$expected', got '$actual'"
		sed 's/^/  stderr: /' "$tmp/err"
	fi
}

agrees "$srcdir/tests/data/tasks.txt" "the shipped text"
agrees "$srcdir/tests/data/empty.txt" "an empty file"
# 300000 random bytes: 74 chunks and a short last one, every byte value.
head -c 300000 /dev/urandom > "$tmp/random.bin"
agrees "$tmp/random.bin" "random bytes"
# Exactly one chunk, then end of file.
head -c 4096 "$tmp/random.bin" > "$tmp/chunk.bin"
agrees "$tmp/chunk.bin" "one whole chunk"

actual=$(run "$tmp/no-such-file")
if [ -z "$actual" ] &&
   grep -q "letters: cannot open '.*no-such-file': No such file or directory" "$tmp/err"; then
	pass "a missing file: $(cat "$tmp/err")"
else
	fail "a missing file: stdout '$actual', stderr '$(cat "$tmp/err")'"
fi

echo "$passed passed, $failed failed"
[ $failed -eq 0 ]

#!/bin/sh
# redirect.sh - `< FILE`, `> FILE`, `>> FILE` and `2> FILE` of spawn and
# run, in a temporary folder: what lands in each file, what the console
# still shows, and that a file that cannot be opened starts nothing.
minios=${MINIOS:-./minios}
case $minios in
/*) ;;
*) minios=$(pwd)/$minios ;;
esac
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-redirect.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
cd "$tmp" || exit 99

failures=0
check() { # WHAT EXPECTED ACTUAL
	if [ "$2" = "$3" ]; then
		echo "PASS: $1"
	else
		echo "FAIL: $1"
		printf '  expected: %s\n  actual:   %s\n' "$2" "$3"
		failures=$((failures + 1))
	fi
}

printf 'one\ntwo\nthree\n' >in.txt
cat >script.msh <<'MSH'
run cat < in.txt > out.txt
run cat in.txt >> out.txt
run wc -l < out.txt > count.txt
run letters < in.txt > letters.txt
run cat no-such-file 2> err.txt
spawn cat in.txt > first.txt | head -n 2 > head.txt
wait
run cat < missing.txt > never.txt
run cat in.txt | tee tee.txt | wc -l
echo done
MSH
limit=
command -v timeout >/dev/null 2>&1 && limit="timeout 60"
output=$($limit "$minios" --clock=virtual --seed 1 script.msh 2>&1)
status=$?
check "out.txt: '>' then '>>'" "one two three one two three" "$(echo $(cat out.txt))"
check "count.txt: '<' and '>'" "6" "$(cat count.txt)"
check "letters reads its standard input" "vowels=5 consonants=6 others=3" "$(cat letters.txt)"
check "err.txt: '2>'" "cat: cannot open 'no-such-file': No such file or directory" "$(cat err.txt)"
check "a redirection wins over the pipe" "one two three" "$(echo $(cat first.txt))"
check "the next stage sees end of file" "" "$(cat head.txt)"
check "tee.txt" "one two three" "$(echo $(cat tee.txt))"
check "a file that cannot be opened starts nothing" "no" "$([ -e never.txt ] && echo yes || echo no)"
expected="minios: run: cat no-such-file: done (status 1)
[12] cat in.txt | head -n 2
[12] done (status 0)  cat in.txt | head -n 2
minios: run: missing.txt: cannot open: No such file or directory
3
done"
check "the console shows only what was not redirected" "$expected" "$output"
check "the script fails (a command failed)" "1" "$status"
echo "$failures failed"
[ "$failures" -eq 0 ]

#!/bin/sh
# pty_fuzz.sh - random keys at the interactive shell, bounded in time: see
# tests/pty_fuzz.py.  Runs the seeds of PTY_FUZZ_SEEDS (1 2 3 4) for
# PTY_FUZZ_SECONDS (3) each, about 25 s in all; a longer run by hand:
#   PTY_FUZZ_SEEDS="5 6 7" PTY_FUZZ_SECONDS=20 sh ../tests/pty_fuzz.sh
# First it checks the checker: stand-ins for minios that freeze, that
# never answer (only the terminal echoes what is typed) and that die must
# each fail it.  Skips (77) without python3.
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
minios=${MINIOS:-./minios}
srcdir=${srcdir:-$(dirname "$0")/..}
fuzz="$srcdir/tests/pty_fuzz.py"
[ -x "$minios" ] || { echo "no minios binary at $minios" >&2; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-pty-fuzz.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT INT TERM
# Random keys make random commands, redirections among them: they run in a
# scratch folder, so the files they make go with it.
minios=$(cd "$(dirname "$minios")" && pwd)/$(basename "$minios")
fuzz=$(cd "$(dirname "$fuzz")" && pwd)/$(basename "$fuzz")
mkdir "$tmp/cwd" && cd "$tmp/cwd" || exit 99
failures=0

# stand_in NAME BODY: an executable sh script that plays a broken minios.
stand_in() {
	printf '#!/bin/sh\n%s\n' "$2" >"$tmp/$1"
	chmod +x "$tmp/$1"
}
stand_in frozen "printf 'minios> '; stty raw -echo; exec sleep 60"
stand_in deaf "printf 'minios> '; while :; do echo \"I'm alive\"; sleep 0.2; done"
stand_in dies "printf 'minios> '; sleep 1; kill -SEGV \$\$"
# expect_fail NAME REASON: the checker must fail NAME, saying REASON.
expect_fail() {
	if PTY_FUZZ_SEED=1 PTY_FUZZ_FROZEN=2 PTY_FUZZ_ANSWER=2 \
		python3 "$fuzz" "$tmp/$1" 1 >"$tmp/$1.out" 2>&1; then
		echo "FAIL: the checker passes a minios that $2"
		failures=$((failures + 1))
	elif ! grep -q "^FAIL: .*$3" "$tmp/$1.out"; then
		echo "FAIL: the checker fails a minios that $2, but not for that:"
		sed 's/^/    /' "$tmp/$1.out"
		failures=$((failures + 1))
	else
		echo "PASS: the checker fails a minios that $2"
	fi
}
# The three wait more than they work: side by side.
expect_fail frozen "freezes" "frozen" >"$tmp/frozen.result" &
expect_fail deaf "never answers" "does not answer" >"$tmp/deaf.result" &
expect_fail dies "dies" "minios ended" >"$tmp/dies.result" &
wait
cat "$tmp/frozen.result" "$tmp/deaf.result" "$tmp/dies.result"
failures=$(grep -c '^FAIL' "$tmp/frozen.result" "$tmp/deaf.result" "$tmp/dies.result" |
	awk -F: '{ n += $2 } END { print n }')

for seed in ${PTY_FUZZ_SEEDS:-1 2 3 4}; do
	if PTY_FUZZ_SEED=$seed python3 "$fuzz" "$minios" "${PTY_FUZZ_SECONDS:-3}" >"$tmp/seed.out" 2>&1; then
		echo "PASS: seed $seed: $(head -n 1 "$tmp/seed.out")"
	else
		echo "FAIL: seed $seed:"
		sed 's/^/    /' "$tmp/seed.out"
		failures=$((failures + 1))
	fi
done
echo "$failures failed"
[ "$failures" -eq 0 ]

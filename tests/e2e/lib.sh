# lib.sh - what the end-to-end scripts share: a scratch folder, the server
# they start (its pid in $pid, stopped at exit) and the PASS/FAIL count.
# A script sets $helpers (this folder), $passed, $failed and $pid, then
# sources this file and calls e2e_tmp NAME.

stop_server() {
	if [ -n "$pid" ]; then
		kill "$pid" 2> /dev/null
		wait "$pid" 2> /dev/null
		pid=
	fi
}

pass() { passed=$((passed + 1)); echo "PASS: $1"; }
fail() { failed=$((failed + 1)); echo "FAIL: $1"; }

# e2e_tmp NAME: makes $tmp; at exit the server stops and $tmp goes.
e2e_tmp() {
	tmp=$(mktemp -d "${TMPDIR:-/tmp}/minios-$1.XXXXXX") || exit 99
	trap 'stop_server; rm -rf "$tmp"' EXIT
}

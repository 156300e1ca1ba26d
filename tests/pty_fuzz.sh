#!/bin/sh
# pty_fuzz.sh - random keys at the interactive shell, for a bounded time
# (PTY_FUZZ_SECONDS, 20 by default): see tests/pty_fuzz.py.  Skips (77)
# without python3.
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
minios=${MINIOS:-./minios}
srcdir=${srcdir:-$(dirname "$0")/..}
exec python3 "$srcdir/tests/pty_fuzz.py" "$minios" "${PTY_FUZZ_SECONDS:-20}"

#!/usr/bin/env python3
"""pty_fuzz.py MINIOS [SECONDS] - random keys at the interactive shell.

Starts minios on a pseudo-terminal (so it runs readline), with a task
printing meanwhile, and types random keys at it for SECONDS (default 20):
letters, control keys, escape sequences, pastes, Enter.  Then checks that
minios is still there and its shell still answers (`echo alive-N` prints),
and that `exit 0` ends it with status 0.  Prints the number of keys sent
and the seed ($PTY_FUZZ_SEED repeats a run; $PTY_FUZZ_LOG names a file
for the last 200 kB of output).

A run depends on timing too (task output and readline's wait for the rest
of an escape sequence come between the keys), so the keys themselves can
be kept: $PTY_FUZZ_KEYS names a file that gets each burst of keys sent, in
hex, one a line, and $PTY_FUZZ_REPLAY sends the bursts of such a file
instead of random ones (cut it down to find the keys that matter).

Left out of the keys: Ctrl-D (ends the shell on an empty line), Ctrl-Z
and Ctrl-\\ (stop or dump minios, as any program), Ctrl-S and Ctrl-Q
(terminal flow control), LF (M-C-j switches readline to vi mode) and 'x'
(so that Tab and Enter cannot make `exit`).
"""
import os
import pty
import random
import select
import signal
import sys
import time

minios = sys.argv[1]
seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 20.0
seed = int(os.environ.get("PTY_FUZZ_SEED", random.randrange(1 << 30)))
rng = random.Random(seed)

BANNED = {0x04, 0x0A, 0x11, 0x13, 0x1A, 0x1C}
CONTROLS = [bytes([c]) for c in range(0x01, 0x20) if c not in BANNED]
PRINTABLE = [bytes([c]) for c in range(0x20, 0x7F) if c != ord("x")]
SEQUENCES = [
    b"\x1b[A", b"\x1b[B", b"\x1b[C", b"\x1b[D", b"\x1b[H", b"\x1b[F",
    b"\x1b[3~", b"\x1b[2~", b"\x1b[5~", b"\x1b[6~", b"\x1b[1;5C",
    b"\x1b[1;5D", b"\x1bOA", b"\x1bOP", b"\x1b[200~", b"\x1b[201~",
    b"\x1b[", b"\x1b", b"\x1b\x1b", b"\x1b[\x1b[C", b"\x1b[99999999999~",
    b"\x1bf", b"\x1bb", b"\x1bd", b"\x1b.", b"\x1b_", b"\x1by", b"\x1b<",
    b"\x1b>", b"\x1b?", b"\x1b*", b"\x1b\x7f", b"\x1d", b"\x18\x18",
    b"\x18(", b"\x18)", b"\x18e", b"\t", b"\t\t", b"\r", b"\x7f",
    "é".encode(), b"\xff", b"\xc3", b"ps\r", b"spawn countdown 3\r",
]


def key():
    r = rng.random()
    if r < 0.55:
        return rng.choice(PRINTABLE)
    if r < 0.75:
        return rng.choice(CONTROLS)
    return rng.choice(SEQUENCES)


pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ, TERM="xterm", MINIOS_HISTORY="0", INPUTRC="/dev/null")
    os.execve(minios, [minios], env)

output = bytearray()


def pump(wait):
    """Reads what minios printed for wait seconds; False once it is gone."""
    end = time.monotonic() + wait
    while True:
        left = end - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(left, 0))
        if ready:
            try:
                data = os.read(fd, 65536)
            except OSError:
                return False
            if not data:
                return False
            output.extend(data)
            del output[:-200000]
        elif left <= 0:
            return True


def gone():
    done, status = os.waitpid(pid, os.WNOHANG)
    return status if done else None


def finish(ok, why):
    print(f"keys sent: {keys_sent}, seed {seed}, restarts "
          f"{bytes(output).count(b'a new shell is task')}")
    if os.environ.get("PTY_FUZZ_LOG"):
        with open(os.environ["PTY_FUZZ_LOG"], "wb") as log:
            log.write(output)
    if not ok:
        print("FAIL:", why)
        print("last output:", bytes(output[-600:]))
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        sys.exit(1)
    print("PASS:", why)
    sys.exit(0)


def bursts():
    """The bursts of keys to type: random ones for SECONDS, or a file's."""
    if os.environ.get("PTY_FUZZ_REPLAY"):
        with open(os.environ["PTY_FUZZ_REPLAY"]) as replay:
            for line in replay:
                if line.strip():
                    yield bytes.fromhex(line.strip())
        return
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        yield b"".join(key() for _ in range(rng.randint(1, 16)))


keys_sent = 0
kept = open(os.environ["PTY_FUZZ_KEYS"], "w") if os.environ.get("PTY_FUZZ_KEYS") else None
pump(1.0)
os.write(fd, b"spawn alive 200ms\r")
pump(0.3)
for burst in bursts():
    if kept:
        kept.write(burst.hex() + "\n")
        kept.flush()
    try:
        os.write(fd, burst)
    except OSError:
        break
    keys_sent += len(burst)
    pump(0.005)
    if gone() is not None:
        finish(False, "minios ended while keys were typed")

# Whatever state the keys left: Ctrl-C ends a `run` and clears the line
# (and leaves a search or a pending key), Ctrl-U empties what is left.
marker = f"alive-{rng.randrange(1 << 30)}".encode()
for _ in range(3):
    os.write(fd, b"\x03")
    pump(0.3)
os.write(fd, b"\x15echo " + marker + b"\r")
end = time.monotonic() + 10
while time.monotonic() < end and (marker + b"\r\n") not in output:
    pump(0.1)
if (marker + b"\r\n") not in output:
    finish(False, "the shell does not answer after the keys")
os.write(fd, b"\x15exit 0\r")
end = time.monotonic() + 10
status = None
while time.monotonic() < end and status is None:
    pump(0.1)
    status = gone()
if status is None:
    finish(False, "exit 0 does not end minios")
if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
    finish(False, f"minios ended with wait status {status}")
finish(True, f"the shell answers after {seconds:g}s of random keys")

#!/usr/bin/env python3
"""pty_fuzz.py MINIOS [SECONDS] - random keys at the interactive shell.

Starts minios on a pseudo-terminal (so it runs readline), with a task
printing meanwhile, and types random keys at it for SECONDS (default 20):
letters, control keys, Meta and Ctrl-X prefixed keys, escape sequences,
pastes, Enter.  It fails when
  - minios ends (a crash, an abort, a sanitizer's report);
  - the shell task faults (minios says so and starts a new shell: the
    shell that was there is dead all the same);
  - minios prints nothing for FROZEN_SECONDS while keys are typed: the
    task prints five lines a second, so the kernel has stopped (readline
    waits inside the shell task, say);
  - after the keys, the shell does not answer a probe line within
    ANSWER_SECONDS (`echo 'ali've-N` must print alive-N: the typed line
    itself never shows that text, so the terminal's echo of a frozen
    shell's input cannot pass for an answer);
  - `exit 0` then does not end minios with status 0.
Prints the number of keys sent and the seed ($PTY_FUZZ_SEED repeats a
run; $PTY_FUZZ_LOG names a file for the last 200 kB of output).

A run depends on timing too (task output and readline's wait for the rest
of an escape sequence come between the keys), so the keys themselves can
be kept: $PTY_FUZZ_KEYS names a file that gets each burst of keys sent, in
hex, one a line, and $PTY_FUZZ_REPLAY sends the bursts of such a file
instead of random ones (cut it down to find the keys that matter).

Left out of the keys: Ctrl-D (ends the shell on an empty line), Ctrl-Z
and Ctrl-\\ (stop or dump minios, as any program), Ctrl-S and Ctrl-Q
(terminal flow control), LF (Enter as well; ESC LF switched readline to vi
mode, before shell/interactive.c unbound it) and 'x'
(so that Tab and Enter cannot make `exit`).
"""
import os
import pty
import random
import select
import signal
import sys
import time

# $PTY_FUZZ_FROZEN and $PTY_FUZZ_ANSWER shorten them for tests/pty_fuzz.sh's
# checks of this script itself.
FROZEN_SECONDS = float(os.environ.get("PTY_FUZZ_FROZEN", 5))
ANSWER_SECONDS = float(os.environ.get("PTY_FUZZ_ANSWER", 10))

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
FAULT = b"the shell task ended"


def key():
    r = rng.random()
    if r < 0.50:
        return rng.choice(PRINTABLE)
    if r < 0.68:
        return rng.choice(CONTROLS)
    if r < 0.80:
        # Meta and Ctrl-X prefixed keys: on their own, each comes too
        # rarely for its binding to be tried often.
        prefix = b"\x1b" if rng.random() < 0.75 else b"\x18"
        return prefix + rng.choice(PRINTABLE + CONTROLS)
    return rng.choice(SEQUENCES)


pid, fd = pty.fork()
if pid == 0:
    # Random keys leave readline's own memory behind (kill ring entries,
    # undo lists of history lines): in a sanitizer build, the leak report
    # at the end would be about readline, so this checks no leaks.
    asan = os.environ.get("ASAN_OPTIONS", "")
    env = dict(os.environ, TERM="xterm", MINIOS_HISTORY="0", INPUTRC="/dev/null",
               ASAN_OPTIONS=(asan + ":" if asan else "") + "detect_leaks=0")
    os.execve(minios, [minios], env)

output = bytearray()
last_output = time.monotonic()
faulted = False


def pump(wait):
    """Reads what minios printed for wait seconds; False once it is gone."""
    global last_output, faulted
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
            last_output = time.monotonic()
            # The message may straddle two reads.
            if FAULT in output[-(len(data) + len(FAULT)):]:
                faulted = True
            del output[:-200000]
        elif left <= 0:
            return True


def gone():
    done, status = os.waitpid(pid, os.WNOHANG)
    return status if done else None


def finish(ok, why):
    print(f"keys sent: {keys_sent} in {bursts_sent} bursts, seed {seed}")
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


def check_alive():
    """Fails the run if minios or its shell has died, or froze."""
    if gone() is not None:
        pump(0.2)
        finish(False, "minios ended while keys were typed")
    if faulted:
        pump(0.2)
        finish(False, "the shell task faulted while keys were typed")
    if time.monotonic() - last_output > FROZEN_SECONDS:
        finish(False, f"minios printed nothing for {FROZEN_SECONDS:g}s: frozen")


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


keys_sent = bursts_sent = 0
kept = open(os.environ["PTY_FUZZ_KEYS"], "w") if os.environ.get("PTY_FUZZ_KEYS") else None
end = time.monotonic() + 5
while time.monotonic() < end and b"minios> " not in output and gone() is None:
    pump(0.05)
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
    bursts_sent += 1
    pump(0.005)
    check_alive()

# Whatever state the keys left: Ctrl-C ends a `run` and clears the line
# (and leaves a search or a pending key), Ctrl-U empties what is left.
number = rng.randrange(1 << 30)
answer = f"\nalive-{number}\r".encode()
for _ in range(3):
    os.write(fd, b"\x03")
    pump(0.3)
check_alive()
os.write(fd, f"\x15echo 'ali've-{number}\r".encode())
end = time.monotonic() + ANSWER_SECONDS
while time.monotonic() < end and answer not in output and gone() is None:
    pump(0.1)
check_alive()
if answer not in output:
    finish(False, f"the shell does not answer within {ANSWER_SECONDS:g}s after the keys")
os.write(fd, b"\x15exit 0\r")
end = time.monotonic() + 10
status = None
while time.monotonic() < end and status is None:
    pump(0.1)
    status = gone()
if status is None:
    finish(False, "exit 0 does not end minios")
if faulted:
    finish(False, "the shell task faulted")
if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
    finish(False, f"minios ended with wait status {status}")
finish(True, f"the shell answers after {seconds:g}s of random keys")

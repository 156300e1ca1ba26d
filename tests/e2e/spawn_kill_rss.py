#!/usr/bin/env python3
"""spawn_kill_rss.py MINIOS WARM CYCLES LIMIT_KIB - memory across spawn/kill.

Feeds a live minios shell (on a pipe) WARM pairs of `spawn foo` / `kill N`,
then CYCLES more, and reads the process's RSS and open fds (/proc) after
each batch, once the shell has echoed a marker that follows it.  Prints
the figures; exit 0 when RSS grew by at most LIMIT_KIB and the fd count is
unchanged."""
import os
import subprocess
import sys
import threading

exe, warm, cycles, limit = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
p = subprocess.Popen([exe], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                     stderr=subprocess.DEVNULL)
seen = threading.Event()
want = [b""]


def reader():
    for line in p.stdout:
        if line.strip() == want[0]:
            seen.set()


threading.Thread(target=reader, daemon=True).start()


def rss_kib():
    with open("/proc/%d/status" % p.pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def fds():
    return len(os.listdir("/proc/%d/fd" % p.pid))


next_tid = [2]


def run(n, mark):
    want[0] = mark
    seen.clear()
    for _ in range(n):
        p.stdin.write(b"spawn foo\nkill %d\n" % next_tid[0])
        next_tid[0] += 1
    p.stdin.write(b"echo " + mark + b"\n")
    p.stdin.flush()
    if not seen.wait(300):
        print("the shell did not get through the commands in 300 s")
        p.kill()
        sys.exit(1)


run(warm, b"warm-up-done")
rss0, fds0 = rss_kib(), fds()
run(cycles, b"cycles-done")
rss1, fds1 = rss_kib(), fds()
p.stdin.close()
p.wait()
growth = rss1 - rss0
print("spawn/kill: after %d warm-up cycles RSS %d KiB, %d fds; after %d more RSS %d KiB"
      " (%+d KiB, %.2f bytes a cycle; at most %d KiB allowed), %d fds"
      % (warm, rss0, fds0, cycles, rss1, growth, growth * 1024.0 / cycles, limit, fds1))
sys.exit(0 if growth <= limit and fds1 == fds0 else 1)

#!/usr/bin/env python3
"""fd_limit.py PORT PID LOG - the echo server at its fd limit, with figures.

minios (PID, its output in LOG) runs under `ulimit -n 64`.  Opens 200
connections to the echo server on 127.0.0.1:PORT and keeps them: the
server runs out of fds.  Then checks, printing the figures:
  - the clients it accepted are still echoed;
  - it said so once ("accept: ... retrying"), not once per attempt;
  - it does not spin: under 5% CPU over 2 s at the limit;
  - when the connections close, it accepts again: a new client is echoed,
    and every episode at the limit was said once and ended once.
Exit 0 when all hold."""
import os
import socket
import sys
import time

port, pid, log = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
failures = []


def cpu_seconds():
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def log_count(text):
    with open(log, errors="replace") as f:
        return sum(text in line for line in f)


def echo(s, data):
    s.sendall(data)
    got = b""
    while len(got) < len(data):
        chunk = s.recv(65536)
        if not chunk:
            break
        got += chunk
    return got == data


socks = []
for i in range(200):
    try:
        socks.append(socket.create_connection(("127.0.0.1", port), timeout=1))
    except OSError:
        break
time.sleep(1)
# The first clients were accepted before the limit: they are served.
served = 0
for s in socks[:20]:
    try:
        served += echo(s, b"still here\n")
    except OSError:
        pass
c0, t0 = cpu_seconds(), time.monotonic()
time.sleep(2)
cpu = 100.0 * (cpu_seconds() - c0) / (time.monotonic() - t0)
said = log_count("retrying")
print("at the limit: %d connections open, %d of the first 20 still echoed,"
      " the limit said %d time(s), %.1f%% CPU over 2 s" % (len(socks), served, said, cpu))
if served != 20:
    failures.append("served")
if said != 1:
    failures.append("said once")
if cpu >= 5:
    failures.append("cpu")
for s in socks:
    s.close()
time.sleep(1)
ok = False
try:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.settimeout(5)
    ok = echo(s, b"after the limit\n")
    s.close()
except OSError:
    pass
# Closing the clients may let the server take the closed connections
# still queued for accept and meet the limit again for a moment: a
# second episode, said once and ended once.  Each episode that began has
# ended, each said once.
again = log_count("accepting again")
episodes = log_count("retrying")
print("after: a new client %s; 'accepting again' said %d time(s), for %d episode(s)"
      % ("echoed" if ok else "NOT echoed", again, episodes))
if not ok or again < 1 or again != episodes:
    failures.append("accepts again")
sys.exit(1 if failures else 0)

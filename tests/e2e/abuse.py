#!/usr/bin/env python3
"""abuse.py PORT PID - the echo server under abuse, with figures.

Against a minios echo server on 127.0.0.1:PORT (PID: the minios process):

1. resets: 100 clients send part of 64 KiB and then reset the connection
   (SO_LINGER 0) in the middle of the transfer, while 50 normal clients
   each get back exactly the bytes they sent;
2. stalled readers: 50 clients each send 1 MiB and never read, while 200
   normal clients each get back exactly what they sent;
3. idle: with the stalled readers still connected, minios's CPU use over
   2 s must stay under 5%.

Prints one line of figures per part; exit 0 when every part passed."""
import os
import socket
import struct
import sys
import threading
import time

port, pid = int(sys.argv[1]), int(sys.argv[2])
TIMEOUT = 30
failures = []


def echo_exactly(index, size, results):
    payload = os.urandom(size)
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)

        def send():
            s.sendall(payload)
            s.shutdown(socket.SHUT_WR)
        t = threading.Thread(target=send)
        t.start()
        got = bytearray()
        while True:
            data = s.recv(65536)
            if not data:
                break
            got += data
        t.join()
        s.close()
        results[index] = bytes(got) == payload
    except OSError:
        results[index] = False


def normal_clients(count, size):
    results = [False] * count
    threads = [threading.Thread(target=echo_exactly, args=(i, size, results))
               for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 2)
    return sum(results)


def resetter(resets):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        s.sendall(os.urandom(32768))
        s.recv(1000)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        s.close()
        resets[0] += 1
    except OSError:
        pass


def cpu_seconds():
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


# 1. resets in the middle of a transfer beside normal clients
resets = [0]
threads = [threading.Thread(target=resetter, args=(resets,)) for _ in range(100)]
for t in threads:
    t.start()
good = normal_clients(50, 20000)
for t in threads:
    t.join(TIMEOUT)
print("resets: %d clients reset mid-transfer; %d of 50 normal clients echoed"
      " exactly (20000 bytes each)" % (resets[0], good))
if good != 50 or resets[0] != 100:
    failures.append("resets")

# 2. stalled readers beside normal clients
stalled = []
sent = [0]


def stall():
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
        s.setblocking(False)
        chunk = b"s" * 65536
        total = 0
        deadline = time.monotonic() + 5
        while total < (1 << 20) and time.monotonic() < deadline:
            try:
                total += s.send(chunk)
            except BlockingIOError:
                time.sleep(0.05)
        sent[0] += total
        stalled.append(s)
    except OSError:
        pass


threads = [threading.Thread(target=stall) for _ in range(50)]
for t in threads:
    t.start()
for t in threads:
    t.join(TIMEOUT)
good = normal_clients(200, 5000)
print("stalled readers: %d clients sent %d bytes and never read; %d of 200"
      " normal clients echoed exactly (5000 bytes each)" % (len(stalled), sent[0], good))
if good != 200 or len(stalled) != 50:
    failures.append("stalled readers")

# 3. idle with the stalled readers connected
time.sleep(0.5)
c0, t0 = cpu_seconds(), time.monotonic()
time.sleep(2)
cpu = 100.0 * (cpu_seconds() - c0) / (time.monotonic() - t0)
print("idle: minios used %.1f%% CPU over 2 s with %d stalled readers connected"
      % (cpu, len(stalled)))
if cpu >= 5:
    failures.append("idle CPU")
for s in stalled:
    s.close()
sys.exit(1 if failures else 0)

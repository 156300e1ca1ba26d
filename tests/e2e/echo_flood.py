#!/usr/bin/env python3
"""echo_flood.py PORT - a client that never lets its handler wait must not
starve the others.

One client streams to the echo server and reads the echo back, from two
threads, so its handler always finds data to read and room to write and
never has to wait.  While it does, a second client sends one line and must
get it back within a few seconds.  Bounded: the flood stops after at most
8 seconds.  Exit 0 on success."""
import socket
import sys
import threading
import time

port = int(sys.argv[1])
stop = threading.Event()
flooded = [0]


def flood():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    chunk = b"x" * 65536

    def reader():
        while not stop.is_set():
            try:
                data = s.recv(1 << 20)
            except OSError:
                return
            if not data:
                return
            flooded[0] += len(data)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    deadline = time.monotonic() + 8
    try:
        while not stop.is_set() and time.monotonic() < deadline:
            s.sendall(chunk)
    except OSError:
        pass
    stop.set()
    s.close()


flooder = threading.Thread(target=flood, daemon=True)
flooder.start()
time.sleep(0.5)
ok = False
try:
    probe = socket.create_connection(("127.0.0.1", port), timeout=5)
    probe.settimeout(5)
    t0 = time.monotonic()
    probe.sendall(b"ping\n")
    got = b""
    while not got.endswith(b"\n"):
        data = probe.recv(100)
        if not data:
            break
        got += data
    ok = got == b"ping\n"
    print("probe round trip %.3f s" % (time.monotonic() - t0))
    probe.close()
except OSError as e:
    print("probe:", e)
stop.set()
flooder.join(10)
print("flooded %d bytes; probe %s" % (flooded[0], "answered" if ok else "starved"))
sys.exit(0 if ok and flooded[0] > 0 else 1)

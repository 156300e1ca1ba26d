#!/usr/bin/env python3
"""wait_port.py free | wait PORT [SECONDS]

free: prints a TCP port on 127.0.0.1 that nothing listens on now.
wait: waits (at most SECONDS, default 10) until something listens on PORT;
exit status 0 if it does, 1 if not.
"""
import socket
import sys
import time


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return True
        except OSError:
            time.sleep(0.05)
    return False


if __name__ == "__main__":
    if sys.argv[1] == "free":
        print(free_port())
        sys.exit(0)
    seconds = float(sys.argv[3]) if len(sys.argv) > 3 else 10
    sys.exit(0 if wait_port(int(sys.argv[2]), seconds) else 1)

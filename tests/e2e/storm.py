#!/usr/bin/env python3
"""storm.py ECHO_PORT SPAM_PORT STORM GOOD [PID] - a connect-and-close storm.

STORM clients connect to the echo and spam servers (alternately) and close
at once, in bursts, so that connection tasks find their client gone and
end before their server has resumed from starting them, and the fd numbers
they free are taken at once by the other server's accepts.  With PID (the
minios process), minios is stopped (SIGSTOP) while each burst connects and
closes, so the whole burst waits in the listen backlog with its client
gone - the race, every time, rather than when the host is busy.  Meanwhile GOOD clients, one after another
on two threads, talk to both servers and must be served exactly: an echo
round trip, and a `SPAM 3` with its 4 lines.  127.0.0.1 only; bounded by
a 60 s deadline.  Prints its figures; exit 0 when every good client was
served and none was reset."""
import os
import resource
import signal
import socket
import sys
import threading
import time

echo_port, spam_port, storm, good = (int(a) for a in sys.argv[1:5])
pid = int(sys.argv[5]) if len(sys.argv) > 5 else 0
deadline = time.monotonic() + 60
errors = []
served = [0, 0]
stormed = [0]


# A burst is connected whole, then closed whole: most of it waits in the
# listen backlog until after its client has gone.
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < min(hard, 4096):
    soft = min(hard, 4096)
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def storm_clients():
    # Stopped, minios accepts nothing: a burst must fit the backlogs (128).
    burst = 100 if pid else max(1, min(1000, soft - 100))
    n = 0
    while n < storm and time.monotonic() < deadline:
        if pid:
            os.kill(pid, signal.SIGSTOP)
        socks = []
        for i in range(min(burst, storm - n)):
            port = echo_port if (n + i) % 2 == 0 else spam_port
            try:
                socks.append(socket.create_connection(("127.0.0.1", port), timeout=5))
            except OSError as e:
                errors.append("storm connect: %s" % e)
        for s in socks:
            s.close()
        if pid:
            time.sleep(0.01)
            os.kill(pid, signal.SIGCONT)
            time.sleep(0.02)
        n += burst
        stormed[0] += len(socks)


def recv_until(s, end):
    got = b""
    while not got.endswith(end):
        data = s.recv(65536)
        if not data:
            raise OSError("closed early after %r" % got[-40:])
        got += data
    return got


def good_clients(which, count):
    for i in range(count):
        if time.monotonic() > deadline:
            errors.append("good clients: out of time")
            return
        try:
            if which == 0:
                s = socket.create_connection(("127.0.0.1", echo_port), timeout=10)
                line = b"good client %d\n" % i
                s.sendall(line)
                if recv_until(s, b"\n") != line:
                    raise OSError("echo: wrong bytes")
            else:
                s = socket.create_connection(("127.0.0.1", spam_port), timeout=10)
                s.sendall(b"SPAM 3\n")
                got = recv_until(s, b"spam glorious spam\n" * 3)
                if not got.startswith(b"100 SPAM FOLLOWS\n"):
                    raise OSError("spam: wrong reply %r" % got[:40])
            s.close()
            served[which] += 1
        except OSError as e:
            errors.append("good %s client %d: %s" % (("echo", "spam")[which], i, e))


threads = [threading.Thread(target=storm_clients)]
threads += [threading.Thread(target=good_clients, args=(w, good)) for w in (0, 1)]
t0 = time.monotonic()
for t in threads:
    t.start()
for t in threads:
    t.join()
print("storm: %d connect-and-close clients, %d good echo and %d good spam clients"
      " served of %d each, %d errors, %.1f s"
      % (stormed[0], served[0], served[1], good, len(errors), time.monotonic() - t0))
for e in errors[:10]:
    print("  " + e)
sys.exit(0 if not errors and served == [good, good] and stormed[0] == storm else 1)

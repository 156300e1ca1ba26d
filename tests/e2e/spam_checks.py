#!/usr/bin/env python3
"""The spam protocol, byte for byte, against a minios spam server.

Usage: spam_checks.py PORT

Each check opens a connection, sends its bytes, closes its sending side and
reads until the server closes; the reply must be exactly the bytes
expected.  After every check that hurts the server (a client that hangs up
in the middle of its spam, a line that is far too long) a plain "SPAM 1"
on a new connection must still be served.  Prints "N passed, N failed".
"""
import socket
import struct
import sys
import threading
import time

TIMEOUT = 20
HEADER = b"100 SPAM FOLLOWS\n"
LINE = b"spam glorious spam\n"
REFUSAL = b"400 WE ONLY SERVE SPAM\n"
PORT = 0
passed = 0
failed = 0


def spam(n):
    return HEADER + LINE * n


def connect():
    return socket.create_connection(("127.0.0.1", PORT), timeout=TIMEOUT)


def exchange(*pieces, pause=0.2):
    """Sends the pieces (pausing between them), then reads to the end."""
    with connect() as sock:
        for i, piece in enumerate(pieces):
            if i:
                time.sleep(pause)
            sock.sendall(piece)
        sock.shutdown(socket.SHUT_WR)
        reply = bytearray()
        while True:
            data = sock.recv(65536)
            if not data:
                return bytes(reply)
            reply += data


def report(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print("PASS: %s" % name)
    else:
        failed += 1
        print("FAIL: %s %s" % (name, detail))


def check(name, expected, *pieces):
    try:
        reply = exchange(*pieces)
    except OSError as e:
        report(name, False, "(%s)" % e)
        return
    detail = "expected %r..., got %r... (%d bytes, wanted %d)" % (
        expected[:60], reply[:60], len(reply), len(expected))
    report(name, reply == expected, detail)


def still_serving(after):
    check("still serving after %s" % after, spam(1), b"SPAM 1\n")


def hang_up_mid_reply(reset):
    """Orders a lot of spam, takes a bite, and hangs up."""
    try:
        with connect() as sock:
            if reset:  # close with RST instead of FIN
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                struct.pack("ii", 1, 0))
            sock.sendall(b"SPAM 100000\n")
            got = sock.recv(1000)
        report("hang up mid reply%s" % (" (reset)" if reset else ""),
               got.startswith(HEADER[:len(got)]) and len(got) > 0)
    except OSError as e:
        report("hang up mid reply", False, "(%s)" % e)


def concurrent(clients, n):
    results = [None] * clients

    def one(i):
        try:
            results[i] = exchange(b"SPAM %d\n" % n)
        except OSError as e:
            results[i] = str(e).encode()

    threads = [threading.Thread(target=one, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 2)
    good = sum(1 for r in results if r == spam(n))
    report("%d clients at once" % clients, good == clients,
           "(%d of %d served right)" % (good, clients))


def endless_line():
    """10 MB with no newline: the server reads a bounded line, says it is
    too long, and closes the connection well before the 10 MB are sent."""
    sent = 0
    reply = b""
    closed = False
    try:
        sock = connect()
        chunk = b"S" * 65536
        try:
            while sent < 10 * 1024 * 1024:
                sent += sock.send(chunk)
        except OSError:
            closed = True  # the server closed (reset) the connection
        try:
            while True:
                data = sock.recv(65536)
                if not data:
                    break
                reply += data
            closed = True
        except OSError:
            closed = True
        sock.close()
    except OSError as e:
        report("10 MB without a newline", False, "(%s)" % e)
        return
    print("  10 MB without a newline: closed after %d bytes sent, reply %r"
          % (sent, reply[:60]))
    report("10 MB without a newline: a bounded line, an error, closed",
           closed and sent < 10 * 1024 * 1024
           and REFUSAL.startswith(reply[:len(REFUSAL)]))


def main():
    global PORT
    PORT = int(sys.argv[1])
    check("SPAM 1", spam(1), b"SPAM 1\n")
    check("SPAM 3", spam(3), b"SPAM 3\n")
    check("SPAM 0", REFUSAL, b"SPAM 0\n")
    still_serving("SPAM 0")
    check("SPAM -2", REFUSAL, b"SPAM -2\n")
    check("SPAM x", REFUSAL, b"SPAM x\n")
    check("lower case", REFUSAL, b"spam 3\n")
    check("extra token", REFUSAL, b"SPAM 3 4\n")
    check("missing number", REFUSAL, b"SPAM\n")
    check("empty line", REFUSAL, b"\n")
    check("another word", REFUSAL, b"EGGS 2\n")
    check("CRLF line end", spam(2), b"SPAM 2\r\n")
    check("blanks around", spam(2), b"  SPAM\t2  \n")
    check("last line without newline", spam(1), b"SPAM 1")
    check("split across packets", spam(2), b"SP", b"AM 2\n")
    check("split inside the number", spam(12), b"SPAM 1", b"2\n")
    check("several requests on one connection",
          spam(1) + REFUSAL + spam(2), b"SPAM 1\nSPAM 0\nSPAM 2\n")
    check("line too long", REFUSAL + spam(1), b"S" * 5000 + b"\nSPAM 1\n")
    still_serving("a line too long")
    check("line too long, sent slowly", REFUSAL + spam(1),
          b"X" * 3000, b"X" * 3000, b"\nSPAM 1\n")
    endless_line()
    still_serving("10 MB without a newline")
    check("large order", spam(20000), b"SPAM 20000\n")
    hang_up_mid_reply(reset=False)
    still_serving("a hang-up")
    hang_up_mid_reply(reset=True)
    still_serving("a reset")
    concurrent(20, 500)
    still_serving("many clients")
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Many echo clients at once against a minios echo server.

Usage: echo_clients.py PORT [CLIENTS]

Every client connects first; when all are connected, each sends its own
random bytes in pieces of random size (from a second thread, so that
sending and reading back overlap), closes its sending side, and reads until
the server closes.  A client passes when it got back exactly what it sent.
Prints one line per failing client and "N passed, N failed".
"""
import os
import random
import resource
import socket
import sys
import threading

TIMEOUT = 30


def run_client(port, index, barrier, results):
    rng = random.Random(index)
    size = rng.choice([1, 100, 4095, 4096, 4097, rng.randint(1, 60000)])
    payload = os.urandom(size)
    try:
        sock = socket.create_connection(("127.0.0.1", port), timeout=TIMEOUT)
    except OSError as e:
        barrier.abort()
        results[index] = "connect: %s" % e
        return
    try:
        barrier.wait()

        def send():
            sent = 0
            while sent < size:
                piece = rng.randint(1, 8192)
                sock.sendall(payload[sent:sent + piece])
                sent += piece
            sock.shutdown(socket.SHUT_WR)

        sender = threading.Thread(target=send)
        sender.start()
        received = bytearray()
        while True:
            data = sock.recv(65536)
            if not data:
                break
            received += data
        sender.join()
        if bytes(received) == payload:
            results[index] = None
        else:
            results[index] = "sent %d bytes, got %d back, %s" % (
                size, len(received),
                "a prefix" if payload.startswith(bytes(received))
                else "different bytes")
    except (OSError, threading.BrokenBarrierError) as e:
        results[index] = "%s: %s" % (type(e).__name__, e)
    finally:
        sock.close()


def main():
    port = int(sys.argv[1])
    clients = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    # One fd per client, and some to spare: raise our own limit if need be.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < clients + 64 <= hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (clients + 64, hard))
    barrier = threading.Barrier(clients, timeout=TIMEOUT)
    results = ["did not finish"] * clients
    threads = [threading.Thread(target=run_client,
                                args=(port, i, barrier, results))
               for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(TIMEOUT * 2)
    failed = 0
    for i, problem in enumerate(results):
        if problem is not None:
            failed += 1
            print("client %d: %s" % (i, problem))
    print("%d passed, %d failed" % (clients - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

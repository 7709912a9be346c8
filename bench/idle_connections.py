#!/usr/bin/python3
"""bench/idle_connections.py: open N TCP connections to a server and hold them, saying nothing.

Course topic: idle clients cost a server a socket and some memory each; a server must keep
serving everyone else while they sit there (bench/soak.sh opens 1000 of them).
Usage: idle_connections.py PORT COUNT SECONDS. Prints how many connected and how many were
still open at the end (a server may close idle ones after its --idle-timeout).
"""
import socket
import sys
import time


def main(argv):
    port, count, seconds = int(argv[0]), int(argv[1]), float(argv[2])
    held = []
    for _ in range(count):
        try:
            held.append(socket.create_connection(("127.0.0.1", port), timeout=5))
        except OSError as e:
            print("idle_connections: connect failed after %d: %s" % (len(held), e), file=sys.stderr)
            break
    connected = len(held)
    time.sleep(seconds)
    still_open = 0
    for s in held:
        s.setblocking(False)
        try:
            still_open += 1 if s.recv(1) != b"" else 0  # data would be a surprise; count it open
        except BlockingIOError:
            still_open += 1  # nothing to read and not closed: still open
        except OSError:
            pass
        s.close()
    print("idle connections: %d connected, %d still open after %.0f s" % (connected, still_open, seconds))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
"""bench/put_models.py: PUT model files to a server on a fixed beat, answers or not.

Course topic: replacing a model while it serves. bench/soak.sh runs two of these: valid
models every 100 ms and a corrupted one every second. A PUT starts on its beat even when
earlier ones have not been answered yet (under full load one may take longer than a beat),
so the count sent is SECONDS / EVERY whatever the server does.
Usage: put_models.py PORT SECONDS EVERY OUT FILE... (the files are sent in turn). Writes one
HTTP status per PUT to OUT, 000 for no answer within 10 s.
"""
import http.client
import sys
import threading
import time


def put(port, body, statuses, lock):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.request("PUT", "/models/iris", body, {"Content-Type": "application/octet-stream"})
        status = "%03d" % connection.getresponse().status
        connection.close()
    except (OSError, http.client.HTTPException):
        status = "000"
    with lock:
        statuses.append(status)


def main(argv):
    port, seconds, every, out = int(argv[0]), float(argv[1]), float(argv[2]), argv[3]
    bodies = []
    for name in argv[4:]:
        with open(name, "rb") as f:
            bodies.append(f.read())
    statuses, lock, threads = [], threading.Lock(), []
    start = time.monotonic()
    beats = int(round(seconds / every))
    for n in range(beats):
        # Sleep to the n-th beat from the start, not `every` after the last PUT began:
        # the time a PUT takes to start does not push the later ones back.
        delay = start + n * every - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        thread = threading.Thread(target=put, args=(port, bodies[n % len(bodies)], statuses, lock))
        thread.start()
        threads.append(thread)
    for thread in threads:
        thread.join()
    with open(out, "w") as f:
        f.writelines(status + "\n" for status in statuses)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 6:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1:]))

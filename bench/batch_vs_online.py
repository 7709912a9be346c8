#!/usr/bin/env python3
# bench/batch_vs_online.py: the same rows predicted three ways, each timed (docs/06).
# Course topic: production questions: on a schedule (batch) or on request (online)?
#   batch:           glassbox predict model.bin < rows.csv   (one process, no network)
#   online, bulk:    one POST /models/iris/predictions carrying every row
#   online, per row: one POST per row, one after another on one kept-alive connection
# Every prediction is checked equal across the three. Standard library only.
# Usage: python3 bench/batch_vs_online.py [--glassbox PATH] [--rows N] [--per-row N]
import argparse
import csv
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def iris_rows():
    with open(os.path.join(ROOT, "examples", "data", "iris.csv"), newline="") as f:
        reader = csv.reader(f)
        next(reader)
        return [[float(x) for x in row[:4]] for row in reader]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--glassbox", default="glassbox", help="the glassbox binary (default: on PATH)")
    parser.add_argument("--rows", type=int, default=100000, help="rows for batch and bulk (default 100000)")
    parser.add_argument("--per-row", type=int, default=5000, help="requests of one row each (default 5000)")
    args = parser.parse_args()
    model = os.path.join(ROOT, "model.bin")
    base = iris_rows()
    rows = [base[i % len(base)] for i in range(args.rows)]

    with tempfile.TemporaryDirectory(prefix="glassbox-batch-") as tmp:
        data = os.path.join(tmp, "rows.csv")
        with open(data, "w") as f:
            f.write("sepal_length,sepal_width,petal_length,petal_width\n")
            for r in rows:
                f.write(",".join(repr(x) for x in r) + "\n")
        start = time.perf_counter()
        with open(data) as stdin:
            out = subprocess.run([args.glassbox, "predict", model], stdin=stdin, capture_output=True,
                                 text=True, check=True).stdout
        batch_s = time.perf_counter() - start
        batch_labels = [line.split(",")[0] for line in out.splitlines()[1:]]

    server = subprocess.Popen([args.glassbox, "serve", "--port", "0", "--quiet", "--model", "iris=" + model],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=ROOT)
    try:
        port = None
        for _ in range(20):
            m = re.search(r"serving on http://127\.0\.0\.1:(\d+)/", server.stdout.readline())
            if m:
                port = int(m.group(1))
                break
        if port is None:
            sys.exit("glassbox serve did not say where it listens")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        headers = {"Content-Type": "application/json"}

        body = json.dumps({"features": rows})
        start = time.perf_counter()
        conn.request("POST", "/models/iris/predictions", body, headers)
        answer = conn.getresponse().read()
        bulk_s = time.perf_counter() - start
        bulk_labels = json.loads(answer)["predictions"]

        one_row_bodies = [json.dumps({"features": [r]}) for r in rows[: args.per_row]]
        per_row_labels = []
        start = time.perf_counter()
        for b in one_row_bodies:
            conn.request("POST", "/models/iris/predictions", b, headers)
            per_row_labels.append(json.loads(conn.getresponse().read())["predictions"][0])
        per_row_s = time.perf_counter() - start
        conn.close()
    finally:
        server.terminate()
        server.wait(timeout=10)

    same = batch_labels == bulk_labels and per_row_labels == batch_labels[: args.per_row]
    print(f"rows: {args.rows} (iris rows repeated); per-row requests: {args.per_row}")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f}; cores: {os.cpu_count()}")
    print("| way | rows | seconds | rows per second |")
    print("|---|---|---|---|")
    for name, n, s in (("batch: glassbox predict < rows.csv", args.rows, batch_s),
                       ("online, one request with every row", args.rows, bulk_s),
                       ("online, one request per row (keep-alive)", args.per_row, per_row_s)):
        print(f"| {name} | {n} | {s:.3f} | {n / s:,.0f} |")
    print("predictions equal in all three:", "yes" if same else "NO")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())

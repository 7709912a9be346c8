#!/usr/bin/python3
"""bench/sklearn_predict.py: scikit-learn's batch predict, timed per row, for bench/run.sh.

Course topic: what model.predict(X) costs in Python on the benchmark's iris forest, on the
same 10,000 rows bench/micro.cpp uses (iris rows repeated in file order).
Prints one line: "sklearn_predict_ns_per_row <ns>" (the best of 5 runs).

Try: /usr/bin/python3 bench/sklearn_predict.py /tmp/iris.joblib examples/data/iris.csv
"""
import csv
import sys
import time

import joblib
import numpy as np

ROWS = 10000


def main(argv):
    model = joblib.load(argv[0])
    with open(argv[1], newline="") as f:
        data = [[float(v) for v in r[:4]] for r in list(csv.reader(f))[1:] if r]
    X = np.asarray([data[i % len(data)] for i in range(ROWS)], dtype=np.float64)
    model.predict(X)  # warm up: imports, thread pool
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        model.predict(X)
        best = min(best, time.perf_counter() - start)
    print("sklearn_predict_ns_per_row %.1f" % (best / ROWS * 1e9))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

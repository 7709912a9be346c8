#!/usr/bin/python3
"""bench/sklearn_predict.py: scikit-learn's predict, timed per row, for bench/run.sh and bench/scaling.sh.

Course topic: what model.predict(X) costs in Python, on the rows bench/micro.cpp and
bench/onnx_predict.js use (the data's first n_features_in_ columns repeated in file order),
for one row and for 10,000. Prints "sklearn_ns_per_row/1 N" and "sklearn_ns_per_row/10000 N":
CPU time (time.process_time), the fastest of BENCH_REPEATS runs (default 5), each run
calling predict for at least BENCH_MIN_SECONDS (default 0.2) of wall time.

Try: /usr/bin/python3 bench/sklearn_predict.py /tmp/iris.joblib examples/data/iris.csv
"""
import csv
import os
import sys
import time

import joblib
import numpy as np

ROWS = (1, 10000)


def main(argv):
    model = joblib.load(argv[0])
    features = model.n_features_in_
    with open(argv[1], newline="") as f:
        data = [[float(v) for v in r[:features]] for r in list(csv.reader(f))[1:] if r]
    repeats = int(os.environ.get("BENCH_REPEATS", "5"))
    min_seconds = float(os.environ.get("BENCH_MIN_SECONDS", "0.2"))
    for rows in ROWS:
        X = np.asarray([data[i % len(data)] for i in range(rows)], dtype=np.float64)
        model.predict(X)  # warm up: imports, thread pool
        best = float("inf")
        for _ in range(repeats):
            calls, start, cpu_start = 0, time.perf_counter(), time.process_time()
            while True:
                model.predict(X)
                calls += 1
                if time.perf_counter() - start >= min_seconds:
                    break
            best = min(best, (time.process_time() - cpu_start) / calls / rows)
        print("sklearn_ns_per_row/%d %.1f" % (rows, best * 1e9))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

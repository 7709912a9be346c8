#!/usr/bin/python3
"""bench/scaling.py: the forests and the table of bench/scaling.sh.

Course topic: where each runtime stands as models grow. The iris forest (4 features, shallow
trees) is the easy case; this trains scikit-learn forests of 10, 100 and 500 trees with
max_depth 6, 12 and None on a 50-feature make_classification data set (random_state=0).
  data OUTDIR                  rows.csv: 10,000 rows to predict (50 features, then the label)
  train OUTDIR TREES DEPTH     forest_TREES_DEPTH.joblib, trained on 5,000 other rows
  report OUTDIR                the table, from runs.txt and each forest's timing files
"""
import json
import os
import sys

import numpy as np

FEATURES = 50
TRAIN_ROWS, PREDICT_ROWS = 5000, 10000


def dataset():
    from sklearn.datasets import make_classification

    # One draw, split: the forests never saw the rows they are timed on.
    return make_classification(n_samples=TRAIN_ROWS + PREDICT_ROWS, n_features=FEATURES, n_informative=10,
                               n_redundant=10, random_state=0)


def data(outdir):
    X, y = dataset()
    header = ",".join(["x%d" % j for j in range(FEATURES)] + ["label"])
    rows = np.column_stack([X[TRAIN_ROWS:], y[TRAIN_ROWS:]])
    np.savetxt(os.path.join(outdir, "rows.csv"), rows, delimiter=",", fmt="%.17g", header=header, comments="")
    return 0


def train(outdir, trees, depth):
    import joblib
    from sklearn.ensemble import RandomForestClassifier

    X, y = dataset()
    max_depth = None if depth == "None" else int(depth)
    model = RandomForestClassifier(n_estimators=int(trees), max_depth=max_depth, random_state=0)
    model.fit(X[:TRAIN_ROWS], y[:TRAIN_ROWS])
    joblib.dump(model, os.path.join(outdir, "forest_%s_%s.joblib" % (trees, depth)))
    nodes = sum(e.tree_.node_count for e in model.estimators_)
    print(nodes)
    return 0


def timings(path):
    return {name: float(value) for name, value in (line.split() for line in open(path) if line.strip())}


def fastest(micro_json, name):
    """The fastest repetition's CPU ns per row of a Google Benchmark run."""
    runs = [b for b in json.load(open(micro_json))["benchmarks"]
            if b.get("run_type", "iteration") == "iteration" and b.get("run_name", b["name"]) == name]
    return min(1e9 / b["items_per_second"] for b in runs)


def report(outdir):
    print("%5s %5s %8s %9s | %21s | %21s | %21s | %15s | %5s" % (
        "trees", "depth", "nodes", "model.bin", "glassbox ns/row", "ONNX Runtime ns/row", "scikit-learn ns/row",
        "ORT/gb  skl/gb", "load"))
    print("%5s %5s %8s %9s | %10s %10s | %10s %10s | %10s %10s | %7s %7s | %5s" % (
        "", "", "", "", "1 row", "10k rows", "1 row", "10k rows", "1 row", "10k rows", "10k", "10k", "1 min"))
    for line in open(os.path.join(outdir, "runs.txt")):
        name, trees, depth, nodes, size, load = line.split()
        base = os.path.join(outdir, name)
        gb = [fastest(base + ".micro.json", "forest_predict/%d" % n) for n in (1, 10000)]
        ort = timings(base + ".onnx.txt")
        skl = timings(base + ".sklearn.txt")
        ort = [ort["onnx_ns_per_row/%d" % n] for n in (1, 10000)]
        skl = [skl["sklearn_ns_per_row/%d" % n] for n in (1, 10000)]
        print("%5s %5s %8s %8.1fM | %10.0f %10.0f | %10.0f %10.0f | %10.0f %10.0f | %6.1fx %6.1fx | %5s" % (
            trees, depth, nodes, int(size) / 1e6, gb[0], gb[1], ort[0], ort[1], skl[0], skl[1],
            ort[1] / gb[1], skl[1] / gb[1], load))
    return 0


def main(argv):
    if len(argv) >= 2 and argv[0] == "data":
        return data(argv[1])
    if len(argv) == 4 and argv[0] == "train":
        return train(argv[1], argv[2], argv[3])
    if len(argv) == 2 and argv[0] == "report":
        return report(argv[1])
    print("usage: scaling.py data|report OUTDIR, or scaling.py train OUTDIR TREES DEPTH", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/python3
"""bench/train_sklearn.py: train the benchmark's iris forest the course's way, save it with joblib.

Course topic: the usual Python deployment: scikit-learn trains, joblib pickles, a Flask app
loads the pickle. bench/run.sh then converts the same pickle to model.bin with
tools/sklearn_to_glassbox.py, so every server in the benchmark answers with the same 100 trees.

Try: /usr/bin/python3 bench/train_sklearn.py examples/data/iris.csv /tmp/iris.joblib
"""
import csv
import sys

import joblib
from sklearn.ensemble import RandomForestClassifier


def main(argv):
    if len(argv) != 2:
        print("usage: train_sklearn.py IRIS.csv OUT.joblib", file=sys.stderr)
        return 2
    with open(argv[0], newline="") as f:
        rows = list(csv.reader(f))
    header, rows = rows[0], [r for r in rows[1:] if r]
    X = [[float(v) for v in r[:-1]] for r in rows]
    y = [r[-1] for r in rows]
    model = RandomForestClassifier(n_estimators=100, random_state=0)
    model.fit(X, y)
    joblib.dump(model, argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

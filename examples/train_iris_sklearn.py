#!/usr/bin/python3
"""examples/train_iris_sklearn.py: the course's first model, trained and saved the Python way.

Course topic: saving a model. A random forest is trained on the iris rows in
examples/data/iris.csv with scikit-learn and saved with joblib.dump, the way the course
saves it; docs/01-saving-the-model.md then opens, converts and exports that file.
Usage: /usr/bin/python3 examples/train_iris_sklearn.py /tmp/iris.joblib
Needs Debian's python3-sklearn and python3-joblib (sh scripts/install-deps.sh).
"""
import csv
import sys

import joblib
from sklearn.ensemble import RandomForestClassifier


def main(path):
    with open("examples/data/iris.csv", newline="") as f:
        rows = list(csv.reader(f))
    X = [[float(v) for v in row[:4]] for row in rows[1:]]
    y = [row[4] for row in rows[1:]]
    # A fixed random_state: the same trees, the same file, every run.
    forest = RandomForestClassifier(n_estimators=100, random_state=42).fit(X, y)
    joblib.dump(forest, path)
    print("trained %d trees on %d rows; classes %s" % (len(forest.estimators_), len(X), list(forest.classes_)))
    print("wrote", path)


if __name__ == "__main__":
    main(sys.argv[1])

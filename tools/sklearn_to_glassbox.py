#!/usr/bin/python3
"""tools/sklearn_to_glassbox.py: convert a pickled scikit-learn model into a glassbox model.bin.

Course topic: the model is trained in Python and pickled; the server that answers requests
is C++. This script is the bridge: it reads a pickle (or joblib) file and writes the same
model in glassbox's format, documented byte by byte in docs/model-format.md.

Supported: RandomForestClassifier, RandomForestRegressor, DecisionTreeClassifier,
DecisionTreeRegressor, LogisticRegression (binary, one-vs-rest, multinomial), LinearRegression.
Runs with /usr/bin/python3 and Debian's python3-sklearn.

Try: /usr/bin/python3 tools/sklearn_to_glassbox.py model.pkl -o model.bin --name iris \
         --feature-names sepal_length,sepal_width,petal_length,petal_width \
         --class-names setosa,versicolor,virginica --data examples/data/iris.csv
"""
import argparse
import math
import pickle
import struct
import sys
import zlib

MAGIC = b"GLASSBOX"
VERSION = 1
KIND_LINEAR, KIND_LOGISTIC, KIND_FOREST_CLASSIFIER, KIND_FOREST_REGRESSOR = 1, 2, 3, 4
LINK_IDENTITY, LINK_SIGMOID, LINK_SOFTMAX, LINK_ONE_VS_REST = 0, 1, 2, 3
LEAF = -1
HISTOGRAM_BINS = 10
FILE_SIZE_OFFSET = 16


class Writer:
    """Little-endian fields appended one by one, as src/model/byte_writer.cpp does."""

    def __init__(self):
        self.parts = []

    def u32(self, v):
        self.parts.append(struct.pack("<I", v))

    def i32(self, v):
        self.parts.append(struct.pack("<i", v))

    def u64(self, v):
        self.parts.append(struct.pack("<Q", v))

    def f64(self, v):
        if not math.isfinite(v):
            raise ValueError("the model holds a number that is not finite: %r" % v)
        self.parts.append(struct.pack("<d", v))

    def str(self, s):
        data = s.encode("utf-8")
        self.u32(len(data))
        self.parts.append(data)

    def finish(self):
        body = bytearray(b"".join(self.parts))
        body[FILE_SIZE_OFFSET:FILE_SIZE_OFFSET + 8] = struct.pack("<Q", len(body) + 4)
        body = bytes(body)
        return body + struct.pack("<I", zlib.crc32(body) & 0xFFFFFFFF)


def preorder(tree):
    """Node ids of a scikit-learn tree in pre-order, so every child comes after its parent."""
    order, stack = [], [0]
    left, right = tree.children_left, tree.children_right
    while stack:
        node = stack.pop()
        order.append(node)
        if left[node] != -1:
            stack.append(int(right[node]))
            stack.append(int(left[node]))
    return order


def write_tree(w, tree, classifier, n_classes):
    if tree.n_outputs != 1:
        raise ValueError("multi-output trees are not supported")
    order = preorder(tree)
    new_id = {old: i for i, old in enumerate(order)}
    leaf = [tree.children_left[old] == -1 for old in order]
    w.u32(len(order))
    for old, is_leaf in zip(order, leaf):
        w.i32(LEAF if is_leaf else int(tree.feature[old]))
    for old, is_leaf in zip(order, leaf):
        w.f64(0.0 if is_leaf else float(tree.threshold[old]))
    for old, is_leaf in zip(order, leaf):
        w.u32(0 if is_leaf else new_id[int(tree.children_left[old])])
    for old, is_leaf in zip(order, leaf):
        w.u32(0 if is_leaf else new_id[int(tree.children_right[old])])
    for old, is_leaf in zip(order, leaf):
        if classifier:
            # scikit-learn 1.2 stores weighted class counts per node; predict_proba divides
            # each leaf by its sum. Doing the same division here gives identical numbers.
            counts = tree.value[old][0][:n_classes]
            total = float(counts.sum())
            if total == 0.0:
                total = 1.0
            for c in range(n_classes):
                w.f64(float(counts[c]) / total if is_leaf else 0.0)
        else:
            w.f64(float(tree.value[old][0][0]) if is_leaf else 0.0)


def feature_stats(data, n_features):
    """Per-feature statistics of the training data, or 'unknown' (count 0) without data."""
    if data is None:
        return [(0, 0.0, 0.0, 0.0, 0.0, []) for _ in range(n_features)]
    stats = []
    for j in range(n_features):
        col = [float(row[j]) for row in data]
        n = len(col)
        mean = sum(col) / n
        std = math.sqrt(sum((x - mean) ** 2 for x in col) / n)
        lo, hi = min(col), max(col)
        width = (hi - lo) / HISTOGRAM_BINS
        hist = [0] * HISTOGRAM_BINS
        for x in col:
            pos = (x - lo) / width if width > 0 else 0.0
            hist[int(pos) if 0 <= pos < HISTOGRAM_BINS else HISTOGRAM_BINS - 1] += 1
        stats.append((n, mean, std, lo, hi, hist))
    return stats


def convert(model, name, feature_names=None, data=None, class_names=None):
    """The bytes of a glassbox model file for a fitted scikit-learn `model`."""
    kind_name = type(model).__name__
    n_features = int(model.n_features_in_)
    if feature_names is None:
        names = getattr(model, "feature_names_in_", None)
        feature_names = [str(n) for n in names] if names is not None else ["x%d" % j for j in range(n_features)]
    if len(feature_names) != n_features:
        raise ValueError("%d feature names given for a model of %d features" % (len(feature_names), n_features))
    classifier = kind_name in ("RandomForestClassifier", "DecisionTreeClassifier", "LogisticRegression")
    classes = [str(c) for c in model.classes_] if classifier else []
    if class_names is not None:
        if len(class_names) != len(classes):
            raise ValueError("%d class names given for a model of %d classes" % (len(class_names), len(classes)))
        classes = class_names
    kinds = {
        "LinearRegression": KIND_LINEAR,
        "LogisticRegression": KIND_LOGISTIC,
        "RandomForestClassifier": KIND_FOREST_CLASSIFIER,
        "DecisionTreeClassifier": KIND_FOREST_CLASSIFIER,
        "RandomForestRegressor": KIND_FOREST_REGRESSOR,
        "DecisionTreeRegressor": KIND_FOREST_REGRESSOR,
    }
    if kind_name not in kinds:
        raise ValueError("%s is not supported; see the list in this script's help" % kind_name)
    w = Writer()
    w.parts.append(MAGIC)
    w.u32(VERSION)
    w.u32(kinds[kind_name])
    w.u64(0)  # the file size, filled in by Writer.bytes()
    w.str(name)
    w.u32(n_features)
    for f in feature_names:
        w.str(f)
    w.u32(len(classes))
    for c in classes:
        w.str(c)
    for count, mean, std, lo, hi, hist in feature_stats(data, n_features):
        w.u64(count)
        for v in (mean, std, lo, hi):
            w.f64(v)
        w.u32(len(hist))
        for h in hist:
            w.u64(h)
    if kind_name in ("LinearRegression", "LogisticRegression"):
        write_linear(w, model, kind_name, len(classes))
    else:
        trees = model.estimators_ if kind_name.startswith("RandomForest") else [model]
        w.u32(len(trees))
        for t in trees:
            write_tree(w, t.tree_, classifier, len(classes))
    return w.finish()


def write_linear(w, model, kind_name, n_classes):
    coef = [[float(v) for v in row] for row in (model.coef_.reshape(1, -1) if model.coef_.ndim == 1 else model.coef_)]
    intercept = model.intercept_
    intercept = [float(intercept)] if not hasattr(intercept, "__len__") else [float(v) for v in intercept]
    if kind_name == "LinearRegression":
        if len(coef) != 1:
            raise ValueError("multi-output linear regression is not supported")
        link = LINK_IDENTITY
    else:
        multi = model.multi_class
        if multi == "auto":
            multi = "ovr" if n_classes <= 2 or model.solver == "liblinear" else "multinomial"
        if n_classes == 2 and multi == "multinomial":
            # scikit-learn scores a binary multinomial model as softmax([-d, d]).
            coef = [[-v for v in coef[0]], coef[0]]
            intercept = [-intercept[0], intercept[0]]
            link = LINK_SOFTMAX
        elif n_classes == 2:
            link = LINK_SIGMOID
        else:
            link = LINK_SOFTMAX if multi == "multinomial" else LINK_ONE_VS_REST
    w.u32(len(coef))
    w.u32(link)
    for row in coef:
        for v in row:
            w.f64(v)
    for v in intercept:
        w.f64(v)


def load_pickle(path):
    try:
        import joblib  # joblib.load also reads plain pickles
        return joblib.load(path)
    except ImportError:
        with open(path, "rb") as f:
            return pickle.load(f)


def main(argv):
    p = argparse.ArgumentParser(description="Convert a pickled scikit-learn model to a glassbox model file.")
    p.add_argument("model", help="a file written by pickle.dump or joblib.dump")
    p.add_argument("-o", "--output", required=True, help="the model file to write")
    p.add_argument("--name", default="model", help="the model's name (default: model)")
    p.add_argument("--feature-names", help="comma-separated names (default: feature_names_in_ or x0, x1, ...)")
    p.add_argument("--class-names", help="comma-separated labels for classes_ in order (default: str of each)")
    p.add_argument("--data", help="a CSV of the training features (header row, then rows) for the statistics")
    a = p.parse_args(argv)
    model = load_pickle(a.model)
    names = a.feature_names.split(",") if a.feature_names else None
    data = None
    if a.data:
        import csv
        with open(a.data, newline="") as f:
            rows = list(csv.reader(f))[1:]
        data = [[float(v) for v in row[: model.n_features_in_]] for row in rows if row]
    try:
        classes = a.class_names.split(",") if a.class_names else None
        out = convert(model, a.name, names, data, classes)
    except (ValueError, AttributeError) as e:
        print("sklearn_to_glassbox: %s" % e, file=sys.stderr)
        return 1
    with open(a.output, "wb") as f:
        f.write(out)
    print("wrote %s: %d bytes, a %s named %r" % (a.output, len(out), type(model).__name__, a.name))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

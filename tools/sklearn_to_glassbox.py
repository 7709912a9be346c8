#!/usr/bin/python3
"""tools/sklearn_to_glassbox.py: convert a pickled scikit-learn model into a glassbox model.bin.

Course topic: the model is trained in Python and pickled; the server that answers requests
is C++. This script is the bridge: it reads a pickle (or joblib) file and writes the same
model in glassbox's format, documented byte by byte in docs/model-format.md. The estimators
it converts are listed in ESTIMATORS below (and by --help); anything else is refused with a
sentence. Runs with /usr/bin/python3 and Debian's python3-sklearn.

Try: /usr/bin/python3 tools/sklearn_to_glassbox.py model.pkl -o model.bin --name iris \
         --feature-names sepal_length,sepal_width,petal_length,petal_width \
         --class-names setosa,versicolor,virginica --data examples/data/iris.csv
"""
import argparse
import math
import struct
import sys
import textwrap
import zlib

from sklearn_pickle import Refusal, load

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
            raise Refusal("the model holds a number that is not finite (%r), which a model file cannot." % v)
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
        raise Refusal("a tree with several outputs (multi-output) cannot be converted; glassbox predicts one.")
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


# The estimators this converts, by group: (the group as --help names it, the glassbox kind,
# class names). --help prints this table; convert() looks kinds up in it.
ESTIMATORS = (
    ("forest classifiers", KIND_FOREST_CLASSIFIER,
     ("RandomForestClassifier", "ExtraTreesClassifier", "DecisionTreeClassifier")),
    ("forest regressors", KIND_FOREST_REGRESSOR,
     ("RandomForestRegressor", "ExtraTreesRegressor", "DecisionTreeRegressor")),
    ("linear regressors", KIND_LINEAR, ("LinearRegression", "Ridge", "Lasso", "ElasticNet")),
    ("logistic classifiers", KIND_LOGISTIC, ("LogisticRegression", "SGDClassifier")),
)
KIND_OF = {cls: kind for _, kind, names in ESTIMATORS for cls in names}
SEARCHES = ("GridSearchCV", "RandomizedSearchCV")

HELP = "supported estimators (fitted, saved with pickle.dump or joblib.dump):\n%s\n%s" % (
    "\n".join(textwrap.fill(", ".join(names), 79, initial_indent="  %-22s " % (group + ":"),
                             subsequent_indent=" " * 25) for group, _, names in ESTIMATORS), """\
  Linear regressors with one target. LogisticRegression: binary, one-vs-rest or
    multinomial. SGDClassifier: loss="log_loss" only, binary or one-vs-rest (for 3 or
    more classes its predict_proba normalises the classes' sigmoids, as
    LogisticRegression(multi_class="ovr") does).
  Pipeline: StandardScaler steps, then one linear or logistic estimator above;
    each scaler is folded into the weights, w' = w / scale and
    b' = b - sum(w * mean / scale), exact up to rounding (the parity test,
    tests/model/sklearn_parity_test.cpp, finds it within 1e-9 of scikit-learn).
    A pipeline of one estimator above is that estimator. Other steps are refused.
  GridSearchCV, RandomizedSearchCV: fitted with refit=True; the best_estimator_
    (one of the above) is converted.

Loading a pickle runs code from it: convert only files you trust. A pickle
written by a newer scikit-learn, or by numpy 2, than the ones installed here is
refused with what to do. Exit status: 0 written, 1 a file or model that cannot
be converted (one sentence says why), 2 bad options.""")


def describe(obj):
    """'a RandomForestClassifier', 'an SVC', 'a dict': what the pickle holds, for a sentence."""
    name = type(obj).__name__
    # An acronym is read letter by letter: "an SVC", "an MLPClassifier", "a KNeighborsClassifier".
    spoken_vowel = name[0] in "AEFHILMNORSX" if name[:2].isupper() else name[0].lower() in "aeiou"
    return ("an " if spoken_vowel else "a ") + name


def check_fitted(estimator):
    from sklearn.exceptions import NotFittedError
    from sklearn.utils.validation import check_is_fitted

    try:
        check_is_fitted(estimator)
    except NotFittedError:
        raise Refusal("this %s has not been fitted: call fit() before pickling it." % type(estimator).__name__)


def unwrap(obj):
    """(the estimator to convert, the StandardScaler steps before it), or a Refusal that says why not."""
    name = type(obj).__name__
    if not type(obj).__module__.startswith("sklearn."):
        raise Refusal("it holds %s, not a scikit-learn estimator; see --help for the ones this converts."
                      % describe(obj))
    if name in SEARCHES:
        if not hasattr(obj, "cv_results_"):
            raise Refusal("this %s has not been fitted: call fit() before pickling it." % name)
        if not hasattr(obj, "best_estimator_"):
            raise Refusal("this %s was fitted with refit=%r, so it keeps no best_estimator_ to convert: fit it "
                          "with refit=True (the default), or pickle a model fitted with its best_params_."
                          % (name, obj.refit))
        return unwrap(obj.best_estimator_)
    if name == "Pipeline":
        # A step set to None or "passthrough" does nothing (scikit-learn's own rule).
        steps = [(n, s) for n, s in obj.steps if s is not None and s != "passthrough"]
        if not steps:
            raise Refusal("the pipeline has no step that does anything, so there is no model to convert.")
        *before, (_, last) = steps
        estimator, scalers = unwrap(last)
        for step_name, step in before:
            if type(step).__name__ != "StandardScaler":
                raise Refusal("the pipeline step %r is %s; only StandardScaler steps, before a linear or logistic "
                              "model, can be converted (they fold into its weights)." % (step_name, describe(step)))
            if KIND_OF[type(estimator).__name__] not in (KIND_LINEAR, KIND_LOGISTIC):
                raise Refusal("the pipeline step %r (StandardScaler) comes before %s; a scaler folds exactly only "
                              "into a linear model's weights, and trees need no scaling: fit the forest without "
                              "it." % (step_name, describe(estimator)))
            check_fitted(step)
        return estimator, [s for _, s in before] + scalers
    if name not in KIND_OF:
        raise Refusal("it holds %s, which this tool does not convert; see --help for the estimators it does."
                      % describe(obj))
    check_fitted(obj)
    if name == "SGDClassifier" and obj.loss not in ("log_loss", "log"):
        raise Refusal("this SGDClassifier was trained with loss=%r; only loss=\"log_loss\" is a logistic model "
                      "whose probabilities glassbox computes." % obj.loss)
    return obj, []


def convert(model, name, feature_names=None, data=None, class_names=None):
    """The bytes of a glassbox model file for a fitted scikit-learn `model`."""
    estimator, scalers = unwrap(model)
    kind = KIND_OF[type(estimator).__name__]
    n_features = int(estimator.n_features_in_)
    if feature_names is None:
        names = getattr(model, "feature_names_in_", None)
        feature_names = [str(n) for n in names] if names is not None else ["x%d" % j for j in range(n_features)]
    if len(feature_names) != n_features:
        raise Refusal("%d feature names were given for a model of %d features." % (len(feature_names), n_features))
    classifier = kind in (KIND_LOGISTIC, KIND_FOREST_CLASSIFIER)
    classes = [str(c) for c in estimator.classes_] if classifier else []
    if class_names is not None:
        if len(class_names) != len(classes):
            raise Refusal("%d class names were given for a model of %d classes." % (len(class_names), len(classes)))
        classes = class_names
    w = Writer()
    w.parts.append(MAGIC)
    w.u32(VERSION)
    w.u32(kind)
    w.u64(0)  # the file size, filled in by Writer.finish()
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
    if kind in (KIND_LINEAR, KIND_LOGISTIC):
        write_linear(w, estimator, scalers, len(classes))
    else:
        trees = getattr(estimator, "estimators_", [estimator])
        w.u32(len(trees))
        for t in trees:
            write_tree(w, t.tree_, classifier, len(classes))
    return w.finish()


def fold_scalers(coef, intercept, scalers):
    """The weights and intercepts on the raw features of a linear model fitted after `scalers`.

    A StandardScaler maps x to (x - mean) / scale, so w . (x - mean) / scale + b equals
    (w / scale) . x + (b - sum(w * mean / scale)): the same model on the raw features, exact
    up to rounding (the parity test measures how close). Scalers fold last one first.
    """
    for scaler in reversed(scalers):
        scale = scaler.scale_ if scaler.with_std else [1.0] * len(coef[0])
        mean = scaler.mean_ if scaler.with_mean else [0.0] * len(coef[0])
        for k, row in enumerate(coef):
            coef[k] = [v / float(s) for v, s in zip(row, scale)]
            intercept[k] -= math.fsum(v * float(m) for v, m in zip(coef[k], mean))
    return coef, intercept


def write_linear(w, model, scalers, n_classes):
    kind_name = type(model).__name__
    coef = [[float(v) for v in row] for row in (model.coef_.reshape(1, -1) if model.coef_.ndim == 1 else model.coef_)]
    intercept = model.intercept_
    intercept = [float(intercept)] if not hasattr(intercept, "__len__") else [float(v) for v in intercept]
    coef, intercept = fold_scalers(coef, intercept, scalers)
    if KIND_OF[kind_name] == KIND_LINEAR:
        if len(coef) != 1:
            raise Refusal("this %s predicts %d targets at once; glassbox's linear model predicts one." %
                          (kind_name, len(coef)))
        link = LINK_IDENTITY
    elif kind_name == "SGDClassifier":
        # SGDClassifier trains one binary model per class; predict_proba normalises their
        # sigmoids (scikit-learn's _predict_proba_lr), which is glassbox's one-vs-rest link.
        link = LINK_SIGMOID if n_classes == 2 else LINK_ONE_VS_REST
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


def read_data(path, n_features):
    """The training rows of a CSV (header row first) for the feature statistics."""
    import csv

    try:
        with open(path, newline="") as f:
            rows = list(csv.reader(f))[1:]
        return [[float(v) for v in row[:n_features]] for row in rows if row]
    except (OSError, ValueError) as e:
        raise Refusal("the --data file %s is not a readable CSV of numbers with a header row (%s)." % (path, e))


def main(argv):
    p = argparse.ArgumentParser(description="Convert a pickled scikit-learn model to a glassbox model file.",
                                epilog=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("model", help="a file written by pickle.dump or joblib.dump")
    p.add_argument("-o", "--output", required=True, help="the model file to write")
    p.add_argument("--name", default="model", help="the model's name (default: model)")
    p.add_argument("--feature-names", help="comma-separated names (default: feature_names_in_ or x0, x1, ...)")
    p.add_argument("--class-names", help="comma-separated labels for classes_ in order (default: str of each)")
    p.add_argument("--data", help="a CSV of the training features (header row, then rows) for the statistics")
    a = p.parse_args(argv)
    try:
        model, note = load(a.model)
        if note:
            print("sklearn_to_glassbox: note: %s: %s" % (a.model, note), file=sys.stderr)
        estimator, scalers = unwrap(model)
        data = read_data(a.data, estimator.n_features_in_) if a.data else None
        names = a.feature_names.split(",") if a.feature_names else None
        classes = a.class_names.split(",") if a.class_names else None
        out = convert(model, a.name, names, data, classes)
    except Refusal as e:
        print("sklearn_to_glassbox: %s: %s" % (a.model, e), file=sys.stderr)
        return 1
    try:
        with open(a.output, "wb") as f:
            f.write(out)
    except OSError as e:
        print("sklearn_to_glassbox: %s: the model file cannot be written (%s)." % (a.output, e.strerror),
              file=sys.stderr)
        return 1
    inside = "" if model is estimator else " from %s" % describe(model)
    folded = " (%d StandardScaler folded into its weights)" % len(scalers) if scalers else ""
    print("wrote %s: %d bytes, %s%s named %r%s" % (a.output, len(out), describe(estimator), inside, a.name, folded))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

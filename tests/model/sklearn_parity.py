#!/usr/bin/python3
"""tests/model/sklearn_parity.py: scikit-learn's answers, for the C++ parity test to match.

Course topic: a model trained in Python must predict the same in C++. For several data sets
this trains scikit-learn models, pickles them, converts each with tools/sklearn_to_glassbox.py
and writes, into OUTDIR: NAME.bin, NAME.X.csv (inputs: training rows, random rows, and rows
with a feature exactly at, or one float32 step around, a tree threshold) and NAME.expected.csv
(scikit-learn's prediction per row: class index or value, then the class probabilities).
manifest.txt lists "NAME forest|linear" per model. Run by tests/model/sklearn_parity_test.cpp.
"""
import os
import sys
import warnings

try:
    import joblib
    import numpy as np
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, make_regression
    from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
    from sklearn.linear_model import LinearRegression, LogisticRegression
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
except ImportError as e:
    print("python3-sklearn is missing (%s): install it with 'sudo apt-get install python3-sklearn'" % e)
    sys.exit(3)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import sklearn_to_glassbox  # noqa: E402


def threshold_rows(model, X, rng, count):
    """Rows with one feature set exactly at a tree threshold or one float32 step beside it."""
    trees = [e.tree_ for e in getattr(model, "estimators_", [model])]
    rows = []
    for _ in range(count):
        tree = trees[rng.integers(len(trees))]
        internal = np.flatnonzero(tree.children_left != -1)
        if len(internal) == 0:
            break
        node = internal[rng.integers(len(internal))]
        t = tree.threshold[node]
        t32 = np.float32(t)
        choices = [t, float(t32), float(np.nextafter(t32, np.float32(np.inf))),
                   float(np.nextafter(t32, np.float32(-np.inf)))]
        row = X[rng.integers(len(X))].copy()
        row[tree.feature[node]] = choices[rng.integers(len(choices))]
        rows.append(row)
    return np.array(rows).reshape(-1, X.shape[1])


def inputs(model, X, rng, is_tree):
    lo, hi = X.min(axis=0), X.max(axis=0)
    span = hi - lo
    random_rows = rng.uniform(lo - 0.1 * span, hi + 0.1 * span, size=(150, X.shape[1]))
    parts = [X[rng.choice(len(X), size=min(100, len(X)), replace=False)], random_rows]
    if is_tree:
        parts.append(threshold_rows(model, X, rng, 300))
    return np.vstack(parts)


def write(outdir, name, family, model, X, rng, options):
    pkl = os.path.join(outdir, name + ".pkl")
    joblib.dump(model, pkl)
    if sklearn_to_glassbox.main([pkl, "-o", os.path.join(outdir, name + ".bin"), "--name", name] + options) != 0:
        raise SystemExit("conversion of %s failed" % name)
    rows = inputs(model, X, rng, family == "forest")
    np.savetxt(os.path.join(outdir, name + ".X.csv"), rows, delimiter=",", fmt="%.17g")
    if hasattr(model, "classes_"):
        index = np.searchsorted(model.classes_, model.predict(rows))
        expected = np.column_stack([index, model.predict_proba(rows)])
    else:
        expected = model.predict(rows).reshape(-1, 1)
    np.savetxt(os.path.join(outdir, name + ".expected.csv"), expected, delimiter=",", fmt="%.17g")
    return "%s %s\n" % (name, family)


def main(outdir):
    warnings.simplefilter("ignore")  # lbfgs iteration limits: any fitted weights serve parity
    rng = np.random.default_rng(7)
    iris_X, iris_y = load_iris(return_X_y=True)
    cancer_X, cancer_y = load_breast_cancer(return_X_y=True)
    diabetes_X, diabetes_y = load_diabetes(return_X_y=True)
    reg_X, reg_y = make_regression(n_samples=300, n_features=6, noise=5.0, random_state=0)
    cancer_labels = np.where(cancer_y == 1, "benign", "malignant")
    models = [
        ("iris_forest", "forest", RandomForestClassifier(n_estimators=50, random_state=1), iris_X, iris_y),
        ("iris_tree", "forest", DecisionTreeClassifier(random_state=0), iris_X, iris_y),
        ("iris_logistic", "linear", LogisticRegression(max_iter=1000), iris_X, iris_y),
        ("iris_logistic_ovr", "linear", LogisticRegression(multi_class="ovr", max_iter=1000), iris_X, iris_y),
        ("cancer_forest", "forest",
         RandomForestClassifier(n_estimators=30, max_features=5, class_weight="balanced", random_state=2),
         cancer_X, cancer_labels),
        ("cancer_logistic", "linear", LogisticRegression(max_iter=300), cancer_X, cancer_labels),
        ("cancer_logistic_multinomial", "linear", LogisticRegression(multi_class="multinomial", max_iter=300),
         cancer_X, cancer_y),
        ("diabetes_forest", "forest", RandomForestRegressor(n_estimators=30, random_state=3), diabetes_X, diabetes_y),
        ("diabetes_tree", "forest", DecisionTreeRegressor(max_depth=6, random_state=0), diabetes_X, diabetes_y),
        ("diabetes_linear", "linear", LinearRegression(), diabetes_X, diabetes_y),
        ("regression_forest", "forest", RandomForestRegressor(n_estimators=20, min_samples_leaf=3, random_state=4),
         reg_X, reg_y),
        ("regression_linear", "linear", LinearRegression(), reg_X, reg_y),
    ]
    # One model also exercises the converter's naming and statistics options.
    iris_csv = os.path.join(HERE, "..", "..", "examples", "data", "iris.csv")
    iris_options = ["--feature-names", "sepal_length,sepal_width,petal_length,petal_width",
                    "--class-names", "setosa,versicolor,virginica", "--data", iris_csv]
    manifest = ""
    for name, family, model, X, y in models:
        model.fit(X, y)
        manifest += write(outdir, name, family, model, X, rng, iris_options if name == "iris_forest" else [])
    with open(os.path.join(outdir, "manifest.txt"), "w") as f:
        f.write(manifest)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print("usage: sklearn_parity.py OUTDIR")
        sys.exit(2)
    os.makedirs(sys.argv[1], exist_ok=True)
    sys.exit(main(sys.argv[1]))

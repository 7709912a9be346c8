#!/usr/bin/python3
"""tests/model/sklearn_parity.py: scikit-learn's answers, for the C++ parity test to match.

Course topic: a model trained in Python must predict the same in C++. For several data sets
this trains scikit-learn models (pipelines and searches too), pickles them, converts each with
tools/sklearn_to_glassbox.py and writes, into OUTDIR: NAME.bin, NAME.X.csv (inputs: training
rows, random rows, and rows with a feature exactly at, or one float32 step around, a tree
threshold) and NAME.expected.csv (scikit-learn's prediction per row: class index or value,
then the class probabilities). manifest.txt lists "NAME forest|linear CLASS" per model
(CLASS: the pickled object's class, which the tool's --help must name).
"refusals OUTDIR" writes pickles the tool must refuse (or convert with a note) instead, and
refusals.txt: "FILE<TAB>exit status<TAB>text its one line on stderr must contain".
Run by tests/model/sklearn_parity_test.cpp.
"""
import os
import sys
import warnings

try:
    import joblib
    import numpy as np
    from sklearn.datasets import load_breast_cancer, load_diabetes, load_iris, make_regression
    from sklearn.ensemble import (ExtraTreesClassifier, ExtraTreesRegressor, RandomForestClassifier,
                                  RandomForestRegressor)
    from sklearn.linear_model import (ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge,
                                      SGDClassifier)
    from sklearn.model_selection import GridSearchCV, RandomizedSearchCV
    from sklearn.pipeline import Pipeline, make_pipeline
    from sklearn.preprocessing import MinMaxScaler, StandardScaler
    from sklearn.svm import SVC
    from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor
except ImportError as e:
    print("python3-sklearn is missing (%s): install it with 'sudo apt-get install python3-sklearn'" % e)
    sys.exit(3)

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "tools"))
import sklearn_to_glassbox  # noqa: E402


def threshold_rows(model, X, rng, count):
    """Rows with one feature set exactly at a tree threshold or one float32 step beside it."""
    model = getattr(model, "best_estimator_", model)  # a search's forest
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
    return "%s %s %s\n" % (name, family, type(model).__name__)


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
        # Issue 16: what course students pickle besides the above.
        ("iris_extra_trees", "forest", ExtraTreesClassifier(n_estimators=30, random_state=5), iris_X, iris_y),
        ("cancer_extra_trees", "forest", ExtraTreesClassifier(n_estimators=20, max_depth=8, random_state=6),
         cancer_X, cancer_labels),
        ("diabetes_extra_trees", "forest", ExtraTreesRegressor(n_estimators=20, random_state=7),
         diabetes_X, diabetes_y),
        ("diabetes_ridge", "linear", Ridge(alpha=0.5), diabetes_X, diabetes_y),
        ("diabetes_lasso", "linear", Lasso(alpha=0.05), diabetes_X, diabetes_y),
        ("diabetes_elastic_net", "linear", ElasticNet(alpha=0.01, l1_ratio=0.3), diabetes_X, diabetes_y),
        ("regression_ridge", "linear", Ridge(alpha=2.0), reg_X, reg_y),
        ("iris_sgd", "linear", SGDClassifier(loss="log_loss", random_state=8), iris_X, iris_y),
        ("iris_binary_sgd", "linear", SGDClassifier(loss="log_loss", random_state=9),
         iris_X[50:], np.where(iris_y[50:] == 2, "virginica", "versicolor")),
        ("iris_pipeline_logistic", "linear", make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
         iris_X, iris_y),
        ("cancer_pipeline_sgd", "linear",
         Pipeline([("scale", StandardScaler()), ("sgd", SGDClassifier(loss="log_loss", random_state=10))]),
         cancer_X, cancer_labels),
        ("diabetes_pipeline_linear", "linear", make_pipeline(StandardScaler(), LinearRegression()),
         diabetes_X, diabetes_y),
        ("regression_pipeline_ridge", "linear", make_pipeline(StandardScaler(with_mean=False), Ridge()),
         reg_X * 40.0 + 900.0, reg_y),
        ("iris_grid_forest", "forest",
         GridSearchCV(RandomForestClassifier(n_estimators=10, random_state=11), {"max_depth": [2, None]}, cv=3),
         iris_X, iris_y),
        ("iris_grid_pipeline", "linear",
         GridSearchCV(make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)),
                      {"logisticregression__C": [0.1, 1.0]}, cv=3), iris_X, iris_y),
        ("diabetes_random_search", "linear",
         RandomizedSearchCV(Lasso(), {"alpha": [0.01, 0.1, 1.0]}, n_iter=2, cv=3, random_state=12),
         diabetes_X, diabetes_y),
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


def refusals(outdir):
    """Pickles the tool must refuse in one sentence (exit status 1), or convert with a note (0)."""
    import pickle
    import zlib

    import sklearn

    warnings.simplefilter("ignore")
    iris_X, iris_y = load_iris(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(iris_X, iris_y)
    major, minor = (int(v) for v in sklearn.__version__.split(".")[:2])
    installed = sklearn.__version__.encode()
    newer, older = "%d.%d.0" % (major, minor + 3), "%d.%d.0" % (major, minor - 1) if minor else "0.24.2"
    numpy_version = np.__version__
    # Protocol 0 is text: a version string of another length, or a module renamed as numpy 2
    # names it, keeps the pickle well-formed.
    text_pickle = pickle.dumps(forest, protocol=0)
    newer_pickle = text_pickle.replace(b"V" + installed + b"\n", b"V" + newer.encode() + b"\n")
    grid_no_refit = GridSearchCV(LogisticRegression(max_iter=500), {"C": [0.5, 1.0]}, cv=3, refit=False)
    cases = [
        ("garbage.pkl", bytes(range(32, 128)) * 4, 1, "it is not a pickle file, or it is damaged: the byte 0x20 is not a pickle opcode."),
        ("truncated.pkl", pickle.dumps(forest)[:3000], 1, "it is not a pickle file, or it is truncated"),
        ("empty.pkl", b"", 1, "the file is empty"),
        ("model.bin.pkl", open(os.path.join(HERE, "..", "..", "model.bin"), "rb").read(), 1,
         "it is a glassbox model file already"),
        ("dict.pkl", pickle.dumps({"weights": [1.0, 2.0]}), 1, "it holds a dict, not a scikit-learn estimator"),
        ("newer_sklearn.pkl", newer_pickle, 1,
         "written by scikit-learn %s, newer than the scikit-learn %s installed here" % (newer, sklearn.__version__)),
        # joblib.dump(..., compress=3) writes a zlib stream: the version is read inside it.
        ("newer_compressed.pkl", zlib.compress(newer_pickle), 1,
         "written by scikit-learn %s, newer than the scikit-learn %s installed here" % (newer, sklearn.__version__)),
        ("numpy2.pkl", text_pickle.replace(b"numpy.core.multiarray", b"numpy._core.multiarray"), 1,
         "written with numpy 2 (it names the module numpy._core), which numpy %s installed here" % numpy_version),
        ("newer_module.pkl", b"csklearn.ensemble._newer_forest\nForest\n.", 1,
         "needs the module sklearn.ensemble._newer_forest, which the scikit-learn %s installed" % sklearn.__version__),
        ("older_sklearn.pkl", text_pickle.replace(b"V" + installed + b"\n", b"V" + older.encode() + b"\n"), 0,
         "note: %s: it was written by scikit-learn %s and is read with %s" % ("older_sklearn.pkl", older,
                                                                            sklearn.__version__)),
        ("unfitted_forest.pkl", pickle.dumps(RandomForestClassifier()), 1,
         "this RandomForestClassifier has not been fitted"),
        ("unfitted_search.pkl", pickle.dumps(GridSearchCV(Ridge(), {"alpha": [1.0]})), 1,
         "this GridSearchCV has not been fitted"),
        ("no_refit_search.pkl", pickle.dumps(grid_no_refit.fit(iris_X, iris_y)), 1,
         "this GridSearchCV was fitted with refit=False, so it keeps no best_estimator_"),
        ("minmax_pipeline.pkl", pickle.dumps(make_pipeline(MinMaxScaler(), LogisticRegression()).fit(iris_X, iris_y)),
         1, "the pipeline step 'minmaxscaler' is a MinMaxScaler"),
        ("scaled_forest.pkl", pickle.dumps(make_pipeline(StandardScaler(), forest).fit(iris_X, iris_y)), 1,
         "the pipeline step 'standardscaler' (StandardScaler) comes before a RandomForestClassifier"),
        ("hinge_sgd.pkl", pickle.dumps(SGDClassifier(random_state=0).fit(iris_X, iris_y)), 1,
         "this SGDClassifier was trained with loss='hinge'"),
        ("svc.pkl", pickle.dumps(SVC().fit(iris_X, iris_y)), 1, "it holds an SVC, which this tool does not convert"),
        ("two_targets.pkl", pickle.dumps(Ridge().fit(iris_X[:, :2], iris_X[:, 2:])), 1,
         "this Ridge predicts 2 targets at once"),
    ]
    lines = ""
    for name, data, status, text in cases:
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        lines += "%s\t%d\t%s\n" % (name, status, text)
    lines += "no_such_file.pkl\t1\tit cannot be read (No such file or directory).\n"
    with open(os.path.join(outdir, "refusals.txt"), "w") as f:
        f.write(lines)
    return 0


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "refusals":
        os.makedirs(sys.argv[2], exist_ok=True)
        sys.exit(refusals(sys.argv[2]))
    if len(sys.argv) != 2:
        print("usage: sklearn_parity.py [refusals] OUTDIR")
        sys.exit(2)
    os.makedirs(sys.argv[1], exist_ok=True)
    sys.exit(main(sys.argv[1]))

#!/usr/bin/python3
"""tests/exchange/pickle_files.py DIR: pickles and joblib files for inspect_formats_test.cpp.

Course topic: the files a student actually saves: a scikit-learn forest written by
pickle.dump (protocols 0, 2 and 5) and by joblib.dump (plain, with string labels, which
joblib stores as a nested pickle when they are Python objects, and compressed).
Runs with /usr/bin/python3 and Debian's python3-sklearn and python3-joblib.
"""
import pickle
import sys

import joblib
import numpy as np
from sklearn.datasets import load_iris
from sklearn.ensemble import RandomForestClassifier

out = sys.argv[1]
X, y = load_iris(return_X_y=True)
forest = RandomForestClassifier(n_estimators=3, max_depth=3, random_state=0).fit(X, y)
for protocol in (0, 2, 5):
    with open("%s/forest_p%d.pkl" % (out, protocol), "wb") as f:
        pickle.dump(forest, f, protocol=protocol)
joblib.dump(forest, out + "/forest.joblib")
names = np.array(["setosa", "versicolor", "virginica"], dtype=object)[y]
labelled = RandomForestClassifier(n_estimators=2, max_depth=2, random_state=0).fit(X, names)
joblib.dump(labelled, out + "/labelled.joblib")
joblib.dump(forest, out + "/forest_zlib.joblib", compress=3)
joblib.dump(forest, out + "/forest_xz.joblib", compress=("xz", 3))
with open(out + "/versions.txt", "w") as f:
    import sklearn

    f.write(sklearn.__version__ + "\n")

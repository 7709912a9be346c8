"""bench/flask_peer.py: the Flask + scikit-learn peer, served by gunicorn (2 workers).

Course topic: the deployment most courses teach: a joblib pickle loaded at import, a Flask
route calling model.predict_proba. Same JSON contract as glassbox for the two benchmarked
routes: GET /health and POST /models/<name>/predictions with {"features": [[...], ...]}.

Try: BENCH_MODEL=/tmp/iris.joblib gunicorn -w 2 -b 127.0.0.1:8002 --chdir bench flask_peer:app
"""
import os

import joblib
import numpy as np
from flask import Flask, jsonify, request

app = Flask(__name__)
model = joblib.load(os.environ["BENCH_MODEL"])
MODEL_NAME = os.environ.get("BENCH_MODEL_NAME", "iris")
classes = [str(c) for c in model.classes_]


def problem(status, title, detail):
    body = jsonify(type="about:blank", title=title, status=status, detail=detail)
    body.status_code = status
    body.content_type = "application/problem+json"
    return body


@app.get("/health")
def health():
    return jsonify(status="ok")


@app.post("/models/<name>/predictions")
def predictions(name):
    if name != MODEL_NAME:
        return problem(404, "Not Found", "There is no model named %r." % name)
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or "features" not in body:
        return problem(400, "Bad Request", 'The body must be {"features": [[...], ...]}.')
    features = body["features"]
    if features and not isinstance(features[0], list):
        features = [features]
    try:
        X = np.asarray(features, dtype=np.float64)
    except (TypeError, ValueError):
        return problem(422, "Unprocessable Content", "Every feature must be a number.")
    if X.ndim != 2 or X.shape[1] != model.n_features_in_ or not np.isfinite(X).all():
        return problem(422, "Unprocessable Content", "Each row must hold %d finite numbers." % model.n_features_in_)
    proba = model.predict_proba(X)
    labels = [classes[i] for i in proba.argmax(axis=1)]
    return jsonify(model=MODEL_NAME, predictions=labels, probabilities=proba.tolist())

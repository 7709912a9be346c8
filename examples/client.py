#!/usr/bin/env python3
# examples/client.py: a glassbox client in Python, standard library only.
# Course topic: serving predict: what a caller of the model's REST API writes.
# With the `requests` package the same calls would be requests.get(url).json() and
# requests.post(url, json=body); urllib is what ships with Python.
# Try: python3 examples/client.py http://127.0.0.1:8000
import json
import sys
import urllib.error
import urllib.request


def call(method, url, body=None):
    """Sends one request; returns (status, parsed JSON body). Error statuses are answers too."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        # 4xx and 5xx raise, but their body is an application/problem+json explanation.
        return error.code, json.load(error)


def main():
    base = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"

    status, health = call("GET", base + "/health")
    print("GET /health ->", status, health["status"])

    status, listing = call("GET", base + "/models")
    for model in listing["models"]:
        print("model", model["name"] + ":", model["kind"] + ",", "features", ", ".join(model["features"]))

    rows = [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]
    status, answer = call("POST", base + "/models/iris/predictions", {"features": rows})
    print("POST /models/iris/predictions ->", status)
    for row, label, probabilities in zip(rows, answer["predictions"], answer["probabilities"]):
        print(" ", row, "->", label, "(p = %.2f)" % max(probabilities))

    status, problem = call("POST", base + "/models/iris/predictions", {"features": [[1, 2]]})
    print("a row of 2 numbers ->", status, problem["title"] + ":", problem["detail"])


if __name__ == "__main__":
    main()

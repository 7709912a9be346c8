#!/bin/sh
# examples/curl.sh: the whole glassbox API, one curl command per resource and method.
# Course topic: REST: each resource, each method, and the errors a client meets.
# Usage: sh examples/curl.sh [BASE-URL]   (default http://127.0.0.1:8000; start
# `glassbox serve` first). Prints each command, then the status and body it got.
# Changes nothing on disk: PUT and DELETE act on the server's memory only.
set -eu
base=${1:-http://127.0.0.1:8000}
cd "$(dirname "$0")/.."

# Prints the request, then "-> STATUS" and the body (curl -w appends the status).
show() {
    printf '$ curl'
    for arg in "$@"; do
        case $arg in
        *[!A-Za-z0-9_./:@=-]*) printf " '%s'" "$arg" ;;
        *) printf ' %s' "$arg" ;;
        esac
    done
    echo
    curl -s -w '\n-> %{http_code}\n' "$@"
    echo
}

echo "# The index and the process's health"
show "$base/"
show "$base/health"

echo "# The models: the collection, one model, an unknown one"
show "$base/models"
show "$base/models/iris"
show "$base/models/nothing"

echo "# Predictions: one row, two rows, a flat single row"
show --json '{"features": [[5.1, 3.5, 1.4, 0.2]]}' "$base/models/iris/predictions"
show --json '{"features": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}' "$base/models/iris/predictions"
show --json '{"features": [6.0, 2.9, 4.5, 1.5]}' "$base/models/iris/predictions"

echo "# Prediction errors: not JSON (415), malformed JSON (400), wrong shape (422)"
show -d 'features=1,2,3,4' "$base/models/iris/predictions"
show --json '{"features": [[5.1, 3.5' "$base/models/iris/predictions"
show --json '{"features": [[5.1, 3.5]]}' "$base/models/iris/predictions"

echo "# Methods: 405 with Allow for a method the resource lacks, 501 for an unknown one"
show -X DELETE "$base/models/iris/predictions"
show -X BREW "$base/models"

echo "# A model's life: PUT a new one (201), replace it (200), use it, DELETE it (204)"
# glassbox on PATH if it is there, else the one scripts/serve.sh built.
glassbox=${GLASSBOX:-$(command -v glassbox || echo build/release/glassbox)}
"$glassbox" train --data examples/data/iris.csv --target species --kind logistic \
    -o /tmp/glassbox-curl-example.bin >/dev/null
show -X PUT --data-binary @/tmp/glassbox-curl-example.bin -H 'Content-Type: application/octet-stream' \
    "$base/models/flowers"
show -X PUT --data-binary @/tmp/glassbox-curl-example.bin -H 'Content-Type: application/octet-stream' \
    "$base/models/flowers"
show --json '{"features": [[5.9, 3.0, 5.1, 1.8]]}' "$base/models/flowers/predictions"
show -X DELETE "$base/models/flowers"
show "$base/models/flowers"

echo "# Watching the service: drift of the live inputs, and Prometheus metrics"
show "$base/models/iris/drift"
echo "\$ curl $base/metrics | grep ^glassbox_http_requests_total"
curl -s "$base/metrics" | grep '^glassbox_http_requests_total'
rm -f /tmp/glassbox-curl-example.bin

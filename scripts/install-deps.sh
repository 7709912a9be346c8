#!/bin/sh
# scripts/install-deps.sh: install the Debian 12 packages glassbox needs, only those missing.
# Usage: sh scripts/install-deps.sh build|test
# build: compiler, CMake, Ninja, Asio, nlohmann/json.
# test:  also Catch2, curl, netcat, Python 3 with scikit-learn (the import tool's parity
#        tests), clang-format (the layout check), clang 14 with libFuzzer (the fuzz targets),
#        python3-onnx (onnx.checker on exported files), xmllint, and Node.js with npm, then
#        onnxruntime-node from npm (--ignore-scripts: the package ships its CPU build) into
#        GLASSBOX_NPM_DIR (default ~/.cache/glassbox/npm) for the ONNX Runtime parity test;
#        nginx-light and wrk for deploy/loopback-cluster.sh (nginx in front of 3 instances).
set -eu
# The onnxruntime-node release the ONNX parity test was checked against.
onnxruntime_node=1.30.0
packages="g++ cmake ninja-build libasio-dev nlohmann-json3-dev"
if [ "${1:-build}" = test ]; then
    packages="$packages catch2 curl netcat-openbsd python3 python3-sklearn python3-joblib clang-format clang-14 libclang-rt-14-dev python3-onnx libxml2-utils nginx-light wrk"
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# node and npm are looked for as commands: a NodeSource nodejs (which bundles npm) serves as well.
if [ "${1:-build}" = test ]; then
    command -v node >/dev/null 2>&1 || missing="$missing nodejs"
    command -v npm >/dev/null 2>&1 || missing="$missing npm"
fi
if [ -n "$missing" ]; then
    echo "installing:$missing"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing
fi
if [ "${1:-build}" = test ]; then
    npm_dir=${GLASSBOX_NPM_DIR:-$HOME/.cache/glassbox/npm}
    if [ ! -d "$npm_dir/node_modules/onnxruntime-node" ]; then
        echo "installing: onnxruntime-node $onnxruntime_node into $npm_dir"
        mkdir -p "$npm_dir"
        (cd "$npm_dir" && npm install --ignore-scripts --no-audit --no-fund --silent "onnxruntime-node@$onnxruntime_node")
    fi
fi

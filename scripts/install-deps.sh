#!/bin/sh
# scripts/install-deps.sh: install the Debian 12 packages glassbox needs, only those missing.
# Usage: sh scripts/install-deps.sh build|serve|test
# build: compiler, CMake, Ninja, Asio, nlohmann/json.
# serve: also the clients the course's pages type (curl, nc from netcat-openbsd, telnet).
# test:  also Catch2, curl, netcat, Python 3 with scikit-learn (the import tool's parity
#        tests), clang-format (the layout check), clang 14 with libFuzzer (the fuzz targets),
#        python3-onnx (onnx.checker on exported files), xmllint, tcpdump (the TCP handshake
#        beside the trace, docs page 2), and Node.js with npm, then
#        onnxruntime-node from npm (--ignore-scripts: the package ships its CPU build) into
#        GLASSBOX_NPM_DIR (default ~/.cache/glassbox/npm) for the ONNX Runtime parity test;
#        chromium and playwright-core (npm, --ignore-scripts: it downloads no browser then;
#        the tests drive Debian's /usr/bin/chromium) for the browser page's tests.
#        nginx-light and wrk for deploy/loopback-cluster.sh (nginx in front of 3 instances).
#        python3-flask: Flask's development server beside glassbox (docs page 6);
#        python3-djangorestframework: examples/users_drf.py beside users_server (docs page 4).
set -eu
# The onnxruntime-node release the ONNX parity test was checked against.
onnxruntime_node=1.30.0
# The playwright-core release the browser tests (tests/browser/) were checked against.
playwright_core=1.65.1
packages="g++ cmake ninja-build libasio-dev nlohmann-json3-dev"
if [ "${1:-build}" = serve ]; then
    packages="$packages curl netcat-openbsd telnet"
fi
if [ "${1:-build}" = test ]; then
    packages="$packages catch2 curl netcat-openbsd python3 python3-sklearn python3-joblib clang-format clang-14 libclang-rt-14-dev python3-onnx libxml2-utils chromium tcpdump nginx-light wrk python3-flask python3-djangorestframework"
    # tests/deploy/: prometheus (with promtool), systemd (systemd-analyze verify and security),
    # python3-yaml (the Kubernetes manifests). The packaged prometheus starts a service on
    # :9090 where systemd runs; the tests give theirs a port of their own.
    packages="$packages prometheus systemd python3-yaml"
    # docs/tree0.svg: Graphviz's dot draws 'glassbox inspect --tree 0 --format dot' (tools/tree_svg.sh).
    packages="$packages graphviz"
    # tests/api/walk_test.cpp: tools/reference_walk.sh counts one prediction's files under callgrind.
    packages="$packages valgrind"
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
    # npm_package NAME VERSION: installs NAME@VERSION into $npm_dir unless it is there.
    npm_package() {
        [ -d "$npm_dir/node_modules/$1" ] && return 0
        echo "installing: $1 $2 into $npm_dir"
        mkdir -p "$npm_dir"
        (cd "$npm_dir" && npm install --ignore-scripts --no-audit --no-fund --silent "$1@$2")
    }
    npm_package onnxruntime-node "$onnxruntime_node"
    npm_package playwright-core "$playwright_core"
fi

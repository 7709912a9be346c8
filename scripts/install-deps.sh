#!/bin/sh
# scripts/install-deps.sh: install the Debian 12 packages glassbox needs, only those missing.
# Usage: sh scripts/install-deps.sh build|test
# build: compiler, CMake, Ninja, Asio, nlohmann/json.
# test:  also Catch2, curl, netcat, Python 3 with scikit-learn (the import tool's parity
#        tests), clang-format (the layout check), clang 14 with libFuzzer (the fuzz targets).
set -eu
packages="g++ cmake ninja-build libasio-dev nlohmann-json3-dev"
if [ "${1:-build}" = test ]; then
    packages="$packages catch2 curl netcat-openbsd python3 python3-sklearn python3-joblib clang-format clang-14 libclang-rt-14-dev"
fi
missing=""
for p in $packages; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing

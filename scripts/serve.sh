#!/bin/sh
# scripts/serve.sh: install what is missing, build glassbox (Release), serve model.bin
# on http://127.0.0.1:8000. Extra arguments go to 'glassbox serve' (try --trace).
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh build
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLASSBOX_TESTS=OFF >/dev/null
cmake --build build/release
exec ./build/release/glassbox serve "$@"

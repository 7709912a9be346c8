#!/bin/sh
# scripts/serve.sh: install what is missing (the build tools and the clients the pages use:
# curl, nc, telnet), build glassbox (Release), serve model.bin on http://127.0.0.1:8000.
# Extra arguments go to 'glassbox serve' (try --trace). The pages call glassbox and
# users_server by name, as tests/docs runs them: with build/release first on PATH.
set -eu
cd "$(dirname "$0")/.."
sh scripts/install-deps.sh serve
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release -DGLASSBOX_TESTS=OFF >/dev/null
cmake --build build/release
echo "glassbox and users_server are in $PWD/build/release; in another terminal, before the"
echo "course's commands: export PATH=\"$PWD/build/release:\$PATH\""
exec ./build/release/glassbox serve "$@"

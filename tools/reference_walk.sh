#!/bin/sh
# tools/reference_walk.sh: which source files one prediction runs through, counted, not guessed.
# Course topic: how much code sits between a socket and model.predict(X). Runs
# 'glassbox serve --engine reference' under valgrind's callgrind, zeroes the counters once the
# server is up, sends one POST /models/iris/predictions, and lists every file under src/ whose
# code ran for it (issue 14 asks that a reader following it opens at most a dozen).
# Usage: sh tools/reference_walk.sh GLASSBOX [reference|fast]   (GLASSBOX built with -g, e.g.
#        build/test/glassbox; needs valgrind and curl). Prints "N files" and then the files.
set -eu
cd "$(dirname "$0")/.."
glassbox=$(realpath "$1")
engine=${2:-reference}
command -v valgrind >/dev/null || { echo "tools/reference_walk.sh: valgrind is not installed (apt-get install valgrind)." >&2; exit 1; }
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$glassbox" serve --port "$port" --threads 1 \
    --engine "$engine" --quiet --model iris=model.bin >"$work/log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
for i in $(seq 200); do curl -s -o /dev/null "http://127.0.0.1:$port/health" && break; sleep 0.2; done
callgrind_control -z "$pid" >/dev/null 2>&1
curl -s -o /dev/null --json '{"features": [[6.7, 3.0, 5.2, 2.3]]}' "http://127.0.0.1:$port/models/iris/predictions"
sleep 0.5
callgrind_control -d "$pid" >/dev/null 2>&1
sleep 0.5
# The dump after zeroing holds that one exchange only; keep the files under src/.
callgrind_annotate --inclusive=no --threshold=100 "$work"/cg.out.* 2>/dev/null |
    grep -o 'src/[a-z_/]*\.cpp' | sort -u >"$work/files"
echo "$(wc -l <"$work/files") files under src/ ran code for one POST /models/iris/predictions (--engine $engine):"
cat "$work/files"

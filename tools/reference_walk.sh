#!/bin/sh
# tools/reference_walk.sh: which source files one prediction runs through, counted, not guessed.
# Course topic: how much code sits between a socket and model.predict(X). Runs
# 'glassbox serve --engine reference' under valgrind's callgrind, zeroes the counters once the
# server is up, sends one POST /models/iris/predictions, and lists every file under src/ whose
# code ran for it (issue 14 asks that a reader following it opens at most a dozen).
# Usage: sh tools/reference_walk.sh GLASSBOX [reference|fast]   (GLASSBOX built with -g, e.g.
#        build/test/glassbox; needs valgrind and curl). Prints "N files" and then the files.
set -eu
glassbox=$(realpath "$1")
engine=${2:-reference}
cd "$(dirname "$0")/.."
. bench/common.sh
serve_callgrind "$glassbox" --engine "$engine" --model iris=model.bin
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

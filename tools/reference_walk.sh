#!/bin/sh
# tools/reference_walk.sh: which source files one prediction runs through, counted, not guessed.
# Course topic: how much code sits between a socket and model.predict(X). Runs
# 'glassbox serve --engine reference' under valgrind's callgrind, zeroes the counters once the
# server is up, sends one POST /models/iris/predictions, and lists every .cpp file under src/
# whose code ran for it from net/connection.cpp on: the functions net::Connection's own call,
# at any depth (tools/callgrind_walk.py), not main, the event loop or the accept loop that led
# there. Issue 14 asks that a reader following it opens at most a dozen; tests/api/walk_test.cpp
# holds it there.
# Usage: sh tools/reference_walk.sh GLASSBOX [reference|fast] [functions]   (GLASSBOX built
#        with -g, e.g. build/test/glassbox; needs valgrind and curl). Prints "N files ..." and
#        the files; with "functions", each file's functions that ran too.
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
# The dump after zeroing holds that one exchange only.
python3 tools/callgrind_walk.py "$(ls "$work"/cg.out.* | head -1)" glassbox::net::Connection:: >"$work/walk"
cut -f1 "$work/walk" | sort -u >"$work/files"
echo "$(wc -l <"$work/files") files under src/ ran code for one POST /models/iris/predictions," \
    "from net/connection.cpp on (--engine $engine):"
if [ "${3:-}" = functions ]; then
    # "FILE<TAB>glassbox::http::RequestParser::feed(std::...)" → "FILE  RequestParser::feed"
    sed -e 's/(anonymous namespace):://g' -e 's/\[abi:cxx11\]//g' -e 's/\tstd::_Function_handler.*/\ta lambda, called through std::function/' \
        -e 's/(.*//' -e 's/\tglassbox::[a-z]*::/\t/' "$work/walk" | awk -F'\t' '
        $1 != file { file = $1; print file }
        { print "    " $2 }' | uniq
else
    cat "$work/files"
fi

#!/bin/sh
# bench/instructions.sh: instructions per request of two glassbox builds, counted by callgrind.
# Course topic: a measure the neighbours cannot disturb. On a shared 2-core VM requests/s move
# 30-50% between minutes (bench/compare.sh alternates to cope); the number of instructions the
# server executes for a request does not depend on the load at all. Each binary serves under
# valgrind's callgrind; after a warm-up the counters are zeroed, a fixed number of requests is
# sent on one keep-alive connection (Python's http.client), and the total is divided by it.
# Usage: sh bench/instructions.sh OLD_GLASSBOX NEW_GLASSBOX [ENGINE]   (ENGINE: reference runs
#        NEW with --engine reference; the default runs both as shipped, so OLD may predate
#        --engine). Env: BENCH_REQUESTS (200). Run it with the same binary twice to see its noise.
# Needs valgrind (apt-get install valgrind). Uses the shipped model.bin (the 100-tree iris forest);
# the server under callgrind is bench/common.sh's serve_callgrind.
set -eu
[ $# -ge 2 ] || { echo "usage: sh bench/instructions.sh OLD_GLASSBOX NEW_GLASSBOX [ENGINE]" >&2; exit 2; }
old=$(realpath "$1") new=$(realpath "$2") engine=${3:-fast}
new_args=""
[ "$engine" = fast ] || new_args="--engine $engine"
requests=${BENCH_REQUESTS:-200}
cd "$(dirname "$0")/.."
. bench/common.sh

# count BINARY SCENARIO [ARGS...]: instructions per request of SCENARIO (health, predict_1, predict_100).
count() {
    binary=$1 scenario=$2
    shift 2
    serve_callgrind "$binary" "$@"
    python3 - "$port" "$scenario" "$requests" "$pid" <<'PY'
import http.client, json, subprocess, sys
port, scenario, n, pid = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
rows = {"predict_1": 1, "predict_100": 100}.get(scenario, 0)
body = json.dumps({"features": [[5.1 + (r % 7) / 10, 3.5, 1.4 + (r % 5) / 10, 0.2] for r in range(rows)]})
c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
def one():
    if rows:
        c.request("POST", "/models/iris/predictions", body, {"Content-Type": "application/json"})
    else:
        c.request("GET", "/health")
    r = c.getresponse(); r.read()
    assert r.status == 200, r.status
for _ in range(20): one()                     # warm-up: caches, allocator, branch history
subprocess.run(["callgrind_control", "-z", pid], capture_output=True, check=True)
for _ in range(n): one()
subprocess.run(["callgrind_control", "-d", pid], capture_output=True, check=True)
PY
    stop_server
    total=$(callgrind_annotate "$work"/cg.out.* 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }')
    echo $((total / requests))
}

echo "instructions per request, callgrind, $requests requests on one connection, --threads 1; NEW: --engine $engine"
printf '%-12s %12s %12s %8s\n' scenario old new new/old
for scenario in health predict_1 predict_100; do
    a=$(count "$old" "$scenario")
    # shellcheck disable=SC2086 # $new_args is empty or two words, split on purpose
    b=$(count "$new" "$scenario" $new_args)
    printf '%-12s %12d %12d %8s\n' "$scenario" "$a" "$b" "$(python3 -c "print(f'{$b / $a:.3f}')")"
done

#!/bin/sh
# bench/run.sh: glassbox against its peers, side by side, in one run; prints one table.
# Course topic: measuring a server honestly: same machine, same model, same JSON contract,
# same load generator (wrk, one thread, on loopback), ratios from the same run.
# Peers: nginx (fixed reply, 1 worker), Flask + scikit-learn under gunicorn (2 workers),
# cpp-httplib + nlohmann/json (bench/httplib_peer.cpp). glassbox runs twice: --threads 1 (like
# nginx's one worker) and as shipped, one thread per core (like Flask's two workers).
# The model alone: glassbox's predict, ONNX Runtime (onnxruntime-node, on the same forest
# exported to ONNX) and scikit-learn, per row, one thread each. bench/scaling.sh: bigger forests.
# Env: BENCH_SECONDS (5), BENCH_CONNECTIONS (32).
set -eu
cd "$(dirname "$0")/.."
seconds=${BENCH_SECONDS:-5}
connections=${BENCH_CONNECTIONS:-32}
port_glassbox=18001 port_nginx=18002 port_flask=18003 port_httplib=18004 port_glassbox1=18005

. bench/common.sh

# Everything the benchmark needs, from Debian's archive, installed only when missing.
for pair in flask:python3-flask sklearn:python3-sklearn joblib:python3-joblib numpy:python3-numpy; do
  /usr/bin/python3 -c "import ${pair%%:*}" 2>/dev/null || need="$need ${pair#*:}"
done
[ -e /usr/include/httplib.h ] || need="$need libcpp-httplib-dev"
[ -e /usr/include/benchmark/benchmark.h ] || need="$need libbenchmark-dev"
[ -e /usr/include/nlohmann/json.hpp ] || need="$need nlohmann-json3-dev"
[ -e /usr/include/asio.hpp ] || need="$need libasio-dev"
install_missing wrk:wrk nginx:nginx-light gunicorn:gunicorn cmake:cmake ninja:ninja-build curl:curl
# ONNX Runtime: onnxruntime-node from npm, where the test dependencies put it.
npm_dir=${GLASSBOX_NPM_DIR:-$HOME/.cache/glassbox/npm}
[ -d "$npm_dir/node_modules/onnxruntime-node" ] || sh scripts/install-deps.sh test
build_release

# The one forest every server uses (bench/common.sh): $work/iris.joblib and $work/iris.bin.
iris_forest

# nginx: one worker, a fixed answer, no logs, everything in $work; in the foreground.
mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body;
  proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi;
  uwsgi_temp_path $work/nginx/uwsgi;
  scgi_temp_path $work/nginx/scgi;
  server {
    listen 127.0.0.1:$port_nginx;
    location = /health { default_type application/json; return 200 '{"status":"ok"}'; }
  }
}
CONF

build/bench/glassbox/glassbox serve --port "$port_glassbox" --quiet --model iris="$work/iris.bin" >"$work/glassbox.log" 2>&1 &
pid_glassbox=$!
pids="$pids $pid_glassbox"
# The same server on one thread, for GET /health against nginx's one worker: like for like.
build/bench/glassbox/glassbox serve --port "$port_glassbox1" --threads 1 --quiet --model iris="$work/iris.bin" \
  >"$work/glassbox1.log" 2>&1 &
pid_glassbox1=$!
pids="$pids $pid_glassbox1"
nginx -e "$work/nginx/error.log" -p "$work/nginx" -c "$work/nginx/nginx.conf" &
pid_nginx=$!
pids="$pids $pid_nginx"
BENCH_MODEL="$work/iris.joblib" gunicorn --workers 2 --bind "127.0.0.1:$port_flask" --chdir bench \
  --log-level warning flask_peer:app >"$work/gunicorn.log" 2>&1 &
pid_flask=$!
pids="$pids $pid_flask"
build/bench/httplib_peer "$work/iris.bin" "$port_httplib" $((connections + 8)) >"$work/httplib.log" 2>&1 &
pid_httplib=$!
pids="$pids $pid_httplib"

for port in $port_glassbox $port_glassbox1 $port_nginx $port_flask $port_httplib; do wait_ready "$port"; done

# rss_kb PID...: the largest VmRSS (KiB) among these processes.
rss_kb() {
  max=0
  for p in "$@"; do
    kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$p/status" 2>/dev/null || echo 0)
    [ "${kb:-0}" -gt "$max" ] && max=$kb
  done
  echo "$max"
}

# The process whose memory counts: the server itself, a gunicorn or nginx worker.
serving_pids() {
  case $1 in
    glassbox) echo "$pid_glassbox" ;;
    glassbox1) echo "$pid_glassbox1" ;;
    httplib) echo "$pid_httplib" ;;
    nginx) pgrep -P "$pid_nginx" | tr '\n' ' ' ;;
    flask) pgrep -P "$pid_flask" | tr '\n' ' ' ;;
  esac
}

hz=$(getconf CLK_TCK)
export BENCH_HZ="$hz" # request.lua reports wrk's own CPU share with it

# wait_idle PID...: until these processes use under 4% of a core (at most 60 s). When wrk
# stops, a server may still be working through queued requests (Flask: 32 requests of 10,000
# rows take it ~16 s); that CPU would be taken from the next server measured.
wait_idle() {
  i=0
  while [ $i -lt 120 ]; do
    before=$(cpu_ticks "$@")
    sleep 0.5
    [ $(($(cpu_ticks "$@") - before)) -le $((hz / 50)) ] && return 0
    i=$((i + 1))
  done
}

port_of() { eval echo "\$port_$1"; }

# run_wrk PORT ROWS CLOSE [SECONDS]: wrk with one thread against 127.0.0.1:PORT; output to $work/wrk.out.
run_wrk() {
  if [ "$3" = yes ]; then
    BENCH_ROWS=$2 wrk --threads 1 --connections "$connections" --duration "${4:-$seconds}s" --timeout 30s \
      --script bench/request.lua --header "Connection: close" "http://127.0.0.1:$1" >"$work/wrk.out" 2>&1
  else
    BENCH_ROWS=$2 wrk --threads 1 --connections "$connections" --duration "${4:-$seconds}s" --timeout 30s \
      --script bench/request.lua "http://127.0.0.1:$1" >"$work/wrk.out" 2>&1
  fi
}

# measure WORKLOAD ROWS CLOSE SERVER...: one wrk run per server; appends to results.tsv the
# workload, server, requests/s, p50 and p99 (µs), non-2xx, socket errors, requests, wrk's CPU
# (% of one core), RSS (KiB), and the CPU time (ms) the server used during the run (to tell
# cost per request from scheduling).
measure() {
  workload=$1 rows=$2 close=$3
  shift 3
  for server in "$@"; do
    # Warm-up, not recorded: the first seconds of a fresh server (connections, caches, lazy
    # page faults) are not its steady state, and the first workload would pay for them.
    run_wrk "$(port_of "$server")" "$rows" "$close" 1 || true
    ticks_before=$(cpu_ticks $(serving_pids "$server"))
    run_wrk "$(port_of "$server")" "$rows" "$close" &
    wrk_pid=$!
    pids="$pids $wrk_pid"
    sleep $((seconds / 2 + 1))
    rss=$(rss_kb $(serving_pids "$server"))
    wait "$wrk_pid" || { cat "$work/wrk.out" >&2; exit 1; }
    cpu_ms=$((($(cpu_ticks $(serving_pids "$server")) - ticks_before) * 1000 / hz))
    line=$(grep '^RESULT' "$work/wrk.out" || echo "RESULT 0 0 0 0 0 0 0")
    printf '%s\t%s\t%s\t%s\t%s\n' "$workload" "$server" "$(echo "$line" | cut -d' ' -f2- | tr ' ' '\t')" "$rss" "$cpu_ms" \
      >>"$work/results.tsv"
    echo "bench: $workload on $server: $line rss_kb=$rss cpu_ms=$cpu_ms" >&2
    wait_idle $(serving_pids "$server")
  done
}

: >"$work/results.tsv"
measure health 0 no glassbox glassbox1 nginx flask httplib
measure predict_1 1 no glassbox glassbox1 flask httplib
measure predict_1_close 1 yes glassbox glassbox1 flask httplib
measure predict_100 100 no glassbox glassbox1 flask httplib
measure predict_10000 10000 no glassbox glassbox1 flask httplib

# Micro-benchmarks, and scikit-learn's batch predict on the same model and rows, with every
# server stopped: nothing else runs on the machine while they are timed.
for pid in $pids; do kill "$pid" 2>/dev/null || true; done
for pid in $pids; do wait "$pid" 2>/dev/null || true; done
pids=""
BENCH_MODEL="$work/iris.bin" BENCH_DATA="$iris" build/bench/micro --benchmark_format=json \
  --benchmark_min_time=0.2 --benchmark_repetitions=5 >"$work/micro.json" 2>/dev/null
/usr/bin/python3 bench/sklearn_predict.py "$work/iris.joblib" "$iris" >"$work/sklearn.txt"
# The same forest in ONNX Runtime: glassbox writes the ONNX file, onnxruntime-node runs it.
build/bench/glassbox/glassbox export "$work/iris.bin" --format onnx -o "$work/iris.onnx" >/dev/null
GLASSBOX_NPM_DIR="$npm_dir" node bench/onnx_predict.js "$work/iris.onnx" "$iris" 4 >"$work/onnx.txt"

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
  "wrk ${seconds}s per run, 1 thread, $connections connections"
echo "packages: $(dpkg-query -W -f='${Package} ${Version}; ' wrk nginx-light gunicorn python3-flask \
  python3-sklearn python3-joblib libcpp-httplib-dev nlohmann-json3-dev libasio-dev libbenchmark-dev g++-12 2>/dev/null)" \
  "node $(node --version); onnxruntime-node $(node -p "require('$npm_dir/node_modules/onnxruntime-node/package.json').version")"
echo "load when the model timings ended: $(uptime | sed 's/.*load average/load average/') (2 cores; other users' builds count)"
echo
/usr/bin/python3 bench/report.py "$work/results.tsv" "$work/micro.json" "$work/sklearn.txt" "$work/onnx.txt"

# bench/common.sh: what bench/run.sh, soak.sh, compare.sh and instructions.sh (and
# tools/reference_walk.sh) share; sourced, not run.
# install_missing CMD:PACKAGE...: installs, from Debian's archive, the package of each
# command not on PATH (plus any names already in $need). build_release: glassbox, the
# httplib peer and micro in Release under build/bench. iris_forest, wait_ready, free_port,
# serve_callgrind, stop_server, cpu_ticks: see each. Background processes added to $pids are
# stopped, and $work removed, when the script exits.

need=${need:-}
install_missing() {
  for pair in "$@"; do
    command -v "${pair%%:*}" >/dev/null 2>&1 || need="$need ${pair#*:}"
  done
  if [ -n "$need" ]; then
    echo "bench: installing$need" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
  fi
}

build_release() {
  cmake -S bench -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/bench -j2 >/dev/null
}

# iris_forest: the one forest every benchmark uses, trained by scikit-learn and pickled
# with joblib ($work/iris.joblib: Flask loads that), converted to $work/iris.bin (glassbox
# and the httplib peer load that). Sets $iris to the training CSV.
iris=examples/data/iris.csv
iris_forest() {
  /usr/bin/python3 bench/train_sklearn.py "$iris" "$work/iris.joblib"
  /usr/bin/python3 tools/sklearn_to_glassbox.py "$work/iris.joblib" -o "$work/iris.bin" --name iris \
    --feature-names "$(head -1 "$iris" | cut -d, -f1-4)" --data "$iris" >/dev/null
}

# wait_ready PORT: up to 20 s for GET /health to answer 200.
wait_ready() {
  i=0
  while [ $i -lt 200 ]; do
    curl -sf "http://127.0.0.1:$1/health" >/dev/null 2>&1 && return 0
    sleep 0.1
    i=$((i + 1))
  done
  echo "bench: nothing answers on 127.0.0.1:$1; logs in $work:" >&2
  tail -n 5 "$work"/*.log >&2
  exit 1
}

# free_port: a port on 127.0.0.1 that nothing listens on now (the kernel picks it).
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# serve_callgrind GLASSBOX ARGS...: 'GLASSBOX serve --threads 1 --quiet ARGS' under valgrind's
# callgrind on a free port; returns once GET /health answers, with $port and $pid set (the
# server is stopped on exit, or by stop_server). Its counts go to $work/cg.out.N whenever
# 'callgrind_control -d $pid' asks (-z first zeroes them): bench/instructions.sh and
# tools/reference_walk.sh measure that way.
serve_callgrind() {
  command -v valgrind >/dev/null || { echo "bench: valgrind is not installed (apt-get install valgrind)." >&2; exit 2; }
  binary=$1
  shift
  port=$(free_port)
  rm -f "$work"/cg.out*
  valgrind --tool=callgrind ${callgrind_options:-} --callgrind-out-file="$work/cg.out" "$binary" serve --port "$port" --threads 1 \
    --quiet "$@" >"$work/callgrind.log" 2>&1 &
  pid=$!
  pids="$pids $pid"
  wait_ready "$port"
}

# stop_server: stops the server serve_callgrind started, and waits for it.
stop_server() {
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  pids=$(echo " $pids " | sed "s/ $pid / /")
}

# cpu_ticks PID...: user + system CPU time of these processes (all threads), in clock ticks.
cpu_ticks() {
  total=0
  for p in "$@"; do
    t=$(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)
    total=$((total + t))
  done
  echo "$total"
}

work=$(mktemp -d)
pids=""
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  for pid in $pids; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

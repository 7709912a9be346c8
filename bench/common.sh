# bench/common.sh: what bench/run.sh, bench/soak.sh and bench/compare.sh share; sourced, not run.
# install_missing CMD:PACKAGE...: installs, from Debian's archive, the package of each
# command not on PATH (plus any names already in $need). build_release: glassbox, the
# httplib peer and micro in Release under build/bench. iris_forest, wait_ready, cpu_ticks:
# see each. Background processes added to $pids are stopped, and $work removed, when the
# script exits.

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

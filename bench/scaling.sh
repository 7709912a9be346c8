#!/bin/sh
# bench/scaling.sh: glassbox's forest predict against ONNX Runtime and scikit-learn as forests grow.
# Course topic: a benchmark on one small model says little about bigger ones. Forests of 10,
# 100 and 500 trees x max_depth 6, 12 and None, on 50 features (bench/scaling.py); each is
# converted to model.bin (tools/sklearn_to_glassbox.py) and exported to ONNX (glassbox
# export), then timed per row, 1 row and 10,000 rows, one thread each, the three runtimes one
# right after the other for each forest (interleaved, so a ratio comes from one moment's load).
# Run by hand (~5-10 min on 2 cores); not part of run.sh. Env: BENCH_REPEATS (3);
# BENCH_MICRO and BENCH_GLASSBOX: a micro and a glassbox already built (then nothing is built).
set -eu
cd "$(dirname "$0")/.."
. bench/common.sh
repeats=${BENCH_REPEATS:-3}
npm_dir=${GLASSBOX_NPM_DIR:-$HOME/.cache/glassbox/npm}
[ -d "$npm_dir/node_modules/onnxruntime-node" ] || sh scripts/install-deps.sh test
micro=${BENCH_MICRO:-build/bench/micro}
glassbox=${BENCH_GLASSBOX:-build/bench/glassbox/glassbox}
if [ -z "${BENCH_MICRO:-}${BENCH_GLASSBOX:-}" ]; then
  # Only what this needs, one job at a time: the machine may be shared.
  cmake -S bench -B build/bench -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build build/bench -j1 --target micro glassbox >/dev/null
fi

/usr/bin/python3 bench/scaling.py data "$work"
: >"$work/runs.txt"
for trees in 10 100 500; do
  for depth in 6 12 None; do
    name=forest_${trees}_${depth}
    echo "bench: $name" >&2
    nodes=$(/usr/bin/python3 bench/scaling.py train "$work" "$trees" "$depth")
    /usr/bin/python3 tools/sklearn_to_glassbox.py "$work/$name.joblib" -o "$work/$name.bin" --name "$name" >/dev/null
    "$glassbox" export "$work/$name.bin" --format onnx -o "$work/$name.onnx" >/dev/null
    load=$(cut -d' ' -f1 /proc/loadavg)
    BENCH_MODEL="$work/$name.bin" BENCH_DATA="$work/rows.csv" "$micro" --benchmark_filter='^forest_predict/' \
      --benchmark_format=json --benchmark_min_time=0.1 --benchmark_repetitions="$repeats" \
      >"$work/$name.micro.json" 2>/dev/null
    BENCH_REPEATS=$repeats BENCH_MIN_SECONDS=0.1 GLASSBOX_NPM_DIR="$npm_dir" \
      node bench/onnx_predict.js "$work/$name.onnx" "$work/rows.csv" 50 >"$work/$name.onnx.txt"
    BENCH_REPEATS=$repeats BENCH_MIN_SECONDS=0.1 \
      /usr/bin/python3 bench/sklearn_predict.py "$work/$name.joblib" "$work/rows.csv" >"$work/$name.sklearn.txt"
    echo "$name $trees $depth $nodes $(wc -c <"$work/$name.bin") $load" >>"$work/runs.txt"
  done
done

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//');" \
  "node $(node --version), onnxruntime-node $(node -p "require('$npm_dir/node_modules/onnxruntime-node/package.json').version")," \
  "$(dpkg-query -W -f='${Package} ${Version}' python3-sklearn)"
echo "CPU time per row, one thread each, fastest of $repeats runs; load: the 1-minute load average as each forest's timings began"
echo "glassbox: its one forest engine (issue 14's second engine does not exist yet)"
echo
/usr/bin/python3 bench/scaling.py report "$work"
echo
echo "uptime at the end: $(uptime)"

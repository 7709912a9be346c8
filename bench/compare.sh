#!/bin/sh
# bench/compare.sh: two glassbox builds on the same machine, taking turns; prints NEW/OLD.
# Course topic: measuring a change, not a machine: on a shared VM the rate moves 10-40%
# between minutes, so the old and the new binary alternate (each round swaps who goes first)
# and only ratios from neighbouring runs count; the median over rounds is the verdict.
# Usage: sh bench/compare.sh OLD_GLASSBOX NEW_GLASSBOX [OLD_MICRO NEW_MICRO]
# Env: BENCH_ROUNDS (3), BENCH_SECONDS (3), BENCH_CONNECTIONS (32), BENCH_THREADS (1; 0 is one
# per core), BENCH_MICRO_FILTER (the micro-benchmarks to time, a regex; default below).
set -eu
if [ $# -ne 2 ] && [ $# -ne 4 ]; then
  echo "usage: sh bench/compare.sh OLD_GLASSBOX NEW_GLASSBOX [OLD_MICRO NEW_MICRO]" >&2
  exit 2
fi
for binary in "$@"; do
  [ -x "$binary" ] || { echo "compare: $binary is not an executable file." >&2; exit 2; }
done
binary_old=$(realpath "$1") binary_new=$(realpath "$2")
micro_old=$(if [ $# -eq 4 ]; then realpath "$3"; fi) micro_new=$(if [ $# -eq 4 ]; then realpath "$4"; fi)
cd "$(dirname "$0")/.."
rounds=${BENCH_ROUNDS:-3}
seconds=${BENCH_SECONDS:-3}
connections=${BENCH_CONNECTIONS:-32}
threads=${BENCH_THREADS:-1}
micro_filter=${BENCH_MICRO_FILTER:-'json_decode_features|drift_record|forest_predict'}
port_old=18021 port_new=18022

. bench/common.sh
command -v wrk >/dev/null 2>&1 || { echo "compare: wrk is missing (apt-get install wrk)." >&2; exit 2; }
iris_forest
hz=$(getconf CLK_TCK)
export BENCH_HZ="$hz"

for which in old new; do
  eval "binary=\$binary_$which port=\$port_$which"
  "$binary" serve --port "$port" --threads "$threads" --quiet --model iris="$work/iris.bin" \
    >"$work/$which.log" 2>&1 &
  pid=$!
  eval "pid_$which=$pid"
  pids="$pids $pid"
  wait_ready "$port"
  # A port already taken answers too, from someone else's server: ours must still be running.
  sleep 0.2
  kill -0 "$pid" 2>/dev/null || {
    echo "compare: the $which server exited (port $port taken?):" >&2
    cat "$work/$which.log" >&2
    exit 1
  }
done

# run_one ROUND SCENARIO ROWS WHICH: one wrk run of BENCH_SECONDS against WHICH (old or new)
# (ROWS 0: GET /health), after an unrecorded warm-up second; appends "round scenario which
# requests/s CPU-µs/request". (sh has no local variables: the callers' loops use other names.)
run_one() {
  round=$1 scenario=$2 rows=$3 which=$4
  eval "port=\$port_$which pid=\$pid_$which"
  BENCH_ROWS=$rows wrk --threads 1 --connections "$connections" --duration 1s --timeout 30s \
    --script bench/request.lua "http://127.0.0.1:$port" >/dev/null 2>&1 || true
  before=$(cpu_ticks "$pid")
  BENCH_ROWS=$rows wrk --threads 1 --connections "$connections" --duration "${seconds}s" --timeout 30s \
    --script bench/request.lua "http://127.0.0.1:$port" >"$work/wrk.out" 2>&1 || {
    cat "$work/wrk.out" >&2
    exit 1
  }
  ticks=$(($(cpu_ticks "$pid") - before))
  # RESULT requests/s p50 p99 non-2xx errors requests wrk-CPU (bench/request.lua)
  set -- $(grep '^RESULT' "$work/wrk.out" || echo none)
  [ $# -eq 8 ] || { echo "compare: wrk gave no result against $which:" >&2; cat "$work/wrk.out" >&2; exit 1; }
  [ "$5" = 0 ] && [ "$6" = 0 ] || { echo "compare: $which answered $5 non-2xx, $6 socket errors." >&2; exit 1; }
  printf '%s\t%s\t%s\t%s\t%s\n' "$round" "$scenario" "$which" "$2" \
    "$(awk -v t="$ticks" -v hz="$hz" -v n="$7" 'BEGIN { printf "%.2f", t * 1e6 / hz / n }')" >>"$work/wrk.tsv"
  echo "compare: round $round, $scenario, $which: $2 requests/s" >&2
}

# Odd rounds run old first, even rounds new first: a machine growing busier or quieter
# during a round then favours neither.
order() { if [ $(($1 % 2)) -eq 1 ]; then echo old new; else echo new old; fi; }

: >"$work/wrk.tsv"
round=1
while [ "$round" -le "$rounds" ]; do
  for pair in health:0 predict_1:1 predict_100:100; do
    for side in $(order "$round"); do run_one "$round" "${pair%%:*}" "${pair#*:}" "$side"; done
  done
  round=$((round + 1))
done
for pid in $pids; do kill "$pid" 2>/dev/null || true; done
for pid in $pids; do wait "$pid" 2>/dev/null || true; done
pids=""

# The micro-benchmarks, with both servers stopped, taking turns the same way.
if [ -n "$micro_old" ]; then
  round=1
  while [ "$round" -le "$rounds" ]; do
    for side in $(order "$round"); do
      eval "micro=\$micro_$side"
      BENCH_MODEL="$work/iris.bin" BENCH_DATA="$iris" "$micro" --benchmark_filter="$micro_filter" \
        --benchmark_format=json --benchmark_min_time=0.2 --benchmark_repetitions=3 \
        >"$work/micro-$side-$round.json" 2>/dev/null
      echo "compare: round $round, micro-benchmarks, $side" >&2
    done
    round=$((round + 1))
  done
fi

echo "old: $binary_old"
echo "new: $binary_new"
echo "$rounds rounds; wrk ${seconds}s per run, 1 thread, $connections connections; glassbox --threads $threads;" \
  "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
/usr/bin/python3 bench/compare_report.py "$work/wrk.tsv" "$work"

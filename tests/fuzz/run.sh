#!/bin/sh
# tests/fuzz/run.sh SECONDS: build the libFuzzer targets with clang++-14 and run each one
# for SECONDS (default 60) under ASan+UBSan, two at a time (the machine has 2 cores).
# Seeds come from tests/fuzz/corpus/<target>/ (read only); new inputs go to a temp dir.
# Exits non-zero if any target crashes; the crashing input is kept in build/fuzz/crashes/.
set -eu
cd "$(dirname "$0")/../.."
seconds=${1:-60}
case $seconds in '' | *[!0-9]*) echo "usage: sh tests/fuzz/run.sh [SECONDS]" >&2; exit 2 ;; esac

need=""
command -v clang++-14 >/dev/null 2>&1 || need="$need clang-14"
ls /usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 || need="$need libclang-rt-14-dev"
command -v cmake >/dev/null 2>&1 || need="$need cmake"
command -v ninja >/dev/null 2>&1 || need="$need ninja-build"
[ -e /usr/include/nlohmann/json.hpp ] || need="$need nlohmann-json3-dev"
if [ -n "$need" ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi

CXX=clang++-14 cmake -S tests/fuzz -B build/fuzz -G Ninja >/dev/null
cmake --build build/fuzz -j2

work=$(mktemp -d)
pids=""
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
mkdir -p build/fuzz/crashes

# run_target NAME: fuzz one target for $seconds; its log goes to $work/NAME.log.
run_target() {
  mkdir -p "$work/$1"
  ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
    "build/fuzz/$1_fuzz" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -print_final_stats=1 -artifact_prefix="build/fuzz/crashes/$1-" \
    "$work/$1" "tests/fuzz/corpus/$1" >"$work/$1.log" 2>&1
}

failed=0
# report NAME STATUS: one line per target, and the log's tail on failure.
report() {
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work/$1.log" | grep -o '[0-9]*$' || echo "?")
  if [ "$2" -eq 0 ]; then
    echo "fuzz $1: ok, $runs inputs in ${seconds}s"
  else
    echo "fuzz $1: FAILED (exit $2); input saved under build/fuzz/crashes/"
    tail -n 40 "$work/$1.log"
    failed=1
  fi
}

set -- request_parser chunked_decoder router model_loader model_trees predictions_json onnx_import accept inspect_formats
while [ $# -gt 0 ]; do
  first=$1; shift
  run_target "$first" & pid1=$!
  pids="$pid1"
  second=""
  if [ $# -gt 0 ]; then
    second=$1; shift
    run_target "$second" & pid2=$!
    pids="$pid1 $pid2"
  fi
  status=0; wait "$pid1" || status=$?
  report "$first" "$status"
  if [ -n "$second" ]; then
    status=0; wait "$pid2" || status=$?
    report "$second" "$status"
  fi
  pids=""
done
exit "$failed"

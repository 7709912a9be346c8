#!/bin/sh
# bench/soak.sh SECONDS: glassbox under full load for a bounded time, while models change.
# Course topic: a server must keep answering while its model is replaced and attacked:
# wrk at full load on POST /models/iris/predictions, 1000 idle connections, a valid PUT
# /models/iris every 100 ms and a corrupted one every second. Then: non-2xx predictions
# (must be 0), PUT answers that were not what they should be, and RSS at start and end.
set -eu
cd "$(dirname "$0")/.."
seconds=${1:-60}
case $seconds in '' | *[!0-9]* | 0 | 1 | 2 | 3 | 4) echo "usage: sh bench/soak.sh [SECONDS >= 5]" >&2; exit 2 ;; esac
port=18011

. bench/common.sh
install_missing wrk:wrk curl:curl cmake:cmake ninja:ninja-build
build_release

# A second valid model (different trees, same features and classes) and a corrupted copy:
# one byte in the middle of the trees flipped, so only the checksum can tell.
build/bench/glassbox/glassbox train --data examples/data/iris.csv --target species --kind forest \
  --trees 20 --seed 7 --name iris -o "$work/other.bin" >/dev/null
cp model.bin "$work/corrupt.bin"
size=$(wc -c <model.bin)
printf '\377' | dd of="$work/corrupt.bin" bs=1 seek=$((size / 2)) conv=notrunc status=none

ulimit -n 8192
build/bench/glassbox/glassbox serve --port "$port" --quiet --model iris=model.bin \
  --idle-timeout $((seconds + 60)) >"$work/server.log" 2>&1 &
server=$!
pids="$pids $server"
i=0
until curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1; do
  i=$((i + 1))
  [ $i -lt 200 ] || { echo "soak: the server did not start:" >&2; cat "$work/server.log" >&2; exit 1; }
  sleep 0.1
done

rss() { awk '/^VmRSS:/ { print $2 }' "/proc/$server/status"; }

/usr/bin/python3 bench/idle_connections.py "$port" 1000 "$seconds" >"$work/idle.out" 2>&1 &
pids="$pids $!"
idle=$!
BENCH_ROWS=1 wrk --threads 1 --connections 32 --duration "${seconds}s" --timeout 10s \
  --script bench/request.lua "http://127.0.0.1:$port" >"$work/wrk.out" 2>&1 &
load=$!
pids="$pids $load"

# Valid PUTs alternate two models, so each really replaces the one being served; a
# corrupted one goes in every second. Both stop a second early so their answers come in:
# that makes 10 valid and 1 corrupted PUT for each of those seconds, checked below.
put_seconds=$((seconds - 1))
valid_expected=$((10 * put_seconds)) corrupt_expected=$put_seconds
/usr/bin/python3 bench/put_models.py "$port" "$put_seconds" 0.1 "$work/put_valid.out" model.bin "$work/other.bin" &
valid_loop=$!
pids="$pids $valid_loop"
/usr/bin/python3 bench/put_models.py "$port" "$put_seconds" 1 "$work/put_corrupt.out" "$work/corrupt.bin" &
corrupt_loop=$!
pids="$pids $corrupt_loop"

sleep 2
rss_start=$(rss)
sleep $((seconds - 3))
rss_end=$(rss)
wait "$load"
wait "$idle"
wait "$valid_loop"
wait "$corrupt_loop"

result=$(grep '^RESULT' "$work/wrk.out" || echo "RESULT 0 0 0 -1 -1 0")
set -- $result
rps=$2 non2xx=$5 socket_errors=$6 requests=$7
valid_total=$(wc -l <"$work/put_valid.out")
valid_bad=$(grep -cv '^20[01]$' "$work/put_valid.out" || true)
corrupt_total=$(wc -l <"$work/put_corrupt.out")
corrupt_bad=$(grep -cv '^4[0-9][0-9]$' "$work/put_corrupt.out" || true)
growth=$(awk -v a="$rss_start" -v b="$rss_end" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')

echo "soak: ${seconds}s, predict 1 row keep-alive, 32 connections, plus 1000 idle ones"
echo "  predictions:        $requests answered, $rps/s, non-2xx $non2xx, socket errors $socket_errors"
codes() { sort "$1" | uniq -c | awk '{ printf "%s%s x%s", sep, $2, $1; sep = ", " }'; }
echo "  valid PUTs:         $valid_total sent (every 100 ms: $valid_expected), $valid_bad not answered 200/201 ($(codes "$work/put_valid.out"))"
echo "  corrupted PUTs:     $corrupt_total sent (every second: $corrupt_expected), $corrupt_bad not answered 4xx ($(codes "$work/put_corrupt.out"))"
echo "  $(cat "$work/idle.out")"
echo "  server RSS:         ${rss_start} KiB at start, ${rss_end} KiB at end (${growth}%)"
kill -0 "$server" 2>/dev/null || { echo "soak: FAILED: the server died" >&2; exit 1; }
ok=$(awk -v g="$growth" 'BEGIN { print (g <= 10.0) ? 1 : 0 }')
if [ "$non2xx" != 0 ] || [ "$socket_errors" != 0 ] || [ "$valid_bad" != 0 ] || [ "$corrupt_bad" != 0 ] || [ "$ok" != 1 ] ||
  [ "$valid_total" != "$valid_expected" ] || [ "$corrupt_total" != "$corrupt_expected" ]; then
  echo "soak: FAILED" >&2
  exit 1
fi
echo "soak: ok"

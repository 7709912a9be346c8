#!/bin/sh
# deploy/loopback-cluster.sh: three glassbox instances behind nginx on loopback, under wrk
# load, through a crash, a draining stop and a rolling model update (issue 18).
# Course topic: production around the server: what clients see while instances fail.
# Usage: sh deploy/loopback-cluster.sh [--short] [--glassbox PATH]
#   --short: 3 s of load per scenario (the test suite runs this); default 20 s.
# Prints a summary and exits 0 only with zero failed predictions in every scenario.
# Prometheus scrapes the three instances all along; at the end it must count exactly the
# predictions sent in a last quiet phase.
# Needs nginx (nginx-light), wrk, prometheus, curl and python3 (scripts/install-deps.sh test).
# port_N, pid_N (instance N's), p and url are assigned through eval:
# shellcheck disable=SC2154
set -eu

usage() { sed -n '2,8s/^# \{0,1\}//p' "$0"; }

short=0
glassbox=""
while [ $# -gt 0 ]; do
    case $1 in
    --short) short=1 ;;
    --glassbox)
        [ $# -ge 2 ] || { echo "cluster: --glassbox needs a path" >&2; exit 2; }
        glassbox=$2
        shift
        ;;
    -h | --help) usage; exit 0 ;;
    *) echo "cluster: '$1' is not an option (see --help)" >&2; exit 2 ;;
    esac
    shift
done

# Run from the repository root: the instances serve ./model.bin, wrk reads deploy/cluster.lua.
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
[ -n "$glassbox" ] || glassbox=build/test/glassbox
case $glassbox in /*) ;; *) glassbox=$root/$glassbox ;; esac
[ -x "$glassbox" ] || { echo "cluster: no glassbox binary at $glassbox (build it, or give --glassbox)" >&2; exit 2; }
for tool in nginx wrk prometheus curl python3; do
    command -v "$tool" >/dev/null 2>&1 || {
        echo "cluster: $tool is missing: sh scripts/install-deps.sh test installs it" >&2
        exit 2
    }
done

if [ "$short" = 1 ]; then seconds=3; limit=90; else seconds=20; limit=600; fi
connections=16 # wrk's kept-alive connections (2 threads)

# Everything this script starts is in $pids (and nginx's master in $nginx_pid); the EXIT
# trap stops each of them by its own id, whatever way the script ends.
work=$(mktemp -d /tmp/glassbox-cluster.XXXXXX)
chmod 755 "$work" # nginx's worker runs as nobody when started by root: it must reach its temp dirs
pids=""
nginx_pid=""
watchdog=""
cleanup() {
    status=$?
    trap - EXIT INT TERM HUP
    [ -z "$watchdog" ] || kill "$watchdog" 2>/dev/null || true
    [ -z "$nginx_pid" ] || kill -TERM "$nginx_pid" 2>/dev/null || true
    for pid in $pids; do kill -KILL "$pid" 2>/dev/null || true; done
    for pid in $nginx_pid $pids; do wait "$pid" 2>/dev/null || true; done
    if [ "$status" != 0 ] && [ -d "$work" ]; then
        echo "cluster: failed (status $status); the last lines of each log:" >&2
        for log in "$work"/*.log "$work"/nginx/error.log; do
            [ -f "$log" ] && { echo "== $log" >&2; tail -n 5 "$log" >&2; }
        done
    fi
    rm -rf "$work"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
# The whole run is bounded: past $limit seconds the script stops itself (and cleans up).
(
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$limit" &
    sleeper=$!
    wait "$sleeper"
    echo "cluster: still running after $limit s: stopping" >&2
    kill -TERM $$
) </dev/null >/dev/null 2>&1 &
watchdog=$!

say() { printf 'cluster: %s\n' "$*"; }
fail() {
    printf 'cluster: FAILED: %s\n' "$*" >&2
    exit 1
}
free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_instance I PORT [ARGS...]: glassbox serve as instance I on PORT (0: the kernel picks,
# read back from its start-up line); sets port_I and pid_I. Its access log goes to gI.log.
start_instance() {
    i=$1
    port=$2
    shift 2
    : >"$work/g$i.out"
    "$glassbox" serve --port "$port" --threads 1 --drain-seconds 2 --trusted-proxy 127.0.0.1 "$@" \
        >"$work/g$i.out" 2>>"$work/g$i.log" </dev/null &
    pid=$!
    pids="$pids $pid"
    eval "pid_$i=$pid"
    tries=0
    until grep -q 'serving on' "$work/g$i.out"; do
        tries=$((tries + 1))
        [ "$tries" -le 100 ] || fail "instance $i did not start (see its log)"
        kill -0 "$pid" 2>/dev/null || fail "instance $i exited at start: $(tail -n 2 "$work/g$i.log")"
        sleep 0.1
    done
    eval "port_$i=$(sed -n 's|.*serving on http://127.0.0.1:\([0-9]*\)/.*|\1|p' "$work/g$i.out")"
}

# get URL: the body; status URL: the status code (bounded: a hung server fails the run).
get() { curl -sS --max-time 5 "$1"; }
status() { curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$1" || true; }
etag() { curl -sS --max-time 5 -o /dev/null -D - "$1" | sed -n 's/^[Ee][Tt]ag: *\(.*\)\r$/\1/p'; }
predict() {
    curl -sS --max-time 5 -H 'Content-Type: application/json' \
        --data '{"features":[[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3],[5.9,3.0,4.2,1.5],[6.3,2.8,5.1,1.5]]}' "$1"
}

# load NAME URL SECONDS: wrk in the background, its output in NAME.wrk; sets wrk_pid.
load() {
    wrk -t2 -c"$connections" -d"$3"s --timeout 5s -s deploy/cluster.lua "$2" >"$work/$1.wrk" 2>&1 </dev/null &
    wrk_pid=$!
    pids="$pids $wrk_pid"
}
# finish NAME: waits for wrk, then sets requests, rate, failed (non-2xx + socket errors),
# old, new, other from its CLUSTER line.
finish() {
    wait "$wrk_pid" || fail "wrk failed in $1: $(cat "$work/$1.wrk")"
    line=$(grep '^CLUSTER ' "$work/$1.wrk") || fail "no result from wrk in $1: $(cat "$work/$1.wrk")"
    # shellcheck disable=SC2086 # split into its fields on purpose
    set -- $line
    requests=$2 rate=$3 failed=$(($4 + $5)) old=$6 new=$7 other=$8
}
summary=""
record() { summary="$summary$(printf '%-42s %9s %10s %7s' "$1" "$requests" "$rate" "$failed")
"; }
lines() { wc -l <"$1" | tr -d ' '; }
# rows_served: the rows predicted so far, the sum of glassbox_predictions_total over the
# three instances' own GET /metrics.
rows_served() {
    for i in 1 2 3; do
        eval "get http://127.0.0.1:\$port_$i/metrics"
    done | awk '/^glassbox_predictions_total\{/ { n += $2 } END { printf "%d\n", n }'
}
# rows_scraped: the same sum as Prometheus has it from its last scrapes ("none" before one).
rows_scraped() {
    curl -sS --max-time 5 -G --data-urlencode 'query=sum(glassbox_predictions_total{job="glassbox"})' \
        "http://127.0.0.1:$prometheus_port/api/v1/query" |
        python3 -c 'import json, sys; r = json.load(sys.stdin)["data"]["result"]; print(int(float(r[0]["value"][1])) if r else "none")' ||
        echo none
}
# until_scraped N: waits (at most 20 s) until Prometheus's sum is N.
until_scraped() {
    tries=0
    until [ "$(rows_scraped)" = "$1" ]; do
        tries=$((tries + 1))
        [ "$tries" -le 100 ] || fail "Prometheus counts $(rows_scraped) rows after 20 s, the instances $1: $(tail -n 3 "$work/prometheus.log")"
        sleep 0.2
    done
}

# --- the cluster ---------------------------------------------------------------------
for i in 1 2 3; do start_instance "$i" 0; done
nginx_port=$(free_port)
mkdir -p "$work/nginx/tmp"
chmod 1777 "$work/nginx/tmp"
servers=""
for i in 1 2 3; do
    eval "p=\$port_$i"
    servers="$servers        server 127.0.0.1:$p max_fails=1 fail_timeout=2s;\\
"
done
sed -e "s|@LISTEN@|127.0.0.1:$nginx_port|" -e "s|@TEMP@|$work/nginx/tmp|" -e "s|^@SERVERS@|$servers|" \
    deploy/nginx/glassbox.conf.in >"$work/nginx/nginx.conf"
nginx -p "$work/nginx" -e "$work/nginx/error.log" -c "$work/nginx/nginx.conf" -g 'daemon off;' \
    </dev/null >"$work/nginx.out" 2>&1 &
nginx_pid=$!
tries=0
until [ "$(status "http://127.0.0.1:$nginx_port/health/ready")" = 200 ]; do
    tries=$((tries + 1))
    [ "$tries" -le 50 ] || fail "nginx did not answer on port $nginx_port: $(cat "$work/nginx.out")"
    sleep 0.1
done
front=http://127.0.0.1:$nginx_port

# Prometheus, with the shipped scrape config (deploy/prometheus/) aimed at these three ports
# and asked every second; its own port and storage. A restarted instance keeps its port, so
# the targets hold for the whole run.
targets="'127.0.0.1:$port_1', '127.0.0.1:$port_2', '127.0.0.1:$port_3'"
mkdir -p "$work/prometheus"
sed -e "s|'127.0.0.1:8001', '127.0.0.1:8002', '127.0.0.1:8003'|$targets|" \
    -e 's|scrape_interval: 15s|scrape_interval: 1s|' deploy/prometheus/prometheus.yml >"$work/prometheus/prometheus.yml"
cp deploy/prometheus/alerts.yml "$work/prometheus/"
prometheus_port=$(free_port)
prometheus --config.file="$work/prometheus/prometheus.yml" --storage.tsdb.path="$work/prometheus/data" \
    --web.listen-address="127.0.0.1:$prometheus_port" </dev/null >"$work/prometheus.log" 2>&1 &
pids="$pids $!"
say "3 instances on ports $port_1 $port_2 $port_3, nginx on $nginx_port; $seconds s of load per scenario"
# The instances see nginx as the peer and believe its X-Forwarded-For (--trusted-proxy).
predict "$front/models/iris/predictions" >/dev/null
say "an access-log line behind the proxy: $(cat "$work"/g*.log | grep -m1 'via proxy.* POST ' || echo none)"

# --- 0: the cost of the proxy: one instance direct, then three behind nginx ----------
load direct "http://127.0.0.1:$port_1/models/iris/predictions" "$seconds"
finish direct
direct_rate=$rate
record "one instance, direct"
load proxied "$front/models/iris/predictions" "$seconds"
finish proxied
proxied_rate=$rate
record "three instances behind nginx"
[ "$failed" = 0 ] || fail "$failed failed predictions with every instance healthy"

# --- a: SIGKILL one instance mid-run, then start it again on its port -----------------
load kill "$front/models/iris/predictions" "$seconds"
sleep "$(echo "$seconds" | awk '{print $1 / 3}')"
kill -KILL "$pid_1"
wait "$pid_1" 2>/dev/null || true
sleep 0.5
start_instance 1 "$port_1"
finish kill
record "a: SIGKILL + restart of instance 1"
[ "$failed" = 0 ] || fail "$failed failed predictions while instance 1 was killed"
# Recovery: once nginx's fail_timeout (2 s) has passed, the restarted instance gets its share.
before=$(lines "$work/g1.log")
load recovered "$front/models/iris/predictions" "$seconds"
finish recovered
record "a: after the restart"
[ "$failed" = 0 ] || fail "$failed failed predictions after the restart"
recovered_served=$(($(lines "$work/g1.log") - before))
[ "$recovered_served" -gt 0 ] || fail "nginx sent nothing to instance 1 after its restart"
recovered_rate=$rate

# --- b: SIGTERM one instance: it drains (--drain-seconds 2), then exits 0 --------------
load drain "$front/models/iris/predictions" "$seconds"
sleep "$(echo "$seconds" | awk '{print $1 / 3}')"
at_term=$(lines "$work/g2.log")
kill -TERM "$pid_2"
drain_status=0
wait "$pid_2" || drain_status=$?
drained=$(($(lines "$work/g2.log") - at_term))
finish drain
record "b: SIGTERM (drain) of instance 2"
[ "$drain_status" = 0 ] || fail "instance 2 exited with status $drain_status after SIGTERM, not 0"
[ "$failed" = 0 ] || fail "$failed failed predictions while instance 2 drained"
start_instance 2 "$port_2"

# --- c: rolling model update, one instance at a time, PUT with If-Match ---------------
"$glassbox" train --data examples/data/iris.csv --target species --kind logistic \
    -o "$work/new.bin" >/dev/null
old_answer=$(predict "http://127.0.0.1:$port_1/models/iris/predictions")
old_tag=$(etag "http://127.0.0.1:$port_1/models/iris")
# The new model's answer and ETag, from a scratch instance serving only it.
start_instance 4 0 --model "iris=$work/new.bin"
new_answer=$(predict "http://127.0.0.1:$port_4/models/iris/predictions")
new_tag=$(etag "http://127.0.0.1:$port_4/models/iris")
kill -TERM "$pid_4"
wait "$pid_4" || true
[ "$old_answer" != "$new_answer" ] || fail "the old and the new model answer alike: the check would prove nothing"
CLUSTER_OLD=$old_answer CLUSTER_NEW=$new_answer
export CLUSTER_OLD CLUSTER_NEW
load rolling "$front/models/iris/predictions" "$seconds"
step=$(echo "$seconds" | awk '{print $1 / 4}')
for i in 1 2 3; do
    sleep "$step"
    eval "url=http://127.0.0.1:\$port_$i/models/iris"
    tag=$(etag "$url")
    code=$(curl -s -o "$work/put$i.json" -w '%{http_code}' --max-time 10 -X PUT \
        -H 'Content-Type: application/octet-stream' -H "If-Match: $tag" \
        --data-binary "@$work/new.bin" "$url") || true
    [ "$code" = 200 ] || fail "PUT to instance $i answered $code: $(cat "$work/put$i.json")"
    # The same PUT again with the tag that was just replaced: 412, nothing changes.
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 10 -X PUT \
        -H 'Content-Type: application/octet-stream' -H "If-Match: $tag" \
        --data-binary "@$work/new.bin" "$url") || true
    [ "$code" = 412 ] || fail "a PUT with a stale If-Match to instance $i answered $code, not 412"
done
finish rolling
unset CLUSTER_OLD CLUSTER_NEW
record "c: rolling update (old/new: $old/$new)"
[ "$failed" = 0 ] || fail "$failed failed predictions during the rolling update"
[ "$other" = 0 ] || fail "$other answers were from neither the old nor the new model"
for i in 1 2 3; do
    eval "url=http://127.0.0.1:\$port_$i/models/iris"
    tag=$(etag "$url")
    [ "$tag" = "$new_tag" ] || fail "instance $i serves ETag $tag, not the new model's $new_tag"
done

# --- d: Prometheus counts what the clients sent --------------------------------------
# With no load running, Prometheus first catches up with the instances' own counters; then
# a known number of predictions go through nginx, and its sum must grow by exactly that.
before=$(rows_served)
until_scraped "$before"
sent=25
n=0
while [ "$n" -lt "$sent" ]; do
    predict "$front/models/iris/predictions" >/dev/null || fail "prediction $n through nginx failed"
    n=$((n + 1))
done
after=$((before + 4 * sent))
[ "$(rows_served)" = "$after" ] || fail "the instances count $(rows_served) rows, not $after"
until_scraped "$after"

# --- summary ----------------------------------------------------------------------------
echo
printf '%-42s %9s %10s %7s\n' scenario requests "requests/s" failed
printf '%s' "$summary"
echo
say "proxy cost: three instances behind nginx $proxied_rate/s against one direct $direct_rate/s (same run, 2 shared cores)"
say "after the SIGKILL: the restarted instance 1 answered $recovered_served of the next run's requests; rate $recovered_rate/s"
say "the SIGTERM: instance 2 answered $drained requests while draining, then exited 0"
say "rolling update: $old answers from the old model ($old_tag), $new from the new ($new_tag), 0 mixed"
say "every instance ends on $new_tag"
say "Prometheus: sum(glassbox_predictions_total) went from $before to $after rows: the $sent requests of 4 rows sent"
say "0 failed predictions"
